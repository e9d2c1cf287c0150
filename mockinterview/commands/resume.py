"""`mockinterview resume`: continue an interrupted session with its remaining questions."""

from __future__ import annotations

import argparse

from mockinterview.bank import load_bank
from mockinterview.commands.common import add_command, info
from mockinterview.commands.practice import (add_run_args, build_capture, mode_of,
                                             recordings_dir, run_session,
                                             settings_with_flags)
from mockinterview.errors import SessionError
from mockinterview.sessions import Session, find_session, read_manifest, session_dirs


def register(sub: argparse._SubParsersAction) -> None:
    p = add_command(sub, "resume", help="continue an interrupted session",
                    description="Continue an interrupted session: finished answers are kept, "
                                "an answer cut off by a crash keeps its partial recording "
                                "(*.interrupted.wav) and is asked again, then the remaining "
                                "questions follow. Default: the latest unfinished session.")
    p.add_argument("session", nargs="?", metavar="SESSION",
                   help="session folder name, unique prefix or path")
    add_run_args(p)
    p.set_defaults(func=run)


def latest_unfinished(args: argparse.Namespace):
    for folder in session_dirs(recordings_dir(args)):
        manifest = read_manifest(folder)
        if manifest and manifest.get("status") != "complete":
            return folder
    raise SessionError("no unfinished session to resume (see `mockinterview sessions`)")


def run(args: argparse.Namespace) -> int:
    folder = (find_session(recordings_dir(args), args.session) if args.session
              else latest_unfinished(args))
    session = Session.open(folder)
    if session.manifest.get("status") == "complete" or not session.remaining():
        raise SessionError(f"session {folder.name} is already complete")
    kept = session.recover_interrupted()
    for path in kept:
        info(f"Kept the interrupted recording {path.name}; that question is asked again.")
    bank_ref = session.manifest.get("bank_path") or session.manifest.get("bank")
    bank = load_bank(bank_ref)
    mode = mode_of(args) if (args.typed or args.answers_from) else session.manifest.get(
        "mode", "spoken")
    if mode == "files" and not args.answers_from:
        raise SessionError("this session took its answers from files: give --answers-from DIR")
    remaining = len(session.remaining())
    settings = settings_with_flags(args)
    screen, capture, loader = build_capture(args, settings, mode,
                                            skip=len(session.questions) - remaining,
                                            remaining=remaining)
    info(f"Resuming {folder.name}: {remaining} of {len(session.questions)} questions left.")
    session.manifest["status"] = "in_progress"
    session.save()
    return run_session(args, bank, session, settings, screen, capture, loader, welcome=False)

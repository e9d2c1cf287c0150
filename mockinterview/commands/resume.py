"""`mockinterview resume`: continue an interrupted session with its remaining questions."""

from __future__ import annotations

import argparse

from mockinterview.bank import Bank
from mockinterview.commands.common import add_command, info, recordings_of
from mockinterview.commands.practice import (add_run_args, build_capture, make_voice,
                                             mode_of, run_session,
                                             settings_with_flags)
from mockinterview.errors import MockInterviewError, SessionError
from mockinterview.settings import settings_from_dict
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
    for folder in session_dirs(recordings_of(args)):
        manifest = read_manifest(folder)
        if manifest and manifest.get("status") != "complete":
            return folder
    raise SessionError("no unfinished session to resume (see `mockinterview sessions`)")


def run(args: argparse.Namespace) -> int:
    folder = (find_session(recordings_of(args), args.session) if args.session
              else latest_unfinished(args))
    session = Session.open(folder)
    if session.manifest.get("status") == "complete":
        raise SessionError(f"session {folder.name} is already complete")
    bank = load_session_bank(session)  # before anything in the folder changes
    kept = session.recover_interrupted()
    for path in kept:
        info(f"Kept the interrupted recording {path.name}; that question is asked again.")
    mode = mode_of(args) if (args.typed or args.answers_from) else session.manifest.get(
        "mode", "spoken")
    if mode == "files" and not args.answers_from:
        raise SessionError("this session took its answers from files: give --answers-from DIR")
    # The session's own settings, then today's flags.
    try:
        stored = settings_from_dict(session.manifest.get("settings") or {}, folder.name)
    except MockInterviewError:
        stored = None
    settings = settings_with_flags(args, stored)
    remaining = len(session.remaining())
    # Answer files already used (one per attempt), and the attempts still owed.
    given = sum(session.answered_attempts(q["index"]) for q in session.questions)
    owed = sum(max(session.attempts_wanted - session.answered_attempts(i), 1)
               for i in session.remaining())
    screen, capture, loader = build_capture(args, settings, mode, skip=given,
                                            remaining=owed)
    voice = make_voice(args, settings)
    info(f"Resuming {folder.name}: {remaining} of {len(session.questions)} questions left.")
    session.manifest["status"] = "in_progress"
    session.manifest["mode"] = mode
    session.save()
    return run_session(args, bank, session, settings, screen, capture, loader, voice,
                       welcome=False)


def load_session_bank(session: Session) -> Bank:
    """The session's bank, found by its id among the known banks (the manifest's bank_path
    is only a hint: a path outside them is never opened)."""
    from mockinterview.sessioncheck import find_session_bank

    return find_session_bank(session.manifest, str(session.folder / "session.json"))

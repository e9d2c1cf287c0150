"""`mockinterview sessions`: list or delete past sessions."""

from __future__ import annotations

import argparse
import shutil
import sys

from mockinterview.commands.common import (add_command, add_recordings_arg, info, print_json,
                                          recordings_of)
from mockinterview.errors import MockInterviewError, SessionError
from mockinterview.sessions import find_session, read_manifest, session_dirs


def register(sub: argparse._SubParsersAction) -> None:
    p = add_command(
        sub, "sessions", help="list or delete past sessions",
        description="List past sessions, newest first: date, bank, questions answered of "
                    "those asked, average score and status.\n\n"
                    "  mockinterview sessions              the list\n"
                    "  mockinterview sessions delete NAME  delete one (asks first)")
    p.add_argument("--json", action="store_true", help="print the list as JSON")
    add_recordings_arg(p)
    p.set_defaults(func=run_list)
    actions = p.add_subparsers(dest="action", metavar="ACTION", title="actions")
    d = add_command(
        actions, "delete", help="delete a session folder and its recordings",
        description="Delete one session: its folder with the recordings, transcripts, "
                    "analyses and reports. Asks for confirmation first; without a terminal "
                    "it refuses unless --yes is given.")
    d.add_argument("session", metavar="SESSION",
                   help="session folder name, a unique prefix of it, or a path")
    d.add_argument("--yes", "-y", action="store_true", help="delete without asking")
    add_recordings_arg(d, nested=True)
    d.set_defaults(func=run_delete)


def session_rows(recordings) -> list[dict]:
    """One summary per session folder, newest first; unreadable ones are listed as such."""
    folders = session_dirs(recordings)
    if not folders:
        return []
    from mockinterview.report.views import load_review
    from mockinterview.session_reader import session_start

    rows = []
    for folder in folders:
        try:
            r = load_review(folder)
        except MockInterviewError as exc:
            manifest = read_manifest(folder) or {}
            started = session_start(folder, manifest)
            rows.append({"id": folder.name, "path": str(folder),
                         "date": started.strftime("%Y-%m-%d %H:%M") if started else "",
                         "bank": manifest.get("bank"), "asked": None, "answered": None,
                         "average_score": None, "status": "unreadable", "problem": str(exc)})
            continue
        started = r.started
        rows.append({"id": r.id, "path": str(folder),
                     "date": started.strftime("%Y-%m-%d %H:%M") if started else "",
                     "bank": r.bank, "asked": r.asked, "answered": len(r.answered),
                     "average_score": r.average_score, "status": r.status})
    return rows


def run_list(args: argparse.Namespace) -> int:
    recordings = recordings_of(args)
    rows = session_rows(recordings)
    if args.json:
        print_json(rows)
        return 0
    if not rows:
        info(f"No sessions yet in {recordings}; start one with `mockinterview practice`.")
        return 0
    from mockinterview.report.common import num
    from mockinterview.report.text import table

    lines = [("Date", "Session", "Bank", "Answered", "Avg score", "Status")]
    for r in rows:
        answered = f"{r['answered']}/{r['asked']}" if r["asked"] is not None else "?"
        lines.append((r["date"], r["id"], str(r["bank"] or "?"), answered,
                      num(r["average_score"]), r["status"].replace("_", " ")))
    print("\n".join(table(lines, right={3, 4})))
    return 0


def run_delete(args: argparse.Namespace) -> int:
    if not args.session.strip():
        raise SessionError("give the session to delete (see `mockinterview sessions`)")
    folder = find_session(recordings_of(args), args.session)
    manifest = read_manifest(folder) or {}
    n = len(manifest.get("questions") or [])
    if not args.yes:
        if not sys.stdin.isatty():
            raise SessionError(f"not deleting {folder.name}: there is no terminal to confirm "
                               "on. Add --yes to delete without asking.")
        reply = input(f"Delete session {folder.name} ({n} questions, with its recordings)? "
                      "[y/N] ")
        if reply.strip().lower() not in ("y", "yes"):
            info("Not deleted.")
            return 1
    try:
        shutil.rmtree(folder)
    except OSError as exc:
        raise SessionError(f"could not delete {folder}: {exc.strerror or exc}") from None
    info(f"Deleted {folder}")
    return 0

"""`mockinterview sessions`: list, delete, export or import sessions."""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

from mockinterview.commands.common import (add_command, add_recordings_arg, info, print_json,
                                          recordings_of)
from mockinterview.errors import MockInterviewError, SessionError
from mockinterview.sessions import find_session, read_manifest, session_dirs


def register(sub: argparse._SubParsersAction) -> None:
    p = add_command(
        sub, "sessions", help="list, delete, export or import sessions",
        description="List past sessions, newest first: date, bank, questions answered of "
                    "those asked, average score and status.\n\n"
                    "  mockinterview sessions                      the list\n"
                    "  mockinterview sessions delete NAME          delete one (asks first)\n"
                    "  mockinterview sessions export NAME          one zip to share or keep\n"
                    "  mockinterview sessions import FILE.zip      add a shared session")
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
    register_archive_actions(actions)


def register_archive_actions(actions: argparse._SubParsersAction) -> None:
    """`sessions export` and `sessions import` (mockinterview/archive.py does the work)."""
    e = add_command(
        actions, "export", help="write a session as one zip file to share or keep",
        description="Write one session as a zip file: its manifest, transcripts, analyses\n"
                    "and recordings, with a README saying what it is. The file is written\n"
                    "atomically and readable by you only (0600): it holds personal data.\n\n"
                    "  mockinterview sessions export 20250101-0930 --out coach.zip\n"
                    "  mockinterview sessions export 20250101-0930 --no-audio")
    e.add_argument("session", metavar="SESSION",
                   help="session folder name, a unique prefix of it, or a path")
    e.add_argument("--out", "-o", metavar="FILE.zip",
                   help="where to write the zip (default: <session id>.zip here)")
    e.add_argument("--no-audio", action="store_true",
                   help="leave the recordings out (transcripts and feedback only)")
    add_recordings_arg(e, nested=True)
    e.set_defaults(func=run_export)
    i = add_command(
        actions, "import", help="add a session from a zip made by `sessions export`",
        description="Add a session from a zip made by `sessions export`.\n\n"
                    "Everything is checked before anything is written: member names, links\n"
                    "and devices, duplicates, sizes and compression (zip bombs), the number\n"
                    "of members, the manifest, every JSON file and every WAV header. The\n"
                    "session is unpacked into a temporary folder and renamed into place\n"
                    "(0700, files 0600), so a failed import leaves nothing behind. A session\n"
                    "that exists already is never overwritten (see --new-id). Asks first;\n"
                    "without a terminal it refuses unless --yes is given.")
    i.add_argument("archive", metavar="FILE.zip", help="the zip to import")
    i.add_argument("--yes", "-y", action="store_true", help="import without asking")
    i.add_argument("--new-id", action="store_true",
                   help="when a session with the same id exists, import this one as a copy "
                        "(<id>-copy) instead of refusing")
    add_recordings_arg(i, nested=True)
    i.set_defaults(func=run_import)


def run_export(args: argparse.Namespace) -> int:
    from mockinterview.archive import export_session

    if not args.session.strip():
        raise SessionError("give the session to export (see `mockinterview sessions`)")
    folder = find_session(recordings_of(args), args.session)
    result = export_session(folder, Path(args.out) if args.out else None,
                            audio=not args.no_audio)
    info(f"Exported session {result.session_id}: {result.files} answer files "
         f"({result.recordings} recordings), {result.size / 1e6:.1f} MB. It holds personal "
         "data: share it only with people you choose.")
    print(result.path)
    return 0


def run_import(args: argparse.Namespace) -> int:
    from mockinterview.archive import ImportPlan, import_archive

    def confirm(plan: ImportPlan, target: str) -> bool:
        bank = plan.manifest.get("bank_title") or plan.manifest.get("bank") or "?"
        info(f"{plan.archive.name}: session {plan.session_id} ({bank}, started "
             f"{plan.manifest.get('started_at') or '?'}), {plan.answered} of {plan.asked} "
             f"questions answered, {plan.recordings} recordings, "
             f"{plan.total_bytes / 1e6:.1f} MB"
             + (f"; imported as {target}" if target != plan.session_id else ""))
        if args.yes:
            return True
        if not sys.stdin.isatty():
            raise SessionError("not importing: there is no terminal to confirm on. Add --yes "
                               "to import without asking.")
        return input("Import it? [y/N] ").strip().lower() in ("y", "yes")

    result = import_archive(Path(args.archive), recordings_of(args), new_id=args.new_id,
                            confirm=confirm)
    from mockinterview.bank import available_banks

    plan = result.plan
    info(f"Imported session {result.session_id}: {plan.answered} of {plan.asked} questions "
         f"answered, {plan.recordings} recordings, {len(plan.members)} answer files, into "
         f"{result.folder}")
    if plan.manifest.get("bank") not in available_banks():
        info(f"Its bank '{plan.manifest.get('bank')}' is not one of yours: report, replay and "
             "history work; resume needs the bank file in question_bank/.")
    print(result.folder)
    return 0


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

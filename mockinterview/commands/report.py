"""`mockinterview report`: render a session report (text, Markdown, HTML, JSON)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from mockinterview.commands.common import add_command, add_recordings_arg, info, recordings_of
from mockinterview.report import FORMATS, render_report, write_private


def add_session_args(p: argparse.ArgumentParser) -> None:
    """SESSION and --recordings, shared by replay, report and sessions delete."""
    p.add_argument("session", nargs="?", metavar="SESSION",
                   help="session folder name, a unique prefix of it, or a path "
                        "(default: the latest session)")
    add_recordings_arg(p)


def register(sub: argparse._SubParsersAction) -> None:
    p = add_command(
        sub, "report", help="render a session report (text, Markdown, HTML, JSON)",
        description="Render the report of a past session from its folder alone (no speech "
                    "model needed), so an old session can be re-rendered after the analyser "
                    "improves.\n\nThe HTML report is one self-contained file that opens offline: "
                    "audio players, the transcript with fillers, pauses and STAR evidence "
                    "highlighted (click a word to hear it), a timeline and the scores.\n"
                    "Reports hold personal data: files are written readable by you only (0600).")
    add_session_args(p)
    p.add_argument("--format", "-f", choices=FORMATS, default="text",
                   help="report format (default: text)")
    p.add_argument("--out", "-o", metavar="FILE",
                   help="write the report to FILE ('-' = standard output). Default: standard "
                        "output, except html, which goes to report.html in the session folder")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from mockinterview.report.views import load_review
    from mockinterview.sessions import find_session

    folder = find_session(recordings_of(args), args.session)
    review = load_review(folder)
    text = render_report(review, args.format)
    out = args.out
    if out is None and args.format == "html":
        out = str(folder / "report.html")
    if out is None or out == "-":
        sys.stdout.write(text)
        return 0
    path = Path(out).expanduser()
    write_private(path, text)
    info(f"Report written to {path}")
    return 0

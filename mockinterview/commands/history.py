"""`mockinterview history`: show progress across sessions."""

from __future__ import annotations

import argparse
from pathlib import Path

from mockinterview.commands.common import (add_command, add_recordings_arg, info, print_json,
                                          recordings_of)
from mockinterview.errors import MockInterviewError


def register(sub: argparse._SubParsersAction) -> None:
    p = add_command(
        sub, "history", help="show progress across sessions",
        description="Trends across your sessions: pace, fillers per minute, long pauses per "
                    "minute, STAR completeness, talking-point coverage and scores, with "
                    "sparklines; names your weakest group and questions (practise them with "
                    "`mockinterview practice --focus weak`).")
    p.add_argument("--bank", metavar="NAME", help="only sessions of this bank (default: all)")
    p.add_argument("--last", type=int, metavar="N", help="only the N most recent sessions")
    p.add_argument("--json", action="store_true", help="print the history as JSON")
    p.add_argument("--out", metavar="FILE.html",
                   help="also write an HTML page with charts to FILE.html (readable by you only)")
    add_recordings_arg(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if args.last is not None and args.last < 1:
        raise MockInterviewError(f"--last must be 1 or more (got {args.last})")
    from mockinterview.history import load_history
    from mockinterview.report import write_private
    from mockinterview.report.history import render_html, render_text
    from mockinterview.settings import load_settings

    history = load_history(recordings_of(args), args.bank, args.last,
                           load_settings().analysis)
    if args.out:
        path = Path(args.out).expanduser()
        write_private(path, render_html(history))
        info(f"History written to {path}")
    if args.json:
        print_json(history.to_dict())
    else:
        print(render_text(history), end="")
    return 0

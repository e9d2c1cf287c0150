"""`mockinterview report`: render a session report (text, Markdown, HTML, JSON)."""

from __future__ import annotations

import argparse

from mockinterview.commands.common import add_command, not_yet


def register(sub: argparse._SubParsersAction) -> None:
    p = add_command(sub, "report", help="render a session report (text, Markdown, HTML, JSON)")
    p.set_defaults(func=not_yet("report", "the review issue"))

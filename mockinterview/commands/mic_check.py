"""`mockinterview mic-check`: show a live input level meter and whether speech was heard."""

from __future__ import annotations

import argparse

from mockinterview.commands.common import add_command, not_yet


def register(sub: argparse._SubParsersAction) -> None:
    p = add_command(sub, "mic-check", help="show a live input level meter and whether speech was heard")
    p.set_defaults(func=not_yet("mic-check", "the speech in/out issue"))

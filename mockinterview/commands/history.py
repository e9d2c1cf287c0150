"""`mockinterview history`: show progress across sessions."""

from __future__ import annotations

import argparse

from mockinterview.commands.common import add_command, not_yet


def register(sub: argparse._SubParsersAction) -> None:
    p = add_command(sub, "history", help="show progress across sessions")
    p.set_defaults(func=not_yet("history", "the review issue"))

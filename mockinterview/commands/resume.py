"""`mockinterview resume`: continue an interrupted session."""

from __future__ import annotations

import argparse

from mockinterview.commands.common import add_command, not_yet


def register(sub: argparse._SubParsersAction) -> None:
    p = add_command(sub, "resume", help="continue an interrupted session")
    p.set_defaults(func=not_yet("resume", "the timed interview issue"))

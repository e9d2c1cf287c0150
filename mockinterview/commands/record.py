"""`mockinterview record`: record one answer as the interview would."""

from __future__ import annotations

import argparse

from mockinterview.commands.common import add_command, not_yet


def register(sub: argparse._SubParsersAction) -> None:
    p = add_command(sub, "record", help="record one answer as the interview would")
    p.set_defaults(func=not_yet("record", "the speech in/out issue"))

"""`mockinterview replay`: replay a session's answers with their transcripts."""

from __future__ import annotations

import argparse

from mockinterview.commands.common import add_command, not_yet


def register(sub: argparse._SubParsersAction) -> None:
    p = add_command(sub, "replay", help="replay a session's answers with their transcripts")
    p.set_defaults(func=not_yet("replay", "the review issue"))

"""`mockinterview say`: speak or render text with the interviewer's voice."""

from __future__ import annotations

import argparse

from mockinterview.commands.common import add_command, not_yet


def register(sub: argparse._SubParsersAction) -> None:
    p = add_command(sub, "say", help="speak or render text with the interviewer's voice")
    p.set_defaults(func=not_yet("say", "the speech in/out issue"))

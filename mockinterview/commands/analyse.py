"""`mockinterview analyse`: analyse an answer (text, transcript JSON or WAV) and give feedback."""

from __future__ import annotations

import argparse

from mockinterview.commands.common import add_command, not_yet


def register(sub: argparse._SubParsersAction) -> None:
    p = add_command(sub, "analyse", help="analyse an answer (text, transcript JSON or WAV) and give feedback")
    p.set_defaults(func=not_yet("analyse", "the analyser issue"))

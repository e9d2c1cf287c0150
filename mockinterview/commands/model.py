"""`mockinterview model`: download and list Vosk speech models."""

from __future__ import annotations

import argparse

from mockinterview.commands.common import add_command, not_yet


def register(sub: argparse._SubParsersAction) -> None:
    p = add_command(sub, "model", help="download and list Vosk speech models")
    p.set_defaults(func=not_yet("model", "the transcription issue"))

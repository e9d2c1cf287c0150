"""`mockinterview transcribe`: transcribe a WAV file offline with Vosk."""

from __future__ import annotations

import argparse

from mockinterview.commands.common import add_command, not_yet


def register(sub: argparse._SubParsersAction) -> None:
    p = add_command(sub, "transcribe", help="transcribe a WAV file offline with Vosk")
    p.set_defaults(func=not_yet("transcribe", "the transcription issue"))

"""`mockinterview sessions`: list or delete past sessions."""

from __future__ import annotations

import argparse

from mockinterview.commands.common import add_command, not_yet


def register(sub: argparse._SubParsersAction) -> None:
    p = add_command(sub, "sessions", help="list or delete past sessions")
    p.set_defaults(func=not_yet("sessions", "the review issue"))

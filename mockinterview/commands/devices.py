"""`mockinterview devices`: list microphones and speakers."""

from __future__ import annotations

import argparse

from mockinterview.commands.common import add_command, not_yet


def register(sub: argparse._SubParsersAction) -> None:
    p = add_command(sub, "devices", help="list microphones and speakers")
    p.set_defaults(func=not_yet("devices", "the speech in/out issue"))

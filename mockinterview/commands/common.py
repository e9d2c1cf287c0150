"""Argument helpers and output helpers shared by the command modules."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from mockinterview import paths


def add_command(sub: argparse._SubParsersAction, name: str, help: str,
                description: str | None = None, **kwargs: Any) -> argparse.ArgumentParser:
    """Add a subcommand whose --help shows `description` (defaults to `help`): laid out as
    written when it has line breaks (examples), else wrapped like the option help."""
    text = description or help
    if "\n" not in text:
        import textwrap

        text = textwrap.fill(text, width=79)
    return sub.add_parser(name, help=help, description=text,
                          formatter_class=argparse.RawDescriptionHelpFormatter, **kwargs)


def add_bank_arg(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--bank", metavar="NAME|PATH", default=None,
                        help="question bank: a name from question_bank/ or a path to a .toml "
                             "file (default: medical_secretary)")


def add_json_arg(parser: argparse.ArgumentParser, what: str = "the result") -> None:
    parser.add_argument("--json", action="store_true", help=f"print {what} as JSON")


def print_json(data: Any) -> None:
    import json  # late: only --json output needs it

    json.dump(data, sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")


def info(message: str) -> None:
    """A message for the user (stderr), never mixed into results on stdout."""
    print(message, file=sys.stderr)


def add_recordings_arg(parser: argparse.ArgumentParser, nested: bool = False) -> None:
    """--recordings DIR. `nested`: on a subcommand whose parent has it too (SUPPRESS keeps
    the subcommand's default from overwriting a value given before the subcommand)."""
    parser.add_argument("--recordings", metavar="DIR",
                        default=argparse.SUPPRESS if nested else None,
                        help="where sessions are kept (default: recordings/ in the project home)")


def recordings_of(args: argparse.Namespace) -> Path:
    """The sessions folder chosen by --recordings, else the default."""
    given = getattr(args, "recordings", None)
    return Path(given).expanduser() if given else paths.recordings_dir()

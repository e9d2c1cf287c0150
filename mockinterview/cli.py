"""Command-line entry point: builds the parser from the command modules and maps errors.

This is the one place that turns the project's exceptions into `Error: ...` (exit 1);
argparse reports usage errors (exit 2); Ctrl-C exits 130.
"""

from __future__ import annotations

import argparse
import sys

from mockinterview import __version__
from mockinterview.commands import COMMANDS, command_module
from mockinterview.errors import MockInterviewError

DESCRIPTION = """\
An offline, spoken mock interview. Questions are spoken aloud, your answers are
recorded and transcribed on this machine, and you get feedback on length, pace,
filler words, pauses, STAR structure and talking points. Nothing leaves the machine.
"""

EPILOG = """\
start here:
  mockinterview practice            a spoken 5-question mock interview
  mockinterview questions           the questions in the bank
  mockinterview <command> --help    help on one command
"""


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The parser with every command; with `only`, that command in full and the others as
    names with their help (enough for `--help`), so that only its module is imported."""
    parser = argparse.ArgumentParser(
        prog="mockinterview", description=DESCRIPTION, epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--debug", action="store_true",
                        help="show tracebacks and the speech libraries' own logging")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", title="commands")
    for name, module, help_text in COMMANDS:
        if only is None or name == only:
            command_module(module).register(sub)
        else:
            sub.add_parser(name, help=help_text)
    return parser


def command_in(argv: list[str]) -> str | None:
    """The command named in `argv`: the first word that is not an option."""
    names = {name for name, _, _ in COMMANDS}
    for arg in argv:
        if not arg.startswith("-"):
            return arg if arg in names else None
    return None


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    command = command_in(argv)
    # No command (or an unknown one): every command by name only, which is all that `--help`
    # and argparse's "invalid choice" error need.
    parser = build_parser(only=command or "")
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 0
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        print("\nStopped.", file=sys.stderr)
        return 130
    except MockInterviewError as exc:
        if args.debug:
            raise
        print(f"Error: {exc}", file=sys.stderr)
        return exc.exit_code
    except BrokenPipeError:
        # Output piped into e.g. `head`: not an error worth a traceback.
        sys.stderr.close()
        return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

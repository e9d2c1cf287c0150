"""Command-line entry point: builds the parser from the command modules and maps errors.

This is the one place that turns the project's exceptions into `Error: ...` (exit 1);
argparse reports usage errors (exit 2); Ctrl-C exits 130.
"""

from __future__ import annotations

import argparse
import sys

from mockinterview import __version__
from mockinterview.commands import COMMAND_MODULES
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


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="mockinterview", description=DESCRIPTION, epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--debug", action="store_true",
                        help="show tracebacks and the speech libraries' own logging")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", title="commands")
    for module in COMMAND_MODULES:
        module.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
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

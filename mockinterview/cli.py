"""Command-line entry point: builds the parser from the command modules and maps errors.

This is the one place that turns the project's exceptions into `Error: ...` (exit 1);
argparse reports usage errors (exit 2); Ctrl-C exits 130.
"""

from __future__ import annotations

import argparse
import math
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
    _finite_numbers(parser)
    return parser


def command_in(argv: list[str]) -> str | None:
    """The command named in `argv`: the first word that is not an option."""
    names = {name for name, _, _ in COMMANDS}
    for arg in argv:
        if not arg.startswith("-"):
            return arg if arg in names else None
    return None


def finite_float(text: str) -> float:
    """argparse type: a float that is a real number (no nan, inf or 1e999)."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not math.isfinite(value):
        raise argparse.ArgumentTypeError(f"must be a finite number, not {text!r}")
    return value


def _finite_numbers(parser: argparse.ArgumentParser) -> None:
    """Every `type=float` option of every command takes finite numbers only (one place,
    so a new option cannot forget it); each command checks its own ranges."""
    for action in parser._actions:
        if action.type is float:
            action.type = finite_float
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                _finite_numbers(sub)


def os_error_message(exc: OSError) -> str:
    """`<file>: <reason>` for an OSError that no command turned into its own message."""
    reason = exc.strerror or str(exc) or type(exc).__name__
    names = [str(n) for n in (exc.filename, exc.filename2) if n is not None]
    return f"{' -> '.join(names)}: {reason}" if names else reason


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
    except OSError as exc:
        # The file system's own failures (a full disk, a folder where a file should be, a
        # permission) are the user's to act on, not a crash.
        if args.debug:
            raise
        print(f"Error: {os_error_message(exc)}", file=sys.stderr)
        return 1
    except RecursionError:
        if args.debug:
            raise
        print("Error: an input file is nested too deeply to read", file=sys.stderr)
        return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

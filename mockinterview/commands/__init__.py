"""One module per top-level command; each has `register(subparsers)`.

`mockinterview --help` lists the commands from COMMANDS without importing their modules;
only the command being run is imported (and with it only what that command needs), so
start-up stays close to the cost of Python and argparse.
"""

from __future__ import annotations

import importlib
from types import ModuleType

# (command, module, one-line help) in the order `mockinterview --help` lists them. The help
# is each module's own (tests/test_cli.py checks that they agree).
COMMANDS: tuple[tuple[str, str, str], ...] = (
    ("practice", "practice", "run a spoken mock interview"),
    ("resume", "resume", "continue an interrupted session"),
    ("questions", "questions", "list the questions in a bank, or show one"),
    ("banks", "banks", "list or check question banks"),
    ("say", "say", "speak or render text with the interviewer's voice"),
    ("record", "record", "record one answer as the interview would"),
    ("devices", "devices", "list microphones and speakers"),
    ("mic-check", "mic_check", "check the microphone and the room (noise, level, clipping)"),
    ("transcribe", "transcribe", "transcribe a WAV file offline with Vosk"),
    ("model", "model", "download and list Vosk speech models"),
    ("analyse", "analyse", "analyse an answer (text, transcript JSON or WAV) and give feedback"),
    ("replay", "replay", "replay a session's answers with their transcripts"),
    ("report", "report", "render a session report (text, Markdown, HTML, JSON)"),
    ("sessions", "sessions", "list, delete, export or import sessions"),
    ("history", "history", "show progress across sessions"),
    ("app", "app", "the interview, sessions and progress in a browser window"),
)


def command_module(module: str) -> ModuleType:
    """The module of one command, imported now."""
    return importlib.import_module(f"mockinterview.commands.{module}")

"""One module per top-level command; each has `register(subparsers)`."""

from mockinterview.commands import (
    analyse,
    banks,
    devices,
    history,
    mic_check,
    model,
    practice,
    questions,
    record,
    replay,
    report,
    resume,
    say,
    sessions,
    transcribe,
)

# The order `mockinterview --help` lists them in.
COMMAND_MODULES = [
    practice, resume, questions, banks, say, record, devices, mic_check, transcribe, model,
    analyse, replay, report, sessions, history,
]

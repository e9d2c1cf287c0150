"""The project's exceptions. The CLI turns every one of them into `Error: ...` and exit 1."""

from __future__ import annotations


class MockInterviewError(Exception):
    """Base class: a problem the user can understand and act on."""

    exit_code = 1

    def __init__(self, message: str, fix: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.fix = fix

    def __str__(self) -> str:
        return self.message if not self.fix else f"{self.message}\n{self.fix}"


class SetupError(MockInterviewError):
    """Something is missing on this machine (a library, a model, a device); `fix` says how to get it."""


class BankError(MockInterviewError):
    """A question bank cannot be loaded; the message lists every problem found."""


class SelectionError(MockInterviewError):
    """The requested set of questions cannot be picked from the bank."""


class AudioError(MockInterviewError):
    """A microphone or speaker problem during use."""


class SessionError(MockInterviewError):
    """A session folder is missing, unreadable or of an unknown version."""

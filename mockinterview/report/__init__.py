"""Report renderers: one module per format, looked up by name (like whisper's get_writer).

Each renderer takes a `SessionReview` (mockinterview.report.views) and returns the whole report as
a string; nothing here needs a model or a device.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from mockinterview.errors import MockInterviewError

if TYPE_CHECKING:
    from mockinterview.report.views import SessionReview

Renderer = Callable[["SessionReview"], str]

FORMATS = ("text", "md", "html", "json")
SUFFIXES = {"text": ".txt", "md": ".md", "html": ".html", "json": ".json"}


def get_renderer(fmt: str) -> Renderer:
    """The render function for a format name: text, md, html or json."""
    if fmt == "text":
        from mockinterview.report.text import render
    elif fmt in ("md", "markdown"):
        from mockinterview.report.markdown import render
    elif fmt == "html":
        from mockinterview.report.html import render
    elif fmt == "json":
        from mockinterview.report.json import render
    else:
        raise MockInterviewError(f"unknown report format '{fmt}' (expected one of: "
                                 f"{', '.join(FORMATS)})")
    return render


def render_report(review: SessionReview, fmt: str) -> str:
    """The report of a session in one format."""
    return get_renderer(fmt)(review)


def write_private(path: Path, text: str) -> None:
    """Write a report readable by its owner only (0600): reports hold personal data.

    Written atomically (mockinterview.atomic), so a half-written report never replaces a
    good one.
    """
    from mockinterview.atomic import write_atomic

    path = path.expanduser()
    try:
        write_atomic(path, text)
    except OSError as exc:
        raise MockInterviewError(f"cannot write {path}: {exc.strerror or exc}") from None

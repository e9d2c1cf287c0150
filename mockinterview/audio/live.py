"""Terminal helpers for a recording in progress: a level meter line and stop-on-Enter."""

from __future__ import annotations

import select
import sys
import threading
from typing import TextIO

from mockinterview.audio.microphone import LiveStatus

METER_FLOOR_DBFS = -60.0


def level_bar(level_dbfs: float, width: int = 30, floor: float = METER_FLOOR_DBFS) -> str:
    """A bar `[#####     ]` filled in proportion to the level between `floor` and 0 dBFS."""
    fraction = min(1.0, max(0.0, (level_dbfs - floor) / -floor))
    filled = round(fraction * width)
    return "[" + "#" * filled + " " * (width - filled) + "]"


def status_line(status: LiveStatus, max_s: float | None = None) -> str:
    """One line for the live display: clock, meter, level and speech state."""
    clock = f"{status.elapsed_s:5.1f} s" + (f" / {max_s:.0f} s" if max_s else "")
    state = (f"speech heard, silence {status.silence_s:4.1f} s" if status.heard_speech
             else "waiting for speech")
    level = max(status.level_dbfs, -99.0)
    return f"{clock}  {level_bar(status.level_dbfs)} {level:5.1f} dBFS  {state}"


class LiveLine:
    """Rewrites one status line in place on a terminal; prints nothing when not a terminal."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stderr
        self.enabled = self.stream.isatty()
        self._width = 0

    def show(self, text: str) -> None:
        if not self.enabled:
            return
        pad = max(0, self._width - len(text))
        self.stream.write("\r" + text + " " * pad)
        self.stream.flush()
        self._width = len(text)

    def end(self) -> None:
        if self.enabled and self._width:
            self.stream.write("\n")
            self.stream.flush()
            self._width = 0


class EnterWatcher:
    """Sets `pressed` when the user presses Enter (only when stdin is a terminal).

    Polls with select() so no reader thread is left behind to swallow later input.
    """

    def __init__(self) -> None:
        self.pressed = threading.Event()
        self._done = threading.Event()
        self._thread: threading.Thread | None = None

    def __enter__(self) -> "EnterWatcher":
        if sys.stdin is not None and sys.stdin.isatty():
            self._thread = threading.Thread(target=self._watch, daemon=True)
            self._thread.start()
        return self

    @property
    def active(self) -> bool:
        """Whether Enter is being watched (stdin is a terminal)."""
        return self._thread is not None

    def _watch(self) -> None:
        while not self._done.is_set():
            ready, _, _ = select.select([sys.stdin], [], [], 0.1)
            if ready:
                sys.stdin.readline()
                self.pressed.set()
                return

    def __exit__(self, *exc: object) -> None:
        self._done.set()
        if self._thread:
            self._thread.join(timeout=0.5)

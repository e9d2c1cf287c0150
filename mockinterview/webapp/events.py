"""Between the interview thread and the pages: events out (for server-sent events) and the
candidate's replies in.

Every event gets a number, so a page that reconnects (or opens late) receives what it missed
and then waits for the next one. Replies (typed answer, start now, finish, try again) go to
whichever screen call is waiting for them.
"""

from __future__ import annotations

import queue
import threading
import time
from typing import Any

MAX_EVENTS = 2000  # a long session with live level updates: the oldest are dropped


class Closed(KeyboardInterrupt):
    """The app is closing: an interview waiting for the page stops (its session is kept)."""


class EventHub:
    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._events: list[tuple[int, dict[str, Any]]] = []
        self._next = 1
        self._replies: queue.Queue[dict[str, Any]] = queue.Queue()
        self.closed = False
        self.listeners = 0  # open event streams (pages)
        self.last_listener_left: float | None = None
        self.ever_listened = False

    # ------------------------------------------------------------------ events out
    def publish(self, kind: str, **data: Any) -> int:
        with self._cond:
            n = self._next
            self._next += 1
            # Live ticks replace the previous tick: a page that reconnects needs the latest.
            if kind == "tick" and self._events and self._events[-1][1]["type"] == "tick":
                self._events.pop()
            self._events.append((n, {"type": kind, **data}))
            del self._events[:-MAX_EVENTS]
            self._cond.notify_all()
            return n

    def reset(self) -> None:
        """A new interview: pages start from its first event."""
        with self._cond:
            self._events.clear()
            while not self._replies.empty():
                self._replies.get_nowait()

    def since(self, after: int, timeout: float) -> list[tuple[int, dict[str, Any]]]:
        """Events numbered above `after`, waiting up to `timeout` for one."""
        with self._cond:
            self._cond.wait_for(lambda: self.closed or (self._events and
                                                       self._events[-1][0] > after), timeout)
            return [(n, e) for n, e in self._events if n > after]

    def connect(self) -> None:
        with self._cond:
            self.listeners += 1
            self.ever_listened = True

    def disconnect(self) -> None:
        with self._cond:
            self.listeners -= 1
            if self.listeners == 0:
                self.last_listener_left = time.monotonic()

    def close(self) -> None:
        with self._cond:
            self.closed = True
            self._cond.notify_all()
        self._replies.put({"action": "closed"})

    # ------------------------------------------------------------------ replies in
    def reply(self, message: dict[str, Any]) -> None:
        self._replies.put(message)

    def ask(self, kind: str, wanted: set[str], timeout: float | None = None,
            **data: Any) -> dict[str, Any] | None:
        """Publish a question to the page and wait for its answer. Clicks made before it was
        asked (a late "Start now", a double click) are dropped first, so they cannot answer
        it; the page cannot reply before it sees the event."""
        while True:
            try:
                message = self._replies.get_nowait()
            except queue.Empty:
                break
            if message.get("action") == "closed":
                self._replies.put(message)
                break
        self.publish(kind, **data)
        return self.wait_reply(wanted, timeout)

    def wait_reply(self, wanted: set[str], timeout: float | None = None) -> dict[str, Any] | None:
        """The next reply whose action is in `wanted` (others are stale clicks: dropped);
        None on timeout. Raises Closed when the app closes."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            if self.closed:
                raise Closed()
            left = None if deadline is None else deadline - time.monotonic()
            if left is not None and left <= 0:
                return None
            try:
                message = self._replies.get(timeout=left)
            except queue.Empty:
                return None
            if message.get("action") == "closed" or self.closed:
                self._replies.put(message)  # for any other waiter
                raise Closed()
            if message.get("action") in wanted:
                return message

"""Debian's Firefox ESR, headless, driven over its built-in WebDriver BiDi (no geckodriver, no
browser download): the `websockets` client speaks the protocol's JSON commands directly."""

from __future__ import annotations

import itertools
import json
import queue
import re
import shutil
import subprocess
import threading
import time
from pathlib import Path
from typing import Any

FIREFOX = Path("/usr/bin/firefox-esr")
LISTENING = re.compile(r"WebDriver BiDi listening on (ws://\S+)")
# A fresh profile that stays quiet: no first-run pages, updates or reports; media may play.
PREFS = {
    "browser.shell.checkDefaultBrowser": False,
    "browser.startup.homepage_override.mstone": "ignore",
    "app.update.disabledForTesting": True,
    "datareporting.policy.dataSubmissionEnabled": False,
    "toolkit.telemetry.enabled": False,
    "media.autoplay.default": 0,
}


class BiDiError(AssertionError):
    pass


class Firefox:
    """One headless Firefox with one BiDi session; `command` sends and waits for its answer,
    events the session subscribed to collect in `events`."""

    def __init__(self, profile: Path, start_timeout_s: float = 60.0) -> None:
        from websockets.sync.client import connect

        profile.mkdir(parents=True, exist_ok=True)
        (profile / "user.js").write_text("".join(
            f"user_pref({json.dumps(k)}, {json.dumps(v)});\n" for k, v in PREFS.items()))
        self.process = subprocess.Popen(
            [str(FIREFOX), "--headless", "--no-remote", "--profile", str(profile),
             "--remote-debugging-port=0", "about:blank"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
            text=True)
        self.log: list[str] = []
        found: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read_stderr, args=(found,), daemon=True).start()
        try:
            url = found.get(timeout=start_timeout_s)
        except queue.Empty:
            self.process.kill()
            raise BiDiError("Firefox did not start its WebDriver BiDi server:\n"
                            + "\n".join(self.log[-20:])) from None
        self._connection = connect(f"{url}/session", max_size=None, open_timeout=start_timeout_s)
        self.ws = self._connection.__enter__()
        self._ids = itertools.count(1)
        self.events: list[dict[str, Any]] = []
        self.command("session.new", {"capabilities": {}})

    def _read_stderr(self, found: queue.Queue[str]) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self.log.append(line.rstrip())
            if (m := LISTENING.search(line)) is not None:
                found.put(m.group(1))

    def command(self, method: str, params: dict[str, Any], timeout_s: float = 30.0) -> Any:
        ident = next(self._ids)
        self.ws.send(json.dumps({"id": ident, "method": method, "params": params}))
        deadline = time.monotonic() + timeout_s
        while True:
            message = json.loads(self.ws.recv(timeout=max(0.1, deadline - time.monotonic())))
            if message.get("type") == "event":
                self.events.append(message)
            elif message.get("id") == ident:
                if message.get("type") == "error":
                    raise BiDiError(f"{method}: {message.get('error')}: "
                                    f"{message.get('message')}")
                return message["result"]

    def evaluate(self, context: str, expression: str) -> Any:
        """A JS expression's value in the page (awaited if a promise), as plain Python."""
        result = self.command("script.evaluate", {
            "expression": expression, "target": {"context": context}, "awaitPromise": True})
        if result.get("type") == "exception":
            raise BiDiError(f"{expression}: {result['exceptionDetails'].get('text')}")
        return plain(result["result"])

    def close(self) -> None:
        try:
            self.command("browser.close", {}, timeout_s=10)
        except Exception:  # already gone, or the socket closed with the browser
            pass
        try:
            self._connection.__exit__(None, None, None)
        finally:
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def plain(value: dict[str, Any]) -> Any:
    """A BiDi RemoteValue (primitives, arrays, objects) as Python."""
    kind = value["type"]
    if kind in ("undefined", "null"):
        return None
    if kind in ("string", "boolean"):
        return value["value"]
    if kind == "number":
        v = value["value"]
        return {"NaN": float("nan"), "Infinity": float("inf"),
                "-Infinity": float("-inf"), "-0": -0.0}.get(v, v) if isinstance(v, str) else v
    if kind == "array":
        return [plain(v) for v in value.get("value", [])]
    if kind == "object":
        return {k: plain(v) for k, v in value.get("value", [])}
    return value  # nodes and other handles stay as BiDi gave them


def have_firefox() -> bool:
    return FIREFOX.exists() and shutil.which("firefox-esr") is not None

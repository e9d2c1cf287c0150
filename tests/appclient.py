"""A running app server for tests (in this process, on a free loopback port) and a raw HTTP
client that can send any Host, Origin or cookie, as a hostile page or program would."""

from __future__ import annotations

import http.client
import json
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")

    def json(self) -> Any:
        return json.loads(self.body)


class RunningApp:
    def __init__(self, recordings: Path, linger_s: float = 30.0) -> None:
        from mockinterview.webapp.server import make_server, watch_pages

        self.server, self.app = make_server(recordings, 0, linger_s)
        self.port = self.app.gate.port
        self.origin = f"http://127.0.0.1:{self.port}"
        self.url = f"{self.origin}/?token={self.app.token}"
        self.cookie = f"{self.app.gate.cookie_name}={self.app.token}"
        # A short poll interval: shutdown() waits up to one interval for the loop to notice.
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,),
                                       daemon=True)
        self.thread.start()
        watch_pages(self.server, self.app)

    def request(self, method: str, path: str, body: Any = None, *, host: str | None = None,
                origin: str | None = "self", cookie: str | None = "self",
                headers: dict[str, str] | None = None, raw: bytes | None = None) -> Reply:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        h = {"Host": f"127.0.0.1:{self.port}" if host is None else host}
        if origin == "self":
            if method != "GET":
                h["Origin"] = self.origin
        elif origin is not None:
            h["Origin"] = origin
        if cookie == "self":
            h["Cookie"] = self.cookie
        elif cookie is not None:
            h["Cookie"] = cookie
        data = raw
        if body is not None:
            data = json.dumps(body).encode()
            h["Content-Type"] = "application/json"
        if data is not None:
            h["Content-Length"] = str(len(data))
        h.update(headers or {})
        conn.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
        for k, v in h.items():
            conn.putheader(k, v)
        conn.endheaders(data)
        resp = conn.getresponse()
        reply = Reply(resp.status, {k.lower(): v for k, v in resp.getheaders()}, resp.read())
        conn.close()
        return reply

    def events_until(self, kind: str, count: int = 1,
                     timeout_s: float = 60.0) -> list[dict[str, Any]]:
        """Every event so far, waiting until `count` events of type `kind` were published."""
        deadline = time.monotonic() + timeout_s
        while True:
            events = [e for _, e in self.app.hub.since(0, 0.2)]
            if sum(e["type"] == kind for e in events) >= count:
                return events
            assert time.monotonic() < deadline, f"no '{kind}' event {count}; {events[-3:]}"
            time.sleep(0.05)

    def close(self) -> None:
        self.app.runner.stop()
        self.app.hub.close()
        self.server.shutdown()
        self.server.server_close()

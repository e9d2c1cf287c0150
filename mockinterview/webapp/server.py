"""The app's HTTP server: the standard library's ThreadingHTTPServer on 127.0.0.1.

Why the standard library: the app serves a handful of pages to one person on one machine;
a thread per request (and per event stream) is plenty, it starts in milliseconds and adds no
dependency. Live updates go by server-sent events: one-way, plain HTTP, reconnecting by itself
in every browser, which is all the interview page needs (its buttons are small POSTs).

Every request passes security.Gate first; every failure is a short plain-text 4xx (or a 500
without a traceback), never the exception itself.
"""

from __future__ import annotations

import json
import re
import shutil
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from mockinterview.errors import MockInterviewError
from mockinterview.webapp import pages
from mockinterview.webapp.events import EventHub
from mockinterview.webapp.runner import Runner
from mockinterview.webapp.security import LOOPBACK, Gate, new_token

MAX_BODY = 64 * 1024  # a typed answer is far smaller; anything bigger is refused unread
MAX_ANSWER_CHARS = 20_000
SESSION_ID = re.compile(r"[0-9A-Za-z][0-9A-Za-z._-]{0,127}")
KEEPALIVE_S = 2.0  # an idle event stream sends a comment this often (finds closed pages)

APP_CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
           "img-src 'self'; frame-src 'self'; form-action 'self'; base-uri 'none'; "
           "frame-ancestors 'none'")
# The served report and history pages carry their own inline style and script (they are
# also files that open offline); shown inside an app page, never fetching anything.
FRAMED_CSP = ("default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; "
              "media-src data:; img-src data:; base-uri 'none'; form-action 'none'; "
              "frame-ancestors 'self'")
STATIC = Path(__file__).parent / "static"
STATIC_TYPES = {"app.js": "text/javascript; charset=utf-8", "app.css": "text/css; charset=utf-8"}


class App:
    """What the handlers share: the gate, the event hub, the interview runner."""

    def __init__(self, recordings: Path, port: int, linger_s: float, debug: bool) -> None:
        self.recordings = recordings
        self.hub = EventHub()
        self.runner = Runner(self.hub, recordings)
        self.token = new_token()
        self.gate = Gate(port, self.token)
        self.linger_s = linger_s
        self.debug = debug
        self.static = {name: (STATIC / name).read_bytes() for name in STATIC_TYPES}

    def session_folder(self, sid: str) -> Path:
        """A session by its exact folder name among the listed sessions (a page never names
        a path or a prefix)."""
        from mockinterview.sessions import session_dirs

        if not SESSION_ID.fullmatch(sid):
            raise NotFound("no such session")
        for folder in session_dirs(self.recordings):
            if folder.name == sid:
                return folder
        raise NotFound("no such session")


class HttpError(Exception):
    status = 400


class NotFound(HttpError):
    status = 404


class Conflict(HttpError):
    status = 409


class Handler(BaseHTTPRequestHandler):
    server_version = "mockinterview"
    sys_version = ""
    app: App  # set on the subclass made for each server
    timeout = 60  # a client that stops sending (or reading) frees its thread

    def log_message(self, format: str, *args: Any) -> None:
        pass  # request lines carry the token on first load: never logged

    # ------------------------------------------------------------------ plumbing
    def _send(self, status: int, body: bytes, ctype: str, headers: dict[str, str] | None = None,
              csp: str = APP_CSP) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Content-Security-Policy", csp)
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        self.send_header("Cache-Control", "no-store")
        self.send_header("Cross-Origin-Resource-Policy", "same-origin")
        if "frame-ancestors 'none'" in csp:
            self.send_header("X-Frame-Options", "DENY")
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _text(self, status: int, text: str) -> None:
        self._send(status, (f"Error: {text}\n" if status >= 400 else text).encode(),
                   "text/plain; charset=utf-8")

    def _json(self, data: Any, status: int = 200) -> None:
        self._send(status, json.dumps(data).encode(), "application/json")

    def _html(self, text: str, csp: str = APP_CSP) -> None:
        self._send(200, text.encode(), "text/html; charset=utf-8", csp=csp)

    def _guarded(self, handle) -> None:
        try:
            refusal = self.app.gate.check(self.command, self.path, self.headers)
            if refusal is not None:
                self._text(refusal.status, refusal.reason)
                return
            handle()
        except (BrokenPipeError, ConnectionResetError):
            pass  # the page went away
        except HttpError as exc:
            self._text(exc.status, str(exc))
        except MockInterviewError as exc:
            self._text(400, str(exc))
        except Exception as exc:  # never a traceback to the page
            if self.app.debug:
                import traceback

                traceback.print_exc()
            try:
                self._text(500, f"the app failed on this request ({type(exc).__name__})")
            except OSError:
                pass

    def do_GET(self) -> None:
        self._guarded(self._get)

    def do_POST(self) -> None:
        self._guarded(self._post)

    def do_HEAD(self) -> None:
        self._guarded(self._get)

    def _refuse_method(self) -> None:
        self._guarded(lambda: self._text(405, "method not allowed"))

    do_PUT = do_DELETE = do_PATCH = do_OPTIONS = _refuse_method

    # ------------------------------------------------------------------ GET
    def _get(self) -> None:
        url = urlsplit(self.path)
        path = url.path
        if "token" in parse_qs(url.query):
            # The first load: the token moves into a cookie and out of the address bar.
            # Only to a path of this server ("//host" would leave it).
            here = path if path.startswith("/") and not path.startswith("//") else "/"
            self._send(303, b"", "text/plain", {"Location": here,
                                                 "Set-Cookie": self.app.gate.set_cookie()})
            return
        app = self.app
        if path == "/":
            self._html(pages.start_page(app.recordings, app.runner.running))
        elif path == "/interview":
            self._html(pages.interview_page())
        elif path == "/sessions":
            self._html(pages.sessions_page(app.recordings, app.runner.session_name
                                           if app.runner.running else None))
        elif path == "/progress":
            self._html(pages.framed_page("Progress", "/progress/history.html",
                                         "Your progress across sessions", "progress"))
        elif path == "/progress/history.html":
            self._html(pages.history_html(app.recordings), csp=FRAMED_CSP)
        elif path == "/events" and self.command == "GET":
            self._events(presence="presence" in parse_qs(url.query))
        elif path == "/favicon.ico":
            self._send(204, b"", "image/x-icon")  # no icon, and no 404 in the console
        elif path.startswith("/static/") and path[8:] in app.static:
            self._send(200, app.static[path[8:]], STATIC_TYPES[path[8:]])
        elif m := re.fullmatch(r"/sessions/([^/]+)(/report\.html|/export\.zip)?", path):
            folder = app.session_folder(m.group(1))
            if m.group(2) is None:
                self._html(pages.session_page(folder))
            elif m.group(2) == "/report.html":
                self._html(pages.report_html(folder), csp=FRAMED_CSP)
            else:
                self._export(folder, "audio=no" not in url.query)
        else:
            raise NotFound("no such page")

    def _export(self, folder: Path, audio: bool) -> None:
        """The session's zip (as `sessions export` writes it) as a download; nothing stays
        on disk here."""
        from mockinterview.archive import export_session

        with tempfile.TemporaryDirectory(prefix="mockinterview-export-") as tmp:
            result = export_session(folder, Path(tmp) / f"{folder.name}.zip", audio=audio)
            data = result.path.read_bytes()
        self._send(200, data, "application/zip", {
            "Content-Disposition": f'attachment; filename="{folder.name}.zip"'})

    def _events(self, presence: bool) -> None:
        """Server-sent events: the interview's events from the one after Last-Event-ID.
        `presence`: only keep-alives (other pages: the server knows a page is open)."""
        hub = self.app.hub
        try:
            last = int(self.headers.get("Last-Event-ID") or 0)
        except ValueError:
            last = 0
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.end_headers()
        hub.connect()
        try:
            self.wfile.write(b"retry: 1000\n\n")
            self.wfile.flush()
            while not hub.closed:
                events = [] if presence else hub.since(last, KEEPALIVE_S)
                if presence:
                    deadline = time.monotonic() + KEEPALIVE_S
                    while not hub.closed and time.monotonic() < deadline:
                        time.sleep(0.25)
                out = b": keep-alive\n\n" if not events else b"".join(
                    f"id: {n}\ndata: {json.dumps(e)}\n\n".encode() for n, e in events)
                if events:
                    last = events[-1][0]
                self.wfile.write(out)
                self.wfile.flush()
        finally:
            hub.disconnect()

    # ------------------------------------------------------------------ POST
    def _body(self) -> Any:
        ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if ctype != "application/json":
            raise HttpError("send JSON (Content-Type: application/json)")
        try:
            length = int(self.headers.get("Content-Length") or "")
        except ValueError:
            raise HttpError("a Content-Length is needed") from None
        if length < 0 or length > MAX_BODY:
            self.close_connection = True
            e = HttpError(f"the request is too large (at most {MAX_BODY} bytes)")
            e.status = 413
            raise e
        try:
            return json.loads(self.rfile.read(length).decode("utf-8"))
        except (UnicodeDecodeError, ValueError, RecursionError):
            raise HttpError("the request is not valid JSON") from None

    def _post(self) -> None:
        path = urlsplit(self.path).path
        app = self.app
        body = self._body()
        if path == "/api/start":
            if app.runner.running:
                raise Conflict("an interview is already running")
            self._json({"session": app.runner.start(body)})
        elif path == "/api/action":
            if not isinstance(body, dict):
                raise HttpError("the request must be a JSON object")
            action = body.get("action")
            if action not in ("start", "answer", "skip", "finish", "retry", "continue"):
                raise HttpError("unknown action")
            text = body.get("text")
            if text is not None and (not isinstance(text, str) or len(text) > MAX_ANSWER_CHARS):
                raise HttpError(f"the answer must be text of at most {MAX_ANSWER_CHARS} "
                                "characters")
            if not app.runner.running:
                raise Conflict("no interview is running")
            app.runner.act(action, text)
            self._json({"ok": True})
        elif m := re.fullmatch(r"/api/sessions/([^/]+)/delete", path):
            folder = app.session_folder(m.group(1))
            if app.runner.running and app.runner.session_name == folder.name:
                raise Conflict("this session is running; finish it first")
            try:
                shutil.rmtree(folder)
            except OSError as exc:
                raise HttpError(f"could not delete it: {exc.strerror or exc}") from None
            self._json({"deleted": folder.name})
        else:
            raise NotFound("no such action")


class AppServer(ThreadingHTTPServer):
    daemon_threads = True  # event streams never hold the process open
    allow_reuse_address = False  # a port in use is an error, not a shared socket

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a page that went away mid-request: nothing to report


def make_server(recordings: Path, port: int = 0, linger_s: float = 10.0,
                debug: bool = False) -> tuple[AppServer, App]:
    """Bind 127.0.0.1:port (0: any free port); the server and its app state."""
    try:
        server = AppServer((LOOPBACK, port), BaseHTTPRequestHandler)
    except OSError as exc:
        raise MockInterviewError(f"cannot listen on {LOOPBACK}:{port}: "
                                 f"{exc.strerror or exc}") from None
    app = App(recordings, server.server_address[1], linger_s, debug)
    server.RequestHandlerClass = type("AppHandler", (Handler,), {"app": app})
    return server, app


def watch_pages(server: AppServer, app: App) -> threading.Thread:
    """Ends the server once the last page has been closed for `linger_s` (a reload or a
    move to another page reconnects well within it)."""
    def watch() -> None:
        hub = app.hub
        while not hub.closed:
            time.sleep(0.25)
            left = hub.last_listener_left
            if hub.ever_listened and hub.listeners == 0 and left is not None \
                    and time.monotonic() - left > app.linger_s:
                print("The last page was closed: stopping.", file=sys.stderr)
                app.runner.stop()
                server.shutdown()
                return

    thread = threading.Thread(target=watch, name="page-watch", daemon=True)
    thread.start()
    return thread

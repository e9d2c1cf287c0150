"""The local web app's server: who gets in (token, Host, Origin), that only POST changes
anything, that hostile requests get a clear 4xx, and a typed interview run through its API
by the real interview engine (the browser tests drive the same through the pages)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mockinterview.sessions import read_manifest, session_dirs
from mockinterview.webapp.security import Gate
from tests.appclient import RunningApp

TYPED = {"mode": "typed", "questions": 2, "think_seconds": 0, "speak": False,
         "feedback": "after-each"}
ANSWER = ("In my last job I booked appointments, answered the phones and kept patient "
          "records up to date, so the clinic ran on time.")


@pytest.fixture
def app(private_home: Path):
    running = RunningApp(private_home / "recordings")
    yield running
    running.close()


def sessions(app: RunningApp) -> list[Path]:
    return session_dirs(app.app.recordings)


# ------------------------------------------------------------------ the gate, pure
def test_gate_accepts_only_its_own_host_names_and_port():
    gate = Gate(8123, "t" * 43)
    assert gate.host_ok("127.0.0.1:8123") and gate.host_ok("localhost:8123")
    for bad in (None, "", "127.0.0.1", "127.0.0.1:8124", "evil.example:8123",
                "127.0.0.1.evil.example:8123", "localhost:8123.evil"):
        assert not gate.host_ok(bad), bad


def test_gate_reads_only_its_own_cookie():
    gate = Gate(8123, "secret")
    assert gate.cookie_token("a=1; mockinterview_8123=secret") == "secret"
    assert gate.cookie_token("mockinterview_8124=secret") is None
    assert gate.cookie_token('mockinterview_8123="unterminated') is None
    assert not gate.token_matches("")
    assert not gate.token_matches("secre")


# ------------------------------------------------------------------ token
def test_a_request_without_the_token_is_refused(app):
    for path in ("/", "/sessions", "/progress", "/events", "/static/app.js"):
        reply = app.request("GET", path, cookie=None)
        assert reply.status == 403, path
        assert reply.text.startswith("Error: ")
        assert "Traceback" not in reply.text


def test_a_wrong_token_is_refused(app):
    assert app.request("GET", "/?token=" + "x" * 43, cookie=None).status == 403
    assert app.request("GET", "/", cookie=f"{app.app.gate.cookie_name}=nope").status == 403


def test_the_first_load_moves_the_token_into_a_strict_http_only_cookie(app):
    reply = app.request("GET", f"/?token={app.app.token}", cookie=None)
    assert reply.status == 303
    assert reply.headers["location"] == "/"  # the token leaves the address bar
    cookie = reply.headers["set-cookie"]
    assert cookie.startswith(f"{app.app.gate.cookie_name}={app.app.token};")
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
    away = app.request("GET", f"//evil.example/?token={app.app.token}", cookie=None)
    location = away.headers["location"]  # a path of this server, never "//elsewhere"
    assert away.status == 303 and location.startswith("/") and not location.startswith("//")
    page = app.request("GET", "/")
    assert page.status == 200
    csp = page.headers["content-security-policy"]
    assert "default-src 'none'" in csp and "script-src 'self'" in csp
    assert "<script src=\"/static/app.js\"" in page.text
    assert "http://" not in page.text and "https://" not in page.text  # nothing from outside


# ------------------------------------------------------------------ Host and Origin
def test_a_rebinding_host_name_is_refused_even_with_the_token(app):
    for host in (f"evil.example:{app.port}", "127.0.0.1:1", "", "localhost"):
        reply = app.request("GET", "/", host=host)
        assert reply.status == 400, host
        assert reply.text.startswith("Error: ")


def test_a_cross_origin_post_is_refused_and_changes_nothing(app):
    for origin, extra in (("http://evil.example", {}), (None, {}), ("null", {}),
                          (f"http://127.0.0.1:{app.port + 1}", {}),
                          (app.origin, {"Sec-Fetch-Site": "cross-site"})):
        reply = app.request("POST", "/api/start", TYPED, origin=origin, headers=extra)
        assert reply.status == 403, origin
    assert sessions(app) == []
    assert not app.app.runner.running


def test_a_foreign_page_cannot_read_with_its_origin(app):
    assert app.request("GET", "/sessions", origin="http://evil.example").status == 403


def test_get_cannot_change_anything(app, private_home):
    from tests.sessionfactory import AnswerSpec, make_session, scripted

    folder = make_session(private_home / "recordings", [
        AnswerSpec("great-candidate", "I am calm and organised",
                   analysis=scripted(score=60))]).folder
    for path in ("/api/start", f"/api/sessions/{folder.name}/delete", "/api/action"):
        assert app.request("GET", path).status == 404, path
    assert app.request("DELETE", f"/sessions/{folder.name}").status == 405
    assert folder.is_dir()
    assert [d.name for d in sessions(app)] == [folder.name]


# ------------------------------------------------------------------ hostile input
def test_hostile_posts_get_a_clear_4xx(app):
    cases = [
        (dict(raw=b"mode=typed", headers={"Content-Type": "application/x-www-form-urlencoded"}),
         400, "JSON"),
        (dict(raw=b"{not json", headers={"Content-Type": "application/json"}), 400, "JSON"),
        (dict(raw=b"\xff\xfe", headers={"Content-Type": "application/json"}), 400, "JSON"),
        (dict(raw=b"[" * 5000 + b"]" * 5000, headers={"Content-Type": "application/json"}),
         400, None),
        (dict(body={**TYPED, "bank": "../../etc/passwd"}), 400, "bank"),
        (dict(body={**TYPED, "questions": "lots"}), 400, "questions"),
        (dict(body={**TYPED, "questions": 100000}), 400, "questions"),
        (dict(body={**TYPED, "think_seconds": "nan"}), 400, "think"),
        (dict(body={**TYPED, "mode": "telepathy"}), 400, "mode"),
        (dict(body=[1, 2]), 400, "object"),
    ]
    for kwargs, status, word in cases:
        reply = app.request("POST", "/api/start", **kwargs)
        assert reply.status == status, (kwargs, reply.text)
        assert reply.text.startswith("Error: ") and "Traceback" not in reply.text
        if word:
            assert word in reply.text, reply.text
    big = app.request("POST", "/api/start", headers={"Content-Type": "application/json",
                                                     "Content-Length": str(10**9)}, raw=b"")
    assert big.status == 413
    assert sessions(app) == []


def test_session_names_from_a_page_are_exact_folder_names_only(app, private_home):
    from tests.sessionfactory import AnswerSpec, make_session, scripted

    folder = make_session(private_home / "recordings", [
        AnswerSpec("great-candidate", "I am calm", analysis=scripted(score=60))]).folder
    outside = private_home / "outside"
    outside.mkdir()
    for name in ("..", "..%2F..%2Foutside", folder.name[:8], "%2e%2e", folder.name + "x",
                 str(folder).replace("/", "%2F")):
        assert app.request("GET", f"/sessions/{name}").status in (404,), name
        assert app.request("POST", f"/api/sessions/{name}/delete", {}).status == 404, name
    assert folder.is_dir() and outside.is_dir()
    assert app.request("GET", f"/sessions/{folder.name}").status == 200
    report = app.request("GET", f"/sessions/{folder.name}/report.html")
    assert report.status == 200 and "frame-ancestors 'self'" in \
        report.headers["content-security-policy"]


def test_export_downloads_the_session_zip_and_delete_needs_post(app, private_home):
    import io
    import zipfile

    from tests.sessionfactory import AnswerSpec, make_session, scripted

    folder = make_session(private_home / "recordings", [
        AnswerSpec("great-candidate", "I am calm", analysis=scripted(score=60))]).folder
    reply = app.request("GET", f"/sessions/{folder.name}/export.zip")
    assert reply.status == 200
    assert reply.headers["content-type"] == "application/zip"
    assert f'filename="{folder.name}.zip"' in reply.headers["content-disposition"]
    names = zipfile.ZipFile(io.BytesIO(reply.body)).namelist()
    assert any(n.endswith("session.json") for n in names)
    assert list(folder.parent.glob("*.zip")) == []  # nothing left behind
    assert app.request("POST", f"/api/sessions/{folder.name}/delete", {}).json() == {
        "deleted": folder.name}
    assert not folder.exists()


# ------------------------------------------------------------------ a typed interview
def test_a_typed_interview_runs_through_the_api_with_feedback_and_a_second_try(app):
    reply = app.request("POST", "/api/start", TYPED)
    assert reply.status == 200, reply.text
    name = reply.json()["session"]
    assert app.request("POST", "/api/start", TYPED).status == 409  # one at a time
    app.events_until("type_answer")
    assert app.request("POST", "/api/action", {"action": "answer", "text": ANSWER}).status == 200
    events = app.events_until("offer_retry")
    feedback = [e for e in events if e["type"] == "feedback"]
    assert len(feedback) == 1 and isinstance(feedback[0]["score"], int)
    assert feedback[0]["tips"]
    assert app.request("POST", "/api/action", {"action": "retry"}).status == 200
    # The second try: the same question, a longer answer; then the tries compared.
    app.events_until("type_answer", 2)
    app.request("POST", "/api/action", {"action": "answer", "text": ANSWER + " " + ANSWER})
    events = app.events_until("comparison")
    assert [e for e in events if e["type"] == "comparison"][0]["rows"]
    app.events_until("offer_retry", 2)
    app.request("POST", "/api/action", {"action": "continue"})
    app.events_until("type_answer", 3)
    app.request("POST", "/api/action", {"action": "skip"})  # question 2: skipped
    app.events_until("offer_retry", 3)
    app.request("POST", "/api/action", {"action": "continue"})
    events = app.events_until("ended")
    assert events[-1] == {"type": "ended", "session": name, "complete": True}
    assert any(e["type"] == "summary" for e in events)
    manifest = read_manifest(app.app.recordings / name)
    assert manifest["status"] == "complete" and manifest["mode"] == "typed"
    first = manifest["questions"][0]
    assert first["status"] == "answered" and len(first.get("attempts") or []) == 1
    transcript = json.loads((app.app.recordings / name / first["files"]["transcript"])
                            .read_text())
    assert transcript["text"] == ANSWER + " " + ANSWER  # the page's text, as typed


def test_closing_the_app_mid_interview_keeps_the_session_resumable(app):
    name = app.request("POST", "/api/start", TYPED).json()["session"]
    app.events_until("type_answer")
    app.request("POST", "/api/action", {"action": "answer", "text": ANSWER})
    app.events_until("offer_retry")
    app.app.runner.stop()
    assert not app.app.runner.running
    manifest = read_manifest(app.app.recordings / name)
    assert manifest["status"] == "interrupted"
    assert manifest["questions"][0]["status"] == "answered"


def test_a_failure_inside_the_app_is_a_plain_500_without_a_traceback(app, monkeypatch):
    from mockinterview.webapp import pages

    def broken(*args, **kwargs):
        raise RuntimeError("secret internals /home/someone")

    monkeypatch.setattr(pages, "sessions_page", broken)
    reply = app.request("GET", "/sessions")
    assert reply.status == 500
    assert reply.text == "Error: the app failed on this request (RuntimeError)\n"


def test_clicks_made_before_a_question_cannot_answer_it():
    import threading

    from mockinterview.webapp.events import Closed, EventHub

    hub = EventHub()
    hub.reply({"action": "answer", "text": "a stale double click"})
    got: list = []
    waiter = threading.Thread(target=lambda: got.append(
        hub.ask("type_answer", {"answer"}, label="answer")))
    waiter.start()
    hub.since(0, 5)  # the question is out
    hub.reply({"action": "start"})  # not what it waits for: dropped
    hub.reply({"action": "answer", "text": "the real one"})
    waiter.join(5)
    assert got == [{"action": "answer", "text": "the real one"}]
    hub.close()
    with pytest.raises(Closed):
        hub.ask("think", {"start"}, timeout=5, seconds=5)


# ------------------------------------------------------------------ the command
def _start_app(*extra: str):
    import os
    import subprocess
    import sys

    from tests.conftest import REPO

    proc = subprocess.Popen([sys.executable, "-m", "mockinterview", "app", "--no-browser",
                             *extra], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONPATH": str(REPO)})
    url = proc.stdout.readline().strip()
    assert url.startswith("http://127.0.0.1:") and "/?token=" in url, url
    port = int(url.split(":")[2].split("/")[0])
    return proc, url, port


def _get(port: int, path: str, cookie: str | None = None):
    import http.client

    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", path, headers={"Cookie": cookie} if cookie else {})
    return conn, conn.getresponse()


def test_the_app_command_prints_its_address_serves_and_stops_on_ctrl_c():
    import signal

    proc, url, port = _start_app()
    try:
        token = url.split("token=")[1]
        conn, reply = _get(port, "/", f"mockinterview_{port}={token}")
        assert reply.status == 200 and b"Start the interview" in reply.read()
        conn.close()
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=30) == 130
    finally:
        proc.kill()
    err = proc.stderr.read()
    assert "Traceback" not in err and "this machine only" in err


@pytest.mark.slow
def test_closing_the_last_page_stops_the_app():
    proc, url, port = _start_app("--linger", "0.5")
    try:
        token = url.split("token=")[1]
        conn, reply = _get(port, "/events?presence=1", f"mockinterview_{port}={token}")
        assert reply.status == 200 and reply.readline() == b"retry: 1000\n"
        reply.close()  # the page is closed
        conn.close()
        assert proc.wait(timeout=60) == 0
    finally:
        proc.kill()
    assert "last page was closed" in proc.stderr.read()


def test_the_app_refuses_a_port_in_use():
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        from tests.conftest import run_cli_process

        done = run_cli_process("app", "--no-browser", "--port", str(port), timeout=60)
    assert done.returncode == 1
    assert done.stderr.startswith(f"Error: cannot listen on 127.0.0.1:{port}")


def test_feedback_at_the_end_comes_after_the_last_answer(app):
    app.request("POST", "/api/start", {**TYPED, "feedback": "at-end"})
    for n in (1, 2):
        app.events_until("type_answer", n)
        assert not any(e["type"] == "feedback" for e in app.events_until("type_answer", n))
        app.request("POST", "/api/action", {"action": "answer", "text": ANSWER})
    events = app.events_until("ended")
    kinds = [e["type"] for e in events]
    assert kinds.count("feedback") == 2 and "offer_retry" not in kinds
    assert kinds.index("feedback") > max(i for i, k in enumerate(kinds) if k == "answer_done")
    assert events[-1]["complete"] is True

"""Privacy: a whole spoken-answer session runs with the network blocked and tries no
connection; everything it writes (folders, WAVs, JSON, reports) is readable by its owner
only, whatever the umask. The one command that connects is an explicit model download."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from mockinterview.sessions import Session, session_dirs
from tests.conftest import REPO, need_real

# Loaded into the child through PYTHONPATH: every attempt to reach the network (a name
# lookup, a connection or a datagram on anything but a local AF_UNIX socket, which
# PulseAudio uses) is written to a log and refused. Audit hooks see every socket call made
# from Python; `unshare --net` below also blocks what a C library might try.
SITECUSTOMIZE = '''
import os, socket, sys

_LOG = os.environ["MOCKINTERVIEW_NET_LOG"]
_EVENTS = {"socket.connect", "socket.sendto", "socket.sendmsg", "socket.getaddrinfo",
           "socket.gethostbyname", "socket.gethostbyaddr"}


def _guard(event, args):
    if event not in _EVENTS:
        return
    if event in ("socket.connect", "socket.sendto", "socket.sendmsg") and \\
            getattr(args[0], "family", None) == socket.AF_UNIX:
        return
    shown = args[1:] if event.startswith(("socket.connect", "socket.send")) else args
    with open(_LOG, "a") as f:
        f.write(f"{event} {shown!r}\\n")
    raise PermissionError("network access blocked by the test")


sys.addaudithook(_guard)
'''

ANSWERS = {
    "01.wav": "I have worked as a medical secretary for five years at a busy clinic.",
    "02.wav": "Last year two doctors were booked into one room, so I called every patient "
              "myself and rebooked them the same day.",
    "03.wav": "I keep my files in folders by date and scan paper letters straight away.",
}


def net_namespace_works() -> bool:
    return (shutil.which("unshare") is not None and os.geteuid() == 0 and subprocess.run(
        ["unshare", "--net", "true"], capture_output=True).returncode == 0)


def blocked(tmp_path: Path, *argv: str, timeout: float = 300) -> tuple[
        subprocess.CompletedProcess, list[str]]:
    """Run `python -m mockinterview ARGV` in a new network namespace (no interfaces but a
    down loopback) with the audit-hook guard and umask 000; return it and the attempts."""
    guard = tmp_path / "guard"
    guard.mkdir(exist_ok=True)
    (guard / "sitecustomize.py").write_text(SITECUSTOMIZE)
    log = tmp_path / "network-attempts.log"
    log.write_text("")
    env = {**os.environ, "PYTHONPATH": f"{guard}{os.pathsep}{REPO}",
           "MOCKINTERVIEW_NET_LOG": str(log)}
    result = subprocess.run(["unshare", "--net", sys.executable, "-m", "mockinterview", *argv],
                            stdin=subprocess.DEVNULL, capture_output=True, text=True,
                            timeout=timeout, env=env, cwd=REPO,
                            preexec_fn=lambda: os.umask(0))  # prove modes do not rely on it
    return result, log.read_text().splitlines()


def mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.mark.slow
def test_a_full_session_with_the_network_blocked_connects_nowhere_and_stays_private(
        tmp_path, vosk_model_dir):
    need_real(net_namespace_works(), "unshare --net as root (a network-less namespace)")
    answers = tmp_path / "answers"
    answers.mkdir()
    for name, text in ANSWERS.items():
        subprocess.run(["espeak-ng", "-v", "en-us", "-w", str(answers / name), text],
                       check=True, capture_output=True)
    rec = tmp_path / "rec"
    result, attempts = blocked(
        tmp_path, "practice", "--answers-from", str(answers), "--fast", "--no-speech",
        "--think-seconds", "0", "--model", str(vosk_model_dir), "--recordings", str(rec),
        "--question", "experience-and-motivation", "--question", "communication-issue",
        "--question", "file-organisation")
    assert result.returncode == 0, result.stderr
    assert attempts == []
    [folder] = session_dirs(rec)
    assert Session.open(folder).manifest["status"] == "complete"

    # Reports, one into the session folder (html default) and one elsewhere with --out.
    out = tmp_path / "shared" / "report.md"
    out.parent.mkdir()
    for argv in (["report", "--format", "html"], ["report", "--format", "md", "--out", str(out)],
                 ["report", "--format", "json", "--out", str(tmp_path / "shared" / "r.json")]):
        result, attempts = blocked(tmp_path, *argv, "--recordings", str(rec))
        assert result.returncode == 0, result.stderr
        assert attempts == []

    assert mode(rec) == 0o700 and mode(folder) == 0o700
    written = sorted(p.name for p in folder.iterdir())
    assert {"session.json", "report.html", "q01-experience-and-motivation.wav",
            "q01-experience-and-motivation.transcript.json",
            "q01-experience-and-motivation.analysis.json"} <= set(written)
    for path in folder.iterdir():
        assert path.is_file() and mode(path) == 0o600, (path.name, oct(mode(path)))
    assert mode(out) == 0o600 and mode(tmp_path / "shared" / "r.json") == 0o600


def test_the_guard_catches_a_connection_so_the_test_above_can_fail(tmp_path):
    """The explicit model download is the one command that reaches out: in the blocked
    child it is logged, refused, and reported as a clear error."""
    need_real(net_namespace_works(), "unshare --net as root (a network-less namespace)")
    result, attempts = blocked(tmp_path, "model", "download", "--url",
                               "http://127.0.0.1:9/model.zip", timeout=60)
    assert result.returncode == 1
    assert "\nError: download failed" in result.stderr
    assert "(network access blocked by the test)" in result.stderr
    assert "Traceback" not in result.stderr
    assert attempts and attempts[0].startswith("socket.getaddrinfo ('127.0.0.1', 9,")

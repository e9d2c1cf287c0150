"""Damaged and unwritable sessions: a corrupt or newer session.json, a missing answer WAV, a
full disk while saving the manifest, a read-only recordings folder. Each gives one clear
`Error: ...` line and nothing already saved is changed or lost.

Already covered elsewhere: Session.open on a corrupt or newer manifest (test_sessions.py), a
report of a corrupt session and a report with a missing recording (test_report.py), a full
disk while saving an answer's analysis (test_interview_typed.py), a full disk while
recording (test_faults_audio.py).
"""

from __future__ import annotations

import errno
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from mockinterview.sessions import MANIFEST, Session, session_dirs
from tests.conftest import need_real
from tests.sessionfactory import AnswerSpec, have_espeak, make_session

QUESTIONS = ["experience-and-motivation", "file-organisation"]
TYPED = ("I have worked as a medical secretary for five years at a busy clinic and I love "
         "helping patients feel welcome.\n\n"
         "I keep my files in folders by date and I scan paper letters straight away.\n\n")


def typed_args(rec: Path) -> list[str]:
    args = ["practice", "--type", "--no-speech", "--think-seconds", "0", "--follow-ups", "off",
            "--recordings", str(rec)]
    for q in QUESTIONS:
        args += ["--question", q]
    return args


@pytest.fixture
def typed_session(cli, tmp_path, monkeypatch) -> Path:
    """A complete two-question typed session, made by the real CLI."""
    monkeypatch.setattr("sys.stdin", io.StringIO(TYPED))
    code, _, err = cli(*typed_args(tmp_path / "rec"))
    assert code == 0, err
    [folder] = session_dirs(tmp_path / "rec")
    return folder


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_a_corrupt_session_json_is_named_and_left_as_it_is(cli, typed_session):
    manifest = typed_session / MANIFEST
    manifest.write_text('{"schema_version": 1, "questions": [')
    before = snapshot(typed_session)
    rec = str(typed_session.parent)
    expected = (f"Error: {manifest} is unreadable or corrupt (Expecting value: line 1 column "
                f"37 (char 36))\n")
    for command in (["report", typed_session.name], ["replay", typed_session.name],
                    ["resume", typed_session.name, "--type"]):
        code, out, err = cli(*command, "--recordings", rec)
        assert (code, out, err) == (1, "", expected), command
    # Lists and history skip it instead of failing.
    code, out, err = cli("sessions", "--recordings", rec)
    assert code == 0 and typed_session.name in out
    code, out, err = cli("history", "--recordings", rec)
    assert code == 0, err
    assert snapshot(typed_session) == before  # the answers are still there, untouched


@pytest.mark.parametrize("manifest", [[], {"questions": 3}, {"schema_version": 1}])
def test_a_session_json_of_the_wrong_shape_is_named(cli, typed_session, manifest):
    path = typed_session / MANIFEST
    path.write_text(json.dumps(manifest))
    code, out, err = cli("report", typed_session.name, "--recordings", str(typed_session.parent))
    assert (code, err) == (1, f"Error: {path} is not a session manifest\n")


def test_a_session_from_a_newer_version_is_refused_unchanged(cli, typed_session):
    path = typed_session / MANIFEST
    data = json.loads(path.read_text())
    data["schema_version"] = 2
    data["questions"][0]["new_field"] = {"from": "the future"}
    path.write_text(json.dumps(data))
    before = snapshot(typed_session)
    expected = (f"Error: {path}: written by a newer mockinterview (session "
                "format 2; this version reads up to 1). Upgrade mockinterview to open it.\n")
    for command in (["report"], ["resume", "--type"], ["replay"]):
        code, out, err = cli(*command, typed_session.name, "--recordings",
                             str(typed_session.parent))
        assert (code, out, err) == (1, "", expected), command
    assert snapshot(typed_session) == before


@pytest.mark.skipif(not have_espeak(), reason="espeak-ng is not installed")
def test_a_missing_answer_wav_is_noted_and_the_rest_still_plays(cli, private_home):
    session = make_session(private_home / "recordings", [
        AnswerSpec("experience-and-motivation", "I love helping patients."),
        AnswerSpec("file-organisation", "I keep folders by date.")])
    session.files(1).audio.unlink()
    code, out, err = cli("replay", "--no-audio")
    assert code == 0, err
    assert "(recording missing (q01-experience-and-motivation.wav))" in out
    assert "folders" in out and "date" in out  # the second answer is replayed in full
    code, out, err = cli("report", "--format", "html", "--out", "-")
    assert code == 0 and "recording missing (q01-experience-and-motivation.wav)" in out


def test_a_full_disk_while_saving_session_json_keeps_the_last_good_one(cli, tmp_path,
                                                                       monkeypatch):
    """A full disk is simulated at the atomic writer (a stand-in: a real disk cannot be
    filled here): every save of session.json fails once the first answer is saved."""
    from mockinterview import sessions

    real = sessions.write_json_atomic
    saved: list[dict] = []

    def failing(path, data):
        if path.name == MANIFEST and saved and saved[-1]["questions"][0]["status"] == "answered":
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real(path, data)
        if path.name == MANIFEST:
            saved.append(json.loads(json.dumps(data)))

    monkeypatch.setattr(sessions, "write_json_atomic", failing)
    monkeypatch.setattr("sys.stdin", io.StringIO(TYPED))
    code, _, err = cli(*typed_args(tmp_path / "rec"))
    assert code == 1
    [folder] = session_dirs(tmp_path / "rec")
    assert err.splitlines()[-1] == (f"Error: could not save {folder / MANIFEST}: No space left "
                                    "on device. Answers already saved are kept.")
    session = Session.open(folder)  # the last good manifest, whole
    assert session.question(1)["status"] == "answered"
    assert session.files(1).analysis.is_file()
    assert not [p for p in folder.iterdir() if p.name.endswith(".tmp")]


def unshare_works() -> bool:
    if not shutil.which("unshare") or os.geteuid() != 0:
        return False
    return subprocess.run(["unshare", "--mount", "true"], capture_output=True).returncode == 0


def run_read_only(rec: Path, *argv: str, stdin: str = "") -> subprocess.CompletedProcess:
    """Run the CLI in a child whose view of `rec` is a read-only bind mount: a real
    read-only file system (EROFS), which even root cannot write."""
    script = ('mount --bind -o ro "$0" "$0" && exec "$1" -m mockinterview "${@:2}"')
    return subprocess.run(["unshare", "--mount", "bash", "-c", script, str(rec),
                           sys.executable, *argv], input=stdin, capture_output=True, text=True,
                          timeout=120, env=os.environ.copy())


@pytest.mark.slow
def test_a_read_only_recordings_folder_refuses_clearly_and_keeps_sessions(typed_session):
    need_real(unshare_works(), "unshare --mount as root (a real read-only mount)")
    rec = typed_session.parent
    before = snapshot(typed_session)
    result = run_read_only(rec, *typed_args(rec), stdin=TYPED)
    assert result.returncode == 1
    assert result.stderr == (f"Error: cannot create a session folder in {rec}: Read-only file "
                             "system\n")
    # Reading still works; writing a report into the session folder says why it cannot.
    result = run_read_only(rec, "report", "--recordings", str(rec))
    assert result.returncode == 0 and "Q1." in result.stdout or "experience" in result.stdout
    result = run_read_only(rec, "report", "--format", "html", "--recordings", str(rec))
    assert result.returncode == 1
    assert result.stderr == (f"Error: cannot write {typed_session / 'report.html'}: Read-only "
                             "file system\n")
    assert session_dirs(rec) == [typed_session]
    assert snapshot(typed_session) == before

"""The whole interview loop with typed answers (no microphone, no model): sessions,
follow-ups, summary, and what survives a failing disk."""

from __future__ import annotations

import errno
import json
import os
import stat


from mockinterview.sessions import Session, session_dirs
from tests.conftest import run_cli_process

QUESTIONS = ["experience-and-motivation", "communication-issue", "file-organisation"]
ANSWERS = [
    "um so basically I have worked as a medical secretary for five years at a busy clinic "
    "and uh I love helping patients feel welcome",
    # A story with no result: the interviewer follows up.
    "last year our clinic had a scheduling mix up between two doctors. I was responsible for "
    "fixing it. I called every patient myself and rebooked them",
    "in the end every patient was seen that week and we had no complaints",
    "I keep a consistent system with folders by date and I scan paper files into the ehr "
    "straight away",
]


def typed_input(answers: list[str]) -> str:
    return "".join(a + "\n\n" for a in answers)


def run_typed(tmp_path, answers=ANSWERS, *extra):
    args = ["practice", "--type", "--no-speech", "--think-seconds", "0",
            "--recordings", str(tmp_path / "rec")]
    for q in QUESTIONS:
        args += ["--question", q]
    return run_cli_process(*args, *extra, input=typed_input(answers))


def test_typed_session_is_complete_private_and_analysed(tmp_path):
    result = run_typed(tmp_path)
    assert result.returncode == 0, result.stderr
    [folder] = session_dirs(tmp_path / "rec")
    session = Session.open(folder)
    m = session.manifest
    assert m["status"] == "complete" and m["mode"] == "typed"
    assert [q["status"] for q in m["questions"]] == ["answered"] * 3
    assert stat.S_IMODE(os.stat(folder).st_mode) == 0o700
    for path in folder.iterdir():
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600, path

    first = json.loads(session.files(1).analysis.read_text())
    assert first["filler_count"]["strict"] == 2  # um, uh
    assert first["fillers"]["um"] == 1 and first["fillers"]["uh"] == 1
    assert first["duration_s"] is None  # typed: no timing measures

    # The story lacked a result, so the follow-up was asked; its answer completes STAR.
    story = m["questions"][1]
    assert story["follow_up"] == "And what was the outcome?"
    analysis = json.loads(session.files(2).analysis.read_text())
    assert analysis["star"] == {"situation": True, "task": True, "action": True,
                                "result": True}
    transcript = json.loads(session.files(2).transcript.read_text())
    assert transcript["text"].endswith("we had no complaints")

    # Not a story question: no follow-up even without a result.
    assert m["questions"][2].get("follow_up") is None
    points = json.loads(session.files(3).analysis.read_text())["talking_points"]
    assert "a consistent system" in points["covered"]

    # The summary (stdout) lists every question with its STAR letters.
    assert "Session summary" in result.stdout
    assert "communication-issue" in result.stdout and "STAR" in result.stdout
    assert folder.name in result.stdout


def test_full_disk_while_saving_keeps_finished_answers_and_says_so(tmp_path, monkeypatch, cli):
    """A full disk is simulated at the one place session files are written (a stand-in:
    filling a real disk is not possible here)."""
    import io

    from mockinterview import sessions

    real = sessions.write_json_atomic

    def failing(path, data):
        if path.name == "q02-communication-issue.analysis.json":
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real(path, data)

    monkeypatch.setattr(sessions, "write_json_atomic", failing)
    monkeypatch.setattr("sys.stdin", io.StringIO(typed_input(ANSWERS)))
    args = ["practice", "--type", "--no-speech", "--think-seconds", "0", "--follow-ups", "off",
            "--recordings", str(tmp_path / "rec")]
    for q in QUESTIONS:
        args += ["--question", q]
    code, _, err = cli(*args)
    assert code == 1
    [folder] = session_dirs(tmp_path / "rec")
    assert err.splitlines()[-1] == (
        f"Error: could not save {folder}/q02-communication-issue.analysis.json: No space left "
        "on device. Answers already saved are kept.")
    session = Session.open(folder)
    assert session.question(1)["status"] == "answered"
    assert json.loads(session.files(1).analysis.read_text())["word_count"] > 10
    assert session.question(2)["status"] != "answered"
    assert session.files(2).transcript.is_file()  # written before the failure


def test_a_bad_speaking_rate_is_refused_before_a_session_is_created(tmp_path, cli):
    rec = tmp_path / "rec"
    code, _, err = cli("practice", "--type", "--rate", "1000", "--recordings", str(rec))
    assert code == 1 and "--rate must be between 80 and 450" in err
    assert not rec.exists()


def test_bad_flags_are_refused_before_a_session_is_created(tmp_path, cli):
    rec = tmp_path / "rec"
    code, _, err = cli("practice", "--type", "--no-speech", "--max-answer-seconds", "-1",
                       "--recordings", str(rec))
    assert code == 1
    assert err == "Error: --max-answer-seconds must be at least 1 seconds (got -1)\n"
    assert not rec.exists()

"""Trying a question again: the typed interview with two attempts end to end (manifest,
files, comparison, report JSON, export/import, resume after a kill between attempts), the
comparison in words, and hostile manifests with attempts."""

from __future__ import annotations

import json
import os
import shutil
import signal
import stat
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from mockinterview.analysis import analyse_answer
from mockinterview.attempts import compare, facts_of, summary_sentence
from mockinterview.bank import load_bank
from mockinterview.errors import SessionError
from mockinterview.sessions import Session, read_manifest, session_dirs
from mockinterview.transcript import Transcript
from tests.conftest import REPO, run_cli_process

STORY = "communication-issue"
FIRST = ("um last year our clinic had a scheduling mix up between two doctors. uh I was "
         "responsible for fixing it. um I called every patient myself and uh rebooked them "
         "um the same day")
OUTCOME = "um in the end uh every patient was seen"
SECOND = ("last year our clinic had a scheduling mix up between two doctors. I was "
          "responsible for fixing it. I called every patient myself and rebooked them. In "
          "the end every patient was seen that week, and since then we confirm every change "
          "in writing")
FILES = "I keep folders by date"


def typed(*answers: str) -> str:
    return "".join(a + "\n\n" for a in answers)


def practice(tmp_path, *extra, questions=(STORY,), **kwargs):
    args = ["practice", "--type", "--no-speech", "--think-seconds", "0",
            "--recordings", str(tmp_path / "rec"), *extra]
    for q in questions:
        args += ["--question", q]
    return run_cli_process(*args, **kwargs)


@pytest.fixture(scope="module")
def two_tries(tmp_path_factory) -> Path:
    """A typed session with two tries at the story question, made once for the tests that
    only read or spoil it (each spoils its own copy)."""
    tmp = tmp_path_factory.mktemp("two-tries")
    result = practice(tmp, "--attempts", "2", input=typed(FIRST, OUTCOME, SECOND))
    assert result.returncode == 0, result.stderr
    [folder] = session_dirs(tmp / "rec")
    return folder


def copy_of(folder: Path, tmp_path: Path) -> Path:
    """The session folder copied into tmp_path/rec, private as the original."""
    rec = tmp_path / "rec"
    rec.mkdir(mode=0o700)
    return Path(shutil.copytree(folder, rec / folder.name))


def analysis_of(text: str, qid: str = STORY):
    return analyse_answer(Transcript.from_text(text), load_bank().get(qid))


# ---------------------------------------------------------------- the comparison, pure

def test_comparison_says_what_the_second_try_added_and_dropped():
    first, second = analysis_of(FIRST).record(), analysis_of(SECOND).record()
    facts = [facts_of(first, 1), facts_of(second, 2)]
    assert first.star["result"] is False and second.star["result"] is True
    sentence = summary_sentence(*facts)
    fewer = first.filler_total - second.filler_total
    assert fewer == 5  # um, uh, um, uh, um
    assert sentence.startswith("Your second try added a result")
    assert f"used {fewer} fewer fillers" in sentence
    assert f"(score {facts[0].score} -> {facts[1].score})" in sentence
    # And the other way round: what got worse is said as such.
    back = summary_sentence(facts_of(second, 1), facts_of(first, 2))
    assert "left out the result" in back and f"used {fewer} more fillers" in back
    result = compare(facts)
    assert [a["attempt"] for a in result["attempts"]] == [1, 2]
    assert result["score_change"] == facts[1].score - facts[0].score
    assert compare(facts[:1]) is None


def test_the_same_answer_twice_is_much_the_same():
    record = analysis_of(SECOND).record()
    assert summary_sentence(facts_of(record, 1), facts_of(record, 2)).startswith(
        "Your second try was much the same as the first")


# ---------------------------------------------------------------- typed, end to end

def test_typed_session_with_two_attempts_keeps_both_and_compares_them(tmp_path):
    result = practice(tmp_path, "--attempts", "2", input=typed(FIRST, OUTCOME, SECOND))
    assert result.returncode == 0, result.stderr
    [folder] = session_dirs(tmp_path / "rec")
    session = Session.open(folder)  # the folder checks accept the attempts
    q = session.question(1)
    assert session.manifest["attempts_per_question"] == 2
    assert q["status"] == "answered" and len(q["attempts"]) == 1
    earlier = q["attempts"][0]
    assert earlier["follow_up"] == "And what was the outcome?"  # the first try's follow-up
    assert q.get("follow_up") is None  # the second told its result: no follow-up
    assert earlier["files"]["analysis"] == f"q01-{STORY}.analysis.json"
    assert q["files"]["analysis"] == f"q01-{STORY}.try2.analysis.json"
    for path in folder.iterdir():
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600, path
    first = json.loads((folder / earlier["files"]["transcript"]).read_text())
    assert first["text"].endswith("every patient was seen")
    # The candidate sees both tries side by side and the change in words.
    assert "Your tries at communication-issue" in result.stderr
    # (Its follow-up gave the first try a result too, so the change is in points and fillers.)
    assert "Your second try covered a lasting change and used 7 fewer fillers" in \
        " ".join(result.stderr.split())
    # The summary uses the latest try.
    second_score = json.loads((folder / q["files"]["analysis"]).read_text())["score"]
    assert q["score"] == second_score
    assert "tries" in result.stdout and "Each row is your latest try." in result.stdout

    code = run_cli_process("report", folder.name, "--format", "json",
                           "--recordings", str(tmp_path / "rec"))
    assert code.returncode == 0, code.stderr
    report = json.loads(code.stdout)
    [answer] = report["answers"]
    attempts = answer["attempts"]
    assert [a["attempt"] for a in attempts] == [1, 2]  # oldest first
    assert all(isinstance(a["answered_at"], str) for a in attempts)
    assert attempts[0]["score"] < attempts[1]["score"]
    assert attempts[1]["score"] == second_score == answer["score"]
    assert answer["comparison"]["summary"].startswith("Your second try")
    assert answer["comparison"]["attempts"][1]["score"] == second_score
    for row in report["skills"].values():
        assert set(row) >= {"name", "shown", "evidence"}


@pytest.mark.slow
def test_r_after_the_feedback_asks_the_same_question_again(tmp_path):
    # --offer-retry reads the choice from the pipe as a terminal user would type it.
    result = practice(tmp_path, "--offer-retry", questions=(STORY, "file-organisation"),
                      input=typed(FIRST, OUTCOME) + "r\n" + typed(SECOND) + "\n"
                      + typed(FILES) + "\n")
    assert result.returncode == 0, result.stderr
    assert result.stderr.count("Press r then Enter to try this question again") == 3
    assert "Try 2 at question 1" in result.stderr
    [folder] = session_dirs(tmp_path / "rec")
    m = Session.open(folder).manifest
    assert len(m["questions"][0]["attempts"]) == 1
    assert "attempts" not in m["questions"][1]  # Enter: went on without a retry
    assert m["status"] == "complete"


@pytest.mark.slow
def test_without_a_terminal_or_the_flag_no_retry_is_offered(tmp_path):
    result = practice(tmp_path, input=typed(FIRST, OUTCOME))
    assert result.returncode == 0, result.stderr
    assert "try this question again" not in result.stderr


def test_attempts_out_of_range_is_refused(tmp_path):
    result = practice(tmp_path, "--attempts", "6", input="")
    assert result.returncode == 1
    assert result.stderr.strip() == "Error: --attempts must be between 1 and 5 (got 6)"


def test_attempts_survive_export_and_import(tmp_path, two_tries):
    folder = copy_of(two_tries, tmp_path)
    rec = tmp_path / "rec"
    out = tmp_path / "s.zip"
    result = run_cli_process("sessions", "export", folder.name, "--out", str(out),
                             "--recordings", str(rec))
    assert result.returncode == 0, result.stderr
    names = zipfile.ZipFile(out).namelist()
    assert any(n.endswith(".try2.analysis.json") for n in names)
    assert any(n.endswith(f"q01-{STORY}.analysis.json") for n in names)
    other = tmp_path / "other"
    result = run_cli_process("sessions", "import", str(out), "--yes", "--recordings",
                             str(other))
    assert result.returncode == 0, result.stderr
    [copy] = session_dirs(other)
    report = json.loads(run_cli_process("report", copy.name, "--format", "json",
                                        "--recordings", str(other)).stdout)
    assert [a["attempt"] for a in report["answers"][0]["attempts"]] == [1, 2]
    assert "comparison" in report["answers"][0]


def test_an_import_whose_attempt_names_a_file_outside_is_refused(tmp_path, two_tries):
    folder = copy_of(two_tries, tmp_path)
    manifest = json.loads((folder / "session.json").read_text())
    manifest["questions"][0]["attempts"][0]["files"]["analysis"] = "../elsewhere.json"
    out = tmp_path / "bad.zip"
    with zipfile.ZipFile(out, "w") as zf:
        info = zipfile.ZipInfo(f"{folder.name}/session.json")
        info.external_attr = 0o100600 << 16  # a regular file
        zf.writestr(info, json.dumps(manifest))
    result = run_cli_process("sessions", "import", str(out), "--yes", "--recordings",
                             str(tmp_path / "other"))
    assert result.returncode == 1
    assert "question 1 attempt 1" in result.stderr and "Traceback" not in result.stderr
    assert not session_dirs(tmp_path / "other")


@pytest.mark.parametrize("change, problem", [
    (lambda q: q.__setitem__("attempts", "many"), "question 1 'attempts' must be a list"),
    (lambda q: q.__setitem__("attempts", [1]), "question 1 attempt 1 must be an object"),
    (lambda q: q["attempts"][0].__setitem__("score", 1e9),
     "question 1 attempt 1 'score' is 1000000000.0, outside 0 to 100"),
    (lambda q: q["attempts"][0]["files"].__setitem__("analysis", q["files"]["analysis"]),
     "is used twice"),
    (lambda q: q["attempts"][0]["files"].__setitem__("audio", "x.json"),
     "should end in .wav"),
    (lambda q: q.__setitem__("attempts", q["attempts"] * 5), "has 6 attempts (at most 5)"),
])
def test_hostile_attempts_give_one_error_naming_the_problem(tmp_path, two_tries, cli,
                                                           change, problem):
    folder = copy_of(two_tries, tmp_path)
    path = folder / "session.json"
    manifest = json.loads(path.read_text())
    change(manifest["questions"][0])
    path.write_text(json.dumps(manifest))
    with pytest.raises(SessionError, match=problem.replace("(", r"\(").replace(")", r"\)")):
        Session.open(folder)
    code, _, err = cli("report", folder.name, "--recordings", str(tmp_path / "rec"))
    assert code == 1 and err.startswith("Error: ") and "Traceback" not in err


def test_a_link_named_by_an_earlier_attempt_is_refused(tmp_path, two_tries):
    folder = copy_of(two_tries, tmp_path)
    first = folder / f"q01-{STORY}.analysis.json"
    first.unlink()
    first.symlink_to(tmp_path / "secret.json")
    with pytest.raises(SessionError):
        Session.open(folder)


@pytest.mark.slow
def test_resume_after_a_kill_between_two_attempts_asks_the_second(tmp_path):
    rec = tmp_path / "rec"
    args = [sys.executable, "-m", "mockinterview", "practice", "--type", "--no-speech",
            "--think-seconds", "0", "--recordings", str(rec), "--attempts", "2",
            "--question", STORY, "--question", "file-organisation"]
    proc = subprocess.Popen(args, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, text=True, cwd=REPO)
    try:
        proc.stdin.write(typed(FIRST, OUTCOME))
        proc.stdin.flush()
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:  # wait for the second try to be under way
            dirs = session_dirs(rec)
            q = (read_manifest(dirs[0]) or {}).get("questions", [{}])[0] if dirs else {}
            if q.get("attempts") and q.get("status") in ("asked", "recording"):
                break
            time.sleep(0.05)
        else:
            pytest.fail("the second attempt never started")
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    [folder] = session_dirs(rec)
    result = run_cli_process("resume", folder.name, "--type", "--no-speech",
                             "--think-seconds", "0", "--recordings", str(rec),
                             input=typed(SECOND, FILES, FILES + " and scan them"))
    assert result.returncode == 0, result.stderr
    assert "2 of 2 questions left" in result.stderr
    m = Session.open(folder).manifest
    assert m["status"] == "complete"
    first, second = m["questions"]
    assert len(first["attempts"]) == 1 and first["status"] == "answered"
    assert first["attempts"][0]["follow_up"] == "And what was the outcome?"
    assert len(second["attempts"]) == 1
    report = json.loads(run_cli_process("report", folder.name, "--format", "json",
                                        "--recordings", str(rec)).stdout)
    assert [len(a["attempts"]) for a in report["answers"]] == [2, 2]


@pytest.mark.slow
def test_an_older_session_without_attempts_still_reports(tmp_path):
    assert practice(tmp_path, input=typed(FIRST, OUTCOME)).returncode == 0
    [folder] = session_dirs(tmp_path / "rec")
    manifest = json.loads((folder / "session.json").read_text())
    assert "attempts" not in manifest["questions"][0]
    report = json.loads(run_cli_process("report", folder.name, "--format", "json",
                                        "--recordings", str(tmp_path / "rec")).stdout)
    [answer] = report["answers"]
    assert len(answer["attempts"]) == 1 and "comparison" not in answer


def test_a_crash_while_recording_a_second_try_keeps_the_first_as_the_answer(tmp_path):
    from mockinterview.audio.wavfile import write_wav
    import numpy as np

    bank = load_bank()
    q = bank.get(STORY)
    session = Session.create(tmp_path / "rec", bank.id, bank.title, str(bank.path),
                             [{"id": q.id, "group": q.group, "text": q.text}], "spoken", {})
    first = session.files(1)
    session.write_answer_json(first.analysis, analysis_of(FIRST).to_dict())
    session.update_question(1, status="answered", score=50, answer_ended_at="t1",
                            files={"analysis": first.analysis.name})
    assert session.start_attempt(1) == 2
    second = session.files(1)
    assert second.audio.name == f"q01-{STORY}.try2.wav"
    session.update_question(1, status="recording", phase="answer")
    write_wav(second.audio, np.zeros(16000, dtype=np.int16))  # the partial recording
    reopened = Session.open(session.folder)
    kept = reopened.recover_interrupted()
    assert [p.name for p in kept] == [f"q01-{STORY}.try2.interrupted.wav"]
    entry = reopened.question(1)
    assert entry["status"] == "answered" and "attempts" not in entry
    assert entry["files"] == {"analysis": first.analysis.name} and entry["score"] == 50
    assert reopened.remaining() == []
    # With --attempts 2 still owed, resume asks the second try again.
    reopened.manifest["attempts_per_question"] = 2
    assert reopened.remaining() == [1]

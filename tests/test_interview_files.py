"""The interview from WAV answers (`--answers-from`) through the real recording and Vosk
path: complete sessions, follow-ups, Ctrl-C, kill -9 and resume.

The recogniser is the real Korean test model (no English model can be downloaded here), so
the English eSpeak NG answers come back as Korean-looking words: these tests check the flow,
files and timings, not the words.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from mockinterview.audio.wavfile import read_pipeline_audio
from mockinterview.sessions import Session, read_manifest, session_dirs
from tests.conftest import REPO, run_cli_process

QUESTIONS = ["experience-and-motivation", "communication-issue", "file-organisation"]
ANSWERS = {
    "01.wav": "I have worked as a medical secretary for five years, and I love helping "
              "patients feel welcome.",
    "02.wav": "Last year two doctors were booked into one room. The mix up confused everyone.",
    "02.followup.wav": "I called every patient myself and rebooked them the same day.",
    "03.wav": "I keep my files in folders by date, and I scan paper letters straight away.",
}


@pytest.fixture(scope="module")
def answers_dir(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("answers")
    for name, text in ANSWERS.items():
        subprocess.run(["espeak-ng", "-v", "en-us", "-w", str(folder / name), text],
                       check=True, capture_output=True)
    return folder


def practice_args(recordings: Path, model: Path, answers: Path, *extra: str) -> list[str]:
    args = ["practice", "--answers-from", str(answers), "--no-speech", "--think-seconds", "0",
            "--model", str(model), "--recordings", str(recordings), *extra]
    for q in QUESTIONS:
        args += ["--question", q]
    return args


def test_answers_from_files_make_a_complete_session(tmp_path, vosk_model_dir, answers_dir):
    rec = tmp_path / "rec"
    result = run_cli_process(*practice_args(rec, vosk_model_dir, answers_dir, "--fast"),
                             stdin=subprocess.DEVNULL, timeout=300)
    assert result.returncode == 0, result.stderr
    [folder] = session_dirs(rec)
    session = Session.open(folder)
    m = session.manifest
    assert m["status"] == "complete" and m["mode"] == "files"
    for q in m["questions"]:
        files = session.files(q["index"])
        assert q["status"] == "answered"
        # The answer WAV is the answer file, converted to 16 kHz mono, not cut short (with
        # a follow-up: the answer, 1 s of silence, then the follow-up answer).
        expected = len(read_pipeline_audio(answers_dir / f"{q['index']:02d}.wav")) / 16000
        if q.get("follow_up"):
            follow = read_pipeline_audio(answers_dir / f"{q['index']:02d}.followup.wav")
            expected += 1.0 + len(follow) / 16000
        assert len(read_pipeline_audio(files.audio)) / 16000 == pytest.approx(expected, abs=0.15)
        transcript = json.loads(files.transcript.read_text())
        starts = [w["start"] for w in transcript["words"]]
        assert starts == sorted(starts) and all(0 <= s <= transcript["duration_s"] for s in starts)
        analysis = json.loads(files.analysis.read_text())
        assert analysis["duration_s"] == pytest.approx(expected, abs=0.15)
        # The voice is measured from the recording as it was made (follow-up joined on).
        assert analysis["voice"]["reliable"] and analysis["voice"]["pitch_median_hz"] > 50
        assert isinstance(analysis["audio_fillers"], list)
        assert q["feedback_latency_s"] >= 0  # recorded (its size: scripts/bench.py)
    # The story question's answer lacks an action the analyser can find (the model hears
    # Korean), so the follow-up is asked and its answer is recorded too.
    story = session.question(2)
    assert story["follow_up"] in ("What did you do yourself?", "And what was the outcome?")
    assert not session.files(2).followup_audio.exists()  # joined into the answer's WAV
    assert session.question(1).get("follow_up") is None  # not a story question
    assert "Session summary" in result.stdout


def start_realtime(rec: Path, model: Path, answers: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "mockinterview",
         *practice_args(rec, model, answers, "--follow-ups", "off")],
        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        cwd=REPO)


def wait_until_recording(rec: Path, index: int, timeout: float = 120) -> Path:
    """Poll session.json (rewritten atomically) until question `index` is being recorded."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        for folder in session_dirs(rec):
            m = read_manifest(folder)
            if m and m["questions"][index - 1].get("status") == "recording":
                return folder
        time.sleep(0.05)
    raise AssertionError(f"question {index} was never recorded")


def signal_mid_answer(rec: Path, model: Path, answers: Path, sig: int):
    """Start a real-time session and send `sig` 1.5 s into the second answer's recording.

    Returns the session folder, the finished process and its stderr."""
    proc = start_realtime(rec, model, answers)
    try:
        folder = wait_until_recording(rec, 2)
        time.sleep(1.5)
        proc.send_signal(sig)
        _, err = proc.communicate(timeout=60)
    finally:
        proc.kill()
    return folder, proc, err


def test_ctrl_c_mid_answer_keeps_everything_and_exits_130(tmp_path, vosk_model_dir,
                                                          answers_dir):
    rec = tmp_path / "rec"
    folder, proc, err = signal_mid_answer(rec, vosk_model_dir, answers_dir, signal.SIGINT)
    assert proc.returncode == 130, err
    assert f"Finished answers are saved in {folder}" in err
    assert f"mockinterview resume {folder.name}" in err
    assert "Traceback" not in err
    session = Session.open(folder)
    assert session.manifest["status"] == "interrupted"
    assert session.question(1)["status"] == "answered"
    assert session.files(1).analysis.is_file()
    partial = read_pipeline_audio(session.files(2).audio)
    assert 1.0 < len(partial) / 16000 < 4.5  # the audio up to Ctrl-C, properly closed


def test_kill_9_mid_answer_then_resume_completes_the_session(tmp_path, vosk_model_dir,
                                                             answers_dir):
    rec = tmp_path / "rec"
    folder, _, _ = signal_mid_answer(rec, vosk_model_dir, answers_dir, signal.SIGKILL)
    # After the kill: the finished answer is intact and the partial WAV loads.
    session = Session.open(folder)
    assert session.question(1)["status"] == "answered"
    partial = read_pipeline_audio(session.files(2).audio)
    assert len(partial) / 16000 > 0.8 and np.abs(partial).max() > 1000

    result = run_cli_process("resume", folder.name, "--answers-from", str(answers_dir),
                             "--fast", "--no-speech", "--think-seconds", "0",
                             "--model", str(vosk_model_dir), "--recordings", str(rec),
                             stdin=subprocess.DEVNULL, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "Kept the interrupted recording q02-communication-issue.interrupted.wav" \
        in result.stderr
    session = Session.open(folder)
    assert session.manifest["status"] == "complete"
    assert [q["status"] for q in session.questions] == ["answered"] * 3
    assert (folder / "q02-communication-issue.interrupted.wav").is_file()
    assert session.files(3).analysis.is_file()


def test_a_missing_model_is_found_before_the_first_question(tmp_path, answers_dir):
    rec = tmp_path / "rec"
    result = run_cli_process("practice", "--answers-from", str(answers_dir), "--no-speech",
                             "--recordings", str(rec), stdin=subprocess.DEVNULL)
    assert result.returncode == 1
    assert result.stderr.startswith("Error: no speech model found: ")
    assert "mockinterview model download vosk-model-small-en-us-0.15" in result.stderr
    assert "Question 1" not in result.stderr
    assert not rec.exists()  # no empty session left behind

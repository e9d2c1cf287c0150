"""Two tries at a question through the real recording path: answers from WAV files
(`--answers-from --attempts 2`) and spoken into the PulseAudio virtual microphone with the
try-again key. The recogniser is the real Korean test model, so these check the flow, the
audio and the files of each try, not the words."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from mockinterview.audio.vad import speech_segments
from mockinterview.audio.wavfile import read_pipeline_audio
from mockinterview.sessions import Session, read_manifest, session_dirs
from tests.audio_support import need_pulse
from tests.conftest import REPO, run_cli_process

QUESTION = "great-candidate"
TRIES = ["I am calm and organised.",
         "I am calm and organised, and I have five years of clinic experience with patients."]


def speak_to_file(text: str, path: Path) -> Path:
    subprocess.run(["espeak-ng", "-v", "en-us", "-w", str(path), text], check=True,
                   capture_output=True)
    return path


def span_s(path: Path) -> float:
    heard = speech_segments(read_pipeline_audio(path))
    return heard[-1].end - heard[0].start


def check_two_tries(folder: Path, played: list[Path]) -> dict:
    session = Session.open(folder)
    q = session.question(1)
    assert q["status"] == "answered" and len(q["attempts"]) == 1
    audio = [folder / q["attempts"][0]["files"]["audio"], folder / q["files"]["audio"]]
    assert audio[1].name == f"q01-{QUESTION}.try2.wav"
    for recorded, source in zip(audio, played):
        # Each try's recording holds that try's speech (the second is the longer one).
        assert abs(span_s(recorded) - span_s(source)) < 0.3, recorded
    for files in (q["attempts"][0]["files"], q["files"]):
        transcript = json.loads((folder / files["transcript"]).read_text())
        assert transcript["words"], "the recogniser heard the try"
    report = json.loads(run_cli_process("report", str(folder), "--format", "json").stdout)
    [answer] = report["answers"]
    assert [a["attempt"] for a in answer["attempts"]] == [1, 2]
    lengths = [a["duration_s"] for a in answer["comparison"]["attempts"]]
    assert lengths[1] > lengths[0]
    return answer


def test_answers_from_files_with_two_attempts(tmp_path, vosk_model_dir):
    answers = tmp_path / "answers"
    answers.mkdir()
    played = [speak_to_file(t, answers / f"0{i}.wav") for i, t in enumerate(TRIES, start=1)]
    rec = tmp_path / "rec"
    result = run_cli_process("practice", "--answers-from", str(answers), "--fast",
                             "--no-speech", "--think-seconds", "0", "--attempts", "2",
                             "--model", str(vosk_model_dir), "--recordings", str(rec),
                             "--question", QUESTION, stdin=subprocess.DEVNULL, timeout=300)
    assert result.returncode == 0, result.stderr
    [folder] = session_dirs(rec)
    check_two_tries(folder, played)
    assert "Your second try" in result.stderr


def test_a_try_again_with_no_answer_file_left_records_nothing(tmp_path, vosk_model_dir):
    answers = tmp_path / "answers"
    answers.mkdir()
    for i, text in enumerate(TRIES, start=1):
        speak_to_file(text, answers / f"0{i}.wav")
    rec = tmp_path / "rec"
    # r after each feedback: the second file belongs to question 2, and then none is left.
    result = run_cli_process("practice", "--answers-from", str(answers), "--fast",
                             "--no-speech", "--think-seconds", "0", "--offer-retry",
                             "--model", str(vosk_model_dir), "--recordings", str(rec),
                             "--question", QUESTION, "--question", "day-to-day",
                             input="r\nr\n", timeout=300)
    assert result.returncode == 0, result.stderr
    said = " ".join(result.stderr.split())
    assert ("No answer file left for try 2 at question 1 (the files left are for the "
            "questions still to ask): going on without it.") in said
    assert "No answer file left for try 2 at question 2: going on without it." in said
    assert "Try 2 at question" not in said and "no answer recording given" not in said
    [folder] = session_dirs(rec)
    session = Session.open(folder)
    assert session.manifest["status"] == "complete"
    for index in (1, 2):
        q = session.question(index)
        assert q["status"] == "answered" and "attempts" not in q
        transcript = json.loads((folder / q["files"]["transcript"]).read_text())
        assert transcript["words"], "each question got its own file"
    assert not [p.name for p in folder.iterdir() if ".try" in p.name]


class Candidate(threading.Thread):
    """Speaks the next try into the virtual microphone whenever the interview listens."""

    def __init__(self, rec: Path, tries: list[Path]) -> None:
        super().__init__(daemon=True)
        self.rec, self.tries = rec, tries
        self.spoken: list[int] = []
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.is_set():
            for folder in session_dirs(self.rec):
                q = ((read_manifest(folder) or {}).get("questions") or [{}])[0]
                attempt = len(q.get("attempts") or []) + 1
                if q.get("status") == "recording" and attempt not in self.spoken \
                        and attempt <= len(self.tries):
                    self.spoken.append(attempt)
                    time.sleep(0.3)  # a person starts a moment after the tone
                    subprocess.run(["paplay", "-d", "vmic", str(self.tries[attempt - 1])],
                                   check=True, timeout=60)
            time.sleep(0.05)


@pytest.mark.audio
def test_spoken_try_again_key_records_a_second_try(tmp_path, vosk_model_dir):
    need_pulse()
    played = [speak_to_file(t, tmp_path / f"try{i}.wav") for i, t in enumerate(TRIES, 1)]
    rec = tmp_path / "rec"
    candidate = Candidate(rec, played)
    candidate.start()
    args = [sys.executable, "-m", "mockinterview", "practice", "--think-seconds", "0",
            "--silence-stop", "1.5", "--model", str(vosk_model_dir), "--recordings", str(rec),
            "--rate", "260", "--room-check", "0", "--offer-retry", "--question", QUESTION]
    try:
        # "r" after the first feedback (try again), then Enter (go on).
        result = subprocess.run(args, input="r\n\n", capture_output=True, text=True,
                                timeout=300, cwd=REPO)
    finally:
        candidate.done.set()
    assert result.returncode == 0, result.stderr
    assert candidate.spoken == [1, 2]
    assert "Try 2 at question 1" in result.stderr
    [folder] = session_dirs(rec)
    assert Session.open(folder).manifest["mode"] == "spoken"
    check_two_tries(folder, played)

"""A spoken interview end to end on the real PulseAudio virtual microphone: the questions
play to the `speaker` sink, a test candidate speaks eSpeak NG answers into `vmic` after each
question (and after the follow-up), and the real Vosk test model transcribes them.

The model is Korean (no English model can be downloaded here), so the checks are about the
flow, the audio and the files, not the words.
"""

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
from tests.conftest import REPO

QUESTIONS = ["great-candidate", "many-patients-at-once"]
ANSWERS = {
    (1, "answer"): "I am calm and organised, and I have five years of clinic experience.",
    (2, "answer"): "Last winter our waiting room was full and two colleagues were off sick.",
    (2, "follow_up"): "I sorted the patients by urgency and kept everyone informed.",
}


def speak_to_file(text: str, path: Path) -> Path:
    subprocess.run(["espeak-ng", "-v", "en-us", "-w", str(path), text], check=True,
                   capture_output=True)
    return path


class Candidate(threading.Thread):
    """Watches session.json; when the interview starts listening, speaks the next answer."""

    def __init__(self, rec: Path, answers: dict[tuple[int, str], Path]) -> None:
        super().__init__(daemon=True)
        self.rec, self.answers = rec, answers
        self.spoken: list[tuple[int, str]] = []
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.is_set():
            for folder in session_dirs(self.rec):
                m = read_manifest(folder) or {}
                for q in m.get("questions", []):
                    key = (q["index"], q.get("phase") or "")
                    if q.get("status") == "recording" and key in self.answers \
                            and key not in self.spoken:
                        self.spoken.append(key)
                        time.sleep(0.3)  # a person starts a moment after the tone
                        subprocess.run(["paplay", "-d", "vmic", str(self.answers[key])],
                                       check=True, timeout=60)
            time.sleep(0.05)


@pytest.mark.audio
def test_spoken_interview_on_the_virtual_microphone(tmp_path, vosk_model_dir):
    need_pulse()
    answers = {key: speak_to_file(text, tmp_path / f"{key[0]}-{key[1]}.wav")
               for key, text in ANSWERS.items()}
    rec = tmp_path / "rec"
    candidate = Candidate(rec, answers)
    candidate.start()
    args = [sys.executable, "-m", "mockinterview", "practice", "--think-seconds", "0",
            "--silence-stop", "1.5", "--model", str(vosk_model_dir), "--recordings", str(rec),
            "--rate", "260"]
    for q in QUESTIONS:
        args += ["--question", q]
    try:
        result = subprocess.run(args, stdin=subprocess.DEVNULL, capture_output=True, text=True,
                                timeout=300, cwd=REPO)
    finally:
        candidate.done.set()
    assert result.returncode == 0, result.stderr
    assert candidate.spoken == [(1, "answer"), (2, "answer"), (2, "follow_up")]

    [folder] = session_dirs(rec)
    session = Session.open(folder)
    assert session.manifest["status"] == "complete" and session.manifest["mode"] == "spoken"
    # The story lacked an outcome the analyser could find: the follow-up was asked and its
    # spoken answer recorded as part of the same question.
    assert session.question(2)["follow_up"]
    # The follow-up's answer is joined after its main answer (1 s apart) in one recording.
    assert not session.files(2).followup_audio.exists()
    transcript2 = json.loads(session.files(2).transcript.read_text())
    joined = read_pipeline_audio(session.files(2).audio)
    assert abs(len(joined) / 16000 - transcript2["duration_s"]) < 0.01
    for key in answers:
        played = read_pipeline_audio(answers[key])
        said = speech_segments(played)
        said_span = said[-1].end - said[0].start
        audio = read_pipeline_audio(session.files(key[0]).audio)
        heard = speech_segments(audio)
        if key[0] == 2:  # split the joined recording at its longest silence
            cut = max(range(len(heard) - 1), key=lambda i: heard[i + 1].start - heard[i].end)
            heard = heard[:cut + 1] if key[1] == "answer" else heard[cut + 1:]
        # The candidate's speech is in the recording with nothing else spoken into it (the
        # question went to the speaker sink, not the microphone).
        assert heard, key
        span = heard[-1].end - heard[0].start
        assert abs(span - said_span) < 0.3, key
        assert session.question(key[0])["dropped_frames"] == 0
    for index in (1, 2):
        transcript = json.loads(session.files(index).transcript.read_text())
        assert transcript["words"], "the recogniser heard the answer"
        analysis = json.loads(session.files(index).analysis.read_text())
        assert analysis["speech_s"] > 1.0
        # Recorded for every answer; how long it takes is a benchmark figure
        # (scripts/bench.py), not a test threshold.
        assert session.question(index)["feedback_latency_s"] >= 0

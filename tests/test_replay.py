"""Replay: words in time order, timed printing, and the right audio on a real PulseAudio sink."""

from __future__ import annotations

import io
import os
import re
import subprocess
import time
from pathlib import Path

import numpy as np
import pytest

from mockinterview.audio.wavfile import read_pipeline_audio, resample
from mockinterview.replay import format_timed, replay_answer
from mockinterview.report.views import load_review
from tests.conftest import REPO, need_real, run_cli_process
from tests.sessionfactory import AnswerSpec, have_espeak, make_session, scripted

SPOKEN = "Well um I kept the waiting room calm <pause 1.4> and I rebooked every patient that day"


@pytest.fixture
def session(private_home):
    need_real(have_espeak(), "espeak-ng")
    return make_session(private_home / "recordings", [
        AnswerSpec("great-candidate", "I stay calm and organised", analysis=scripted(score=60)),
        AnswerSpec("many-patients-at-once", SPOKEN, analysis=scripted(score=75),
                   question="Tell me about a busy day at the clinic."),
    ])


def test_no_audio_prints_the_words_in_time_order(session):
    result = run_cli_process("replay", "--no-audio", "--question", "2")
    assert result.returncode == 0, result.stderr
    lines = [line for line in result.stdout.splitlines() if line.startswith("[")]
    times = [int(m) * 60 + float(s) for m, s in
             (re.match(r"\[(\d+):([\d.]+)\]", line).groups() for line in lines)]
    assert times == sorted(times) and len(lines) == 2  # a new line after the long pause
    assert lines[0] == "[0:00.5] Well [um] I kept the waiting room calm (pause 1.4 s)"
    printed = re.sub(r"\[\d+:[\d.]+\]|\(pause [\d.]+ s\)", "", " ".join(lines))
    assert printed.replace("[", "").replace("]", "").split() == re.sub(
        r"<pause [\d.]+>", "", SPOKEN).split()
    assert "Q2. [Behavioural] Tell me about a busy day at the clinic." in result.stdout


def test_words_appear_at_their_time_divided_by_speed(session):
    answer = load_review(session.folder).answers[1]
    now = [0.0]
    shown: list[tuple[float, str]] = []
    played: list[tuple[str, float]] = []
    waited = []

    class Out(io.StringIO):
        def write(self, s: str) -> int:
            shown.append((now[0], s))
            return super().write(s)

    def player(path: Path, speed: float):
        played.append((path.name, speed))
        return lambda: waited.append(now[0])

    def sleep(s: float) -> None:
        now[0] += s

    replay_answer(answer, Out(), player, speed=2.0, clock=lambda: now[0], sleep=sleep)
    assert played == [("q02-many-patients-at-once.wav", 2.0)]
    words = answer.transcript.words
    for w in (words[0], words[5], words[-1]):
        at = next(t for t, s in shown if s.strip() == w.word or s.strip().endswith("] " + w.word)
                  or s.strip() == f"[{w.word}]")
        assert at == pytest.approx(w.start / 2.0, abs=1e-6), w
    assert waited == [pytest.approx(words[-1].start / 2.0)]  # waits for the audio to end


def test_typed_answer_replays_as_text(private_home):
    need_real(have_espeak(), "espeak-ng")
    s = make_session(private_home / "recordings",
                     [AnswerSpec("great-candidate", "I am organised", drop={"audio"})])
    answer = load_review(s.folder).answers[0]
    answer.transcript = answer.transcript.from_text("I am organised")
    assert format_timed(answer) == "[0:00.0] I am organised\n"


# ---------------------------------------------------------------- earlier tries

FIRST_TRY = "I am calm"
SECOND_TRY = "I am calm and organised with five years at a busy clinic"


@pytest.fixture
def two_tries(private_home):
    """A spoken session whose question 1 was answered twice (real eSpeak NG audio each)."""
    from mockinterview.audio.wavfile import PIPELINE_RATE, write_wav
    from tests.sessionfactory import scripted_analysis, speak
    from mockinterview.transcript import Transcript

    need_real(have_espeak(), "espeak-ng")
    s = make_session(private_home / "recordings", [
        AnswerSpec("great-candidate", FIRST_TRY, analysis=scripted(score=40)),
        AnswerSpec("day-to-day", "I book appointments", analysis=scripted(score=60))])
    assert s.start_attempt(1) == 2
    files = s.files(1)
    samples, words = speak(SECOND_TRY)
    write_wav(files.audio, samples)
    files.audio.chmod(0o600)
    transcript = Transcript(tuple(words), SECOND_TRY, round(len(samples) / PIPELINE_RATE, 3))
    s.write_answer_json(files.transcript, transcript.to_dict())
    s.write_answer_json(files.analysis, scripted_analysis(words, score=80))
    s.update_question(1, status="answered", duration_s=transcript.duration_s,
                      files={"audio": files.audio.name, "transcript": files.transcript.name,
                             "analysis": files.analysis.name})
    return s


def words_of(stdout: str) -> str:
    lines = [line for line in stdout.splitlines() if line.startswith("[")]
    return " ".join(re.sub(r"^\[\d+:[\d.]+\] ", "", line) for line in lines)


@pytest.mark.slow
def test_replay_plays_an_earlier_try_and_lists_the_tries(two_tries):
    folder = str(two_tries.folder)
    latest = run_cli_process("replay", folder, "1", "--no-audio")
    assert latest.returncode == 0, latest.stderr
    assert words_of(latest.stdout) == SECOND_TRY
    assert "Try 2 of 2 (tries: 1 · 0:0" in latest.stdout
    assert "score 40; 2 · 0:0" in latest.stdout and "score 80)" in latest.stdout
    first = run_cli_process("replay", folder, "--question", "1", "--attempt", "1",
                            "--no-audio")
    assert first.returncode == 0, first.stderr
    assert words_of(first.stdout) == FIRST_TRY
    assert "Try 1 of 2" in first.stdout
    # A question answered once lists no tries.
    once = run_cli_process("replay", folder, "2", "--no-audio")
    assert once.returncode == 0 and "Try 1 of" not in once.stdout


def test_the_earlier_try_plays_its_own_recording(two_tries):
    from mockinterview.replay import pick_attempt

    answer = load_review(two_tries.folder).answers[0]
    played = []

    def player(path: Path, speed: float):
        played.append(path.name)
        return lambda: None

    for attempt in (1, 2, None):
        chosen = pick_attempt(answer, attempt, "s")
        replay_answer(chosen, io.StringIO(), player, speed=4.0, clock=lambda: 0.0,
                      sleep=lambda s: None, tries=answer.all_attempts)
    assert played == ["q01-great-candidate.wav", "q01-great-candidate.try2.wav",
                      "q01-great-candidate.try2.wav"]


@pytest.mark.parametrize("args, message", [
    (["1", "--attempt", "3"], "--attempt 3: question 1 of session {} has tries 1 to 2"),
    (["2", "--attempt", "2"], "--attempt 2: question 2 of session {} has only try 1"),
    (["--attempt", "1"],
     "--attempt goes with a question: replay SESSION QUESTION --attempt N"),
    (["1", "--question", "2"], "question 1 and --question 2: give one"),
])
def test_a_try_that_is_not_there_is_a_clear_error(two_tries, args, message):
    result = run_cli_process("replay", str(two_tries.folder), *args, "--no-audio")
    assert result.returncode == 1
    assert result.stderr.strip() == "Error: " + message.format(two_tries.folder.name)


@pytest.mark.parametrize("name", ["../outside.wav", "q01-great-candidate.try2.wav"])
def test_an_earlier_try_naming_another_file_is_refused(two_tries, name):
    import json

    path = two_tries.folder / "session.json"
    manifest = json.loads(path.read_text())
    manifest["questions"][0]["attempts"][0]["files"]["audio"] = name
    path.write_text(json.dumps(manifest))
    result = run_cli_process("replay", str(two_tries.folder), "1", "--attempt", "1",
                             "--no-audio")
    assert result.returncode == 1 and result.stderr.startswith("Error: ")
    assert "question 1 attempt 1" in result.stderr and "Traceback" not in result.stderr


# ---------------------------------------------------------------- the real speaker sink

@pytest.fixture(scope="module")
def pulse():
    """Our own PulseAudio daemon with the `speaker` and `vmic` null sinks."""
    env = {**os.environ, "MOCKINTERVIEW_PULSE_DIR": "/tmp/pulse-wt-review"}
    script = REPO / "scripts" / "virtual_mic.sh"
    was_running = os.path.exists("/tmp/pulse-wt-review/daemon.pid") and subprocess.run(
        ["pactl", "info"], env={**env, "PULSE_SERVER": "unix:/tmp/pulse-wt-review/pulse/native"},
        capture_output=True).returncode == 0
    result = subprocess.run(["bash", str(script), "start"], env=env, capture_output=True,
                            text=True, timeout=30)
    if result.returncode != 0:
        need_real(False, f"PulseAudio ({result.stderr.strip()})")
    variables = dict(re.findall(r"export (\w+)=(\S+)", result.stdout))
    yield variables
    if not was_running:
        subprocess.run(["bash", str(script), "stop"], env=env, timeout=30)


def best_ncc(signal: np.ndarray, template: np.ndarray) -> float:
    """Highest normalised cross-correlation of `template` anywhere in `signal`."""
    s, t = signal.astype(np.float64), template.astype(np.float64)
    t = t - t.mean()
    n = len(s) + len(t)
    size = 1 << (n - 1).bit_length()
    num = np.fft.irfft(np.fft.rfft(s, size) * np.conj(np.fft.rfft(t, size)), size)[
        : len(s) - len(t) + 1]
    c1, c2 = np.cumsum(np.r_[0, s]), np.cumsum(np.r_[0, s * s])
    m = len(t)
    window_sum = c1[m:] - c1[:-m]
    window_var = np.maximum(c2[m:] - c2[:-m] - window_sum ** 2 / m, 1e-12)
    return float(np.max(num / (np.sqrt(window_var) * np.linalg.norm(t))))


@pytest.mark.audio
def test_fast_replay_plays_the_question_and_the_answer_on_the_speaker(session, pulse):
    env = {**os.environ, **pulse}
    capture = session.folder.parent / "speaker.raw"
    with open(capture, "wb") as f:
        parec = subprocess.Popen(["parec", "-d", "speaker.monitor", "--raw", "--format=s16le",
                                  "--rate=16000", "--channels=1"], stdout=f, env=env)
    try:
        deadline = time.monotonic() + 10
        while capture.stat().st_size < 3200 and time.monotonic() < deadline:
            time.sleep(0.05)
        result = run_cli_process("replay", "--question", "2", "--speed", "1.5", env=pulse,
                                 timeout=60)
        time.sleep(0.3)
    finally:
        parec.terminate()
        parec.wait(10)
    assert result.returncode == 0, result.stderr
    assert "I kept the waiting room calm" in result.stdout
    recorded = np.frombuffer(capture.read_bytes(), "<i2").astype(np.float32) / 32768.0
    answer = read_pipeline_audio(session.files(2).audio).astype(np.float32) / 32768.0
    # Played at 1.5x the rate: on the 16 kHz sink it is the WAV squeezed by 1.5.
    expected = resample(answer, 24000, 16000)
    fast, normal = best_ncc(recorded, expected), best_ncc(recorded, answer[: len(expected)])
    print(f"\nanswer NCC at 1.5x: {fast:.3f}; against normal speed: {normal:.3f}")
    assert fast > 0.9 and normal < 0.6, (fast, normal)  # the answer, and at the right speed
    from mockinterview.speech.tts import Speaker
    question = Speaker(rate=170).render(load_review(session.folder).answers[1].text)
    q = resample(read_pipeline_audio(question).astype(np.float32) / 32768.0, 24000, 16000)
    heard = best_ncc(recorded, q[: 16000 * 3])
    print(f"question NCC: {heard:.3f}")
    assert heard > 0.9

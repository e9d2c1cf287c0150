"""Recording an answer: end-of-answer rules, streaming to disk, listeners, the file source,
and the real microphone path on the PulseAudio virtual microphone."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time

import numpy as np
import pytest

from mockinterview.audio.microphone import (
    FileSource,
    LiveStatus,
    Recorder,
    file_source,
    microphone_source,
)
from mockinterview.audio.vad import speech_segments
from mockinterview.audio.wavfile import (
    WavAppender,
    read_pipeline_audio,
    read_wav,
    repair_wav_header,
    write_wav,
)
from mockinterview.settings import AudioSettings
from tests.audio_support import (
    RATE,
    best_match,
    need_pulse,
    play_into_mic,
    silence,
    speech,
    wav_of,
)
from tests.conftest import REPO

FIRST = "I answered the phone and calmed the patient down."
SECOND = "Then I booked her an appointment."


def answer_with_pause(pause_s: float, lead_s: float = 0.3, tail_s: float = 0.0) -> np.ndarray:
    return np.concatenate([silence(lead_s), speech(FIRST), silence(pause_s), speech(SECOND),
                           silence(tail_s)])


def same_audio(a: np.ndarray, b: np.ndarray) -> bool:
    """Equal up to rounding: read_pipeline_audio's int16 -> float -> int16 scales by
    32767/32768, so each read (the file source's, then the test's) may move a sample by 1."""
    return len(a) == len(b) and int(np.abs(a.astype(np.int32) - b).max()) <= 2


def speech_end_s(samples: np.ndarray) -> float:
    return speech_segments(samples)[-1].end


# ---- Pure: the recorder driven by a WAV file as fast as it can be read -------------------

def test_silence_after_speech_stops_recording_and_a_shorter_pause_does_not(tmp_path):
    played = answer_with_pause(pause_s=1.0, tail_s=3.0)
    result = Recorder(file_source(wav_of(played, "pause1.wav"), realtime=False)).record(
        tmp_path / "a.wav", max_s=30, silence_stop_s=1.5, no_answer_s=5)
    recorded = read_pipeline_audio(result.path)
    assert result.stop_reason == "silence"
    # Both sentences are in: the 1 s pause did not end the answer.
    assert len(speech_segments(recorded)) >= 2
    assert result.duration_s == pytest.approx(speech_end_s(played) + 1.5, abs=0.1)
    assert same_audio(recorded, played[:len(recorded)])
    assert result.dropped_frames == 0


def test_leading_silence_is_not_the_end_but_no_answer_is(tmp_path):
    late = np.concatenate([silence(2.0), speech(SECOND), silence(2.0)])
    result = Recorder(file_source(wav_of(late, "late.wav"), realtime=False)).record(
        tmp_path / "late.wav", max_s=30, silence_stop_s=1.0, no_answer_s=3.0)
    assert result.stop_reason == "silence"  # 2 s of thinking did not stop a 1 s rule
    assert result.speech_s > 1.0

    quiet = wav_of(silence(5.0), "quiet.wav")
    result = Recorder(file_source(quiet, realtime=False)).record(
        tmp_path / "quiet.wav", max_s=30, silence_stop_s=1.0, no_answer_s=2.0)
    assert result.stop_reason == "no_answer"
    assert result.duration_s == pytest.approx(2.0, abs=0.021)
    assert result.speech_s == 0


def test_hard_cap_cuts_the_recording_at_exactly_max_seconds(tmp_path):
    long = wav_of(answer_with_pause(0.2, tail_s=2.0), "long.wav")
    result = Recorder(file_source(long, realtime=False)).record(
        tmp_path / "cap.wav", max_s=1.234, silence_stop_s=4, no_answer_s=5)
    assert result.stop_reason == "max"
    assert len(read_pipeline_audio(result.path)) == round(1.234 * RATE)


def test_end_of_file_ends_the_recording_and_listeners_get_every_block(tmp_path):
    played = answer_with_pause(0.3)
    got: list[np.ndarray] = []
    result = Recorder(file_source(wav_of(played, "eof.wav"), realtime=False)).record(
        tmp_path / "eof.wav", max_s=30, silence_stop_s=0, no_answer_s=0,
        listeners=[got.append])
    assert result.stop_reason == "end_of_file"
    assert all(b.dtype == np.int16 and b.ndim == 1 for b in got)
    assert same_audio(np.concatenate(got), played)
    assert same_audio(read_pipeline_audio(result.path), played)


def test_enter_stops_a_realtime_recording_keeping_what_was_said(tmp_path):
    stop = threading.Event()
    ticks: list[LiveStatus] = []

    def on_tick(status: LiveStatus) -> None:
        ticks.append(status)
        if status.elapsed_s >= 0.5:
            stop.set()

    source = file_source(wav_of(answer_with_pause(0.2, tail_s=2), "enter.wav"))
    result = Recorder(source).record(tmp_path / "enter.wav", max_s=30, silence_stop_s=0,
                                     no_answer_s=0, stop=stop, on_tick=on_tick)
    assert result.stop_reason == "enter"
    assert 0.5 <= result.duration_s < 1.5
    assert len(ticks) >= 5
    assert ticks[-1].elapsed_s == pytest.approx(result.duration_s)
    assert read_wav(result.path)[0].shape[0] == round(result.duration_s * RATE)


def test_ctrl_c_keeps_the_recording_and_says_interrupt(tmp_path):
    pressed: list[float] = []

    def on_tick(status: LiveStatus) -> None:
        if status.elapsed_s >= 0.4 and not pressed:
            pressed.append(status.elapsed_s)
            raise KeyboardInterrupt  # what Ctrl-C raises in the waiting thread

    source = file_source(wav_of(answer_with_pause(0.2, tail_s=2), "ctrlc.wav"))
    result = Recorder(source).record(tmp_path / "ctrlc.wav", max_s=30, silence_stop_s=0,
                                     no_answer_s=0, on_tick=on_tick)
    assert result.stop_reason == "interrupt"
    assert result.duration_s >= 0.4
    assert len(read_pipeline_audio(result.path)) == round(result.duration_s * RATE)


def test_a_failing_listener_stops_the_recording_with_its_error(tmp_path):
    def broken(block: np.ndarray) -> None:
        raise ValueError("recogniser crashed")

    source = file_source(wav_of(answer_with_pause(0.2), "fail.wav"), realtime=False)
    with pytest.raises(ValueError, match="recogniser crashed"):
        Recorder(source).record(tmp_path / "fail.wav", max_s=5, silence_stop_s=1,
                                no_answer_s=1, listeners=[broken])


def test_file_source_in_real_time_takes_as_long_as_the_audio(tmp_path):
    # Behaviour, not speed: a real-time source must not deliver the future early.
    source = FileSource(wav_of(silence(0.6), "rt.wav"))
    arrivals: list[float] = []
    start = time.monotonic()
    done = threading.Event()
    source.start(lambda block: arrivals.append(time.monotonic() - start), done.set)
    assert done.wait(5)
    assert arrivals[-1] >= 0.6 - 0.005
    assert arrivals[0] >= 0.02 - 0.005


# ---- WAV streamed to disk ----------------------------------------------------------------

def test_wav_appender_header_is_current_after_every_block(tmp_path):
    path = tmp_path / "s.wav"
    w = WavAppender(path)
    w.append(np.arange(100, dtype=np.int16))
    # Without close(): what a killed process leaves.
    samples, rate = read_wav(path)
    assert rate == RATE and len(samples) == 100
    w.append(np.arange(50, dtype=np.int16))
    w.close()
    assert len(read_wav(path)[0]) == 150


def test_header_of_a_killed_recording_is_repaired_on_load(tmp_path):
    path = tmp_path / "k.wav"
    data = (np.arange(1000) % 300).astype(np.int16)
    write_wav(path, data)
    raw = bytearray(path.read_bytes())
    raw[4:8] = (36).to_bytes(4, "little")   # sizes as written before the first block
    raw[40:44] = (0).to_bytes(4, "little")
    path.write_bytes(bytes(raw) + b"\x07")   # and a half-written sample at the end
    before = path.read_bytes()
    samples, _ = read_wav(path)
    assert np.array_equal(to_int(samples), data)
    assert path.read_bytes() == before  # reading never changes the file
    # Recovery of a session repairs its own recordings in place.
    repair_wav_header(path)
    assert int.from_bytes(path.read_bytes()[40:44], "little") == 2000
    assert np.array_equal(to_int(read_wav(path)[0]), data)


def test_a_wav_with_a_trailing_chunk_is_left_alone(tmp_path):
    path = tmp_path / "list.wav"
    write_wav(path, np.ones(10, dtype=np.int16))
    chunk = b"LIST" + (4).to_bytes(4, "little") + b"INFO"
    raw = bytearray(path.read_bytes() + chunk)
    raw[4:8] = (len(raw) - 8).to_bytes(4, "little")
    path.write_bytes(bytes(raw))
    assert len(read_wav(path)[0]) == 10
    assert path.read_bytes() == bytes(raw)


def to_int(samples: np.ndarray) -> np.ndarray:
    return np.round(samples[:, 0] * 32768).astype(np.int16)


# ---- Real: the PulseAudio virtual microphone --------------------------------------------

def mic_recorder(**overrides) -> Recorder:
    settings = AudioSettings(**overrides)
    return Recorder(microphone_source(None, settings), settings)


@pytest.mark.audio
def test_recorded_speech_matches_the_speech_played_into_the_microphone(tmp_path):
    need_pulse()
    played = answer_with_pause(pause_s=0.8, lead_s=0.0)
    timer = play_into_mic(wav_of(played, "match.wav"), after_s=0.3)
    result = mic_recorder().record(tmp_path / "m.wav", max_s=20, silence_stop_s=1.0,
                                   no_answer_s=5)
    timer.join()
    recorded = read_pipeline_audio(result.path)
    ncc, offset = best_match(recorded, played)
    assert ncc > 0.95
    heard = speech_segments(recorded)
    said = speech_segments(played)
    assert (heard[-1].end - heard[0].start) == pytest.approx(said[-1].end - said[0].start,
                                                             abs=0.1)
    assert result.dropped_frames == 0 and result.overflows == 0
    assert result.stop_reason == "silence"
    # Trailing-silence stop fires within 0.3 s of the configured 1.0 s.
    assert result.duration_s - heard[-1].end == pytest.approx(1.0, abs=0.3)


@pytest.mark.audio
def test_silence_stop_on_the_microphone_is_within_0_3_s_and_ignores_a_shorter_pause(tmp_path):
    need_pulse()
    played = answer_with_pause(pause_s=1.2, lead_s=0.0)
    timer = play_into_mic(wav_of(played, "pause.wav"), after_s=0.2)
    result = mic_recorder().record(tmp_path / "p.wav", max_s=20, silence_stop_s=1.6,
                                   no_answer_s=5)
    timer.join()
    recorded = read_pipeline_audio(result.path)
    assert result.stop_reason == "silence"
    heard = speech_segments(recorded)
    # The 1.2 s pause is inside the recording, followed by the second sentence.
    assert any(b.start - a.end >= 1.0 for a, b in zip(heard, heard[1:]))
    assert best_match(recorded, played)[0] > 0.95
    assert result.duration_s - heard[-1].end == pytest.approx(1.6, abs=0.3)


@pytest.mark.audio
def test_hard_cap_and_no_answer_on_the_microphone(tmp_path):
    need_pulse()
    timer = play_into_mic(wav_of(speech(FIRST), "cap.wav"))
    recorder = mic_recorder()  # one microphone for several answers, as in an interview
    capped = recorder.record(tmp_path / "c.wav", max_s=1.0, silence_stop_s=4, no_answer_s=5)
    timer.join()
    assert capped.stop_reason == "max"
    assert len(read_pipeline_audio(capped.path)) == RATE

    silent = recorder.record(tmp_path / "n.wav", max_s=10, silence_stop_s=1, no_answer_s=0.8)
    assert silent.stop_reason == "no_answer"
    assert silent.duration_s == pytest.approx(0.8, abs=0.05)
    assert silent.speech_s == 0


@pytest.mark.audio
def test_capture_at_the_device_rate_is_resampled_to_16_khz(tmp_path):
    need_pulse()
    played = np.concatenate([speech(FIRST), silence(0.2)])
    timer = play_into_mic(wav_of(played, "44k.wav"), after_s=0.2)
    recorder = mic_recorder(capture_rate=44100)
    assert recorder.source.capture_rate == 44100
    result = recorder.record(tmp_path / "r.wav", max_s=10, silence_stop_s=0.8, no_answer_s=5)
    timer.join()
    assert read_wav(result.path)[1] == RATE
    assert best_match(read_pipeline_audio(result.path), played)[0] > 0.95
    assert result.dropped_frames == 0


@pytest.mark.audio
def test_question_playback_does_not_leak_into_the_recording(tmp_path):
    need_pulse()
    from mockinterview.speech.tts import Speaker

    speaker = Speaker(rate=260, cache_dir=tmp_path / "tts")
    question = "How do you keep patient records confidential?"
    speaker.render(question)
    # The program's playback goes to the `speaker` sink: recording while it plays hears nothing.
    talking = threading.Thread(target=speaker.speak, args=(question,))
    talking.start()
    time.sleep(0.3)
    result = mic_recorder().record(tmp_path / "leak.wav", max_s=1.0, silence_stop_s=0,
                                   no_answer_s=0)
    talking.join()
    assert result.speech_s == 0
    assert np.abs(read_pipeline_audio(result.path)).max() == 0


ORDER_SCRIPT = """
import sys, threading, time
from pathlib import Path
import numpy as np
from mockinterview.audio.microphone import Recorder, microphone_source
from mockinterview.audio.wavfile import read_pipeline_audio
from mockinterview.settings import AudioSettings
from mockinterview.speech.tts import Speaker

out = Path(sys.argv[1])
speaker = Speaker(rate=260, cache_dir=out / "tts")
question = "How do you keep patient records confidential?"
speaker.render(question)
recorder = Recorder(microphone_source(None, AudioSettings()), AudioSettings())
# Control: recording WHILE the question plays does hear it (playback reaches this mic).
talking = threading.Thread(target=speaker.speak, args=(question,))
talking.start()
time.sleep(0.3)
during = recorder.record(out / "during.wav", max_s=0.8, silence_stop_s=0, no_answer_s=0)
talking.join()
# The interview's order: speak, then record at once.
speaker.speak(question)
after = recorder.record(out / "after.wav", max_s=0.8, silence_stop_s=0, no_answer_s=0)
peak = int(np.abs(read_pipeline_audio(out / "after.wav")).max())
print(during.speech_s, after.speech_s, peak, after.first_block_latency_s)
"""


@pytest.mark.audio
def test_recording_starts_only_after_the_question_has_been_heard(tmp_path):
    need_pulse()
    # PULSE_SINK=vmic routes this child's playback INTO the microphone, so any part of the
    # question still playing when the microphone opens would be recorded.
    env = {**os.environ, "PULSE_SINK": "vmic", "PYTHONPATH": str(REPO)}
    proc = subprocess.run([sys.executable, "-c", ORDER_SCRIPT, str(tmp_path)], env=env,
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    during_speech, after_speech, after_peak, latency = proc.stdout.split()
    assert float(during_speech) > 0.3
    assert float(after_speech) == 0 and int(after_peak) == 0
    assert float(latency) > 0


@pytest.mark.audio
def test_killing_the_recorder_leaves_a_wav_with_the_audio_up_to_the_kill(tmp_path):
    need_pulse()
    # Lead silence: the child prints "Recording from" just before it opens the stream.
    played = np.concatenate([silence(0.5), speech(FIRST), speech(SECOND)])
    out = tmp_path / "killed.wav"
    proc = subprocess.Popen(
        [sys.executable, "-m", "mockinterview", "record", str(out), "--max-seconds", "30",
         "--silence-stop", "0", "--no-answer", "0"],
        stderr=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)})
    assert "Recording from" in proc.stderr.readline()
    started = time.monotonic()
    talking = play_into_mic(wav_of(played, "kill.wav"))
    time.sleep(2.5)  # kill in the middle of the first sentence... or the second
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    killed_after = time.monotonic() - started
    talking.join()
    recorded = read_pipeline_audio(out)
    # The audio up to the kill is on disk. How close to the kill it reaches depends on how
    # busy the machine is, so only the bounds that hold on any machine are asserted here.
    assert 1.5 < len(recorded) / RATE <= killed_after + 0.05
    # And it is the speech that was played, up to that moment.
    lead = int(0.5 * RATE)
    _, offset = best_match(recorded, played[lead:lead + RATE])
    heard = recorded[offset:].astype(np.float64)
    said = played[lead:lead + len(heard)].astype(np.float64)
    assert len(heard) / RATE > 1.5
    assert np.dot(heard, said) / np.sqrt(np.dot(heard, heard) * np.dot(said, said)) > 0.95

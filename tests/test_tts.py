"""The interviewer's voice: pyttsx3/eSpeak NG rendering, the cache, and blocking playback."""

from __future__ import annotations

import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from mockinterview.audio.wavfile import read_wav
from mockinterview.errors import MockInterviewError, SetupError
from mockinterview.speech import tts
from mockinterview.speech.tts import Speaker, cache_key, resolve_voice
from tests.audio_support import need_pulse
from tests.conftest import need_real, run_cli_process

QUESTION = ("Tell me about a time you had to handle a confidential patient record request "
            "from someone who was not entitled to it, and what you did next.")


def duration(path: Path) -> float:
    samples, rate = read_wav(path)
    return len(samples) / rate


def test_render_is_cached_by_text_voice_and_rate(tmp_path, monkeypatch):
    calls = []
    real_render = tts.render_to
    monkeypatch.setattr(tts, "render_to", lambda *a: calls.append(a) or real_render(*a))
    speaker = Speaker(rate=170, cache_dir=tmp_path)
    first = speaker.render(QUESTION)
    again = speaker.render("  " + QUESTION.replace(" ", "\n", 3))  # same words, same file
    assert first == again and len(calls) == 1
    assert first.parent == tmp_path and first.name == f"{cache_key(QUESTION, None, 170)}.wav"
    slow = Speaker(rate=120, cache_dir=tmp_path).render(QUESTION)
    us = Speaker(voice="en-us", rate=170, cache_dir=tmp_path).render(QUESTION)
    assert len({first, slow, us}) == 3 and len(calls) == 3
    assert duration(slow) > duration(first) * 1.2  # slower rate, longer speech


def test_rendering_is_the_whole_text_in_22050_hz_mono_like_espeak_ng(tmp_path):
    need_real(shutil.which("espeak-ng") is not None, "the espeak-ng command")
    path = Speaker(voice="en-us", rate=170, cache_dir=tmp_path).render(QUESTION)
    samples, rate = read_wav(path)
    assert rate == 22050 and samples.shape[1] == 1
    reference = tmp_path / "ref.wav"
    subprocess.run(["espeak-ng", "-v", "en-us", "-s", "170", "-w", str(reference), QUESTION],
                   check=True)
    assert duration(path) == pytest.approx(duration(reference), abs=0.05)


def test_voices_resolve_by_id_suffix_or_name_and_unknown_ones_are_refused():
    assert resolve_voice("en-us") == "gmw/en-us"
    assert resolve_voice("gmw/en") == "gmw/en"
    assert resolve_voice("English (America)") == "gmw/en-us"
    assert resolve_voice(None) is None
    with pytest.raises(MockInterviewError, match="unknown voice 'nosuchvoice'"):
        resolve_voice("nosuchvoice")


def test_rate_outside_espeak_range_is_refused():
    with pytest.raises(MockInterviewError, match="speaking rate 20 is outside 80-450"):
        Speaker(rate=20)


def test_missing_espeak_ng_names_the_apt_packages(monkeypatch):
    # Stand-in at the adapter boundary: eSpeak NG is installed here, so pyttsx3.init is made
    # to fail the way it does without libespeak-ng1.
    import pyttsx3

    def no_espeak(*args, **kwargs):
        raise RuntimeError("This means you probably do not have eSpeak or eSpeak-ng installed!")

    monkeypatch.setattr(pyttsx3, "init", no_espeak)
    monkeypatch.setattr(tts, "_engine", None)
    with pytest.raises(SetupError) as err:
        tts.tts_engine()
    assert str(err.value).splitlines() == [
        "eSpeak NG is not installed, so questions cannot be spoken (This means you probably "
        "do not have eSpeak or eSpeak-ng installed!).",
        "Install it with: sudo apt-get install espeak-ng libespeak-ng1",
    ]


def test_disabled_speaker_shows_the_text_and_renders_nothing(tmp_path):
    shown: list[str] = []
    cache = tmp_path / "tts"
    Speaker(enabled=False, cache_dir=cache, show=shown.append).speak("Why this job?")
    assert shown == ["Why this job?"]
    assert not cache.exists()


def test_say_out_writes_the_wav_and_keeps_stdout_clean(tmp_path):
    out = tmp_path / "q.wav"
    result = run_cli_process("say", "Why do you want this job?", "--out", str(out),
                             "--voice", "en-us", "--rate", "200")
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"{out}\n"  # no "Audio saved to ..." from pyttsx3
    assert read_wav(out)[1] == 22050 and duration(out) > 1.0


def test_another_threads_output_survives_a_render(tmp_path, capsys):
    """Only pyttsx3's "Audio saved to" line is dropped while it renders: a thread printing
    meanwhile (the live display, results) keeps every line, in order."""
    original = sys.stdout
    stop = threading.Event()
    during: list[str] = []

    def printer() -> None:
        n = 0
        while not stop.is_set():
            line = f"tick {n}"
            if sys.stdout is not original:  # a render holds stdout right now
                during.append(line)
            print(line)
            n += 1
            time.sleep(0.0005)

    thread = threading.Thread(target=printer)
    thread.start()
    try:
        for i in range(3):
            tts.render_to(f"{QUESTION} Number {i}.", tmp_path / f"{i}.wav", None, 260)
    finally:
        stop.set()
        thread.join()
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert "Audio saved" not in out
    assert during  # the printer really printed while a render was running
    assert lines == [f"tick {n}" for n in range(len(lines))]
    assert set(during) <= set(lines)
    assert sys.stdout is original


@pytest.mark.audio
def test_speak_returns_only_after_the_question_has_played(tmp_path):
    need_pulse()
    speaker = Speaker(rate=260, cache_dir=tmp_path)
    path = speaker.render("Thank you, that is all.")
    started = time.monotonic()
    speaker.speak("Thank you, that is all.")
    assert time.monotonic() - started >= duration(path) - 0.01
    assert speaker.last_playback_end is not None

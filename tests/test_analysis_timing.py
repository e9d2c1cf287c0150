"""Timing measures on real eSpeak NG speech with silences inserted at known places.

Truth comes from the audio samples themselves: eSpeak NG writes digital silence, so the
stretches of (near) zero samples are the inserted breaks, exact to the sample. The analyser
only sees the energy VAD's segments, as it does for a recording.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

from mockinterview.analysis import analyse_answer
from mockinterview.audio.vad import speech_segments
from mockinterview.audio.wavfile import read_pipeline_audio, read_wav
from mockinterview.transcript import Transcript, Word
from tests.conftest import need_real

CASES = [
    # (eSpeak words-per-minute rate, chunks of speech, breaks between them in ms)
    (175, ["last winter our phone system failed on a monday morning",
           "i put a message on the website and rang the urgent patients myself",
           "by eleven every urgent request had been handled"], [1500, 2200]),
    (140, ["i was asked to reorganise the filing",
           "so i sorted the records by date and labelled every box",
           "the doctors found files in half the time",
           "and the practice manager thanked me"], [1200, 3000, 1800]),
    (220, ["we had forty orders left and one hour before the lorries",
           "i split the team into pairs and we got every order out"], [2500]),
]


def render(tmp_path: Path, rate: int, chunks: list[str], breaks: list[int]) -> Path:
    ssml = "<speak>" + "".join(
        chunk + (f' <break time="{breaks[i]}ms"/> ' if i < len(breaks) else "")
        for i, chunk in enumerate(chunks)) + "</speak>"
    out = tmp_path / "answer.wav"
    subprocess.run(["espeak-ng", "-m", "-s", str(rate), "-w", str(out), ssml], check=True,
                   capture_output=True, timeout=60)
    return out


def true_silences(path: Path, min_s: float) -> tuple[list[tuple[float, float]], float, float]:
    """Silent stretches of at least min_s (sample-exact), first and last sound."""
    samples, rate = read_wav(path)
    loud = np.flatnonzero(np.abs(samples[:, 0]) > 1e-4)
    gaps = np.flatnonzero(np.diff(loud) > min_s * rate)
    silences = [(loud[g] / rate, loud[g + 1] / rate) for g in gaps]
    return silences, loud[0] / rate, loud[-1] / rate


@pytest.fixture(scope="module", autouse=True)
def espeak_available():
    need_real(shutil.which("espeak-ng") is not None, "espeak-ng")


@pytest.mark.parametrize("rate,chunks,breaks", CASES, ids=["175wpm", "140wpm", "220wpm"])
def test_pauses_and_pace_match_the_audio(tmp_path, rate, chunks, breaks):
    wav = render(tmp_path, rate, chunks, breaks)
    silences, first, last = true_silences(wav, 1.0)
    # The silences are the inserted breaks: one per break, each about as long as asked.
    assert len(silences) == len(breaks)
    for (a, b), ms in zip(silences, breaks):
        assert abs((b - a) - ms / 1000) < 0.2

    samples = read_pipeline_audio(wav)
    segments = speech_segments(samples)
    text = " ".join(chunks)
    result = analyse_answer(Transcript.from_text(text, duration_s=len(samples) / 16000),
                            speech_segments=segments)
    found = result.to_dict()["pauses"]
    assert len(found) == len(silences)
    for p, (a, b) in zip(found, silences):
        # The voice detector decides per 32 ms frame, with hysteresis: within 0.25 s.
        assert abs(p["start_s"] - a) <= 0.25
        assert abs(p["end_s"] - b) <= 0.25

    # Truth: words over speaking time (first to last sound, minus the inserted silences).
    words = len(re.findall(r"[\w']+", text))
    speaking = (last - first) - sum(b - a for a, b in silences)
    true_wpm = words / speaking * 60
    # Silero's probability falls ~0.1 s after a phrase ends, so a short fast answer (two
    # phrases, 4.5 s of speech) reads up to ~6% long: within the 10% the room issue asks.
    assert result.to_dict()["wpm"] == pytest.approx(true_wpm, rel=0.10)
    assert result.to_dict()["speech_s"] == pytest.approx(speaking, rel=0.10)


def test_audio_only_measures_without_words(tmp_path):
    wav = render(tmp_path, 175, CASES[0][1], CASES[0][2])
    samples = read_pipeline_audio(wav)
    result = analyse_answer(Transcript(duration_s=len(samples) / 16000),
                            speech_segments=speech_segments(samples))
    d = result.to_dict()
    assert d["word_count"] == 0 and d["wpm"] is None
    assert len(d["pauses"]) == 2
    assert d["speech_s"] < d["duration_s"]


def test_word_gaps_are_pauses_when_there_is_no_audio():
    words = (Word("i", 0.5, 0.7), Word("called", 0.7, 1.1), Word("her", 2.6, 2.8),
             Word("back", 2.8, 3.1))
    d = analyse_answer(Transcript(words, "i called her back", 3.5)).to_dict()
    assert d["pauses"] == [{"start_s": 1.1, "end_s": 2.6, "duration_s": 1.5,
                            "source": "words", "after_index": 1, "before_index": 2}]
    assert d["first_word_s"] == 0.5
    # Speaking time leaves out the 1.5 s pause: 4 words in 1.1 s.
    assert d["speech_s"] == pytest.approx(1.1)
    assert d["wpm"] == pytest.approx(4 / 1.1 * 60, rel=0.01)


def test_voiced_gap_between_words_is_unrecognised_speech_not_a_pause():
    """A recogniser that drops an "um" leaves a gap in the words while the audio has voice."""
    from mockinterview.audio.vad import Segment

    words = (Word("so", 0.0, 0.3), Word("i", 1.5, 1.6), Word("rang", 1.6, 2.0))
    segments = [Segment(0.0, 2.0)]  # continuous voice: "so um i rang"
    d = analyse_answer(Transcript(words, "so i rang", 2.0), speech_segments=segments).to_dict()
    assert d["pauses"] == []
    assert [(u["start_s"], u["end_s"]) for u in d["unrecognised_speech"]] == [(0.3, 1.5)]

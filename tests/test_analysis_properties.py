"""Property tests: any text or word list is analysed without crashing, counts are never
negative, and all evidence points inside the answer."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mockinterview.analysis import analyse_answer
from mockinterview.analysis.text import normalise
from mockinterview.audio.vad import Segment
from mockinterview.bank import load_bank
from mockinterview.transcript import Transcript, Word

VOCAB = ["um", "uh", "erm", "so", "like", "you", "know", "i", "mean", "right", "kind", "sort",
         "of", "actually", "basically", "literally", "we", "called", "the", "patient", "would",
         "had", "to", "result", "was", "happy", "last", "year", "there", "a", "and", "it",
         "maybe", "guess", "think", "schedule", "calm", "Right?", "So,", "-", "’", "...", ""]
QUESTION = load_bank("medical_secretary").questions[0]

word_text = st.one_of(st.sampled_from(VOCAB), st.text(max_size=8))


@st.composite
def timed_words(draw):
    n = draw(st.integers(0, 40))
    t, words = 0.0, []
    for _ in range(n):
        t += draw(st.floats(0.0, 2.5))
        length = draw(st.floats(0.0, 1.0))
        words.append(Word(draw(word_text), round(t, 3), round(t + length, 3),
                          draw(st.none() | st.floats(0, 1))))
        t += length
    return tuple(words)


def check(result, transcript: Transcript, segments=None) -> None:
    d = result.to_dict()
    json.dumps(d)  # serialisable
    n_words = len(transcript.words) if transcript.words else len(
        Transcript.from_text(transcript.text).words)
    # A recognised "word" may hold whitespace ("0\r0"): quotes split it like any text.
    vocab = {part for w in (transcript.words or Transcript.from_text(transcript.text).words)
             for part in [normalise(w.word), *normalise(w.word).split()]}
    times = [x for w in transcript.words for x in (w.start, w.end) if x is not None]
    times += [x for s in segments or [] for x in (s.start, s.end)]
    lo, hi = (min(times), max(times)) if times else (None, None)
    if transcript.duration_s is not None:
        hi = max(hi or 0.0, transcript.duration_s)
        lo = 0.0 if lo is None else min(lo, 0.0)

    def inside(t):
        return t is None or (lo is not None and lo - 1e-6 <= t <= hi + 1e-6)

    assert d["word_count"] >= 0
    assert all(v >= 0 for v in d["fillers"].values())
    assert all(v >= 0 for v in d["filler_count"].values())
    assert sum(d["fillers"].values()) == sum(d["filler_count"].values())
    assert len(d["filler_events"]) == sum(d["filler_count"].values())
    for k in ("duration_s", "speech_s", "wpm", "first_word_s"):
        assert d[k] is None or d[k] >= 0
    for e in d["filler_events"]:
        assert 0 <= e["index"] <= e["end_index"] < n_words
        assert inside(e["start"]) and inside(e["end"])
    for p in d["pauses"] + d["unrecognised_speech"]:
        assert p["end_s"] >= p["start_s"] and inside(p["start_s"]) and inside(p["end_s"])
    for element, items in d["star_evidence_detail"].items():
        assert [i["text"] for i in items] == d["star_evidence"][element]
        for item in items:
            assert all(w in vocab for w in item["text"].split())
            assert 0 <= item["index"] <= item["end_index"] < n_words
            assert inside(item["start"]) and inside(item["end"])
    for matches in d["talking_points"]["matches"].values():
        for m in matches:
            assert all(w in vocab for w in m["text"].split())
    for score in d["scores"].values():
        assert score is None or 0 <= score <= 100
    assert 0 <= result.score <= 100
    assert len(d["tips"]) <= 3
    assert isinstance(result.headline, str) and result.headline.endswith(".")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(st.sampled_from(VOCAB), st.text(max_size=12)), max_size=80))
@pytest.mark.slow
def test_any_text_is_analysed(parts):
    transcript = Transcript.from_text(" ".join(parts))
    check(analyse_answer(transcript, QUESTION), transcript)


@settings(max_examples=80, deadline=None)
@given(st.text(max_size=300))
def test_arbitrary_unicode_text(text):
    transcript = Transcript.from_text(text)
    check(analyse_answer(transcript), transcript)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(timed_words(), st.booleans(), st.data())
@pytest.mark.slow
def test_timed_words_with_and_without_audio(words, with_audio, data):
    end = max((w.end for w in words), default=0.0)
    segments = None
    if with_audio:
        starts = sorted(data.draw(st.lists(st.floats(0, end + 1), max_size=10)))
        segments = [Segment(round(s, 3), round(s + data.draw(st.floats(0.05, 2)), 3))
                    for s in starts]
    duration = round(max(end, max((s.end for s in segments or []), default=0.0)) + 0.5, 3)
    transcript = Transcript(words, " ".join(w.word for w in words), duration)
    check(analyse_answer(transcript, QUESTION, segments), transcript, segments)

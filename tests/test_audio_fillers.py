"""Hesitation sounds found in the audio when the transcript has no word for them.

Answers are eSpeak NG phrases and separately rendered hesitation sounds (held vowels and
hums from phoneme input) with known times; the analyser gets the transcript a recogniser that
drops fillers would give. The real voice detector and pitch tracker run on the audio.
"""

from __future__ import annotations

import numpy as np
import pytest

from mockinterview.analysis.audio_fillers import uncovered
from mockinterview.transcript import Transcript, Word
from tests import room
from tests.conftest import need_real
from tests.voice_audio import (SENTENCES, VOICES, Builder, analyse_samples, hesitant_answer,
                               match, real_answer, to_int16, with_noise)


def test_only_voice_no_word_covers_is_a_candidate():
    segments = [(0.0, 3.0), (4.0, 5.0)]
    words = [(0.1, 0.5), (0.5, 1.0), (2.0, 2.96)]
    # The word pad (40 ms) joins what touches a word; the second segment has no words.
    parts = uncovered(segments, words)
    assert [(round(a, 2), round(b, 2)) for a, b in parts] == [(0.0, 0.06), (1.04, 1.96),
                                                              (4.0, 5.0)]


@pytest.mark.slow
def test_hesitation_sounds_are_found_with_their_times():
    found_ok = found_all = truth_ok = truth_all = 0
    for seed in range(16):  # four voices, rates 140-200, hesitations of 0.3-1.1 s
        answer = hesitant_answer(seed)
        m = analyse_samples(answer.int16(), answer.transcript())
        found = [(f.start_s, f.end_s) for f in m.audio_fillers]
        hits_found, hits_truth = match(found, answer.fillers, tolerance_s=0.2)
        found_ok, found_all = found_ok + hits_found, found_all + len(found)
        truth_ok, truth_all = truth_ok + hits_truth, truth_all + len(answer.fillers)
        assert all(0 < f.confidence <= 1 for f in m.audio_fillers)
    assert truth_all >= 50
    assert found_ok / found_all >= 0.85, (found_ok, found_all)
    assert truth_ok / truth_all >= 0.85, (truth_ok, truth_all)


@pytest.mark.slow
def test_missed_words_and_silences_are_not_fillers():
    b = Builder()
    for k, sentence in enumerate(SENTENCES[:4]):
        b.phrase(sentence, "en-us", 175, heard=k != 1)  # the recogniser missed phrase 2
        b.silence(1.2)
    answer = b.build()
    m = analyse_samples(answer.int16(), answer.transcript())
    assert m.audio_fillers == ()
    (missed,) = answer.missed
    assert any(p.start_s <= missed[0] + 0.1 and p.end_s >= missed[1] - 0.1
               for p in m.unrecognised_speech)


@pytest.mark.slow
def test_a_recognised_um_and_its_sound_count_once():
    b = Builder()
    b.phrase(SENTENCES[0], "en", 170)
    b.silence(0.4)
    b.hesitation("[[V:mmm]]", "en", 100)
    b.silence(0.4)
    b.phrase(SENTENCES[1], "en", 170)
    answer = b.build()
    (start, end), = answer.fillers
    words = sorted(answer.words + [("um", start, end)], key=lambda w: w[1])
    transcript = Transcript(tuple(Word(w, a, z, 1.0) for w, a, z in words),
                            " ".join(w for w, _, _ in words), round(answer.duration_s, 3))
    m = analyse_samples(answer.int16(), transcript)
    assert [e.word for e in m.filler_events] == ["um"]
    assert m.audio_fillers == ()
    said = _stored(m)
    assert said.filler_total == 1
    # Without the word, the same sound is heard in the audio.
    m = analyse_samples(answer.int16(), answer.transcript())
    assert len(m.audio_fillers) == 1 and abs(m.audio_fillers[0].start_s - start) < 0.2
    heard = _stored(m)
    # It counts as the filler it is, once, in the count and both rates.
    assert heard.filler_total == 1 and heard.strict_fillers == 0
    assert heard.filler_per_min == m.rate_per_min(1) and heard.filler_per_min > 0
    assert heard.filler_per_100_words == m.rate_per_100(1) > said.filler_per_100_words


def _stored(m):
    """The stored analysis (`analyse --json`) of the measures, read back."""
    from mockinterview.analysis.schema import AnalysisRecord
    from mockinterview.feedback import build_feedback

    return AnalysisRecord.from_dict(build_feedback(m).to_dict())


def test_real_recordings_give_no_audio_filler():
    need_real(room.REAL_SPEECH.is_dir(), "../shared/audio/real-speech")
    answer = real_answer(0)
    m = analyse_samples(answer.int16(), answer.transcript())
    assert m.audio_fillers == ()
    assert m.voice is not None and m.voice.reliable


@pytest.mark.slow
@pytest.mark.parametrize("noise", ["white", "pink"])
def test_room_noise_at_minus_42_dbfs_makes_at_most_one_false_filler_a_minute(noise):
    need_real(room.REAL_SPEECH.is_dir(), "../shared/audio/real-speech")
    false, minutes = 0, 0.0
    answers = [real_answer(seed) for seed in range(2)]
    for seed, voice in enumerate(VOICES):  # synthetic answers with no hesitation at all
        b = Builder()
        for k in np.random.default_rng(seed).permutation(len(SENTENCES)):
            b.phrase(SENTENCES[k], voice, 170)
            b.silence(0.9)
        answers.append(b.build())
    for seed, answer in enumerate(answers):
        noisy = to_int16(with_noise(answer.samples, noise, -42.0, seed))
        m = analyse_samples(noisy, answer.transcript())
        false += len(m.audio_fillers)
        minutes += answer.duration_s / 60
    assert minutes >= 2.0
    assert false / minutes <= 1.0, (false, minutes)


@pytest.mark.slow
def test_under_heavy_noise_the_voice_is_unreliable_and_no_filler_is_guessed():
    answer = hesitant_answer(0)
    noisy = to_int16(with_noise(answer.samples, "white", -30.0, 1))
    m = analyse_samples(noisy, answer.transcript())
    assert m.audio_quality["snr_db"] < 15
    assert m.voice.reliable is False and m.voice.pitch_median_hz is None
    assert m.audio_fillers == ()

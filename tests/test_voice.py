"""Voice measures: pitch, monotone, loudness, trailing off, speaking rate; and how they reach
`analyse --json`, the tips and the schema."""

from __future__ import annotations

import json
import wave

import numpy as np
import pytest

from mockinterview.analysis.schema import AnalysisRecord
from mockinterview.analysis.voice import measure_voice, semitones
from mockinterview.audio.voice_frames import VoiceFrames
from mockinterview.settings import VoiceSettings
from tests import room
from tests.conftest import need_real
from tests.voice_audio import SENTENCES, Builder, analyse_samples, hesitant_answer, real_answer


def frames_with(f0: np.ndarray, level: float = -20.0) -> VoiceFrames:
    n = len(f0)
    return VoiceFrames(f0, np.full(n, level), np.zeros((n, 18)))


def test_octave_errors_do_not_count_as_pitch_leaps():
    st = semitones(np.array([100.0, 200.0, 50.0, 150.0, 112.0]), 100.0)
    assert np.allclose(st[:3], 0.0)
    assert st[3] == pytest.approx(12 * np.log2(1.5))  # a real fifth stays
    assert st[4] == pytest.approx(12 * np.log2(1.12))


def test_flat_pitch_is_monotone_and_moving_pitch_is_not():
    t = np.arange(2000) * 0.01  # 20 s of voiced speech
    flat = measure_voice(frames_with(120 * 2 ** (0.5 * np.sin(t) / 12)), [(0, 20)], [],
                         VoiceSettings())
    assert flat.monotone is True and flat.monotone_spans == ((0.0, 20.0),)
    moving = measure_voice(frames_with(120 * 2 ** (4 * np.sin(t) / 12)), [(0, 20)], [],
                           VoiceSettings())
    assert moving.monotone is False and moving.monotone_spans == ()
    assert moving.pitch_range_st == pytest.approx(2 * 4 * np.sin(0.4 * np.pi), abs=0.3)


def test_heavy_room_noise_makes_the_voice_unreliable():
    t = np.arange(2000) * 0.01
    v = measure_voice(frames_with(120 + 0 * t), [(0, 20)], [], VoiceSettings(), snr_db=8.0)
    assert v.reliable is False and v.pitch_median_hz is None and v.monotone is None
    assert "dB above the room noise" in v.notes[0]


def phrases_at(rates_wpm: list[float], words: int = 6, gap_s: float = 0.6
               ) -> list[tuple[float, float]]:
    """Word spans of phrases of `words` words each, spoken at the given words a minute."""
    spans, t = [], 0.0
    for rate in rates_wpm:
        step = 60.0 / rate
        spans += [(t + k * step, t + (k + 0.9) * step) for k in range(words)]
        t += words * step + gap_s
    return spans


def test_speaking_rate_variation_is_the_spread_of_phrase_rates_over_their_median():
    t = np.arange(6000) * 0.01
    frames = frames_with(120 * 2 ** (4 * np.sin(t) / 12))
    steady = measure_voice(frames, [(0, 60)], phrases_at([150] * 5), VoiceSettings())
    assert steady.rate_variation == pytest.approx(0.0, abs=0.05)
    assert steady.rate_changes == ()
    uneven = measure_voice(frames, [(0, 60)], phrases_at([150, 150, 75, 150, 220]),
                           VoiceSettings())
    assert uneven.rate_variation > 0.5
    assert [c for _, _, c in uneven.rate_changes] == ["slower", "faster"]
    # Too few phrases to compare: no figure rather than a guess.
    assert measure_voice(frames, [(0, 60)], phrases_at([150, 75]),
                         VoiceSettings()).rate_variation is None
    # And no words (--no-asr): no rate.
    assert measure_voice(frames, [(0, 60)], [], VoiceSettings()).rate_variation is None


def render_answer(prosody: str | None, voice: str = "en") -> Builder:
    b = Builder()
    for sentence in SENTENCES[:5]:
        text = sentence if prosody is None else \
            f'<speak><prosody range="{prosody}">{sentence}</prosody></speak>'
        b.phrase(text, voice, 170, ssml=prosody is not None)
        b.silence(0.5)
    return b


@pytest.mark.slow
@pytest.mark.parametrize("voice", ["en", "en-us", "en+f3"])
def test_a_flat_rendering_is_monotone_and_normal_and_wide_ones_are_not(voice):
    for prosody, monotone in (("x-low", True), (None, False), ("x-high", False)):
        answer = render_answer(prosody, voice).build()
        v = analyse_samples(answer.int16(), answer.transcript()).voice
        assert v.monotone is monotone, (prosody, v)
        assert bool(v.monotone_spans) is monotone
    assert v.pitch_range_st > 4


@pytest.mark.slow
@pytest.mark.parametrize("voice", ["en", "en-us", "en+f3"])
def test_voice_falling_12_db_at_sentence_ends_is_trailing_off(voice):
    for fade_db, trailing in ((12.0, True), (0.0, False)):
        b = Builder()
        for sentence in SENTENCES[:5]:
            b.phrase(sentence, voice, 170, fade_db=fade_db)
            b.silence(0.6)
        answer = b.build()
        with_words = analyse_samples(answer.int16(), answer.transcript()).voice
        without = analyse_samples(answer.int16()).voice  # --no-asr: phrases from the audio
        assert with_words.trailing_off is trailing and without.trailing_off is trailing
        assert len(with_words.trailing_ends) >= (3 if trailing else 0)


@pytest.mark.slow
def test_real_recordings_give_plausible_figures():
    need_real(room.REAL_SPEECH.is_dir(), "../shared/audio/real-speech")
    answer = real_answer(1)
    v = analyse_samples(answer.int16(), answer.transcript()).voice
    assert 75 <= v.pitch_median_hz <= 250  # an adult voice
    assert v.monotone is False and v.pitch_range_st > 3
    assert v.trailing_off is False
    assert 2 < v.loudness_range_db < 20
    assert v.rate_variation is not None


def write_wav(path, samples: np.ndarray) -> None:
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(16000)
        w.writeframes(samples.tobytes())


@pytest.mark.slow
def test_analyse_wav_with_a_transcript_gives_audio_fillers_and_voice(cli, tmp_path):
    answer = hesitant_answer(3)
    wav, js = tmp_path / "a.wav", tmp_path / "a.json"
    write_wav(wav, answer.int16())
    js.write_text(answer.transcript_json())
    code, out, err = cli("analyse", str(wav), "--transcript", str(js), "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["word_count"] == len(answer.words)
    assert len(data["audio_fillers"]) == len(answer.fillers)
    assert set(data["audio_fillers"][0]) == {"start_s", "end_s", "confidence"}
    voice = data["voice"]
    assert {"pitch_median_hz", "pitch_range_st", "monotone", "monotone_spans",
            "loudness_range_db", "trailing_off", "rate_variation"} <= set(voice)
    assert voice["pitch_median_hz"] is not None
    assert isinstance(voice["rate_variation"], float) and voice["rate_variation"] >= 0
    # The stored form reads back as it was written.
    assert AnalysisRecord.from_dict(data).to_dict() == data
    # The fillers heard in the audio reach the feedback.
    code, out, err = cli("analyse", str(wav), "--transcript", str(js))
    assert "heard in the audio" in out
    assert f"0 discourse, {len(answer.fillers)} heard in the audio (none)" in out
    assert f"speaking rate varied by {voice['rate_variation'] * 100:.0f}% between" in out
    # --no-asr: no words, the voice is still measured.
    code, out, err = cli("analyse", str(wav), "--no-asr", "--json")
    assert code == 0 and json.loads(out)["voice"]["pitch_median_hz"] is not None


@pytest.mark.parametrize("content, message", [
    ("{not json", "not valid JSON"),
    ('{"words": [{"word": "hello", "start": 1.0, "end": 999.0}]}', "outside the"),
    ('{"words": "hello"}', ""),
    ("[1, 2]", ""),
])
def test_a_bad_transcript_file_is_a_clear_error(cli, tmp_path, content, message):
    wav, js = tmp_path / "a.wav", tmp_path / "t.json"
    write_wav(wav, np.zeros(16000, dtype=np.int16))
    js.write_text(content)
    code, out, err = cli("analyse", str(wav), "--transcript", str(js))
    assert code == 1 and err.startswith("Error: ") and message in err
    assert "Traceback" not in err


def test_an_oversized_transcript_file_is_refused_before_reading(cli, tmp_path):
    wav, js = tmp_path / "a.wav", tmp_path / "t.json"
    write_wav(wav, np.zeros(16000, dtype=np.int16))
    with open(js, "wb") as f:
        f.truncate(17 * 1024 * 1024)  # sparse: no 17 MB written
    code, _, err = cli("analyse", str(wav), "--transcript", str(js))
    assert code == 1 and "larger than 16 MB" in err


def test_transcript_goes_with_a_wav_only(cli, tmp_path):
    txt = tmp_path / "a.txt"
    txt.write_text("hello there")
    code, _, err = cli("analyse", str(txt), "--transcript", str(txt))
    assert code == 1 and "--transcript goes with a .wav" in err
    wav = tmp_path / "a.wav"
    write_wav(wav, np.zeros(16000, dtype=np.int16))
    code, _, err = cli("analyse", str(wav), "--transcript", str(txt))
    assert code == 1 and "expected a .json transcript" in err


def test_older_analysis_files_without_voice_still_load():
    record = AnalysisRecord.from_dict({"schema_version": 1, "word_count": 3})
    assert record.audio_fillers == () and record.voice is None
    with pytest.raises(Exception, match="voice"):
        AnalysisRecord.from_dict({"voice": {"monotone": "yes"}})


@pytest.mark.slow
def test_frames_made_while_recording_equal_those_of_the_whole_file():
    from mockinterview.audio.voice_frames import VoiceFramesBuilder, join_frames, voice_frames

    samples = hesitant_answer(5).int16()
    whole = voice_frames(samples, [(0.5, 3.0)])
    live = VoiceFramesBuilder()
    for k in range(0, len(samples), 320):  # the recorder's 20 ms blocks
        live.feed(samples[k:k + 320])
    frames = live.finish([(0.5, 3.0)])
    assert len(frames) == len(whole) == int(np.ceil(len(samples) / 160))
    assert np.allclose(frames.level_db, whole.level_db)
    assert np.allclose(frames.bands, whole.bands)
    # Pitch: the same but where a chunk edge moves the tracker's decision by a frame or two.
    same = np.isclose(frames.f0_hz, whole.f0_hz, rtol=0.02, atol=0)
    assert same.mean() > 0.99 and (whole.f0_hz > 0).mean() > 0.2
    joined = join_frames(frames, whole, 30.0)
    assert len(joined) == 3000 + len(whole)
    assert np.array_equal(joined.level_db[3000:], whole.level_db)

"""Resampling (libsoxr): a whole signal for files, block by block for a live microphone that
cannot capture at 16 kHz. Checked on tones, whose right answer is known exactly."""

from __future__ import annotations

import numpy as np
import pytest

from mockinterview.audio.wavfile import block_resampler, resample

OUT = 16000


def tone(freq: float, rate: int, seconds: float = 1.0, level: float = 0.5) -> np.ndarray:
    return (level * np.sin(2 * np.pi * freq * np.arange(int(rate * seconds)) / rate)
            ).astype(np.float32)


def rms_db(x: np.ndarray) -> float:
    return 20 * np.log10(np.sqrt(np.mean(np.square(x, dtype=np.float64))) + 1e-12)


def peak_hz(x: np.ndarray, rate: int) -> float:
    spectrum = np.abs(np.fft.rfft(x * np.hanning(len(x))))
    return float(np.argmax(spectrum) * rate / len(x))


@pytest.mark.parametrize("rate", [8000, 22050, 44100, 48000])
def test_a_tone_keeps_its_frequency_level_and_length(rate):
    x = tone(1000, rate)
    y = resample(x, rate, OUT)
    assert y.dtype == np.float32
    assert abs(len(y) - len(x) * OUT / rate) <= 1
    middle = y[800:-800]  # away from the filter's run-in at both ends
    assert peak_hz(middle, OUT) == pytest.approx(1000, abs=2)
    assert rms_db(middle) == pytest.approx(rms_db(x), abs=0.1)


def test_frequencies_above_the_new_nyquist_are_removed_not_folded_back():
    # 10 kHz cannot exist at 16 kHz; without a low-pass it would come back as 6 kHz.
    kept = resample(tone(6000, 44100), 44100, OUT)
    removed = resample(tone(10000, 44100), 44100, OUT)
    assert rms_db(kept[800:-800]) == pytest.approx(rms_db(tone(6000, 44100)), abs=0.5)
    assert rms_db(removed[800:-800]) < rms_db(tone(10000, 44100)) - 60


def test_the_same_rate_is_returned_unchanged():
    x = tone(440, OUT)
    assert np.array_equal(resample(x, OUT, OUT), x)
    assert len(resample(np.zeros(0, np.float32), 44100, OUT)) == 0


def test_blocks_of_any_size_join_without_a_click():
    """The live path: int16 blocks of random sizes (down to 1 frame) through one stream
    equal the ideal tone at 16 kHz everywhere, block edges included."""
    rate, freq, level = 44100, 1000, 0.5
    x = np.round(tone(freq, rate, 2.0, level) * 32767).astype(np.int16)
    rng = np.random.default_rng(7)
    convert = block_resampler(rate, OUT)
    out, i = [], 0
    while i < len(x):
        n = int(rng.integers(1, 2000))
        out.append(convert(x[i:i + n]))
        i += n
    y = np.concatenate(out)
    assert y.dtype == np.int16
    # What is still inside the filter when the stream stops is its delay: well under 50 ms.
    assert 2 * OUT - 0.05 * OUT < len(y) <= 2 * OUT
    ideal = level * 32767 * np.sin(2 * np.pi * freq * np.arange(len(y)) / OUT)
    error = np.abs(y[400:] - ideal[400:])  # after the filter's run-in
    assert error.max() < 0.001 * 32767  # a click at a block edge would be far above this
    assert peak_hz(y[400:].astype(np.float64), OUT) == pytest.approx(freq, abs=2)


def test_each_stream_starts_fresh():
    """A new stream per answer: the end of one answer does not leak into the next."""
    loud = np.full(4000, 20000, np.int16)
    first = block_resampler(48000, OUT)
    first(loud)
    second = block_resampler(48000, OUT)
    assert np.abs(second(np.zeros(4800, np.int16))).max() == 0

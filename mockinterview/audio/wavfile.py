"""Reading and writing WAV files; converting any PCM WAV to the pipeline's 16 kHz mono int16."""

from __future__ import annotations

import wave
from pathlib import Path

import numpy as np

from mockinterview.errors import AudioError

PIPELINE_RATE = 16000


def read_wav(path: Path) -> tuple[np.ndarray, int]:
    """Samples as float32 in [-1, 1], shape (frames, channels), and the sample rate."""
    try:
        with wave.open(str(path), "rb") as w:
            channels, width, rate = w.getnchannels(), w.getsampwidth(), w.getframerate()
            frames = w.readframes(w.getnframes())
    except FileNotFoundError:
        raise AudioError(f"no such file: {path}") from None
    except (wave.Error, EOFError) as exc:
        raise AudioError(f"{path} is not a PCM WAV file ({exc}); convert it first, e.g. "
                         f"`sox in.mp3 -b 16 out.wav`") from None
    if rate <= 0 or channels <= 0:
        raise AudioError(f"{path}: invalid WAV header (rate {rate}, channels {channels})")
    # A file cut mid-frame (e.g. a recording killed while writing) keeps its whole frames.
    usable = len(frames) - len(frames) % (width * channels)
    data = frames[:usable]
    if width == 1:
        samples = (np.frombuffer(data, np.uint8).astype(np.float32) - 128.0) / 128.0
    elif width == 2:
        samples = np.frombuffer(data, "<i2").astype(np.float32) / 32768.0
    elif width == 3:
        raw = np.frombuffer(data, np.uint8).reshape(-1, 3)
        ints = (raw[:, 0].astype(np.int32) | (raw[:, 1].astype(np.int32) << 8)
                | (raw[:, 2].astype(np.int32) << 16))
        ints = np.where(ints >= 1 << 23, ints - (1 << 24), ints)
        samples = ints.astype(np.float32) / float(1 << 23)
    elif width == 4:
        samples = np.frombuffer(data, "<i4").astype(np.float32) / float(1 << 31)
    else:
        raise AudioError(f"{path}: unsupported sample width {width * 8} bits")
    return samples.reshape(-1, channels), rate


def resample(samples: np.ndarray, rate: int, new_rate: int) -> np.ndarray:
    """Resample mono float samples (windowed-sinc low-pass when shrinking, then interpolation)."""
    if rate == new_rate or len(samples) == 0:
        return samples.astype(np.float32)
    if new_rate < rate:
        # Low-pass below the new Nyquist frequency so high frequencies do not alias.
        cutoff = 0.45 * new_rate / rate
        taps = np.arange(-32, 33)
        kernel = 2 * cutoff * np.sinc(2 * cutoff * taps) * np.hamming(len(taps))
        samples = np.convolve(samples, kernel / kernel.sum(), mode="same")
    n_out = int(round(len(samples) * new_rate / rate))
    positions = np.arange(n_out) * (rate / new_rate)
    return np.interp(positions, np.arange(len(samples)), samples).astype(np.float32)


def to_int16(samples: np.ndarray) -> np.ndarray:
    return (np.clip(samples, -1.0, 1.0) * 32767.0).round().astype(np.int16)


def read_pipeline_audio(path: Path, rate: int = PIPELINE_RATE) -> np.ndarray:
    """Any PCM WAV (any rate, channels, width) -> mono int16 at `rate` (16 kHz)."""
    samples, file_rate = read_wav(path)
    mono = samples.mean(axis=1) if samples.shape[1] > 1 else samples[:, 0]
    return to_int16(resample(mono, file_rate, rate))


def write_wav(path: Path, samples: np.ndarray, rate: int = PIPELINE_RATE) -> None:
    """Write mono int16 samples as a 16-bit PCM WAV."""
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(np.asarray(samples, dtype="<i2").tobytes())

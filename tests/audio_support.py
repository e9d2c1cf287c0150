"""Helpers for the audio tests: the PulseAudio virtual microphone started by
scripts/virtual_mic.sh (sinks `speaker` and `vmic`), real eSpeak NG speech, comparisons."""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import tempfile
import threading
from pathlib import Path

import numpy as np

from mockinterview.audio.wavfile import read_pipeline_audio, write_wav
from tests.conftest import need_real

RATE = 16000
_SPEECH_DIR = Path(tempfile.mkdtemp(prefix="mockinterview-test-speech-"))


@functools.lru_cache(maxsize=1)
def pulse_ready() -> bool:
    """Is the virtual microphone's PulseAudio daemon reachable (with sink `vmic`)?"""
    if not os.environ.get("PULSE_SERVER") or not shutil.which("pactl"):
        return False
    try:
        out = subprocess.run(["pactl", "list", "short", "sinks"], capture_output=True,
                             text=True, timeout=5).stdout
    except (OSError, subprocess.TimeoutExpired):
        return False
    return "vmic" in out and "speaker" in out


def need_pulse() -> None:
    need_real(pulse_ready(), "the PulseAudio virtual microphone (scripts/virtual_mic.sh)")


@functools.lru_cache(maxsize=None)
def speech(text: str, rate: int = 200) -> np.ndarray:
    """Real eSpeak NG speech (through the project's Speaker) as 16 kHz int16, with eSpeak's
    leading and trailing silence trimmed so a test knows exactly where speech is."""
    from mockinterview.speech.tts import Speaker

    wav = Speaker(rate=rate, cache_dir=_SPEECH_DIR / "tts").render(text)
    x = read_pipeline_audio(wav)
    loud = np.flatnonzero(np.abs(x.astype(np.int32)) > 300)
    return x[loud[0]:loud[-1] + 1]


def silence(seconds: float) -> np.ndarray:
    return np.zeros(int(round(seconds * RATE)), dtype=np.int16)


def wav_of(samples: np.ndarray, name: str) -> Path:
    path = _SPEECH_DIR / name
    write_wav(path, samples)
    return path


def play_into_mic(path: Path, after_s: float = 0.0) -> threading.Thread:
    """Somebody speaking into the microphone: `paplay -d vmic` after a delay (a thread)."""

    def run() -> None:
        subprocess.run(["paplay", "-d", "vmic", str(path)], check=True, timeout=60)

    timer = threading.Timer(after_s, run)
    timer.start()
    return timer


def best_match(recorded: np.ndarray, played: np.ndarray) -> tuple[float, int]:
    """(normalised cross-correlation, offset in samples) where `played` fits `recorded` best."""
    a = recorded.astype(np.float64)
    b = played.astype(np.float64)
    n = len(a) + len(b)
    size = 1 << (n - 1).bit_length()
    corr = np.fft.irfft(np.fft.rfft(a, size) * np.conj(np.fft.rfft(b, size)), size)
    valid = corr[:max(1, len(a) - len(b) + 1)]
    offset = int(np.argmax(valid))
    seg = a[offset:offset + len(b)]
    denom = np.sqrt(np.dot(seg, seg) * np.dot(b[:len(seg)], b[:len(seg)]))
    return (float(np.dot(seg, b[:len(seg)]) / denom) if denom else 0.0), offset

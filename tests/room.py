"""Answers with known truth in a simulated room, for the voice-activity tests and benchmarks.

An answer is phrases of speech (eSpeak NG renderings, or the real recordings in
../shared/audio/real-speech/ cut at their word alignments) joined by silences of known length,
then mixed with noise that starts before the answer and goes on after it ends. Everything is
made here from a seed; nothing generated is committed.

The truth of each answer: where speech is (per phrase, from the clean signal or the
alignment), the pauses between phrases and where the answer ends.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

RATE = 16000
REAL_SPEECH = Path(__file__).resolve().parent.parent.parent / "shared" / "audio" / "real-speech"
LIBRIVOX = ("librivox-0870", "librivox-0880", "librivox-0890", "librivox-0920",
            "librivox-0930")
# Gaps shorter than this inside a phrase are part of the speech (between words, stops).
BRIDGE_S = 0.3
# Level of ordinary speech in the mix: active-speech RMS in dBFS.
SPEECH_DBFS = -23.0

PHRASES = (
    "I was working on the front desk of a busy surgery.",
    "A patient came in very upset about a cancelled appointment.",
    "My job was to calm him down and find him another slot.",
    "I listened to him, apologised, and checked the diary with him.",
    "I found a cancellation the same afternoon and booked it.",
    "He thanked me, and he wrote to the practice manager afterwards.",
)


@dataclass(frozen=True)
class Phrase:
    """Clean speech (float, -1..1) and where its speech is, in seconds from its start."""

    samples: np.ndarray
    spans: tuple[tuple[float, float], ...]


@dataclass(frozen=True)
class Answer:
    """A clean answer with its truth; `mix` puts it in a room."""

    clean: np.ndarray                       # float speech with digital silence around it
    spans: tuple[tuple[float, float], ...]  # speech, seconds from the start
    pauses: tuple[tuple[float, float], ...]  # the silences between phrases
    speech_start_s: float
    speech_end_s: float

    @property
    def speech_s(self) -> float:
        return sum(b - a for a, b in self.spans)

    @property
    def duration_s(self) -> float:
        return len(self.clean) / RATE


def spans_of(samples: np.ndarray, floor: float = 0.01) -> tuple[tuple[float, float], ...]:
    """Where clean (digitally silent between words) speech is: samples above `floor`, with
    gaps under BRIDGE_S bridged. Only for clean synthetic speech, never for a mix."""
    loud = np.flatnonzero(np.abs(samples) > floor)
    if len(loud) == 0:
        return ()
    spans: list[list[float]] = []
    # Run starts and ends from the sample indexes above the floor.
    breaks = np.flatnonzero(np.diff(loud) > BRIDGE_S * RATE)
    starts = np.r_[loud[0], loud[breaks + 1]]
    ends = np.r_[loud[breaks], loud[-1]]
    for a, b in zip(starts, ends):
        spans.append([a / RATE, (b + 1) / RATE])
    return tuple((round(a, 3), round(b, 3)) for a, b in spans)


def espeak_phrase(text: str, voice: str | None = None, rate: int = 170) -> Phrase:
    """A phrase rendered by eSpeak NG through the project's Speaker, silence trimmed."""
    return _espeak_phrase(text, voice, rate)


@functools.lru_cache(maxsize=None)
def _espeak_phrase(text: str, voice: str | None, rate: int) -> Phrase:
    import tempfile

    from mockinterview.audio.wavfile import read_pipeline_audio
    from mockinterview.speech.tts import Speaker

    cache = Path(tempfile.gettempdir()) / "mockinterview-room-tts"
    wav = Speaker(voice=voice, rate=rate, cache_dir=cache).render(text)
    x = read_pipeline_audio(wav).astype(np.float64) / 32768.0
    loud = np.flatnonzero(np.abs(x) > 0.01)
    x = x[loud[0]:loud[-1] + 1]
    return Phrase(x, spans_of(x))


def real_phrase(name: str) -> Phrase:
    """A LibriVox clip cut from its first word to its last, speech spans from its alignment."""
    return _real_phrase(name)


@functools.lru_cache(maxsize=None)
def _real_phrase(name: str) -> Phrase:
    from mockinterview.audio.wavfile import read_pipeline_audio

    x = read_pipeline_audio(REAL_SPEECH / f"{name}.wav").astype(np.float64) / 32768.0
    words = [w for w in json.loads((REAL_SPEECH / f"{name}.json").read_text())["w"]
             if not w["t"].startswith("<")]
    start = words[0]["b"]
    end = words[-1]["b"] + words[-1]["d"]
    spans: list[list[float]] = []
    for w in words:
        a, b = w["b"] - start, w["b"] + w["d"] - start
        if spans and a - spans[-1][1] < BRIDGE_S:
            spans[-1][1] = b
        else:
            spans.append([a, b])
    cut = x[int(start * RATE):int(end * RATE)]
    return Phrase(cut, tuple((round(a, 3), round(b, 3)) for a, b in spans))


def active_dbfs(samples: np.ndarray, spans) -> float:
    """RMS level of the speech parts only."""
    parts = [samples[int(a * RATE):int(b * RATE)] for a, b in spans]
    x = np.concatenate(parts) if parts else samples
    return 20 * np.log10(max(1e-9, float(np.sqrt(np.mean(x * x)))))


def build_answer(phrases: list[Phrase], gaps_s: list[float], lead_s: float = 1.5,
                 level_dbfs: float = SPEECH_DBFS) -> Answer:
    """Phrases with the given silences between them, each phrase set to `level_dbfs`."""
    assert len(gaps_s) == len(phrases) - 1
    parts = [np.zeros(int(lead_s * RATE))]
    spans, pauses = [], []
    t = lead_s
    for i, p in enumerate(phrases):
        gain = 10 ** ((level_dbfs - active_dbfs(p.samples, p.spans)) / 20)
        parts.append(p.samples * gain)
        spans += [(round(t + a, 3), round(t + b, 3)) for a, b in p.spans]
        t += len(p.samples) / RATE
        if i < len(gaps_s):
            parts.append(np.zeros(int(round(gaps_s[i] * RATE))))
            pauses.append((round(spans[-1][1], 3),
                           round(t + gaps_s[i] + p_first(phrases[i + 1]), 3)))
            t += int(round(gaps_s[i] * RATE)) / RATE
    clean = np.concatenate(parts)
    return Answer(clean, tuple((float(a), float(b)) for a, b in spans),
                  tuple((float(a), float(b)) for a, b in pauses), float(spans[0][0]),
                  float(spans[-1][1]))


def p_first(p: Phrase) -> float:
    return p.spans[0][0] if p.spans else 0.0


# ------------------------------------------------------------------------------ the room

def _shaped_noise(rng: np.random.Generator, n: int, exponent: float) -> np.ndarray:
    """Noise whose power falls as 1/f**exponent (0 white, 1 pink, 2 brown), unit RMS."""
    spectrum = rng.standard_normal(n // 2 + 1) + 1j * rng.standard_normal(n // 2 + 1)
    f = np.fft.rfftfreq(n, 1 / RATE)
    f[0] = f[1]
    spectrum *= f ** (-exponent / 2)
    spectrum[f < 20] = 0  # no sub-audible rumble a microphone would not pass
    x = np.fft.irfft(spectrum, n)
    return x / np.sqrt(np.mean(x * x))


def _hum(n: int) -> np.ndarray:
    """50 Hz mains hum with its odd and even harmonics, unit RMS."""
    t = np.arange(n) / RATE
    x = sum(a * np.sin(2 * np.pi * 50 * k * t + k) for k, a in
            ((1, 1.0), (2, 0.5), (3, 0.6), (4, 0.2), (5, 0.3), (7, 0.15)))
    return x / np.sqrt(np.mean(x * x))


def _babble(rng: np.random.Generator, n: int) -> np.ndarray:
    """Two other voices talking continuously, unit RMS of the speech."""
    out = np.zeros(n)
    for voice in ("en-us", "gmw/en"):
        order = rng.permutation(len(PHRASES))
        parts = []
        while sum(len(p) for p in parts) < n:
            for i in order:
                parts.append(espeak_phrase(PHRASES[i], voice=voice, rate=190).samples)
                parts.append(np.zeros(int(rng.uniform(0.1, 0.4) * RATE)))
        x = np.concatenate(parts)
        start = int(rng.integers(0, len(x) - n + 1))
        x = x[start:start + n]
        out += x / np.sqrt(np.mean(x * x))
    return out / np.sqrt(np.mean(out * out))


def _dbfs_gain(dbfs: float) -> float:
    return 10 ** (dbfs / 20)


# name -> (kind, noise dBFS, speech dBFS). Noise levels are RMS; speech is its active level.
CONDITIONS: dict[str, tuple[str, float | None, float]] = {
    "clean": ("none", None, SPEECH_DBFS),
    "hiss-60": ("white", -60.0, SPEECH_DBFS),
    "hiss-50": ("white", -50.0, SPEECH_DBFS),
    "hiss-42": ("white", -42.0, SPEECH_DBFS),
    "hiss-35": ("white", -35.0, SPEECH_DBFS),
    # Beyond the matrix: where detection gives out (for the benchmark).
    "hiss-30": ("white", -30.0, SPEECH_DBFS),
    "hiss-27": ("white", -27.0, SPEECH_DBFS),
    "pink-42": ("pink", -42.0, SPEECH_DBFS),
    "brown-40": ("brown", -40.0, SPEECH_DBFS),
    "hum-40": ("hum", -40.0, SPEECH_DBFS),
    "babble": ("babble", SPEECH_DBFS - 20, SPEECH_DBFS),
    # Speech peaks near -40 dBFS (active level about -58) over a quiet microphone's own hiss.
    "quiet": ("white", -75.0, -58.0),
    # Speech peaks at full scale: the loudest phrases clip.
    "loud": ("white", -60.0, -6.0),
    # A constant offset of 10% of full scale on top of a little hiss.
    "dc": ("dc", -60.0, SPEECH_DBFS),
}


def mix(answer: Answer, condition: str, seed: int = 0, tail_s: float = 12.0) -> np.ndarray:
    """The answer in a room: int16, noise from the start and for `tail_s` after the end."""
    kind, noise_dbfs, speech_dbfs = CONDITIONS[condition]
    rng = np.random.default_rng(seed)
    speech = answer.clean * _dbfs_gain(speech_dbfs - SPEECH_DBFS)
    n = len(speech) + int(tail_s * RATE)
    x = np.zeros(n)
    x[:len(speech)] = speech
    if kind == "white":
        x += rng.standard_normal(n) * _dbfs_gain(noise_dbfs)
    elif kind == "pink":
        x += _shaped_noise(rng, n, 1.0) * _dbfs_gain(noise_dbfs)
    elif kind == "brown":
        x += _shaped_noise(rng, n, 2.0) * _dbfs_gain(noise_dbfs)
    elif kind == "hum":
        x += _hum(n) * _dbfs_gain(noise_dbfs)
    elif kind == "babble":
        x += _babble(rng, n) * _dbfs_gain(noise_dbfs)
    elif kind == "dc":
        x += 0.1 + rng.standard_normal(n) * _dbfs_gain(noise_dbfs)
    return np.clip(np.round(x * 32768), -32768, 32767).astype(np.int16)


def sample_answer(seed: int = 0, real: bool = False, phrases: int = 4) -> Answer:
    """An answer of 2-4 phrases with pauses of 0.5-2.6 s between them (some over 1 s, some
    under), from eSpeak NG (several voices and rates) or from the real recordings."""
    rng = np.random.default_rng(seed)
    if real:
        names = [LIBRIVOX[i] for i in rng.permutation(len(LIBRIVOX))[:phrases]]
        parts = [real_phrase(n) for n in names]
    else:
        voices = ("en-us", "gmw/en", "en-us", None)
        parts = [espeak_phrase(PHRASES[i], voice=voices[k], rate=int(rng.integers(150, 200)))
                 for k, i in enumerate(rng.permutation(len(PHRASES))[:phrases])]
    gaps = [float(g) for g in rng.choice([0.5, 1.3, 1.8, 2.6], size=phrases - 1,
                                         replace=False)]
    return build_answer(parts, gaps)


def truth_speech_s(answer: Answer, pause_s: float = 1.0) -> float:
    """Speaking time as the analyser defines it: first to last speech, less pauses >= 1 s."""
    span = answer.speech_end_s - answer.speech_start_s
    return span - sum(b - a for a, b in answer.pauses if b - a >= pause_s)


def long_pauses(answer: Answer, min_s: float = 1.0, shift_s: float = 0.0):
    return [(a + shift_s, b + shift_s) for a, b in answer.pauses if b - a >= min_s]


def match_pauses(found, truth, tolerance_s: float = 0.25) -> tuple[float, float]:
    """Precision and recall of found pauses against true ones (both ends within tolerance)."""
    hits_found = sum(any(abs(a - ta) <= tolerance_s and abs(b - tb) <= tolerance_s
                         for ta, tb in truth) for a, b in found)
    hits_truth = sum(any(abs(a - ta) <= tolerance_s and abs(b - tb) <= tolerance_s
                         for a, b in found) for ta, tb in truth)
    precision = hits_found / len(found) if found else 1.0
    recall = hits_truth / len(truth) if truth else 1.0
    return precision, recall

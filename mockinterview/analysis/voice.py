"""How the voice sounds over an answer: pitch median and range, monotone stretches, loudness
range across words, trailing off at the ends of phrases, and changes of speaking rate.

Pitch is measured in semitones relative to the speaker's own median, so the same limits
work for any voice. Spreads are 10th-90th percentiles: a pitch tracker's occasional octave
error or a word's loud consonant moves them little. Pure: reads `VoiceFrames`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from mockinterview.audio.voice_frames import VoiceFrames

_MIN_PITCH_S = 1.0     # voiced speech needed for any pitch figure
_MIN_UNITS = 5         # words (or stretches) needed for a loudness range
_UNIT_S = 0.3          # without words, loudness is compared over stretches this long
_PHRASE_GAP_S = 0.35   # a gap this long between words (or segments) ends a phrase
_MIN_PHRASE_S = 1.2    # shorter phrases have no body to compare their end with
_FADE_DB = 30.0        # frames this far below the speaker's level are not voice


@dataclass(frozen=True)
class VoiceMeasures:
    reliable: bool
    pitch_median_hz: float | None = None
    pitch_range_st: float | None = None
    monotone: bool | None = None
    monotone_spans: tuple[tuple[float, float], ...] = ()
    loudness_range_db: float | None = None
    trailing_off: bool | None = None
    trailing_ends: tuple[float, ...] = ()     # ends of the phrases that faded
    rate_variation: float | None = None       # spread of phrase rates / median rate
    rate_changes: tuple[tuple[float, float, str], ...] = ()  # (start, end, "faster"/"slower")
    notes: tuple[str, ...] = field(default=())  # why a figure is missing


def semitones(f0_hz: np.ndarray, median_hz: float) -> np.ndarray:
    """Pitch in semitones from the speaker's median. A frame more than 9 semitones away is
    moved by whole octaves towards it: speech almost never goes that far from its median,
    while a pitch tracker's commonest error is to halve or double the pitch for a few
    frames, which would otherwise count as a leap of 12."""
    st = 12 * np.log2(f0_hz / median_hz)
    far = np.abs(st) > 9
    st[far] -= 12 * np.round(st[far] / 12)
    return st


def _power_db(levels: np.ndarray) -> float:
    """Mean power of frames given in dB, in dB (loud frames weigh as they sound)."""
    return float(10 * np.log10(np.mean(10 ** (levels / 10))))


def _spread(values: np.ndarray) -> float:
    return float(np.percentile(values, 90) - np.percentile(values, 10))


def _voice_mask(frames: VoiceFrames, segments: Sequence[tuple[float, float]]) -> np.ndarray:
    inside = np.zeros(len(frames), dtype=bool)
    for a, b in segments:
        inside[frames.index(a):frames.index(b) + 1] = True
    if inside.any():
        typical = float(np.percentile(frames.level_db[inside], 90))
        inside &= frames.level_db >= typical - _FADE_DB
    return inside


def monotone_spans(frames: VoiceFrames, speech: np.ndarray, semis: np.ndarray,
                   window_s: float, limit_st: float) -> list[tuple[float, float]]:
    """Stretches where every `window_s` of speech (time inside speech, pauses skipped) has a
    pitch spread under `limit_st`; merged where windows overlap."""
    speech_idx = np.flatnonzero(speech)
    n = int(round(window_s / frames.hop_s))
    if len(speech_idx) < n:
        return []
    voiced = frames.f0_hz[speech_idx] > 0
    step = max(1, int(round(1.0 / frames.hop_s)))  # a window every second of speech
    spans: list[list[float]] = []
    for a in range(0, len(speech_idx) - n + 1, step):
        sel = voiced[a:a + n]
        if sel.sum() * frames.hop_s < 0.3 * window_s:
            continue  # too little voicing to judge (whispered, noisy)
        window = semis[speech_idx[a:a + n]][sel]
        if _spread(window) < limit_st:
            t0 = speech_idx[a] * frames.hop_s
            t1 = (speech_idx[a + n - 1] + 1) * frames.hop_s
            if spans and t0 <= spans[-1][1]:
                spans[-1][1] = t1
            else:
                spans.append([t0, t1])
    return [(round(float(a), 2), round(float(b), 2)) for a, b in spans]


def _phrases(units: Sequence[tuple[float, float]]) -> list[tuple[float, float, int]]:
    """Runs of words (or segments) without a gap of `_PHRASE_GAP_S`: (start, end, units)."""
    out: list[list[float]] = []
    for a, b in sorted(units):
        if out and a - out[-1][1] < _PHRASE_GAP_S:
            out[-1][1] = max(out[-1][1], b)
            out[-1][2] += 1
        else:
            out.append([a, b, 1])
    return [(a, b, int(k)) for a, b, k in out]


def _trailing(frames: VoiceFrames, speech: np.ndarray,
              phrases: Sequence[tuple[float, float, int]], settings
              ) -> tuple[bool | None, tuple[float, ...]]:
    judged, faded = 0, []
    for a, b, _ in phrases:
        if b - a < _MIN_PHRASE_S:
            continue
        i0, i1 = frames.index(a), frames.index(b) + 1
        cut = frames.index(b - settings.trailing_tail_s)
        body = frames.level_db[i0:cut][speech[i0:cut]]
        tail = frames.level_db[cut:i1][speech[cut:i1]]
        if len(body) < 10 or len(tail) < 5:
            continue
        judged += 1
        if _power_db(body) - _power_db(tail) >= settings.trailing_drop_db:
            faded.append(round(float(b), 2))
    if judged < 2:
        return None, ()
    return bool(2 * len(faded) >= judged), tuple(faded)


def _rates(phrases: Sequence[tuple[float, float, int]], ratio: float
           ) -> tuple[float | None, tuple[tuple[float, float, str], ...]]:
    rated = [(a, b, k * 60.0 / (b - a)) for a, b, k in phrases if k >= 4 and b - a >= 1.0]
    if len(rated) < 3:
        return None, ()
    wpm = np.array([r for _, _, r in rated])
    median = float(np.median(wpm))
    variation = round(_spread(wpm) / median, 2)
    changes = tuple((round(float(a), 2), round(float(b), 2),
                     "faster" if r > median else "slower")
                    for a, b, r in rated if r >= median * ratio or r <= median / ratio)
    return variation, changes


def measure_voice(frames: VoiceFrames, segments: Sequence[tuple[float, float]],
                  words: Sequence[tuple[float, float]], settings,
                  snr_db: float | None = None) -> VoiceMeasures:
    """Voice measures of one answer. `segments`: the voice detector's speech; `words`: time
    spans of the recognised words (may be empty: then stretches of speech stand in for
    words, and the speaking rate is not measured); `settings`: VoiceSettings; `snr_db`: the
    room check's, under `min_snr_db` nothing is claimed."""
    if snr_db is not None and snr_db < settings.min_snr_db:
        return VoiceMeasures(False, notes=(f"the voice is only {snr_db:.0f} dB above the room "
                                           "noise: too little to judge pitch and loudness",))
    speech = _voice_mask(frames, segments)
    voiced = speech & (frames.f0_hz > 0)
    notes = []
    median = pitch_range = None
    monotone, spans = None, []
    if voiced.sum() * frames.hop_s >= _MIN_PITCH_S:
        median = float(np.median(frames.f0_hz[voiced]))
        semis = np.zeros(len(frames))
        semis[voiced] = semitones(frames.f0_hz[voiced], median)
        pitch_range = round(_spread(semis[voiced]), 1)
        spans = monotone_spans(frames, speech, semis, settings.monotone_window_s,
                               settings.monotone_spread_st)
        if speech.sum() * frames.hop_s >= settings.monotone_window_s:
            covered = sum(b - a for a, b in spans)
            monotone = bool(pitch_range < settings.monotone_spread_st
                            or covered >= 0.5 * speech.sum() * frames.hop_s)
        else:
            notes.append("the answer is too short to judge monotone")
    else:
        notes.append("too little voiced speech for pitch")
    units = list(words)
    if not units:  # no words: fixed stretches of speech stand in for them
        units = [(t, min(t + _UNIT_S, b)) for a, b in segments
                 for t in np.arange(a, b - _UNIT_S / 2, _UNIT_S)]
    loud = []
    for a, b in units:
        i0, i1 = frames.index(a), frames.index(b) + 1
        part = frames.level_db[i0:i1][speech[i0:i1]]
        if len(part):
            loud.append(_power_db(part))
    loudness = round(_spread(np.array(loud)), 1) if len(loud) >= _MIN_UNITS else None
    phrases = _phrases(words if words else segments)
    trailing, ends = _trailing(frames, speech, phrases, settings)
    variation, changes = _rates(phrases, settings.rate_change_ratio) if words else (None, ())
    return VoiceMeasures(True, None if median is None else round(median, 1), pitch_range,
                         monotone, tuple(spans), loudness, trailing, ends, variation, changes,
                         tuple(notes))

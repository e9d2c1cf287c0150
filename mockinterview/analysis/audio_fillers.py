"""Filled pauses heard in the audio: "um", "uh", "er" the recogniser gave no word for.

A hesitation sound is a sustained vowel or hum: the voice holds one pitch and one mouth shape
(steady F0 and steady spectral envelope) for a fifth of a second to a second and a half, which
is what published filled-pause detectors look for. Speech the recogniser missed moves in pitch
and changes its spectrum every syllable, so it stays "unrecognised speech". Only voiced stretches
with no recognised word over them are candidates; a recognised filler ("um" in the
transcript) over the same stretch is the same event and is not counted twice.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from mockinterview.analysis.voice import semitones
from mockinterview.audio.voice_frames import VoiceFrames

# Word times and voice boundaries disagree by a few frames: a word covers this much more.
_WORD_PAD_S = 0.04
# Frames this far (dB) below the loudest part of the stretch are its fade, not the sound.
_FADE_DB = 20.0
_SPECTRAL_LAG = 3  # frames (30 ms) between the spectra compared


@dataclass(frozen=True)
class AudioFiller:
    start_s: float
    end_s: float
    confidence: float  # 0-1: how clearly the stretch is one held sound
    pitch_spread_st: float  # 10th-90th percentile pitch spread over it, semitones
    spectral_change_db: float  # median change of the spectral shape every 30 ms

    def to_dict(self) -> dict[str, float]:
        return {"start_s": self.start_s, "end_s": self.end_s, "confidence": self.confidence}


def uncovered(segments: Sequence[tuple[float, float]],
              words: Sequence[tuple[float, float]]) -> list[tuple[float, float]]:
    """Parts of the voice detector's speech segments that no word's time span covers."""
    spans = sorted((a - _WORD_PAD_S, b + _WORD_PAD_S) for a, b in words)
    out = []
    for s0, s1 in segments:
        t = s0
        for w0, w1 in spans:
            if w1 <= t or w0 >= s1:
                continue
            if w0 > t:
                out.append((t, w0))
            t = max(t, w1)
        if t < s1:
            out.append((t, s1))
    return out


def _judge(frames: VoiceFrames, start: float, end: float, settings
           ) -> AudioFiller | None:
    """The held sound in one uncovered stretch, if it is one."""
    a, b = frames.index(start), frames.index(end) + 1
    f0 = frames.f0_hz[a:b]
    level = frames.level_db[a:b]
    if len(f0) == 0:
        return None
    sound = (f0 > 0) & (level >= level.max() - _FADE_DB)
    idx = np.flatnonzero(sound)
    if len(idx) == 0:
        return None
    first, last = int(idx[0]), int(idx[-1])
    length = (last - first + 1) * frames.hop_s
    voiced_share = len(idx) / (last - first + 1)
    if not (settings.audio_filler_min_s <= length <= settings.audio_filler_max_s):
        return None
    semis = semitones(f0[idx], float(np.median(f0[idx])))
    spread = float(np.percentile(semis, 90) - np.percentile(semis, 10))
    shape = frames.bands[a:b][idx]
    shape = shape - shape.mean(axis=1, keepdims=True)  # loudness is not shape
    if len(shape) > _SPECTRAL_LAG:
        change = float(np.median(np.mean(np.abs(shape[_SPECTRAL_LAG:] - shape[:-_SPECTRAL_LAG]),
                                          axis=1)))
    else:
        change = 0.0
    if (spread > settings.audio_filler_pitch_spread_st
            or change > settings.audio_filler_spectral_change_db
            or voiced_share < 0.8):
        return None
    # Confidence: how far inside both limits the sound is, and how fully voiced.
    steady = min(1 - spread / settings.audio_filler_pitch_spread_st,
                 1 - change / settings.audio_filler_spectral_change_db)
    confidence = round(float(min(1.0, 0.5 + 0.5 * steady) * voiced_share), 2)
    t0 = float(start) + first * frames.hop_s
    return AudioFiller(round(t0, 3), round(t0 + length, 3), confidence, round(spread, 2),
                       round(change, 2))


def find_audio_fillers(frames: VoiceFrames, segments: Sequence[tuple[float, float]],
                       words: Sequence[tuple[float, float]],
                       recognised: Sequence[tuple[float, float]], settings
                       ) -> list[AudioFiller]:
    """Hesitation sounds in voiced stretches no word covers. `words`: time spans of the
    recognised words other than fillers; `recognised`: spans of the recognised fillers
    (an audio filler over one of them is that filler, counted once). `settings`:
    VoiceSettings."""
    found = []
    for start, end in uncovered(segments, words):
        filler = _judge(frames, start, end, settings)
        if filler is None:
            continue
        if any(min(filler.end_s, b) - max(filler.start_s, a) > 0 for a, b in recognised):
            continue
        found.append(filler)
    return found

"""Pauses: silent gaps between words, silent stretches in the audio, and stretches where
the audio has voice but the recogniser gave no word (often a dropped "um")."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from mockinterview.analysis.text import Token
from mockinterview.audio.vad import Segment


@dataclass(frozen=True)
class Pause:
    start_s: float
    end_s: float
    source: str  # "words" (gap in word times), "audio" (silence), "both"
    after_index: int | None  # Transcript.words index of the last word before it
    before_index: int | None  # ... and of the first word after it

    @property
    def duration_s(self) -> float:
        return round(self.end_s - self.start_s, 3)

    def to_dict(self) -> dict:
        return {"start_s": self.start_s, "end_s": self.end_s, "duration_s": self.duration_s,
                "source": self.source, "after_index": self.after_index,
                "before_index": self.before_index}


def _neighbours(timed: Sequence[Token], start: float, end: float) -> tuple[int | None, int | None]:
    before = [t.index for t in timed if t.end is not None and t.end <= start + 0.05]
    after = [t.index for t in timed if t.start is not None and t.start >= end - 0.05]
    return (before[-1] if before else None), (after[0] if after else None)


def _overlap(a0: float, a1: float, b0: float, b1: float) -> float:
    return max(0.0, min(a1, b1) - max(a0, b0))


def find_pauses(tokens: Sequence[Token], segments: Sequence[Segment] | None,
                min_s: float) -> list[Pause]:
    """Pauses of at least `min_s`. With audio, silence decides: a gap between words that the
    audio shows was voiced is not a pause (see `unrecognised_speech`)."""
    timed = [t for t in tokens if t.timed]
    word_gaps = [(a.end, b.start) for a, b in zip(timed, timed[1:])
                 if b.start - a.end >= min_s]  # type: ignore[operator]
    pauses: list[Pause] = []
    if segments:
        segs = sorted(segments, key=lambda s: s.start)
        for a, b in zip(segs, segs[1:]):
            if b.start - a.end >= min_s:
                both = any(_overlap(a.end, b.start, g0, g1) > 0 for g0, g1 in word_gaps)
                after, before = _neighbours(timed, a.end, b.start)
                pauses.append(Pause(round(a.end, 3), round(b.start, 3),
                                    "both" if both else "audio", after, before))
        return pauses
    for g0, g1 in word_gaps:
        after, before = _neighbours(timed, g0, g1)  # type: ignore[arg-type]
        pauses.append(Pause(round(g0, 3), round(g1, 3), "words", after, before))  # type: ignore[arg-type]
    return pauses


def unrecognised_speech(tokens: Sequence[Token], segments: Sequence[Segment] | None,
                        min_gap_s: float, min_voiced_s: float) -> list[Pause]:
    """Gaps between words (or before the first) where the audio has at least
    `min_voiced_s` of voice: sound the recogniser did not turn into words."""
    if not segments:
        return []
    timed = [t for t in tokens if t.timed]
    found = []
    for a, b in zip(timed, timed[1:]):
        g0, g1 = a.end, b.start
        if g1 - g0 < min_gap_s:  # type: ignore[operator]
            continue
        # Trim the edges: word times and voice boundaries disagree by a few frames.
        inner0, inner1 = g0 + 0.08, g1 - 0.08  # type: ignore[operator]
        voiced = sum(_overlap(inner0, inner1, s.start, s.end) for s in segments)
        if voiced >= min_voiced_s:
            found.append(Pause(round(g0, 3), round(g1, 3), "audio", a.index, b.index))  # type: ignore[arg-type]
    return found

"""Duration, time to the first word, speaking time and pace."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from mockinterview.analysis.text import Token
from mockinterview.audio.vad import Segment


@dataclass(frozen=True)
class Timing:
    duration_s: float | None  # whole answer (recording length when known)
    first_word_s: float | None  # time before the first word or sound of speech
    speech_s: float | None  # first to last speech, minus pauses longer than the threshold
    wpm: float | None  # words per minute over speech_s
    source: str  # "audio", "words" or "none": what the times come from


def measure_timing(tokens: Sequence[Token], duration_s: float | None,
                   segments: Sequence[Segment] | None, pause_min_s: float) -> Timing:
    """Speaking time excludes the silence before the first word, after the last, and every
    pause of at least `pause_min_s`: pace is the rate while talking, not while thinking."""
    timed = [t for t in tokens if t.timed]
    speech_s: float | None = None
    first: float | None = None
    source = "none"
    if segments:
        segs = sorted((s for s in segments if s.end > s.start), key=lambda s: s.start)
        if segs:
            source = "audio"
            first = segs[0].start
            span = max(s.end for s in segs) - first
            gaps, reach = 0.0, segs[0].end
            for s in segs[1:]:
                if s.start - reach >= pause_min_s:
                    gaps += s.start - reach
                reach = max(reach, s.end)
            speech_s = max(0.0, span - gaps)
            if duration_s is None:
                duration_s = max(s.end for s in segs)
    if speech_s is None and timed:
        source = "words"
        first = timed[0].start
        span = max(t.end for t in timed) - first  # type: ignore[operator]
        gaps, reach = 0.0, timed[0].end
        for t in timed[1:]:
            if t.start - reach >= pause_min_s:  # type: ignore[operator]
                gaps += t.start - reach  # type: ignore[operator]
            reach = max(reach, t.end)  # type: ignore[type-var]
        speech_s = max(0.0, span - gaps)
        if duration_s is None:
            duration_s = max(t.end for t in timed)  # type: ignore[type-var]
    if timed and segments:
        first = min(first, timed[0].start) if first is not None else timed[0].start
    wpm = None
    if speech_s and speech_s > 0 and tokens:
        wpm = round(len(tokens) / speech_s * 60.0, 1)
    rnd = (lambda v: None if v is None else round(float(v), 3))
    return Timing(rnd(duration_s), rnd(first), rnd(speech_s), wpm, source)

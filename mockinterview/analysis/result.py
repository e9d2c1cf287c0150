"""The analyser's findings (`Measures`) and the full result with feedback (`AnalysisResult`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from mockinterview.analysis.fillers import DISCOURSE_MARKERS, FILLED_PAUSES, FillerEvent
from mockinterview.analysis.hedges import Hedge
from mockinterview.analysis.pauses import Pause
from mockinterview.analysis.repetition import Repeat
from mockinterview.analysis.star import ELEMENTS, StarFindings
from mockinterview.analysis.talking_points import PointCoverage

SCHEMA_VERSION = 1


@dataclass(frozen=True)
class Measures:
    """What was found in one answer, before any judgement."""

    word_count: int
    duration_s: float | None
    first_word_s: float | None
    speech_s: float | None
    wpm: float | None
    timing_source: str  # "audio", "words" or "none"
    filler_events: tuple[FillerEvent, ...]
    pauses: tuple[Pause, ...]
    unrecognised_speech: tuple[Pause, ...]
    star: StarFindings
    star_expected: bool
    points: PointCoverage | None  # None when no question (or no talking points)
    hedges: tuple[Hedge, ...]
    hedge_stacks: int
    stutters: tuple[Repeat, ...]
    repeated_phrases: tuple[Repeat, ...]
    very_short: bool
    question_id: str | None = None
    target_min_s: int | None = None
    target_max_s: int | None = None
    # The room check of the recording (audio.room.RoomCheck.to_dict()), when there was one;
    # its "pauses_reliable" false means pauses and speaking time were not taken from audio.
    audio_quality: dict[str, Any] | None = None
    # The voice detector's speech segments (start_s, end_s) the timing came from, if any.
    speech_segments: tuple[tuple[float, float], ...] | None = None

    @property
    def audio_reliable(self) -> bool:
        return self.audio_quality is None or bool(self.audio_quality.get("pauses_reliable", True))

    @property
    def fillers(self) -> dict[str, int]:
        """Count per filler word, only those found, in a stable order."""
        counts: dict[str, int] = {}
        for name in FILLED_PAUSES + DISCOURSE_MARKERS:
            n = sum(1 for e in self.filler_events if e.word == name)
            if n:
                counts[name] = n
        return counts

    @property
    def strict_fillers(self) -> int:
        return sum(1 for e in self.filler_events if e.kind == "filled")

    @property
    def discourse_fillers(self) -> int:
        return sum(1 for e in self.filler_events if e.kind == "discourse")

    @property
    def talk_minutes(self) -> float | None:
        """Minutes used for per-minute rates: speaking time, else the whole duration."""
        t = self.speech_s or self.duration_s
        return t / 60.0 if t else None

    def rate_per_min(self, count: int) -> float | None:
        return round(count / self.talk_minutes, 2) if self.talk_minutes else None

    def rate_per_100(self, count: int) -> float | None:
        return round(100.0 * count / self.word_count, 2) if self.word_count else None


@dataclass(frozen=True)
class Tip:
    dimension: str
    text: str  # plain words, with the evidence in them
    evidence: tuple[dict[str, Any], ...] = ()  # words and times the tip is about

    def to_dict(self) -> dict[str, Any]:
        return {"dimension": self.dimension, "text": self.text,
                "evidence": [dict(e) for e in self.evidence]}


@dataclass(frozen=True)
class AnalysisResult:
    measures: Measures
    scores: dict[str, int | None]  # per dimension 0-100 (None: not measurable) + "overall"
    strengths: tuple[str, ...]
    tips: tuple[Tip, ...]
    headline: str  # one kind sentence to speak after the answer
    follow_up: str | None  # one follow-up question for an incomplete STAR answer
    score: int  # overall 0-100
    extra: dict[str, Any] = field(default_factory=dict)

    # Convenience views used by callers and tests.
    @property
    def star(self) -> dict[str, bool]:
        return dict(self.measures.star.present)

    @property
    def hypothetical(self) -> bool:
        return self.measures.star.hypothetical

    @property
    def we_only(self) -> bool:
        return self.measures.star.we_only

    @property
    def filler_events(self) -> tuple[FillerEvent, ...]:
        return self.measures.filler_events

    @property
    def filler_count(self) -> dict[str, int]:
        return {"strict": self.measures.strict_fillers,
                "discourse": self.measures.discourse_fillers}

    def to_dict(self) -> dict[str, Any]:
        """The `analyse --json` object (also stored per answer in a session)."""
        m = self.measures
        star = m.star
        total_fillers = m.strict_fillers + m.discourse_fillers
        pace = None
        if m.wpm is not None:
            pace = "slow" if m.wpm < self.extra.get("pace_min", 0) else \
                "fast" if m.wpm > self.extra.get("pace_max", 1e9) else "ok"
        return {
            "schema_version": SCHEMA_VERSION,
            "question_id": m.question_id,
            "duration_s": m.duration_s,
            "speech_s": m.speech_s,
            "first_word_s": m.first_word_s,
            "word_count": m.word_count,
            "wpm": m.wpm,
            "pace": pace,
            "timing_source": m.timing_source,
            "target_s": (None if m.target_min_s is None
                         else {"min": m.target_min_s, "max": m.target_max_s}),
            "very_short": m.very_short,
            "fillers": m.fillers,
            "filler_count": self.filler_count,
            "filler_rate": {"per_min": m.rate_per_min(total_fillers),
                            "per_100_words": m.rate_per_100(total_fillers)},
            "filler_events": [e.to_dict() for e in m.filler_events],
            "pauses": [p.to_dict() for p in m.pauses],
            "speech_segments": (None if m.speech_segments is None
                                else [[a, b] for a, b in m.speech_segments]),
            "audio_quality": (None if m.audio_quality is None else {
                "noise_floor_dbfs": m.audio_quality.get("noise_floor_dbfs"),
                "speech_dbfs": m.audio_quality.get("speech_dbfs"),
                "snr_db": m.audio_quality.get("snr_db"),
                "clipping": m.audio_quality.get("clipping"),
                "verdict": m.audio_quality.get("verdict"),
                "problems": list(m.audio_quality.get("problems") or []),
                "pauses_reliable": m.audio_reliable}),
            "unrecognised_speech": [p.to_dict() for p in m.unrecognised_speech],
            "star": {e: star.present[e] for e in ELEMENTS},
            "star_evidence": {e: [ev.text for ev in star.evidence[e]] for e in ELEMENTS},
            "star_evidence_detail": {e: [ev.to_dict() for ev in star.evidence[e]]
                                     for e in ELEMENTS},
            "star_expected": m.star_expected,
            "hypothetical": star.hypothetical,
            "hypothetical_evidence": [ev.to_dict() for ev in star.hypothetical_cues],
            "we_only": star.we_only,
            "actions": {"i": star.i_actions, "we": star.we_actions},
            "talking_points": {
                "covered": list(m.points.covered) if m.points else [],
                "missed": list(m.points.missed) if m.points else [],
                "matches": ({name: [x.to_dict() for x in ms]
                             for name, ms in m.points.matches.items()} if m.points else {}),
            },
            "hedges": {"count": len(m.hedges), "stacks": m.hedge_stacks,
                       "per_100_words": m.rate_per_100(len(m.hedges)),
                       "events": [h.to_dict() for h in m.hedges]},
            "repetition": {"stutters": [r.to_dict() for r in m.stutters],
                           "phrases": [r.to_dict() for r in m.repeated_phrases]},
            "scores": dict(self.scores),
            "score": self.score,
            "strengths": list(self.strengths),
            "tips": [t.to_dict() for t in self.tips],
            "headline": self.headline,
            "follow_up": self.follow_up,
        }

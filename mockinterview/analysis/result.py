"""The analyser's result types, shared by the analyser and the feedback: its findings
(`Measures`), a tip (`Tip`) and the full result (`AnalysisResult`), whose stored form is the
schema in mockinterview.analysis.schema."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from mockinterview.analysis import schema
from mockinterview.analysis.audio_fillers import AudioFiller
from mockinterview.analysis.fillers import DISCOURSE_MARKERS, FILLED_PAUSES, FillerEvent
from mockinterview.analysis.hedges import Hedge
from mockinterview.analysis.pauses import Pause
from mockinterview.analysis.repetition import Repeat
from mockinterview.analysis.schema import (SCHEMA_VERSION, AnalysisRecord, AudioQuality,
                                          FillerMark, HedgeMark, PauseMark, Points,
                                          RepeatMark, Span, TipRecord)
from mockinterview.analysis.star import ELEMENTS, StarFindings
from mockinterview.analysis.talking_points import PointCoverage
from mockinterview.analysis.voice import VoiceMeasures

__all__ = ["SCHEMA_VERSION", "AnalysisResult", "Measures", "Tip"]


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
    # Hesitation sounds heard in the audio with no recognised word (analysis.audio_fillers).
    audio_fillers: tuple[AudioFiller, ...] = ()
    # How the voice sounded (analysis.voice); None without a recording.
    voice: VoiceMeasures | None = None

    @property
    def all_fillers(self) -> int:
        """Fillers in the words and hesitation sounds heard only in the audio."""
        return self.strict_fillers + self.discourse_fillers + len(self.audio_fillers)

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

    def record(self) -> AnalysisRecord:
        """The stored form of this result (mockinterview.analysis.schema)."""
        m = self.measures
        star = m.star
        total_fillers = m.all_fillers  # with the hesitation sounds heard only in the audio
        pace = None
        if m.wpm is not None:
            pace = "slow" if m.wpm < self.extra.get("pace_min", 0) else \
                "fast" if m.wpm > self.extra.get("pace_max", 1e9) else "ok"

        def span(ev: Any) -> Span:
            return Span(ev.text, ev.index, ev.end_index, ev.start, ev.end)

        def pause(p: Pause) -> PauseMark:
            return PauseMark(p.start_s, p.end_s, p.duration_s, p.source, p.after_index,
                             p.before_index)

        points = Points()
        if m.points:
            points = Points(tuple(m.points.covered), tuple(m.points.missed), {
                name: tuple(schema.PointMatch(x.keyword, x.text, x.index, x.start) for x in ms)
                for name, ms in m.points.matches.items()})
        return AnalysisRecord(
            question_id=m.question_id,
            duration_s=m.duration_s,
            speech_s=m.speech_s,
            first_word_s=m.first_word_s,
            word_count=m.word_count,
            wpm=m.wpm,
            pace=pace,
            timing_source=m.timing_source,
            target_s=None if m.target_min_s is None else (m.target_min_s, m.target_max_s),
            very_short=m.very_short,
            fillers=m.fillers,
            strict_fillers=m.strict_fillers,
            discourse_fillers=m.discourse_fillers,
            filler_per_min=m.rate_per_min(total_fillers),
            filler_per_100_words=m.rate_per_100(total_fillers),
            filler_events=tuple(FillerMark(e.word, e.kind, e.text, e.start, e.end, e.index,
                                           e.end_index) for e in m.filler_events),
            pauses=tuple(pause(p) for p in m.pauses),
            unrecognised_speech=tuple(pause(p) for p in m.unrecognised_speech),
            speech_segments=m.speech_segments,
            audio_quality=None if m.audio_quality is None else AudioQuality(
                m.audio_quality.get("noise_floor_dbfs"), m.audio_quality.get("speech_dbfs"),
                m.audio_quality.get("snr_db"), m.audio_quality.get("clipping"),
                m.audio_quality.get("verdict"), tuple(m.audio_quality.get("problems") or ()),
                m.audio_reliable),
            audio_fillers=tuple(schema.AudioFillerMark(f.start_s, f.end_s, f.confidence)
                                for f in m.audio_fillers),
            voice=_voice_record(m.voice),
            star={e: star.present[e] for e in ELEMENTS},
            star_evidence={e: tuple(span(ev) for ev in star.evidence[e]) for e in ELEMENTS},
            star_expected=m.star_expected,
            hypothetical=star.hypothetical,
            hypothetical_evidence=tuple(span(ev) for ev in star.hypothetical_cues),
            we_only=star.we_only,
            i_actions=star.i_actions,
            we_actions=star.we_actions,
            talking_points=points,
            hedges=tuple(HedgeMark(h.phrase, h.index, h.start) for h in m.hedges),
            hedge_stacks=m.hedge_stacks,
            hedges_per_100_words=m.rate_per_100(len(m.hedges)),
            stutters=tuple(RepeatMark(r.phrase, r.count, tuple(r.indexes)) for r in m.stutters),
            repeated_phrases=tuple(RepeatMark(r.phrase, r.count, tuple(r.indexes))
                                   for r in m.repeated_phrases),
            scores=dict(self.scores),
            score=self.score,
            strengths=tuple(self.strengths),
            tips=tuple(TipRecord(t.dimension, t.text, tuple(dict(e) for e in t.evidence))
                       for t in self.tips),
            headline=self.headline,
            follow_up=self.follow_up,
        )

    def to_dict(self) -> dict[str, Any]:
        """The `analyse --json` object (also stored per answer in a session): the schema's
        version 1 (mockinterview.analysis.schema)."""
        return self.record().to_dict()


def _voice_record(v: VoiceMeasures | None) -> schema.VoiceRecord | None:
    if v is None:
        return None
    return schema.VoiceRecord(v.pitch_median_hz, v.pitch_range_st, v.monotone,
                              v.monotone_spans, v.loudness_range_db, v.trailing_off,
                              v.trailing_ends, v.rate_variation, v.reliable)

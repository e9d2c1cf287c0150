"""The stored analysis of one answer: one typed, versioned schema.

The analyser writes it (`AnalysisResult.record().to_dict()`, saved per answer as
`qNN-<id>.analysis.json` and printed by `analyse --json`); every reader (reports, replay,
history, the interview's summary) loads it with `AnalysisRecord.from_dict`, so writer and
readers share these types and no reader guesses at keys.

Version 1 is the shape written since the first release; a file without `schema_version` is
read as version 1. Word positions (`index`, `end_index`, `after_index`, `before_index`) are
indexes into the answer's `Transcript.words`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Callable, TypeVar

from mockinterview.errors import MockInterviewError
from mockinterview.lexicon import STAR_ELEMENTS

SCHEMA_VERSION = 1

T = TypeVar("T")


class SchemaError(MockInterviewError):
    """An analysis file that is not (a version this program reads of) the schema."""


# ---------------------------------------------------------------- checked reading

def _get(d: dict[str, Any], key: str, kinds: tuple[type, ...], default: Any,
         where: str) -> Any:
    value = d.get(key, default)
    if value is None and default is None:
        return None
    if isinstance(value, bool) and bool not in kinds:
        raise SchemaError(f"{where}{key}: expected {kinds[0].__name__}, got {value!r}")
    if not isinstance(value, kinds):
        raise SchemaError(f"{where}{key}: expected {kinds[0].__name__}, got {value!r}")
    if isinstance(value, float) and not math.isfinite(value):
        raise SchemaError(f"{where}{key}: not a finite number")
    return value


def _num(d: dict, key: str, where: str = "", default: float | None = None) -> float | None:
    v = _get(d, key, (int, float), default, where)
    return None if v is None else v


def _int(d: dict, key: str, where: str = "", default: int | None = None) -> int | None:
    return _get(d, key, (int,), default, where)


def _str(d: dict, key: str, where: str = "", default: str | None = None) -> str | None:
    return _get(d, key, (str,), default, where)


def _bool(d: dict, key: str, where: str = "", default: bool = False) -> bool:
    return _get(d, key, (bool,), default, where)


def _dict(d: dict, key: str, where: str = "") -> dict[str, Any]:
    return _get(d, key, (dict,), {}, where)


def _list(d: dict, key: str, item: Callable[[Any, str], T], where: str = "") -> tuple[T, ...]:
    raw = _get(d, key, (list,), [], where)
    return tuple(item(x, f"{where}{key}[{i}].") for i, x in enumerate(raw))


def _obj(x: Any, where: str) -> dict[str, Any]:
    if not isinstance(x, dict):
        raise SchemaError(f"{where.rstrip('.')}: expected an object, got {x!r}")
    return x


def _text(x: Any, where: str) -> str:
    if not isinstance(x, str):
        raise SchemaError(f"{where.rstrip('.')}: expected text, got {x!r}")
    return x


# ---------------------------------------------------------------- the parts

@dataclass(frozen=True)
class Span:
    """Quoted words of the answer: STAR or hypothetical evidence."""

    text: str
    index: int | None = None  # first word
    end_index: int | None = None  # last word
    start: float | None = None
    end: float | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "index": self.index, "end_index": self.end_index,
                "start": self.start, "end": self.end}

    @classmethod
    def from_dict(cls, x: Any, where: str = "") -> "Span":
        d = _obj(x, where)
        return cls(_text(d.get("text"), where + "text"), _int(d, "index", where),
                   _int(d, "end_index", where), _num(d, "start", where), _num(d, "end", where))

    @property
    def indexes(self) -> range:
        """The positions of its words (empty when it has none)."""
        if self.index is None:
            return range(0)
        return range(self.index, (self.end_index if self.end_index is not None
                                  else self.index) + 1)


@dataclass(frozen=True)
class FillerMark:
    word: str  # canonical ("um", "you know")
    kind: str  # "filled" or "discourse"
    text: str  # as said ("erm")
    start: float | None
    end: float | None
    index: int | None
    end_index: int | None

    def to_dict(self) -> dict[str, Any]:
        return {"word": self.word, "kind": self.kind, "text": self.text, "start": self.start,
                "end": self.end, "index": self.index, "end_index": self.end_index}

    @classmethod
    def from_dict(cls, x: Any, where: str = "") -> "FillerMark":
        d = _obj(x, where)
        word = _text(d.get("word"), where + "word")
        return cls(word, _str(d, "kind", where, "filled"), _str(d, "text", where, word),
                   _num(d, "start", where), _num(d, "end", where), _int(d, "index", where),
                   _int(d, "end_index", where))

    @property
    def indexes(self) -> range:
        if self.index is None:
            return range(0)
        last = self.end_index if self.end_index is not None else self.index
        return range(self.index, last + 1)


@dataclass(frozen=True)
class PauseMark:
    start_s: float
    end_s: float
    duration_s: float
    source: str  # "words", "audio" or "both"
    after_index: int | None  # last word before it
    before_index: int | None  # first word after it

    def to_dict(self) -> dict[str, Any]:
        return {"start_s": self.start_s, "end_s": self.end_s, "duration_s": self.duration_s,
                "source": self.source, "after_index": self.after_index,
                "before_index": self.before_index}

    @classmethod
    def from_dict(cls, x: Any, where: str = "") -> "PauseMark":
        d = _obj(x, where)
        start = _get(d, "start_s", (int, float), None, where)
        end = _get(d, "end_s", (int, float), None, where)
        if start is None or end is None or end < start:
            raise SchemaError(f"{where.rstrip('.')}: a pause needs start_s <= end_s")
        return cls(start, end, _num(d, "duration_s", where, round(end - start, 3)),
                   _str(d, "source", where, "words"), _int(d, "after_index", where),
                   _int(d, "before_index", where))


@dataclass(frozen=True)
class PointMatch:
    keyword: str
    text: str
    index: int | None
    start: float | None

    def to_dict(self) -> dict[str, Any]:
        return {"keyword": self.keyword, "text": self.text, "index": self.index,
                "start": self.start}

    @classmethod
    def from_dict(cls, x: Any, where: str = "") -> "PointMatch":
        d = _obj(x, where)
        return cls(_text(d.get("keyword"), where + "keyword"), _text(d.get("text"),
                   where + "text"), _int(d, "index", where), _num(d, "start", where))


@dataclass(frozen=True)
class HedgeMark:
    phrase: str
    index: int | None
    start: float | None

    def to_dict(self) -> dict[str, Any]:
        return {"phrase": self.phrase, "index": self.index, "start": self.start}

    @classmethod
    def from_dict(cls, x: Any, where: str = "") -> "HedgeMark":
        d = _obj(x, where)
        return cls(_text(d.get("phrase"), where + "phrase"), _int(d, "index", where),
                   _num(d, "start", where))


@dataclass(frozen=True)
class RepeatMark:
    phrase: str
    count: int
    indexes: tuple[int, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"phrase": self.phrase, "count": self.count, "indexes": list(self.indexes)}

    @classmethod
    def from_dict(cls, x: Any, where: str = "") -> "RepeatMark":
        d = _obj(x, where)
        idx = _get(d, "indexes", (list,), [], where)
        if not all(isinstance(i, int) and not isinstance(i, bool) for i in idx):
            raise SchemaError(f"{where}indexes: expected word indexes")
        return cls(_text(d.get("phrase"), where + "phrase"), _int(d, "count", where, 0),
                   tuple(idx))


@dataclass(frozen=True)
class TipRecord:
    dimension: str  # the score it would lift: fillers, pace, structure ...
    text: str  # plain words, with the evidence in them
    evidence: tuple[dict[str, Any], ...] = ()  # the words and times it is about

    def to_dict(self) -> dict[str, Any]:
        return {"dimension": self.dimension, "text": self.text,
                "evidence": [dict(e) for e in self.evidence]}

    @classmethod
    def from_dict(cls, x: Any, where: str = "") -> "TipRecord":
        d = _obj(x, where)
        return cls(_str(d, "dimension", where, ""), _text(d.get("text"), where + "text"),
                   _list(d, "evidence", _obj, where))


@dataclass(frozen=True)
class Points:
    covered: tuple[str, ...] = ()
    missed: tuple[str, ...] = ()
    matches: dict[str, tuple[PointMatch, ...]] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"covered": list(self.covered), "missed": list(self.missed),
                "matches": {k: [m.to_dict() for m in v] for k, v in self.matches.items()}}

    @classmethod
    def from_dict(cls, x: Any, where: str = "") -> "Points":
        d = _obj(x, where)
        matches = {_text(k, where + "matches"): _list({"m": v}, "m", PointMatch.from_dict,
                                                      f"{where}matches.{k}.")
                   for k, v in _dict(d, "matches", where).items()}
        return cls(_list(d, "covered", _text, where), _list(d, "missed", _text, where), matches)


@dataclass(frozen=True)
class AudioQuality:
    """The recording's room check (audio.room), as the analysis used it."""

    noise_floor_dbfs: float | None = None  # None: digital silence between words
    speech_dbfs: float | None = None
    snr_db: float | None = None
    clipping: float | None = None
    verdict: str | None = None
    problems: tuple[str, ...] = ()
    pauses_reliable: bool = True  # false: pauses and audio speaking time were left out

    def to_dict(self) -> dict[str, Any]:
        return {"noise_floor_dbfs": self.noise_floor_dbfs, "speech_dbfs": self.speech_dbfs,
                "snr_db": self.snr_db, "clipping": self.clipping, "verdict": self.verdict,
                "problems": list(self.problems), "pauses_reliable": self.pauses_reliable}

    @classmethod
    def from_dict(cls, x: Any, where: str = "audio_quality.") -> "AudioQuality":
        d = _obj(x, where)
        return cls(_num(d, "noise_floor_dbfs", where), _num(d, "speech_dbfs", where),
                   _num(d, "snr_db", where), _num(d, "clipping", where),
                   _str(d, "verdict", where), _list(d, "problems", _text, where),
                   _bool(d, "pauses_reliable", where, True))


def _segment(x: Any, where: str) -> tuple[float, float]:
    if (not isinstance(x, list) or len(x) != 2
            or not all(isinstance(v, (int, float)) and not isinstance(v, bool)
                       and math.isfinite(v) for v in x)):
        raise SchemaError(f"{where.rstrip('.')}: expected [start_s, end_s], got {x!r}")
    return float(x[0]), float(x[1])


@dataclass(frozen=True)
class AudioFillerMark:
    """A hesitation sound heard in the audio with no recognised word (analysis.audio_fillers)."""

    start_s: float
    end_s: float
    confidence: float

    def to_dict(self) -> dict[str, Any]:
        return {"start_s": self.start_s, "end_s": self.end_s, "confidence": self.confidence}

    @classmethod
    def from_dict(cls, x: Any, where: str = "") -> "AudioFillerMark":
        d = _obj(x, where)
        start, end = _span(d, where)
        return cls(start, end, _num(d, "confidence", where, 0.0))  # type: ignore[arg-type]


def _span(x: Any, where: str) -> tuple[float, float]:
    d = _obj(x, where)
    start, end = _num(d, "start_s", where), _num(d, "end_s", where)
    if start is None or end is None:
        raise SchemaError(f"{where}start_s/end_s: expected numbers")
    return float(start), float(end)


@dataclass(frozen=True)
class VoiceRecord:
    """How the voice sounded (analysis.voice); None figures: the audio did not allow one."""

    pitch_median_hz: float | None = None
    pitch_range_st: float | None = None  # 10th-90th percentile spread, semitones
    monotone: bool | None = None
    monotone_spans: tuple[tuple[float, float], ...] = ()
    loudness_range_db: float | None = None  # 10th-90th percentile across words
    trailing_off: bool | None = None
    trailing_ends: tuple[float, ...] = ()  # ends of the phrases whose voice faded
    rate_variation: float | None = None  # spread of phrase rates relative to the median
    reliable: bool = True  # false: too much room noise to judge the voice

    def to_dict(self) -> dict[str, Any]:
        return {"pitch_median_hz": self.pitch_median_hz, "pitch_range_st": self.pitch_range_st,
                "monotone": self.monotone,
                "monotone_spans": [{"start_s": a, "end_s": b} for a, b in self.monotone_spans],
                "loudness_range_db": self.loudness_range_db, "trailing_off": self.trailing_off,
                "trailing_ends": list(self.trailing_ends),
                "rate_variation": self.rate_variation, "reliable": self.reliable}

    @classmethod
    def from_dict(cls, x: Any, where: str = "voice.") -> "VoiceRecord":
        d = _obj(x, where)
        ends = _list(d, "trailing_ends", lambda v, w: _num({"v": v}, "v", w, 0.0), where)
        return cls(_num(d, "pitch_median_hz", where), _num(d, "pitch_range_st", where),
                   _get(d, "monotone", (bool,), None, where),
                   _list(d, "monotone_spans", _span, where),
                   _num(d, "loudness_range_db", where),
                   _get(d, "trailing_off", (bool,), None, where), ends,  # type: ignore[arg-type]
                   _num(d, "rate_variation", where), _bool(d, "reliable", where, True))


# ---------------------------------------------------------------- the whole record

@dataclass(frozen=True)
class AnalysisRecord:
    """Everything stored about one answer's analysis (schema version 1)."""

    question_id: str | None = None
    duration_s: float | None = None
    speech_s: float | None = None
    first_word_s: float | None = None
    word_count: int = 0
    wpm: float | None = None
    pace: str | None = None  # "slow", "fast", "ok"; None without a pace
    timing_source: str = "none"  # "audio", "words" or "none"
    target_s: tuple[int, int] | None = None  # the question's target length (min, max)
    very_short: bool = False
    fillers: dict[str, int] = field(default_factory=dict)  # count per canonical filler
    strict_fillers: int = 0  # filled pauses (um, uh ...)
    discourse_fillers: int = 0  # like, you know ... used as fillers
    filler_per_min: float | None = None
    filler_per_100_words: float | None = None
    filler_events: tuple[FillerMark, ...] = ()
    pauses: tuple[PauseMark, ...] = ()
    unrecognised_speech: tuple[PauseMark, ...] = ()
    # The voice detector's speech segments the timing came from (None: no audio used).
    speech_segments: tuple[tuple[float, float], ...] | None = None
    audio_quality: AudioQuality | None = None  # None: no recording, or an older file
    # Hesitation sounds heard in the audio that no recognised word covers (older files: none).
    audio_fillers: tuple[AudioFillerMark, ...] = ()
    voice: VoiceRecord | None = None  # None: no recording, or an older file
    star: dict[str, bool] = field(default_factory=lambda: dict.fromkeys(STAR_ELEMENTS, False))
    star_evidence: dict[str, tuple[Span, ...]] = field(
        default_factory=lambda: {e: () for e in STAR_ELEMENTS})
    star_expected: bool | None = None  # None: not stored (the bank decides)
    hypothetical: bool = False
    hypothetical_evidence: tuple[Span, ...] = ()
    we_only: bool = False
    i_actions: int = 0
    we_actions: int = 0
    talking_points: Points = field(default_factory=Points)
    hedges: tuple[HedgeMark, ...] = ()
    hedge_stacks: int = 0
    hedges_per_100_words: float | None = None
    stutters: tuple[RepeatMark, ...] = ()
    repeated_phrases: tuple[RepeatMark, ...] = ()
    scores: dict[str, int | None] = field(default_factory=dict)  # per dimension + "overall"
    score: int | None = None  # overall 0-100
    strengths: tuple[str, ...] = ()
    tips: tuple[TipRecord, ...] = ()
    headline: str | None = None
    follow_up: str | None = None  # the follow-up question it calls for, if any
    schema_version: int = SCHEMA_VERSION

    @property
    def filler_total(self) -> int:
        """Fillers in the words and hesitation sounds heard only in the audio (the analyser
        lists an event that is both once, as a word), as the filler rates count them."""
        return self.strict_fillers + self.discourse_fillers + len(self.audio_fillers)

    def to_dict(self) -> dict[str, Any]:
        """The JSON object of schema version 1 (`analyse --json`, `*.analysis.json`)."""
        return {
            "schema_version": self.schema_version,
            "question_id": self.question_id,
            "duration_s": self.duration_s,
            "speech_s": self.speech_s,
            "first_word_s": self.first_word_s,
            "word_count": self.word_count,
            "wpm": self.wpm,
            "pace": self.pace,
            "timing_source": self.timing_source,
            "target_s": (None if self.target_s is None
                         else {"min": self.target_s[0], "max": self.target_s[1]}),
            "very_short": self.very_short,
            "fillers": dict(self.fillers),
            "filler_count": {"strict": self.strict_fillers,
                             "discourse": self.discourse_fillers},
            "filler_rate": {"per_min": self.filler_per_min,
                            "per_100_words": self.filler_per_100_words},
            "filler_events": [e.to_dict() for e in self.filler_events],
            "pauses": [p.to_dict() for p in self.pauses],
            "speech_segments": (None if self.speech_segments is None
                                else [[a, b] for a, b in self.speech_segments]),
            "audio_quality": None if self.audio_quality is None else self.audio_quality.to_dict(),
            "unrecognised_speech": [p.to_dict() for p in self.unrecognised_speech],
            "audio_fillers": [f.to_dict() for f in self.audio_fillers],
            "voice": None if self.voice is None else self.voice.to_dict(),
            "star": {e: self.star.get(e, False) for e in STAR_ELEMENTS},
            "star_evidence": {e: [ev.text for ev in self.star_evidence.get(e, ())]
                              for e in STAR_ELEMENTS},
            "star_evidence_detail": {e: [ev.to_dict() for ev in self.star_evidence.get(e, ())]
                                     for e in STAR_ELEMENTS},
            "star_expected": self.star_expected,
            "hypothetical": self.hypothetical,
            "hypothetical_evidence": [ev.to_dict() for ev in self.hypothetical_evidence],
            "we_only": self.we_only,
            "actions": {"i": self.i_actions, "we": self.we_actions},
            "talking_points": self.talking_points.to_dict(),
            "hedges": {"count": len(self.hedges), "stacks": self.hedge_stacks,
                       "per_100_words": self.hedges_per_100_words,
                       "events": [h.to_dict() for h in self.hedges]},
            "repetition": {"stutters": [r.to_dict() for r in self.stutters],
                           "phrases": [r.to_dict() for r in self.repeated_phrases]},
            "scores": dict(self.scores),
            "score": self.score,
            "strengths": list(self.strengths),
            "tips": [t.to_dict() for t in self.tips],
            "headline": self.headline,
            "follow_up": self.follow_up,
        }

    @classmethod
    def from_dict(cls, data: Any) -> "AnalysisRecord":
        """Load a stored analysis; SchemaError when it is not one this version reads."""
        d = _obj(data, "analysis")
        version = d.get("schema_version", 1)  # files without a version are version 1
        if not isinstance(version, int) or isinstance(version, bool) or version < 1:
            raise SchemaError(f"schema_version: expected a whole number, got {version!r}")
        if version > SCHEMA_VERSION:
            raise SchemaError(f"analysis written by a newer mockinterview (schema {version}; "
                              f"this version reads up to {SCHEMA_VERSION})")
        target = d.get("target_s")
        if target is not None:
            t = _obj(target, "target_s.")
            lo, hi = _int(t, "min", "target_s."), _int(t, "max", "target_s.")
            target = None if lo is None or hi is None else (lo, hi)
        fillers = {_text(k, "fillers"): v for k, v in _dict(d, "fillers").items()}
        if not all(isinstance(v, int) and not isinstance(v, bool) for v in fillers.values()):
            raise SchemaError("fillers: expected a count per filler")
        counts = _dict(d, "filler_count")
        rate = _dict(d, "filler_rate")
        star_raw = _dict(d, "star")
        detail = _dict(d, "star_evidence_detail")
        texts = _dict(d, "star_evidence")
        evidence: dict[str, tuple[Span, ...]] = {}
        for e in STAR_ELEMENTS:
            if e in detail:
                evidence[e] = _list(detail, e, Span.from_dict, "star_evidence_detail.")
            else:  # only the quotes: no word positions to mark
                evidence[e] = tuple(Span(t) for t in _list(texts, e, _text, "star_evidence."))
        actions = _dict(d, "actions")
        hedges = _dict(d, "hedges")
        repetition = _dict(d, "repetition")
        scores = {}
        for k, v in _dict(d, "scores").items():
            if v is not None and (isinstance(v, bool) or not isinstance(v, (int, float))):
                raise SchemaError(f"scores.{k}: expected a number, got {v!r}")
            scores[_text(k, "scores")] = v
        return cls(
            schema_version=version,
            question_id=_str(d, "question_id"),
            duration_s=_num(d, "duration_s"),
            speech_s=_num(d, "speech_s"),
            first_word_s=_num(d, "first_word_s"),
            word_count=_int(d, "word_count", default=0),
            wpm=_num(d, "wpm"),
            pace=_str(d, "pace"),
            timing_source=_str(d, "timing_source", default="none"),
            target_s=target,
            very_short=_bool(d, "very_short"),
            fillers=fillers,
            strict_fillers=_int(counts, "strict", "filler_count.", 0),
            discourse_fillers=_int(counts, "discourse", "filler_count.", 0),
            filler_per_min=_num(rate, "per_min", "filler_rate."),
            filler_per_100_words=_num(rate, "per_100_words", "filler_rate."),
            filler_events=_list(d, "filler_events", FillerMark.from_dict),
            pauses=_list(d, "pauses", PauseMark.from_dict),
            unrecognised_speech=_list(d, "unrecognised_speech", PauseMark.from_dict),
            speech_segments=(None if d.get("speech_segments") is None
                             else _list(d, "speech_segments", _segment)),
            audio_quality=(None if d.get("audio_quality") is None
                           else AudioQuality.from_dict(d["audio_quality"])),
            audio_fillers=_list(d, "audio_fillers", AudioFillerMark.from_dict),
            voice=None if d.get("voice") is None else VoiceRecord.from_dict(d["voice"]),
            star={e: _bool(star_raw, e, "star.") for e in STAR_ELEMENTS},
            star_evidence=evidence,
            star_expected=_get(d, "star_expected", (bool,), None, ""),
            hypothetical=_bool(d, "hypothetical"),
            hypothetical_evidence=_list(d, "hypothetical_evidence", Span.from_dict),
            we_only=_bool(d, "we_only"),
            i_actions=_int(actions, "i", "actions.", 0),
            we_actions=_int(actions, "we", "actions.", 0),
            talking_points=Points.from_dict(d.get("talking_points", {}), "talking_points."),
            hedges=_list(hedges, "events", HedgeMark.from_dict, "hedges."),
            hedge_stacks=_int(hedges, "stacks", "hedges.", 0),
            hedges_per_100_words=_num(hedges, "per_100_words", "hedges."),
            stutters=_list(repetition, "stutters", RepeatMark.from_dict, "repetition."),
            repeated_phrases=_list(repetition, "phrases", RepeatMark.from_dict, "repetition."),
            scores=scores,
            score=_get(d, "score", (int, float), None, ""),
            strengths=_list(d, "strengths", _text),
            tips=_list(d, "tips", TipRecord.from_dict),
            headline=_str(d, "headline"),
            follow_up=_str(d, "follow_up"),
        )

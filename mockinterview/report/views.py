"""View models over a session read back (mockinterview.session_reader): what the reports,
replay and history show of each answer.

Every analysis field is read from the typed record (mockinterview.analysis.schema); the
transcript's words are marked from the word indexes the analyser stored (fillers, STAR
evidence, pauses), never by searching the text.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from functools import cached_property
from pathlib import Path
from typing import Any

from mockinterview.analysis.schema import AnalysisRecord
from mockinterview.lexicon import GROUP_LABELS, STAR_ELEMENTS
from mockinterview.session_reader import AnswerRecord, SessionRecord, read_session
from mockinterview.textfmt import star_letters
from mockinterview.transcript import said


@dataclass(frozen=True)
class Token:
    """One transcript word with what the review marks on it."""

    index: int
    text: str
    start: float | None
    end: float | None
    filler: bool = False
    star: tuple[str, ...] = ()  # STAR elements whose evidence includes this word
    pause_before_s: float | None = None  # a long pause just before this word

    def to_dict(self) -> dict[str, Any]:
        return {"index": self.index, "word": self.text, "start": self.start, "end": self.end,
                "filler": self.filler, "star": list(self.star),
                "pause_before_s": self.pause_before_s}


@dataclass
class AnswerReview(AnswerRecord):
    """An answer as the reports show it."""

    @classmethod
    def of(cls, record: AnswerRecord) -> "AnswerReview":
        review = cls(**{f.name: getattr(record, f.name) for f in fields(AnswerRecord)})
        review.earlier = [cls.of(e) for e in record.earlier]
        return review

    # ------------------------------------------------------------ attempts

    @property
    def all_attempts(self) -> list["AnswerReview"]:
        """Every attempt at the question, oldest first (this answer is the latest)."""
        return [*self.earlier, self] if self.answered or self.earlier else []

    def attempt_facts(self) -> list[Any]:
        """The comparison's measures of every attempt with a readable analysis."""
        from mockinterview.attempts import facts_of

        return [facts_of(a.analysis, a.attempt, a.answered_at)
                for a in self.all_attempts if a.analysis is not None]

    def comparison(self) -> dict[str, Any] | None:
        """Side by side and in words, when the question was answered two or more times."""
        from mockinterview.attempts import compare

        return compare(self.attempt_facts())

    def attempts_dicts(self) -> list[dict[str, Any]]:
        """`report --format json` "attempts": each attempt's analysis with when it ended."""
        out = []
        for a in self.all_attempts:
            data = a.analysis.to_dict() if a.analysis is not None else {}
            data.update({"attempt": a.attempt, "answered_at": a.answered_at,
                         "audio_file": a.audio.name if a.audio else None,
                         "notes": list(a.notes)})
            out.append(data)
        return out

    @property
    def answered(self) -> bool:
        return self.status == "answered"

    @property
    def group_label(self) -> str:
        return GROUP_LABELS.get(self.group, self.group.replace("_", " ").title())

    @property
    def score(self) -> float | None:
        """The overall score: `score`, else scores.overall."""
        if self.analysis is None:
            return None
        if self.analysis.score is not None:
            return float(self.analysis.score)
        overall = self.scores.get("overall")
        return overall

    @property
    def scores(self) -> dict[str, float]:
        if self.analysis is None:
            return {}
        return {k: float(v) for k, v in self.analysis.scores.items() if v is not None}

    @property
    def length_s(self) -> float | None:
        return ((self.analysis.duration_s if self.analysis else None) or self.duration_s
                or (self.transcript.duration_s if self.transcript else None))

    @property
    def wpm(self) -> float | None:
        return self.analysis.wpm if self.analysis else None

    @property
    def fillers(self) -> dict[str, int]:
        return dict(self.analysis.fillers) if self.analysis else {}

    @property
    def filler_total(self) -> int | None:
        return self.analysis.filler_total if self.analysis else None

    @property
    def star(self) -> dict[str, bool] | None:
        return dict(self.analysis.star) if self.analysis else None

    @property
    def star_expected(self) -> bool | None:
        """Whether the analysis says the question expects a STAR story (None: not stored)."""
        return self.analysis.star_expected if self.analysis else None

    @property
    def star_letters(self) -> str:
        """'STA-' style: the letter when present, '-' when missing, '' without an analysis."""
        return "" if self.star is None else star_letters(self.star)

    @property
    def star_evidence(self) -> dict[str, list[str]]:
        """Evidence per STAR element as the analyser stored it (normalised text)."""
        if self.analysis is None:
            return {}
        return {e: [s.text for s in self.analysis.star_evidence.get(e, ()) if s.text.strip()]
                for e in STAR_ELEMENTS}

    def _quote(self, span: Any) -> str:
        """A stored quote in the candidate's own words (case, "I"), else as stored."""
        words = self.transcript.words if self.transcript else ()
        return said(words, span.index, span.end_index) or span.text

    @property
    def star_quotes(self) -> dict[str, list[str]]:
        """Evidence per STAR element as the candidate said it, for reading."""
        if self.analysis is None:
            return {}
        return {e: [self._quote(s) for s in self.analysis.star_evidence.get(e, ())
                    if s.text.strip()] for e in STAR_ELEMENTS}

    @property
    def star_evidence_at(self) -> dict[str, list[tuple[str, int | None, float | None]]]:
        """Evidence per STAR element as (quoted text, index of its first word, start time):
        the position the analyser stored, so a quote points at its own words even when the
        same words occur elsewhere in the answer (None for files that stored no index)."""
        if self.analysis is None:
            return {}
        n = len(self.transcript.words) if self.transcript else 0
        return {e: [(self._quote(s), s.index if s.index is not None and 0 <= s.index < n
                     else None, s.start) for s in self.analysis.star_evidence.get(e, ())
                     if s.text.strip()] for e in STAR_ELEMENTS}

    @property
    def talking_points(self) -> tuple[list[str], list[str]]:
        """(covered, missed) talking point names."""
        if self.analysis is None:
            return [], []
        tp = self.analysis.talking_points
        return list(tp.covered), list(tp.missed)

    @property
    def tips(self) -> list[str]:
        return [t.text for t in self.analysis.tips if t.text.strip()] if self.analysis else []

    @property
    def strengths(self) -> list[str]:
        return [s for s in self.analysis.strengths if s.strip()] if self.analysis else []

    @property
    def headline(self) -> str | None:
        h = self.analysis.headline if self.analysis else None
        return h if h and h.strip() else None

    def _pause_marks(self) -> list[tuple[float, float, int | None]]:
        """Long pauses (start, end, index of the word after it): the analysis's, else the
        gaps between timed words."""
        if self.analysis is not None:
            return [(p.start_s, p.end_s, p.before_index) for p in self.analysis.pauses]
        words = self.transcript.words if self.transcript else ()
        return [(a.end, b.start, i + 1) for i, (a, b) in enumerate(zip(words, words[1:]))
                if a.end is not None and b.start is not None
                and b.start - a.end >= self.pause_min_s]

    @property
    def pauses(self) -> list[tuple[float, float]]:
        """Long pauses as (start, end) seconds."""
        return [(s, e) for s, e, _ in self._pause_marks()]

    # ------------------------------------------------------------ the marked transcript

    def tokens(self) -> list[Token]:
        """Transcript words with fillers, STAR evidence and preceding long pauses marked,
        at the word indexes the analysis stored."""
        if not self.transcript:
            return []
        words = self.transcript.words
        n = len(words)
        fillers: set[int] = set()
        star: dict[int, list[str]] = {}
        if self.analysis is not None:
            for ev in self.analysis.filler_events:
                fillers.update(i for i in ev.indexes if 0 <= i < n)
            for e in STAR_ELEMENTS:
                for span in self.analysis.star_evidence.get(e, ()):
                    for i in span.indexes:
                        if 0 <= i < n and e not in star.setdefault(i, []):
                            star[i].append(e)
        pause_at: dict[int, float] = {}
        for s, e, before in self._pause_marks():
            # A pause before the first word is thinking time, not a pause in the answer.
            if before is not None and 0 < before < n:
                pause_at[before] = round(e - s, 2)
        return [Token(i, w.word, w.start, w.end, i in fillers, tuple(star.get(i, ())),
                      pause_at.get(i)) for i, w in enumerate(words)]

    def marked_text(self, filler: str = "[{}]", pause: str = "(pause {:.1f} s)") -> str:
        """The transcript as one string with fillers and long pauses marked."""
        out = []
        for t in self.tokens():
            if t.pause_before_s is not None:
                out.append(pause.format(t.pause_before_s))
            out.append(filler.format(t.text) if t.filler else t.text)
        if not out and self.transcript:
            return self.transcript.text
        return " ".join(out)

    def to_dict(self) -> dict[str, Any]:
        covered, missed = self.talking_points
        return {
            "index": self.index, "id": self.id, "group": self.group,
            "question": self.text, "status": self.status, "follow_up": self.follow_up,
            "notes": list(self.notes),
            "audio_file": self.audio.name if self.audio else None,
            "followup_audio_file": self.followup_audio.name if self.followup_audio else None,
            "length_s": self.length_s, "wpm": self.wpm, "fillers": self.fillers,
            "filler_total": self.filler_total, "pauses": [
                {"start_s": s, "end_s": e} for s, e in self.pauses],
            "star": self.star, "star_evidence": self.star_evidence,
            "talking_points": {"covered": covered, "missed": missed},
            "score": self.score, "scores": self.scores, "headline": self.headline,
            "strengths": self.strengths, "tips": self.tips,
            "transcript": self.transcript.to_dict() if self.transcript else None,
            "marked_transcript": self.marked_text() if self.transcript else None,
            "tokens": [t.to_dict() for t in self.tokens()],
            "analysis": self.analysis.to_dict() if self.analysis else None,
            **self._attempts_json(),
        }

    def _attempts_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"attempts": self.attempts_dicts()}
        comparison = self.comparison()
        if comparison is not None:
            data["comparison"] = comparison
        return data


@dataclass
class SessionReview(SessionRecord):
    """A whole session as the reports show it."""

    answers: list[AnswerReview]  # type: ignore[assignment]

    @property
    def asked(self) -> int:
        return len(self.answers)

    @property
    def answered(self) -> list[AnswerReview]:
        return [a for a in self.answers if a.answered]

    @property
    def average_score(self) -> float | None:
        scores = [a.score for a in self.answers if a.answered and a.score is not None]
        return round(sum(scores) / len(scores), 1) if scores else None

    @cached_property
    def bank_obj(self) -> Any:
        """The session's bank (found by id among the known banks), or None."""
        from mockinterview.errors import MockInterviewError
        from mockinterview.sessioncheck import find_session_bank

        try:
            return find_session_bank(self.manifest, str(self.folder / "session.json"))
        except MockInterviewError:
            return None

    @cached_property
    def skill_rows(self) -> list[Any]:
        """The skills matrix of this session (empty when its bank has no skills or is not
        known here): mockinterview.skills.SkillRow per skill."""
        from mockinterview.skills import review_answers, skills_matrix

        if self.bank_obj is None:
            return []
        return skills_matrix(self.bank_obj, review_answers(self))

    def outline(self, question_id: str) -> tuple[str, ...]:
        """The bank's answer outline for a question (empty without one)."""
        bank = self.bank_obj
        q = next((q for q in bank.questions if q.id == question_id), None) if bank else None
        return q.outline if q else ()

    @property
    def has_attempts(self) -> bool:
        return any(a.earlier for a in self.answers)

    def to_dict(self) -> dict[str, Any]:
        started = self.started
        return {
            "session": {
                "id": self.id, "folder": str(self.folder), "bank": self.bank,
                "bank_title": self.bank_title, "mode": self.manifest.get("mode"),
                "status": self.status,
                "started_at": self.manifest.get("started_at")
                or (started.isoformat() if started else None),
                "finished_at": self.manifest.get("finished_at"),
                "room_check": (room.to_dict() if (room := self.room_check) is not None
                               else None),
            },
            "summary": {"asked": self.asked, "answered": len(self.answered),
                        "average_score": self.average_score},
            "answers": [{**a.to_dict(), "outline": list(self.outline(a.id))}
                        for a in self.answers],
            "skills": {row.id: row.to_dict() for row in self.skill_rows},
        }


def load_review(folder: Path) -> SessionReview:
    """A session folder as the reports show it (SessionError only for an unusable manifest)."""
    record = read_session(folder)
    return SessionReview(record.folder, record.manifest,
                         [AnswerReview.of(a) for a in record.answers])


def session_top_tips(analyses: list[AnalysisRecord | None], n: int = 3) -> list[tuple[str, int]]:
    """The tips that came up in most answers, as (text, number of answers).

    Tips of one dimension (fillers, pace, length ...) count as one across answers; the first
    answer's wording is kept. Ties keep the order they first appeared in.
    """
    found: dict[str, list[Any]] = {}
    for analysis in analyses:
        for tip in analysis.tips if analysis is not None else ():
            if not tip.text.strip():
                continue
            slot = found.setdefault(tip.dimension or tip.text, [tip.text, 0])
            slot[1] += 1
    ranked = sorted(found.values(), key=lambda slot: -slot[1])
    return [(text, count) for text, count in ranked[:n]]

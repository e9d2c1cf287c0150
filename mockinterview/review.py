"""A session folder loaded into plain objects for replay, reports and history.

Everything here is derived from the folder alone (manifest, WAVs, transcripts, analyses), so
an old session can be re-rendered after the analyser improves. Missing or unreadable answer
files are not errors: the answer carries a note ("recording missing") and the rest renders.
The analysis JSON is read defensively (`.get`), because its keys grow over time.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from mockinterview.errors import MockInterviewError
from mockinterview.sessions import MANIFEST, Session
from mockinterview.bank import GROUP_LABELS  # noqa: F401  (re-exported for history)
from mockinterview.textfmt import STAR_ELEMENTS, star_letters
from mockinterview.transcript import Transcript

DEFAULT_PAUSE_S = 1.0


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
class AnswerReview:
    """One question of a session and everything kept about its answer."""

    index: int
    id: str
    category: str
    text: str
    status: str
    follow_up: str | None = None
    duration_s: float | None = None
    audio: Path | None = None  # None when missing
    followup_audio: Path | None = None
    transcript: Transcript | None = None
    analysis: dict[str, Any] | None = None
    notes: list[str] = field(default_factory=list)
    pause_min_s: float = DEFAULT_PAUSE_S

    @property
    def answered(self) -> bool:
        return self.status == "answered"

    @property
    def category_label(self) -> str:
        return GROUP_LABELS.get(self.category, self.category.replace("_", " ").title())

    # ------------------------------------------------------------ analysis, read defensively

    def a(self, key: str, default: Any = None) -> Any:
        """A key of the analysis dict (default when there is no analysis or no such key)."""
        if not isinstance(self.analysis, dict):
            return default
        value = self.analysis.get(key, default)
        return default if value is None else value

    @property
    def score(self) -> float | None:
        """The overall score: `score`, else scores.overall, else the mean of the scores."""
        s = _number(self.a("score"))
        if s is not None:
            return s
        scores = self.scores
        if "overall" in scores:
            return scores["overall"]
        return round(sum(scores.values()) / len(scores), 1) if scores else None

    @property
    def scores(self) -> dict[str, float]:
        raw = self.a("scores", {})
        if not isinstance(raw, dict):
            return {}
        return {str(k): v for k, v in ((k, _number(v)) for k, v in raw.items()) if v is not None}

    @property
    def length_s(self) -> float | None:
        return (_number(self.a("duration_s")) or self.duration_s
                or (self.transcript.duration_s if self.transcript else None))

    @property
    def wpm(self) -> float | None:
        return _number(self.a("wpm"))

    @property
    def fillers(self) -> dict[str, int]:
        raw = self.a("fillers", {})
        if not isinstance(raw, dict):
            return {}
        return {str(k): int(v) for k, v in raw.items() if _number(v) is not None}

    @property
    def filler_total(self) -> int | None:
        counts = self.a("filler_count")
        if isinstance(counts, dict):
            vals = [_number(v) for v in counts.values()]
            return int(sum(v for v in vals if v is not None))
        return sum(self.fillers.values()) if self.analysis else None

    @property
    def star(self) -> dict[str, bool] | None:
        raw = self.a("star")
        if not isinstance(raw, dict):
            return None
        return {e: bool(raw.get(e)) for e in STAR_ELEMENTS}

    @property
    def star_letters(self) -> str:
        """'STA-' style: the letter when present, '-' when missing, '' without an analysis."""
        return "" if self.star is None else star_letters(self.star)

    @property
    def star_evidence(self) -> dict[str, list[str]]:
        """Evidence per STAR element as readable text."""
        raw = self.a("star_evidence", {})
        out: dict[str, list[str]] = {}
        if isinstance(raw, dict):
            for e in STAR_ELEMENTS:
                items = raw.get(e) or []
                if not isinstance(items, list):
                    items = [items]
                out[e] = [t for t in (_evidence_text(i) for i in items) if t]
        return out

    @property
    def talking_points(self) -> tuple[list[str], list[str]]:
        """(covered, missed) talking point names."""
        raw = self.a("talking_points", {})
        if not isinstance(raw, dict):
            return [], []
        return (_names(raw.get("covered")), _names(raw.get("missed")))

    @property
    def tips(self) -> list[str]:
        raw = self.a("tips", [])
        if not isinstance(raw, list):
            return []
        return [t for t in (_evidence_text(t, ("text", "tip", "message")) for t in raw) if t]

    @property
    def strengths(self) -> list[str]:
        raw = self.a("strengths", [])
        if not isinstance(raw, list):
            return []
        return [t for t in (_evidence_text(t, ("text", "message")) for t in raw) if t]

    @property
    def headline(self) -> str | None:
        h = self.a("headline")
        return h if isinstance(h, str) and h.strip() else None

    @property
    def pauses(self) -> list[tuple[float, float]]:
        """Long pauses (start, end): the analysis's, else gaps between timed words."""
        raw = self.a("pauses")
        if isinstance(raw, list):
            out = []
            for p in raw:
                if isinstance(p, dict):
                    s, e = _number(p.get("start_s", p.get("start"))), _number(
                        p.get("end_s", p.get("end")))
                    if s is not None and e is not None and e >= s:
                        out.append((s, e))
            return out
        words = self.transcript.words if self.transcript else ()
        return [(a.end, b.start) for a, b in zip(words, words[1:])
                if a.end is not None and b.start is not None
                and b.start - a.end >= self.pause_min_s]

    # ------------------------------------------------------------ the marked transcript

    def tokens(self) -> list[Token]:
        """Transcript words with fillers, STAR evidence and preceding long pauses marked."""
        if not self.transcript:
            return []
        words = self.transcript.words
        norm = [_norm(w.word) for w in words]
        fillers = self._filler_indexes(words, norm)
        star: dict[int, list[str]] = {}
        raw_evidence = self.a("star_evidence", {})
        if isinstance(raw_evidence, dict):
            for e in STAR_ELEMENTS:
                items = raw_evidence.get(e) or []
                for item in items if isinstance(items, list) else [items]:
                    for i in _evidence_indexes(item, words, norm):
                        star.setdefault(i, [])
                        if e not in star[i]:
                            star[i].append(e)
        pause_at: dict[int, float] = {}
        for s, e in self.pauses:
            for i, w in enumerate(words):
                if w.start is not None and w.start >= e - 0.15:
                    if i > 0:  # a pause before the first word is thinking time
                        pause_at[i] = round(e - s, 2)
                    break
        return [Token(i, w.word, w.start, w.end, i in fillers, tuple(star.get(i, ())),
                      pause_at.get(i)) for i, w in enumerate(words)]

    def _filler_indexes(self, words, norm: list[str]) -> set[int]:
        marked: set[int] = set()
        events = self.a("filler_events", [])
        if not isinstance(events, list):
            return marked
        for ev in events:
            if not isinstance(ev, dict) or not isinstance(ev.get("word"), str):
                continue
            parts = [_norm(p) for p in ev["word"].split()]
            idx = ev.get("index", ev.get("word_index"))
            start = _number(ev.get("start"))
            found = None
            if isinstance(idx, int) and 0 <= idx < len(words):
                found = idx
            elif start is not None:
                # The word starting at the event's time (recogniser times are rounded).
                best = [(abs(w.start - start), i) for i, w in enumerate(words)
                        if w.start is not None and abs(w.start - start) <= 0.12]
                found = min(best)[1] if best else None
            if found is None:
                # Untimed: the next unmarked occurrence of the phrase.
                for i in range(len(norm) - len(parts) + 1):
                    if norm[i:i + len(parts)] == parts and i not in marked:
                        found = i
                        break
            if found is not None:
                marked.update(range(found, min(found + len(parts), len(words))))
        return marked

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
            "index": self.index, "id": self.id, "category": self.category,
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
            "analysis": self.analysis,
        }


@dataclass
class SessionReview:
    """A whole session: its manifest facts and its answers in order."""

    folder: Path
    manifest: dict[str, Any]
    answers: list[AnswerReview]

    @property
    def id(self) -> str:
        return str(self.manifest.get("id") or self.folder.name)

    @property
    def bank(self) -> str:
        return str(self.manifest.get("bank") or "?")

    @property
    def bank_title(self) -> str:
        return str(self.manifest.get("bank_title") or self.bank)

    @property
    def status(self) -> str:
        return str(self.manifest.get("status") or "unknown")

    @property
    def started(self) -> datetime | None:
        return session_start(self.folder, self.manifest)

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
            },
            "summary": {"asked": self.asked, "answered": len(self.answered),
                        "average_score": self.average_score},
            "answers": [a.to_dict() for a in self.answers],
        }


# ---------------------------------------------------------------- loading

def load_review(folder: Path) -> SessionReview:
    """Load a session folder; raise SessionError only when the manifest itself is unusable."""
    session = Session.open(folder)
    pause_min = _pause_setting(session.manifest)
    answers = []
    for q in session.questions:
        if not isinstance(q, dict):
            continue
        answers.append(_load_answer(session, q, pause_min))
    return SessionReview(folder, session.manifest, answers)


def _load_answer(session: Session, q: dict[str, Any], pause_min: float) -> AnswerReview:
    index = q.get("index") if isinstance(q.get("index"), int) else 0
    qid = str(q.get("id") or f"q{index}")
    follow = q.get("follow_up")
    if isinstance(follow, dict):
        follow = follow.get("text") or follow.get("question")
    answer = AnswerReview(
        index=index, id=qid, category=str(q.get("category") or "general"),
        text=str(q.get("text") or ""), status=str(q.get("status") or "pending"),
        follow_up=follow if isinstance(follow, str) and follow else None,
        duration_s=_number(q.get("duration_s")), pause_min_s=pause_min)
    if index < 1:
        answer.notes.append("question has no index in session.json")
        return answer
    defaults = session.files(index)
    names = q.get("files") if isinstance(q.get("files"), dict) else {}

    def path(kind: str) -> Path:
        # Only plain file names inside the folder: a manifest must not point elsewhere.
        name = names.get(kind)
        if isinstance(name, str) and name and Path(name).name == name:
            return session.folder / name
        return getattr(defaults, kind)

    if answer.status == "pending":
        answer.notes.append("not answered")
        return answer
    if answer.status == "recording":
        answer.notes.append("interrupted while recording")
    audio = path("audio")
    if audio.is_file():
        answer.audio = audio
    elif session.manifest.get("mode") != "typed":
        answer.notes.append(f"recording missing ({audio.name})")
    follow_audio = path("followup_audio")
    if follow_audio.is_file():
        answer.followup_audio = follow_audio
    tpath = path("transcript")
    try:
        answer.transcript = Transcript.from_dict(
            json.loads(tpath.read_text(encoding="utf-8")), tpath.name)
    except FileNotFoundError:
        answer.notes.append(f"transcript missing ({tpath.name})")
    except (OSError, ValueError, MockInterviewError):
        answer.notes.append(f"transcript unreadable ({tpath.name})")
    apath = path("analysis")
    try:
        data = json.loads(apath.read_text(encoding="utf-8"))
        if isinstance(data, dict):
            answer.analysis = data
        else:
            answer.notes.append(f"analysis unreadable ({apath.name})")
    except FileNotFoundError:
        answer.notes.append(f"analysis missing ({apath.name})")
    except (OSError, ValueError):
        answer.notes.append(f"analysis unreadable ({apath.name})")
    return answer


def session_start(folder: Path, manifest: dict[str, Any]) -> datetime | None:
    """When the session started: the manifest's started_at, else the folder name's date."""
    raw = manifest.get("started_at")
    if isinstance(raw, str):
        try:
            return datetime.fromisoformat(raw)
        except ValueError:
            pass
    m = re.match(r"(\d{8}-\d{6})", folder.name)
    if m:
        return datetime.strptime(m.group(1), "%Y%m%d-%H%M%S")
    return None


def _pause_setting(manifest: dict[str, Any]) -> float:
    settings = manifest.get("settings")
    if isinstance(settings, dict):
        analysis = settings.get("analysis")
        if isinstance(analysis, dict) and _number(analysis.get("pause_min_s")):
            return float(analysis["pause_min_s"])
    return DEFAULT_PAUSE_S


# ---------------------------------------------------------------- small helpers

def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value) if value == value else None  # NaN is no number


def _norm(word: str) -> str:
    return re.sub(r"[^\w'’ -]", "", word.lower()).strip()


def _names(items: Any) -> list[str]:
    if not isinstance(items, list):
        return []
    return [t for t in (_evidence_text(i, ("point", "name", "text")) for i in items) if t]


def session_top_tips(analyses: list[Any], n: int = 3) -> list[tuple[str, int]]:
    """The tips that came up in most answers, as (text, number of answers).

    Tips of one dimension (fillers, pace, length ...) count as one across answers; the first
    answer's wording is kept. Ties keep the order they first appeared in.
    """
    found: dict[str, list[Any]] = {}
    for analysis in analyses:
        tips = analysis.get("tips") if isinstance(analysis, dict) else None
        for tip in tips if isinstance(tips, list) else []:
            text = _evidence_text(tip, ("text", "tip", "message"))
            if not text:
                continue
            key = tip.get("dimension") or text if isinstance(tip, dict) else text
            slot = found.setdefault(key, [text, 0])
            slot[1] += 1
    ranked = sorted(found.values(), key=lambda slot: -slot[1])
    return [(text, count) for text, count in ranked[:n]]


def _evidence_text(item: Any, keys: tuple[str, ...] = ("text", "quote", "words", "phrase")) -> str:
    """Readable text of an evidence item: a string, or a dict with one of `keys`."""
    if isinstance(item, str):
        return item.strip()
    if isinstance(item, dict):
        for k in keys:
            v = item.get(k)
            if isinstance(v, str) and v.strip():
                return v.strip()
            if isinstance(v, list) and all(isinstance(x, str) for x in v):
                return " ".join(v)
    return ""


def _evidence_indexes(item: Any, words, norm: list[str]) -> list[int]:
    """Which words an evidence item points at: by its times, else by finding its text."""
    if isinstance(item, dict):
        s, e = _number(item.get("start")), _number(item.get("end"))
        if s is not None and e is not None:
            hit = [i for i, w in enumerate(words) if w.start is not None
                   and w.start >= s - 0.05 and (w.end or w.start) <= e + 0.05]
            if hit:
                return hit
    text = _evidence_text(item)
    parts = [p for p in (_norm(x) for x in text.split()) if p]
    if not parts:
        return []
    for i in range(len(norm) - len(parts) + 1):
        if norm[i:i + len(parts)] == parts:
            return list(range(i, i + len(parts)))
    return []

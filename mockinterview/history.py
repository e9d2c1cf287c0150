"""Progress across sessions: per-session measures, their trends, the weakest group and questions.

Pure over `SessionReview` objects (mockinterview.report.views); `load_history` reads the folders.
Measures per session (answered questions only):
- pace: mean words per minute of the answers that have one;
- fillers per minute and pauses per minute: totals over total answer time;
- STAR completeness: mean share of the four STAR elements present, over answers to questions
  that expect a STAR story (the analysis's `star_expected`, else the bank, else behavioural);
- talking-point coverage: covered / (covered + missed), over all answers;
- score: the mean answer score.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mockinterview.errors import MockInterviewError
from mockinterview.lexicon import GROUP_LABELS, STAR_ELEMENTS
from mockinterview.sessions import session_dirs
from mockinterview.settings import AnalysisSettings

if TYPE_CHECKING:
    from mockinterview.report.views import AnswerReview, SessionReview

SPARKS = "▁▂▃▄▅▆▇█"
WEAK_SCORE = 70.0  # a question whose latest score is below this is "weak"
GROUP_WINDOW = 5  # the weakest group is judged on this many most recent sessions
DEFAULT_PACE_WINDOW = (AnalysisSettings.pace_min_wpm, AnalysisSettings.pace_max_wpm)


@dataclass(frozen=True)
class Metric:
    key: str
    label: str
    unit: str
    better: str  # "higher", "lower" or "window" (closer to the pace window of the settings)


METRICS = (
    Metric("wpm", "Pace", "wpm", "window"),
    Metric("fillers_per_min", "Fillers", "/min", "lower"),
    Metric("pauses_per_min", "Long pauses", "/min", "lower"),
    Metric("star", "STAR complete", "%", "higher"),
    Metric("coverage", "Talking points", "%", "higher"),
    Metric("score", "Score", "", "higher"),
)


@dataclass(frozen=True)
class SessionPoint:
    """One session's measures (None when nothing in the session measures it)."""

    id: str
    date: str
    bank: str
    asked: int
    answered: int
    wpm: float | None
    fillers_per_min: float | None
    pauses_per_min: float | None
    star: float | None
    coverage: float | None
    score: float | None

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass(frozen=True)
class Trend:
    metric: Metric
    values: list[float | None]
    first: float | None
    last: float | None
    direction: str  # "better", "worse", "same" or "n/a"

    def to_dict(self) -> dict[str, Any]:
        return {"label": self.metric.label, "unit": self.metric.unit, "values": self.values,
                "first": self.first, "last": self.last, "direction": self.direction}


@dataclass(frozen=True)
class WeakQuestion:
    id: str
    text: str
    group: str
    score: float  # the latest score
    attempts: int


@dataclass(frozen=True)
class QuestionTrend:
    """One question's scores over every attempt in every session, oldest first."""

    id: str
    text: str
    tries: list[dict[str, Any]]  # {"session", "date", "attempt", "score"}

    @property
    def scores(self) -> list[float | None]:
        return [t["score"] for t in self.tries]

    @property
    def direction(self) -> str:
        return trend(METRICS[-1], self.scores).direction

    def to_dict(self) -> dict[str, Any]:
        known = [v for v in self.scores if v is not None]
        return {"text": self.text, "tries": self.tries, "first": known[0] if known else None,
                "last": known[-1] if known else None, "direction": self.direction}


@dataclass(frozen=True)
class SkillHistory:
    """One skill across the sessions: shown or not in each, and the latest words proving it."""

    id: str
    name: str
    shown: list[bool | None]  # per session point; None: the session's bank lacks the skill
    quote: dict[str, str] | None  # {"question_id", "quote"} of the latest session showing it
    tip: str | None  # a question to practise it on, when no session showed it

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass(frozen=True)
class History:
    points: list[SessionPoint]  # oldest first
    trends: list[Trend]
    group_scores: dict[str, float]
    weakest_group: str | None
    weak_questions: list[WeakQuestion]
    pace_window: tuple[float, float] = DEFAULT_PACE_WINDOW  # (min, max) wpm, from settings
    question_trends: list[QuestionTrend] = ()  # type: ignore[assignment]
    skills: list[SkillHistory] = ()  # type: ignore[assignment]

    def to_dict(self) -> dict[str, Any]:
        return {
            "sessions": [p.to_dict() for p in self.points],
            "trends": {t.metric.key: t.to_dict() for t in self.trends},
            "group_scores": self.group_scores,
            "weakest_group": self.weakest_group,
            "weakest_group_label": GROUP_LABELS.get(self.weakest_group or "", self.weakest_group),
            "weakest_questions": [q.__dict__ for q in self.weak_questions],
            "questions": {q.id: q.to_dict() for q in self.question_trends},
            "skills": {k.id: k.to_dict() for k in self.skills},
        }


# ---------------------------------------------------------------- measures

def _mean(values: list[float]) -> float | None:
    return round(sum(values) / len(values), 1) if values else None


def _star_expected(a: AnswerReview, bank_star: dict[str, bool]) -> bool:
    flag = a.star_expected
    if isinstance(flag, bool):
        return flag
    if a.id in bank_star:
        return bank_star[a.id]
    return a.group == "behavioral"


def session_point(review: SessionReview, bank_star: dict[str, bool] | None = None) -> SessionPoint:
    """The measures of one session."""
    bank_star = bank_star or {}
    answered = [a for a in review.answered if a.analysis]
    wpms = [a.wpm for a in answered if a.wpm is not None]
    timed = [a for a in answered if a.length_s]
    minutes = sum(a.length_s or 0.0 for a in timed) / 60.0
    fillers = sum(a.filler_total or 0 for a in timed)
    pauses = sum(len(a.pauses) for a in timed)
    star = [sum(a.star[e] for e in STAR_ELEMENTS) / 4 * 100 for a in answered
            if a.star is not None and _star_expected(a, bank_star)]
    covered = missed = 0
    for a in answered:
        c, m = a.talking_points
        covered, missed = covered + len(c), missed + len(m)
    scores = [a.score for a in answered if a.score is not None]
    started = review.started
    return SessionPoint(
        id=review.id, date=started.strftime("%Y-%m-%d %H:%M") if started else "",
        bank=review.bank, asked=review.asked, answered=len(review.answered),
        wpm=_mean(wpms),
        fillers_per_min=round(fillers / minutes, 1) if minutes > 0 else None,
        pauses_per_min=round(pauses / minutes, 1) if minutes > 0 else None,
        star=_mean(star),
        coverage=round(covered / (covered + missed) * 100, 1) if covered + missed else None,
        score=_mean(scores))


def pace_window(settings: AnalysisSettings) -> tuple[float, float]:
    """The pace window the feedback uses ([analysis] pace_min_wpm / pace_max_wpm)."""
    return settings.pace_min_wpm, settings.pace_max_wpm


def _distance_from_window(wpm: float, window: tuple[float, float]) -> float:
    lo, hi = window
    return max(lo - wpm, 0.0, wpm - hi)


def trend(metric: Metric, values: list[float | None],
          window: tuple[float, float] = DEFAULT_PACE_WINDOW) -> Trend:
    """First and last known values and whether the change is for the better."""
    known = [v for v in values if v is not None]
    if len(known) < 2:
        return Trend(metric, values, known[0] if known else None,
                     known[-1] if known else None, "n/a")
    first, last = known[0], known[-1]
    if metric.better == "window":
        delta = (_distance_from_window(first, window)
                 - _distance_from_window(last, window))  # > 0: closer now
        tolerance = 2.0
    else:
        delta = (last - first) if metric.better == "higher" else (first - last)
        tolerance = max(abs(first), abs(last), 1.0) * 0.03
    direction = "same" if abs(delta) <= tolerance else ("better" if delta > 0 else "worse")
    return Trend(metric, values, first, last, direction)


def build_history(reviews: list[SessionReview],
                  bank_star: dict[str, dict[str, bool]] | None = None,
                  settings: AnalysisSettings = AnalysisSettings()) -> History:
    """History from sessions given newest first (as `session_dirs` lists them); `settings`
    give the pace window that pace trends are judged against."""
    bank_star = bank_star or {}
    ordered = [r for r in reversed(reviews) if r.answered]  # oldest first
    points = [session_point(r, bank_star.get(r.bank)) for r in ordered]
    window = pace_window(settings)
    trends = [trend(m, [getattr(p, m.key) for p in points], window) for m in METRICS]
    group_vals: dict[str, list[float]] = {}
    for r in ordered[-GROUP_WINDOW:]:
        for a in r.answered:
            if a.score is not None:
                group_vals.setdefault(a.group, []).append(a.score)
    group_scores = {g: round(sum(v) / len(v), 1) for g, v in group_vals.items()}
    weakest = min(group_scores, key=lambda g: group_scores[g]) if group_scores else None
    latest: dict[str, WeakQuestion] = {}
    for r in ordered:
        for a in r.answered:
            if a.score is not None:  # the latest attempt decides; every attempt counts
                attempts = (latest[a.id].attempts if a.id in latest else 0) + a.attempt
                latest[a.id] = WeakQuestion(a.id, a.text, a.group, a.score, attempts)
    weak = sorted((q for q in latest.values() if q.score < WEAK_SCORE), key=lambda q: q.score)
    return History(points, trends, group_scores, weakest, weak, window,
                   question_trends(ordered), skill_history(ordered))


def question_trends(ordered: list[SessionReview]) -> list[QuestionTrend]:
    """Per question, every scored attempt across the sessions (given oldest first)."""
    tries: dict[str, list[dict[str, Any]]] = {}
    texts: dict[str, str] = {}
    for r in ordered:
        started = r.started
        date = started.strftime("%Y-%m-%d %H:%M") if started else ""
        for a in r.answered:
            texts[a.id] = a.text
            for attempt in a.all_attempts:
                if attempt.score is not None:
                    tries.setdefault(a.id, []).append(
                        {"session": r.id, "date": date, "attempt": attempt.attempt,
                         "score": attempt.score})
    return [QuestionTrend(qid, texts[qid], t) for qid, t in tries.items()]


def skill_history(ordered: list[SessionReview]) -> list[SkillHistory]:
    """Each skill of the sessions' banks against the sessions (given oldest first)."""
    names: dict[str, str] = {}
    shown: dict[str, list[bool | None]] = {}
    quotes: dict[str, dict[str, str]] = {}
    tips: dict[str, str | None] = {}
    for n, r in enumerate(ordered):
        for row in r.skill_rows:
            names.setdefault(row.id, row.name)
            column = shown.setdefault(row.id, [None] * len(ordered))
            column[n] = row.shown
            if row.shown:
                quotes[row.id] = row.evidence[-1].to_dict()
            tips[row.id] = row.tip
    return [SkillHistory(sid, names[sid], shown[sid], quotes.get(sid),
                         None if sid in quotes else tips.get(sid)) for sid in names]


# ---------------------------------------------------------------- reading the folders

def _bank_star(bank_id: str, bank_path: Any) -> dict[str, bool]:
    """question id -> STAR expected, from the session's bank when it is a known bank (found
    by id; bank_path is only a hint, see sessioncheck.find_session_bank)."""
    from mockinterview.sessioncheck import find_session_bank

    try:
        bank = find_session_bank({"bank": bank_id, "bank_path": bank_path}, bank_id)
    except MockInterviewError:
        return {}
    return {q.id: q.star_expected for q in bank.questions}


def load_history(recordings: Path, bank_id: str | None = None, last: int | None = None,
                 settings: AnalysisSettings = AnalysisSettings()) -> History:
    """History of the sessions in `recordings` (of one bank when given; the `last` N)."""
    reviews = []
    for folder in session_dirs(recordings):
        # Late: the reader and the analysis schema cost start-up time, and only sessions use them.
        from mockinterview.report.views import load_review

        try:
            review = load_review(folder)
        except MockInterviewError:
            continue  # an unreadable manifest: `sessions` shows it; history skips it
        if bank_id and review.bank != bank_id:
            continue
        reviews.append(review)
        if last and len(reviews) >= last:
            break
    stars: dict[str, dict[str, bool]] = {}
    for r in reviews:
        if r.bank not in stars:
            stars[r.bank] = _bank_star(r.bank, r.manifest.get("bank_path"))
    return build_history(reviews, stars, settings)


def weak_question_ids(recordings: Path, bank_id: str) -> list[str]:
    """Ids of this bank's questions whose latest score is below WEAK_SCORE, weakest first."""
    return [q.id for q in load_history(recordings, bank_id).weak_questions]


def sparkline(values: list[float | None]) -> str:
    """▁▂▃▄▅▆▇█ scaled between the smallest and largest value; a space where none."""
    known = [v for v in values if v is not None]
    if not known:
        return " " * len(values)
    lo, hi = min(known), max(known)
    out = []
    for v in values:
        if v is None:
            out.append(" ")
        elif hi == lo:
            out.append(SPARKS[3])
        else:
            out.append(SPARKS[round((v - lo) / (hi - lo) * (len(SPARKS) - 1))])
    return "".join(out)

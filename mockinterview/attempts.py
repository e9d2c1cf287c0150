"""Comparing attempts at one question: side by side, and in words ("Your second try added a
result and used 6 fewer fillers"). Pure: analyses in, plain data out."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Sequence

from mockinterview.analysis.schema import AnalysisRecord
from mockinterview.lexicon import STAR_ELEMENTS
from mockinterview.textfmt import clock, star_letters

ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth")


@dataclass(frozen=True)
class AttemptFacts:
    """The measures of one attempt that the comparison shows."""

    attempt: int
    answered_at: str | None
    duration_s: float | None
    wpm: float | None
    pace: str | None  # "slow", "fast", "ok" or None (no timing)
    fillers: int
    pauses: int
    star: dict[str, bool]
    points_covered: tuple[str, ...]
    points_total: int
    score: int | None
    target_s: tuple[int, int] | None

    @property
    def star_letters(self) -> str:
        return star_letters(self.star)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["star_letters"] = self.star_letters
        data["points_covered"] = list(self.points_covered)
        data["target_s"] = list(self.target_s) if self.target_s else None
        return data


def facts_of(record: AnalysisRecord, attempt: int, answered_at: str | None = None
             ) -> AttemptFacts:
    tp = record.talking_points
    score = record.score if record.score is not None else record.scores.get("overall")
    return AttemptFacts(attempt=attempt, answered_at=answered_at, duration_s=record.duration_s,
                        wpm=record.wpm, pace=record.pace, fillers=record.filler_total,
                        pauses=len(record.pauses), star=dict(record.star),
                        points_covered=tuple(tp.covered),
                        points_total=len(tp.covered) + len(tp.missed), score=score,
                        target_s=tuple(record.target_s) if record.target_s else None)


def ordinal(n: int) -> str:
    return ORDINALS[n - 1] if 1 <= n <= len(ORDINALS) else f"#{n}"


def _a(element: str) -> str:
    return ("an " if element[0] in "aeiou" else "a ") + element


def _listing(items: Sequence[str]) -> str:
    items = list(items)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _count(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def _length_place(f: AttemptFacts) -> str | None:
    """'short', 'ok' or 'long' against the question's target; None without both."""
    if f.duration_s is None or not f.target_s:
        return None
    lo, hi = f.target_s
    return "short" if f.duration_s < lo else "long" if f.duration_s > hi else "ok"


def changes(before: AttemptFacts, after: AttemptFacts) -> tuple[list[str], list[str]]:
    """What got better and what got worse from `before` to `after`, as verb phrases."""
    better: list[str] = []
    worse: list[str] = []
    added = [e for e in STAR_ELEMENTS if after.star.get(e) and not before.star.get(e)]
    lost = [e for e in STAR_ELEMENTS if before.star.get(e) and not after.star.get(e)]
    if added:
        better.append("added " + _listing([_a(e) for e in added]))
    if lost:
        worse.append("left out the " + _listing(lost))
    new_points = [p for p in after.points_covered if p not in before.points_covered]
    dropped = [p for p in before.points_covered if p not in after.points_covered]
    if new_points:
        better.append(f"covered {_listing(new_points)}")
    if dropped:
        worse.append(f"no longer covered {_listing(dropped)}")
    diff = after.fillers - before.fillers
    if diff:
        (better if diff < 0 else worse).append(
            f"used {_count(abs(diff), 'fewer filler' if diff < 0 else 'more filler')}")
    diff = after.pauses - before.pauses
    if diff:
        (better if diff < 0 else worse).append(
            f"had {_count(abs(diff), 'fewer long pause' if diff < 0 else 'more long pause')}")
    if before.pace and after.pace and before.pace != after.pace and after.wpm is not None:
        pace = f"{after.wpm:.0f} words/min"
        if after.pace == "ok":
            better.append(f"brought the pace into range ({pace})")
        else:
            worse.append(f"went too {after.pace} ({pace})")
    place_before, place_after = _length_place(before), _length_place(after)
    if place_before and place_after and place_before != place_after:
        length = clock(after.duration_s)
        if place_after == "ok":
            better.append(f"landed within the target length ({length})")
        else:
            worse.append(f"ran too {place_after} ({length})")
    return better, worse


def summary_sentence(before: AttemptFacts, after: AttemptFacts) -> str:
    """'Your second try added a result and used 6 fewer fillers (score 58 -> 71).'"""
    better, worse = changes(before, after)
    who = f"Your {ordinal(after.attempt)} try"
    score = ""
    if before.score is not None and after.score is not None:
        score = f" (score {before.score} -> {after.score})"
    if not better and not worse:
        return f"{who} was much the same as the {ordinal(before.attempt)}{score}."
    if better and worse:
        return f"{who} {_listing(better)}, but {_listing(worse)}{score}."
    return f"{who} {_listing(better or worse)}{score}."


def compare(facts: Sequence[AttemptFacts]) -> dict[str, Any] | None:
    """The comparison of two or more attempts (oldest first), the last against the one
    before it; None for fewer than two."""
    if len(facts) < 2:
        return None
    before, after = facts[-2], facts[-1]
    better, worse = changes(before, after)
    score_change = (None if before.score is None or after.score is None
                    else after.score - before.score)
    best = max((f for f in facts if f.score is not None), key=lambda f: f.score, default=None)
    return {
        "attempts": [f.to_dict() for f in facts],
        "improved": better,
        "worse": worse,
        "score_change": score_change,
        "best_attempt": best.attempt if best else None,
        "summary": summary_sentence(before, after),
    }


TABLE_ROWS = ("length", "pace", "fillers", "pauses", "STAR", "talking points", "score")


def table(facts: Sequence[AttemptFacts]) -> tuple[list[str], list[list[str]]]:
    """(header, rows) of the side-by-side table: one column per attempt."""
    header = [""] + [f"try {f.attempt}" for f in facts]
    cells = {
        "length": [clock(f.duration_s) for f in facts],
        "pace": ["-" if f.wpm is None else f"{f.wpm:.0f} wpm" for f in facts],
        "fillers": [str(f.fillers) for f in facts],
        "pauses": [str(f.pauses) for f in facts],
        "STAR": [f.star_letters for f in facts],
        "talking points": [f"{len(f.points_covered)}/{f.points_total}" for f in facts],
        "score": ["-" if f.score is None else str(f.score) for f in facts],
    }
    return header, [[name] + cells[name] for name in TABLE_ROWS]

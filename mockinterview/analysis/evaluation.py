"""Accuracy of the analyser on labelled answers (tests/data/labelled_answers.toml).

Shared by the accuracy tests and scripts/bench_analysis.py. The labelling rules are in
tests/data/LABELLING.md: discourse fillers are marked in the text with [brackets].
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from mockinterview.lexicon import STAR_ELEMENTS
from mockinterview.tomlcompat import tomllib
from mockinterview.transcript import Transcript

_BRACKET_RE = re.compile(r"\[([^\]]+)\]")
_WORD_RE = re.compile(r"[\w'’-]+")


@dataclass(frozen=True)
class LabelledAnswer:
    id: str
    role: str
    kind: str
    text: str  # without brackets
    filled_pauses: int
    fillers: tuple[tuple[int, str], ...]  # (word index, marker) of each labelled filler
    star: dict[str, bool]
    we_only: bool = False
    hypothetical: bool = False


def _canonical(marker: str) -> str:
    m = " ".join(marker.lower().split())
    return {"kinda": "kind of", "sorta": "sort of", "y'know": "you know"}.get(m, m)


def parse_labelled_text(marked: str) -> tuple[str, tuple[tuple[int, str], ...]]:
    """Text without brackets, and (index of the first word, marker) for each bracket."""
    spans, pieces, pos, words_before = [], [], 0, 0
    for m in _BRACKET_RE.finditer(marked):
        before = marked[pos:m.start()]
        pieces.append(before)
        words_before += len(_WORD_RE.findall(before))
        spans.append((words_before, _canonical(m.group(1))))
        pieces.append(m.group(1))
        words_before += len(_WORD_RE.findall(m.group(1)))
        pos = m.end()
    pieces.append(marked[pos:])
    return "".join(pieces), tuple(spans)


def load_labelled(path: Path) -> list[LabelledAnswer]:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    answers = []
    for a in data["answer"]:
        text, fillers = parse_labelled_text(a["text"])
        letters = a.get("star", "")
        star = {e: e[0].upper() in letters for e in STAR_ELEMENTS}
        answers.append(LabelledAnswer(a["id"], a.get("role", ""), a.get("kind", ""), text,
                                      int(a["filled_pauses"]), fillers, star,
                                      bool(a.get("we_only", False)),
                                      bool(a.get("hypothetical", False))))
    return answers


@dataclass
class Accuracy:
    answers: int = 0
    filled_exact: int = 0
    discourse_tp: int = 0
    discourse_fp: int = 0
    discourse_fn: int = 0
    star_correct: dict[str, int] = field(default_factory=lambda: dict.fromkeys(STAR_ELEMENTS, 0))
    hypothetical_correct: int = 0
    we_only_correct: int = 0
    # Flags are rare, so their agreement rate says little (always "no" scores high):
    # count the labelled-true cases found and the false alarms.
    hypothetical_true: int = 0
    hypothetical_found: int = 0
    hypothetical_false_alarms: int = 0
    we_only_true: int = 0
    we_only_found: int = 0
    we_only_false_alarms: int = 0
    mistakes: list[str] = field(default_factory=list)

    @property
    def filled_exact_rate(self) -> float:
        return self.filled_exact / self.answers if self.answers else 0.0

    @property
    def precision(self) -> float:
        d = self.discourse_tp + self.discourse_fp
        return self.discourse_tp / d if d else 1.0

    @property
    def recall(self) -> float:
        d = self.discourse_tp + self.discourse_fn
        return self.discourse_tp / d if d else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def we_only_recall(self) -> float:
        return self.we_only_found / self.we_only_true if self.we_only_true else 1.0

    @property
    def hypothetical_recall(self) -> float:
        return (self.hypothetical_found / self.hypothetical_true if self.hypothetical_true
                else 1.0)

    def star_accuracy(self, element: str) -> float:
        return self.star_correct[element] / self.answers if self.answers else 0.0


def evaluate(answers: list[LabelledAnswer]) -> Accuracy:
    """Run the analyser on every labelled answer and count agreements."""
    from mockinterview.analysis.analyse import analyse_answer

    acc = Accuracy()
    for a in answers:
        result = analyse_answer(Transcript.from_text(a.text))
        acc.answers += 1
        strict = result.filler_count["strict"]
        if strict == a.filled_pauses:
            acc.filled_exact += 1
        else:
            acc.mistakes.append(f"{a.id}: filled pauses {strict}, labelled {a.filled_pauses}")
        predicted = {(e.index, e.word) for e in result.filler_events if e.kind == "discourse"}
        gold = set(a.fillers)
        acc.discourse_tp += len(predicted & gold)
        for idx, word in sorted(predicted - gold):
            acc.discourse_fp += 1
            acc.mistakes.append(f"{a.id}: false filler '{word}' at word {idx}")
        for idx, word in sorted(gold - predicted):
            acc.discourse_fn += 1
            acc.mistakes.append(f"{a.id}: missed filler '{word}' at word {idx}")
        for e in STAR_ELEMENTS:
            if result.star[e] == a.star[e]:
                acc.star_correct[e] += 1
            else:
                acc.mistakes.append(f"{a.id}: star {e} {result.star[e]}, labelled {a.star[e]}")
        acc.hypothetical_correct += result.hypothetical == a.hypothetical
        acc.we_only_correct += result.we_only == a.we_only
        acc.hypothetical_true += a.hypothetical
        acc.hypothetical_found += a.hypothetical and result.hypothetical
        acc.hypothetical_false_alarms += result.hypothetical and not a.hypothetical
        acc.we_only_true += a.we_only
        acc.we_only_found += a.we_only and result.we_only
        acc.we_only_false_alarms += result.we_only and not a.we_only
        for flag in ("hypothetical", "we_only"):
            if getattr(result, flag) != getattr(a, flag):
                acc.mistakes.append(f"{a.id}: {flag} {getattr(result, flag)}, "
                                    f"labelled {getattr(a, flag)}")
    return acc

"""The development set: answers by people outside the project, labelled by the definitions in
tests/data/LABELLING.md, with their sources (tests/data/devset/devset.toml).

Third-party text is not in the repository: only its locator and hash are. Public-domain items
carry their text; the others are read from a local cache that scripts/fetch_devset.py fills
(items whose text is absent are skipped and counted). Figures: STAR accuracy per element,
discourse-filler precision/recall/F1 per marker, and evidence precision (the share of quoted
findings whose words overlap a labelled span of the same element or filler).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from mockinterview.lexicon import STAR_ELEMENTS
from mockinterview.tomlcompat import tomllib
from mockinterview.transcript import Transcript

WORD_RE = re.compile(r"[\w'’-]+")  # the words of Transcript.from_text
MARKERS = {"like": "like", "you know": "you know", "i mean": "i mean", "so": "so",
           "basically": "basically", "actually": "actually", "literally": "literally",
           "kind of": "kind of", "sort of": "sort of", "kinda": "kind of",
           "sorta": "sort of", "right": "right", "y'know": "you know"}
CACHE_DEFAULT = Path(os.environ.get("MOCKINTERVIEW_DEVSET_DIR")
                     or Path(__file__).resolve().parents[2] / ".cache" / "devset")
_QUOTES = {0x2018: "'", 0x2019: "'", 0x201C: '"', 0x201D: '"'}


def normalise_text(s: str) -> str:
    """The form that is hashed and labelled: NFKC, straight quotes, single spaces."""
    return " ".join(unicodedata.normalize("NFKC", s).translate(_QUOTES).split())


@dataclass(frozen=True)
class DevItem:
    id: str
    url: str
    role: str
    kind: str
    split: str  # "dev" or "heldout"
    sha256: str
    text: str | None  # None when the third-party text is not in the local cache
    fillers: tuple[tuple[int, str], ...]
    star: dict[str, bool]
    spans: dict[str, tuple[tuple[int, int], ...]]  # element -> labelled word ranges
    hypothetical: bool
    we_only: bool
    batch: int = 1  # items labelled later are added as batch 2, 3 ... (scripts/devset_labels.py)


def as_recognised(item: DevItem) -> DevItem:
    """The item as a recogniser would give it: the same words, lower case, no punctuation
    (the analyser's real input). Word positions, and so the labels, stay the same."""
    if item.text is None:
        return item
    return dataclasses.replace(item, text=" ".join(w.lower() for w in WORD_RE.findall(item.text)))


def load_devset(path: Path, cache: Path = CACHE_DEFAULT) -> list[DevItem]:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    cached: dict = {}
    texts_file = cache / "texts.json"
    if texts_file.is_file():
        try:
            cached = json.loads(texts_file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            cached = {}  # an unreadable cache is an absent cache
    items = []
    for it in data["item"]:
        text = it.get("text")
        if text is None:
            candidate = cached.get(it["id"])
            # A cached text counts only if it is exactly the labelled one.
            if isinstance(candidate, str) and \
                    hashlib.sha256(candidate.encode()).hexdigest() == it["sha256"]:
                text = candidate
        letters = {"situation": "S", "task": "T", "action": "A", "result": "R"}
        items.append(DevItem(
            it["id"], it["url"], it["role"], it["kind"], it["split"], it["sha256"], text,
            tuple((int(a), MARKERS[m]) for a, m in it["fillers"]),
            {e: letters[e] in it["star"] for e in STAR_ELEMENTS},
            {e: tuple((int(a), int(b)) for a, b in it["spans"].get(letters[e], []))
             for e in STAR_ELEMENTS},
            bool(it.get("hypothetical")), bool(it.get("we_only")), int(it.get("batch", 1))))
    return items


@dataclass
class DevAccuracy:
    answers: int = 0
    skipped: int = 0  # items whose text is absent
    star_correct: Counter = field(default_factory=Counter)
    star_recall_hits: Counter = field(default_factory=Counter)
    star_true: Counter = field(default_factory=Counter)
    tp: Counter = field(default_factory=Counter)  # per marker
    fp: Counter = field(default_factory=Counter)
    fn: Counter = field(default_factory=Counter)
    quotes: int = 0
    quotes_shown: int = 0
    quotes_by_element: Counter = field(default_factory=Counter)
    shown_by_element: Counter = field(default_factory=Counter)
    flags: Counter = field(default_factory=Counter)  # "we_only found", "... false alarms"
    mistakes: list[str] = field(default_factory=list)

    def star_accuracy(self, element: str) -> float:
        return self.star_correct[element] / self.answers if self.answers else 0.0

    def star_recall(self, element: str) -> float:
        t = self.star_true[element]
        return self.star_recall_hits[element] / t if t else 1.0

    def prf(self, marker: str | None = None) -> tuple[float, float, float]:
        keys = [marker] if marker else list(set(self.tp) | set(self.fp) | set(self.fn))
        tp = sum(self.tp[k] for k in keys)
        fp = sum(self.fp[k] for k in keys)
        fn = sum(self.fn[k] for k in keys)
        p = tp / (tp + fp) if tp + fp else 1.0
        r = tp / (tp + fn) if tp + fn else 1.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)

    def markers(self) -> list[str]:
        return sorted(set(self.tp) | set(self.fp) | set(self.fn))

    @property
    def evidence_precision(self) -> float:
        return self.quotes_shown / self.quotes if self.quotes else 1.0


def _shows(first: int, last: int, spans: tuple[tuple[int, int], ...]) -> bool:
    """A quote shows its element when at least half of its words lie in labelled spans."""
    inside = sum(any(a <= k <= b for a, b in spans) for k in range(first, last + 1))
    return inside * 2 >= last - first + 1


def evaluate_devset(items: list[DevItem]) -> DevAccuracy:
    from mockinterview.analysis.analyse import analyse_answer

    acc = DevAccuracy()
    for it in items:
        if it.text is None:
            acc.skipped += 1
            continue
        result = analyse_answer(Transcript.from_text(it.text))
        acc.answers += 1
        for e in STAR_ELEMENTS:
            got, want = result.star[e], it.star[e]
            acc.star_correct[e] += got == want
            acc.star_true[e] += want
            acc.star_recall_hits[e] += got and want
            if got != want:
                acc.mistakes.append(f"{it.id}: star {e} {got}, labelled {want}")
            for ev in result.measures.star.evidence.get(e, ()):
                acc.quotes += 1
                acc.quotes_by_element[e] += 1
                if _shows(ev.index, ev.end_index, it.spans[e]):
                    acc.quotes_shown += 1
                    acc.shown_by_element[e] += 1
                else:
                    acc.mistakes.append(f"{it.id}: {e} quote does not show it: "
                                        f"'{ev.text}'")
        for flag in ("hypothetical", "we_only"):
            if flag == "hypothetical" and it.kind in {"general", "spoken"}:
                continue  # labelled only where a past example or a situation was asked for
            got, want = getattr(result.measures.star, flag), getattr(it, flag)
            acc.flags[f"{flag} labelled"] += want
            acc.flags[f"{flag} found"] += got and want
            acc.flags[f"{flag} false alarms"] += got and not want
            if got != want:
                acc.mistakes.append(f"{it.id}: {flag} {got}, labelled {want}")
        predicted = {(e.index, e.word) for e in result.filler_events if e.kind == "discourse"}
        gold = set(it.fillers)
        for idx, word in predicted & gold:
            acc.tp[word] += 1
        for idx, word in sorted(predicted - gold):
            acc.fp[word] += 1
            acc.mistakes.append(f"{it.id}: false filler '{word}' at word {idx}")
        for idx, word in sorted(gold - predicted):
            acc.fn[word] += 1
            acc.mistakes.append(f"{it.id}: missed filler '{word}' at word {idx}")
        # A filler's quote is its own words; it shows a filler exactly when it is labelled.
        acc.quotes += len(predicted)
        acc.quotes_shown += len(predicted & gold)
        acc.quotes_by_element["filler"] += len(predicted)
        acc.shown_by_element["filler"] += len(predicted & gold)
    return acc

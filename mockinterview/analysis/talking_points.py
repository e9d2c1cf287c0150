"""Talking points: which of the question's points the answer covered, and with which words.

A keyword matches a word or a run of words. Single words also match their inflections,
by their Snowball English stem ("schedule" matches "schedules", "scheduled", "scheduling"),
and British or American spellings ("organise" / "organize"); a trailing `*` matches any
ending.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from dataclasses import dataclass

import snowballstemmer

from mockinterview.analysis.text import Token
from mockinterview.bank import TalkingPoint


@dataclass(frozen=True)
class PointMatch:
    keyword: str
    text: str  # the words of the answer that matched
    index: int  # Transcript.words index of the first matched word
    start: float | None

    def to_dict(self) -> dict:
        return {"keyword": self.keyword, "text": self.text, "index": self.index,
                "start": self.start}


@dataclass(frozen=True)
class PointCoverage:
    covered: tuple[str, ...]
    missed: tuple[str, ...]
    matches: dict[str, tuple[PointMatch, ...]]  # point name -> evidence (covered points)


@lru_cache(maxsize=4096)
def _spelling(word: str) -> str:
    """One spelling for British and American variants."""
    w = word.replace("isation", "ization").replace("yse", "yze")
    w = re.sub(r"is(e|ed|es|ing|er|ers)$", r"iz\1", w)
    return re.sub(r"our(s|ed|ing)?$", r"or\1", w) if len(w) > 5 else w


_STEMMER = snowballstemmer.stemmer("english")


@lru_cache(maxsize=8192)
def stem(word: str) -> str:
    """The Snowball (Porter2) English stem of a word in one spelling: "scheduling",
    "schedules" -> "schedul"; "organisation", "organize" -> "organiz"."""
    return _STEMMER.stemWord(_spelling(word))


@lru_cache(maxsize=8192)
def _word_matches(pattern: str, word: str) -> bool:
    if pattern.endswith("*"):
        prefix = pattern[:-1]
        return word.startswith(prefix) or _spelling(word).startswith(_spelling(prefix)) \
            or (prefix.endswith("is") and word.startswith(prefix[:-1] + "z"))
    return _inflection_of(pattern, word)


@lru_cache(maxsize=8192)
def _inflection_of(keyword: str, word: str) -> bool:
    """`word` is `keyword` or one of its inflections: the same stem, and the word built on
    the keyword (less a final e or y: "scheduling", "apologies") rather than the other way
    round ("years" does not match "year", nor "conversational" "conversions")."""
    k, w = _spelling(keyword), _spelling(word)
    return stem(w) == stem(k) and w.startswith(k[:-1] if k[-1:] in ("e", "y") else k)


class _Index:
    """Where each distinct word of the answer occurs, so a keyword is checked against the
    answer's vocabulary (a few hundred words) rather than at every position."""

    def __init__(self, tokens: Sequence[Token]) -> None:
        self.tokens = tokens
        self.texts = [t.text for t in tokens]
        self.at: dict[str, list[int]] = {}  # spelling-normalised word -> positions
        self.stems: dict[str, list[int]] = {}  # stem -> positions
        for k, w in enumerate(self.texts):
            self.at.setdefault(_spelling(w), []).append(k)
            self.stems.setdefault(stem(w), []).append(k)

    def starts(self, pattern: str) -> list[int]:
        if pattern.endswith("*"):
            found = [k for w, ks in self.at.items() if _word_matches(pattern, w) for k in ks]
        else:
            found = [k for k in self.stems.get(stem(pattern), ())
                     if _inflection_of(pattern, self.texts[k])]
        return sorted(found)


def _find_keyword(keyword: str, index: _Index) -> PointMatch | None:
    parts = keyword.lower().split()
    if not parts:
        return None
    n, texts, tokens = len(parts), index.texts, index.tokens
    for i in index.starts(parts[0]):
        if i + n > len(texts):
            continue
        if all(_word_matches(p, texts[i + k]) if k == n - 1 or p.endswith("*")
               else texts[i + k] == p for k, p in enumerate(parts) if k):
            return PointMatch(keyword, " ".join(texts[i:i + n]), tokens[i].index,
                              tokens[i].start)
    return None


def cover_points(points: Sequence[TalkingPoint], tokens: Sequence[Token]) -> PointCoverage:
    """Which points any of their keywords matched (up to 3 matches each as evidence)."""
    covered, missed, matches = [], [], {}
    index = _Index(tokens)
    for point in points:
        found = [m for m in (_find_keyword(k, index) for k in point.keywords) if m]
        if found:
            covered.append(point.name)
            matches[point.name] = tuple(sorted(found, key=lambda m: m.index)[:3])
        else:
            missed.append(point.name)
    return PointCoverage(tuple(covered), tuple(missed), matches)

"""Tokens for the analyser: normalised words that keep their index, times and punctuation.

Every finding points back at `Token.index`, the position of the word in `Transcript.words`,
so reports can highlight exactly the words a finding is about.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache
from typing import NamedTuple

from mockinterview.transcript import Transcript, Word

_WORD_RE = re.compile(r"[\w'’-]+")
_EDGE_RE = re.compile(r"^[^\w']+|[^\w']+$")
_STRONG_PUNCT = set(".!?;:")


class Token(NamedTuple):
    index: int  # position of the word in Transcript.words
    text: str  # lower case, curly apostrophes straightened, edge punctuation removed
    start: float | None
    end: float | None
    punct_before: str = ""  # punctuation between the previous word and this one
    punct_after: str = ""  # punctuation between this word and the next one

    @property
    def timed(self) -> bool:
        return self.start is not None and self.end is not None

    @property
    def sentence_start(self) -> bool:
        """A sentence boundary (. ! ? ; :) comes right before this word."""
        return any(c in _STRONG_PUNCT for c in self.punct_before)

    @property
    def sentence_end(self) -> bool:
        return any(c in _STRONG_PUNCT for c in self.punct_after)


@lru_cache(maxsize=8192)
def normalise(word: str) -> str:
    """Lower case, straight apostrophes, no punctuation at either end ("So," -> "so")."""
    w = word.lower().replace("’", "'").replace("‘", "'")
    w = _EDGE_RE.sub("", w)
    return w.strip("'-_")


def _punctuation(s: str) -> str:
    if s.isspace() or not s:
        return ""  # the common case between words: no punctuation to read
    return "".join(c for c in s if c in ".,!?;:…—–")


def words_of(transcript: Transcript) -> tuple[Word, ...]:
    """The transcript's words; for a transcript with text only, untimed words from the text."""
    if transcript.words:
        return transcript.words
    return Transcript.from_text(transcript.text).words


def _text_punctuation(text: str, words: tuple[Word, ...]) -> list[str] | None:
    """The punctuation in each gap of `text` around `words` (gap k comes before word k,
    the last gap after the last word), or None when the words do not line up with it."""
    matches = list(_WORD_RE.finditer(text))
    if len(matches) != len(words) or any(m.group() != w.word for m, w in zip(matches, words)):
        return None
    cuts = [0]
    for m in matches:
        cuts += m.span()
    cuts.append(len(text))
    return [_punctuation(text[cuts[k]:cuts[k + 1]]) for k in range(0, len(cuts), 2)]


def _edge_punctuation(raw: str) -> tuple[str, str]:
    """The punctuation a word carries at its ends ("(well," -> "", ",")."""
    raw = raw.strip()
    lead = len(raw) - len(raw.lstrip(".,!?;:…—–\"'([“"))
    trail = len(raw) - len(raw.rstrip(".,!?;:…—–\"')]”"))
    return _punctuation(raw[:lead]), _punctuation(raw[len(raw) - trail:]) if trail else ""


def tokenize(transcript: Transcript) -> list[Token]:
    """Tokens for every word that has a letter or digit; punctuation taken from the text
    when the words are untimed and line up with it, else from the words themselves."""
    words = words_of(transcript)
    gaps = None
    if transcript.text and not any(w.start is not None for w in words):
        gaps = _text_punctuation(transcript.text, words)
    raw_tokens = []
    for i, w in enumerate(words):
        text = normalise(w.word)
        if not text or not (text.isalnum() or any(c.isalnum() for c in text)):
            continue
        if gaps is not None:
            before, after = gaps[i], gaps[i + 1]
        elif w.word.isalnum():
            before = after = ""
        else:
            before, after = _edge_punctuation(w.word)
        timed = w.start is not None and w.end is not None
        raw_tokens.append([i, text, w.start if timed else None, w.end if timed else None,
                           before, after])
    # A word's trailing punctuation is also the next word's leading punctuation.
    for k in range(1, len(raw_tokens)):
        prev, cur = raw_tokens[k - 1], raw_tokens[k]
        if prev[5] and not cur[4]:
            cur[4] = prev[5]
        elif cur[4] and not prev[5]:
            prev[5] = cur[4]
    return [Token(*t) for t in raw_tokens]


class Joined:
    """Tokens joined by single spaces, so regular expressions can find phrases; maps a
    character span of a match back to the tokens it covers."""

    def __init__(self, tokens: list[Token]) -> None:
        self.tokens = tokens
        self.offsets: list[int] = []
        parts, pos = [], 0
        for t in tokens:
            self.offsets.append(pos)
            parts.append(t.text)
            pos += len(t.text) + 1
        self.text = " ".join(parts)

    def token_span(self, start: int, end: int) -> tuple[int, int]:
        """Positions (in `tokens`, inclusive) of the tokens covering text[start:end]."""
        first = max(0, bisect_right(self.offsets, start) - 1)
        last = max(first, bisect_right(self.offsets, max(start, end - 1)) - 1)
        return first, last

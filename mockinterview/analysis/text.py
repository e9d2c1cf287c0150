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


def tokenize(transcript: Transcript) -> list[Token]:
    """Tokens for every word that has a letter or digit; punctuation taken from the text
    when the words are untimed and line up with it, else from the words themselves."""
    words = words_of(transcript)
    seps: list[tuple[str, str]] | None = None
    if transcript.text and not any(w.start is not None for w in words):
        matches = list(_WORD_RE.finditer(transcript.text))
        if len(matches) == len(words) and all(
                m.group() == w.word for m, w in zip(matches, words)):
            text = transcript.text
            seps = []
            for k, m in enumerate(matches):
                before = text[matches[k - 1].end():m.start()] if k else text[:m.start()]
                after = (text[m.end():matches[k + 1].start()] if k + 1 < len(matches)
                         else text[m.end():])
                seps.append((_punctuation(before), _punctuation(after)))
    raw_tokens = []
    for i, w in enumerate(words):
        text = normalise(w.word)
        if not text or not any(c.isalnum() for c in text):
            continue
        if seps is not None:
            before, after = seps[i]
        elif w.word.isalnum():
            before = after = ""
        else:
            raw = w.word.strip()
            lead = len(raw) - len(raw.lstrip(".,!?;:…—–\"'([“"))
            trail = len(raw) - len(raw.rstrip(".,!?;:…—–\"')]”"))
            before = _punctuation(raw[:lead])
            after = _punctuation(raw[len(raw) - trail:]) if trail else ""
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

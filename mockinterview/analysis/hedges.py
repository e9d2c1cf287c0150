"""Hedges: phrases that soften a claim ("i guess", "maybe", "i think"). One is natural; a
stack of them in one stretch makes the speaker sound unsure."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from mockinterview.analysis.text import Joined, Token

HEDGE_PHRASES = (
    "i guess", "i suppose", "maybe", "perhaps", "probably", "i think", "i believe",
    "i feel like", "not sure", "i don't know", "i dunno", "possibly", "hopefully", "i'd say",
    "i would say", "somewhat", "more or less", "or something", "i'm not sure", "i reckon",
)  # "kind of" / "sort of" are counted as fillers instead
_RE = re.compile(r"\b(?:" + "|".join(re.escape(p) for p in
                                     sorted(HEDGE_PHRASES, key=len, reverse=True)) + r")\b")
_NOT_HEDGE_AFTER = {"i think": {"so"}}  # "i think so" agrees, it does not hedge


@dataclass(frozen=True)
class Hedge:
    phrase: str
    index: int  # Transcript.words index of its first word
    start: float | None

    def to_dict(self) -> dict:
        return {"phrase": self.phrase, "index": self.index, "start": self.start}


def find_hedges(tokens: Sequence[Token], skip_positions: frozenset[int] = frozenset()
                ) -> list[Hedge]:
    """Hedge phrases in order, except those starting at `skip_positions` (token positions
    already counted as fillers)."""
    j = Joined(list(tokens))
    found = []
    for m in _RE.finditer(j.text):
        a, b = j.token_span(m.start(), m.end())
        if a in skip_positions:
            continue
        nxt = tokens[b + 1].text if b + 1 < len(tokens) else ""
        if nxt in _NOT_HEDGE_AFTER.get(m.group(), set()):
            continue
        found.append(Hedge(m.group(), tokens[a].index, tokens[a].start))
    return found


def stacks(hedges: Sequence[Hedge], window_words: int = 8) -> int:
    """How many hedges follow another within `window_words` words ("i think maybe")."""
    return sum(1 for a, b in zip(hedges, hedges[1:]) if b.index - a.index <= window_words)

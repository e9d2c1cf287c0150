"""Repetition: stutters ("i i went", "it was it was") and phrases said again and again."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from mockinterview.analysis.text import Token

# Words that make a phrase worth flagging only if something else is in it too.
_COMMON = {"i", "a", "an", "the", "and", "to", "of", "it", "was", "in", "that", "we", "is",
           "so", "you", "they", "he", "she", "on", "for", "with", "at", "my", "had", "be",
           "this", "but", "or", "as", "are", "were", "have", "me", "them", "do", "did",
           "not", "there", "what", "just", "um", "uh", "like", "know", "mean", "if", "then",
           "would", "could", "i'm", "it's", "our", "your", "their", "up", "out", "all"}


@dataclass(frozen=True)
class Repeat:
    phrase: str
    count: int
    indexes: tuple[int, ...]  # Transcript.words index of each occurrence's first word

    def to_dict(self) -> dict:
        return {"phrase": self.phrase, "count": self.count, "indexes": list(self.indexes)}


def stutters(tokens: Sequence[Token], max_len: int = 3) -> list[Repeat]:
    """Words or short runs said twice in a row ("the the", "it was it was")."""
    words = [t.text for t in tokens]
    found, i = [], 0
    while i < len(words):
        for n in range(max_len, 0, -1):
            if i + 2 * n <= len(words) and words[i] == words[i + n] \
                    and words[i:i + n] == words[i + n:i + 2 * n] \
                    and not (n == 1 and words[i] in {"had", "that", "very", "really", "no"}) \
                    and not tokens[i + n - 1].sentence_end:  # "it. It arrived": no stutter
                found.append(Repeat(" ".join(words[i:i + n]), 2,
                                    (tokens[i].index, tokens[i + n].index)))
                i += 2 * n - 1
                break
        i += 1
    return found


def repeated_phrases(tokens: Sequence[Token], min_n: int = 3, max_n: int = 6,
                     min_count: int = 3) -> list[Repeat]:
    """Phrases of `min_n`..`max_n` words said `min_count` times or more, longest first,
    without phrases that only repeat inside a longer repeated one."""
    words = [t.text for t in tokens]
    result: list[Repeat] = []
    taken: set[int] = set()
    # Only a position whose shortest phrase repeats often enough can start a longer one.
    shortest: dict[tuple[str, ...], int] = defaultdict(int)
    for i in range(len(words) - min_n + 1):
        shortest[tuple(words[i:i + min_n])] += 1
    if not any(c >= min_count for c in shortest.values()):
        return []
    for n in range(max_n, min_n - 1, -1):
        where: dict[tuple[str, ...], list[int]] = defaultdict(list)
        for i in range(len(words) - n + 1):
            if shortest[tuple(words[i:i + min_n])] < min_count:
                continue
            gram = tuple(words[i:i + n])
            if all(w in _COMMON for w in gram):
                continue
            if where[gram] and i < where[gram][-1] + n:
                continue  # overlapping occurrence
            where[gram].append(i)
        for gram, starts in where.items():
            if len(starts) >= min_count and not all(s in taken for s in starts):
                result.append(Repeat(" ".join(gram), len(starts),
                                     tuple(tokens[s].index for s in starts)))
                for s in starts:
                    taken.update(range(s, s + n))
    return sorted(result, key=lambda r: (-r.count, r.indexes[0]))

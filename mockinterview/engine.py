"""Picking the questions of a session: pure, seeded and history-aware."""

from __future__ import annotations

import random
from collections.abc import Sequence

from mockinterview.bank import GROUPS, Bank, Question
from mockinterview.errors import SelectionError


def pick_questions(bank: Bank, n: int, seed: int | None = None, group: str | None = None,
                   question_ids: Sequence[str] = (), recent: Sequence[str] = (),
                   focus: Sequence[str] = ()) -> list[Question]:
    """Choose `n` distinct questions from `bank` and return them in interview order.

    - `question_ids`: exactly these questions, in this order (drilling one question).
    - `group`: only questions of that group.
    - With no group and n >= number of groups, every group is represented.
    - `recent`: ids asked in recent sessions, most recent first; they are picked last when
      other questions can fill the set.
    - `focus`: ids to prefer, most needed first (the weakest questions, weakest first; the
      questions for skills not shown yet); they are picked first, in that order.
    The result is ordered the way interviews run: general first, behavioural last.
    """
    if question_ids:
        return [bank.get(qid) for qid in question_ids]
    if n < 1:
        raise SelectionError(f"the number of questions must be at least 1 (got {n})")
    pool = list(bank.questions)
    if group is not None:
        if group not in GROUPS:
            raise SelectionError(f"unknown group '{group}' "
                                 f"(expected one of: {', '.join(GROUPS)})")
        pool = [q for q in pool if q.group == group]
        if not pool:
            raise SelectionError(f"bank '{bank.id}' has no questions in group '{group}'")
    if n > len(pool):
        where = f" in group '{group}'" if group else ""
        raise SelectionError(f"asked for {n} questions but bank '{bank.id}' has only "
                             f"{len(pool)}{where}")

    rng = random.Random(seed)
    recent_rank = {qid: i for i, qid in enumerate(recent)}
    focus_rank = {qid: i for i, qid in enumerate(dict.fromkeys(focus))}

    def key(q: Question) -> tuple[int, int, float]:
        # Focus questions first, most needed first; then never-asked before recently asked,
        # the most recently asked last; seeded random order within a tier. (The random
        # draw is made for every question, so a seed gives the same draws with or without
        # a focus.)
        draw = rng.random()
        if q.id in focus_rank:
            return (0, focus_rank[q.id], 0.0)
        recency = len(recent) - recent_rank[q.id] if q.id in recent_rank else 0
        return (1, recency, draw)

    ranked = sorted(pool, key=key)
    chosen: list[Question] = []
    groups_present = [g for g in GROUPS if any(q.group == g for q in pool)]
    if group is None and n >= len(groups_present):
        for g in groups_present:
            chosen.append(next(q for q in ranked if q.group == g))
    for q in ranked:
        if len(chosen) == n:
            break
        if q not in chosen:
            chosen.append(q)
    order = {g: i for i, g in enumerate(GROUPS)}
    position = {q.id: i for i, q in enumerate(ranked)}
    return sorted(chosen, key=lambda q: (order[q.group], position[q.id]))

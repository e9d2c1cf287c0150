"""Question selection: mixed, seeded, no repeats, history-aware."""

from __future__ import annotations

import pytest

from mockinterview.bank import GROUPS, load_bank
from mockinterview.engine import pick_questions
from mockinterview.errors import SelectionError


@pytest.fixture(scope="module")
def bank():
    return load_bank("medical_secretary")


@pytest.mark.parametrize("n", range(4, 11))
def test_every_group_is_covered_for_four_or_more_questions(bank, n):
    for seed in range(200):
        picked = pick_questions(bank, n, seed=seed)
        assert len(picked) == n
        assert len({q.id for q in picked}) == n
        assert {q.group for q in picked} == set(GROUPS)


def test_interview_order_runs_from_general_to_behavioural(bank):
    picked = pick_questions(bank, 8, seed=3)
    order = [GROUPS.index(q.group) for q in picked]
    assert order == sorted(order)


def test_same_seed_same_set_and_seeds_vary(bank):
    a = [q.id for q in pick_questions(bank, 5, seed=42)]
    assert a == [q.id for q in pick_questions(bank, 5, seed=42)]
    sets = {tuple(q.id for q in pick_questions(bank, 5, seed=s)) for s in range(20)}
    assert len(sets) > 10


def test_more_questions_than_the_bank_holds_is_a_clear_error(bank):
    with pytest.raises(SelectionError, match="asked for 24 questions but bank "
                                             "'medical_secretary' has only 23"):
        pick_questions(bank, 24, seed=1)
    with pytest.raises(SelectionError, match="has only 3 in group 'general'"):
        pick_questions(bank, 4, group="general")


def test_group_and_single_question_drills(bank):
    picked = pick_questions(bank, 5, seed=1, group="behavioral")
    assert {q.group for q in picked} == {"behavioral"}
    assert [q.id for q in pick_questions(bank, 5, question_ids=["cannot-pay"])] == ["cannot-pay"]
    with pytest.raises(Exception, match="no question 'nope'"):
        pick_questions(bank, 1, question_ids=["nope"])


def test_recently_asked_questions_are_picked_last(bank):
    recent = [q.id for q in bank.questions if q.group != "general"][:15]
    for seed in range(50):
        picked = pick_questions(bank, 5, seed=seed, recent=recent)
        fresh = [q for q in picked if q.id not in recent]
        # Experience and role-specific must come from the recent ones (every group is
        # covered); the other three places go to questions not asked recently.
        assert len(fresh) == 3
    # When every question of a group was asked, the longest-ago one comes first.
    all_general = [q.id for q in bank.by_group("general")]
    picked = pick_questions(bank, 4, seed=0, recent=all_general)
    assert [q.id for q in picked if q.group == "general"] == [all_general[-1]]


def test_focus_questions_come_first(bank):
    focus = ["cannot-pay", "team-schedule"]
    for seed in range(20):
        ids = {q.id for q in pick_questions(bank, 5, seed=seed, focus=focus)}
        assert set(focus) <= ids


def test_focus_questions_are_taken_most_needed_first_whatever_the_seed(bank):
    # Weakest first: with fewer places than focus questions, the most needed get them, and
    # within a group they are asked in order of need.
    focus = ["cannot-pay", "file-organisation", "demanding-patient", "why-this-field"]
    for seed in range(30):
        picked = pick_questions(bank, 3, seed=seed, group="behavioral", focus=focus)
        assert [q.id for q in picked] == focus[:3], seed
        mixed = [q.id for q in pick_questions(bank, 6, seed=seed,
                                              focus=["team-schedule", *focus])]
        assert [q for q in mixed if q in focus] == focus[:3], (seed, mixed)
        assert "team-schedule" in mixed
        # The seed still decides among the other questions, as it does without a focus.
        plain = [q.id for q in pick_questions(bank, 6, seed=seed)]
        general = {q.id for q in bank.by_group("general")}
        assert next(q for q in mixed if q in general) == next(q for q in plain if q in general)

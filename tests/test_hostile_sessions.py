"""Hostile session folders and archives (tests/hostile_cases.py): each is refused with its
message, gives no traceback, reads and writes nothing outside the session folder, and a
failed import leaves nothing behind."""

from __future__ import annotations

import pytest

from tests.hostile_cases import CASES, run_case


def test_there_are_at_least_25_hostile_cases():
    assert len(CASES) >= 25
    assert len({c.name for c in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
@pytest.mark.slow
def test_hostile_input_is_refused_with_its_message(case, tmp_path):
    outcome = run_case(case, tmp_path / "case")
    assert outcome.traceback is None, outcome.traceback
    assert outcome.problems == [], (outcome.problems, outcome.err)

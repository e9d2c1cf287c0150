"""Answer outlines: every medical secretary question has one, in the project's own words,
shown by `questions show` and validated by `banks check`."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from mockinterview.analysis.talking_points import cover_points
from mockinterview.analysis.text import tokenize
from mockinterview.bank import OUTLINE_MAX_CHARS, load_bank
from mockinterview.transcript import Transcript
from tests.conftest import REPO

SEED = REPO.parent / "shared" / "seed"
STAR_WORDS = ("situation", "task", "action", "result")


def test_every_medical_secretary_question_has_an_outline_of_four_to_six_beats():
    bank = load_bank("medical_secretary")
    assert len(bank.questions) == 23
    for q in bank.questions:
        assert 4 <= len(q.outline) <= 6, q.id
        assert all(beat.strip() and len(beat) <= OUTLINE_MAX_CHARS for beat in q.outline)


def test_outlines_hit_every_talking_point_of_their_question():
    # Judged by the analyser's own matcher: an answer that followed the outline would
    # cover every point the question lists.
    for q in load_bank("medical_secretary").questions:
        coverage = cover_points(q.talking_points,
                                tokenize(Transcript.from_text(" ".join(q.outline))))
        assert not coverage.missed, (q.id, coverage.missed)


def test_story_outlines_run_in_star_order():
    stories = [q for q in load_bank("medical_secretary").questions if q.star_expected]
    assert len(stories) >= 4
    for q in stories:
        firsts = [next((i for i, beat in enumerate(q.outline)
                        if beat.lower().startswith(word)), None) for word in STAR_WORDS]
        assert None not in firsts, q.id
        assert firsts == sorted(firsts), q.id


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9']+", text.lower().replace("’", "'"))


def test_no_outline_shares_a_run_of_eight_words_with_the_seed():
    if not SEED.is_dir():
        pytest.skip(f"the seed text is not here ({SEED})")
    seed_runs = set()
    for path in SEED.iterdir():
        words = _words(path.read_text(encoding="utf-8", errors="replace"))
        seed_runs.update(tuple(words[i:i + 8]) for i in range(len(words) - 7))
    assert seed_runs
    for q in load_bank("medical_secretary").questions:
        words = _words(" ".join(q.outline))
        shared = [" ".join(words[i:i + 8]) for i in range(len(words) - 7)
                  if tuple(words[i:i + 8]) in seed_runs]
        assert not shared, (q.id, shared)


def test_questions_show_prints_the_outline_and_json_has_it(cli):
    code, out, _ = cli("questions", "show", "communication-issue")
    assert code == 0
    assert "Outline of a strong answer:" in out
    q = load_bank("medical_secretary").get("communication-issue")
    assert f"1. {q.outline[0]}" in out
    code, out, _ = cli("questions", "show", "communication-issue", "--json")
    assert json.loads(out)["outline"] == list(q.outline)


def test_a_bank_without_outlines_still_loads(cli):
    bank = load_bank("general_behavioral")
    assert all(q.outline == () for q in bank.questions)
    code, out, _ = cli("questions", "show", bank.questions[0].id, "--bank",
                       "general_behavioral")
    assert code == 0 and "Outline" not in out


BANK = """
[[questions]]
id = "q1"
group = "general"
text = "Tell me about yourself."
target_seconds = { min = 30, max = 90 }
talking_points = [ { point = "background", keywords = ["experience"] } ]
outline = {outline}
"""


@pytest.mark.parametrize("outline, problem", [
    ('["Open with your background.", "  "]', "field 'outline' beat 2: must not be empty"),
    ('["Open with your background.", ""]', "field 'outline' beat 2: must not be empty"),
    (f'["{"very " * 40}long"]', "field 'outline' beat 1: too long (204 characters, at "
                                 f"most {OUTLINE_MAX_CHARS})"),
    ('"Open with your background."', "field 'outline': must be a list of short texts"),
    ('["One.", 2]', "field 'outline' beat 2: must be text (in quotes)"),
    ('[' + ", ".join(['"A beat."'] * 9) + ']', "field 'outline': 9 beats (at most 8"),
])
def test_banks_check_names_a_bad_outline(tmp_path: Path, cli, outline, problem):
    path = tmp_path / "bank.toml"
    path.write_text(BANK.replace("{outline}", outline))
    code, out, err = cli("banks", "check", str(path))
    assert code == 1
    assert f"{path}: question 'q1': {problem}" in err
    assert "Traceback" not in err

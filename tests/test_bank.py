"""The bundled banks load; every validation error gives an exact, located message."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from mockinterview.bank import GROUPS, available_banks, load_bank, parse_bank
from mockinterview.errors import BankError

GOOD_QUESTION = """
[[questions]]
id = "q1"
group = "general"
text = "Tell me about yourself."
star = false
target_seconds = { min = 30, max = 90 }
talking_points = [ { point = "background", keywords = ["experience"] } ]
"""


def write_bank(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "broken.toml"
    path.write_text(text)
    return path


def load_error(tmp_path: Path, text: str) -> str:
    path = write_bank(tmp_path, text)
    with pytest.raises(BankError) as info:
        load_bank(str(path))
    return str(info.value)


def test_medical_secretary_bank_has_the_seed_questions_in_four_groups():
    bank = load_bank("medical_secretary")
    assert len(bank.questions) == 23
    counts = Counter(q.group for q in bank.questions)
    assert [counts[g] for g in GROUPS] == [3, 6, 7, 7]
    # The seed's order: general 1-3, experience 4-9, role-specific 10-16, behavioural 17-23.
    assert [q.group for q in bank.questions] == (
        ["general"] * 3 + ["experience"] * 6 + ["role_specific"] * 7 + ["behavioral"] * 7)
    for q in bank.questions:
        assert q.talking_points, q.id
        assert 0 < q.target_min_s <= q.target_max_s, q.id
        assert q.probes, q.id
    assert bank.get("patient-privacy").text.startswith("As a medical secretary, how could you")


def test_medical_secretary_bank_links_six_skills_and_questions_to_ask():
    bank = load_bank("medical_secretary")
    assert {s.id for s in bank.skills} == {"communication", "organisation", "computer",
                                           "interpersonal", "empathy", "problem_solving"}
    assert all(s.question_ids for s in bank.skills)
    assert len(bank.ask_interviewer) == 6
    assert "communication" in bank.get("experience-and-motivation").skills


def test_privacy_question_talking_points_cover_the_essentials():
    points = {p.name for p in load_bank().get("patient-privacy").talking_points}
    assert {"confidentiality", "need-to-know access", "secure systems",
            "reporting a breach"} <= points


def test_every_bundled_bank_is_valid_and_a_second_role_exists():
    banks = available_banks()
    assert len(banks) >= 2
    for name in banks:
        bank = load_bank(name)
        assert bank.questions


def test_unknown_group_names_file_question_and_field(tmp_path):
    msg = load_error(tmp_path, GOOD_QUESTION.replace('"general"', '"generall"'))
    assert msg == (f"{tmp_path}/broken.toml: question 'q1': field 'group': unknown group "
                   "'generall' (expected one of: general, experience, role_specific, behavioral)")


def test_duplicate_id(tmp_path):
    msg = load_error(tmp_path, GOOD_QUESTION + GOOD_QUESTION)
    assert msg == (f"{tmp_path}/broken.toml: question 'q1': field 'id': duplicate id "
                   "(question 1 has it too)")


def test_empty_text(tmp_path):
    msg = load_error(tmp_path, GOOD_QUESTION.replace('"Tell me about yourself."', '"   "'))
    assert msg == f"{tmp_path}/broken.toml: question 'q1': field 'text': must not be empty"


def test_min_greater_than_max(tmp_path):
    msg = load_error(tmp_path, GOOD_QUESTION.replace("min = 30, max = 90", "min = 120, max = 60"))
    assert msg == (f"{tmp_path}/broken.toml: question 'q1': field 'target_seconds': "
                   "min (120) is greater than max (60)")


def test_unknown_key_in_question(tmp_path):
    msg = load_error(tmp_path, GOOD_QUESTION + 'colour = "blue"\n')
    assert msg == f"{tmp_path}/broken.toml: question 'q1': unknown key 'colour'"


def test_unknown_key_at_bank_level(tmp_path):
    msg = load_error(tmp_path, 'titel = "x"\n' + GOOD_QUESTION)
    assert msg == f"{tmp_path}/broken.toml: bank: unknown key 'titel'"


def test_toml_syntax_error_gives_line_and_column(tmp_path):
    msg = load_error(tmp_path, GOOD_QUESTION + 'id = "oops\n')
    assert msg == (f"{tmp_path}/broken.toml: TOML syntax error at line 9, column 11: "
                   "Illegal character '\\n'")


def test_several_problems_are_all_listed(tmp_path):
    text = GOOD_QUESTION.replace('"general"', '"x"').replace("min = 30", "min = 300")
    msg = load_error(tmp_path, text)
    lines = msg.splitlines()
    assert lines[0] == f"2 problems in {tmp_path}/broken.toml:"
    assert "field 'group'" in lines[1] and "field 'target_seconds'" in lines[2]


def test_missing_talking_points_and_unknown_skill_question(tmp_path):
    text = ('[[skills]]\nid = "empathy"\nquestions = ["nope"]\n'
            + GOOD_QUESTION.replace('talking_points = [ { point = "background", '
                                    'keywords = ["experience"] } ]', ""))
    msg = load_error(tmp_path, text)
    assert "question 'q1': field 'talking_points': must list at least one talking point" in msg
    assert "skill 'empathy': field 'questions': unknown question id 'nope'" in msg


def test_unknown_bank_name_lists_the_available_ones():
    with pytest.raises(BankError, match=r"no question bank named 'nurse' \(available: .*"
                                        r"medical_secretary"):
        load_bank("nurse")


def test_parse_bank_keeps_keywords_lower_case(tmp_path):
    bank = parse_bank(GOOD_QUESTION.replace('["experience"]', '["HIPAA", "Need To Know"]'),
                      tmp_path / "b.toml")
    assert bank.questions[0].talking_points[0].keywords == ("hipaa", "need to know")

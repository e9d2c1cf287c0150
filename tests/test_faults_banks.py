"""Hostile question banks: every kind of broken TOML and schema error gives one exact,
located message (never a traceback), and a very large bank loads and selection works.

tests/test_bank.py already covers: unknown group, duplicate id, empty text, min > max,
unknown keys (question and bank level), an unterminated string, several problems at once,
missing talking points and a skill naming an unknown question.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from mockinterview.bank import GROUPS, load_bank, parse_bank
from mockinterview.engine import pick_questions
from mockinterview.errors import BankError

Q = """
[[questions]]
id = "q1"
group = "general"
text = "Tell me about yourself."
target_seconds = { min = 30, max = 90 }
talking_points = [ { point = "background", keywords = ["experience"] } ]
"""
POINTS = 'talking_points = [ { point = "background", keywords = ["experience"] } ]'
Q1 = "question 'q1'"

# (bank text, the message after "<file>: ")
MALFORMED_TOML = {
    "a key given twice": (Q + 'id = "q2"\n',
                          "TOML syntax error at line 8, column 10: Cannot overwrite a value"),
    "a bare word as a value": (Q + "star = yes\n",
                               "TOML syntax error at line 8, column 8: Invalid value"),
    "an unclosed array": (Q.replace('["experience"]', '["experience"'),
                          "TOML syntax error at line 7, column 69: Unclosed array"),
    "an unclosed table header": ("[[questions]\n" + Q, "TOML syntax error at line 1, column 12: "
                                 "Expected ']]' at the end of an array declaration"),
    "a table declared twice": ("[meta]\nx = 1\n[meta]\ny = 2\n" + Q,
                               "TOML syntax error at line 3, column 6: Cannot declare "
                               "('meta',) twice"),
    "a bad escape": (Q.replace("yourself.", "your\\qself."),
                     "TOML syntax error at line 5, column 29: Unescaped '\\' in a string"),
    "a key without a value": (Q + "probes\n", "TOML syntax error at line 8, column 7: "
                              "Expected '=' after a key in a key/value pair"),
    "a NUL byte": (Q + 'probes = "a\x00b"\n',
                   "TOML syntax error at line 8, column 12: Illegal character '\\x00'"),
}

SCHEMA_ERRORS = {
    "an empty file": ("", "bank: field 'questions': the bank has no [[questions]]"),
    "only comments": ("# to do\n", "bank: field 'questions': the bank has no [[questions]]"),
    "questions as text": ('questions = "none"\n',
                          "bank: field 'questions': the bank has no [[questions]]"),
    "a missing id": (Q.replace('id = "q1"\n', ""),
                     "question 1: field 'id': missing (every question needs a stable id, e.g. "
                     'id = "tell-me-about-yourself")'),
    "an id with spaces": (Q.replace('"q1"', '"Q 1"'), "question 1: field 'id': 'Q 1' is not a "
                          "valid id (lower-case letters, digits, '-' and '_')"),
    "text as a number": (Q.replace('"Tell me about yourself."', "42"),
                         f"{Q1}: field 'text': must be text (in quotes)"),
    "star as text": (Q + 'star = "yes"\n', f"{Q1}: field 'star': must be true or false"),
    "probes as a list": (Q + 'probes = ["a"]\n', f"{Q1}: field 'probes': must be text"),
    "no target length": (Q.replace("target_seconds = { min = 30, max = 90 }\n", ""),
                         f"{Q1}: field 'target_seconds': must be a table {{ min = S, max = S }}"),
    "a negative target": (Q.replace("min = 30", "min = -5"), f"{Q1}: field 'target_seconds': "
                          "min and max must be positive whole seconds"),
    "a fractional target": (Q.replace("min = 30", "min = 30.5"), f"{Q1}: field "
                            "'target_seconds': min and max must be positive whole seconds"),
    "a boolean target": (Q.replace("min = 30", "min = true"), f"{Q1}: field 'target_seconds': "
                         "min and max must be positive whole seconds"),
    "an extra target key": (Q.replace("max = 90", "max = 90, mean = 60"), f"{Q1}: field "
                            "'target_seconds': must be a table { min = S, max = S }"),
    "a talking point as text": (Q.replace(POINTS, 'talking_points = ["background"]'),
                                f"{Q1}: field 'talking_points' item 1: must be a table"),
    "no keywords": (Q.replace('["experience"]', "[]"), f"{Q1}: field 'talking_points' item 1 "
                    "('background'): 'keywords' must be a list of non-empty words or phrases"),
    "keywords as text": (Q.replace('["experience"]', '"experience"'), f"{Q1}: field "
                         "'talking_points' item 1 ('background'): 'keywords' must be a list of "
                         "non-empty words or phrases"),
    "a number among keywords": (Q.replace('["experience"]', '["experience", 3]'), f"{Q1}: field "
                                "'talking_points' item 1 ('background'): 'keywords' must be a "
                                "list of non-empty words or phrases"),
    "an unnamed talking point": (Q.replace('point = "background", ', ""), f"{Q1}: field "
                                 "'talking_points' item 1: 'point' must not be empty"),
    "an unknown talking point key": (Q.replace('["experience"]', '["experience"], weight = 2'),
                                     f"{Q1}: field 'talking_points' item 1: unknown key "
                                     "'weight'"),
    "a newer schema version": ("schema_version = 2\n" + Q, "bank: field 'schema_version': "
                               "unsupported version 2 (this program reads version 1)"),
    "an invalid bank id": ('id = "My Bank"\n' + Q, "bank: field 'id': 'My Bank' is not a valid "
                           "id (lower-case letters, digits, '-' and '_')"),
    "a title that is not text": ("title = 3\n" + Q, "bank: field 'title': must be text"),
    "skills as text": ('skills = "all"\n' + Q,
                       "bank: field 'skills': must be a list of [[skills]] tables"),
    "a skill that is not a table": ("skills = [1]\n" + Q, "skill 1: must be a table"),
    "an invalid skill id": ('[[skills]]\nid = "Bad Id"\n' + Q,
                            "skill 'Bad Id': field 'id': 'Bad Id' is not a valid id"),
    "skill questions as text": ('[[skills]]\nid = "s"\nquestions = "q1"\n' + Q,
                                "skill 's': field 'questions': must be a list of question ids"),
    "ask_interviewer as text": ('ask_interviewer = "why?"\n' + Q, "bank: field "
                                "'ask_interviewer': must be a list of non-empty texts"),
    "a blank ask_interviewer": ('ask_interviewer = [""]\n' + Q, "bank: field "
                                "'ask_interviewer': must be a list of non-empty texts"),
}


def load_error(path: Path) -> str:
    with pytest.raises(BankError) as info:
        load_bank(str(path))
    return str(info.value)


@pytest.mark.parametrize("text, expected", MALFORMED_TOML.values(), ids=MALFORMED_TOML.keys())
def test_malformed_toml_gives_line_and_column(tmp_path, text, expected):
    path = tmp_path / "broken.toml"
    path.write_text(text)
    assert load_error(path) == f"{path}: {expected}"


@pytest.mark.parametrize("text, expected", SCHEMA_ERRORS.values(), ids=SCHEMA_ERRORS.keys())
def test_schema_errors_name_the_place_and_the_problem(tmp_path, text, expected):
    path = tmp_path / "broken.toml"
    path.write_text(text)
    assert load_error(path) == f"{path}: {expected}"


def test_a_bank_that_is_not_utf8_or_not_a_file(tmp_path):
    latin = tmp_path / "latin.toml"
    latin.write_bytes(Q.replace("yourself", "yourself \xe9").encode("latin-1"))
    assert load_error(latin).startswith(f"{latin}: cannot read the bank: 'utf-8' codec can't "
                                        "decode byte 0xe9")
    folder = tmp_path / "folder.toml"
    folder.mkdir()
    assert load_error(folder) == f"question bank file not found: {folder}"
    assert load_error(tmp_path / "gone.toml") == (f"question bank file not found: "
                                                  f"{tmp_path / 'gone.toml'}")


@pytest.mark.parametrize("command", [["questions"], ["practice", "--dry-run"]])
def test_the_cli_reports_a_broken_bank_as_one_error_line(cli, tmp_path, command):
    path = tmp_path / "broken.toml"
    path.write_text(Q + "star = yes\n")
    code, out, err = cli(*command, "--bank", str(path))
    assert code == 1 and out == ""
    assert err == f"Error: {path}: TOML syntax error at line 8, column 8: Invalid value\n"


def big_bank(n: int) -> str:
    parts = ['title = "Big"\n']
    for i in range(n):
        parts.append(
            f'[[questions]]\nid = "q{i:04d}"\ngroup = "{GROUPS[i % 4]}"\n'
            f'text = "Question number {i}: tell me about a time you helped a patient."\n'
            f'probes = "care"\ntarget_seconds = {{ min = 30, max = 120 }}\n'
            f'talking_points = [ {{ point = "care", keywords = ["patient*", "help"] }},'
            f' {{ point = "result", keywords = ["result", "outcome"] }} ]\n')
    parts.append('[[skills]]\nid = "care"\nquestions = ["q0000", "q0999"]\n')
    return "\n".join(parts)


def test_a_bank_of_1000_questions_loads_and_selection_works(tmp_path):
    path = tmp_path / "big.toml"
    path.write_text(big_bank(1000))
    bank = load_bank(str(path))
    assert len(bank.questions) == 1000
    assert Counter(q.group for q in bank.questions) == {g: 250 for g in GROUPS}
    assert bank.get("q0999").skills == ("care",)
    picked = pick_questions(bank, 8, seed=3)
    assert len({q.id for q in picked}) == 8
    assert {q.group for q in picked} == set(GROUPS)  # a mixed set, every group
    assert pick_questions(bank, 8, seed=3) == picked  # seeded: repeatable
    recent = [q.id for q in picked]
    assert not {q.id for q in pick_questions(bank, 8, seed=3, recent=recent)} & set(recent)
    # One mistake among 1,000 questions is still found and named.
    broken = big_bank(1000).replace('id = "q0500"\ngroup = "general"',
                                    'id = "q0500"\ngroup = "genral"')
    with pytest.raises(BankError, match=r"question 'q0500': field 'group': unknown group "
                                        r"'genral'"):
        parse_bank(broken, path)

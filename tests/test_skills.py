"""The skills matrix: which skills a session's answers showed (from each answer's own
evidence), the words that prove it, a question to practise each skill not shown, in the
summary, the reports and history; `practice --focus skills` asks those questions first."""

from __future__ import annotations

import json

import pytest

from mockinterview.analysis import analyse_answer
from mockinterview.bank import load_bank
from mockinterview.sessions import session_dirs
from mockinterview.skills import answer_evidence, skills_matrix, unshown_skill_question_ids
from mockinterview.transcript import Transcript
from tests.conftest import run_cli_process

STORY = ("last year our clinic had a scheduling mix up between two doctors. I was responsible "
         "for fixing it. I called every patient myself and rebooked them. In the end every "
         "patient was seen that week, and since then we confirm every change in writing")
FILES = ("I keep a consistent system with folders by date, I scan paper files into the ehr "
         "straight away, and I lock away anything confidential")
UPSET = "I would tell them to wait"  # too thin to show anything
QUESTIONS = ("communication-issue", "file-organisation", "upset-patient")


def analysis(qid: str, text: str):
    return analyse_answer(Transcript.from_text(text), load_bank().get(qid)).record()


def test_a_story_shows_its_skills_only_with_its_own_action_and_result():
    bank = load_bank()
    q = bank.get("communication-issue")
    quote = answer_evidence(q, analysis(q.id, STORY), None)
    assert quote and quote.lower().startswith("i called every patient")
    we_only = STORY.replace("I called", "we called").replace("I was", "we were")
    assert answer_evidence(q, analysis(q.id, we_only), None) is None
    no_result = STORY.split(" In the end")[0]
    assert answer_evidence(q, analysis(q.id, no_result), None) is None


def test_the_matrix_has_evidence_for_shown_skills_and_a_tip_for_the_others():
    bank = load_bank()
    answers = [(qid, analysis(qid, text), Transcript.from_text(text).text.split())
               for qid, text in zip(QUESTIONS, (STORY, FILES, UPSET))]
    rows = {r.id: r for r in skills_matrix(bank, answers)}
    assert set(rows) == {s.id for s in bank.skills}
    assert rows["communication"].shown and rows["problem_solving"].shown
    assert rows["organisation"].shown and rows["computer"].shown
    for evidence in rows["organisation"].evidence:
        assert evidence.quote.lower().split()[0] in FILES.lower()
    # The only empathy question asked was answered too thinly.
    empathy = rows["empathy"]
    assert not empathy.shown and empathy.asked == ("upset-patient",)
    linked = next(s for s in bank.skills if s.id == "empathy").question_ids
    assert empathy.practise.id in linked and empathy.practise.id != "upset-patient"
    assert f"--question {empathy.practise.id}" in empathy.tip
    assert empathy.practise.text in empathy.tip


def typed_session(tmp_path):
    args = ["practice", "--type", "--no-speech", "--think-seconds", "0", "--follow-ups", "off",
            "--recordings", str(tmp_path / "rec")]
    for q in QUESTIONS:
        args += ["--question", q]
    result = run_cli_process(*args, input="".join(a + "\n\n" for a in (STORY, FILES, UPSET)))
    assert result.returncode == 0, result.stderr
    return result


@pytest.mark.slow
def test_session_summary_report_and_history_show_the_matrix(tmp_path):
    result = typed_session(tmp_path)
    assert "Skills your answers showed" in result.stdout
    assert "No answer showed empathy yet" in result.stdout
    rec = tmp_path / "rec"
    [folder] = session_dirs(rec)
    report = json.loads(run_cli_process("report", folder.name, "--format", "json",
                                        "--recordings", str(rec)).stdout)
    outline = report["answers"][0]["outline"]
    assert outline == list(load_bank().get("communication-issue").outline)
    skills = report["skills"]
    assert skills["communication"]["shown"] is True
    assert skills["communication"]["evidence"][0]["question_id"] == "communication-issue"
    assert skills["empathy"] == {**skills["empathy"], "shown": False, "evidence": []}
    for fmt, marker in (("text", "Skills matrix"), ("md", "## Skills matrix")):
        out = run_cli_process("report", folder.name, "--format", fmt, "--recordings",
                              str(rec)).stdout
        assert marker in out and "No answer showed empathy yet" in out
        assert "Outline of a strong answer" in out
    history = json.loads(run_cli_process("history", "--json", "--recordings", str(rec)).stdout)
    assert history["skills"]["communication"]["shown"] == [True]
    assert history["skills"]["empathy"]["shown"] == [False]
    assert history["skills"]["empathy"]["tip"]
    text = run_cli_process("history", "--recordings", str(rec)).stdout
    assert "Skills by session" in text


@pytest.mark.slow
def test_focus_skills_asks_questions_for_the_skills_not_shown(tmp_path):
    typed_session(tmp_path)
    empathy = set(next(s for s in load_bank().skills if s.id == "empathy").question_ids)
    bank = load_bank()
    focus = unshown_skill_question_ids(tmp_path / "rec", bank)
    for seed in range(5):
        result = run_cli_process("practice", "--dry-run", "--json", "--focus", "skills",
                                 "--seed", str(seed), "--recordings", str(tmp_path / "rec"))
        assert result.returncode == 0, result.stderr
        picked = {q["id"] for q in json.loads(result.stdout)}
        assert len(picked & empathy) >= 3, (seed, picked)
        # Most needed first: in each group the focus questions asked are the first of that
        # group's in the order of need, asked in that order.
        order = [q["id"] for q in json.loads(result.stdout)]
        for group in {bank.get(q).group for q in order}:
            asked = [q for q in order if q in focus and bank.get(q).group == group]
            needed = [q for q in focus if bank.get(q).group == group]
            assert asked == needed[:len(asked)], (seed, group, asked, needed)


@pytest.mark.slow
def test_history_shows_each_question_across_attempts_and_sessions(tmp_path):
    rec = tmp_path / "rec"
    for answers in ((STORY.split(" In the end")[0], "it was fine", STORY),
                    (STORY,)):
        args = ["practice", "--type", "--no-speech", "--think-seconds", "0",
                "--recordings", str(rec), "--question", "communication-issue"]
        if len(answers) == 3:
            args += ["--attempts", "2"]
        assert run_cli_process(*args, input="".join(a + "\n\n" for a in answers)
                               ).returncode == 0
    history = json.loads(run_cli_process("history", "--json", "--recordings", str(rec)).stdout)
    tries = history["questions"]["communication-issue"]["tries"]
    assert [t["attempt"] for t in tries] == [1, 2, 1]
    assert len({t["session"] for t in tries}) == 2
    assert history["questions"]["communication-issue"]["last"] == tries[-1]["score"]
    text = run_cli_process("history", "--recordings", str(rec)).stdout
    assert "Questions you answered more than once" in text


@pytest.mark.slow
def test_focus_weak_judges_a_question_by_its_latest_try(tmp_path):
    rec = tmp_path / "rec"
    weak, strong = "I fixed it", STORY
    args = ["practice", "--type", "--no-speech", "--think-seconds", "0", "--follow-ups",
            "off", "--recordings", str(rec), "--question", "communication-issue"]
    assert run_cli_process(*args, "--attempts", "2",
                           input=f"{weak}\n\n{strong}\n\n").returncode == 0
    history = json.loads(run_cli_process("history", "--json", "--recordings", str(rec)).stdout)
    scores = [t["score"] for t in history["questions"]["communication-issue"]["tries"]]
    assert scores[0] < 70 <= scores[1]  # the first try alone would count as weak
    assert history["weakest_questions"] == []
    assert run_cli_process(*args, input=f"{weak}\n\n").returncode == 0  # now weak again
    history = json.loads(run_cli_process("history", "--json", "--recordings", str(rec)).stdout)
    assert [q["id"] for q in history["weakest_questions"]] == ["communication-issue"]
    assert history["weakest_questions"][0]["attempts"] == 3

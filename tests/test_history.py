"""History over generated sessions; weakest group and questions; sessions list and delete."""

from __future__ import annotations

import io
import json
import subprocess
from datetime import datetime

import pytest

from mockinterview.history import load_history, sparkline, weak_question_ids
from tests.conftest import need_real, run_cli_process
from tests.sessionfactory import AnswerSpec, have_espeak, make_session, scripted

GENERAL = "great-candidate"
BEHAVIOURAL = "many-patients-at-once"


def week(recordings, day: int, fillers: int, star: str, covered: int, general: float,
         behavioural: float):
    """A two-question session; the behavioural answer improves from week to week."""
    points = ("a real busy situation", "prioritising by urgency", "keeping patients informed")
    ums = " ".join(["um"] * fillers)
    return make_session(recordings, [
        AnswerSpec(GENERAL, "I am organised and calm with patients",
                   analysis=scripted(score=general, covered=("specific strengths",))),
        AnswerSpec(BEHAVIOURAL, f"When the clinic was full {ums} I sorted patients by urgency "
                                "and everyone was seen",
                   analysis=scripted(star=star, score=behavioural, covered=points[:covered],
                                     missed=points[covered:])),
    ], started=datetime(2024, 5, day, 9, 0))


@pytest.fixture
def three_weeks(private_home):
    need_real(have_espeak(), "espeak-ng")
    rec = private_home / "recordings"
    week(rec, 1, fillers=4, star="s", covered=1, general=80, behavioural=40)
    week(rec, 8, fillers=2, star="sa", covered=2, general=82, behavioural=55)
    week(rec, 15, fillers=0, star="sar", covered=3, general=85, behavioural=65)
    return rec


def test_history_shows_the_trends_and_the_weakest_group(three_weeks):
    h = load_history(three_weeks)
    assert [p.date[:10] for p in h.points] == ["2024-05-01", "2024-05-08", "2024-05-15"]
    trends = {t.metric.key: t for t in h.trends}
    fillers = trends["fillers_per_min"].values
    assert fillers[0] > fillers[1] > fillers[2] == 0
    assert trends["fillers_per_min"].direction == "better"
    # STAR is judged on the STAR question only: 1, 2 then 3 of 4 elements.
    assert trends["star"].values == [25.0, 50.0, 75.0] and trends["star"].direction == "better"
    assert trends["coverage"].values == [50.0, 75.0, 100.0]
    assert trends["score"].values == [60.0, 68.5, 75.0] and trends["score"].direction == "better"
    assert h.weakest_group == "behavioral"
    assert h.group_scores == {"general": pytest.approx(82.3, abs=0.1),
                              "behavioral": pytest.approx(53.3, abs=0.1)}
    assert [(q.id, q.score, q.attempts) for q in h.weak_questions] == [(BEHAVIOURAL, 65.0, 3)]


def test_a_worse_session_shows_as_worse(three_weeks):
    week(three_weeks, 22, fillers=6, star="", covered=0, general=50, behavioural=30)
    trends = {t.metric.key: t for t in load_history(three_weeks).trends}
    assert trends["fillers_per_min"].direction == "worse"
    assert trends["score"].direction == "worse"
    assert load_history(three_weeks).weakest_group == "behavioral"


def test_weak_question_ids_are_per_bank(three_weeks):
    assert weak_question_ids(three_weeks, "medical_secretary") == [BEHAVIOURAL]
    assert weak_question_ids(three_weeks, "general_behavioral") == []


def test_sparklines():
    assert sparkline([1, 2, 3, 4, 5, 6, 7, 8]) == "▁▂▃▄▅▆▇█"
    assert sparkline([5, None, 5]) == "▄ ▄"
    assert sparkline([]) == ""


def test_history_command_table_json_and_html(cli, three_weeks, tmp_path):
    code, out, err = cli("history")
    assert code == 0, err
    assert "Progress over 3 sessions" in out
    assert "Weakest group: Behavioural (average score 53)" in out
    assert f"65  {BEHAVIOURAL}: Have you ever had to work" in out
    score_line = next(line for line in out.splitlines() if line.strip().startswith("Score"))
    assert "▁▅█" in score_line and score_line.rstrip().endswith("better")
    code, out, _ = cli("history", "--json", "--out", str(tmp_path / "h.html"))
    data = json.loads(out)
    assert data["weakest_group"] == "behavioral"
    assert data["trends"]["score"]["values"] == [60.0, 68.5, 75.0]
    page = (tmp_path / "h.html").read_text()
    assert page.count("<svg") == 6 and "Weakest group: Behavioural" in page
    assert oct((tmp_path / "h.html").stat().st_mode & 0o777) == "0o600"


def test_practice_focus_weak_picks_the_weak_questions(cli, three_weeks):
    code, out, err = cli("practice", "--dry-run", "--json", "--questions", "1",
                         "--focus", "weak", "--seed", "3")
    assert code == 0, err
    assert [q["id"] for q in json.loads(out)] == [BEHAVIOURAL]


@pytest.mark.slow
def test_practice_focus_weak_asks_the_weakest_first_whatever_the_seed(cli, private_home):
    need_real(have_espeak(), "espeak-ng")
    scores = {"many-patients-at-once": 60, "cannot-pay": 30, "file-organisation": 45,
              "demanding-patient": 90}
    make_session(private_home / "recordings", [
        AnswerSpec(qid, "I helped the patient", analysis=scripted(score=score))
        for qid, score in scores.items()], started=datetime(2024, 5, 1, 9, 0))
    assert weak_question_ids(private_home / "recordings", "medical_secretary") == [
        "cannot-pay", "file-organisation", "many-patients-at-once"]
    for seed in range(8):
        code, out, err = cli("practice", "--dry-run", "--json", "--questions", "2",
                             "--group", "behavioral", "--focus", "weak", "--seed", str(seed))
        assert code == 0, err
        assert [q["id"] for q in json.loads(out)] == ["cannot-pay", "file-organisation"]


def test_sessions_lists_newest_first_with_scores(cli, three_weeks):
    code, out, _ = cli("sessions", "--json")
    rows = json.loads(out)
    assert [r["date"][:10] for r in rows] == ["2024-05-15", "2024-05-08", "2024-05-01"]
    assert rows[0]["answered"] == 2 and rows[0]["asked"] == 2
    assert rows[0]["average_score"] == 75.0 and rows[0]["status"] == "complete"
    code, out, _ = cli("sessions")
    lines = out.splitlines()
    assert lines[0].split() == ["Date", "Session", "Bank", "Answered", "Avg", "score", "Status"]
    assert lines[1].startswith("2024-05-15 09:00") and lines[1].split()[-2:] == ["75", "complete"]


def test_sessions_delete_asks_first(cli, three_weeks, monkeypatch):
    oldest = sorted(three_weeks.iterdir())[0]
    result = run_cli_process("sessions", "delete", oldest.name, stdin=subprocess.DEVNULL)
    assert result.returncode == 1 and oldest.is_dir()
    assert "no terminal to confirm on. Add --yes" in result.stderr

    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr("sys.stdin", Tty("n\n"))
    code, _, err = cli("sessions", "delete", oldest.name)
    assert code == 1 and "Not deleted." in err and oldest.is_dir()
    monkeypatch.setattr("sys.stdin", Tty("y\n"))
    code, _, err = cli("sessions", "delete", oldest.name)
    assert code == 0 and not oldest.exists()
    newest = sorted(three_weeks.iterdir())[-1]
    code, _, _ = cli("sessions", "delete", str(newest), "--yes")
    assert code == 0 and not newest.exists()
    assert len(list(three_weeks.iterdir())) == 1

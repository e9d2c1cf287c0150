"""The HTML report of a session with two tries at a question, in real headless Chromium:
the tries side by side with the comparison in words, the earlier try's recording playable,
the outline, and the skills matrix with a practice tip."""

from __future__ import annotations

from pathlib import Path

import pytest

from mockinterview.report import render_report, write_private
from mockinterview.report.views import load_review
from mockinterview.sessions import Session
from tests.conftest import need_real
from tests.sessionfactory import AnswerSpec, have_espeak, make_session
from tests.test_browser_report import ARGS, CHROMIUM, wait_until

pytestmark = pytest.mark.browser

FIRST = "um last year two doctors were booked at once uh I was responsible um I called them"
SECOND = ("last year two doctors were booked at once I was responsible for fixing it I called "
          "every patient and in the end every patient was seen")


def session_with_two_tries(recordings: Path) -> Session:
    """Two real recorded answers to one question, the second kept as its second try (the
    session the interview writes when the candidate presses r after the feedback)."""
    session = make_session(recordings, [AnswerSpec("communication-issue", FIRST),
                                        AnswerSpec("communication-issue", SECOND),
                                        AnswerSpec("file-organisation",
                                                   "I keep folders by date")])
    second = dict(session.question(2))
    session.start_attempt(1)
    q = session.question(1)
    q.update({k: second[k] for k in ("duration_s", "files", "stop_reason") if k in second})
    q.update(status="answered", answer_ended_at=session.manifest["updated_at"])
    del session.manifest["questions"][1]
    last = session.manifest["questions"][1]
    last["index"] = 2
    for old in session.folder.glob("q03-*"):
        old.rename(old.with_name(old.name.replace("q03-", "q02-", 1)))
    last["files"] = {k: v.replace("q03-", "q02-", 1) for k, v in last["files"].items()}
    session.save()
    return Session.open(session.folder)


def test_html_report_shows_tries_comparison_and_skills_in_chromium(tmp_path, private_home):
    need_real(CHROMIUM.exists(), "Chromium")
    need_real(have_espeak(), "espeak-ng")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        need_real(False, "the playwright package")
    session = session_with_two_tries(private_home / "recordings")
    review = load_review(session.folder)
    [tries, _] = [a.all_attempts for a in review.answers]
    assert all(not a.notes for a in review.answers + tries)
    assert len(tries) == 2 and tries[0].audio and tries[1].audio
    summary = review.answers[0].comparison()["summary"]
    report = tmp_path / "report.html"
    write_private(report, render_report(review, "html"))
    errors: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1100, "height": 900})
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda exc: errors.append(str(exc)))
            page.goto(report.as_uri())
            progress = page.locator("#q1-progress")
            assert progress.is_visible()
            header = progress.locator("table.attempts tr").first.inner_text().split()
            assert header == ["try", "1", "try", "2"]
            rows = {r.split("\t")[0]: r.split("\t")[1:] for r in progress.locator(
                "table.attempts tr").all_inner_texts()[1:]}
            assert rows["score"] == [str(round(t.score)) for t in tries]
            assert rows["fillers"] == [str(t.filler_total) for t in tries]
            comparison = progress.locator("p.comparison").inner_text()
            assert comparison == summary and comparison.startswith("Your second try")
            # The earlier try keeps its own recording, playable from the report.
            progress.locator("details.earlier summary").click()
            wait_until(page, "(a => a && a.readyState >= 1 && a.duration > 0)("
                             "document.querySelector('#q1-progress audio'))")
            assert progress.locator("ol.outline li").count() >= 4
            # The skills matrix: a row per skill of the bank, shown and not shown ones.
            skills = page.locator("table.skills tr[data-skill]")
            assert skills.count() == 6
            shown = page.eval_on_selector_all("table.skills tr[data-skill]",
                                              "rs => rs.map(r => r.dataset.shown)")
            assert "true" in shown and "false" in shown
            assert page.locator("li.missing-skill").first.is_visible()
            assert "practise it on" in page.locator("li.missing-skill").first.inner_text()
        finally:
            browser.close()
    assert errors == []

"""The local web app in real headless browsers against the real server: Debian's Chromium
(Playwright) runs a typed interview end to end through the pages (feedback, a second try,
the summary, the report, export and delete), and a keyboard-only run of the same flow;
Firefox ESR (WebDriver BiDi) starts and answers a typed interview."""

from __future__ import annotations

import io
import json
import time
import zipfile
from pathlib import Path

import pytest

from mockinterview.bank import load_bank
from mockinterview.sessions import read_manifest, session_dirs
from tests.appclient import RunningApp
from tests.conftest import need_real

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ANSWER = ("In my last job I booked appointments, answered the phones and kept patient "
          "records up to date, so the clinic ran on time.")
EVIL = "<img src=x onerror=alert(1)> and I stayed calm"


@pytest.fixture
def app(private_home: Path):
    running = RunningApp(private_home / "recordings")
    yield running
    running.close()


@pytest.fixture
def chromium_page():
    need_real(CHROMIUM.exists(), "Chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        need_real(False, "the playwright package")
    problems: list[str] = []
    requests: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            context = browser.new_context(viewport={"width": 1000, "height": 900},
                                          accept_downloads=True)
            page = context.new_page()
            page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda exc: problems.append(str(exc)))
            page.on("dialog", lambda d: (problems.append("dialog: " + d.message), d.dismiss()))
            page.on("request", lambda r: requests.append(r.url))
            yield page, problems, requests
        finally:
            browser.close()


def visible(page, selector: str, timeout_s: float = 30.0) -> None:
    page.wait_for_selector(selector, state="visible", timeout=timeout_s * 1000)


def until(page, condition: str, timeout_s: float = 30.0) -> None:
    """Poll a JS condition from here (the app's CSP forbids Playwright's eval polling)."""
    deadline = time.monotonic() + timeout_s
    while not page.evaluate(condition):
        assert time.monotonic() < deadline, f"timed out waiting for: {condition}"
        page.wait_for_timeout(50)


def answers_given(page) -> int:
    return page.evaluate("document.querySelectorAll('#log li').length")


FEEDBACK_SHOWN = "!document.querySelector('#feedback-box').hidden"
# The interviewer asks a follow-up on a story question whose answer lacks an action or result.
FOLLOW_UP_ASKED = ("!document.querySelector('#type-box').hidden && document.querySelector("
                   "'label[for=answer]').textContent.includes('follow-up')")


def answer_typed(page, text: str) -> bool:
    """Types an answer, and the follow-up's answer if one is asked; waits for the feedback.
    Returns whether a follow-up was asked."""
    page.fill("#answer", text)
    page.click("#type-box button[type=submit]")
    until(page, f"({FEEDBACK_SHOWN}) || ({FOLLOW_UP_ASKED})")
    asked = page.evaluate(FOLLOW_UP_ASKED)
    if asked:
        page.fill("#answer", ANSWER)
        page.click("#type-box button[type=submit]")
    visible(page, "#feedback-box")
    return asked


def test_a_typed_interview_end_to_end_in_chromium(app, chromium_page):
    page, problems, requests = chromium_page
    page.goto(app.url)
    assert page.url == app.origin + "/"  # the token left the address bar
    # At 200% zoom (half the CSS width) everything still fits: no sideways scrolling.
    page.set_viewport_size({"width": 500, "height": 450})
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")
    page.set_viewport_size({"width": 1000, "height": 900})
    page.check("input[name=mode][value=typed]")
    page.uncheck("#speak")
    page.fill("#questions", "2")
    page.select_option("#group", "behavioral")  # story questions, and some others
    page.fill("#think_seconds", "0")
    page.click("text=Start the interview")
    page.wait_for_url(app.origin + "/interview")

    # Question 1: the question in large type, a typed answer, feedback, then a second try.
    visible(page, "#type-box")
    question = page.text_content("#question-text")
    assert question and "Question 1 of 2" in page.text_content("#question-meta")
    # On a story question an answer with no action or result gets a follow-up first.
    story = next(q for q in load_bank().questions if q.text == question).star_expected
    assert answer_typed(page, EVIL) is story
    assert "Score" in page.text_content("#feedback")
    visible(page, "#retry")
    page.click("#retry")
    until(page, "!document.querySelector('#type-box').hidden && "
                "document.querySelector('#answer').value === ''")
    assert page.text_content("#question-text") == question  # the same question again
    answer_typed(page, ANSWER + " " + ANSWER)
    visible(page, "#comparison table")
    assert "try 2" in page.text_content("#comparison")
    page.click("#continue")

    # Question 2, then the summary and the report.
    until(page, "document.querySelector('#question-meta').textContent"
                ".includes('Question 2 of 2') && !document.querySelector('#type-box').hidden")
    answer_typed(page, ANSWER)
    visible(page, "#continue")
    page.click("#continue")
    until(page, "document.body.dataset.ended === '1'")
    assert page.locator("#summary table").first.locator("tr").count() == 3  # header + 2
    page.set_viewport_size({"width": 500, "height": 450})
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")
    page.set_viewport_size({"width": 1000, "height": 900})
    # Markup typed as an answer is shown as text, never run.
    assert page.evaluate("document.querySelectorAll('img').length") == 0
    assert "You said: " in page.text_content("#log")
    assert "onerror=alert(1)" in page.text_content("#log")

    page.click("#report-link")
    page.wait_for_url(f"{app.origin}/sessions/*")
    frame = page.frame_locator("iframe.framed")
    frame.locator("h1").wait_for()
    assert "Mock interview report" in frame.locator("h1").text_content()
    (folder,) = session_dirs(app.app.recordings)
    manifest = read_manifest(folder)
    assert manifest["status"] == "complete"
    assert len(manifest["questions"][0].get("attempts") or []) == 1

    # Sessions: export downloads the zip; delete asks first, then removes the folder.
    page.click("nav >> text=Sessions")
    with page.expect_download() as download:
        page.click(f"#row-{folder.name} >> text=Export")
    data = Path(download.value.path()).read_bytes()
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert any(n.endswith("session.json") for n in names)
    page.click(f"#row-{folder.name} button.delete")
    visible(page, "#confirm")
    page.click("#confirm-no")  # cancel keeps it
    assert folder.is_dir()
    page.click(f"#row-{folder.name} button.delete")
    page.click("#confirm-yes")
    until(page, f"document.getElementById('row-{folder.name}') === null")
    assert not folder.exists()
    assert "Deleted" in page.text_content("#sessions-status")

    page.click("nav >> text=Progress")
    page.frame_locator("iframe.framed").locator("h1").wait_for()
    assert problems == []
    assert requests and all(u.startswith(app.origin + "/") for u in requests), requests


def test_the_main_flow_by_keyboard_only_in_chromium(app, chromium_page):
    """Start page to feedback with Tab, arrows, Space and Enter only; every stop is a
    visible, named control."""
    page, problems, _ = chromium_page
    page.goto(app.url)
    stops = []
    for _ in range(40):
        page.keyboard.press("Tab")
        info = page.evaluate("""(() => { const a = document.activeElement;
            const s = getComputedStyle(a);
            const label = a.labels && a.labels.length ? a.labels[0].textContent :
                          (a.getAttribute('aria-label') || a.textContent);
            return {tag: a.tagName, id: a.id, name: a.name || '', type: a.type || '',
                    label: (label || '').trim(), outline: s.outlineStyle,
                    width: parseFloat(s.outlineWidth)}; })()""")
        stops.append(info)
        # Fill the form in on the way, by keys only.
        if info["name"] == "mode":
            page.keyboard.press("ArrowDown")  # from "Out loud" to "Typed"
        elif info["id"] == "speak":
            page.keyboard.press("Space")
        elif info["id"] in ("questions", "think_seconds"):
            page.keyboard.press("Control+A")
            page.keyboard.type("1" if info["id"] == "questions" else "0")
        if info["tag"] == "BUTTON" and info["type"] == "submit":
            break
    assert stops[0]["label"] == "Skip to the content"
    assert stops[-1]["label"] == "Start the interview"
    names = [s["id"] or s["name"] for s in stops]
    for field in ("bank", "questions", "group", "focus", "attempts", "mode", "speak",
                  "feedback", "outline", "think_seconds", "room_check"):
        assert field in names, (field, names)
    for s in stops:
        assert s["label"], s  # every control has a name for a screen reader
        assert s["outline"] != "none" and s["width"] >= 2, s  # and a visible focus
    assert page.is_checked("input[name=mode][value=typed]")
    assert not page.is_checked("#speak")
    page.keyboard.press("Enter")  # the focused submit button
    page.wait_for_url(app.origin + "/interview")
    until(page, "document.activeElement.id === 'answer'")
    for _ in range(2):  # the answer, and a follow-up's answer if one is asked
        page.keyboard.type(ANSWER)
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.textContent") == "Finish my answer"
        page.keyboard.press("Enter")
        until(page, f"document.activeElement.id === 'continue' || ({FOLLOW_UP_ASKED} && "
                    "document.activeElement.id === 'answer')")
        if page.evaluate("document.activeElement.id === 'continue'"):
            break
    assert "Score" in page.text_content("#feedback")
    page.keyboard.press("Enter")
    until(page, "document.body.dataset.ended === '1'")
    assert problems == []


def test_a_typed_answer_in_firefox(app, tmp_path):
    from tests.bidi import Firefox, have_firefox

    need_real(have_firefox(), "Firefox ESR (firefox-esr)")
    import importlib.util

    need_real(importlib.util.find_spec("websockets") is not None, "the websockets package")
    ff = Firefox(tmp_path / "profile")
    try:
        ff.command("session.subscribe", {"events": ["log.entryAdded"]})
        context = ff.command("browsingContext.getTree", {})["contexts"][0]["context"]
        ff.command("browsingContext.navigate",
                   {"context": context, "url": app.url, "wait": "complete"})

        def js(expression: str):
            return ff.evaluate(context, expression)

        def wait(condition: str, timeout_s: float = 30.0) -> None:
            from tests.bidi import BiDiError

            deadline = time.monotonic() + timeout_s
            while True:
                try:
                    if js(condition):
                        return
                except BiDiError:  # the page is being replaced (a navigation)
                    pass
                assert time.monotonic() < deadline, f"timed out waiting for: {condition}"
                time.sleep(0.1)

        wait("document.querySelector('#start-form') !== null")
        js("document.querySelector('input[name=mode][value=typed]').checked = true;"
           "document.querySelector('#speak').checked = false;"
           "document.querySelector('#questions').value = '1';"
           "document.querySelector('#think_seconds').value = '0';"
           "document.querySelector('#start-form').requestSubmit(); true")
        wait("location.pathname === '/interview' && document.querySelector('#type-box') "
             "&& !document.querySelector('#type-box').hidden")
        answer = (f"document.querySelector('#answer').value = {json.dumps(ANSWER)};"
                  "document.querySelector('#type-form').requestSubmit(); true")
        js(answer)
        wait(f"({FEEDBACK_SHOWN}) || ({FOLLOW_UP_ASKED})")
        if js(FOLLOW_UP_ASKED):
            js(answer)
        wait(FEEDBACK_SHOWN)
        assert "Score" in js("document.querySelector('#feedback').textContent")
        wait("!document.querySelector('#retry-box').hidden")
        js("document.querySelector('#continue').click(); true")
        wait("document.body.dataset.ended === '1'")
    finally:
        ff.close()
    errors = [e["params"].get("text") for e in ff.events
              if e["method"] == "log.entryAdded" and e["params"].get("level") == "error"]
    assert errors == []
    (folder,) = session_dirs(app.app.recordings)
    assert read_manifest(folder)["status"] == "complete"

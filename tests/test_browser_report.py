"""The HTML report in real headless browsers: Debian's Chromium (Playwright) and Firefox ESR
(WebDriver BiDi), each with a fresh profile."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mockinterview.report import render_report, write_private
from mockinterview.report.views import load_review
from tests.conftest import need_real
from tests.sessionfactory import AnswerSpec, have_espeak, make_session, scripted

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
EVIL = "<script>alert(1)</script>"


def build_report(recordings: Path, out: Path) -> tuple[Path, list[dict]]:
    session = make_session(recordings, [
        AnswerSpec("great-candidate", "I am um very organised <pause 1.5> and calm with patients",
                   analysis=scripted(score=70, covered=("specific strengths",))),
        AnswerSpec("many-patients-at-once",
                   "When the clinic was full I sorted patients by urgency and everyone was seen",
                   question="Busy day? <img src=x onerror=alert(2)> & more",
                   analysis=scripted(star="sar", score=85, star_evidence={
                       "situation": ["When the clinic was full"], "result": ["everyone was seen"]})),
    ])
    # A transcript that holds markup must show as text: put it in the second answer.
    tpath = session.files(2).transcript
    data = json.loads(tpath.read_text())
    data["words"][3]["word"] = EVIL
    data["text"] = " ".join(w["word"] for w in data["words"])
    session.write_answer_json(tpath, data)
    write_private(out, render_report(load_review(session.folder), "html"))
    recordings = sum(session.files(i).audio.stat().st_size for i in (1, 2))
    assert out.stat().st_size <= recordings / 4  # the audio is embedded compressed
    words = [json.loads(session.files(i).transcript.read_text())["words"] for i in (1, 2)]
    return out, words


def wait_until(page, condition: str, timeout_s: float = 15.0) -> None:
    """Poll a JS condition from here: the report's CSP forbids the eval that Playwright's
    own wait_for_function polls with."""
    import time

    deadline = time.monotonic() + timeout_s
    while not page.evaluate(condition):
        assert time.monotonic() < deadline, f"timed out waiting for: {condition}"
        page.wait_for_timeout(50)


def test_html_report_plays_seeks_and_escapes_in_chromium(tmp_path, private_home):
    need_real(CHROMIUM.exists(), "Chromium")
    need_real(have_espeak(), "espeak-ng")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        need_real(False, "the playwright package")
    report, words = build_report(private_home / "recordings", tmp_path / "report.html")
    errors: list[str] = []
    dialogs: list[str] = []
    requests: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1100, "height": 900})
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda exc: errors.append(str(exc)))
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            page.on("request", lambda r: requests.append(r.url))
            page.goto(report.as_uri())
            wait_until(page, "Array.from(document.querySelectorAll('audio')).every("
                             "a => a.readyState >= 1 && a.duration > 0)")
            durations = page.eval_on_selector_all("audio", "els => els.map(a => a.duration)")
            assert len(durations) == 2  # one player per answer
            for d, w in zip(durations, words):
                assert d > w[-1]["end"]  # the whole answer is there
            # The embedded audio is compressed (Ogg Vorbis), and Chromium decodes and plays it.
            assert page.eval_on_selector_all(
                "audio", "els => els.map(a => a.src.slice(0, 15))") == ["data:audio/ogg;"] * 2
            page.evaluate("Array.from(document.querySelectorAll('audio')).forEach("
                          "a => { a.muted = true; a.play(); })")
            wait_until(page, "Array.from(document.querySelectorAll('audio')).every("
                             "a => a.error === null && a.readyState >= 2 && a.currentTime > 0.2)")
            page.evaluate("document.querySelectorAll('audio').forEach(a => a.pause())")
            page.evaluate("document.querySelectorAll('audio').forEach(a => a.currentTime = 0)")

            # Clicking a word seeks its answer's audio to the word's start.
            target = words[1][6]  # "patients" in the second answer
            span = page.locator("#q2 .w").nth(6)
            assert span.inner_text() == target["word"]
            span.click()
            t = page.evaluate("document.querySelector('#q2 audio').currentTime")
            assert abs(t - target["start"]) < 0.25, (t, target["start"])
            other = page.evaluate("document.querySelector('#q1 audio').currentTime")
            assert other == 0

            # Markup in a transcript or a question is shown as text, never run.
            assert page.locator("#q2 .w").nth(3).inner_text() == EVIL
            assert page.get_by_text(EVIL, exact=True).is_visible()
            # The STAR quote that holds the word shows it as text too, in its own words.
            assert EVIL in page.locator("#q2 a.ev").first.inner_text()
            assert "<img src=x onerror=alert(2)> & more" in page.locator("#q2 h2").inner_text()
            assert page.locator("img").count() == 0 and page.locator("body script").count() == 1
            page.wait_for_timeout(300)
            shot = tmp_path / "report.png"
            page.screenshot(path=str(shot), full_page=True)
        finally:
            browser.close()
    print(f"\nscreenshot: {shot}")
    assert shot.stat().st_size > 10_000
    assert dialogs == [] and errors == []
    assert all(u.startswith(("file:", "data:")) for u in requests), requests


def test_html_report_plays_seeks_and_escapes_in_firefox(tmp_path, private_home):
    """The same report in Debian's Firefox ESR, headless, over WebDriver BiDi (tests/bidi.py)."""
    from tests.bidi import Firefox, have_firefox

    need_real(have_firefox(), "Firefox ESR (firefox-esr)")
    need_real(have_espeak(), "espeak-ng")
    import importlib.util

    need_real(importlib.util.find_spec("websockets") is not None, "the websockets package")
    report, words = build_report(private_home / "recordings", tmp_path / "report.html")
    ff = Firefox(tmp_path / "profile")
    try:
        ff.command("session.subscribe", {"events": [
            "log.entryAdded", "network.beforeRequestSent", "browsingContext.userPromptOpened"]})
        context = ff.command("browsingContext.getTree", {})["contexts"][0]["context"]
        ff.command("browsingContext.navigate",
                   {"context": context, "url": report.as_uri(), "wait": "complete"})

        def js(expression: str):
            return ff.evaluate(context, expression)

        def until(condition: str, timeout_s: float = 15.0) -> None:
            import time

            deadline = time.monotonic() + timeout_s
            while not js(condition):
                assert time.monotonic() < deadline, f"timed out waiting for: {condition}"
                time.sleep(0.05)

        audios = "Array.from(document.querySelectorAll('audio'))"
        until(f"{audios}.every(a => a.readyState >= 1 && a.duration > 0)")
        durations = js(f"{audios}.map(a => a.duration)")
        assert len(durations) == 2  # one player per answer
        for d, w in zip(durations, words):
            assert d > w[-1]["end"]  # the whole answer is there
        # The embedded audio is Ogg Vorbis, and Firefox decodes and plays it.
        assert js(f"{audios}.map(a => a.src.slice(0, 15))") == ["data:audio/ogg;"] * 2
        js(f"{audios}.forEach(a => {{ a.muted = true; a.play(); }})")
        until(f"{audios}.every(a => a.error === null && a.readyState >= 2 "
              "&& a.currentTime > 0.2)")
        js(f"{audios}.forEach(a => {{ a.pause(); a.currentTime = 0; }})")
        until(f"{audios}.every(a => a.currentTime === 0 && !a.seeking)")

        # A real click (pointer actions on the element) on a word seeks its answer's audio.
        target = words[1][6]
        span = ff.command("script.evaluate", {
            "expression": "document.querySelectorAll('#q2 .w')[6]",
            "target": {"context": context}, "awaitPromise": False})["result"]
        assert js("document.querySelectorAll('#q2 .w')[6].textContent") == target["word"]
        js("document.querySelectorAll('#q2 .w')[6].scrollIntoView({block: 'center'})")
        ff.command("input.performActions", {"context": context, "actions": [{
            "type": "pointer", "id": "mouse", "parameters": {"pointerType": "mouse"},
            "actions": [
                {"type": "pointerMove", "x": 0, "y": 0,
                 "origin": {"type": "element", "element": {"sharedId": span["sharedId"]}}},
                {"type": "pointerDown", "button": 0}, {"type": "pointerUp", "button": 0}]}]})
        until("!document.querySelector('#q2 audio').seeking")
        t = js("document.querySelector('#q2 audio').currentTime")
        assert abs(t - target["start"]) < 0.25, (t, target["start"])
        assert js("document.querySelector('#q1 audio').currentTime") == 0

        # Markup in a transcript or a question is shown as text, never run.
        assert js("document.querySelectorAll('#q2 .w')[3].textContent") == EVIL
        assert "<img src=x onerror=alert(2)> & more" in js(
            "document.querySelector('#q2 h2').textContent")
        assert js("[document.querySelectorAll('img').length, "
                  "document.querySelectorAll('body script').length]") == [0, 1]
    finally:
        ff.close()
    errors = [e["params"].get("text") for e in ff.events
              if e["method"] == "log.entryAdded" and e["params"].get("level") == "error"]
    dialogs = [e for e in ff.events if e["method"] == "browsingContext.userPromptOpened"]
    requests = [e["params"]["request"]["url"] for e in ff.events
                if e["method"] == "network.beforeRequestSent"]
    assert errors == [] and dialogs == []
    assert requests and all(u.startswith(("file:", "data:")) for u in requests), requests

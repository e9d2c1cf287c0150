"""A spoken interview in the app, end to end: headless Chromium drives the pages, the real
server runs the interview, questions are spoken by eSpeak NG to the virtual speaker, and each
answer is played into the real PulseAudio virtual microphone when the page shows that it is
listening; the real Vosk test model transcribes it (Korean: the checks are about flow, live
updates and files, not words)."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

import pytest

from mockinterview.sessions import read_manifest, session_dirs
from tests.appclient import RunningApp
from tests.audio_support import need_pulse
from tests.conftest import need_real
from tests.test_browser_app import ARGS, CHROMIUM, until, visible

pytestmark = [pytest.mark.browser, pytest.mark.audio, pytest.mark.model, pytest.mark.slow]

ANSWER = ("I am calm and organised, and I have five years of experience at a busy clinic "
          "reception.")


def test_a_spoken_interview_with_a_second_try_in_chromium(private_home, monkeypatch,
                                                         vosk_model_dir, tmp_path):
    need_pulse()
    need_real(CHROMIUM.exists(), "Chromium")
    from playwright.sync_api import sync_playwright

    monkeypatch.setenv("MOCKINTERVIEW_MODEL", str(vosk_model_dir))
    wav = tmp_path / "answer.wav"
    subprocess.run(["espeak-ng", "-v", "en-us", "-w", str(wav), ANSWER], check=True,
                   capture_output=True)
    app = RunningApp(private_home / "recordings")
    problems: list[str] = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
            page = browser.new_page(accept_downloads=True)
            page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda exc: problems.append(str(exc)))
            page.goto(app.url)
            # Spoken answers and questions read aloud are the defaults.
            assert page.is_checked("input[name=mode][value=spoken]") and page.is_checked("#speak")
            page.fill("#questions", "2")
            page.select_option("#group", "general")  # short questions; a follow-up is answered too
            page.fill("#think_seconds", "1")
            page.fill("#room_check", "1")
            page.click("text=Start the interview")
            page.wait_for_url(app.origin + "/interview")

            levels: list[float] = []
            takes = [0]  # recordings the page has shown so far
            listening = ("document.querySelector('#listen-box').dataset.takes === '{}' && "
                         "document.querySelector('#listen-box').dataset.listening === '1'")

            def speak(finish_button: bool) -> None:
                """The candidate speaks when the page shows the next recording is on."""
                takes[0] += 1
                try:
                    until(page, listening.format(takes[0]), 120)
                except AssertionError:
                    events = [e for _, e in app.app.hub.since(0, 0) if e["type"] != "tick"]
                    raise AssertionError(f"take {takes[0]} never listened; {events[-6:]}")
                time.sleep(0.3)  # a person starts a moment after the tone
                player = subprocess.Popen(["paplay", "-d", "vmic", str(wav)])
                while player.poll() is None:  # the live level while the answer is spoken
                    levels.append(page.evaluate("document.querySelector('#level').value"))
                    page.wait_for_timeout(100)
                assert player.returncode == 0
                if finish_button:
                    page.click("#finish")

            def answer(finish_button: bool) -> None:
                """An answer, and its follow-up if the interviewer asks one; then feedback."""
                speak(finish_button)
                feedback = "!document.querySelector('#feedback-box').hidden"
                follow_up = listening.format(takes[0] + 1)
                until(page, f"({feedback}) || ({follow_up})", 120)
                if page.evaluate(follow_up):
                    speak(finish_button=False)
                visible(page, "#feedback-box", 120)
                assert "Score" in page.text_content("#feedback")

            answer(finish_button=True)
            assert page.text_content("#clock") != "0:00"  # the clock ran
            visible(page, "#retry", 60)
            page.click("#retry")
            answer(finish_button=False)  # this one ends on the silence after it
            visible(page, "#comparison table", 60)
            page.click("#continue")
            answer(finish_button=True)
            visible(page, "#continue", 60)
            page.click("#continue")
            until(page, "document.body.dataset.ended === '1'", 120)
            assert "Room check" in page.text_content("#log")
            page.click("#report-link")
            page.frame_locator("iframe.framed").locator("audio").first.wait_for(
                state="attached")
            with page.expect_download() as download:
                page.click("text=Export this session (zip)")
            assert Path(download.value.path()).stat().st_size > 10_000  # with the audio
            browser.close()
    finally:
        app.close()
    assert problems == []
    assert max(levels) > -60  # the level meter showed the voice
    (folder,) = session_dirs(private_home / "recordings")
    manifest = read_manifest(folder)
    assert manifest["status"] == "complete" and manifest["mode"] == "spoken"
    assert isinstance(manifest.get("room_check"), dict)
    first, second = manifest["questions"]
    assert first["attempts"][0]["stop_reason"] == "enter"  # the Finish button
    assert first["stop_reason"] in ("silence", "no_new_words")
    assert second["stop_reason"] == "enter"
    for q in (first, second):
        assert (folder / q["files"]["audio"]).stat().st_size > 16000

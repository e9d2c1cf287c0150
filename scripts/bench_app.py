"""Figures for `mockinterview app`: server start to first page, Finish button to feedback
shown on the page (a typed answer, in headless Chromium; with --spoken also a spoken one on
the virtual microphone with the Korean test model), and the size of the pages and their
script and style sheet. Prints figures; asserts nothing.

  PYTHONPATH=. .venv/bin/python scripts/bench_app.py [--runs N]
  eval "$(bash scripts/virtual_mic.sh start)"; PYTHONPATH=. .venv/bin/python \
      scripts/bench_app.py --spoken
"""

from __future__ import annotations

import argparse
import http.client
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def get(port: int, path: str, cookie: str | None = None) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", path, headers={"Cookie": cookie} if cookie else {})
    r = conn.getresponse()
    body = r.read()
    conn.close()
    return r.status, body


def start_to_first_page(home: Path) -> tuple[float, float]:
    """(s until the address is printed, s until the start page is served)."""
    env = {**os.environ, "MOCKINTERVIEW_HOME": str(home), "PYTHONPATH": str(REPO)}
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "mockinterview", "app", "--no-browser",
                             "--linger", "1"], stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True, env=env)
    try:
        url = proc.stdout.readline().strip()
        t_url = time.perf_counter() - t0
        port = int(url.split(":")[2].split("/")[0])
        token = url.split("token=")[1]
        status, _ = get(port, "/", f"mockinterview_{port}={token}")
        t_page = time.perf_counter() - t0
        assert status == 200, status
    finally:
        proc.terminate()
        proc.wait(10)
    return t_url, t_page


def sizes(home: Path) -> None:
    sys.path.insert(0, str(REPO))
    os.environ["MOCKINTERVIEW_HOME"] = str(home)
    from tests.appclient import RunningApp

    app = RunningApp(home / "recordings")
    try:
        for path in ("/", "/interview", "/sessions", "/progress", "/static/app.js",
                     "/static/app.css"):
            print(f"  {path:18s} {len(app.request('GET', path).body):7d} bytes")
    finally:
        app.close()


OBSERVE = """(() => {
  window.__t = {};
  const box = document.querySelector('#feedback-box');
  box.hidden = true;
  new MutationObserver((m, o) => { if (!box.hidden) {
    window.__t.shown = performance.now(); o.disconnect(); } })
    .observe(box, {attributes: true});
  document.querySelector(SELECTOR).addEventListener(EVENT,
    () => { window.__t.click = performance.now(); }, {once: true});
})()"""


def finish_to_feedback_spoken(home: Path, runs: int) -> list[float]:
    """Spoken: the answer played into the virtual microphone, then the Finish button."""
    import subprocess

    from playwright.sync_api import sync_playwright

    sys.path.insert(0, str(REPO))
    from tests.appclient import RunningApp
    from tests.conftest import korean_model_path

    os.environ["MOCKINTERVIEW_MODEL"] = str(korean_model_path())
    wav = home / "answer.wav"
    subprocess.run(["espeak-ng", "-v", "en-us", "-w", str(wav), "I am calm and organised, "
                    "and I have five years of experience at a busy clinic reception."],
                   check=True)
    app = RunningApp(home / "recordings")
    out = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            page = browser.new_page()
            page.goto(app.url)
            page.uncheck("#speak")
            page.fill("#questions", str(runs))
            page.select_option("#group", "general")
            page.fill("#think_seconds", "0")
            page.fill("#room_check", "0")
            page.click("text=Start the interview")
            page.wait_for_timeout(3000)
            if page.url != app.origin + "/interview":
                raise SystemExit(page.text_content("#start-error"))
            take = 0  # recordings the page has shown
            for _ in range(runs):
                take += 1
                while page.evaluate("document.querySelector('#listen-box').dataset.takes")\
                        != str(take):
                    page.wait_for_timeout(20)
                subprocess.run(["paplay", "-d", "vmic", str(wav)], check=True)
                page.evaluate(OBSERVE.replace("SELECTOR", "'#finish'")
                              .replace("EVENT", "'click'"))
                page.click("#finish")
                # A story question may get a follow-up first: answer it too, and time the
                # feedback from the Finish press that ends it.
                while not page.evaluate("!document.querySelector('#feedback-box').hidden"):
                    if page.evaluate("document.querySelector('#listen-box').dataset"
                                     f".takes === '{take + 1}'"):
                        take += 1
                        subprocess.run(["paplay", "-d", "vmic", str(wav)], check=True)
                        page.evaluate("document.querySelector('#finish').addEventListener("
                                      "'click', () => { window.__t.click = performance.now();"
                                      " }, {once: true})")
                        page.click("#finish")
                    page.wait_for_timeout(10)
                while page.evaluate("window.__t.shown === undefined"):
                    page.wait_for_timeout(5)
                out.append(page.evaluate("(window.__t.shown - window.__t.click) / 1000"))
                page.wait_for_selector("#continue", state="visible")
                page.click("#continue")
            browser.close()
        from mockinterview.sessions import read_manifest, session_dirs

        for folder in session_dirs(home / "recordings"):
            print("  the engine's own answer end -> feedback (feedback_latency_s):",
                  [q.get("feedback_latency_s") for q in read_manifest(folder)["questions"]])
    finally:
        app.close()
    return out


def finish_to_feedback(home: Path, runs: int) -> list[float]:
    """Click on "Finish my answer" to the feedback visible, measured inside the page."""
    from playwright.sync_api import sync_playwright

    sys.path.insert(0, str(REPO))
    from tests.appclient import RunningApp

    app = RunningApp(home / "recordings")
    out = []
    answer = ("In my last job I booked appointments, answered the phones and kept patient "
              "records up to date, so the clinic ran on time and patients were seen.")
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            page = browser.new_page()
            page.goto(app.url)
            page.check("input[name=mode][value=typed]")
            page.uncheck("#speak")
            page.fill("#questions", str(runs))
            page.fill("#think_seconds", "0")
            page.select_option("#feedback", "after-each")
            page.click("text=Start the interview")
            page.wait_for_url(app.origin + "/interview")
            for _ in range(runs):
                page.wait_for_selector("#type-box", state="visible")
                page.fill("#answer", answer)
                page.evaluate(OBSERVE.replace("SELECTOR", "'#type-form'")
                              .replace("EVENT", "'submit'"))
                page.click("#type-box button[type=submit]")
                page.wait_for_selector("#feedback-box", state="visible")
                while page.evaluate("window.__t.shown === undefined"):
                    page.wait_for_timeout(5)
                out.append(page.evaluate("(window.__t.shown - window.__t.click) / 1000"))
                page.wait_for_selector("#continue", state="visible")
                page.click("#continue")
            browser.close()
    finally:
        app.close()
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--spoken", action="store_true",
                    help="only the spoken Finish -> feedback figure (virtual microphone)")
    args = ap.parse_args()
    if args.spoken:
        with tempfile.TemporaryDirectory() as tmp:
            times = finish_to_feedback_spoken(Path(tmp), args.runs)
        print(f"Finish button -> feedback shown (spoken answer, virtual microphone, Korean "
              f"test model, Chromium): median {statistics.median(times):.3f} s, max "
              f"{max(times):.3f} s ({len(times)} answers: "
              + ", ".join(f"{t:.2f}" for t in times) + ")")
        return
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        starts = [start_to_first_page(home) for _ in range(args.runs)]
        print(f"server start -> address printed: median "
              f"{statistics.median(s[0] for s in starts):.3f} s; -> first page served: median "
              f"{statistics.median(s[1] for s in starts):.3f} s "
              f"(max {max(s[1] for s in starts):.3f} s, {args.runs} runs)")
        print("page sizes:")
        sizes(home)
        times = finish_to_feedback(home, args.runs)
        print(f"Finish button -> feedback shown (typed answer, Chromium): median "
              f"{statistics.median(times):.3f} s, max {max(times):.3f} s ({len(times)} answers)")


if __name__ == "__main__":
    main()

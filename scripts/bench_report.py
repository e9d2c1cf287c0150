"""Report render time for a 10-question session (text and HTML): median, min and max.

A real session folder is built first (eSpeak NG answers of ~100 s, word-timed transcripts,
analyses in the analyser's shape), then each format is rendered from the folder several
times, loading included (what `mockinterview report` does).

    .venv/bin/python scripts/bench_report.py [--runs N]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from mockinterview.bank import load_bank  # noqa: E402
from mockinterview.report import render_report  # noqa: E402
from mockinterview.report.views import load_review  # noqa: E402
from tests.sessionfactory import AnswerSpec, make_session, scripted  # noqa: E402

ANSWER = ("Well um in my last role at a busy clinic the phones rang all morning <pause 1.2> "
          "so I set up a simple call back list and uh I sorted the calls by urgency "
          "and I made sure every patient heard back the same day <pause 1.5> as a result "
          "complaints fell and the doctors had fewer interruptions you know and the team "
          "started using the list for every shift ") * 3


def report_times(runs: int, out=print) -> dict[str, list[float]]:
    """Milliseconds to load and render a 10-question session's report, per format."""
    results: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        questions = load_bank("medical_secretary").questions[:10]
        t0 = time.perf_counter()
        session = make_session(Path(tmp) / "recordings", [
            AnswerSpec(q.id, ANSWER, analysis=scripted(
                star="sar", score=70, covered=(q.talking_points[0].name,),
                missed=tuple(p.name for p in q.talking_points[1:]),
                tips=("Say the result with a number.",),
                star_evidence={"situation": ["in my last role at a busy clinic"],
                               "action": ["I sorted the calls by urgency"],
                               "result": ["complaints fell"]}))
            for q in questions])
        build = time.perf_counter() - t0
        review = load_review(session.folder)
        audio_s = sum(a.length_s or 0 for a in review.answers)
        words = sum(len(a.transcript.words) for a in review.answers if a.transcript)
        out(f"session: 10 answers, {audio_s:.0f} s of audio, {words} words "
            f"(built in {build:.1f} s)")
        for fmt in ("text", "html"):
            times, size = [], 0
            for _ in range(runs):
                t = time.perf_counter()
                size = len(render_report(load_review(session.folder), fmt))
                times.append((time.perf_counter() - t) * 1000)
            results[fmt] = times
            out(f"{fmt:5s} report: median {statistics.median(times):7.1f} ms  "
                f"min {min(times):7.1f} ms  max {max(times):7.1f} ms  "
                f"({runs} runs, {size / 1e6:.2f} MB)")
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="renders per format (default 7)")
    args = parser.parse_args()
    report_times(args.runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())

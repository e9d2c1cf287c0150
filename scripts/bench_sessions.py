"""Session export and import: time and zip size for a 10-question spoken session, and the
hostile session folders and archives (tests/hostile_cases.py) refused, with tracebacks.

A real session folder is built first (eSpeak NG answers of ~100 s each, word-timed
transcripts, analyses in the analyser's shape, as scripts/bench_report.py builds it). Then
`sessions export` and `sessions import` (all checks included) run several times each: the
median, min and max in milliseconds. Then every hostile case runs once through the CLI.

    .venv/bin/python scripts/bench_sessions.py [--runs N]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from mockinterview.archive import export_session, import_archive  # noqa: E402
from mockinterview.bank import load_bank  # noqa: E402
from mockinterview.report.views import load_review  # noqa: E402
from scripts.bench_report import ANSWER  # noqa: E402
from tests.sessionfactory import AnswerSpec, make_session, scripted  # noqa: E402


def spread(times: list[float]) -> str:
    return (f"median {statistics.median(times):.0f} ms (min {min(times):.0f}, "
            f"max {max(times):.0f}, {len(times)} runs)")


def archive_figures(runs: int, out=print) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        questions = load_bank("medical_secretary").questions[:10]
        t0 = time.perf_counter()
        session = make_session(tmp_path / "recordings", [
            AnswerSpec(q.id, ANSWER, analysis=scripted(
                star="sar", score=70, covered=(q.talking_points[0].name,),
                missed=tuple(p.name for p in q.talking_points[1:]),
                tips=("Say the result with a number.",)))
            for q in questions])
        build = time.perf_counter() - t0
        review = load_review(session.folder)
        audio_s = sum(a.length_s or 0 for a in review.answers)
        folder_bytes = sum(p.stat().st_size for p in session.folder.iterdir())
        out(f"session: 10 answers, {audio_s:.0f} s of audio, folder {folder_bytes / 1e6:.1f} MB "
            f"(built in {build:.1f} s)")
        exports, imports, sizes = [], [], {}
        for audio in (True, False):
            for run in range(runs):
                zip_path = tmp_path / f"s-{audio}.zip"
                t = time.perf_counter()
                result = export_session(session.folder, zip_path, audio=audio)
                if audio:
                    exports.append((time.perf_counter() - t) * 1000)
                sizes[audio] = result.size
                if not audio:
                    continue
                into = tmp_path / f"into-{run}"
                t = time.perf_counter()
                import_archive(zip_path, into)
                imports.append((time.perf_counter() - t) * 1000)
                shutil.rmtree(into)
        out(f"export (with audio): {spread(exports)}")
        out(f"import (all checks, unpack, rename): {spread(imports)}")
        out(f"zip size: {sizes[True] / 1e6:.2f} MB with audio, "
            f"{sizes[False] / 1e3:.0f} kB with --no-audio")
        return {"export_ms": statistics.median(exports), "import_ms": statistics.median(imports),
                "zip_bytes": sizes[True], "zip_no_audio_bytes": sizes[False]}


def hostile_figures(out=print) -> dict[str, int]:
    """Run every hostile case through the CLI; count refusals, failures and tracebacks."""
    from tests.hostile_cases import CASES, run_case

    failed, tracebacks = [], 0
    kinds = {"archive": 0, "folder": 0}
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["MOCKINTERVIEW_HOME"] = str(Path(tmp) / "home")
        os.environ["MOCKINTERVIEW_SETTINGS"] = str(Path(tmp) / "no-settings.toml")
        (Path(tmp) / "no-settings.toml").write_text("")
        for n, case in enumerate(CASES):
            outcome = run_case(case, Path(tmp) / f"case{n}")
            kinds[case.kind] += 1
            tracebacks += outcome.traceback is not None
            if outcome.problems:
                failed.append(f"{case.name}: {outcome.problems}")
    out(f"hostile cases: {len(CASES)} ({kinds['archive']} archives, {kinds['folder']} "
        f"session folders); handled as expected: {len(CASES) - len(failed)}; "
        f"tracebacks: {tracebacks}")
    for line in failed:
        out(f"  NOT HANDLED: {line}")
    return {"cases": len(CASES), "failed": len(failed), "tracebacks": tracebacks}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs of export and import")
    args = parser.parse_args()
    archive_figures(args.runs)
    figures = hostile_figures()
    return 1 if figures["failed"] or figures["tracebacks"] else 0


if __name__ == "__main__":
    sys.exit(main())

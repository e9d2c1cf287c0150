#!/usr/bin/env python3
"""Figures for the analyser: accuracy on the labelled answers and analysis time.

Usage: .venv/bin/python scripts/bench_analysis.py [--runs N] [--mistakes]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from mockinterview.analysis import analyse_answer  # noqa: E402
from mockinterview.analysis.evaluation import STAR_ELEMENTS, evaluate, load_labelled  # noqa: E402
from mockinterview.bank import load_bank  # noqa: E402
from mockinterview.transcript import Transcript, Word  # noqa: E402


def accuracy(path: Path, show_mistakes: bool) -> None:
    answers = load_labelled(path)
    acc = evaluate(answers)
    gold = acc.discourse_tp + acc.discourse_fn
    print(f"Labelled set: {path.relative_to(REPO)} ({acc.answers} answers, "
          f"{len({a.role for a in answers})} roles, {gold} labelled discourse fillers, "
          f"{sum(a.filled_pauses for a in answers)} filled pauses)")
    print(f"  filled pauses, exact count per answer: {acc.filled_exact_rate:.3f} "
          f"({acc.filled_exact}/{acc.answers})")
    print(f"  discourse fillers: precision {acc.precision:.3f}  recall {acc.recall:.3f}  "
          f"F1 {acc.f1:.3f}  (tp {acc.discourse_tp}, fp {acc.discourse_fp}, "
          f"fn {acc.discourse_fn})")
    print("  STAR accuracy: " + "  ".join(f"{e} {acc.star_accuracy(e):.3f}"
                                        for e in STAR_ELEMENTS))
    print(f"  hypothetical flag: {acc.hypothetical_found} of {acc.hypothetical_true} found, "
          f"{acc.hypothetical_false_alarms} false alarms; we-only flag: {acc.we_only_found} of "
          f"{acc.we_only_true} found, {acc.we_only_false_alarms} false alarms")
    if show_mistakes:
        for line in acc.mistakes:
            print("    " + line)


def analysis_times(runs: int) -> dict[str, list[float]]:
    """Milliseconds per analysis of a 300-word answer, as text and as timed words."""
    rng = random.Random(5)
    answers = load_labelled(REPO / "tests/data/labelled_answers.toml")
    pool = [w for a in answers for w in a.text.lower().split()]
    text_words = [rng.choice(pool) for _ in range(300)]
    t, words = 0.0, []
    for w in text_words:
        t += rng.uniform(0.05, 0.25)
        words.append(Word(w, round(t, 3), round(t + 0.3, 3), 0.9))
        t += 0.3
    question = load_bank("medical_secretary").get("communication-issue")
    results: dict[str, list[float]] = {}
    for label, transcript in (("text", Transcript.from_text(" ".join(text_words))),
                              ("timed words", Transcript(tuple(words), " ".join(text_words),
                                                         t + 1))):
        analyse_answer(transcript, question)  # warm up (regex compilation)
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            analyse_answer(transcript, question)
            times.append((time.perf_counter() - start) * 1000)
        results[label] = times
    return results


def timing(runs: int) -> None:
    for label, times in analysis_times(runs).items():
        print(f"Analysis time, 300-word answer ({label}, with a question), {runs} runs: "
              f"median {statistics.median(times):.2f} ms, min {min(times):.2f} ms, "
              f"max {max(times):.2f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=300, help="timing runs (default 300)")
    parser.add_argument("--mistakes", action="store_true", help="list every disagreement")
    parser.add_argument("--data", type=Path, action="append",
                        help="labelled TOML file(s) (default: tests/data/*_answers.toml)")
    args = parser.parse_args()
    files = args.data or sorted((REPO / "tests/data").glob("*_answers.toml"))
    for f in files:
        accuracy(f.resolve(), args.mistakes)
    timing(args.runs)


if __name__ == "__main__":
    main()

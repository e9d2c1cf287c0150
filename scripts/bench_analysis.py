#!/usr/bin/env python3
"""Figures for the analyser: accuracy on the labelled answers, on the development set by
others (held-out part, development part, whole set) and analysis time.

Usage: .venv/bin/python scripts/bench_analysis.py [--runs N] [--mistakes]
`--mistakes` lists disagreements on the project's own labelled set and on the development part
of the development set only: held-out answers are measured, never inspected for tuning.
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
from mockinterview.analysis.devset import (  # noqa: E402
    as_recognised, evaluate_devset, load_devset)
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


def devset_figures(show_mistakes: bool, dev_only: bool = False) -> None:
    path = REPO / "tests/data/devset/devset.toml"
    items = load_devset(path)
    held = [i for i in items if i.split == "heldout"]
    parts = [("held-out part", held)]
    # A later batch's held-out part on its own: rules were never tuned with it in view.
    parts += [(f"held-out part of batch {b}", [i for i in held if i.batch == b])
              for b in sorted({i.batch for i in items} - {1})]
    parts += [("development part", [i for i in items if i.split == "dev"]),
              ("whole development set", items)]
    if dev_only:
        parts = [p for p in parts if p[0] == "development part"]
    for label, part in parts:
        acc = evaluate_devset(part)
        accs = {e: acc.star_accuracy(e) for e in STAR_ELEMENTS}
        worst = min(accs, key=accs.get) if acc.answers else STAR_ELEMENTS[0]
        print(f"Development set by others, {label}: {acc.answers} answers"
              + (f" ({acc.skipped} without their text: run scripts/fetch_devset.py)"
                 if acc.skipped else ""))
        if not acc.answers:
            continue
        print("  STAR accuracy: " + "  ".join(f"{e} {v:.3f}" for e, v in accs.items())
              + f"  mean {sum(accs.values()) / len(accs):.3f}  worst {worst} {accs[worst]:.3f}")
        print("  STAR recall on labelled elements: " + "  ".join(
            f"{e} {acc.star_recall(e):.3f} ({acc.star_true[e]})" for e in STAR_ELEMENTS))
        p, r, f = acc.prf()
        print(f"  discourse fillers, all markers: precision {p:.3f}  recall {r:.3f}  F1 {f:.3f}")
        for m in acc.markers():
            p, r, f = acc.prf(m)
            print(f"    {m:10} P {p:.3f}  R {r:.3f}  F1 {f:.3f}  (tp {acc.tp[m]}, fp {acc.fp[m]}, "
                  f"fn {acc.fn[m]})")
        flags = acc.flags
        print("  " + "; ".join(
            f"{flag.replace('_', '-')} flag: {flags[flag + ' found']} of "
            f"{flags[flag + ' labelled']} found, {flags[flag + ' false alarms']} false alarms"
            for flag in ("hypothetical", "we_only")))
        print(f"  evidence precision: {acc.evidence_precision:.3f} ({acc.quotes_shown} of "
              f"{acc.quotes} quotes show their element; " + ", ".join(
                  f"{k} {acc.shown_by_element[k]}/{n}" for k, n in
                  sorted(acc.quotes_by_element.items())) + ")")
        spoken = evaluate_devset([as_recognised(i) for i in part])
        saccs = {e: spoken.star_accuracy(e) for e in STAR_ELEMENTS}
        print("  as a recogniser gives it (lower case, no punctuation): STAR " + "  ".join(
            f"{e} {v:.3f}" for e, v in saccs.items()) + f"  mean {sum(saccs.values()) / 4:.3f}; "
            f"evidence precision {spoken.evidence_precision:.3f}; discourse fillers F1 "
            f"{spoken.prf()[2]:.3f}")
        if show_mistakes and label == "development part":
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
    parser.add_argument("--dev-only", action="store_true",
                        help="development part only (while changing rules: the held-out "
                             "part is not looked at)")
    parser.add_argument("--data", type=Path, action="append",
                        help="labelled TOML file(s) (default: tests/data/*_answers.toml)")
    args = parser.parse_args()
    files = args.data or sorted((REPO / "tests/data").glob("*_answers.toml"))
    for f in files:
        # The project's own held-out answers are never inspected either.
        accuracy(f.resolve(), args.mistakes and not f.name.startswith("heldout"))
    devset_figures(args.mistakes, args.dev_only)
    timing(args.runs)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Would a model learned from the labels beat the rules? A feasibility check, not the analyser.

For each STAR element, a logistic regression is trained on the development part of the
development set (tests/data/devset/devset.toml, texts from the local cache) and measured once
on the held-out part. Its features are the rules' own findings (element found, quotes, steps,
hypothetical and we-only flags, length) and, in the second model, which words and word pairs
the answer contains (those in at least four development answers). The regularisation strength
is chosen by five-fold cross-validation on the development part only. The rules' own held-out
accuracy is printed beside it.

It answers one question for issue 13: is the gap to the goals the rules' (a learned model on
the same labels would close it) or the data's (it would not)? It prints figures only.

Usage: .venv/bin/python scripts/learned_baseline.py
"""

from __future__ import annotations

import argparse
import math
import sys
from collections import Counter
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from mockinterview.analysis.analyse import analyse_answer  # noqa: E402
from mockinterview.analysis.devset import WORD_RE, DevItem, load_devset  # noqa: E402
from mockinterview.lexicon import STAR_ELEMENTS  # noqa: E402
from mockinterview.transcript import Transcript  # noqa: E402

DEVSET = REPO / "tests/data/devset/devset.toml"
STRENGTHS = (0.001, 0.01, 0.03, 0.1, 0.3)  # L2 penalties tried in cross-validation
MIN_ANSWERS = 4  # a word feature must occur in this many development answers


def rule_features(item: DevItem) -> dict[str, float]:
    star = analyse_answer(Transcript.from_text(item.text)).measures.star
    f = {f"found {e}": float(star.present[e]) for e in STAR_ELEMENTS}
    f.update({f"quotes {e}": len(star.evidence.get(e, ())) / 3 for e in STAR_ELEMENTS})
    f.update({"i steps": min(star.i_actions, 5) / 5, "we steps": min(star.we_actions, 5) / 5,
              "hypothetical": float(star.hypothetical), "we only": float(star.we_only),
              "length": math.log(len(WORD_RE.findall(item.text)) + 1) / 6})
    return f


def word_features(item: DevItem) -> set[str]:
    words = [w.lower() for w in WORD_RE.findall(item.text)]
    return set(words) | {f"{a} {b}" for a, b in zip(words, words[1:])}


def fit(x: np.ndarray, y: np.ndarray, penalty: float, steps: int = 3000) -> np.ndarray:
    """Logistic regression weights (bias last) by gradient descent with an L2 penalty."""
    x = np.hstack([x, np.ones((len(x), 1))])
    w = np.zeros(x.shape[1])
    for _ in range(steps):
        p = 1 / (1 + np.exp(-x @ w))
        w -= 0.5 * (x.T @ (p - y) / len(y) + penalty * np.r_[w[:-1], 0.0])
    return w


def predict(w: np.ndarray, x: np.ndarray) -> np.ndarray:
    return np.hstack([x, np.ones((len(x), 1))]) @ w > 0


def chosen_penalty(x: np.ndarray, y: np.ndarray, folds: np.ndarray) -> float:
    """The penalty with the best five-fold cross-validated accuracy (development part only)."""
    def cv(penalty: float) -> float:
        return float(np.mean([np.mean(predict(fit(x[folds != k], y[folds != k], penalty),
                                              x[folds == k]) == y[folds == k])
                              for k in range(5)]))
    return max(STRENGTHS, key=cv)


def main() -> None:
    argparse.ArgumentParser(description=__doc__.splitlines()[0]).parse_args()
    items = [i for i in load_devset(DEVSET) if i.text is not None]
    dev = [i for i in items if i.split == "dev"]
    held = [i for i in items if i.split == "heldout"]
    if len(dev) < 50 or len(held) < 20:
        raise SystemExit(f"only {len(dev)} development and {len(held)} held-out texts are in the "
                         "local cache: run scripts/fetch_devset.py first")
    print(f"Analysing {len(items)} answers ...", flush=True)
    rules = {i.id: rule_features(i) for i in items}
    words = {i.id: word_features(i) for i in items}
    counts = Counter(g for i in dev for g in words[i.id])
    vocab = sorted(g for g, n in counts.items() if n >= MIN_ANSWERS)
    names = sorted(rules[items[0].id])

    def matrix(part: list[DevItem], with_words: bool) -> np.ndarray:
        return np.array([[rules[i.id][n] for n in names] +
                         ([float(g in words[i.id]) for g in vocab] if with_words else [])
                         for i in part])

    folds = np.random.default_rng(0).permutation(len(dev)) % 5
    truth = {e: np.array([i.star[e] for i in held]) for e in STAR_ELEMENTS}
    by_rules = {e: float(np.mean(np.array([rules[i.id][f"found {e}"] for i in held]) == truth[e]))
                for e in STAR_ELEMENTS}
    print(f"Held-out part ({len(held)} answers), trained on the development part ({len(dev)}):")
    print("  the rules:              " + " ".join(f"{e[0].upper()} {by_rules[e]:.3f}"
                                               for e in STAR_ELEMENTS) +
          f"  mean {np.mean(list(by_rules.values())):.3f}")
    for label, with_words in (("learned, rule findings", False),
                              (f"learned, + {len(vocab)} words", True)):
        xd, xh = matrix(dev, with_words), matrix(held, with_words)
        acc = {}
        for e in STAR_ELEMENTS:
            yd = np.array([i.star[e] for i in dev], float)
            w = fit(xd, yd, chosen_penalty(xd, yd, folds))
            acc[e] = float(np.mean(predict(w, xh) == truth[e]))
        print(f"  {label + ':':24}" + " ".join(f"{e[0].upper()} {acc[e]:.3f}"
                                                for e in STAR_ELEMENTS) +
              f"  mean {np.mean(list(acc.values())):.3f}", flush=True)


if __name__ == "__main__":
    main()

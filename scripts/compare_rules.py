#!/usr/bin/env python3
"""Compare the analyser's rules at an earlier git revision with the rules in this checkout,
on the development set's parts (figures only: no disagreement is printed).

The labels and texts are always the current ones (tests/data/devset/devset.toml and the local
cache), so a batch added after REV can be measured with the rules from before it: that tells
whether rule changes carry over to material they were not drawn from.

Usage: .venv/bin/python scripts/compare_rules.py REV [--split heldout|dev|all]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

# Run inside the checkout whose rules are measured (its path first on sys.path).
_MEASURE = r"""
import json, sys
sys.path.insert(0, sys.argv[1])
from pathlib import Path
from mockinterview.analysis.devset import evaluate_devset, load_devset
from mockinterview.tomlcompat import tomllib
labels, cache, split = Path(sys.argv[2]), Path(sys.argv[3]), sys.argv[4]
batch = {it["id"]: it.get("batch", 1) for it in tomllib.loads(labels.read_text())["item"]}
items = [i for i in load_devset(labels, cache) if split == "all" or i.split == split]
out = {}
for b in sorted({batch[i.id] for i in items}) + ["all"]:
    acc = evaluate_devset([i for i in items if b == "all" or batch[i.id] == b])
    star = {e: acc.star_accuracy(e) for e in ("situation", "task", "action", "result")}
    out[str(b)] = {"answers": acc.answers, "star": star, "evidence": acc.evidence_precision,
                   "fillers_f1": acc.prf()[2]}
print(json.dumps(out))
"""


def measure(code: Path, split: str) -> dict:
    from mockinterview.analysis.devset import CACHE_DEFAULT

    run = subprocess.run(
        [sys.executable, "-c", _MEASURE, str(code), str(REPO / "tests/data/devset/devset.toml"),
         str(CACHE_DEFAULT), split], capture_output=True, text=True, timeout=600)
    if run.returncode:
        raise SystemExit(f"measuring the rules in {code} failed:\n{run.stderr[-2000:]}")
    return json.loads(run.stdout)


def line(name: str, fig: dict) -> str:
    star = fig["star"]
    mean = sum(star.values()) / len(star)
    return (f"  {name:12} ({fig['answers']:3}): " + " ".join(
        f"{e[0].upper()} {v:.3f}" for e, v in star.items()) +
        f"  mean {mean:.3f}  evidence {fig['evidence']:.3f}  fillers F1 {fig['fillers_f1']:.3f}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("rev", help="the git revision whose rules are compared (e.g. a commit)")
    ap.add_argument("--split", choices=("heldout", "dev", "all"), default="heldout",
                    help="which part of the development set (default: %(default)s)")
    args = ap.parse_args()
    sys.path.insert(0, str(REPO))
    with tempfile.TemporaryDirectory() as tmp:
        tree = Path(tmp) / "rules"
        add = subprocess.run(["git", "-C", str(REPO), "worktree", "add", "--detach", "-q",
                              str(tree), args.rev], capture_output=True, text=True)
        if add.returncode:
            raise SystemExit(f"cannot check out {args.rev}: {add.stderr.strip()}")
        try:
            before = measure(tree, args.split)
        finally:
            subprocess.run(["git", "-C", str(REPO), "worktree", "remove", "--force",
                            str(tree)], capture_output=True)
    now = measure(REPO, args.split)
    print(f"Development set, {args.split} part, rules at {args.rev} -> rules in this checkout")
    for batch in now:
        name = "all batches" if batch == "all" else f"batch {batch}"
        if batch in before:
            print(line(name, before[batch]) + f"   ({args.rev})")
        print(line(name, now[batch]) + "   (now)")


if __name__ == "__main__":
    main()

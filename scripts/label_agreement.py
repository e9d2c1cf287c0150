#!/usr/bin/env python3
"""How far two labellers agree on the development set: the ceiling any analyser can reach.

A second labeller labels a sample of items without seeing the first labels, in the same
inline markup as the working files (scripts/devset_labels.py). Their labels are stored as
positions only, no text (tests/data/devset/second_labels.toml), and compared here with the
first labels: per STAR element the share of items on which both agree and Cohen's kappa, for
fillers precision, recall and F1 of one labeller against the other.

Usage: .venv/bin/python scripts/label_agreement.py
       .venv/bin/python scripts/label_agreement.py --from-work WORK.toml   (store a new sample)
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "scripts"))

from devset_labels import parse_markup  # noqa: E402
from mockinterview.analysis.devset import MARKERS, normalise_text  # noqa: E402
from mockinterview.tomlcompat import tomllib  # noqa: E402

DEVSET = REPO / "tests/data/devset/devset.toml"
SECOND = REPO / "tests/data/devset/second_labels.toml"
ELEMENTS = {"S": "situation", "T": "task", "A": "action", "R": "result"}


def kappa(pairs: list[tuple[bool, bool]]) -> float:
    """Cohen's kappa of two yes/no labellings (1 agreement beyond chance, 0 chance)."""
    n = len(pairs)
    observed = sum(a == b for a, b in pairs) / n
    p1, p2 = sum(a for a, _ in pairs) / n, sum(b for _, b in pairs) / n
    chance = p1 * p2 + (1 - p1) * (1 - p2)
    return 1.0 if chance == 1 else (observed - chance) / (1 - chance)


def store_sample(work: Path, out: Path) -> None:
    """Positions of a second labeller's markup, checked against the first labels' hashes."""
    first = {it["id"]: it for it in tomllib.loads(DEVSET.read_text(encoding="utf-8"))["item"]}
    lines = ["# Second labels of a sample of the development set, by a labeller who did not see",
             "# the first ones (scripts/label_agreement.py). Positions only: word indexes as in",
             "# devset.toml.", ""]
    work_items = tomllib.loads(work.read_text(encoding="utf-8"))["item"]
    for it in work_items:
        plain, fillers, spans = parse_markup(it["text"])
        plain = normalise_text(plain)
        if it["id"] not in first or \
                hashlib.sha256(plain.encode()).hexdigest() != first[it["id"]]["sha256"]:
            raise SystemExit(f"{it['id']}: not the labelled text of that item")
        lines += ["[[item]]", f"id = {json.dumps(it['id'])}",
                  f"star = {json.dumps(''.join(e for e in 'STAR' if e in spans))}",
                  f"hypothetical = {json.dumps(bool(it.get('hypothetical')))}",
                  f"we_only = {json.dumps(bool(it.get('we_only')))}",
                  "fillers = " + json.dumps([[a, m] for a, m in fillers]), ""]
    out.write_text("\n".join(lines), encoding="utf-8")
    print(f"stored {len(work_items)} items -> {out}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--from-work", type=Path, metavar="WORK",
                    help="store a second labeller's working file as positions first")
    ap.add_argument("--second", type=Path, default=SECOND,
                    help="the second labels (default: %(default)s)")
    args = ap.parse_args()
    given = args.from_work or args.second
    if not given.is_file():
        ap.error(f"{given} is not a file")
    if args.from_work:
        store_sample(args.from_work, args.second)
    first = {it["id"]: it for it in tomllib.loads(DEVSET.read_text(encoding="utf-8"))["item"]}
    second = tomllib.loads(args.second.read_text(encoding="utf-8"))["item"]
    unknown = [s["id"] for s in second if s["id"] not in first]
    if unknown:
        raise SystemExit(f"{args.second}: not in {DEVSET.name}: {', '.join(unknown)}")
    print(f"Two labellers on {len(second)} items of the development set "
          f"({sum(first[s['id']]['words'] for s in second)} words):")
    for letter, name in ELEMENTS.items():
        pairs = [(letter in first[s["id"]]["star"], letter in s["star"]) for s in second]
        agree = sum(a == b for a, b in pairs) / len(pairs)
        print(f"  {name:10} agreement {agree:.3f}  kappa {kappa(pairs):.2f}  "
              f"(present: first {sum(a for a, _ in pairs)}, second {sum(b for _, b in pairs)})")
    for flag in ("hypothetical", "we_only"):
        pairs = [(bool(first[s["id"]].get(flag)), bool(s[flag])) for s in second]
        print(f"  {flag:12} agreement {sum(a == b for a, b in pairs) / len(pairs):.3f}")
    a_set = {(s["id"], int(i), MARKERS[m]) for s in second for i, m in first[s["id"]]["fillers"]}
    b_set = {(s["id"], int(i), MARKERS[m]) for s in second for i, m in s["fillers"]}
    both = len(a_set & b_set)
    p = both / len(b_set) if b_set else 1.0
    r = both / len(a_set) if a_set else 1.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    print(f"  discourse fillers: second against first P {p:.3f} R {r:.3f} F1 {f1:.3f} "
          f"(first {len(a_set)}, second {len(b_set)}, both {both})")


if __name__ == "__main__":
    main()

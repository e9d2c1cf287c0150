"""Start-up time of the command line against a yardstick: `python -c "import argparse, rich"`.

Prints the median (and min-max) wall time of several runs of each command in a fresh
process, and its ratio to the yardstick. Issue 12 asks for `--help` and the light commands
within 2.5 times the yardstick.

    .venv/bin/python scripts/bench_startup.py [--runs 15]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
YARDSTICK = [sys.executable, "-c", "import argparse, rich"]
COMMANDS = [
    ["--help"],
    ["--version"],
    ["questions"],
    ["banks"],
    ["sessions"],
    ["model", "list"],
    ["history"],
    ["report", "--help"],
    ["practice", "--help"],
]
LIMIT = 2.5


def timed(argv: list[str], env: dict[str, str]) -> float:
    t0 = time.perf_counter()
    subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env,
                   check=False)
    return time.perf_counter() - t0


def measure(argv: list[str], runs: int, env: dict[str, str]) -> tuple[float, float, float]:
    timed(argv, env)  # warm the file cache
    times = [timed(argv, env) for _ in range(runs)]
    return statistics.median(times), min(times), max(times)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=15, help="runs per command (default 15)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "PYTHONPATH": str(REPO), "MOCKINTERVIEW_HOME": home}
        base, lo, hi = measure(YARDSTICK, args.runs, env)
        print(f"yardstick  python -c 'import argparse, rich': {base * 1000:6.1f} ms "
              f"(min {lo * 1000:.1f}, max {hi * 1000:.1f}; median of {args.runs})")
        for cmd in COMMANDS:
            med, lo, hi = measure([sys.executable, "-m", "mockinterview", *cmd], args.runs, env)
            ratio = med / base
            print(f"mockinterview {' '.join(cmd):<20} {med * 1000:6.1f} ms "
                  f"(min {lo * 1000:.1f}, max {hi * 1000:.1f})  {ratio:4.2f} x yardstick")
    print(f"limit: {LIMIT} x yardstick")
    return 0


if __name__ == "__main__":
    sys.exit(main())

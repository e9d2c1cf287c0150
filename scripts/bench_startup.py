"""Start-up time of the command line against a yardstick: `python -c "import argparse, rich"`.

Prints the median (and min-max) wall time of several runs of each command in a fresh
process, and its ratio to the yardstick: of the medians, and of the minimums (the steadier
figure on a machine shared with other work). Issue 12 asks for `--help` and the light commands
within 2.5 times the yardstick.

Bytecode is cached (in a temporary folder, written by the warm-up run) as in an installed
copy, even when PYTHONDONTWRITEBYTECODE is set: otherwise every run compiles the package
from source, which no user waits for twice. `--no-bytecode` measures that case instead.

    .venv/bin/python scripts/bench_startup.py [--runs 15] [--no-bytecode]
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
    # From the repository: `python -m` puts the current folder first on sys.path, so run
    # elsewhere it would time whichever mockinterview that folder holds.
    subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env,
                   cwd=REPO, check=False)
    return time.perf_counter() - t0


def measure(commands: list[list[str]], runs: int, env: dict[str, str]) -> list[list[float]]:
    """Wall times of each command, `runs` rounds. Each round runs every command once, so a
    burst of load from other processes falls on the yardstick as much as on the commands."""
    for argv in commands:
        timed(argv, env)  # warm the file cache (and write the bytecode cache)
    times: list[list[float]] = [[] for _ in commands]
    for _ in range(runs):
        for i, argv in enumerate(commands):
            times[i].append(timed(argv, env))
    return times


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=15, help="runs per command (default 15)")
    ap.add_argument("--no-bytecode", action="store_true",
                    help="compile from source on every run (PYTHONDONTWRITEBYTECODE=1)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as home, tempfile.TemporaryDirectory() as pycache:
        env = {**os.environ, "PYTHONPATH": str(REPO), "MOCKINTERVIEW_HOME": home}
        if args.no_bytecode:
            env["PYTHONDONTWRITEBYTECODE"] = "1"
        else:
            env.pop("PYTHONDONTWRITEBYTECODE", None)
            env["PYTHONPYCACHEPREFIX"] = pycache  # not into the checkout
        argvs = [YARDSTICK] + [[sys.executable, "-m", "mockinterview", *c] for c in COMMANDS]
        base, *rest = measure(argvs, args.runs, env)
    med0, min0 = statistics.median(base), min(base)
    print(f"yardstick  python -c 'import argparse, rich': {med0 * 1000:6.1f} ms "
          f"(min {min0 * 1000:.1f}, max {max(base) * 1000:.1f}; median of {args.runs}; "
          f"bytecode {'compiled every run' if args.no_bytecode else 'cached'})")
    for cmd, times in zip(COMMANDS, rest):
        med, lo = statistics.median(times), min(times)
        print(f"mockinterview {' '.join(cmd):<20} {med * 1000:6.1f} ms "
              f"(min {lo * 1000:.1f}, max {max(times) * 1000:.1f})  {med / med0:4.2f} x "
              f"yardstick (min/min {lo / min0:4.2f})")
    print(f"limit: {LIMIT} x yardstick")
    return 0


if __name__ == "__main__":
    sys.exit(main())

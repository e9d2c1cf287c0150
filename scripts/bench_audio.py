#!/usr/bin/env python3
"""Figures for speech in and out, measured on the real devices (the virtual microphone when
no PulseAudio is running yet):

  1. time to render a 25-word question with pyttsx3/eSpeak NG (not cached);
  2. time from the end of question playback to the first recorded block (goal < 50 ms);
  3. dropped frames over a long recording with both cores loaded (goal 0).

    .venv/bin/python scripts/bench_audio.py                 # the full 10-minute recording
    .venv/bin/python scripts/bench_audio.py --minutes 0.5   # a quick run
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
sys.path.insert(0, str(REPO))

QUESTION = ("Tell me about a time you dealt with an upset patient on the phone, what "
            "you said to calm them, and how the call ended.")


def start_virtual_mic() -> bool:
    """Start scripts/virtual_mic.sh unless a PulseAudio server is already configured; it must
    run before sounddevice is imported. Returns whether this script started it."""
    if os.environ.get("PULSE_SERVER"):
        return False
    out = subprocess.run(["bash", str(REPO / "scripts" / "virtual_mic.sh"), "start"],
                         capture_output=True, text=True, check=True).stdout
    for line in out.splitlines():
        if line.startswith("export ") and "=" in line:
            key, value = line[len("export "):].split("=", 1)
            os.environ[key] = value
    return True


def burn() -> None:
    """Keep one core busy (run in a child process)."""
    x = 0
    while True:
        x = (x * 31 + 7) % 1000003


def render_times(repeats: int) -> tuple[list[float], float]:
    """Seconds to render QUESTION with a fresh cache `repeats` times (the first includes the
    engine start), and the time of a cached render."""
    from mockinterview.speech.tts import Speaker

    assert len(QUESTION.split()) == 25
    with tempfile.TemporaryDirectory() as tmp:
        times = []
        for i in range(repeats):
            speaker = Speaker(rate=170, cache_dir=Path(tmp) / str(i))
            start = time.perf_counter()
            speaker.render(QUESTION)
            times.append(time.perf_counter() - start)
        start = time.perf_counter()
        speaker.render(QUESTION)
        cached = time.perf_counter() - start
    return times, cached


def bench_render(repeats: int) -> None:
    times, cached = render_times(repeats)
    print(f"render 25-word question: first {times[0] * 1000:.0f} ms (engine start included), "
          f"then median {statistics.median(times[1:]) * 1000:.0f} ms, "
          f"max {max(times[1:]) * 1000:.0f} ms over {repeats - 1}; cached {cached * 1e6:.0f} us")


def latency_times(repeats: int) -> list[float]:
    """Seconds from the end of question playback to the first recorded block."""
    from mockinterview.audio.microphone import Recorder, microphone_source
    from mockinterview.settings import AudioSettings
    from mockinterview.speech.tts import Speaker

    settings = AudioSettings()
    recorder = Recorder(microphone_source(None, settings), settings)
    latencies = []
    with tempfile.TemporaryDirectory() as tmp:
        speaker = Speaker(rate=260, cache_dir=Path(tmp))
        for i in range(repeats):
            speaker.speak("Next question.")
            record_start = time.monotonic()
            result = recorder.record(Path(tmp) / f"{i}.wav", max_s=0.1, silence_stop_s=0,
                                     no_answer_s=0)
            latencies.append(record_start - speaker.last_playback_end
                             + result.first_block_latency_s)
    return latencies


def bench_latency(repeats: int) -> None:
    ms = sorted(x * 1000 for x in latency_times(repeats))
    print(f"end of question playback -> first recorded block: median {statistics.median(ms):.1f}"
          f" ms, min {ms[0]:.1f}, max {ms[-1]:.1f} over {repeats} (goal < 50 ms)")


def long_recording(minutes: float, burners: int | None = None) -> dict:
    """Record `minutes` from the microphone with `burners` busy processes (default: one per
    core) and a listener doing real work; the figures as a dict."""
    import multiprocessing

    from mockinterview.audio.microphone import Recorder, microphone_source
    from mockinterview.audio.vad import frame_dbfs
    from mockinterview.settings import AudioSettings

    settings = AudioSettings()
    recorder = Recorder(microphone_source(None, settings), settings)
    burners = [multiprocessing.Process(target=burn, daemon=True)
               for _ in range(os.cpu_count() or 2 if burners is None else burners)]
    for p in burners:
        p.start()
    levels = []
    try:
        with tempfile.TemporaryDirectory() as tmp:
            start = time.monotonic()
            # A listener doing real work, as the level meter and recogniser will.
            result = recorder.record(Path(tmp) / "long.wav", max_s=minutes * 60,
                                     silence_stop_s=0, no_answer_s=0,
                                     listeners=[lambda b: levels.append(frame_dbfs(b))])
            wall = time.monotonic() - start
    finally:
        for p in burners:
            p.terminate()
    return {"minutes": minutes, "burners": len(burners),
            "dropped_frames": result.dropped_frames, "overflows": result.overflows,
            "expected_frames": round(minutes * 60 * settings.sample_rate),
            "recorded_frames": round(result.duration_s * settings.sample_rate),
            "blocks": len(levels), "wall_s": wall, "stop_reason": result.stop_reason}


def bench_long_recording(minutes: float, burners: int | None = None) -> None:
    r = long_recording(minutes, burners)
    print(f"{minutes:g}-minute recording with {r['burners']} cores loaded: "
          f"{r['dropped_frames']} dropped frames, {r['overflows']} input overflows, "
          f"{r['recorded_frames']}/{r['expected_frames']} frames in the WAV, "
          f"{r['blocks']} blocks, took {r['wall_s']:.1f} s wall clock "
          f"(stop: {r['stop_reason']})")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--minutes", type=float, default=10.0,
                        help="length of the loaded recording (default 10)")
    parser.add_argument("--repeats", type=int, default=10,
                        help="repeats for the render and latency figures (default 10)")
    parser.add_argument("--skip-long", action="store_true", help="skip the long recording")
    parser.add_argument("--burners", type=int,
                        help="busy processes during the long recording (default: one per core)")
    args = parser.parse_args()
    started = start_virtual_mic()
    try:
        bench_render(max(2, args.repeats))
        bench_latency(args.repeats)
        if not args.skip_long:
            bench_long_recording(args.minutes, args.burners)
    finally:
        if started:
            subprocess.run(["bash", str(REPO / "scripts" / "virtual_mic.sh"), "stop"])
    return 0


if __name__ == "__main__":
    sys.exit(main())

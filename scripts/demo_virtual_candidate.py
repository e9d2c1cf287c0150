"""A spoken mock interview with a synthetic candidate, on the PulseAudio virtual microphone.

Starts `mockinterview practice` (questions spoken to the `speaker` sink), and whenever the
interview starts listening, speaks the next eSpeak NG answer into `vmic`, exactly as a person
at the microphone would. Prints the session's summary and each answer's end-to-feedback time.

    eval "$(bash scripts/virtual_mic.sh start)"
    .venv/bin/python scripts/demo_virtual_candidate.py --model PATH [--seed 1]

Without an English model (e.g. the Korean test model) the words come back wrong; the flow,
the audio and the timings are real.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from mockinterview.sessions import read_manifest, session_dirs

ANSWERS = [
    "I have worked as a medical secretary for five years in a busy family clinic, and I love "
    "helping anxious patients feel welcome when they arrive.",
    "I keep patient details confidential, share them only with staff who need to know, lock "
    "my screen, and I would report any breach to the privacy officer.",
    "Every morning I check the schedule and the messages, then I prepare the files for the "
    "first patients before the doors open.",
    "Last winter our waiting room was full and two colleagues were off sick. I sorted the "
    "patients by urgency and kept everyone informed about the wait.",
    "In the end every patient was seen that day and nobody complained.",
    "I keep my files in folders by date and scan paper letters straight away.",
]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--model", required=True, help="Vosk model folder")
    parser.add_argument("--seed", type=int, default=1, help="question set seed")
    parser.add_argument("--questions", type=int, default=5, help="number of questions")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="mockinterview-demo-"))
    wavs = []
    for i, text in enumerate(ANSWERS):
        wav = work / f"answer{i}.wav"
        subprocess.run(["espeak-ng", "-v", "en-us", "-w", str(wav), text], check=True)
        wavs.append(wav)
    rec = work / "recordings"
    done = threading.Event()
    spoken: set[tuple[int, str]] = set()

    def candidate() -> None:
        while not done.is_set():
            for folder in session_dirs(rec):
                for q in (read_manifest(folder) or {}).get("questions", []):
                    key = (q["index"], q.get("phase") or "")
                    if q.get("status") == "recording" and key not in spoken:
                        spoken.add(key)
                        time.sleep(0.4)
                        subprocess.run(["paplay", "-d", "vmic",
                                        str(wavs[len(spoken) - 1] if len(spoken) <= len(wavs)
                                            else wavs[-1])], check=True)
            time.sleep(0.05)

    threading.Thread(target=candidate, daemon=True).start()
    result = subprocess.run(
        [sys.executable, "-m", "mockinterview", "practice", "--model", args.model,
         "--seed", str(args.seed), "--questions", str(args.questions), "--think-seconds", "1",
         "--silence-stop", "2", "--recordings", str(rec)],
        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, text=True)
    done.set()
    print(result.stdout)
    for folder in session_dirs(rec):
        for q in json.loads((folder / "session.json").read_text())["questions"]:
            print(f"q{q['index']} {q['id']}: {q.get('duration_s')} s answer, stopped by "
                  f"{q.get('stop_reason')}, end of answer -> feedback "
                  f"{q.get('feedback_latency_s')} s" + (f", follow-up asked: {q['follow_up']!r}"
                                                        if q.get("follow_up") else ""))
    return result.returncode


if __name__ == "__main__":
    sys.exit(main())

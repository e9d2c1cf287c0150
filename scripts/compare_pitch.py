"""Compare pitch trackers on accuracy and cost: the measurement behind the choice of WORLD's
DIO + StoneMask (pyworld) for the voice measures.

Prints, for each tracker that is installed (pyworld always; pyreaper and librosa only if you
install them yourself, e.g. in a scratch virtual environment):
- error on a known contour: synthetic glottal pulses through two vowel resonances with F0
  gliding 90-180 Hz and 160-320 Hz (truth exact), median and 95th percentile in cents;
- octave errors on eSpeak NG sustained vowels ([[@:::]], [[a:::]]) of four voices at three
  pitch settings: frames more than 3.5 semitones from the pitch of the nasal hum [[Vm:::]]
  rendered with the same voice and pitch (eSpeak uses one base pitch whatever the phoneme,
  and every tracker agrees on a hum, whose fundamental is strong);
- jumps on the real recordings in ../shared/audio/real-speech/: voiced frames more than 9
  semitones from the clip's median (octave errors, since read speech stays within ~6);
- CPU per second of audio on 24 s of eSpeak speech.

    .venv/bin/python scripts/compare_pitch.py
"""

from __future__ import annotations

import io
import subprocess
import time
import wave
from pathlib import Path

import numpy as np

RATE = 16000
REAL = Path(__file__).resolve().parent.parent.parent / "shared" / "audio" / "real-speech"


def espeak(text: str, voice: str = "en", pitch: int = 50) -> np.ndarray:
    out = subprocess.run(["espeak-ng", "-v", voice, "-p", str(pitch), "--stdout", text],
                         capture_output=True, check=True).stdout
    with wave.open(io.BytesIO(out)) as w:
        rate = w.getframerate()
        x = np.frombuffer(w.readframes(w.getnframes()), np.int16) / 32768.0
    return resample(x, rate)


def resample(x: np.ndarray, rate: int) -> np.ndarray:
    if rate == RATE:
        return np.ascontiguousarray(x, dtype=np.float64)
    n = int(len(x) * RATE / rate)
    return np.interp(np.arange(n) * rate / RATE, np.arange(len(x)), x)


def pulses(f0: np.ndarray) -> np.ndarray:
    """Glottal pulses at the contour `f0` (Hz per sample) through resonances at 700/1200 Hz."""
    phase = np.cumsum(f0 / RATE)
    x = (np.diff(np.floor(phase), prepend=0) > 0).astype(float)
    for fc, bw in ((700, 100), (1200, 120)):
        r, th = np.exp(-np.pi * bw / RATE), 2 * np.pi * fc / RATE
        y = np.zeros_like(x)
        for i in range(len(x)):
            y[i] = x[i] + 2 * r * np.cos(th) * (y[i - 1] if i else 0) - r * r * (
                y[i - 2] if i > 1 else 0)
        x = y
    return 0.3 * x / np.max(np.abs(x))


def dio(x):
    import pyworld as pw
    f0, t = pw.dio(x, RATE, f0_floor=60, f0_ceil=500, frame_period=10, speed=4)
    return pw.stonemask(x, f0, t, RATE), t


def dio_full(x):
    import pyworld as pw
    f0, t = pw.dio(x, RATE, f0_floor=60, f0_ceil=500, frame_period=10)
    return pw.stonemask(x, f0, t, RATE), t


def harvest(x):
    import pyworld as pw
    return pw.harvest(x, RATE, f0_floor=60, f0_ceil=500, frame_period=10)


def reaper(x):
    import pyreaper  # prints two lines on stdout per call (from its C++ code)
    _, _, t, f0, _ = pyreaper.reaper((x * 32767).astype(np.int16), RATE, minf0=60, maxf0=500,
                                     frame_period=0.01)
    return np.where(f0 > 0, f0, 0.0), t


def pyin(x):
    import librosa
    f0, _, _ = librosa.pyin(x.astype(np.float32), fmin=60, fmax=500, sr=RATE,
                            frame_length=1024, hop_length=160)
    f0 = np.nan_to_num(f0)
    return f0, np.arange(len(f0)) * 0.01


TRACKERS = {"pyworld dio(speed 4)+stonemask": dio, "pyworld dio+stonemask": dio_full,
            "pyworld harvest": harvest, "pyreaper": reaper, "librosa pyin": pyin}


def main() -> None:
    available = {}
    for name, fn in TRACKERS.items():
        try:
            fn(1e-4 * np.random.default_rng(0).standard_normal(3200))
            available[name] = fn
        except ImportError:
            print(f"{name}: not installed, skipped")
    t = np.arange(2 * RATE) / RATE
    contours = [lo * (hi / lo) ** (0.5 - 0.5 * np.cos(np.pi * t)) for lo, hi in
                ((90, 180), (160, 320))]
    synthetic = [(pulses(c), c) for c in contours]
    vowels = []
    for voice in ("en", "en-us", "en+f3", "en+m3"):
        for pitch in (20, 50, 80):
            hum = espeak("[[Vm:::::]]", voice, pitch)
            vowels.append((hum, [espeak(v, voice, pitch) for v in ("[[@::::::]]", "[[a::::::]]")]))
    real = []
    if REAL.is_dir():
        import soundfile
        for p in sorted(REAL.glob("*.wav")):
            x, rate = soundfile.read(p)
            real.append(resample(x, rate))
    speech = np.concatenate([espeak("I listened to him, apologised, and checked the diary "
                                    "with him. " * 4)] * 3)
    for name, fn in available.items():
        cents = []
        for x, contour in synthetic:
            f0, times = fn(x)
            times = np.asarray(times)
            keep = (times > 0.05) & (times < len(x) / RATE - 0.05) & (np.asarray(f0) > 0)
            truth = contour[np.clip((times[keep] * RATE).astype(int), 0, len(x) - 1)]
            cents.extend(1200 * np.abs(np.log2(np.asarray(f0)[keep] / truth)))
        gross = total = 0
        for hum, others in vowels:
            f, _ = fn(hum)
            f = np.asarray(f)
            ref = float(np.median(f[f > 0]))
            for x in others:
                f0, times = fn(x)
                f0, times = np.asarray(f0), np.asarray(times)
                loud = np.flatnonzero(np.abs(x) > 0.02)
                a, b = loud[0] / RATE, loud[-1] / RATE
                mid = f0[(times > a + 0.2 * (b - a)) & (times < b - 0.2 * (b - a))]
                total += len(mid)
                gross += int(np.sum((mid <= 0) | (np.abs(12 * np.log2(np.maximum(mid, 1) / ref))
                                                  > 3.5)))
        jumps = voiced = 0
        for x in real:
            f0, _ = fn(x)
            v = np.asarray(f0)
            v = v[v > 0]
            jumps += int(np.sum(np.abs(12 * np.log2(v / np.median(v))) > 9))
            voiced += len(v)
        c0 = time.process_time()
        fn(speech)
        cpu = (time.process_time() - c0) / (len(speech) / RATE)
        real_text = f"{jumps / voiced:.2%} of {voiced} frames" if voiced else "no recordings"
        print(f"{name:32s} known contour {np.median(cents):4.1f} cents median, "
              f"{np.percentile(cents, 95):4.1f} p95 | eSpeak vowels octave errors "
              f"{gross / total:5.1%} | real speech jumps {real_text} | "
              f"CPU {cpu * 1000:5.1f} ms per s")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Figures for hesitation sounds heard in the audio and for the voice measures (issue 15).

Prints:
- audio-filler precision and recall (both ends within +-0.2 s) on answers joined from eSpeak
  NG phrases and hesitation sounds (tests/voice_audio.py; four voices, several rates and
  lengths), the transcript given without the fillers;
- false fillers per minute on real speech (the LibriVox clips with their alignments) and on
  real and synthetic filler-free speech under white and pink noise at -42 dBFS;
- monotone found on renderings with SSML prosody range x-low / low / normal / high / x-high,
  and trailing off found with a 0 / 6 / 12 dB fall over the last 0.8 s of each sentence;
- cost: CPU per minute of audio of the frames (pitch, level, spectrum) and of the
  analysis, and the median time left at the end of an answer when the frames are made while
  recording (what end of answer -> feedback waits for on top of the rest).

    .venv/bin/python scripts/bench_voice.py
    .venv/bin/python scripts/bench_voice.py --answers 8     # quicker
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

from mockinterview.analysis.analyse import measure  # noqa: E402
from mockinterview.audio.room import check_room  # noqa: E402
from mockinterview.audio.vad import analyse_recording, config_from  # noqa: E402
from mockinterview.audio.voice_frames import VoiceFramesBuilder  # noqa: E402
from mockinterview.settings import Settings  # noqa: E402
from tests import room  # noqa: E402
from tests.voice_audio import (SENTENCES, VOICES, Builder, analyse_samples,  # noqa: E402
                               hesitant_answer, match, real_answer, to_int16, with_noise)


def filler_figures(n: int) -> None:
    ok_found = found = ok_truth = truth = 0
    for seed in range(n):
        a = hesitant_answer(seed)
        m = analyse_samples(a.int16(), a.transcript())
        spans = [(f.start_s, f.end_s) for f in m.audio_fillers]
        hf, ht = match(spans, a.fillers, 0.2)
        ok_found, found, ok_truth, truth = ok_found + hf, found + len(spans), ok_truth + ht, \
            truth + len(a.fillers)
    print(f"Audio fillers on {n} synthetic answers ({truth} hesitation sounds): precision "
          f"{ok_found / max(found, 1):.2f} ({ok_found}/{found}), recall "
          f"{ok_truth / max(truth, 1):.2f} ({ok_truth}/{truth}) within +-0.2 s")


def clean_synthetic(seed: int):
    b = Builder()
    voice = VOICES[seed % len(VOICES)]
    for k in np.random.default_rng(seed).permutation(len(SENTENCES)):
        b.phrase(SENTENCES[k], voice, 170)
        b.silence(0.9)
    return b.build()


def false_figures(n: int) -> None:
    real = [real_answer(seed) for seed in range(max(2, n // 4))] if room.REAL_SPEECH.is_dir() \
        else []
    synthetic = [clean_synthetic(seed) for seed in range(max(4, n // 4))]
    sets = [("real speech, clean", real, None)]
    for noise in ("white", "pink"):
        sets.append((f"real speech, {noise} noise -42 dBFS", real, noise))
        sets.append((f"synthetic speech, {noise} noise -42 dBFS", synthetic, noise))
    for label, answers, noise in sets:
        if not answers:
            print(f"False fillers, {label}: no recordings (../shared/audio/ missing)")
            continue
        false = 0
        minutes = sum(a.duration_s for a in answers) / 60
        for seed, a in enumerate(answers):
            x = a.samples if noise is None else with_noise(a.samples, noise, -42.0, seed)
            false += len(analyse_samples(to_int16(x), a.transcript()).audio_fillers)
        print(f"False fillers, {label}: {false / minutes:.2f} a minute ({false} in "
              f"{minutes:.1f} min)")


def voice_figures() -> None:
    for prosody in ("x-low", "low", None, "high", "x-high"):
        hits, ranges = 0, []
        for voice in VOICES:
            b = Builder()
            for sentence in SENTENCES[:5]:
                text = sentence if prosody is None else \
                    f'<speak><prosody range="{prosody}">{sentence}</prosody></speak>'
                b.phrase(text, voice, 170, ssml=prosody is not None)
                b.silence(0.5)
            a = b.build()
            v = analyse_samples(a.int16(), a.transcript()).voice
            hits += bool(v.monotone)
            ranges.append(v.pitch_range_st)
        print(f"Monotone, prosody range {prosody or 'normal'}: found in {hits}/{len(VOICES)} "
              f"voices (pitch range {min(ranges):.1f}-{max(ranges):.1f} semitones)")
    for fade in (0.0, 6.0, 12.0):
        hits = 0
        for voice in VOICES:
            b = Builder()
            for sentence in SENTENCES[:5]:
                b.phrase(sentence, voice, 170, fade_db=fade)
                b.silence(0.6)
            a = b.build()
            hits += bool(analyse_samples(a.int16(), a.transcript()).voice.trailing_off)
        print(f"Trailing off, {fade:.0f} dB fall at sentence ends: found in "
              f"{hits}/{len(VOICES)} voices")
    if room.REAL_SPEECH.is_dir():
        a = real_answer(0)
        v = analyse_samples(a.int16(), a.transcript()).voice
        print(f"Real speech (LibriVox, {a.duration_s:.0f} s): pitch median "
              f"{v.pitch_median_hz} Hz, range {v.pitch_range_st} st, monotone {v.monotone}, "
              f"loudness range {v.loudness_range_db} dB, trailing off {v.trailing_off}")


def cost_figures(n: int) -> None:
    settings = Settings()
    frames_cpu = analysis_cpu = seconds = 0.0
    left = []
    for seed in range(n):
        a = hesitant_answer(seed)
        x = a.int16()
        segments, activity = analyse_recording(x, config_from(settings.audio))
        spans = [(s.start, s.end) for s in segments]
        builder = VoiceFramesBuilder()
        c0 = time.process_time()
        for k in range(0, len(x), 320):  # the recorder's 20 ms blocks
            builder.feed(x[k:k + 320])
        t0 = time.perf_counter()
        frames = builder.finish(spans)
        left.append(time.perf_counter() - t0)
        frames_cpu += time.process_time() - c0
        c0 = time.process_time()
        measure(a.transcript(), None, segments, settings.analysis,
                check_room(activity, settings.audio).to_dict(), frames, settings.voice)
        analysis_cpu += time.process_time() - c0
        seconds += len(x) / 16000
    per_min = 60 / seconds
    print(f"Cost per minute of audio ({seconds / 60:.1f} min): frames "
          f"{frames_cpu * per_min:.2f} s "
          f"CPU (made while recording), analysis {analysis_cpu * per_min:.3f} s CPU")
    print(f"Left at the end of an answer (frames made while recording): median "
          f"{statistics.median(left) * 1000:.0f} ms, max {max(left) * 1000:.0f} ms")


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--answers", type=int, default=24, help="synthetic answers with fillers")
    args = p.parse_args()
    filler_figures(args.answers)
    false_figures(args.answers)
    voice_figures()
    cost_figures(min(args.answers, 12))


if __name__ == "__main__":
    main()

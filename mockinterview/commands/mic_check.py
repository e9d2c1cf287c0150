"""`mockinterview mic-check`: a live level meter, then the room check: noise floor, speech
level, signal-to-noise ratio, clipping and a verdict with what to do about it."""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from mockinterview.commands.common import add_command, add_json_arg, info, print_json
from mockinterview.errors import MockInterviewError
from mockinterview.settings import load_settings

VERDICTS = {
    "good": "good: the room is quiet enough and your voice comes through clearly",
    "no_speech": "no speech heard",
    "noisy": "the room is noisy",
    "quiet": "your voice is quiet",
    "loud": "the input is too loud",
    "no_signal": "the microphone delivers no sound",
    "dc_offset": "the microphone input is faulty",
}


def register(sub: argparse._SubParsersAction) -> None:
    p = add_command(
        sub, "mic-check", help="check the microphone and the room (noise, level, clipping)",
        description="Listen to the microphone for a few seconds with a live level meter: stay "
                    "quiet for a moment, then say a sentence or two as you would answer. Then "
                    "it prints the background noise level, your speech level, how far your "
                    "voice stands above the noise (SNR), clipping, and a verdict with what to "
                    "do about any problem. Nothing is kept.")
    p.add_argument("--seconds", type=float, default=6.0, metavar="S",
                   help="how long to listen (default 6)")
    p.add_argument("--input-device", metavar="D",
                   help="microphone: index or name substring (see `mockinterview devices`)")
    add_json_arg(p, "the result: noise_floor_dbfs, speech_dbfs, snr_db, clipping, verdict, "
                    "problems, ...")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from mockinterview.audio.live import EnterWatcher, LiveLine, status_line
    from mockinterview.audio.microphone import Recorder, microphone_source

    if not args.seconds > 0 or args.seconds > 600:
        raise MockInterviewError("--seconds must be more than 0 and at most 600.")
    audio = load_settings().with_overrides("audio", input_device=args.input_device).audio
    source = microphone_source(None, audio)
    with EnterWatcher() as enter, tempfile.TemporaryDirectory(
            prefix="mockinterview-mic-check-") as tmp:
        info(f"Listening to {source.description} for {args.seconds:g} s: stay quiet for a "
             "moment, then say a sentence" + (" (Enter stops)." if enter.active else "."))
        line = LiveLine()
        result = Recorder(source, audio).record(
            Path(tmp) / "check.wav", max_s=args.seconds, silence_stop_s=0, no_answer_s=0,
            stop=enter.pressed,
            on_tick=lambda status: line.show(status_line(status, args.seconds)))
        line.end()
    room = result.room
    assert room is not None
    heard = result.speech_s >= audio.answer_speech_s
    verdict = room.verdict
    problems = list(room.problems)
    if not heard and verdict == "good":
        verdict = "no_speech"
        problems.append("No speech was heard. Speak as you would in an interview, check that "
                        "the right microphone is in use (see `mockinterview devices`), or "
                        "pick another with --input-device.")
    if args.json:
        print_json({**room.to_dict(), "verdict": verdict, "problems": problems,
                    "speech_heard": heard, "speech_s": result.speech_s,
                    "duration_s": result.duration_s, "dropped_frames": result.dropped_frames,
                    "device": source.description})
    else:
        def db(value: float | None, unit: str = "dBFS") -> str:
            return "-" if value is None else f"{value:.0f} {unit}"

        floor = ("digital silence" if room.noise_floor_dbfs is None
                 else db(room.noise_floor_dbfs))
        print(f"noise floor {floor}; speech {db(room.speech_dbfs)} "
              f"({result.speech_s:.1f} s heard); SNR {db(room.snr_db, 'dB')}; "
              f"clipping {room.clipping:.2%}; peak {room.peak_dbfs:.0f} dBFS; "
              f"{result.dropped_frames} dropped frames")
        print(f"verdict: {VERDICTS.get(verdict, verdict)}")
        for text in problems:
            print(f"  - {text}")
    return 130 if result.stop_reason == "interrupt" else 0

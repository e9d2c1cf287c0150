"""`mockinterview mic-check`: show a live input level meter and whether speech was heard."""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

import numpy as np

from mockinterview.commands.common import add_command, add_json_arg, info, print_json
from mockinterview.errors import MockInterviewError
from mockinterview.settings import load_settings


def register(sub: argparse._SubParsersAction) -> None:
    p = add_command(
        sub, "mic-check", help="show a live input level meter and whether speech was heard",
        description="Listen to the microphone for a few seconds with a live level meter, "
                    "then say whether speech was heard and how loud it was. Nothing is kept.")
    p.add_argument("--seconds", type=float, default=5.0, metavar="S",
                   help="how long to listen (default 5)")
    p.add_argument("--input-device", metavar="D",
                   help="microphone: index or name substring (see `mockinterview devices`)")
    add_json_arg(p, "the result")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from mockinterview.audio.live import EnterWatcher, LiveLine, status_line
    from mockinterview.audio.microphone import Recorder, microphone_source
    from mockinterview.audio.vad import frame_dbfs

    if args.seconds <= 0:
        raise MockInterviewError("--seconds must be more than 0.")
    audio = load_settings().with_overrides("audio", input_device=args.input_device).audio
    source = microphone_source(None, audio)
    peak = [-120.0]

    def track_peak(block: np.ndarray) -> None:
        peak[0] = max(peak[0], frame_dbfs(block))

    with EnterWatcher() as enter, tempfile.TemporaryDirectory(
            prefix="mockinterview-mic-check-") as tmp:
        info(f"Listening to {source.description} for {args.seconds:g} s: say something"
             + (" (Enter stops)." if enter.active else "."))
        line = LiveLine()
        result = Recorder(source, audio).record(
            Path(tmp) / "check.wav", max_s=args.seconds, silence_stop_s=0, no_answer_s=0,
            listeners=[track_peak], stop=enter.pressed,
            on_tick=lambda status: line.show(status_line(status, args.seconds)))
        line.end()
    heard = result.speech_s >= 0.15
    if args.json:
        print_json({"speech_heard": heard, "speech_s": result.speech_s,
                    "peak_dbfs": round(peak[0], 1), "duration_s": result.duration_s,
                    "dropped_frames": result.dropped_frames, "device": source.description,
                    "threshold_dbfs": audio.vad_threshold_dbfs})
    else:
        verdict = (f"speech heard: yes ({result.speech_s:.1f} s)" if heard else
                   f"speech heard: no (nothing above {audio.vad_threshold_dbfs:g} dBFS; "
                   f"check the microphone or pick another with --input-device)")
        print(f"{verdict}; peak level {peak[0]:.1f} dBFS; "
              f"{result.dropped_frames} dropped frames")
    return 130 if result.stop_reason == "interrupt" else 0

"""`mockinterview record`: record one answer as the interview would."""

from __future__ import annotations

import argparse
from pathlib import Path

from mockinterview.commands.common import add_command, add_json_arg, info, print_json
from mockinterview.errors import MockInterviewError
from mockinterview.settings import load_settings

STOPPED_BY = {
    "silence": "silence after speech",
    "max": "the time limit",
    "enter": "Enter",
    "interrupt": "Ctrl-C",
    "no_answer": "no answer (no speech heard)",
    "end_of_file": "the end of the input file",
}


def register(sub: argparse._SubParsersAction) -> None:
    p = add_command(
        sub, "record", help="record one answer as the interview would",
        description="Record one spoken answer to FILE.wav (16 kHz mono 16-bit), written while "
                    "you speak. Recording stops after a stretch of silence once you have "
                    "started speaking, when no speech is heard at all for a while, at the time "
                    "limit, or when you press Enter; Ctrl-C stops too and keeps the recording. "
                    "Prints the duration, speech time and dropped frames.")
    p.add_argument("file", metavar="FILE.wav", help="where to write the recording")
    p.add_argument("--max-seconds", type=float, metavar="S",
                   help="hard cap on the recording (default 180)")
    p.add_argument("--silence-stop", type=float, metavar="S",
                   help="stop after this much silence once speech has started (default 4; "
                        "0 = never)")
    p.add_argument("--no-answer", type=float, metavar="S",
                   help="stop if no speech at all is heard within this time (default 20; "
                        "0 = never)")
    p.add_argument("--input-device", metavar="D",
                   help="microphone: index or name substring (see `mockinterview devices`)")
    p.add_argument("--from-file", metavar="WAV",
                   help="take the 'microphone' audio from this WAV file, in real time, "
                        "through the same recording path")
    p.add_argument("--fast", action="store_true",
                   help="with --from-file: read the file as fast as possible")
    p.add_argument("--beep", action="store_true",
                   help="play a short tone before recording starts")
    p.add_argument("--output-device", metavar="D", help="speaker for --beep")
    add_json_arg(p, "the recording's figures")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from mockinterview.audio.live import EnterWatcher, LiveLine, status_line
    from mockinterview.audio.microphone import Recorder, file_source, microphone_source

    for name in ("max_seconds", "silence_stop", "no_answer"):
        value = getattr(args, name)
        if value is not None and value < 0:
            raise MockInterviewError(f"--{name.replace('_', '-')} must be 0 or more.")
    out = Path(args.file)
    if not out.parent.is_dir():
        raise MockInterviewError(f"folder does not exist: {out.parent}")
    settings = load_settings().with_overrides(
        "audio", max_answer_s=args.max_seconds, silence_stop_s=args.silence_stop,
        no_answer_s=args.no_answer, input_device=args.input_device,
        output_device=args.output_device)
    audio = settings.audio
    if args.from_file:
        source = file_source(Path(args.from_file), realtime=not args.fast)
    else:
        source = microphone_source(None, audio)
    if args.beep:
        from mockinterview.audio.playback import play_start_tone

        play_start_tone(audio.output_device)
    with EnterWatcher() as enter:
        info(f"Recording from {source.description} to {out} "
             f"(stops after {audio.silence_stop_s:g} s of silence"
             + (", or press Enter" if enter.active else "") + "; Ctrl-C stops too).")
        line = LiveLine()
        result = Recorder(source, audio).record(
            out, max_s=audio.max_answer_s, silence_stop_s=audio.silence_stop_s,
            no_answer_s=audio.no_answer_s, stop=enter.pressed,
            on_tick=lambda status: line.show(status_line(status, audio.max_answer_s)))
        line.end()
    if args.json:
        print_json(result.to_dict())
    else:
        print(f"{out}: {result.duration_s:.2f} s recorded, {result.speech_s:.2f} s of speech, "
              f"{result.dropped_frames} dropped frames ({result.overflows} overflows); "
              f"stopped by {STOPPED_BY.get(result.stop_reason, result.stop_reason)}")
    return 130 if result.stop_reason == "interrupt" else 0

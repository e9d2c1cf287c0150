"""`mockinterview say`: speak or render text with the interviewer's voice."""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

from mockinterview.commands.common import add_command
from mockinterview.errors import MockInterviewError
from mockinterview.settings import field_limits, load_settings


def register(sub: argparse._SubParsersAction) -> None:
    p = add_command(
        sub, "say", help="speak or render text with the interviewer's voice",
        description="Speak TEXT with the interviewer's voice (eSpeak NG through pyttsx3), "
                    "returning once it has been heard; or, with --out, write it to a WAV "
                    "file (22050 Hz mono 16-bit) without playing it.")
    p.add_argument("text", nargs="?", metavar="TEXT", help="the text to speak")
    p.add_argument("--out", metavar="FILE.wav", help="write the speech to this WAV file "
                                                     "instead of playing it")
    p.add_argument("--voice", metavar="V",
                   help="eSpeak NG voice: an id such as gmw/en-us, its last part (en-us) or "
                        "its name (default: settings, else the engine's British English)")
    p.add_argument("--rate", type=int, metavar="WPM",
                   help="speaking rate in words per minute, 80-450 (default 170)")
    p.add_argument("--output-device", metavar="D",
                   help="speaker: index or name substring (see `mockinterview devices`)")
    p.add_argument("--list-voices", action="store_true", help="list the voices, then exit")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from mockinterview.speech.tts import Speaker, list_voices

    if args.list_voices:
        for vid, name in list_voices():
            print(f"{vid:<28} {name}")
        return 0
    if not args.text or not args.text.strip():
        raise MockInterviewError("nothing to say: give the TEXT to speak.")
    settings = load_settings()
    low, high = field_limits("speech", "rate")
    if args.rate is not None and not low <= args.rate <= high:
        raise MockInterviewError(f"--rate must be between {low:g} and {high:g} words per "
                                 f"minute (got {args.rate})")
    speaker = Speaker(voice=args.voice or settings.speech.voice,
                      rate=args.rate if args.rate is not None else settings.speech.rate,
                      output_device=args.output_device or settings.audio.output_device)
    if args.out:
        out = Path(args.out)
        if out.parent and not out.parent.is_dir():
            raise MockInterviewError(f"folder does not exist: {out.parent}")
        shutil.copyfile(speaker.render(args.text), out)
        print(out)
        return 0
    speaker.speak(args.text)
    return 0

"""`mockinterview transcribe`: transcribe a WAV file offline with Vosk."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from mockinterview.commands.common import add_command, add_json_arg, info, print_json
from mockinterview.errors import AudioError
from mockinterview.settings import load_settings

DESCRIPTION = """\
Transcribe a recording offline with Vosk. Any WAV works (integer, float, mu-law or A-law
samples; any rate or channels), and FLAC or Ogg too; it is converted to 16 kHz mono first. The text goes to standard output;
--json gives every word with its start and end time (seconds) and confidence:

  {"text", "words": [{"word", "start", "end", "conf"}], "duration_s", "model"}

The model is --model PATH, else MOCKINTERVIEW_MODEL, else [speech] model_path in the
settings file, else models/vosk-model-small-en-us-0.15 (`mockinterview model download`).
"""


def register(sub: argparse._SubParsersAction) -> None:
    p = add_command(sub, "transcribe", help="transcribe a WAV file offline with Vosk",
                    description=DESCRIPTION)
    p.add_argument("file", metavar="FILE.wav", help="the recording to transcribe")
    p.add_argument("--model", metavar="PATH",
                   help="Vosk model folder (or the name of a folder in models/)")
    add_json_arg(p, "the words with their timings")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from mockinterview.speech.asr import transcribe_wav
    from mockinterview.speech.models import ensure_model

    wav = Path(args.file)
    if not wav.is_file():
        raise AudioError(f"no such file: {wav}")
    settings = load_settings()
    interactive = sys.stdin.isatty() and sys.stderr.isatty()
    model_path = ensure_model(args.model, settings.speech, interactive)
    transcript = transcribe_wav(wav, model_path, debug=getattr(args, "debug", False))
    if args.json:
        print_json(transcript.to_dict())
    elif transcript.text:
        print(transcript.text)
    else:
        info("No speech recognised.")
    return 0

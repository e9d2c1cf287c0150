"""`mockinterview analyse`: analyse an answer (text, transcript JSON or WAV) and give feedback."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from mockinterview.commands.common import add_bank_arg, add_command, add_json_arg, print_json
from mockinterview.errors import MockInterviewError
from mockinterview.textfmt import clock, star_letters
from mockinterview.settings import load_settings
from mockinterview.transcript import Transcript, load_transcript, said

if TYPE_CHECKING:
    from mockinterview.analysis import AnalysisResult

DESCRIPTION = """\
Analyse one answer and give feedback: length, pace, filler words, pauses, STAR structure
(Situation, Task, Action, Result), talking points, hedges and repetition, with scores and
the three most useful tips.

INPUT is a .txt transcript (plain text), a .json transcript (the `transcribe --json`
shape) or a .wav recording (transcribed first, or with --transcript the words given in
that file; with --no-asr only the audio measures: duration, speech time, pauses and the
voice). A recording also gives hesitation sounds heard in the audio and how the voice
sounded (pitch, monotone stretches, loudness, trailing off).

examples:
  mockinterview analyse answer.txt --question upset-patient
  mockinterview analyse answer.json --json
  mockinterview analyse answer.wav --no-asr
  mockinterview analyse answer.wav --transcript answer.json
"""


def register(sub: argparse._SubParsersAction) -> None:
    p = add_command(sub, "analyse", help="analyse an answer (text, transcript JSON or WAV) "
                                         "and give feedback", description=DESCRIPTION)
    p.add_argument("input", metavar="INPUT", type=Path,
                   help="the answer: a .txt or .json transcript or a .wav recording")
    p.add_argument("--question", metavar="ID", default=None,
                   help="id of the question answered (for STAR, talking points and target "
                        "length; see `mockinterview questions`)")
    add_bank_arg(p)
    add_json_arg(p, "the analysis")
    p.add_argument("--no-asr", action="store_true",
                   help="for a .wav: skip speech recognition, report audio measures only")
    p.add_argument("--transcript", metavar="JSON", type=Path, default=None,
                   help="for a .wav: use the words in this transcript (the `transcribe "
                        "--json` shape) instead of transcribing the recording")
    p.add_argument("--model", metavar="PATH", default=None,
                   help="Vosk model folder for transcribing a .wav (default: from settings)")
    p.set_defaults(func=run)


def _wav_input(path: Path, args: argparse.Namespace, settings
               ) -> tuple[Transcript, list, dict, object]:
    """Speech segments and the room check from the voice detector, the voice's frames
    (pitch, level, spectrum) and, unless --no-asr, the words (recognised, or given)."""
    from mockinterview.audio.room import check_room
    from mockinterview.audio.vad import analyse_recording, config_from
    from mockinterview.audio.voice_frames import pitch_available, voice_frames
    from mockinterview.audio.wavfile import PIPELINE_RATE, read_pipeline_audio

    samples = read_pipeline_audio(path)
    duration = round(len(samples) / PIPELINE_RATE, 3)
    segments, activity = analyse_recording(samples, config_from(settings.audio))
    room = check_room(activity, settings.audio).to_dict()
    frames = None
    if pitch_available():
        frames = voice_frames(samples, [(s.start, s.end) for s in segments])
    else:
        print("Note: no voice measures or hesitation sounds: the pitch tracker (pyworld) is "
              "not installed; run `bash scripts/setup.sh`.", file=sys.stderr)
    if args.no_asr:
        return Transcript(duration_s=duration), segments, room, frames
    if args.transcript is not None:
        transcript = _given_transcript(args.transcript, duration)
        return transcript, segments, room, frames
    # Imported here: the recogniser (and Vosk) load only when a WAV is transcribed.
    from mockinterview.speech.asr import transcribe_wav
    from mockinterview.speech.models import ensure_model

    # Like practice and transcribe: in a terminal, offer to download a missing model.
    model = ensure_model(args.model, settings.speech, interactive=sys.stdin.isatty())
    transcript = transcribe_wav(path, model)
    if transcript.duration_s is None:
        transcript = Transcript(transcript.words, transcript.text, duration, transcript.model)
    return transcript, segments, room, frames


def _given_transcript(path: Path, duration: float) -> Transcript:
    """The --transcript file: untrusted, so its shape is checked and its words must lie
    inside the recording."""
    if path.suffix.lower() != ".json":
        raise MockInterviewError(f"--transcript {path}: expected a .json transcript (the "
                                 "`transcribe --json` shape)")
    if not path.is_file():
        raise MockInterviewError(f"--transcript: no such file: {path}")
    from mockinterview.safefiles import MAX_JSON_BYTES

    if path.stat().st_size > MAX_JSON_BYTES:
        raise MockInterviewError(f"--transcript {path}: larger than "
                                 f"{MAX_JSON_BYTES // (1024 * 1024)} MB, not a transcript")
    transcript = load_transcript(path)
    for w in transcript.words:
        for t in (w.start, w.end):
            if t is not None and not (0 <= t <= duration + 0.5):
                raise MockInterviewError(f"--transcript {path}: the word '{w.word}' is "
                                         f"timed at {t:g} s, outside the {duration:g} s "
                                         "recording")
    return Transcript(transcript.words, transcript.text, duration, transcript.model)


def run(args: argparse.Namespace) -> int:
    settings = load_settings()
    path: Path = args.input
    if not path.exists():
        raise MockInterviewError(f"no such file: {path}")
    question = None
    if args.question:
        from mockinterview.bank import load_bank

        question = load_bank(args.bank).get(args.question)
    suffix = path.suffix.lower()
    segments = room = frames = None
    if args.transcript is not None and (suffix != ".wav" or args.no_asr):
        raise MockInterviewError("--transcript goes with a .wav recording (and not with "
                                 "--no-asr)")
    if suffix == ".wav":
        transcript, segments, room, frames = _wav_input(path, args, settings)
    elif suffix in (".txt", ".json"):
        if args.no_asr:
            raise MockInterviewError("--no-asr applies to .wav recordings only")
        transcript = load_transcript(path)
    else:
        raise MockInterviewError(f"{path}: unsupported input '{suffix or path.name}' "
                                 "(expected .txt, .json or .wav)")
    from mockinterview.analysis import analyse_answer  # late: only this command needs it

    result = analyse_answer(transcript, question, segments, settings.analysis, room, frames,
                            settings.voice)
    if args.json:
        print_json(result.to_dict())
    elif args.no_asr:
        print(render_audio_only(result))
    else:
        print(render_text(result, transcript))
    return 0


def _line(label: str, value: str) -> str:
    return f"  {label:<14}{value}"


def render_audio_only(result: AnalysisResult) -> str:
    """Readable audio-only measures (no words)."""
    d = result.to_dict()
    lines = ["Audio measures (no speech recognition)",
             _line("Duration", _secs(d["duration_s"])),
             _line("First sound", _secs(d["first_word_s"])),
             _line("Speech time", _secs(d["speech_s"])),
             _line("Pauses", _pauses(d["pauses"]) if _reliable(d) else "not measured")]
    return "\n".join(lines + _room_lines(d) + _voice_lines(result))


def _voice_lines(result: AnalysisResult) -> list[str]:
    """Hesitation sounds heard in the audio and the voice, as the reports word them."""
    from mockinterview.report.voice import analysis_voice_lines

    out = []
    for text in analysis_voice_lines(result.record()):
        label, _, rest = text.partition(": ")
        out.append(_line("Heard" if label.startswith("Heard") else label, rest))
    return out


def _reliable(d: dict) -> bool:
    return (d.get("audio_quality") or {}).get("pauses_reliable", True)


def _room_lines(d: dict) -> list[str]:
    """The recording's room check: its figures, and any problem in plain words."""
    q = d.get("audio_quality")
    if not q:
        return []
    floor = "digital silence" if q["noise_floor_dbfs"] is None else f"{q['noise_floor_dbfs']:.0f} dBFS"
    snr = "-" if q["snr_db"] is None else f"{q['snr_db']:.0f} dB"
    lines = [_line("Room", f"background {floor}, voice {snr} above it ({q['verdict']})")]
    lines += [_line("", text) for text in q["problems"]]
    return lines


def _secs(v: float | None) -> str:
    return "-" if v is None else f"{v:.1f} s ({clock(v)})"


def _pauses(pauses: list[dict]) -> str:
    if not pauses:
        return "none over the threshold"
    shown = ", ".join(f"{clock(p['start_s'])} ({p['duration_s']:.1f} s)" for p in pauses[:6])
    more = f" and {len(pauses) - 6} more" if len(pauses) > 6 else ""
    return f"{len(pauses)}: {shown}{more}"


def render_text(result: AnalysisResult, transcript: Transcript | None = None) -> str:
    """The readable feedback printed without --json (quotes in the transcript's own words
    when it is given)."""
    d = result.to_dict()
    s = d["scores"]
    out = [result.headline, "", f"Overall score: {result.score}/100"]
    dims = [f"{k} {v}" for k, v in s.items() if k != "overall" and v is not None]
    if dims:
        out.append("  " + " · ".join(dims))
    out += ["", "Measures"]
    out.append(_line("Words", str(d["word_count"])))
    if d["duration_s"] is not None:
        out.append(_line("Duration", _secs(d["duration_s"])))
        out.append(_line("Speech time", _secs(d["speech_s"])))
    if d["wpm"] is not None:
        out.append(_line("Pace", f"{d['wpm']:.0f} words/min ({d['pace']})"))
    fillers = ", ".join(f"{w} {n}" for w, n in d["fillers"].items()) or "none"
    heard = len(d["audio_fillers"])
    out.append(_line("Fillers", f"{d['filler_count']['strict']} filled pauses, "
                                f"{d['filler_count']['discourse']} discourse"
                                + (f", {heard} heard in the audio" if heard else "")
                                + f" ({fillers})"))
    if d["timing_source"] != "none":
        out.append(_line("Pauses", _pauses(d["pauses"]) if _reliable(d) else "not measured"))
    out += _room_lines(d) + _voice_lines(result)
    letters = star_letters(d["star"])
    star_note = " (hypothetical: 'I would...')" if d["hypothetical"] else \
        " (actions only as 'we')" if d["we_only"] else ""
    out.append(_line("STAR", letters + star_note))
    words = transcript.words if transcript else ()
    for e, spans in d["star_evidence_detail"].items():
        if spans:
            quote = said(words, spans[0]["index"], spans[0]["end_index"]) or spans[0]["text"]
            out.append(_line("", f"{e}: \"{quote}\""))
    tp = d["talking_points"]
    if tp["covered"] or tp["missed"]:
        out.append(_line("Covered", ", ".join(tp["covered"]) or "none"))
        out.append(_line("Missed", ", ".join(tp["missed"]) or "none"))
    if d["hedges"]["count"]:
        out.append(_line("Hedges", str(d["hedges"]["count"])))
    if result.strengths:
        out += ["", "Strengths"] + [f"  + {x}" for x in result.strengths]
    if result.tips:
        out += ["", "Tips"] + [f"  {i}. {t.text}" for i, t in enumerate(result.tips, 1)]
    if result.follow_up:
        out += ["", f"Follow-up question: {result.follow_up}"]
    return "\n".join(out)

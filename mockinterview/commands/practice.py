"""`mockinterview practice`: a spoken mock interview."""

from __future__ import annotations

import argparse
from pathlib import Path

from mockinterview import paths
from mockinterview.bank import GROUP_LABELS, GROUPS, load_bank
from mockinterview.commands.common import add_bank_arg, add_command, print_json
from mockinterview.engine import pick_questions
from mockinterview.errors import MockInterviewError
from mockinterview.history import weak_question_ids
from mockinterview.sessions import recent_question_ids
from mockinterview.settings import load_settings


def register(sub: argparse._SubParsersAction) -> None:
    p = add_command(
        sub, "practice", help="run a spoken mock interview",
        description="Run a mock interview: each question is spoken, you get thinking time, "
                    "your answer is recorded and transcribed offline, and you get feedback.")
    add_bank_arg(p)
    p.add_argument("--questions", "-n", type=int, metavar="N",
                   help="number of questions (default 5; 4 or more covers every group)")
    p.add_argument("--seed", type=int, help="seed for the question choice (repeatable sets)")
    p.add_argument("--category", choices=GROUPS, help="only questions of this group")
    p.add_argument("--question", action="append", metavar="ID", dest="question_ids",
                   help="ask this question (repeat for several)")
    p.add_argument("--focus", choices=["weak"],
                   help="'weak': prefer the questions you scored lowest on")
    p.add_argument("--think-seconds", type=float, metavar="S", help="thinking time per question")
    p.add_argument("--max-answer-seconds", type=float, metavar="S",
                   help="hard cap on an answer (default: from the question's target length)")
    p.add_argument("--silence-stop", type=float, metavar="S",
                   help="stop recording after this much silence (default 4)")
    p.add_argument("--feedback", choices=["after-each", "at-end", "off"],
                   help="when to give feedback (default after-each)")
    p.add_argument("--follow-ups", choices=["on", "off"],
                   help="ask a follow-up when a story lacks an action or a result")
    p.add_argument("--no-speech", action="store_true", help="print questions instead of speaking")
    p.add_argument("--type", action="store_true", dest="typed",
                   help="type your answers (no microphone, no speech model)")
    p.add_argument("--answers-from", metavar="DIR",
                   help="take answers from WAV files in DIR (one per question, in order)")
    p.add_argument("--model", metavar="PATH", help="Vosk model folder")
    p.add_argument("--input-device", metavar="D", help="microphone: index or name substring")
    p.add_argument("--output-device", metavar="D", help="speaker: index or name substring")
    p.add_argument("--voice", metavar="V", help="interviewer voice (eSpeak NG voice id)")
    p.add_argument("--rate", type=int, metavar="WPM", help="interviewer speaking rate")
    p.add_argument("--recordings", metavar="DIR", help="where sessions are saved")
    p.add_argument("--dry-run", action="store_true",
                   help="print the questions that would be asked, then exit (no audio)")
    p.add_argument("--json", action="store_true", help="with --dry-run: print them as JSON")
    p.set_defaults(func=run)


def choose(args: argparse.Namespace):
    """The bank and the questions this invocation would ask."""
    settings = load_settings()
    bank = load_bank(args.bank)
    recordings = Path(args.recordings) if args.recordings else paths.recordings_dir()
    recent = recent_question_ids(recordings, bank.id, settings.interview.recent_sessions)
    n = args.questions if args.questions is not None else settings.interview.questions
    focus = weak_question_ids(recordings, bank.id) if args.focus == "weak" else []
    questions = pick_questions(bank, n, seed=args.seed, category=args.category,
                               question_ids=args.question_ids or (), recent=recent, focus=focus)
    return bank, questions


def run(args: argparse.Namespace) -> int:
    bank, questions = choose(args)
    if args.dry_run:
        if args.json:
            print_json([{"id": q.id, "category": q.group, "text": q.text} for q in questions])
        else:
            print(f"{bank.title}: {len(questions)} questions")
            for i, q in enumerate(questions, 1):
                print(f"{i}. [{GROUP_LABELS[q.group]}] {q.text}")
        return 0
    raise MockInterviewError(
        "the spoken interview is not available yet: speech, recording and transcription "
        "are still being built. `mockinterview practice --dry-run` shows the questions "
        "it would ask.")

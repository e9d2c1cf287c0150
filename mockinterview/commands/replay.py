"""`mockinterview replay`: replay a session's answers with their transcripts."""

from __future__ import annotations

import argparse
import sys

from mockinterview.commands.common import add_command, recordings_of
from mockinterview.commands.report import add_session_args
from mockinterview.errors import MockInterviewError
from mockinterview.replay import (adapter_player, check_speed, pick_attempt,
                                  question_speaker, replay_answer)
from mockinterview.settings import load_settings
from mockinterview.report.views import load_review
from mockinterview.sessions import find_session


def register(sub: argparse._SubParsersAction) -> None:
    p = add_command(
        sub, "replay", help="replay a session's answers with their transcripts",
        description="Play back a session: each question is shown, then your answer plays "
                    "through the speakers while its transcript appears word by word in time, "
                    "with [fillers] and (long pauses) marked.\nWith --no-audio the timed "
                    "transcript is printed at once.")
    add_session_args(p)
    p.add_argument("question_pos", nargs="?", type=int, metavar="QUESTION",
                   help="only this question (1 = the first of the session; as --question)")
    p.add_argument("--question", "-q", type=int, metavar="N",
                   help="only question N (1 = the first question of the session)")
    p.add_argument("--attempt", "-a", type=int, metavar="N",
                   help="with a question: play its try N (1 = the first; default: the "
                        "latest); the tries are listed before the answer")
    p.add_argument("--no-audio", action="store_true",
                   help="print the timed transcript at once; play nothing")
    p.add_argument("--no-question-audio", action="store_true",
                   help="print the questions but do not speak them")
    p.add_argument("--speed", type=float, default=1.0, metavar="X",
                   help="playback speed, 0.25 to 4 (default 1; faster also sounds higher)")
    p.add_argument("--output-device", metavar="D",
                   help="speaker: device index or name substring (see `mockinterview devices`)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    speed = check_speed(args.speed)
    question = args.question if args.question is not None else args.question_pos
    if args.question_pos is not None and question != args.question_pos:
        raise MockInterviewError(f"question {args.question_pos} and --question "
                                 f"{args.question}: give one")
    if args.attempt is not None and question is None:
        raise MockInterviewError("--attempt goes with a question: replay SESSION QUESTION "
                                 "--attempt N")
    review = load_review(find_session(recordings_of(args), args.session))
    answers = review.answers
    if question is not None:
        if not 1 <= question <= len(answers):
            raise MockInterviewError(f"--question {question}: session {review.id} has "
                                     f"questions 1 to {len(answers)}")
        answers = [answers[question - 1]]
    else:
        answers = [a for a in answers if a.answered or a.transcript]
        if not answers:
            raise MockInterviewError(f"session {review.id} has no answers to replay yet")
    chosen = [(pick_attempt(a, args.attempt, review.id), a.all_attempts) for a in answers]
    player = speak = None
    if not args.no_audio:
        settings = load_settings()
        player = adapter_player(args.output_device or settings.audio.output_device)
        if not args.no_question_audio:
            speak = question_speaker(player, speed, settings.speech.voice, settings.speech.rate)
    print(f"{review.bank_title} · session {review.id}")
    for a, tries in chosen:
        replay_answer(a, sys.stdout, player, speed, speak=speak, tries=tries)
    return 0

"""`mockinterview practice`: a spoken mock interview."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from mockinterview.commands.common import (add_bank_arg, add_command, add_recordings_arg,
                                          print_json, recordings_of)
from mockinterview.errors import MockInterviewError
from mockinterview.lexicon import GROUP_LABELS, GROUPS

if TYPE_CHECKING:  # imported where they are used, so that `practice --help` starts fast
    from mockinterview.bank import Bank
    from mockinterview.sessions import Session
    from mockinterview.settings import Settings

MODES = {"spoken": "answers spoken into the microphone", "files": "answers from WAV files",
         "typed": "typed answers"}


def add_run_args(p: argparse.ArgumentParser) -> None:
    """Options shared by `practice` and `resume`: how answers are given and heard."""
    p.add_argument("--think-seconds", type=float, metavar="S",
                   help="thinking time before each answer (default 5; Enter starts early)")
    p.add_argument("--max-answer-seconds", type=float, metavar="S",
                   help="hard cap on an answer (default: 1.5 x the question's target maximum, "
                        "at most 180 s)")
    p.add_argument("--room-check", type=float, metavar="S",
                   help="listen to the room for S seconds before the first spoken question "
                        "and say if it is too noisy or the microphone too quiet (default 3; "
                        "0 skips it)")
    p.add_argument("--silence-stop", type=float, metavar="S",
                   help="stop recording after this much silence once you have spoken (default 4)")
    p.add_argument("--feedback", choices=["after-each", "at-end", "off"],
                   help="when to give feedback (default after-each; at-end is closer to a "
                        "real interview)")
    p.add_argument("--follow-ups", choices=["on", "off"],
                   help="ask a follow-up when a story lacks your action or its result "
                        "(default on)")
    p.add_argument("--offer-retry", action="store_true",
                   help="after each feedback, read 'r' (try the question again) or an empty "
                        "line (go on) from standard input even when it is not a terminal "
                        "(on a terminal it is always offered)")
    p.add_argument("--show-outline", action="store_true",
                   help="after the feedback, show the outline of a strong answer")
    p.add_argument("--no-speech", action="store_true",
                   help="print the questions instead of speaking them")
    p.add_argument("--type", action="store_true", dest="typed",
                   help="type your answers (no microphone, no speech model)")
    p.add_argument("--answers-from", metavar="DIR",
                   help="take the answers from WAV files in DIR, in name order (01.wav answers "
                        "question 1; 01.followup.wav its follow-up), through the same recording "
                        "and recognition path; for demos and tests")
    p.add_argument("--fast", action="store_true",
                   help="with --answers-from: feed the files as fast as they are recognised "
                        "instead of in real time")
    p.add_argument("--model", metavar="PATH", help="Vosk model folder")
    p.add_argument("--input-device", metavar="D", help="microphone: index or name substring")
    p.add_argument("--output-device", metavar="D", help="speaker: index or name substring")
    p.add_argument("--voice", metavar="V", help="interviewer voice (eSpeak NG voice id)")
    p.add_argument("--rate", type=int, metavar="WPM", help="interviewer speaking rate")
    add_recordings_arg(p)


def register(sub: argparse._SubParsersAction) -> None:
    p = add_command(
        sub, "practice", help="run a spoken mock interview",
        description="Run a mock interview: each question is spoken, you get thinking time, "
                    "then a tone; answer out loud. Your answer is recorded and transcribed on "
                    "this machine, and you get feedback. Ctrl-C stops and keeps everything; "
                    "`mockinterview resume` continues.")
    add_bank_arg(p)
    p.add_argument("--questions", "-n", type=int, metavar="N",
                   help="number of questions (default 5; 4 or more covers every group)")
    p.add_argument("--seed", type=int, help="seed for the question choice (repeatable sets)")
    p.add_argument("--group", "--category", dest="group", choices=GROUPS,
                   help="only questions of this group (--category is the old name)")
    p.add_argument("--question", action="append", metavar="ID", dest="question_ids",
                   help="ask this question (repeat for several)")
    p.add_argument("--focus", choices=["weak", "skills"],
                   help="'weak': prefer the questions you scored lowest on; 'skills': "
                        "prefer questions that practise skills your answers have not shown yet")
    p.add_argument("--attempts", type=int, metavar="N",
                   help="answer each question N times in a row (1-5; default 1), to compare "
                        "the tries")
    add_run_args(p)
    p.add_argument("--dry-run", action="store_true",
                   help="print the questions that would be asked, then exit (no audio)")
    p.add_argument("--json", action="store_true", help="with --dry-run: print them as JSON")
    p.set_defaults(func=run)


def choose(args: argparse.Namespace, settings: Settings):
    """The bank and the questions this invocation would ask."""
    from mockinterview.bank import load_bank
    from mockinterview.engine import pick_questions
    from mockinterview.sessions import recent_question_ids

    bank = load_bank(args.bank)
    recordings = recordings_of(args)
    recent = recent_question_ids(recordings, bank.id, settings.interview.recent_sessions)
    focus: list[str] = []
    if args.focus == "weak":
        from mockinterview.history import weak_question_ids
        focus = weak_question_ids(recordings, bank.id)
    elif args.focus == "skills":
        from mockinterview.skills import unshown_skill_question_ids
        focus = unshown_skill_question_ids(recordings, bank)
    n = args.questions if args.questions is not None else settings.interview.questions
    questions = pick_questions(bank, n, seed=args.seed, group=args.group,
                               question_ids=args.question_ids or (), recent=recent, focus=focus)
    return bank, questions


def check_flags(args: argparse.Namespace) -> None:
    """Refuse times that would silently switch a limit off, and values out of range (the
    upper bounds are the settings' own: settings.py declares them with each field)."""
    from mockinterview.settings import field_limits

    for flag, value, low, (section, key) in (
            ("--think-seconds", args.think_seconds, 0.0, ("interview", "think_s")),
            ("--room-check", args.room_check, 0.0, ("interview", "room_check_s")),
            ("--max-answer-seconds", args.max_answer_seconds, 1.0, ("audio", "max_answer_s")),
            ("--silence-stop", args.silence_stop, 0.5, ("audio", "silence_stop_s"))):
        high = field_limits(section, key)[1]
        if value is not None and not value >= low:
            raise MockInterviewError(f"{flag} must be at least {low:g} seconds (got {value:g})")
        if value is not None and not value <= high:
            raise MockInterviewError(f"{flag} must be at most {high:g} seconds (got {value:g})")
    low, high = field_limits("speech", "rate")
    if args.rate is not None and not low <= args.rate <= high:
        raise MockInterviewError(f"--rate must be between {low:g} and {high:g} words per "
                                 f"minute (got {args.rate})")
    attempts = getattr(args, "attempts", None)
    from mockinterview.sessions import MAX_ATTEMPTS
    if attempts is not None and not 1 <= attempts <= MAX_ATTEMPTS:
        raise MockInterviewError(f"--attempts must be between 1 and {MAX_ATTEMPTS} "
                                 f"(got {attempts})")
    questions = getattr(args, "questions", None)
    low, high = field_limits("interview", "questions")
    if questions is not None and not low <= questions <= high:
        raise MockInterviewError(f"--questions must be between {low:g} and {high:g} "
                                 f"(got {questions})")


def settings_with_flags(args: argparse.Namespace, base: Settings | None = None) -> Settings:
    """The settings file (or a resumed session's settings), then the flags on top."""
    from mockinterview.settings import load_settings, validate_settings

    check_flags(args)
    s = base or load_settings()
    s = s.with_overrides("audio", input_device=args.input_device,
                         output_device=args.output_device, silence_stop_s=args.silence_stop)
    s = s.with_overrides("speech", voice=args.voice, rate=args.rate, model_path=args.model)
    follow = None if args.follow_ups is None else args.follow_ups == "on"
    s = s.with_overrides("interview", think_s=args.think_seconds, feedback=args.feedback,
                         follow_ups=follow, room_check_s=args.room_check)
    return validate_settings(s, "the command line")


def mode_of(args: argparse.Namespace) -> str:
    if args.typed and args.answers_from:
        raise MockInterviewError("choose one of --type and --answers-from")
    return "typed" if args.typed else "files" if args.answers_from else "spoken"


def run(args: argparse.Namespace) -> int:
    settings = settings_with_flags(args)
    bank, questions = choose(args, settings)
    if args.dry_run:
        if args.json:
            print_json([{"id": q.id, "group": q.group, "text": q.text} for q in questions])
        else:
            print(f"{bank.title}: {len(questions)} questions")
            for i, q in enumerate(questions, 1):
                print(f"{i}. [{GROUP_LABELS[q.group]}] {q.text}")
        return 0
    mode = mode_of(args)
    # Find the model, the microphone or the answer files before anything is created.
    screen, capture, loader = build_capture(args, settings, mode, skip=0,
                                            remaining=len(questions) * (args.attempts or 1))
    voice = make_voice(args, settings)
    session = new_session(args, bank, questions, mode, settings)
    return run_session(args, bank, session, settings, screen, capture, loader, voice,
                       welcome=True)


def new_session(args: argparse.Namespace, bank: Bank, questions, mode: str,
                settings: Settings) -> Session:
    """The session folder for these questions (the terminal and the app share it)."""
    from mockinterview.sessions import Session

    session = Session.create(
        recordings_of(args), bank.id, bank.title, str(bank.path),
        [{"id": q.id, "group": q.group, "text": q.text} for q in questions], mode,
        settings.to_dict())
    if args.attempts and args.attempts > 1:
        session.manifest["attempts_per_question"] = args.attempts
        session.save()
    return session


def build_capture(args: argparse.Namespace, settings: Settings, mode: str, skip: int,
                  remaining: int, screen=None):
    """The screen, the answer capture for `mode`, and the model loader (started, so the
    model loads while the welcome is spoken). `skip`: answer files already used. `screen`:
    another Screen than the terminal's (the app's page)."""
    from mockinterview.capture import RecordedCapture, TypedCapture, answer_files
    from mockinterview.console import TerminalScreen

    if screen is None:
        screen = TerminalScreen(typed=mode == "typed", offer_retry=args.offer_retry,
                                show_outline=args.show_outline)
    if mode == "typed":
        return screen, TypedCapture(screen), None
    from mockinterview.audio.microphone import file_source, microphone_source
    from mockinterview.speech.asr import ModelLoader, StreamingRecogniser
    from mockinterview.speech.models import ensure_model

    model_path = ensure_model(args.model, settings.speech,
                              interactive=sys.stdin is not None and sys.stdin.isatty()
                              and isinstance(screen, TerminalScreen))
    if mode == "files":
        queue = answer_files(Path(args.answers_from))[skip:]
        if len(queue) < remaining:
            raise MockInterviewError(f"--answers-from: {len(queue)} answer files left in "
                                     f"{args.answers_from} for {remaining} questions")
        follow_up_file: dict[str, Path | None] = {}

        def next_source(label: str):
            if label == "answer":
                if not queue:  # e.g. a try again beyond the files given
                    return None
                main, follow_up_file["next"] = queue.pop(0)
                return file_source(main, realtime=not args.fast)
            if label != "follow-up":
                return None  # no room to listen to: the answers are files
            follow = follow_up_file.pop("next", None)
            return file_source(follow, realtime=not args.fast) if follow else None

        def answers_left() -> int:  # so a try again never takes a later question's file
            return len(queue)
    else:
        mic = microphone_source(settings.audio.input_device, settings.audio)
        answers_left = None  # type: ignore[assignment]

        def next_source(label: str):
            return mic
    loader = ModelLoader(model_path, debug=args.debug).start()

    def new_recogniser(rate: int) -> StreamingRecogniser:
        return StreamingRecogniser(loader.get(), rate, model_name=model_path.name)

    return screen, RecordedCapture(next_source, new_recogniser, settings, screen,
                                   answers_left=answers_left,
                                   stop_watcher=getattr(screen, "stop_watcher", None)), loader


def run_session(args: argparse.Namespace, bank: Bank, session: Session, settings: Settings,
                screen, capture, loader, voice, welcome: bool) -> int:
    """Run the session's remaining questions with the given capture."""
    from mockinterview.analysis import analyse_answer
    from mockinterview.interview import Interview, InterviewOptions

    options = InterviewOptions(
        think_s=settings.interview.think_s, max_answer_s=args.max_answer_seconds,
        cap_limit_s=settings.audio.max_answer_s, feedback=settings.interview.feedback,
        follow_ups=settings.interview.follow_ups, attempts=session.attempts_wanted)

    def analyse(transcript, question, segments, room=None, frames=None):
        return analyse_answer(transcript, question, segments, settings.analysis, room, frames,
                              settings.voice)

    interview = Interview(bank, session, voice, capture, screen, analyse, options)

    def before_first() -> None:
        if mode_of(args) == "spoken" and settings.interview.room_check_s > 0:
            # The room before the first question: the candidate hears now, not after an
            # answer, that a fan or a muted microphone will spoil the recording.
            room = capture.check_room(settings.interview.room_check_s)
            if room is not None:
                screen.room_check(room)
                session.manifest["room_check"] = room
                session.save()
        if loader:
            loader.get()  # the speech model that loaded during the welcome

    try:
        interview.run(welcome=welcome, before_first=before_first)
    except (KeyboardInterrupt, MockInterviewError):
        screen.message(f"\nFinished answers are saved in {session.folder}.\n"
                       f"Continue later with: mockinterview resume {session.folder.name}")
        raise
    return 0


class SilentVoice:
    """--no-speech: the screen shows the questions; nothing is spoken, no tone."""

    def speak(self, text: str) -> None:
        pass

    def start_tone(self) -> None:
        pass


class InterviewerVoice:
    """The speaker adapter plus the start tone, on one output device."""

    def __init__(self, settings: Settings) -> None:
        from mockinterview.audio.devices import resolve_output_device
        from mockinterview.speech.tts import Speaker, resolve_voice, tts_engine

        # Fail now (missing eSpeak NG, unknown voice or speaker), not after the welcome.
        tts_engine()
        resolve_voice(settings.speech.voice)
        self.device = settings.audio.output_device
        resolve_output_device(self.device)
        self.speaker = Speaker(settings.speech.voice, settings.speech.rate,
                               output_device=self.device)

    def speak(self, text: str) -> None:
        self.speaker.speak(text)

    def start_tone(self) -> None:
        from mockinterview.audio.playback import play_start_tone

        play_start_tone(self.device)


def make_voice(args: argparse.Namespace, settings: Settings):
    return SilentVoice() if args.no_speech else InterviewerVoice(settings)

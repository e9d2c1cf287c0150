"""Starting an interview from the start page's form: the form is checked here (it is
hostile input like any request), turned into the options `practice` takes, and the same
engine runs in a thread while the page follows it by events."""

from __future__ import annotations

import argparse
import threading
from pathlib import Path
from typing import Any

from mockinterview.errors import MockInterviewError
from mockinterview.lexicon import GROUPS
from mockinterview.webapp.events import Closed, EventHub
from mockinterview.webapp.screen import WebScreen

FEEDBACK = ("after-each", "at-end", "off")
FOCUS = ("", "weak", "skills")
MODES = ("typed", "spoken")


def practice_defaults() -> argparse.Namespace:
    """`practice` with no flags: every option at its default (from practice's own parser)."""
    from mockinterview.commands import practice

    parser = argparse.ArgumentParser(add_help=False)
    practice.register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["practice"])
    args.debug = False
    return args


def _number(form: dict[str, Any], key: str, kind: type, default: Any) -> Any:
    value = form.get(key, default)
    if value in ("", None):
        return default
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise MockInterviewError(f"{key}: not a number")
    try:
        number = kind(value)
    except (TypeError, ValueError):
        raise MockInterviewError(f"{key}: not a number: {str(value)[:20]!r}") from None
    if kind is float and not (number == number and abs(number) != float("inf")):
        raise MockInterviewError(f"{key}: must be a finite number")
    return number


def _choice(form: dict[str, Any], key: str, allowed: tuple[str, ...], default: str) -> str:
    value = form.get(key, default)
    if value not in allowed:
        raise MockInterviewError(f"{key}: choose one of {', '.join(a or 'none' for a in allowed)}")
    return value


def args_from_form(form: Any, recordings: Path) -> argparse.Namespace:
    """The practice options the form asks for; MockInterviewError says what is wrong. Banks
    are chosen by name only: a page never names a file."""
    from mockinterview.bank import available_banks

    if not isinstance(form, dict):
        raise MockInterviewError("the form must be a JSON object")
    args = practice_defaults()
    bank = form.get("bank") or "medical_secretary"
    if not isinstance(bank, str) or bank not in available_banks():
        raise MockInterviewError("bank: no such question bank")
    args.bank = bank
    args.questions = _number(form, "questions", int, None)
    group = _choice(form, "group", ("",) + GROUPS, "")
    args.group = group or None
    args.focus = _choice(form, "focus", FOCUS, "") or None
    args.feedback = _choice(form, "feedback", FEEDBACK, "after-each")
    args.attempts = _number(form, "attempts", int, None)
    args.think_seconds = _number(form, "think_seconds", float, None)
    args.room_check = _number(form, "room_check", float, None)
    mode = _choice(form, "mode", MODES, "typed")
    args.typed = mode == "typed"
    args.no_speech = not bool(form.get("speak", False))
    args.show_outline = bool(form.get("outline", True))
    args.recordings = str(recordings)
    return args


class Runner:
    """At most one interview at a time, in its own thread."""

    def __init__(self, hub: EventHub, recordings: Path) -> None:
        self.hub = hub
        self.recordings = recordings
        self.thread: threading.Thread | None = None
        self.screen: WebScreen | None = None
        self.session_name: str | None = None

    @property
    def running(self) -> bool:
        return self.thread is not None and self.thread.is_alive()

    def start(self, form: Any) -> str:
        """Check the form, find the bank, questions, model and devices, create the session
        and start it; the session's folder name. Errors come back before anything starts."""
        from mockinterview.commands import practice

        if self.running:
            raise MockInterviewError("an interview is already running")
        args = args_from_form(form, self.recordings)
        settings = practice.settings_with_flags(args)
        bank, questions = practice.choose(args, settings)
        mode = practice.mode_of(args)
        screen = WebScreen(self.hub, typed=mode == "typed", show_outline=args.show_outline)
        screen, capture, loader = practice.build_capture(
            args, settings, mode, skip=0, remaining=len(questions) * (args.attempts or 1),
            screen=screen)
        voice = practice.make_voice(args, settings)
        session = practice.new_session(args, bank, questions, mode, settings)
        self.hub.reset()
        self.screen, self.session_name = screen, session.folder.name
        self.hub.publish("started", session=session.folder.name, typed=mode == "typed")

        def run() -> None:
            try:
                practice.run_session(args, bank, session, settings, screen, capture, loader,
                                     voice, welcome=True)
            except Closed:
                return  # the app is closing; run_session marked the session interrupted
            except KeyboardInterrupt:
                self.hub.publish("ended", session=session.folder.name, complete=False)
                return
            except MockInterviewError as exc:
                self.hub.publish("ended", session=session.folder.name, complete=False,
                                 error=str(exc))
                return
            except Exception as exc:  # shown on the page, not as a traceback
                self.hub.publish("ended", session=session.folder.name, complete=False,
                                 error=f"the interview stopped: {type(exc).__name__}: {exc}")
                return
            self.hub.publish("ended", session=session.folder.name, complete=True)

        self.thread = threading.Thread(target=run, name="interview", daemon=True)
        self.thread.start()
        return session.folder.name

    def act(self, action: str, text: str | None = None) -> None:
        """A button on the interview page."""
        if not self.running or self.screen is None:
            raise MockInterviewError("no interview is running")
        if action == "finish" and not self.screen.typed:
            self.screen.stop_answer.set()
            return
        self.hub.reply({"action": action, "text": text})

    def stop(self, timeout: float = 10.0) -> None:
        """The app closes: a waiting interview stops and its session is kept (interrupted)."""
        self.hub.close()
        if self.screen is not None:
            self.screen.stop_answer.set()
        if self.thread is not None:
            self.thread.join(timeout)

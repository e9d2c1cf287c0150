"""The Screen of interview.py for the browser: every call becomes an event for the page, and
the calls that need the candidate (a typed answer, start now, try again) wait for the page's
reply. The interview engine is the terminal's; only what it shows and asks differs."""

from __future__ import annotations

import threading
import time
from contextlib import contextmanager
from typing import Any, Iterator

from mockinterview.bank import Bank, Question
from mockinterview.lexicon import GROUP_LABELS
from mockinterview.textfmt import clock, star_letters
from mockinterview.webapp.events import EventHub

TICK_S = 0.1  # live updates at most ten times a second: smooth enough, light on the page


def question_view(question: Question) -> dict[str, Any]:
    return {"id": question.id, "text": question.text,
            "group": GROUP_LABELS.get(question.group, question.group),
            "target_min_s": question.target_min_s, "target_max_s": question.target_max_s}


def feedback_view(question: Question, analysis: Any, outline: bool) -> dict[str, Any]:
    """The facts the terminal shows after an answer, as plain data for the page."""
    tp = analysis.talking_points
    return {
        "question": question.id, "score": analysis.scores.get("overall"),
        "length": None if analysis.duration_s is None else clock(analysis.duration_s),
        "wpm": None if analysis.wpm is None else round(analysis.wpm),
        "fillers": analysis.filler_total, "star": star_letters(analysis.star),
        "points": f"{len(tp.covered)}/{len(tp.covered) + len(tp.missed)}",
        "tips": [t.text for t in analysis.tips[:3]],
        "outline": list(question.outline) if outline and question.outline else [],
    }


class WebScreen:
    """Screen for the page; `typed`: answers come as text from the page."""

    def __init__(self, hub: EventHub, typed: bool, show_outline: bool = True) -> None:
        self.hub = hub
        self.typed = typed
        self.show_outline = show_outline
        self.stop_answer = threading.Event()  # the page's Finish button while recording

    def message(self, text: str) -> None:
        self.hub.publish("message", text=text.strip())

    def welcome(self, bank: Bank, count: int) -> None:
        self.hub.publish("welcome", bank=bank.title, count=count, typed=self.typed)

    def question(self, number: int, count: int, question: Question, follow_up: bool) -> None:
        self.hub.publish("question", number=number, count=count, follow_up=follow_up,
                         **question_view(question))

    def think(self, seconds: float) -> None:
        if seconds <= 0:
            return
        self.hub.ask("think", {"start"}, timeout=seconds, seconds=seconds)  # or "Start now"

    @contextmanager
    def stop_watcher(self) -> Iterator[Any]:
        """For RecordedCapture: the Finish button ends the recording (as Enter does)."""
        from types import SimpleNamespace

        self.stop_answer.clear()
        yield SimpleNamespace(pressed=self.stop_answer)

    @contextmanager
    def recording(self, question: Question, cap_s: float, label: str) -> Iterator[Any]:
        self.hub.publish("listening", label=label, cap_s=cap_s,
                         target_min_s=question.target_min_s,
                         target_max_s=question.target_max_s)
        last = [0.0]

        def update(status: Any, partial: str = "") -> None:
            now = time.monotonic()
            if now - last[0] < TICK_S:
                return
            last[0] = now
            self.hub.publish("tick", elapsed_s=round(status.elapsed_s, 1),
                             level_dbfs=round(max(status.level_dbfs, -90.0), 1),
                             partial=partial[-300:])

        try:
            yield update
        finally:
            self.hub.publish("recorded", label=label)

    def answer_done(self, answer: Any) -> None:
        problems = [str(p) for p in (getattr(answer, "room", None) or {}).get("problems") or ()]
        self.hub.publish("answer_done", words=len(answer.transcript.words),
                         length=None if answer.duration_s is None else clock(answer.duration_s),
                         # "enter" is the terminal's key; here it was the Finish button.
                         stop_reason=("Finish pressed" if answer.stop_reason == "enter" else
                                      (answer.stop_reason or "").replace("_", " ")),
                         text=answer.transcript.text, problems=problems)

    def room_check(self, room: dict[str, Any]) -> None:
        floor = room.get("noise_floor_dbfs")
        self.hub.publish("room", problems=[str(p) for p in room.get("problems") or ()],
                         floor="digital silence" if floor is None else f"{floor:.0f} dBFS")

    def feedback(self, question: Question, analysis: Any) -> None:
        self.hub.publish("feedback", **feedback_view(question, analysis, self.show_outline))

    def offer_retry(self, question: Question, attempts: int) -> bool:
        reply = self.hub.ask("offer_retry", {"retry", "continue"}, question=question.id,
                             next_try=attempts + 1)
        return reply is not None and reply["action"] == "retry"

    def comparison(self, question: Question, facts: list[Any],
                   comparison: dict[str, Any]) -> None:
        from mockinterview.attempts import table

        header, rows = table(facts)
        self.hub.publish("comparison", question=question.id, header=header, rows=rows,
                         summary=comparison["summary"])

    def summary(self, session: Any, rows: list[dict[str, Any]],
                tips: list[tuple[str, int]], skills: list[Any] | None = None) -> None:
        self.hub.publish("summary", session=session.folder.name, rows=[
            {"index": r["index"], "id": r["id"], "length": clock(r["duration_s"]),
             "wpm": None if r["wpm"] is None else round(r["wpm"]), "fillers": r["fillers"],
             "star": r["star"], "points": r["talking_points"], "score": r["score"],
             "attempts": r.get("attempts", 1)} for r in rows],
            tips=[t for t, _ in tips],
            skills=[{"name": s.name, "shown": s.shown,
                     "proof": ("; ".join(f'"{e.quote}" ({e.question_id})' for e in s.evidence)
                               if s.shown else s.tip or "")} for s in skills or ()])

    def skills(self, rows: list[Any]) -> None:  # shown with the summary
        pass

    def ask_interviewer_round(self, bank: Bank) -> dict[str, Any] | None:
        return None  # the page shows the summary instead; the terminal asks

    def read_typed_answer(self, label: str) -> str:
        reply = self.hub.ask("type_answer", {"answer", "skip"}, label=label)
        if reply is None or reply["action"] == "skip":
            return ""
        return str(reply.get("text", ""))

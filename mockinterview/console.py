"""The terminal side of an interview: questions, countdown, live recording display, feedback
and the summary. Uses rich for the live display (a redrawn status line with the clock, the
input level and the partial transcript), which hand-written ANSI code would do worse.

Interaction goes to stderr; the session summary (a result) goes to stdout.
"""

from __future__ import annotations

import sys
import time
from contextlib import contextmanager
from typing import Any, Iterator

from rich.console import Console
from rich.live import Live
from rich.table import Table
from rich.text import Text

from mockinterview.analysis.schema import AnalysisRecord
from mockinterview.audio.live import EnterWatcher, level_bar
from mockinterview.bank import Bank, Question
from mockinterview.lexicon import GROUP_LABELS
from mockinterview.textfmt import clock, star_letters


class TerminalScreen:
    """The Screen of interview.py for a terminal (or a pipe, with plain output)."""

    def __init__(self, out: Console | None = None, err: Console | None = None,
                 typed: bool = False, offer_retry: bool = False,
                 show_outline: bool = False) -> None:
        self.err = err or Console(stderr=True, highlight=False)
        self.out = out or Console(highlight=False)
        self.interactive = sys.stdin is not None and sys.stdin.isatty()
        self.typed = typed
        # Ask "try again?" even when standard input is not a terminal (scripts, tests).
        self.force_retry_prompt = offer_retry
        self.show_outline = show_outline

    def message(self, text: str) -> None:
        # soft_wrap: never break paths and commands the user may copy.
        self.err.print(text, soft_wrap=True)

    def welcome(self, bank: Bank, count: int) -> None:
        self.err.rule(f"[bold]{bank.title} mock interview[/bold]")
        plural = "s" if count != 1 else ""
        if self.typed:
            how = "type your answer and finish it with an empty line."
        else:
            how = ("then a tone: answer out loud. Recording stops when you stop talking"
                   + (" or press Enter." if self.interactive else "."))
        self.err.print(f"{count} question{plural}. After each question you get thinking time, "
                       + how)

    def question(self, number: int, count: int, question: Question, follow_up: bool) -> None:
        if follow_up:
            self.err.print(f"\n[bold]Follow-up to question {number}[/bold]")
            return
        self.err.print(f"\n[bold]Question {number} of {count}[/bold]  "
                       f"[dim]{GROUP_LABELS[question.group]} · aim for "
                       f"{clock(question.target_min_s)}-{clock(question.target_max_s)}"
                       "[/dim]")
        self.err.print(Text(question.text, style="bold cyan"))

    def think(self, seconds: float) -> None:
        if seconds <= 0:
            return
        if not self.interactive:
            self.err.print(f"Thinking time: {seconds:g} s")
            time.sleep(seconds)
            return
        end = time.monotonic() + seconds
        with EnterWatcher() as enter, Live(console=self.err, transient=True,
                                           auto_refresh=False, redirect_stdout=False) as live:
            while (left := end - time.monotonic()) > 0 and not enter.pressed.is_set():
                live.update(Text(f"Thinking time: {left:4.0f} s  (Enter to start now)"),
                            refresh=True)
                time.sleep(0.1)

    @contextmanager
    def recording(self, question: Question, cap_s: float, label: str
                  ) -> Iterator[Any]:
        """A live line: elapsed against target and cap, input level, partial transcript.

        Yields `update(status, partial_text)` for the recorder's on_tick.
        """
        state: dict[str, Any] = {"status": None, "partial": ""}

        def render() -> Text:
            st = state["status"]
            elapsed = st.elapsed_s if st else 0.0
            level = st.level_dbfs if st else -120.0
            over = elapsed > question.target_max_s
            line = Text()
            line.append("● REC ", style="bold red")
            line.append(f"{clock(elapsed)}", style="bold yellow" if over else "bold")
            line.append(f" / target {clock(question.target_min_s)}-"
                        f"{clock(question.target_max_s)} · cap {clock(cap_s)}  ")
            line.append(level_bar(level, width=20), style="green")
            if st and st.heard_speech and st.silence_s >= 1.0:
                line.append(f"  silence {st.silence_s:.0f}s", style="dim")
            partial = state["partial"][-70:]
            if partial:
                line.append(f"\n  {partial}", style="italic dim")
            return line

        if not self.interactive:
            self.err.print(f"Recording {label}...")

            def update(status: Any, partial: str = "") -> None:
                state["status"], state["partial"] = status, partial

            yield update
            return
        with Live(render(), console=self.err, transient=True, refresh_per_second=10,
                  redirect_stdout=False) as live:

            def update(status: Any, partial: str = "") -> None:
                state["status"], state["partial"] = status, partial
                live.update(render())

            yield update

    def answer_done(self, answer: Any) -> None:
        words = len(answer.transcript.words)
        bits = [f"{words} words"]
        if answer.duration_s is not None:
            bits.insert(0, clock(answer.duration_s))
        if answer.stop_reason:
            bits.append(f"stopped: {answer.stop_reason.replace('_', ' ')}")
        if answer.dropped_frames:
            bits.append(f"{answer.dropped_frames} audio frames dropped")
        self.err.print("[dim]Answer saved: " + ", ".join(bits) + "[/dim]")
        if answer.transcript.text:
            self.err.print(Text("You said: " + answer.transcript.text, style="dim"))
        for problem in (getattr(answer, "room", None) or {}).get("problems") or ():
            self.err.print(Text("Room check: " + str(problem), style="yellow"))

    def room_check(self, room: dict[str, Any]) -> None:
        """The room check before the first question: its figures and what to do."""
        floor = room.get("noise_floor_dbfs")
        where = "digital silence" if floor is None else f"{floor:.0f} dBFS"
        if not room.get("problems"):
            self.err.print(f"[dim]Room check: quiet enough (background {where}).[/dim]")
        for problem in room.get("problems") or ():
            self.err.print(Text("Room check: " + str(problem), style="yellow"))

    def feedback(self, question: Question, analysis: AnalysisRecord) -> None:
        overall = analysis.scores.get("overall")
        self.err.print(f"[bold]Feedback[/bold] (score {'-' if overall is None else overall}/100)")
        pieces = []
        if analysis.duration_s is not None:
            pieces.append(f"length {clock(analysis.duration_s)}")
        if analysis.wpm is not None:
            pieces.append(f"{analysis.wpm:.0f} words/min")
        heard = len(analysis.audio_fillers)
        pieces.append(f"fillers {analysis.filler_total}"
                      + (f" ({heard} heard in the audio)" if heard else ""))
        pieces.append(f"STAR {star_letters(analysis.star)}")
        tp = analysis.talking_points
        pieces.append(f"talking points {len(tp.covered)}/{len(tp.covered) + len(tp.missed)}")
        self.err.print("  " + " · ".join(pieces))
        for tip in analysis.tips[:3]:
            self.err.print(Text("  • " + tip.text))
        if self.show_outline and question.outline:
            self.err.print("[bold]Outline of a strong answer[/bold]")
            for i, beat in enumerate(question.outline, start=1):
                self.err.print(Text(f"  {i}. {beat}"))

    def offer_retry(self, question: Question, attempts: int) -> bool:
        """After the feedback: r + Enter answers the same question again, Enter goes on."""
        if not (self.interactive or self.force_retry_prompt) or sys.stdin is None:
            return False
        self.err.print(f"[dim]Press r then Enter to try this question again "
                       f"(try {attempts + 1}), or Enter to go on.[/dim]")
        line = sys.stdin.readline()
        return line.strip().lower() in ("r", "retry", "again", "y", "yes")

    def comparison(self, question: Question, facts: list[Any],
                   comparison: dict[str, Any]) -> None:
        """The attempts side by side, then what changed in words."""
        from mockinterview.attempts import table

        header, rows = table(facts)
        t = Table(title=f"Your tries at {question.id}", show_lines=False)
        for i, col in enumerate(header):
            t.add_column(col, justify="left" if i == 0 else "right")
        for row in rows:
            t.add_row(*row)
        self.err.print(t)
        self.err.print(Text(comparison["summary"], style="bold"))

    def summary(self, session: Any, rows: list[dict[str, Any]],
                tips: list[tuple[str, int]], skills: list[Any] | None = None) -> None:
        table = Table(title="Session summary", show_lines=False)
        tries = any(r.get("attempts", 1) > 1 for r in rows)
        cols = ("#", "question", "length", "pace", "fillers", "STAR", "points", "score")
        for col in cols + (("tries",) if tries else ()):
            table.add_column(col, justify="left" if col == "question" else "right")
        for r in rows:
            cells = [str(r["index"]), r["id"], clock(r["duration_s"]),
                     "-" if r["wpm"] is None else f"{r['wpm']:.0f}", str(r["fillers"]),
                     r["star"], r["talking_points"],
                     "-" if r["score"] is None else str(r["score"])]
            table.add_row(*cells, *((str(r.get("attempts", 1)),) if tries else ()))
        self.out.print(table)
        if tries:
            self.out.print("[dim]Each row is your latest try.[/dim]")
        if tips:
            self.out.print("[bold]Top tips for this session[/bold]")
            for text, count in tips:
                times = f" (in {count} answers)" if count > 1 else ""
                self.out.print(Text(f"  • {text}{times}"))
        if skills:
            self.skills(skills)
        self.out.print(f"\nSession saved in {session.folder}", soft_wrap=True)
        self.out.print(f"Full report: mockinterview report {session.folder.name} --format html",
                       soft_wrap=True)

    def skills(self, rows: list[Any]) -> None:
        """The skills matrix: each skill, whether an answer showed it, and the words that
        prove it; for a skill not shown, a question to practise it on."""
        if not rows:
            return
        table = Table(title="Skills your answers showed", show_lines=False)
        for col in ("skill", "shown", "the words that prove it / what to practise"):
            table.add_column(col)
        for row in rows:
            if row.shown:
                proof = "; ".join(f'"{e.quote}" ({e.question_id})' for e in row.evidence)
            else:
                proof = row.tip or "no question in this bank practises it"
            table.add_row(row.name, "yes" if row.shown else "not yet", proof)
        self.out.print(table)

    def ask_interviewer_round(self, bank: Bank) -> dict[str, Any] | None:
        if not self.interactive or not bank.ask_interviewer:
            return None
        self.err.print("\nInterviews end with your questions. Ideas:")
        for q in bank.ask_interviewer:
            self.err.print(f"  • {q}")
        try:
            answer = input("Type the question you would ask (or press Enter to skip): ").strip()
        except EOFError:
            return None
        if not answer:
            return None
        self.err.print("Good: a specific, curious question shows real interest in the role.")
        return {"question": answer}

    def read_typed_answer(self, label: str) -> str:
        """Lines until an empty line (or end of input)."""
        self.err.print(f"Type your {label}; finish with an empty line:")
        lines = []
        while True:
            line = sys.stdin.readline()
            if not line or not line.strip():
                break
            lines.append(line.strip())
        return " ".join(lines)

"""Plain-text report: the summary table, then each question in detail."""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING

from mockinterview.report.common import (SUMMARY_HEADER, answer_facts, num, room_line,
                                         session_line, star_lines,
                                         star_note,
                                         summary_row, top_tips)

if TYPE_CHECKING:
    from mockinterview.report.views import AnswerReview, SessionReview

WIDTH = 88


def table(rows: list[tuple[str, ...]], right: set[int]) -> list[str]:
    """Rows as aligned columns; columns in `right` are right-aligned."""
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = []
    for r in rows:
        cells = [c.rjust(w) if i in right else c.ljust(w) for i, (c, w) in
                 enumerate(zip(r, widths))]
        lines.append("  ".join(cells).rstrip())
    return lines


def wrap(text: str, indent: str = "  ") -> list[str]:
    return textwrap.wrap(text, WIDTH, initial_indent=indent, subsequent_indent=indent,
                         break_on_hyphens=False) or [indent.rstrip()]


def answer_lines(a: AnswerReview) -> list[str]:
    """The detail of one question."""
    lines = textwrap.wrap(f"Q{a.index}. [{a.group_label}] {a.text}", WIDTH,
                          subsequent_indent="    ")
    lines += [f"  Note: {n}" for n in a.notes]
    if a.follow_up:
        lines.append(f"  Follow-up asked: {a.follow_up}")
    if not a.answered and not a.transcript:
        return lines
    facts = answer_facts(a)
    if a.score is not None:
        facts.append(f"score {num(a.score)}")
    lines.append("  " + " · ".join(facts))
    if (room := room_line(a)) is not None:
        lines += wrap(room)
    if a.headline:
        lines += wrap(a.headline)
    if a.transcript:
        lines.append("  Transcript ([filler], (pause)):")
        lines += wrap(a.marked_text(), "    ")
    star = star_lines(a)
    if star:
        lines.append("  STAR: " + a.star_letters + star_note(a))
        for name, present, evidence in star:
            ev = "; ".join(f'"{e}"' for e in evidence)
            lines += wrap(f"{'✓' if present else '✗'} {name}" + (f": {ev}" if ev else
                                                               "" if present else ": missing"),
                          "    ")
    from mockinterview.report.voice import voice_lines  # late: `history` uses table() only

    for line in voice_lines(a):
        lines += wrap(line)
    covered, missed = a.talking_points
    if covered or missed:
        lines += wrap("Talking points covered: " + (", ".join(covered) or "none"))
        lines += wrap("Talking points missed: " + (", ".join(missed) or "none"))
    if a.scores:
        lines += wrap("Scores: " + ", ".join(f"{k.replace('_', ' ')} {num(v)}"
                                             for k, v in a.scores.items()))
    if a.strengths:
        lines.append("  Strengths:")
        for s in a.strengths:
            lines += wrap("- " + s, "    ")
    if a.tips:
        lines.append("  Tips:")
        for t in a.tips:
            lines += wrap("- " + t, "    ")
    return lines


def render(review: SessionReview) -> str:
    """The report as plain text."""
    out = [f"Mock interview report: {review.bank_title}", f"Session {review.id}",
           session_line(review), ""]
    rows = [SUMMARY_HEADER] + [summary_row(a) for a in review.answers]
    out += table(rows, right={0, 2, 3, 4, 7})
    tips = top_tips(review)
    if tips:
        out += ["", "Top tips:"]
        for t in tips:
            out += wrap("- " + t)
    from mockinterview.report import progress  # late: `history` uses table() only

    out += progress.skills_text(review)
    for a in review.answers:
        out.append("")
        out += answer_lines(a)
        out += progress.answer_text(review, a)
    return "\n".join(out) + "\n"

"""Markdown report: the same content as the text report, with tables and emphasis."""

from __future__ import annotations

import html
import re

from mockinterview.report.common import (SUMMARY_HEADER, answer_facts, num, room_line,
                                         session_line, star_lines,
                                         star_note,
                                         summary_row, top_tips)
from mockinterview.report import progress
from mockinterview.report.views import AnswerReview, SessionReview
from mockinterview.report.voice import voice_lines


def esc(text: str) -> str:
    """Text safe in Markdown: raw HTML neutralised, Markdown punctuation escaped."""
    text = html.escape(text, quote=False)
    return re.sub(r"([\\`*_{}\[\]()#+!|~>])", r"\\\1", text)


def marked_transcript(a: AnswerReview) -> str:
    parts = []
    for t in a.tokens():
        if t.pause_before_s is not None:
            parts.append(f"*(pause {t.pause_before_s:.1f} s)*")
        parts.append(f"**\\[{esc(t.text)}\\]**" if t.filler else esc(t.text))
    return " ".join(parts) if parts else esc(a.transcript.text if a.transcript else "")


def answer_md(a: AnswerReview) -> list[str]:
    out = [f"## Q{a.index}. {esc(a.text)}", "", f"*{esc(a.group_label)}*", ""]
    for n in a.notes:
        out.append(f"> **Note:** {esc(n)}")
    if a.notes:
        out.append("")
    if a.follow_up:
        out += [f"Follow-up asked: {esc(a.follow_up)}", ""]
    if not a.answered and not a.transcript:
        return out
    facts = answer_facts(a, esc)
    if a.score is not None:
        facts.append(f"**score {num(a.score)}**")
    out += [" · ".join(facts), ""]
    if (room := room_line(a)) is not None:
        out += [esc(room), ""]
    if a.headline:
        out += [esc(a.headline), ""]
    if a.transcript:
        out += ["**Transcript** (fillers in **\\[brackets\\]**):", "",
                "> " + marked_transcript(a), ""]
    star = star_lines(a)
    if star:
        out += [f"**STAR:** `{a.star_letters}`{star_note(a)}", ""]
        for name, present, evidence in star:
            ev = "; ".join(f"“{esc(e)}”" for e in evidence)
            out.append(f"- {'✓' if present else '✗'} **{name}**" + (
                f": {ev}" if ev else "" if present else ": missing"))
        out.append("")
    voice = voice_lines(a)
    if voice:
        out += [f"- {esc(line)}" for line in voice] + [""]
    covered, missed = a.talking_points
    if covered or missed:
        out += [f"- Talking points covered: {esc(', '.join(covered)) or 'none'}",
                f"- Talking points missed: {esc(', '.join(missed)) or 'none'}", ""]
    if a.scores:
        out += ["| " + " | ".join(esc(k.replace("_", " ")) for k in a.scores) + " |",
                "|" + "---:|" * len(a.scores),
                "| " + " | ".join(num(v) for v in a.scores.values()) + " |", ""]
    if a.strengths:
        out += ["**Strengths:**", ""] + [f"- {esc(s)}" for s in a.strengths] + [""]
    if a.tips:
        out += ["**Tips:**", ""] + [f"- {esc(t)}" for t in a.tips] + [""]
    return out


def render(review: SessionReview) -> str:
    """The report as Markdown."""
    out = [f"# Mock interview report: {esc(review.bank_title)}", "",
           f"Session `{review.id}` · {esc(session_line(review))}", "",
           "| " + " | ".join(SUMMARY_HEADER) + " |",
           "|---:|---|---:|---:|---:|:---:|:---:|---:|"]
    for a in review.answers:
        row = list(summary_row(a, width=60))
        row[1] = esc(row[1])
        row[5] = f"`{row[5]}`" if row[5] not in ("", "-") else row[5]
        out.append("| " + " | ".join(row) + " |")
    tips = top_tips(review)
    if tips:
        out += ["", "**Top tips:**", ""] + [f"- {esc(t)}" for t in tips]
    out += progress.skills_md(review, esc)
    for a in review.answers:
        out.append("")
        out += answer_md(a)
        out += progress.answer_md(review, a, esc)
    return "\n".join(out).rstrip() + "\n"

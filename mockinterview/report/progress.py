"""Report sections for getting better: each question's attempts side by side (with the
comparison in words), its answer outline, and the session's skills matrix. One function per
format, called by text.py, markdown.py and html.py."""

from __future__ import annotations

import html as _html
import textwrap
from typing import Any, Callable

from mockinterview.attempts import table as attempts_table
from mockinterview.report.views import AnswerReview, SessionReview

WIDTH = 88


def outline_of(review: SessionReview, a: AnswerReview) -> tuple[str, ...]:
    """The bank's outline for the question (empty when the bank has none or is unknown)."""
    return review.outline(a.id)


def skills_table(review: SessionReview) -> tuple[list[str], list[list[str]]]:
    """(header, rows) of the matrix: one row per skill, one column per question asked."""
    asked = [a for a in review.answered if a.analysis is not None]
    header = ["skill"] + [f"Q{a.index}" for a in asked]
    rows = []
    for row in review.skill_rows:
        linked = next((s.question_ids for s in review.bank_obj.skills if s.id == row.id), ())
        shown_by = {e.question_id for e in row.evidence}
        cells = ["✓" if a.id in shown_by else "·" if a.id in linked else "" for a in asked]
        rows.append([row.name] + cells)
    return header, rows


def _wrap(text: str, indent: str) -> list[str]:
    return textwrap.wrap(text, WIDTH, initial_indent=indent, subsequent_indent=indent,
                         break_on_hyphens=False)


def _aligned(header: list[str], rows: list[list[str]]) -> list[str]:
    grid = [header] + rows
    widths = [max(len(r[i]) for r in grid) for i in range(len(header))]
    return ["  " + "  ".join(c.ljust(w) if i == 0 else c.rjust(w)
                             for i, (c, w) in enumerate(zip(r, widths))).rstrip()
            for r in grid]


# ---------------------------------------------------------------- plain text

def answer_text(review: SessionReview, a: AnswerReview) -> list[str]:
    lines: list[str] = []
    comparison = a.comparison()
    if comparison is not None:
        lines.append(f"  Attempts ({len(a.all_attempts)}; this report's figures are the "
                     "latest):")
        lines += ["  " + line for line in _aligned(*attempts_table(a.attempt_facts()))]
        lines += _wrap(comparison["summary"], "  ")
    outline = outline_of(review, a)
    if outline:
        lines.append("  Outline of a strong answer:")
        for i, beat in enumerate(outline, start=1):
            lines += _wrap(f"{i}. {beat}", "    ")
    return lines


def skills_text(review: SessionReview) -> list[str]:
    rows = review.skill_rows
    if not rows or not review.answered:
        return []
    lines = ["", "Skills matrix (✓ shown by that answer, · the question exercises it):"]
    lines += _aligned(*skills_table(review))
    for row in rows:
        if row.shown:
            for ev in row.evidence:
                lines += _wrap(f'{row.name}: "{ev.quote}" ({ev.question_id})', "  ")
        elif row.tip:
            lines += _wrap(row.tip, "  ")
    return lines


# ---------------------------------------------------------------- Markdown

def answer_md(review: SessionReview, a: AnswerReview, esc: Callable[[str], str]) -> list[str]:
    out: list[str] = []
    comparison = a.comparison()
    if comparison is not None:
        header, rows = attempts_table(a.attempt_facts())
        out += [f"**Attempts** ({len(a.all_attempts)}; the figures above are the latest):", "",
                "| " + " | ".join(header) + " |", "|---|" + "---:|" * (len(header) - 1)]
        out += ["| " + " | ".join(esc(c) for c in r) + " |" for r in rows]
        out += ["", esc(comparison["summary"]), ""]
    outline = outline_of(review, a)
    if outline:
        out += ["**Outline of a strong answer:**", ""]
        out += [f"{i}. {esc(beat)}" for i, beat in enumerate(outline, start=1)] + [""]
    return out


def skills_md(review: SessionReview, esc: Callable[[str], str]) -> list[str]:
    rows = review.skill_rows
    if not rows or not review.answered:
        return []
    header, cells = skills_table(review)
    out = ["", "## Skills matrix", "",
           "✓ shown by that answer, · the question exercises the skill but the answer did not "
           "show it.", "", "| " + " | ".join(header) + " |",
           "|---|" + ":---:|" * (len(header) - 1)]
    out += ["| " + " | ".join(esc(c) for c in r) + " |" for r in cells]
    out.append("")
    for row in rows:
        if row.shown:
            quotes = "; ".join(f"“{esc(e.quote)}” ({esc(e.question_id)})" for e in row.evidence)
            out.append(f"- **{esc(row.name)}**: {quotes}")
        elif row.tip:
            out.append(f"- **{esc(row.name)}**: {esc(row.tip)}")
    return out


# ---------------------------------------------------------------- HTML

def _e(value: Any) -> str:
    return _html.escape(str(value), quote=True)


def answer_html(review: SessionReview, a: AnswerReview,
                audio_tag: Callable[[Any, str, str], str]) -> str:
    parts: list[str] = []
    comparison = a.comparison()
    if comparison is not None:
        header, rows = attempts_table(a.attempt_facts())
        parts.append(f'<h3>Your {len(a.all_attempts)} tries</h3><table class="attempts">'
                     "<tr>" + "".join(f'<th class="n">{_e(h)}</th>' for h in header) + "</tr>")
        for r in rows:
            parts.append("<tr><th>" + _e(r[0]) + "</th>"
                         + "".join(f'<td class="n">{_e(c)}</td>' for c in r[1:]) + "</tr>")
        parts.append(f'</table><p class="comparison"><strong>{_e(comparison["summary"])}'
                     "</strong></p>")
        for earlier in a.earlier:
            parts.append(f'<details class="earlier"><summary>Try {earlier.attempt}'
                         + (f" · score {earlier.score:.0f}" if earlier.score is not None else "")
                         + "</summary>")
            if earlier.audio is not None:
                parts.append(audio_tag(earlier.audio, "attempt-audio",
                                       f"Try {earlier.attempt}, question {a.index}"))
            if earlier.transcript is not None:
                parts.append(f"<p>{_e(earlier.transcript.text)}</p>")
            parts.append("</details>")
    outline = outline_of(review, a)
    if outline:
        parts.append('<h3>Outline of a strong answer</h3><ol class="outline">'
                     + "".join(f"<li>{_e(b)}</li>" for b in outline) + "</ol>")
    if not parts:
        return ""
    return f'<section class="progress" id="q{a.index}-progress">' + "".join(parts) + "</section>"


def skills_html(review: SessionReview) -> str:
    rows = review.skill_rows
    if not rows or not review.answered:
        return ""
    header, cells = skills_table(review)
    out = ['<h2>Skills matrix</h2><p class="meta">✓ shown by that answer, · the question '
           'exercises the skill but the answer did not show it.</p><table class="skills"><tr>'
           + "".join(f"<th>{_e(h)}</th>" for h in header) + "</tr>"]
    for row, r in zip(rows, cells):
        out.append(f'<tr data-skill="{_e(row.id)}" data-shown="{str(row.shown).lower()}">'
                   f"<th>{_e(r[0])}</th>" + "".join(f"<td>{_e(c)}</td>" for c in r[1:])
                   + "</tr>")
    out.append('</table><ul class="skill-evidence">')
    for row in rows:
        if row.shown:
            quotes = "; ".join(f"“{_e(e.quote)}” ({_e(e.question_id)})" for e in row.evidence)
            out.append(f"<li><strong>{_e(row.name)}</strong>: {quotes}</li>")
        elif row.tip:
            out.append(f'<li class="missing-skill"><strong>{_e(row.name)}</strong>: '
                       f"{_e(row.tip)}</li>")
    out.append("</ul>")
    return "".join(out)

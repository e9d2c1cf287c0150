"""Rendering a `History`: a terminal table with sparklines, or HTML with inline SVG charts."""

from __future__ import annotations

from mockinterview.history import METRICS, History, Trend, sparkline
from mockinterview.report.common import num
from mockinterview.report.text import table
from mockinterview.lexicon import GROUP_LABELS

SHORT = {"wpm": "WPM", "fillers_per_min": "Fillers/min", "pauses_per_min": "Pauses/min",
         "star": "STAR %", "coverage": "Points %", "score": "Score"}
ARROWS = {"better": "better", "worse": "worse", "same": "steady", "n/a": ""}


def _fmt(metric_key: str, value: float | None) -> str:
    return num(value, 1 if metric_key in ("fillers_per_min", "pauses_per_min") else 0)


def _weak_lines(h: History) -> list[str]:
    lines = []
    if h.weakest_group:
        label = GROUP_LABELS.get(h.weakest_group, h.weakest_group)
        lines.append(f"Weakest group: {label} (average score "
                     f"{num(h.group_scores[h.weakest_group])})")
    if h.weak_questions:
        lines.append("Weakest questions (latest score):")
        for q in h.weak_questions[:5]:
            text = q.text if len(q.text) <= 70 else q.text[:69] + "…"
            lines.append(f"  {num(q.score):>3}  {q.id}: {text}")
        lines.append("Practise them: mockinterview practice --focus weak")
    return lines


def render_text(h: History) -> str:
    """Per-session table, trend lines with sparklines, the weakest group and questions."""
    if not h.points:
        return "No answered sessions yet: start one with `mockinterview practice`.\n"
    header = ("Date", "Bank", "Answered") + tuple(SHORT[m.key] for m in METRICS)
    rows = [header]
    for p in h.points:
        rows.append((p.date, p.bank, f"{p.answered}/{p.asked}")
                    + tuple(_fmt(m.key, getattr(p, m.key)) for m in METRICS))
    out = [f"Progress over {len(h.points)} session{'s' if len(h.points) != 1 else ''} "
           "(oldest first)", ""]
    out += table(rows, right=set(range(2, len(header))))
    out += ["", "Trends:"]
    trend_rows = [("", "", "first", "last", "")]
    for t in h.trends:
        trend_rows.append((t.metric.label, sparkline(t.values), _fmt(t.metric.key, t.first),
                           _fmt(t.metric.key, t.last), ARROWS[t.direction]))
    out += ["  " + line for line in table(trend_rows, right={2, 3})]
    weak = _weak_lines(h)
    if weak:
        out += [""] + weak
    out += _question_lines(h) + _skill_lines(h)
    return "\n".join(out) + "\n"


def _question_lines(h: History) -> list[str]:
    """Questions answered more than once (attempts and sessions), with their score trend."""
    repeated = [q for q in h.question_trends if len(q.tries) > 1]
    if not repeated:
        return []
    rows = [("", "tries", "scores", "first", "last", "")]
    for q in repeated:
        known = [v for v in q.scores if v is not None]
        rows.append((q.id, str(len(q.tries)), sparkline(q.scores), num(known[0]),
                     num(known[-1]), ARROWS[q.direction]))
    return ["", "Questions you answered more than once (every try, oldest first):"] + [
        "  " + line for line in table(rows, right={1, 3, 4})]


def _skill_lines(h: History) -> list[str]:
    """Skills against sessions (✓ shown, · not shown, blank: not in that session's bank)."""
    if not h.skills:
        return []
    marks = {True: "✓", False: "·", None: " "}
    rows = [("Skill", "sessions")] + [(k.name, "".join(marks[v] for v in k.shown))
                                      for k in h.skills]
    out = ["", "Skills by session (✓ shown, · not shown; oldest first):"]
    out += ["  " + line for line in table(rows, right=set())]
    for k in h.skills:
        if k.quote:
            out.append(f'  {k.name}: "{k.quote["quote"]}" ({k.quote["question_id"]})')
        elif k.tip:
            out.append(f"  {k.tip}")
    return out


def _chart(t: Trend, dates: list[str], window: tuple[float, float]) -> str:
    """A small SVG line chart of one measure over the sessions."""
    from html import escape  # late: the text view needs none of it

    w, hgt, pad = 320, 120, 24
    known = [v for v in t.values if v is not None]
    if not known:
        return ""
    lo, hi = min(known), max(known)
    if t.metric.key in ("star", "coverage", "score"):
        lo, hi = 0.0, 100.0
    elif t.metric.key == "wpm":
        lo, hi = min(lo, window[0] - 10), max(hi, window[1] + 10)
    else:
        lo = 0.0
        hi = hi if hi > lo else lo + 1
    n = len(t.values)

    def x(i: int) -> float:
        return pad + (i / (n - 1) if n > 1 else 0.5) * (w - 2 * pad)

    def y(v: float) -> float:
        return hgt - pad + 8 - (v - lo) / (hi - lo) * (hgt - 2 * pad)

    parts = [f'<svg class="chart" viewBox="0 0 {w} {hgt}" role="img" '
             f'aria-label="{escape(t.metric.label)} per session">']
    if t.metric.key == "wpm":
        top, bottom = y(window[1]), y(window[0])
        parts.append(f'<rect x="{pad}" y="{top:.1f}" width="{w - 2 * pad}" '
                     f'height="{bottom - top:.1f}" fill="#e3f4e6"><title>target pace '
                     f'{window[0]:.0f}–{window[1]:.0f} wpm</title></rect>')
    parts.append(f'<text x="2" y="{y(hi) + 4:.1f}" font-size="10">{_fmt(t.metric.key, hi)}'
                 f'</text><text x="2" y="{y(lo) + 4:.1f}" font-size="10">'
                 f'{_fmt(t.metric.key, lo)}</text>')
    pts = [(x(i), y(v), v, i) for i, v in enumerate(t.values) if v is not None]
    parts.append('<polyline fill="none" stroke="#1d5fbf" stroke-width="2" points="'
                 + " ".join(f"{px:.1f},{py:.1f}" for px, py, _, _ in pts) + '"/>')
    for px, py, v, i in pts:
        parts.append(f'<circle cx="{px:.1f}" cy="{py:.1f}" r="3.5" fill="#1d5fbf"><title>'
                     f'{escape(dates[i])}: {_fmt(t.metric.key, v)}</title></circle>')
    parts.append("</svg>")
    return "".join(parts)


def render_html(h: History) -> str:
    """A self-contained HTML page of the history with one chart per measure."""
    from html import escape  # late: the text view needs none of it

    e = escape
    dates = [p.date for p in h.points]
    charts = []
    for t in h.trends:
        chart = _chart(t, dates, h.pace_window)
        if chart:
            unit = f" ({e(t.metric.unit)})" if t.metric.unit else ""
            charts.append(f'<figure><figcaption>{e(t.metric.label)}{unit}: '
                          f'{_fmt(t.metric.key, t.first)} → {_fmt(t.metric.key, t.last)} '
                          f'<em>{ARROWS[t.direction]}</em></figcaption>{chart}</figure>')
    rows = "".join(
        "<tr>" + "".join(f"<td>{e(c)}</td>" for c in
                         (p.date, p.bank, f"{p.answered}/{p.asked}"))
        + "".join(f'<td class="n">{_fmt(m.key, getattr(p, m.key))}</td>' for m in METRICS)
        + "</tr>" for p in h.points)
    head = "".join(f"<th>{e(c)}</th>" for c in ("Date", "Bank", "Answered")) + "".join(
        f'<th class="n">{e(m.label)}</th>' for m in METRICS)
    weak = "".join(f"<p>{e(line)}</p>" for line in _weak_lines(h))
    css = ("body{font:16px/1.5 system-ui,sans-serif;max-width:60rem;margin:0 auto;padding:1rem}"
           "table{border-collapse:collapse;width:100%}th,td{padding:.25rem .5rem;"
           "border-bottom:1px solid #dde;text-align:left}.n{text-align:right}"
           ".charts{display:flex;flex-wrap:wrap;gap:1rem}figure{margin:0;background:#fff;"
           "border:1px solid #dde;border-radius:6px;padding:.5rem}.chart{width:320px;"
           "height:120px}figcaption{font-size:.9rem}")
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
            "style-src 'unsafe-inline'\"><title>Mock interview progress</title>"
            f"<style>{css}</style></head><body><h1>Mock interview progress</h1>"
            f"<p>{len(h.points)} sessions, oldest first.</p>"
            f'<div class="charts">{"".join(charts)}</div>'
            f"<h2>Sessions</h2><table><tr>{head}</tr>{rows}</table>{weak}"
            + _progress_html(h) + "</body></html>\n")


def _progress_html(h: History) -> str:
    """The per-question trends and the skills by session, as the text report has them."""
    from html import escape

    lines = _question_lines(h) + _skill_lines(h)
    if not lines:
        return ""
    return "<h2>Questions and skills</h2><pre>" + escape("\n".join(lines).strip("\n")) + "</pre>"

"""Formatting shared by the report renderers."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from mockinterview.textfmt import clock  # noqa: F401  (re-exported for the renderers)
from mockinterview.lexicon import STAR_ELEMENTS

if TYPE_CHECKING:
    from mockinterview.report.views import AnswerReview, SessionReview


def num(value: float | None, digits: int = 0) -> str:
    if value is None:
        return "-"
    return f"{value:.{digits}f}"


def session_line(review: SessionReview) -> str:
    """Date, status, answered/asked and average score in one line."""
    started = review.started
    date = started.strftime("%Y-%m-%d %H:%M") if started else "unknown date"
    avg = review.average_score
    line = (f"{date} · {review.status} · {len(review.answered)} of {review.asked} answered"
            f" · average score {num(avg) if avg is not None else '-'}")
    room = review.room_check
    if room is not None:
        floor = ("digital silence" if room.noise_floor_dbfs is None
                 else f"{room.noise_floor_dbfs:.0f} dBFS")
        line += f" · room check: background {floor}" + (f" ({room.verdict})"
                                                        if room.verdict else "")
    return line


SUMMARY_HEADER = ("#", "Question", "Length", "Pace", "Fillers", "STAR", "Points", "Score")


def summary_row(a: AnswerReview, width: int = 44) -> tuple[str, ...]:
    """One row of the summary table (plain strings)."""
    covered, missed = a.talking_points
    points = f"{len(covered)}/{len(covered) + len(missed)}" if covered or missed else "-"
    text = a.text if len(a.text) <= width else a.text[: width - 1] + "…"
    if not a.answered:
        status = {"pending": "not answered", "recording": "interrupted"}.get(a.status, a.status)
        return (str(a.index), text, status, "", "", "", "", "")
    return (str(a.index), text, clock(a.length_s), num(a.wpm),
            "-" if a.filler_total is None else str(a.filler_total),
            a.star_letters or "-", points, num(a.score))


def star_lines(a: AnswerReview) -> list[tuple[str, bool, list[str]]]:
    """(Element name, present, evidence) per STAR element; empty without an analysis."""
    star = a.star
    if star is None:
        return []
    evidence = a.star_quotes
    return [(e.capitalize(), star[e], evidence.get(e, [])) for e in STAR_ELEMENTS]


def star_note(a: AnswerReview) -> str:
    """' (not expected for this question)' when the analysis says no STAR story is expected."""
    return " (not expected for this question)" if a.star_expected is False else ""


def top_tips(review: SessionReview, n: int = 3) -> list[str]:
    """The tips that came up in most answers, with how many when more than one."""
    from mockinterview.report.views import session_top_tips  # late: see report.history

    return [text + (f" (in {count} answers)" if count > 1 else "")
            for text, count in session_top_tips([a.analysis for a in review.answered], n)]


def answer_facts(a: AnswerReview, esc: Callable[[str], str] = str) -> list[str]:
    """'length 1:05', 'pace 140 wpm', 'fillers 5 (um ×2, like ×1, heard in the audio ×2)',
    'pauses 1' for one answer (filler words passed through `esc`; most frequent first, the
    hesitation sounds with no word last)."""
    facts = [f"length {clock(a.length_s)}", f"pace {num(a.wpm)} wpm"]
    if a.filler_total is not None:
        counts = [f"{esc(w)} ×{c}" for w, c in sorted(a.fillers.items(), key=lambda x: -x[1])]
        heard = len(a.analysis.audio_fillers) if a.analysis else 0
        if heard:
            counts.append(f"heard in the audio ×{heard}")
        fillers = ", ".join(counts)
        facts.append(f"fillers {a.filler_total}" + (f" ({fillers})" if fillers else ""))
    quality = a.analysis.audio_quality if a.analysis else None
    facts.append(f"pauses {len(a.pauses)}" if quality is None or quality.pauses_reliable
                 else "pauses not measured")
    return facts


def room_line(a: AnswerReview) -> str | None:
    """The answer's room check in words: background, speech level, how far apart, and what
    was wrong with it (None when the answer was not recorded)."""
    q = a.analysis.audio_quality if a.analysis else None
    if q is None:
        return None
    parts = ["background " + ("digital silence" if q.noise_floor_dbfs is None
                              else f"{q.noise_floor_dbfs:.0f} dBFS")]
    if q.speech_dbfs is not None:
        parts.append(f"speech {q.speech_dbfs:.0f} dBFS")
    if q.snr_db is not None:
        parts.append(f"{q.snr_db:.0f} dB above the background")
    line = "Room: " + ", ".join(parts) + (f" ({q.verdict})" if q.verdict else "") + "."
    if not q.pauses_reliable:
        line += (" Pauses and speaking time from the audio were left out: the voice was too "
                 "close to the background noise to tell them apart.")
    return " ".join([line, *q.problems])

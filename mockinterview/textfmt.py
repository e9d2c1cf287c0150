"""Small text formats shared by the terminal, the feedback and the reports."""

from __future__ import annotations

from typing import Any

from mockinterview.lexicon import STAR_ELEMENTS


def clock(seconds: float | None, unknown: str = "-") -> str:
    """1:05 for 65 seconds; `unknown` when there is no time."""
    if seconds is None:
        return unknown
    s = max(0, int(round(seconds)))
    return f"{s // 60}:{s % 60:02d}"


def star_letters(star: dict[str, Any] | None) -> str:
    """'S-AR': the letter of each STAR element found, '-' for each missing one."""
    star = star or {}
    return "".join(e[0].upper() if star.get(e) else "-" for e in STAR_ELEMENTS)

"""Word lists shared by the analyser, the feedback and the reports (pure data, no imports).

One place for each list, so the STAR detector, the filler rules and the renderers cannot drift
apart.
"""

from __future__ import annotations

# Interview groups of a bank's questions, in the order an interview visits them.
GROUPS: tuple[str, ...] = ("general", "experience", "role_specific", "behavioral")
GROUP_LABELS: dict[str, str] = {
    "general": "General",
    "experience": "Experience and background",
    "role_specific": "Role-specific",
    "behavioral": "Behavioural",
}

# The STAR elements, in the order they are told, scored and shown.
STAR_ELEMENTS: tuple[str, ...] = ("situation", "task", "action", "result")

# Irregular past-tense forms (the regular ones end in -ed). The STAR detector counts them as
# past actions unless they are states or background (analysis/star.py `NOT_ACTIONS`).
IRREGULAR_PAST: frozenset[str] = frozenset({
    "made", "took", "went", "spoke", "sat", "gave", "told", "said", "wrote", "built", "got",
    "found", "brought", "kept", "led", "met", "ran", "sent", "came", "chose", "began", "drew",
    "drove", "held", "left", "paid", "saw", "sold", "stood", "taught", "won", "caught",
    "fought", "bought", "dealt", "rang", "rewrote", "rebuilt", "redid", "undertook", "oversaw",
    "overcame", "sought", "stuck", "threw", "woke", "did", "spent", "lent", "fed", "hung",
    "flew", "rode", "swam", "tore", "wore", "broke", "froze", "shook", "stole", "drank",
    "forgave", "forgot", "withdrew", "hid", "lit", "slept", "swept", "wept", "span", "spun",
    "dug", "struck", "strode", "sang", "rose", "fled", "knelt", "clung",
    "thought", "knew", "felt", "fell"})

# The everyday irregular past forms that mark "like" before them as a filler ("i like went
# over"): only unambiguous ones, since many rarer forms are also nouns ("like rose").
COMMON_IRREGULAR_PAST: frozenset[str] = frozenset({
    "went", "said", "told", "took", "made", "gave", "came", "got", "ran", "sat", "saw",
    "thought", "knew", "felt", "left", "brought", "bought", "kept"})

"""Feedback from an answer's measures: scores, strengths, the three most useful tips and
a one-sentence headline to speak.

Scores (0-100 per dimension; None when the answer gives nothing to measure it by):

- pace: 100 inside [pace_min_wpm, pace_max_wpm]; outside, minus `pace_points_per_wpm` per
  word a minute beyond the nearer edge (floor 0).
- fillers: r = (filled pauses + discourse fillers) per 100 words; 100 at r <= filler_ok,
  0 at r >= filler_bad, a straight line between.
- pauses (timed answers only): p = long pauses per minute of answer; 100 - 25 * (p -
  pauses_ok_per_min) when above the allowance, minus 10 per pause of pause_long_s or more.
- length: seconds d (measured, or words / estimate_wpm for untimed answers) against the
  question's target [min, max] (settings default without a question): 100 inside;
  100 * d / min when short; 100 - 100 * (d - max) / max when long (0 at twice the max).
- structure (behavioural questions only): 25 per STAR element present; an Action told only
  as "we" earns 12.5; a hypothetical ("I would...") answer scores at most 25.
- content (with a question): 100 * covered talking points / all talking points.
- confidence: h = hedges per 100 words; 100 at h <= hedge_ok, 0 at h >= hedge_bad, linear;
  minus 10 per stack of hedges.
- overall: the weighted mean of the available scores (weights in WEIGHTS), capped at
  short_answer_max_score for a very short answer; 0 for an empty answer.
"""

from __future__ import annotations

from typing import Any

from mockinterview.analysis.result import AnalysisResult, Measures, Tip
from mockinterview.analysis.star import ELEMENTS
from mockinterview.settings import AnalysisSettings
from mockinterview.textfmt import clock

WEIGHTS = {"content": 0.25, "structure": 0.25, "fillers": 0.15, "length": 0.10,
           "pace": 0.10, "confidence": 0.10, "pauses": 0.05}
ASK_OUTCOME = "And what was the outcome?"
ASK_OWN_PART = "What did you do yourself?"


def _linear(value: float, ok: float, bad: float) -> int:
    if value <= ok:
        return 100
    if value >= bad:
        return 0
    return int(round(100 * (bad - value) / (bad - ok)))


def _clamp(x: float) -> int:
    return int(round(max(0.0, min(100.0, x))))


def answer_seconds(m: Measures, s: AnalysisSettings) -> tuple[float | None, bool]:
    """Length of the answer in seconds and whether it is an estimate from the word count."""
    if m.duration_s is not None:
        start = m.first_word_s or 0.0
        # The clock starts at the first word: thinking time is not answer length.
        return max(0.0, m.duration_s - start), False
    if m.word_count:
        return m.word_count / s.estimate_wpm * 60.0, True
    return None, True


def target_window(m: Measures, s: AnalysisSettings) -> tuple[int, int]:
    if m.target_min_s is not None and m.target_max_s is not None:
        return m.target_min_s, m.target_max_s
    return s.default_target_min_s, s.default_target_max_s


def compute_scores(m: Measures, s: AnalysisSettings) -> dict[str, int | None]:
    """Per-dimension scores and "overall" (formulas in the module docstring)."""
    scores: dict[str, int | None] = dict.fromkeys(WEIGHTS)
    if m.wpm is not None:
        dist = max(0.0, s.pace_min_wpm - m.wpm, m.wpm - s.pace_max_wpm)
        scores["pace"] = _clamp(100 - s.pace_points_per_wpm * dist)
    if m.word_count:
        rate = 100.0 * m.all_fillers / m.word_count  # audio-only hesitations count too
        scores["fillers"] = _linear(rate, s.filler_ok_per_100, s.filler_bad_per_100)
        hedge_rate = 100.0 * len(m.hedges) / m.word_count
        scores["confidence"] = _clamp(_linear(hedge_rate, s.hedge_ok_per_100,
                                              s.hedge_bad_per_100) - 10 * m.hedge_stacks)
    seconds, _ = answer_seconds(m, s)
    if m.timing_source != "none" and seconds and m.audio_reliable:
        per_min = len(m.pauses) / max(seconds / 60.0, 1e-9)
        long_ones = sum(1 for p in m.pauses if p.duration_s >= s.pause_long_s)
        scores["pauses"] = _clamp(100 - 25 * max(0.0, per_min - s.pauses_ok_per_min)
                                  - 10 * long_ones)
    if seconds is not None and m.word_count:
        lo, hi = target_window(m, s)
        if seconds < lo:
            scores["length"] = _clamp(100 * seconds / lo)
        elif seconds > hi:
            scores["length"] = _clamp(100 - 100 * (seconds - hi) / hi)
        else:
            scores["length"] = 100
    if m.star_expected:
        star = m.star
        pts = sum(25.0 for e in ("situation", "task", "result") if star.present[e])
        if star.present["action"]:
            pts += 25.0
        elif star.we_only:  # steps told only as "we": half the credit, and a tip
            pts += 12.5
        if star.hypothetical:
            pts = min(pts, 25.0)
        scores["structure"] = _clamp(pts)
    if m.points is not None:
        total = len(m.points.covered) + len(m.points.missed)
        scores["content"] = _clamp(100 * len(m.points.covered) / total) if total else None
    available = {k: v for k, v in scores.items() if v is not None}
    if not m.word_count:
        overall = 0
    elif available:
        weight = sum(WEIGHTS[k] for k in available)
        overall = _clamp(sum(WEIGHTS[k] * v for k, v in available.items()) / weight)
    else:
        overall = 0
    if m.very_short:
        overall = min(overall, s.short_answer_max_score)
    scores["overall"] = overall
    return scores


# ------------------------------------------------------------------ tips

def _quote(words: list[str]) -> str:
    quoted = [f"'{w}'" for w in words]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " and " + quoted[-1]


def _filler_tip(m: Measures, s: AnalysisSettings) -> Tip | None:
    total = m.all_fillers
    if not m.word_count or 100.0 * total / m.word_count <= s.filler_ok_per_100:
        return None
    counts = sorted(m.fillers.items(), key=lambda kv: -kv[1])
    if not counts:  # all of them heard only in the audio
        return _audio_filler_tip(m)
    word, n = counts[0]
    if n >= 3:
        events = [e for e in m.filler_events if e.word == word]
        text = f"You said '{word}' {n} times"
        per_min = m.rate_per_min(n)
        if per_min is not None:
            text += f", {per_min:g} a minute"
    else:
        # No single word stands out: count them all together.
        events = list(m.filler_events)
        text = f"You used {total} filler words ({100.0 * total / m.word_count:.1f} per 100 words)"
    timed = [e for e in events if e.start is not None]
    if timed:
        after_pause = [e for e in timed if any(abs(p.end_s - e.start) < 0.6 for p in m.pauses)]
        if len(after_pause) * 2 > len(timed):
            text += ", most after a pause"
        text += ": at " + ", ".join(clock(e.start) for e in timed[:3])
    others = [f"'{w}' {c}" for w, c in (counts[1:3] if n >= 3 else counts[:4])]
    if others:
        text += f" ({'also ' if n >= 3 else ''}{', '.join(others)})"
    if m.audio_fillers:
        text += (f"; and {len(m.audio_fillers)} 'um' or 'uh' heard in the audio at "
                 + ", ".join(clock(f.start_s) for f in m.audio_fillers[:3]))
    text += (". When you need a moment, pause silently instead: a short silence sounds "
             "more confident than a filler.")
    evidence = tuple({"word": e.word, "text": e.text, "index": e.index, "start": e.start}
                     for e in m.filler_events[:10]) + _audio_evidence(m)
    return Tip("fillers", text, evidence)


def _audio_evidence(m: Measures) -> tuple[dict[str, Any], ...]:
    return tuple({"heard_in_audio": True, "start": f.start_s, "end": f.end_s}
                 for f in m.audio_fillers[:10])


def _audio_filler_tip(m: Measures) -> Tip:
    n = len(m.audio_fillers)
    text = (f"You made {n} hesitation sound{'s' if n != 1 else ''} ('um', 'uh') heard in the "
            "audio, at " + ", ".join(clock(f.start_s) for f in m.audio_fillers[:3])
            + ". When you need a moment, pause silently instead: a short silence sounds "
            "more confident than a filler.")
    return Tip("fillers", text, _audio_evidence(m))


def _pace_tip(m: Measures, s: AnalysisSettings) -> Tip | None:
    if m.wpm is None or s.pace_min_wpm <= m.wpm <= s.pace_max_wpm:
        return None
    ev = ({"wpm": m.wpm, "speech_s": m.speech_s},)
    if m.wpm < s.pace_min_wpm:
        return Tip("pace", f"You spoke at {m.wpm:.0f} words a minute, slower than the "
                           f"{s.pace_min_wpm:.0f}-{s.pace_max_wpm:.0f} most listeners find "
                           "easy; prepare your key points so the words come more readily.", ev)
    return Tip("pace", f"You spoke at {m.wpm:.0f} words a minute, faster than the "
                       f"{s.pace_min_wpm:.0f}-{s.pace_max_wpm:.0f} most listeners follow "
                       "easily; slow down and let each point land.", ev)


def _pause_tip(m: Measures, s: AnalysisSettings, score: int | None) -> Tip | None:
    if score is None or score >= 100 or not m.pauses:
        return None
    longest = max(m.pauses, key=lambda p: p.duration_s)
    text = (f"You paused {len(m.pauses)} time{'s' if len(m.pauses) != 1 else ''} for over "
            f"{s.pause_min_s:g} s (longest {longest.duration_s:.1f} s at "
            f"{clock(longest.start_s)}). Plan your story's steps before you start so you "
            "know what comes next.")
    return Tip("pauses", text, tuple({"start_s": p.start_s, "end_s": p.end_s}
                                     for p in m.pauses[:10]))


def _length_tip(m: Measures, s: AnalysisSettings, score: int | None) -> Tip | None:
    seconds, estimated = answer_seconds(m, s)
    if score is None or score >= 100 or seconds is None:
        return None
    lo, hi = target_window(m, s)
    said = f"about {clock(seconds)}" if estimated else clock(seconds)
    if estimated:
        said += f" ({m.word_count} words)"
    if seconds < lo:
        text = (f"Your answer lasted {said}; aim for {clock(lo)}-{clock(hi)}. Add a concrete "
                "example: what happened, what you did and how it turned out.")
    else:
        text = (f"Your answer lasted {said}; aim for {clock(lo)}-{clock(hi)}. Keep to one "
                "example and its result, and stop there.")
    return Tip("length", text, ({"seconds": round(seconds, 1), "estimated": estimated,
                                 "target_s": {"min": lo, "max": hi}},))


_ELEMENT_ADVICE = {
    "situation": "set the scene in a sentence: where you were and what was going on",
    "task": "say what you had to achieve or what the problem was",
    "action": "walk through the steps you took yourself",
    "result": "finish with the outcome: what changed, ideally with a number or feedback",
}


def _structure_tip(m: Measures) -> Tip | None:
    if not m.star_expected or not m.word_count:
        return None
    star = m.star
    if star.hypothetical:
        quotes = [ev.text for ev in star.hypothetical_cues[:2]]
        return Tip("structure", "You described what you would do (" + _quote(quotes) + "). "
                   "This question asks for a real time it happened: tell one true story - "
                   "the situation, your task, what you did, and the result.",
                   tuple(ev.to_dict() for ev in star.hypothetical_cues))
    if star.we_only:
        # Steps told only as "we" leave the Action missing: ask what *you* did.
        quotes = [ev.text for ev in star.we_evidence[:2]]
        return Tip("structure", "You told the actions as 'we' (" + _quote(quotes) + "). "
                   "Say what you did yourself: 'I called...', 'I set up...'.",
                   tuple(ev.to_dict() for ev in star.we_evidence))
    missing = [e for e in ELEMENTS if not star.present[e]]
    if missing:
        names = [e.capitalize() for e in missing]
        listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
        advice = "; ".join(_ELEMENT_ADVICE[e] for e in missing[:2])
        found = [e for e in ELEMENTS if star.present[e]]
        ev = tuple({"element": e, **x.to_dict()} for e in found for x in star.evidence[e][:1])
        return Tip("structure", f"Your story has no clear {listed}: {advice}.", ev)
    return None


def _content_tip(m: Measures) -> Tip | None:
    if m.points is None or not m.points.missed:
        return None
    missed = m.points.missed
    text = ("You did not mention " + _quote(list(missed)) + ", which this question looks "
            "for" + (f"; you did cover {_quote(list(m.points.covered))}."
                     if m.points.covered else "."))
    return Tip("content", text, tuple({"missed": p} for p in missed))


def _confidence_tip(m: Measures, score: int | None) -> Tip | None:
    if score is None or score >= 100 or not m.hedges:
        return None
    phrases: dict[str, int] = {}
    for h in m.hedges:
        phrases[h.phrase] = phrases.get(h.phrase, 0) + 1
    top = sorted(phrases, key=lambda p: -phrases[p])[:3]
    return Tip("confidence", f"You softened your points {len(m.hedges)} times ("
               + _quote(top) + "). Say what you know plainly: 'I am organised' rather "
               "than 'I guess I'm maybe organised'.",
               tuple(h.to_dict() for h in m.hedges[:10]))


def _repetition_tip(m: Measures) -> Tip | None:
    if not m.repeated_phrases:
        return None
    r = m.repeated_phrases[0]
    return Tip("repetition", f"You said '{r.phrase}' {r.count} times; vary it or cut it.",
               ({"phrase": r.phrase, "indexes": list(r.indexes)},))


def _unrecognised_tip(m: Measures) -> Tip | None:
    if len(m.unrecognised_speech) < 3:
        return None
    times = ", ".join(clock(p.start_s) for p in m.unrecognised_speech[:3])
    return Tip("fillers", f"There were {len(m.unrecognised_speech)} moments of sound without "
               f"words (at {times}): often an 'um' or 'uh' the recogniser did not write down.",
               tuple(p.to_dict() for p in m.unrecognised_speech[:10]))


def _voice_tip(m: Measures) -> Tip | None:
    """One tip on how the voice sounded: monotone first, then trailing off, then rate."""
    v = m.voice
    if v is None or not v.reliable:
        return None
    if v.monotone and v.monotone_spans:
        a, b = max(v.monotone_spans, key=lambda sp: sp[1] - sp[0])
        return Tip("voice", f"From {clock(a)} to {clock(b)} your voice stayed on one note. "
                   "Let your pitch rise and fall with what matters: lift the key words.",
                   tuple({"start": x, "end": y} for x, y in v.monotone_spans[:10]))
    if v.trailing_off:
        times = ", ".join(clock(t) for t in v.trailing_ends[:3])
        return Tip("voice", f"Your voice faded at the ends of sentences (at {times}). Keep "
                   "it up to the last word: the end of a sentence is often its point.",
                   tuple({"end": t} for t in v.trailing_ends[:10]))
    if v.rate_changes:
        a, b, how = v.rate_changes[0]
        return Tip("voice", f"From {clock(a)} to {clock(b)} you spoke much {how} than in the "
                   "rest of the answer. An even pace is easier to follow.",
                   tuple({"start": x, "end": y, "change": c} for x, y, c in v.rate_changes[:10]))
    return None


def build_tips(m: Measures, scores: dict[str, int | None], s: AnalysisSettings) -> list[Tip]:
    """The most useful tips first: ranked by how much the dimension holds the score back."""
    if not m.word_count:
        return [Tip("length", "No answer was heard. Take a breath, think of one example, "
                    "and answer out loud.")]
    candidates: list[tuple[float, Tip]] = []

    def add(tip: Tip | None, dimension: str, boost: float = 0.0) -> None:
        if tip is not None:
            score = scores.get(dimension)
            gap = 100 - (score if score is not None else 70)
            candidates.append((WEIGHTS.get(dimension, 0.05) * gap + boost, tip))

    add(_structure_tip(m), "structure", 10.0 if m.star.hypothetical else 0.0)
    add(_content_tip(m), "content")
    add(_filler_tip(m, s), "fillers")
    add(_unrecognised_tip(m), "fillers", -2.0)
    add(_length_tip(m, s, scores.get("length")), "length", 8.0 if m.very_short else 0.0)
    add(_pace_tip(m, s), "pace")
    add(_pause_tip(m, s, scores.get("pauses")), "pauses")
    add(_confidence_tip(m, scores.get("confidence")), "confidence")
    add(_repetition_tip(m), "repetition", 1.0)
    add(_voice_tip(m), "voice", 1.0)
    candidates.sort(key=lambda c: -c[0])
    tips, seen = [], set()
    for _, tip in candidates:
        if tip.dimension in seen:
            continue
        seen.add(tip.dimension)
        tips.append(tip)
        if len(tips) == s.max_tips:
            break
    return tips


# ------------------------------------------------------------------ strengths, headline

def build_strengths(m: Measures, scores: dict[str, int | None],
                    s: AnalysisSettings) -> list[tuple[str, str]]:
    """(dimension, sentence) for every dimension that went well, best first."""
    out: list[tuple[int, str, str]] = []

    def good(dim: str) -> bool:
        v = scores.get(dim)
        return v is not None and v >= s.strength_min_score

    if not m.word_count or m.very_short:
        return []
    if good("structure"):
        out.append((scores["structure"], "structure",  # type: ignore[arg-type]
                    "A clear story: situation, task, what you did and the result."))
    if good("content") and m.points:
        out.append((scores["content"], "content",  # type: ignore[arg-type]
                    f"You covered {len(m.points.covered)} of the "
                    f"{len(m.points.covered) + len(m.points.missed)} points this question "
                    "looks for."))
    if good("fillers"):
        total = m.all_fillers
        out.append((scores["fillers"], "fillers",  # type: ignore[arg-type]
                    "Fluent: no filler words." if total == 0 else
                    f"Fluent: only {total} filler word{'s' if total != 1 else ''} "
                    f"in {m.word_count} words."))
    if good("pace") and m.wpm is not None:
        out.append((scores["pace"], "pace",  # type: ignore[arg-type]
                    f"An easy pace to follow: {m.wpm:.0f} words a minute."))
    if good("length") and not answer_seconds(m, s)[1]:
        seconds, _ = answer_seconds(m, s)
        out.append((scores["length"], "length",  # type: ignore[arg-type]
                    f"A good length: {clock(seconds)}."))
    if good("confidence") and m.word_count >= 40:
        out.append((scores["confidence"], "confidence",  # type: ignore[arg-type]
                    "You sounded sure of yourself, with little hedging."))
    if good("pauses"):
        out.append((scores["pauses"], "pauses",  # type: ignore[arg-type]
                    "Smooth delivery without long hesitations."))
    order = list(WEIGHTS)
    out.sort(key=lambda x: (-x[0], order.index(x[1])))
    return [(d, text) for _, d, text in out]


_PRAISE = {
    "structure": "That was a clear, well-told story",
    "content": "You covered the points that matter",
    "fillers": "That sounded fluent",
    "pace": "Your pace was easy to follow",
    "length": "That was a good length",
    "confidence": "You sounded confident",
    "pauses": "That flowed well",
}
_NEXT = {
    "structure": "make sure the story has a clear situation, your own actions and the result",
    "content": "mention the points this question is really about",
    "fillers": "pause silently instead of using filler words",
    "length": "aim for the target length",
    "pace": "keep your pace in the easy-listening range",
    "pauses": "plan your steps so you pause less",
    "confidence": "say what you know plainly, without hedging",
    "repetition": "vary the phrases you repeat",
}


def headline(m: Measures, strengths: list[tuple[str, str]], tips: list[Tip]) -> str:
    """One kind sentence to speak after the answer."""
    if not m.word_count:
        return "I didn't catch an answer there; take your time and try again."
    star = m.star
    if m.star_expected and star.hypothetical:
        nxt = "tell me about a real time it happened"
    elif m.star_expected and not star.present["result"] and star.present["action"]:
        nxt = "finish with the result"
    elif tips:
        nxt = _NEXT.get(tips[0].dimension, "keep practising")
    else:
        nxt = ""
    if m.very_short:
        return "Thanks; that was very short, so next time " + (nxt or "give an example") + "."
    praise = _PRAISE[strengths[0][0]] if strengths else "Thank you, that's a good start"
    return f"{praise}; next time, {nxt}." if nxt else f"{praise} - a strong answer."


def follow_up(m: Measures) -> str | None:
    """A follow-up question for a behavioural answer lacking an Action or a Result."""
    if not m.star_expected or not m.word_count:
        return None
    star = m.star
    if not star.present["action"] or star.we_only or star.hypothetical:
        return ASK_OWN_PART
    if not star.present["result"]:
        return ASK_OUTCOME
    return None


def build_feedback(m: Measures, settings: AnalysisSettings = AnalysisSettings()
                   ) -> AnalysisResult:
    """Scores, strengths, tips, headline and follow-up for the measures of one answer."""
    scores = compute_scores(m, settings)
    strengths = build_strengths(m, scores, settings)
    tips = build_tips(m, scores, settings)
    extra: dict[str, Any] = {"pace_min": settings.pace_min_wpm,
                             "pace_max": settings.pace_max_wpm}
    return AnalysisResult(
        measures=m, scores=scores, strengths=tuple(t for _, t in strengths[:3]),
        tips=tuple(tips), headline=headline(m, strengths, tips), follow_up=follow_up(m),
        score=int(scores["overall"] or 0), extra=extra)

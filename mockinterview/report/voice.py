"""The report lines for hesitation sounds heard in the audio and for how the voice sounded,
shared by the text, Markdown and HTML reports (plain strings; each renderer escapes)."""

from __future__ import annotations

from mockinterview.analysis.schema import AnalysisRecord
from mockinterview.report.views import AnswerReview
from mockinterview.textfmt import clock


def _times(values: list[float], most: int = 5) -> str:
    shown = ", ".join(clock(t) for t in values[:most])
    return shown + (f" and {len(values) - most} more" if len(values) > most else "")


def voice_lines(a: AnswerReview) -> list[str]:
    """'Heard in the audio: ...' and 'Voice: ...' for one answer; empty without a recording
    analysed for them (typed answers, older sessions)."""
    return analysis_voice_lines(a.analysis)


def analysis_voice_lines(record: AnalysisRecord | None) -> list[str]:
    """The same lines from a stored analysis (also `analyse` without --json)."""
    if record is None:
        return []
    lines = []
    if record.audio_fillers:
        n = len(record.audio_fillers)
        lines.append(f"Heard in the audio: {n} hesitation sound{'s' if n != 1 else ''} "
                     f"('um', 'uh') with no word in the transcript, at "
                     + _times([f.start_s for f in record.audio_fillers]))
    v = record.voice
    if v is None:
        return lines
    if not v.reliable:
        return lines + ["Voice: not measured (too much room noise to judge pitch and "
                        "loudness reliably)"]
    parts = []
    if v.pitch_median_hz is not None:
        parts.append(f"pitch around {v.pitch_median_hz:.0f} Hz, range "
                     f"{v.pitch_range_st:.1f} semitones")
    if v.monotone is not None:
        if v.monotone_spans:
            parts.append("on one note " + ", ".join(f"from {clock(s)} to {clock(e)}"
                                                    for s, e in v.monotone_spans[:3]))
        else:
            parts.append("monotone" if v.monotone else "varied, not monotone")
    if v.loudness_range_db is not None:
        parts.append(f"loudness range {v.loudness_range_db:.0f} dB across words")
    if v.trailing_off:
        parts.append("fading at the ends of sentences (at "
                     f"{_times(list(v.trailing_ends), 3)})")
    elif v.trailing_off is False:
        parts.append("kept up to the ends of sentences")
    if v.rate_variation is not None:
        # The spread of the phrases' words a minute as a share of their median (voice.py).
        parts.append(f"speaking rate varied by {v.rate_variation * 100:.0f}% between phrases")
    if parts:
        lines.append("Voice: " + "; ".join(parts))
    return lines

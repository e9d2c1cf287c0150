"""Transcripts: recognised words with times. Plain data shared by the recogniser, the
analyser, sessions and reports.

JSON shape (what `transcribe --json` prints and sessions store)::

    {"text": "...", "words": [{"word", "start", "end", "conf"}], "duration_s": float|null,
     "model": str|null}

A typed answer or a plain-text transcript has words without times (start/end None).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Sequence

from mockinterview.errors import MockInterviewError


@dataclass(frozen=True)
class Word:
    word: str
    start: float | None = None  # seconds from the start of the answer recording
    end: float | None = None
    conf: float | None = None  # recogniser confidence 0..1

    def to_dict(self) -> dict[str, Any]:
        return {"word": self.word, "start": self.start, "end": self.end, "conf": self.conf}


@dataclass(frozen=True)
class Transcript:
    words: tuple[Word, ...] = ()
    text: str = ""
    duration_s: float | None = None  # length of the recording, when there is one
    model: str | None = None  # name of the model that produced it

    @property
    def timed(self) -> bool:
        """True when every word has start and end times."""
        return bool(self.words) and all(w.start is not None and w.end is not None
                                        for w in self.words)

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "words": [w.to_dict() for w in self.words],
                "duration_s": self.duration_s, "model": self.model}

    @classmethod
    def from_text(cls, text: str, duration_s: float | None = None) -> "Transcript":
        """Untimed words from plain text (typed answers, .txt transcripts)."""
        words = tuple(Word(w) for w in re.findall(r"[\w'’-]+", text))
        return cls(words=words, text=" ".join(text.split()), duration_s=duration_s)

    @classmethod
    def from_dict(cls, data: Any, source: str = "transcript") -> "Transcript":
        """Parse the JSON shape above; raise MockInterviewError naming what is wrong."""
        if not isinstance(data, dict):
            raise MockInterviewError(f"{source}: expected a JSON object with 'text' and 'words'")
        raw_words = data.get("words", [])
        if not isinstance(raw_words, list):
            raise MockInterviewError(f"{source}: 'words' must be a list")
        words = []
        for i, w in enumerate(raw_words):
            if not isinstance(w, dict) or not isinstance(w.get("word"), str):
                raise MockInterviewError(f"{source}: word {i} must be an object with a 'word'")
            times = [w.get(k) for k in ("start", "end", "conf")]
            if any(t is not None and not _finite(t) for t in times):
                # NaN and Infinity too: JSON readers accept them, and no time is infinite.
                raise MockInterviewError(f"{source}: word {i} has a time or conf that is not "
                                         f"a finite number")
            start, end, conf = (None if t is None else float(t) for t in times)
            if start is not None and end is not None and (start < 0 or end < start):
                raise MockInterviewError(f"{source}: word {i} ends before it starts")
            words.append(Word(w["word"], start, end, conf))
        text = data.get("text")
        if not isinstance(text, str):
            text = " ".join(w.word for w in words)
        duration = data.get("duration_s")
        if duration is not None and (not _finite(duration) or duration < 0):
            raise MockInterviewError(f"{source}: 'duration_s' must be a positive number")
        model = data.get("model")
        return cls(tuple(words), text, None if duration is None else float(duration),
                   model if isinstance(model, str) else None)


def _finite(value: Any) -> bool:
    return (isinstance(value, (int, float)) and not isinstance(value, bool)
            and math.isfinite(value))


def said(words: Sequence[Word], index: int | None, end_index: int | None) -> str | None:
    """Words index..end_index as the candidate said or typed them ("I phoned IT"), for a
    quote the analyser stored by position in its normalised form; None when the positions
    do not fit these words."""
    if index is None or end_index is None or not 0 <= index <= end_index < len(words):
        return None
    text = " ".join(w.word for w in words[index:end_index + 1]).strip(" .,;:!?\"'()")
    return text or None


def load_transcript(path: Path) -> Transcript:
    """A `.json` transcript (shape above) or a `.txt` of plain text."""
    try:
        raw = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise MockInterviewError(f"cannot read {path}: {exc}") from None
    if path.suffix.lower() == ".json":
        from mockinterview.safefiles import loads_bounded

        try:  # bounded: a transcript nested 100,000 deep is an error, not a RecursionError
            data = loads_bounded(raw)
        except ValueError as exc:
            raise MockInterviewError(f"{path}: not valid JSON ({exc})") from None
        return Transcript.from_dict(data, str(path))
    return Transcript.from_text(raw)

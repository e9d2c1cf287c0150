"""Build real session folders for tests: eSpeak NG answer WAVs with known word times.

Each answer is synthesised word by word with `espeak-ng` and joined with short gaps, so
every word's start and end in the WAV are known exactly (test inputs, not recognition).
`<pause 1.5>` in the spoken text inserts 1.5 s of silence. The folder is written with
`Session.create` / `write_answer_json` / `update_question` / `set_status`, exactly the way
the interview writes it. Analyses come from the real analyser when it is installed, or are
given explicitly per answer.

    from tests.sessionfactory import AnswerSpec, make_session
    s = make_session(tmp / "recordings", [AnswerSpec("great-candidate", "I am um organised")])
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import wave
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable

import numpy as np

from mockinterview.analysis.schema import (AnalysisRecord, FillerMark, PauseMark, Points, Span,
                                          TipRecord)
from mockinterview.audio.vad import speech_segments
from mockinterview.audio.wavfile import PIPELINE_RATE, resample, write_wav
from mockinterview.sessions import Session
from mockinterview.transcript import Transcript, Word

WORD_GAP_S = 0.08  # silence between words
LEAD_S = 0.5  # silence before the first word (time to first word)
TAIL_S = 0.4
_PAUSE_RE = re.compile(r"<pause\s+([\d.]+)>")


def have_espeak() -> bool:
    return shutil.which("espeak-ng") is not None


@lru_cache(maxsize=4096)
def _word_audio(word: str, voice: str, rate: int) -> bytes:
    """One word spoken by eSpeak NG as 16 kHz int16 bytes, silence trimmed."""
    wav = subprocess.run(["espeak-ng", "-v", voice, "-s", str(rate), "--stdout", word],
                         check=True, capture_output=True).stdout
    with wave.open(io.BytesIO(wav)) as w:
        file_rate = w.getframerate()
        raw = w.readframes(w.getnframes())
    x = np.frombuffer(raw, "<i2").astype(np.float32) / 32768.0
    x = resample(x, file_rate, PIPELINE_RATE)
    loud = np.flatnonzero(np.abs(x) > 0.01)
    if len(loud):
        x = x[loud[0]: loud[-1] + 1]
    return (np.clip(x, -1, 1) * 32767).astype("<i2").tobytes()


def speak(text: str, voice: str = "en-us", rate: int = 175) -> tuple[np.ndarray, list[Word]]:
    """Speak `text` word by word; return 16 kHz int16 samples and the words with their times."""
    tokens: list[tuple[str, float]] = []  # (word, silence before it)
    pending = 0.0
    for part in _PAUSE_RE.split(text):
        if re.fullmatch(r"[\d.]+", part or ""):
            pending += float(part)
            continue
        for w in re.findall(r"[\w'’-]+", part):
            tokens.append((w, pending))
            pending = 0.0
    unique = sorted({w.lower() for w, _ in tokens})
    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(lambda w: _word_audio(w, voice, rate), unique))
    chunks = [np.zeros(int(LEAD_S * PIPELINE_RATE), np.int16)]
    cursor = LEAD_S
    words = []
    for i, (w, pause) in enumerate(tokens):
        gap = pause if pause else (WORD_GAP_S if i else 0.0)
        chunks.append(np.zeros(int(round(gap * PIPELINE_RATE)), np.int16))
        cursor += int(round(gap * PIPELINE_RATE)) / PIPELINE_RATE
        audio = np.frombuffer(_word_audio(w.lower(), voice, rate), np.int16)
        start = cursor
        cursor += len(audio) / PIPELINE_RATE
        chunks.append(audio)
        words.append(Word(w, round(start, 3), round(cursor, 3), 1.0))
    chunks.append(np.zeros(int((TAIL_S + pending) * PIPELINE_RATE), np.int16))
    return np.concatenate(chunks), words


@dataclass
class AnswerSpec:
    """One answer to build. `analysis`: given explicitly, else from the real analyser."""

    question_id: str
    spoken: str
    group: str | None = None  # default: from the bank
    question: str | None = None  # default: from the bank
    # The analysis JSON, or a function of the answer's words giving it (see `scripted`);
    # None: the real analyser's, when it is installed.
    analysis: dict[str, Any] | Callable[[list[Word]], dict[str, Any]] | None = None
    status: str = "answered"
    drop: set[str] = field(default_factory=set)  # files to leave out: audio, transcript, analysis
    follow_up: str | None = None


def analyse(transcript: Transcript, samples: np.ndarray, question_id: str,
            bank_id: str) -> dict[str, Any] | None:
    """The real analyser's JSON for an answer, or None when it is not installed."""
    try:
        from mockinterview.analysis import analyse_answer  # type: ignore[attr-defined]
    except ImportError:
        return None
    from mockinterview.bank import load_bank
    from mockinterview.settings import load_settings

    question = load_bank(bank_id).get(question_id)
    segments = speech_segments(samples)
    return analyse_answer(transcript, question, segments, load_settings().analysis).to_dict()


def make_session(recordings: Path, answers: list[AnswerSpec], bank_id: str = "medical_secretary",
                 started: datetime | None = None, status: str = "complete",
                 mode: str = "spoken") -> Session:
    """Write a complete session folder with real audio, transcripts and analyses."""
    from mockinterview.bank import load_bank

    bank = load_bank(bank_id)
    questions = []
    for a in answers:
        q = next((q for q in bank.questions if q.id == a.question_id), None)
        questions.append({"id": a.question_id,
                          "group": a.group or (q.group if q else "general"),
                          "text": a.question if a.question is not None else (q.text if q else "?")})
    session = Session.create(recordings, bank.id, bank.title, str(bank.path), questions, mode,
                             {"analysis": {"pause_min_s": 1.0}}, started=started)
    if started is not None:  # a session from the past: its manifest says when it began
        session.manifest["started_at"] = started.astimezone().isoformat(timespec="seconds")
        session.save()
    for i, a in enumerate(answers, start=1):
        if a.status == "pending":
            continue
        files = session.files(i)
        samples, words = speak(a.spoken)
        transcript = Transcript(tuple(words), " ".join(w.word for w in words),
                                round(len(samples) / PIPELINE_RATE, 3), "test-script")
        if "audio" not in a.drop:
            write_wav(files.audio, samples)
            files.audio.chmod(0o600)
        if "transcript" not in a.drop:
            session.write_answer_json(files.transcript, transcript.to_dict())
        if callable(a.analysis):
            analysis = a.analysis(words)
        elif a.analysis is not None:
            analysis = a.analysis
        else:
            analysis = analyse(transcript, samples, a.question_id, bank.id)
        if analysis is not None and "analysis" not in a.drop:
            session.write_answer_json(files.analysis, analysis)
        session.update_question(
            i, status=a.status, duration_s=transcript.duration_s, follow_up=a.follow_up,
            stop_reason="silence",
            files={"audio": files.audio.name, "transcript": files.transcript.name,
                   "analysis": files.analysis.name})
    session.set_status(status)
    return session


def _span(words: list[Word], quote: str | tuple[str, int]) -> Span:
    """Evidence quoting `quote`, at the words of the answer it quotes; (quote, n) quotes its
    n-th occurrence (from 0), for answers that say the same words twice."""
    quote, nth = quote if isinstance(quote, tuple) else (quote, 0)
    norm = [re.sub(r"[^\w']", "", w.word.lower()) for w in words]
    parts = [re.sub(r"[^\w']", "", x.lower()) for x in quote.split()]
    for i in range(len(norm) - len(parts) + 1):
        if norm[i:i + len(parts)] == parts and (nth := nth - 1) < 0:
            last = i + len(parts) - 1
            return Span(quote, i, last, words[i].start, words[last].end)
    raise ValueError(f"the answer does not say {quote!r}")


def scripted_analysis(words: list[Word], *, star: str = "", star_evidence: dict | None = None,
                      covered: tuple[str, ...] = (), missed: tuple[str, ...] = (),
                      score: float | None = None, scores: dict | None = None,
                      tips: tuple[str, ...] = (), headline: str | None = None,
                      fillers: tuple[str, ...] = ("um", "uh", "er", "ah", "hmm"),
                      pause_min_s: float = 1.0) -> dict[str, Any]:
    """Hand-written analysis JSON in the analyser's schema, for tests that must not depend
    on the analyser's rules: timing facts are computed from the words; the judgements (STAR
    letters like "STA" with quoted evidence, talking points, scores, tips) are given."""
    timed = [w for w in words if w.start is not None and w.end is not None]
    duration = round(timed[-1].end + TAIL_S, 3) if timed else None
    speech = sum(w.end - w.start for w in timed) if timed else None
    events = [FillerMark(w.word.lower(), "filled", w.word, w.start, w.end, i, i)
              for i, w in enumerate(words) if w.word.lower() in fillers]
    counts: dict[str, int] = {}
    for ev in events:
        counts[ev.word] = counts.get(ev.word, 0) + 1
    pauses = [PauseMark(a.end, b.start, round(b.start - a.end, 3), "words", i, i + 1)
              for i, (a, b) in enumerate(zip(words, words[1:]))
              if a.end is not None and b.start is not None and b.start - a.end >= pause_min_s]
    span = (timed[-1].end - timed[0].start) if timed else 0
    elements = {"s": "situation", "t": "task", "a": "action", "r": "result"}
    evidence = {e: tuple(_span(words, q) for q in (star_evidence or {}).get(e, ()))
                for e in elements.values()}
    return AnalysisRecord(
        duration_s=duration, speech_s=speech, word_count=len(words),
        wpm=round(len(words) / span * 60, 1) if span else None,
        timing_source="words" if timed else "none",
        fillers=counts, strict_fillers=len(events), filler_events=tuple(events),
        pauses=tuple(pauses),
        star={name: letter in star.lower() for letter, name in elements.items()},
        star_evidence=evidence,
        talking_points=Points(tuple(covered), tuple(missed)),
        scores=dict(scores or {}), score=score,
        tips=tuple(TipRecord("", t) for t in tips), headline=headline,
    ).to_dict()


def scripted(**judgements: Any) -> Callable[[list[Word]], dict[str, Any]]:
    """An AnswerSpec.analysis factory: `scripted_analysis` over the answer's own words."""
    return lambda words: scripted_analysis(words, **judgements)

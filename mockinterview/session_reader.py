"""Reading a session folder back: the manifest, each answer's files and its analysis.

Everything is derived from the folder alone (manifest, WAVs, transcripts, analyses), so an
old session can be re-rendered after the analyser improves. Missing or unreadable answer
files are not errors: the answer carries a note ("recording missing") and the rest loads.
Analyses are loaded with the analyser's own schema (mockinterview.analysis.schema). The view
models for reports, replay and history are in mockinterview.report.views.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from mockinterview.analysis.schema import AnalysisRecord, AudioQuality, SchemaError
from mockinterview.errors import MockInterviewError, SessionError
from mockinterview.safefiles import (UnsafeFileError, WavHeaderError, check_wav_in,
                                     read_json_in)
from mockinterview.sessions import Session
from mockinterview.transcript import Transcript

DEFAULT_PAUSE_S = 1.0


@dataclass
class AnswerRecord:
    """One question of a session and everything kept about its answer."""

    index: int
    id: str
    group: str  # the bank's question group (general, experience, role_specific, behavioral)
    text: str
    status: str  # "pending", "asked", "recording" or "answered"
    follow_up: str | None = None
    duration_s: float | None = None
    audio: Path | None = None  # None when missing
    followup_audio: Path | None = None
    transcript: Transcript | None = None
    analysis: AnalysisRecord | None = None  # None when missing or unreadable (see notes)
    notes: list[str] = field(default_factory=list)
    pause_min_s: float = DEFAULT_PAUSE_S  # the session's [analysis] pause_min_s
    attempt: int = 1  # which attempt at the question this is (the latest, for a question)
    answered_at: str | None = None  # when this attempt's answer ended
    earlier: list["AnswerRecord"] = field(default_factory=list)  # earlier attempts, oldest first


@dataclass
class SessionRecord:
    """A whole session: its manifest and its answers in order."""

    folder: Path
    manifest: dict[str, Any]
    answers: list[AnswerRecord]

    @property
    def id(self) -> str:
        return str(self.manifest.get("id") or self.folder.name)

    @property
    def bank(self) -> str:
        return str(self.manifest.get("bank") or "?")

    @property
    def bank_title(self) -> str:
        return str(self.manifest.get("bank_title") or self.bank)

    @property
    def status(self) -> str:
        return str(self.manifest.get("status") or "unknown")

    @property
    def started(self) -> datetime | None:
        return session_start(self.folder, self.manifest)

    @property
    def room_check(self) -> AudioQuality | None:
        """The room check before the first question, None if there was none or it is not
        one (the manifest is someone else's file)."""
        try:
            raw = self.manifest.get("room_check")
            return None if raw is None else AudioQuality.from_dict(raw, "room_check.")
        except SchemaError:
            return None


def read_session(folder: Path) -> SessionRecord:
    """Load a session folder; raise SessionError only when the manifest itself is unusable."""
    session = Session.open(folder)
    pause_min = _pause_setting(session.manifest)
    answers = []
    for q in session.questions:
        if not isinstance(q, dict):
            continue
        answers.append(_load_answer(session, q, pause_min))
    return SessionRecord(folder, session.manifest, answers)


def _load_answer(session: Session, q: dict[str, Any], pause_min: float) -> AnswerRecord:
    """A question's latest answer, with its earlier attempts loaded the same way."""
    answer = _load_attempt(session, q, pause_min, None)
    attempts = q.get("attempts") if isinstance(q.get("attempts"), list) else []
    for n, attempt in enumerate(attempts, start=1):
        if not isinstance(attempt, dict):
            continue
        fields_ = {k: q.get(k) for k in ("index", "id", "group", "category", "text")}
        earlier = _load_attempt(session, {**fields_, **attempt, "status": "answered"},
                                pause_min, n)
        answer.earlier.append(earlier)
    answer.attempt = len(attempts) + 1
    return answer


def _load_attempt(session: Session, q: dict[str, Any], pause_min: float,
                  attempt: int | None) -> AnswerRecord:
    index = q.get("index") if isinstance(q.get("index"), int) else 0
    qid = str(q.get("id") or f"q{index}")
    follow = q.get("follow_up")
    # "group" since issue 12; sessions written before it say "category".
    group = q.get("group", q.get("category"))
    answer = AnswerRecord(
        index=index, id=qid, group=str(group or "general"),
        text=str(q.get("text") or ""), status=str(q.get("status") or "pending"),
        follow_up=follow if isinstance(follow, str) and follow else None,
        duration_s=_number(q.get("duration_s")), pause_min_s=pause_min,
        attempt=attempt or 1,
        answered_at=q["answer_ended_at"] if isinstance(q.get("answer_ended_at"), str) else None)
    if index < 1:
        answer.notes.append("question has no index in session.json")
        return answer
    defaults = session.files(index, attempt)
    names = q.get("files") if isinstance(q.get("files"), dict) else {}

    def path(kind: str) -> Path:
        # Only plain file names inside the folder: a manifest must not point elsewhere.
        name = names.get(kind)
        if isinstance(name, str) and name and Path(name).name == name:
            return session.folder / name
        return getattr(defaults, kind)

    if answer.status == "pending":
        answer.notes.append("not answered")
        return answer
    if answer.status == "recording":
        answer.notes.append("interrupted while recording")
    # Only regular files in the folder (no links: Session.open checked, open_in re-checks);
    # a WAV is used only when its header is sound.
    audio = path("audio")
    found, problem = _verified_wav(audio)
    if found:
        answer.audio = audio
    elif problem:
        answer.notes.append(f"recording not used ({audio.name}: {problem})")
    elif session.manifest.get("mode") != "typed":
        answer.notes.append(f"recording missing ({audio.name})")
    follow_audio = path("followup_audio")
    found, problem = _verified_wav(follow_audio)
    if found:
        answer.followup_audio = follow_audio
    elif problem:
        answer.notes.append(f"follow-up recording not used ({follow_audio.name}: {problem})")
    tpath = path("transcript")
    try:
        answer.transcript = Transcript.from_dict(_read_json(tpath), tpath.name)
    except FileNotFoundError:
        answer.notes.append(f"transcript missing ({tpath.name})")
    except (OSError, ValueError, MockInterviewError):
        answer.notes.append(f"transcript unreadable ({tpath.name})")
    apath = path("analysis")
    try:
        answer.analysis = AnalysisRecord.from_dict(_read_json(apath))
    except FileNotFoundError:
        answer.notes.append(f"analysis missing ({apath.name})")
    except SchemaError as exc:
        answer.notes.append(f"analysis unreadable ({apath.name}: {exc})")
    except (OSError, ValueError):
        answer.notes.append(f"analysis unreadable ({apath.name})")
    return answer


def _read_json(path: Path) -> Any:
    """A session JSON file read safely; a link or special file is a SessionError."""
    try:
        return read_json_in(path.parent, path.name)
    except UnsafeFileError as exc:
        raise SessionError(str(exc)) from None


def _verified_wav(path: Path) -> tuple[bool, str | None]:
    """(usable, problem): a regular file with a sound WAV header; a link is a SessionError."""
    try:
        check_wav_in(path.parent, path.name, label=path.name)
    except FileNotFoundError:
        return False, None
    except UnsafeFileError as exc:
        raise SessionError(str(exc)) from None
    except WavHeaderError as exc:
        return False, exc.message.removeprefix(f"{path.name}: ")
    except OSError as exc:
        return False, exc.strerror or str(exc)
    return True, None


def session_start(folder: Path, manifest: dict[str, Any]) -> datetime | None:
    """When the session started: the manifest's started_at, else the folder name's date."""
    raw = manifest.get("started_at")
    if isinstance(raw, str):
        try:
            return datetime.fromisoformat(raw)
        except ValueError:
            pass
    m = re.match(r"(\d{8}-\d{6})", folder.name)
    if m:
        return datetime.strptime(m.group(1), "%Y%m%d-%H%M%S")
    return None


def _pause_setting(manifest: dict[str, Any]) -> float:
    settings = manifest.get("settings")
    if isinstance(settings, dict):
        analysis = settings.get("analysis")
        if isinstance(analysis, dict) and _number(analysis.get("pause_min_s")):
            return float(analysis["pause_min_s"])
    return DEFAULT_PAUSE_S



def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value) if value == value else None  # NaN is no number

"""Session folders under recordings/: one folder per practice session, safe against crashes.

Layout (schema_version 1)::

    recordings/<YYYYmmdd-HHMMSS>-<bank>/      0700
        session.json                          0600, rewritten atomically after every change
        q01-<question id>.wav                 the answer, streamed to disk while recording
                                              (a follow-up's answer is appended after 1 s)
        q01-<question id>.followup.wav        a follow-up's answer while it is recorded
        q01-<question id>.transcript.json     Transcript.to_dict() (follow-up words appended)
        q01-<question id>.analysis.json       the analysis (mockinterview.analysis.schema)

`session.json`: schema_version, id, bank (+ bank_title, bank_path), mode, started_at,
updated_at, finished_at, status ("in_progress" | "interrupted" | "complete"), settings, and
`questions` in order, each {index, id, group, text, status ("pending" | "recording" |
"answered"), asked_at, answer_started_at, answer_ended_at, duration_s, stop_reason,
follow_up, files {audio, transcript, analysis}}.

Trying a question again: the entry's own fields always describe its LATEST attempt (so
resume, history and `--focus weak` read the newest answer with no extra work); the earlier
attempts move, oldest first, to the entry's optional `attempts` list, each with the same
per-answer fields (asked_at ... files). Attempt n >= 2 writes `q01-<id>.try<n>.wav` and so
on, so no earlier file is ever renamed or overwritten. The optional top-level
`attempts_per_question` (practice --attempts N) makes resume ask the attempts still owed.
Sessions without either key are one-attempt sessions.
Reports are derived from the folder alone, so they can be re-rendered later.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from mockinterview.atomic import write_json_atomic  # noqa: F401  (tests patch it here)
from mockinterview.errors import MockInterviewError, SessionError
from mockinterview.paths import make_private_dir
from mockinterview import safefiles
from mockinterview.sessioncheck import check_folder_files, check_manifest

SCHEMA_VERSION = 1
MANIFEST = "session.json"
# The fields of a question entry that belong to one attempt at it (see the module docstring).
ATTEMPT_KEYS = ("asked_at", "answer_started_at", "answer_ended_at", "duration_s",
                "stop_reason", "follow_up", "files", "room", "score", "dropped_frames",
                "feedback_latency_s")
MAX_ATTEMPTS = 5  # per question: a retry loop, not a marathon
# A bank question id (bank.py checks the same form), short enough for a file name.
_QUESTION_ID = re.compile(r"^[a-z0-9][a-z0-9_-]{0,199}$")


def now_iso() -> str:
    return datetime.now(timezone.utc).astimezone().isoformat(timespec="seconds")


def read_json(path: Path, max_bytes: int = safefiles.MAX_JSON_BYTES) -> Any:
    """A session's JSON file: a regular file in its folder (no link), bounded in size and
    depth (safefiles.read_json_in); SessionError naming the file otherwise."""
    try:
        return safefiles.read_json_in(path.parent, path.name, max_bytes)
    except FileNotFoundError:
        raise SessionError(f"missing file: {path}") from None
    except safefiles.UnsafeFileError as exc:
        raise SessionError(str(exc)) from None
    except ValueError as exc:
        raise SessionError(f"{path} is unreadable or corrupt "
                           f"({safefiles.json_problem(exc)})") from None
    except OSError as exc:
        raise SessionError(f"{path} is unreadable ({exc.strerror or exc})") from None


@dataclass(frozen=True)
class AnswerFiles:
    audio: Path
    followup_audio: Path
    transcript: Path
    analysis: Path


class Session:
    """A session folder and its manifest. Every change is saved at once, atomically."""

    def __init__(self, folder: Path, manifest: dict[str, Any]) -> None:
        self.folder = folder
        self.manifest = manifest

    # ------------------------------------------------------------ creating and opening

    @classmethod
    def create(cls, recordings: Path, bank_id: str, bank_title: str, bank_path: str,
               questions: list[dict[str, Any]], mode: str, settings: dict[str, Any],
               started: datetime | None = None) -> "Session":
        """Make a new private session folder with its manifest.

        `questions`: [{"id", "group", "text"}] in the order they will be asked.
        """
        try:
            make_private_dir(recordings)
            started = started or datetime.now()
            base = f"{started:%Y%m%d-%H%M%S}-{bank_id}"
            folder, n = recordings / base, 1
            while folder.exists():
                n += 1
                folder = recordings / f"{base}-{n}"
            make_private_dir(folder)
        except OSError as exc:
            raise SessionError(f"cannot create a session folder in {recordings}: "
                               f"{exc.strerror or exc}") from None
        manifest = {
            "schema_version": SCHEMA_VERSION,
            "id": folder.name,
            "bank": bank_id,
            "bank_title": bank_title,
            "bank_path": bank_path,
            "mode": mode,
            "started_at": now_iso(),
            "updated_at": now_iso(),
            "finished_at": None,
            "status": "in_progress",
            "settings": settings,
            "questions": [
                {"index": i, "id": q["id"], "group": q["group"], "text": q["text"],
                 "status": "pending", "files": {}}
                for i, q in enumerate(questions, start=1)
            ],
        }
        session = cls(folder, manifest)
        session.save()
        return session

    @classmethod
    def open(cls, folder: Path) -> "Session":
        """Open an existing session; clear errors for a corrupt, hostile or newer manifest.

        The manifest is checked against its schema (sessioncheck.check_manifest) and every
        file it names must be a regular file in the folder, never a link.
        """
        if not folder.is_dir():
            raise SessionError(f"no session folder at {folder}")
        manifest = read_json(folder / MANIFEST, safefiles.MAX_MANIFEST_BYTES)
        check_manifest(manifest, str(folder / MANIFEST), SCHEMA_VERSION)
        check_folder_files(folder, manifest)
        return cls(folder, manifest)

    # ------------------------------------------------------------ state

    def save(self) -> None:
        self.manifest["updated_at"] = now_iso()
        try:
            write_json_atomic(self.folder / MANIFEST, self.manifest)
        except OSError as exc:
            raise SessionError(f"could not save {self.folder / MANIFEST}: "
                               f"{exc.strerror or exc}. Answers already saved are kept.") from None

    @property
    def questions(self) -> list[dict[str, Any]]:
        return self.manifest["questions"]

    def question(self, index: int) -> dict[str, Any]:
        return self.questions[index - 1]

    def files(self, index: int, attempt: int | None = None) -> AnswerFiles:
        """The default file names of an attempt (default: the latest) at a question."""
        q = self.question(index)
        stem = attempt_stem(index, q["id"], attempt or self.attempt_number(index))
        return AnswerFiles(self.folder / f"{stem}.wav", self.folder / f"{stem}.followup.wav",
                           self.folder / f"{stem}.transcript.json",
                           self.folder / f"{stem}.analysis.json")

    # ------------------------------------------------------------ attempts

    def earlier_attempts(self, index: int) -> list[dict[str, Any]]:
        attempts = self.question(index).get("attempts")
        return attempts if isinstance(attempts, list) else []

    def attempt_number(self, index: int) -> int:
        """Which attempt the entry's own fields describe (1 unless tried again)."""
        return len(self.earlier_attempts(index)) + 1

    def answered_attempts(self, index: int) -> int:
        q = self.question(index)
        return len(self.earlier_attempts(index)) + (q.get("status") == "answered")

    @property
    def attempts_wanted(self) -> int:
        wanted = self.manifest.get("attempts_per_question")
        return wanted if type(wanted) is int and 1 <= wanted <= MAX_ATTEMPTS else 1

    def start_attempt(self, index: int) -> int:
        """Keep the answered latest attempt among the earlier ones and make the question
        askable again; returns the new attempt's number. Saved at once."""
        q = self.question(index)
        if q.get("status") != "answered":
            raise SessionError(f"question {index} has no finished answer to try again")
        if self.attempt_number(index) >= MAX_ATTEMPTS:
            raise SessionError(f"question {index} was already tried {MAX_ATTEMPTS} times")
        snapshot = {"attempt": self.attempt_number(index)}
        for key in ATTEMPT_KEYS:
            if key in q:
                snapshot[key] = q.pop(key)
        q.setdefault("attempts", []).append(snapshot)
        q["status"], q["files"] = "pending", {}
        self.save()
        return self.attempt_number(index)

    def _restore_attempt(self, q: dict[str, Any]) -> None:
        """Undo start_attempt after a crash: the last finished attempt is the latest again."""
        snapshot = dict(q["attempts"].pop())
        snapshot.pop("attempt", None)
        for key in ATTEMPT_KEYS:
            q.pop(key, None)
        q.update(snapshot)
        q["status"] = "answered"
        if not q["attempts"]:
            del q["attempts"]

    def update_question(self, index: int, **fields: Any) -> None:
        self.question(index).update(fields)
        self.save()

    def write_answer_json(self, path: Path, data: Any) -> None:
        try:
            write_json_atomic(path, data)
        except OSError as exc:
            raise SessionError(f"could not save {path}: {exc.strerror or exc}. "
                               "Answers already saved are kept.") from None

    def remaining(self) -> list[int]:
        """Indexes of questions not yet answered (or owed an attempt), in order."""
        wanted = self.attempts_wanted
        return [q["index"] for q in self.questions if q.get("status") != "answered"
                or self.answered_attempts(q["index"]) < wanted]

    def set_status(self, status: str) -> None:
        self.manifest["status"] = status
        if status == "complete":
            self.manifest["finished_at"] = now_iso()
        self.save()

    def recover_interrupted(self) -> list[Path]:
        """Keep the partial audio of an answer cut off by a crash, and make it askable again.

        Returns the partial recordings kept (renamed `*.interrupted.wav`).
        """
        kept = []
        for q in self.questions:
            retry = bool(self.earlier_attempts(q["index"]))
            if q.get("status") in ("pending", "asked") and retry:
                self._restore_attempt(q)  # cut off before recording: nothing to keep
                continue
            if q.get("status") != "recording":
                continue
            files = self.files(q["index"])
            if q.get("phase") == "follow_up" and files.analysis.exists():
                # The main answer was saved before the follow-up: it counts as the answer;
                # only the cut-off follow-up recording is set aside.
                names, q["status"] = ("followup_audio",), "answered"
                q.get("files", {}).pop("followup_audio", None)
            else:
                names, q["status"], q["files"] = ("audio", "followup_audio"), "pending", {}
            q["phase"] = None
            if retry and q["status"] == "pending":
                # A try again cut off: the attempt before it stays the answer (resume asks
                # the retry again only when --attempts still owes it).
                self._restore_attempt(q)
            for name in names:
                path = getattr(files, name)
                try:  # never repair or move a link or a special file
                    exists = safefiles.lstat_in(path.parent, path.name) is not None
                except safefiles.UnsafeFileError as exc:
                    raise SessionError(str(exc)) from None
                if exists:
                    try:  # our own recording, cut off by the crash: fix its header for good
                        from mockinterview.audio.wavfile import repair_wav_header

                        repair_wav_header(path)
                    except OSError:
                        pass
                    target = _free_name(path.with_suffix(".interrupted.wav"))
                    os.replace(path, target)
                    kept.append(target)
        if kept or self.manifest.get("status") == "in_progress":
            self.manifest["status"] = "interrupted"
        self.save()
        return kept


def attempt_stem(index: int, question_id: str, attempt: int) -> str:
    """`q01-<id>` for a first answer, `q01-<id>.try2` for the second attempt and so on."""
    stem = f"q{index:02d}-{question_id}"
    return stem if attempt <= 1 else f"{stem}.try{attempt}"


def _free_name(path: Path) -> Path:
    """`path`, or `name-2.ext`, `name-3.ext`... when it exists (never overwrite a recording)."""
    candidate, n = path, 1
    while candidate.exists():
        n += 1
        candidate = path.with_name(f"{path.stem}-{n}{path.suffix}")
    return candidate


# ------------------------------------------------------------ finding sessions

def session_dirs(recordings: Path) -> list[Path]:
    """Session folders, newest first (folder names start with the date and time)."""
    if not recordings.is_dir():
        return []
    # A link in recordings/ would make a session of files kept elsewhere: not listed.
    return sorted((d for d in recordings.iterdir()
                   if not d.is_symlink() and d.is_dir() and (d / MANIFEST).is_file()),
                  key=lambda d: d.name, reverse=True)


def read_manifest(folder: Path) -> dict | None:
    """The session's manifest, or None when it is missing or unreadable."""
    try:
        data = safefiles.read_json_in(folder, MANIFEST, safefiles.MAX_MANIFEST_BYTES)
    except (OSError, ValueError, MockInterviewError):
        return None
    return data if isinstance(data, dict) else None


def find_session(recordings: Path, name: str | None) -> Path:
    """A session folder by name, path, or unique prefix; the latest when `name` is None."""
    if name:
        as_path = Path(name).expanduser()
        if (as_path / MANIFEST).is_file():
            return as_path
        matches = [d for d in session_dirs(recordings) if d.name.startswith(name)]
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1:
            raise SessionError(f"'{name}' matches {len(matches)} sessions; give more of the name")
        raise SessionError(f"no session '{name}' in {recordings} (see `mockinterview sessions`)")
    dirs = session_dirs(recordings)
    if not dirs:
        raise SessionError(f"no sessions yet in {recordings}; start one with "
                           "`mockinterview practice`")
    return dirs[0]


def recent_question_ids(recordings: Path, bank_id: str, sessions: int = 3) -> list[str]:
    """Question ids asked in the last `sessions` sessions of this bank, most recent first."""
    ids: list[str] = []
    count = 0
    for folder in session_dirs(recordings):
        manifest = read_manifest(folder)
        if not manifest or manifest.get("bank") != bank_id:
            continue
        questions = manifest.get("questions")
        for q in questions if isinstance(questions, list) else []:
            qid = q.get("id") if isinstance(q, dict) else None
            if isinstance(qid, str) and qid not in ids:
                ids.append(qid)
        count += 1
        if count >= sessions:
            break
    return ids

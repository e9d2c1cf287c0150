"""The session manifest's schema, and the checks made before a session folder is trusted.

A session folder may come from anywhere (an import, a backup, a hand-made folder), so
`session.json` is checked against its schema before anything else reads it: version, types,
finite numbers in range, ids, and file names that stay inside the folder. Every file the
manifest names (or that would be used by default) must then be a regular file in the
folder, not a link or a special file. The first problem found is raised as one
SessionError naming the file and the problem.

The bank of a session is found by its id among the known banks; the manifest's
`bank_path` is only a hint, used when it is one of those known bank files.
"""

from __future__ import annotations

import math
import re
from pathlib import Path
from typing import Any

from mockinterview.errors import MockInterviewError, SessionError
from mockinterview.safefiles import UnsafeFileError, check_name, lstat_in

MAX_QUESTIONS = 200
MAX_TEXT = 20_000  # characters in one text field (a question, a follow-up)
MAX_SECONDS = 24 * 3600.0
MAX_ATTEMPTS = 5  # attempts at one question (sessions.MAX_ATTEMPTS)
FILE_KINDS = ("audio", "followup_audio", "transcript", "analysis")
FILE_SUFFIX = {"audio": ".wav", "followup_audio": ".wav", "transcript": ".json",
               "analysis": ".json"}
QUESTION_STATUSES = ("pending", "asked", "recording", "answered")
SESSION_STATUSES = ("in_progress", "interrupted", "complete")
MODES = ("spoken", "files", "typed")

QUESTION_ID = re.compile(r"^[a-z0-9][a-z0-9_-]{0,199}$")
BANK_ID = re.compile(r"^[a-z0-9][a-z0-9_-]{0,99}$")
# Session ids are folder names: "<date>-<time>-<bank>[-n]" when made here; any plain name.
SESSION_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,199}$")


class _Check:
    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, where: str, problem: str) -> SessionError:
        return SessionError(f"{self.source}: {where} {problem}")

    def string(self, obj: dict, key: str, where: str, optional: bool = True,
               limit: int = MAX_TEXT, pattern: re.Pattern | None = None,
               choices: tuple[str, ...] | None = None) -> None:
        if key not in obj or (optional and obj[key] is None):
            if not optional:
                raise self.fail(where, f"has no '{key}'")
            return
        value = obj[key]
        if not isinstance(value, str):
            raise self.fail(where, f"'{key}' must be a string, not {_kind(value)}")
        if len(value) > limit:
            raise self.fail(where, f"'{key}' is too long ({len(value)} characters)")
        if pattern is not None and not pattern.match(value):
            raise self.fail(where, f"'{key}' {_short(value)} is not a valid id")
        if choices is not None and value not in choices:
            raise self.fail(where, f"'{key}' {_short(value)} is not one of "
                                   f"{', '.join(choices)}")

    def number(self, obj: dict, key: str, where: str, low: float, high: float,
               integer: bool = False) -> None:
        if obj.get(key) is None:
            return
        value = obj[key]
        ok = isinstance(value, (int, float)) and not isinstance(value, bool)
        if ok and integer:
            ok = isinstance(value, int)
        if not ok:
            raise self.fail(where, f"'{key}' must be a{'n integer' if integer else ' number'}, "
                                   f"not {_kind(value)}")
        if (isinstance(value, float) and not math.isfinite(value)) or not low <= value <= high:
            raise self.fail(where, f"'{key}' is {_short(value)}, outside {low:g} to {high:g}")


def _kind(value: Any) -> str:
    return {dict: "an object", list: "a list", str: "a string", bool: "true/false",
            int: "a number", float: "a number", type(None): "null"}.get(type(value), "?")


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def check_manifest(manifest: Any, source: str, current_version: int) -> None:
    """Raise SessionError("<source>: <where> <problem>") unless `manifest` fits the schema.

    Unknown keys are allowed (later versions add some); known keys must have their type.
    """
    c = _Check(source)
    if not isinstance(manifest, dict) or not isinstance(manifest.get("questions"), list):
        raise SessionError(f"{source} is not a session manifest")
    version = manifest.get("schema_version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise c.fail("the manifest", f"has no valid 'schema_version' ({_short(version)})")
    if version > current_version:
        raise SessionError(f"{source}: written by a newer mockinterview (session format "
                           f"{version}; this version reads up to {current_version}). Upgrade "
                           "mockinterview to open it.")
    top = "the manifest"
    c.string(manifest, "id", top, pattern=SESSION_ID)
    c.string(manifest, "bank", top, pattern=BANK_ID)
    for key in ("bank_title", "bank_path", "started_at", "updated_at", "finished_at"):
        c.string(manifest, key, top, limit=4096)
    c.string(manifest, "mode", top, choices=MODES)
    c.string(manifest, "status", top, choices=SESSION_STATUSES)
    if manifest.get("settings") is not None and not isinstance(manifest["settings"], dict):
        raise c.fail(top, f"'settings' must be an object, not {_kind(manifest['settings'])}")
    asked = manifest.get("ask_interviewer")
    if asked is not None and not (isinstance(asked, list)
                                  and all(isinstance(x, str) for x in asked)):
        raise c.fail(top, "'ask_interviewer' must be a list of strings")
    c.number(manifest, "attempts_per_question", top, 1, MAX_ATTEMPTS, integer=True)
    questions = manifest["questions"]
    if len(questions) > MAX_QUESTIONS:
        raise c.fail(top, f"has {len(questions)} questions (at most {MAX_QUESTIONS})")
    seen: set[str] = set()
    for number, q in enumerate(questions, start=1):
        where = f"question {number}"
        # File names are built from index and id, so they must be what Session.create wrote.
        if not (isinstance(q, dict) and type(q.get("index")) is int and q["index"] == number
                and isinstance(q.get("id"), str) and QUESTION_ID.match(q["id"])):
            raise SessionError(f"{source} is not a session manifest (question {number} has "
                               "no valid index and id)")
        c.string(q, "group", where, limit=100)
        c.string(q, "category", where, limit=100)  # the name before "group"
        c.string(q, "text", where)
        c.string(q, "status", where, choices=QUESTION_STATUSES)
        c.string(q, "phase", where, choices=("answer", "follow_up"))
        _check_attempt_fields(c, q, where, seen)
        attempts = q.get("attempts")
        if attempts is None:
            continue
        if not isinstance(attempts, list):
            raise c.fail(where, f"'attempts' must be a list, not {_kind(attempts)}")
        if len(attempts) >= MAX_ATTEMPTS:
            raise c.fail(where, f"has {len(attempts) + 1} attempts (at most {MAX_ATTEMPTS})")
        for n, attempt in enumerate(attempts, start=1):
            if not isinstance(attempt, dict):
                raise c.fail(where, f"attempt {n} must be an object, not {_kind(attempt)}")
            c.number(attempt, "attempt", f"{where} attempt {n}", 1, MAX_ATTEMPTS, integer=True)
            _check_attempt_fields(c, attempt, f"{where} attempt {n}", seen)


def _check_attempt_fields(c: _Check, q: dict, where: str, seen: set[str]) -> None:
    """The fields of one answer to a question (its latest attempt, or an earlier one)."""
    for key in ("asked_at", "answer_started_at", "answer_ended_at", "stop_reason"):
        c.string(q, key, where, limit=200)
    follow = q.get("follow_up")
    if follow is not None and not isinstance(follow, (str, dict)):
        raise c.fail(where, f"'follow_up' must be a string, not {_kind(follow)}")
    if isinstance(follow, str) and len(follow) > MAX_TEXT:
        raise c.fail(where, "'follow_up' is too long")
    c.number(q, "duration_s", where, 0, MAX_SECONDS)
    c.number(q, "feedback_latency_s", where, 0, MAX_SECONDS)
    c.number(q, "score", where, 0, 100)
    c.number(q, "dropped_frames", where, 0, 2**53, integer=True)
    files = q.get("files")
    if files is None:
        return
    if not isinstance(files, dict):
        raise c.fail(where, f"'files' must be an object, not {_kind(files)}")
    for kind, name in files.items():
        if kind not in FILE_KINDS:
            raise c.fail(where, f"names an unknown kind of file '{_short(kind)[1:-1]}'")
        if name is None:
            continue
        try:
            check_name(name, f"'{kind}' file name")
        except UnsafeFileError as exc:
            raise SessionError(f"{c.source}: {where}: {exc}") from None
        if not name.endswith(FILE_SUFFIX[kind]):
            raise c.fail(where, f"'{kind}' file {name!r} should end in {FILE_SUFFIX[kind]}")
        if name == "session.json" or name in seen:
            raise c.fail(where, f"'{kind}' file {name!r} is used twice")
        seen.add(name)


def file_tables(q: dict[str, Any]) -> list[tuple[int, dict[str, Any]]]:
    """(attempt number, its `files` object) for every attempt at a question, oldest first;
    an attempt without one gets an empty object (the default names apply)."""
    attempts = q.get("attempts") if isinstance(q.get("attempts"), list) else []
    tables = [(n, a.get("files") if isinstance(a, dict) and isinstance(a.get("files"), dict)
               else {}) for n, a in enumerate(attempts, start=1)]
    latest = q.get("files") if isinstance(q.get("files"), dict) else {}
    return tables + [(len(attempts) + 1, latest)]


def answer_file_names(manifest: dict[str, Any]) -> list[tuple[int, str, str]]:
    """(question index, kind, file name) of every file the session may read or write: the
    names in the manifest, else the default ones (`Session.files`)."""
    out = []
    for q in manifest.get("questions") or []:
        for attempt, named in file_tables(q):
            stem = f"q{q['index']:02d}-{q['id']}" + (f".try{attempt}" if attempt > 1 else "")
            defaults = {"audio": f"{stem}.wav", "followup_audio": f"{stem}.followup.wav",
                        "transcript": f"{stem}.transcript.json",
                        "analysis": f"{stem}.analysis.json"}
            for kind in FILE_KINDS:
                out.append((q["index"], kind, named.get(kind) or defaults[kind]))
    return out


def check_folder_files(folder: Path, manifest: dict[str, Any]) -> None:
    """Every file the session would use is absent or a regular file with one link."""
    try:
        for _, _, name in answer_file_names(manifest):
            lstat_in(folder, name)
    except UnsafeFileError as exc:
        raise SessionError(str(exc)) from None


# ---------------------------------------------------------------- the session's bank

def find_session_bank(manifest: dict[str, Any], source: str):
    """The session's bank: the file `bank_path` names when it is one of the known banks,
    else the known bank with the session's bank id. Nothing else is opened."""
    from mockinterview.bank import available_banks, load_bank

    bank_id = manifest.get("bank")
    known = available_banks()
    hint = manifest.get("bank_path")
    if isinstance(hint, str) and hint:
        try:
            resolved = Path(hint).expanduser().resolve()
        except (OSError, RuntimeError, ValueError):
            resolved = None
        for path in known.values():
            try:
                if resolved is not None and path.resolve() == resolved:
                    return load_bank(str(path))
            except OSError:
                continue
    if isinstance(bank_id, str) and bank_id in known:
        return load_bank(str(known[bank_id]))
    names = ", ".join(sorted(known)) or "none"
    raise MockInterviewError(f"{source}: the session's bank {_short(bank_id)} is not one of "
                             f"the known banks ({names}); put its file in question_bank/")

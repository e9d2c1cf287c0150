"""Session folders under recordings/: one folder per practice session.

Layout (schema_version 1)::

    recordings/<YYYYmmdd-HHMMSS>-<bank>/      0700
        session.json                          0600, rewritten atomically after every answer
        q01-<question id>.wav                 streamed while recording
        q01-<question id>.transcript.json
        q01-<question id>.analysis.json

`session.json` holds at least: schema_version, bank, started_at, status, settings, and
questions in order (each with id and, once answered, times and file names).
"""

from __future__ import annotations

import json
from pathlib import Path

SCHEMA_VERSION = 1
MANIFEST = "session.json"


def session_dirs(recordings: Path) -> list[Path]:
    """Session folders, newest first (folder names start with the date and time)."""
    if not recordings.is_dir():
        return []
    return sorted((d for d in recordings.iterdir() if (d / MANIFEST).is_file()),
                  key=lambda d: d.name, reverse=True)


def read_manifest(folder: Path) -> dict | None:
    """The session's manifest, or None when it is missing or unreadable."""
    try:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def recent_question_ids(recordings: Path, bank_id: str, sessions: int = 3) -> list[str]:
    """Question ids asked in the last `sessions` sessions of this bank, most recent first."""
    ids: list[str] = []
    count = 0
    for folder in session_dirs(recordings):
        manifest = read_manifest(folder)
        if not manifest or manifest.get("bank") != bank_id:
            continue
        for q in manifest.get("questions", []):
            qid = q.get("id") if isinstance(q, dict) else None
            if isinstance(qid, str) and qid not in ids:
                ids.append(qid)
        count += 1
        if count >= sessions:
            break
    return ids

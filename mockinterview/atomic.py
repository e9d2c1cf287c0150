"""Atomic file writes: a crash leaves either the old file or the new one, never half of one.

Every writer goes through `atomic_path`: a private (0600) temporary file in the target's
folder, synced to disk, then renamed over the target with `os.replace`; on any failure the
temporary file is removed and the target is untouched.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any


@contextmanager
def atomic_path(path: Path, mode: int = 0o600) -> Iterator[Path]:
    """A temporary path to write (by any means) that replaces `path` when the block ends.

    The temporary file already exists (empty, 0600) in the same folder; after the block it
    gets `mode`, is fsynced and renamed over `path`. An exception removes it instead.
    """
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        with open(tmp, "rb+") as f:
            os.fsync(f.fileno())
        if mode != 0o600:
            os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        try:
            tmp.unlink()
        except OSError:
            pass
        raise


def write_atomic(path: Path, data: str | bytes, mode: int = 0o600) -> None:
    """Write text (UTF-8) or bytes to `path` atomically."""
    with atomic_path(path, mode) as tmp:
        if isinstance(data, str):
            tmp.write_text(data, encoding="utf-8")
        else:
            tmp.write_bytes(data)


def write_json_atomic(path: Path, data: Any) -> None:
    """Write `data` as indented UTF-8 JSON to `path` atomically (0600)."""
    # Serialise first: data that cannot be written must not leave a temporary file behind.
    text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    write_atomic(path, text)

"""Reading files that someone else may have made: session folders, archives, JSON.

Every file a session names is read through here: a plain name inside one folder, opened
relative to that folder without following a link (`O_NOFOLLOW`), and only when it is a
regular file with a single link (a symbolic link, a hard link, a FIFO, a device or a folder
is refused). A FIFO is opened non-blocking, so it cannot hang the reader. Sizes are bounded
before anything is read into memory, and JSON is parsed with bounds on size and nesting
depth and without NaN or infinite numbers, so a hostile file gives an error, never a
RecursionError or a program that runs out of memory.
"""

from __future__ import annotations

import errno
import json
import math
import os
import re
import stat
import struct
from dataclasses import dataclass
from itertools import accumulate
from pathlib import Path
from typing import Any

from mockinterview.errors import MockInterviewError

# Limits for what a session may hold. An answer is at most a few minutes of 16 kHz mono
# 16-bit audio (~6 MB for 3 minutes); these leave a wide margin without letting a file
# fill the memory.
MAX_MANIFEST_BYTES = 4 * 1024 * 1024
MAX_JSON_BYTES = 16 * 1024 * 1024
MAX_WAV_BYTES = 256 * 1024 * 1024
MAX_JSON_DEPTH = 64

# A file name a session may use: letters, digits, '.', '_' and '-', not starting with a dot.
_SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,254}$")


class UnsafeFileError(MockInterviewError):
    """A file that must not be read: a link, a special file, a name leaving its folder."""


def check_name(name: Any, what: str = "file name") -> str:
    """`name` when it is a plain file name (no folder part, no '..', no odd characters)."""
    if not isinstance(name, str):
        raise UnsafeFileError(f"{what} must be a string, not {type(name).__name__}")
    if not _SAFE_NAME.match(name) or ".." in name:
        shown = name if len(name) <= 80 else name[:77] + "..."
        raise UnsafeFileError(f"{what} {shown!r} is not a plain file name inside the session "
                              "folder")
    return name


def _describe_mode(st: os.stat_result) -> str | None:
    """Why a file is refused (None: it is a regular file with one link)."""
    mode = st.st_mode
    if stat.S_ISLNK(mode):
        return "is a symbolic link"
    if stat.S_ISDIR(mode):
        return "is a folder, not a file"
    if stat.S_ISFIFO(mode):
        return "is a FIFO (named pipe), not a file"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "is a device, not a file"
    if stat.S_ISSOCK(mode):
        return "is a socket, not a file"
    if not stat.S_ISREG(mode):
        return "is not a regular file"
    if st.st_nlink != 1:
        return f"is a hard link ({st.st_nlink} names for one file)"
    return None


def lstat_in(folder: Path, name: str) -> os.stat_result | None:
    """The file's own status (links not followed), or None when there is no such file.

    Raises UnsafeFileError when the entry exists but is not a regular file with one link.
    """
    check_name(name)
    try:
        st = os.lstat(folder / name)
    except FileNotFoundError:
        return None
    except NotADirectoryError:
        raise UnsafeFileError(f"{folder} is not a folder") from None
    problem = _describe_mode(st)
    if problem:
        raise UnsafeFileError(f"{folder / name} {problem}; a session reads only regular "
                              "files in its own folder")
    return st


def open_in(folder: Path, name: str) -> int:
    """A read-only descriptor for the regular file `name` directly inside `folder`.

    The folder's last component and the file are opened without following links; the
    type is checked on the open descriptor (no race between check and open).
    FileNotFoundError when it does not exist; UnsafeFileError when it is not a plain file.
    """
    check_name(name)
    flags = os.O_RDONLY | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOFOLLOW", 0)
    try:
        dfd = os.open(folder, flags | getattr(os, "O_DIRECTORY", 0))
    except FileNotFoundError:
        raise
    except OSError as exc:
        raise UnsafeFileError(f"{folder}: cannot open the folder "
                              f"({exc.strerror or exc})") from None
    try:
        try:
            fd = os.open(name, flags | getattr(os, "O_NONBLOCK", 0), dir_fd=dfd)
        except FileNotFoundError:
            raise
        except OSError as exc:
            if exc.errno in (errno.ELOOP, errno.EMLINK):  # O_NOFOLLOW met a link
                raise UnsafeFileError(f"{folder / name} is a symbolic link; a session reads "
                                      "only regular files in its own folder") from None
            raise UnsafeFileError(f"{folder / name}: cannot open ({exc.strerror or exc})") \
                from None
    finally:
        os.close(dfd)
    try:
        problem = _describe_mode(os.fstat(fd))
        if problem:
            raise UnsafeFileError(f"{folder / name} {problem}; a session reads only regular "
                                  "files in its own folder")
        os.set_blocking(fd, True)
    except BaseException:
        os.close(fd)
        raise
    return fd


def read_bytes_in(folder: Path, name: str, limit: int) -> bytes:
    """The contents of a regular file inside `folder`, refusing more than `limit` bytes."""
    fd = open_in(folder, name)
    with os.fdopen(fd, "rb") as f:
        size = os.fstat(f.fileno()).st_size
        if size > limit:
            raise UnsafeFileError(f"{folder / name} is too large ({_mb(size)}; at most "
                                  f"{_mb(limit)})")
        data = f.read(limit + 1)
    if len(data) > limit:  # grew while being read
        raise UnsafeFileError(f"{folder / name} is too large (more than {_mb(limit)})")
    return data


def _mb(n: int) -> str:
    return f"{n / 1e6:.1f} MB" if n >= 100_000 else f"{n} bytes"


# ---------------------------------------------------------------- bounded JSON

class JSONLimitError(ValueError):
    """JSON refused for its shape (too deep, too large, a number that is not finite)."""


_STRINGS = re.compile(r'"(?:[^"\\]|\\.)*"', re.S)
_NOT_BRACKETS = re.compile(r"[^\[\]{}]+")
_DELTA = {"[": 1, "{": 1, "]": -1, "}": -1}


def json_depth(text: str) -> int:
    """The deepest nesting of arrays and objects in JSON text (strings left out)."""
    brackets = _NOT_BRACKETS.sub("", _STRINGS.sub("", text))
    if not brackets:
        return 0
    return max(accumulate(map(_DELTA.__getitem__, brackets)))


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise JSONLimitError(f"the number {text[:40]} is too large")
    return value


def _no_constant(name: str) -> Any:
    raise JSONLimitError(f"{name} is not a number JSON allows here")


def loads_bounded(text: str | bytes, max_bytes: int = MAX_JSON_BYTES,
                  max_depth: int = MAX_JSON_DEPTH) -> Any:
    """json.loads with bounds: size, nesting depth, finite numbers only.

    Raises ValueError (JSONLimitError or json's own JSONDecodeError; UnicodeDecodeError for
    bytes that are not UTF-8) with a readable message.
    """
    if len(text) > max_bytes:
        raise JSONLimitError(f"too large ({_mb(len(text))}; at most {_mb(max_bytes)})")
    if isinstance(text, bytes):
        text = text.decode("utf-8")
    depth = json_depth(text)
    if depth > max_depth:
        raise JSONLimitError(f"nested {depth} levels deep (at most {max_depth})")
    return json.loads(text, parse_float=_finite_float, parse_constant=_no_constant)


def read_json_in(folder: Path, name: str, max_bytes: int = MAX_JSON_BYTES) -> Any:
    """A JSON file inside `folder`, read safely (see module docstring).

    FileNotFoundError when missing; UnsafeFileError for links and special files;
    ValueError for JSON that is malformed, too deep, too large or not UTF-8.
    """
    return loads_bounded(read_bytes_in(folder, name, max_bytes), max_bytes)


def json_problem(exc: BaseException) -> str:
    """A short readable reason for a ValueError from `loads_bounded`."""
    if isinstance(exc, UnicodeDecodeError):
        return "not UTF-8 text"
    return str(exc)


# ---------------------------------------------------------------- WAV headers

@dataclass(frozen=True)
class WavInfo:
    channels: int
    rate: int
    width: int  # bytes per sample
    data_bytes: int

    @property
    def duration_s(self) -> float:
        return self.data_bytes / (self.rate * self.channels * self.width)


class WavHeaderError(MockInterviewError):
    """A WAV whose header is not what a session recording can be."""


def check_wav_header(head: bytes, size: int, source: str = "WAV") -> WavInfo:
    """Check the RIFF/WAVE header at the start of a file of `size` bytes.

    PCM only, 1-8 channels, 8-384 kHz, 8-32-bit samples, and the data chunk must fit in
    the file (a header that claims more audio than there is is refused; audio past the
    declared end, as a killed recording leaves it, is allowed).
    """
    def bad(problem: str) -> WavHeaderError:
        return WavHeaderError(f"{source}: {problem}")

    if len(head) < 12 or head[:4] != b"RIFF" or head[8:12] != b"WAVE":
        raise bad("not a WAV file (no RIFF/WAVE header)")
    riff = struct.unpack_from("<I", head, 4)[0]
    if riff + 8 > size and riff != 0xFFFFFFFF:
        raise bad(f"the header says the file is {riff + 8} bytes, but it has {size}")
    pos, fmt = 12, None
    while pos + 8 <= len(head):
        cid, csize = head[pos:pos + 4], struct.unpack_from("<I", head, pos + 4)[0]
        if cid == b"fmt ":
            if csize < 16 or pos + 8 + 16 > len(head):
                raise bad("its format chunk is too short")
            tag, channels, rate, _, align, bits = struct.unpack_from("<HHIIHH", head, pos + 8)
            if tag not in (1, 0xFFFE):
                raise bad(f"not PCM audio (format {tag})")
            width = (bits + 7) // 8
            if not 1 <= channels <= 8:
                raise bad(f"{channels} channels (at most 8)")
            if not 8000 <= rate <= 384000:
                raise bad(f"sample rate {rate} Hz (8000 to 384000)")
            if width not in (1, 2, 3, 4) or align != width * channels:
                raise bad(f"inconsistent sample format ({bits} bits, block {align})")
            fmt = (channels, rate, width)
        elif cid == b"data":
            if fmt is None:
                raise bad("audio data before its format chunk")
            start = pos + 8
            if csize > size - start:
                raise bad(f"the header says it holds {csize} bytes of audio, but the file has "
                          f"{max(0, size - start)}")
            return WavInfo(*fmt, data_bytes=csize)
        pos += 8 + csize + (csize & 1)
    raise bad("no audio data chunk in its header")


def check_wav_in(folder: Path, name: str, limit: int = MAX_WAV_BYTES,
                 label: str | None = None) -> WavInfo:
    """Verify a WAV inside `folder` (a regular file, size bounded, a sound header).
    `label` names the file in messages (default: its path)."""
    fd = open_in(folder, name)
    with os.fdopen(fd, "rb") as f:
        size = os.fstat(f.fileno()).st_size
        label = label or str(folder / name)
        if size > limit:
            raise WavHeaderError(f"{label}: too large ({_mb(size)}; at most {_mb(limit)})")
        head = f.read(4096)
    return check_wav_header(head, size, label)

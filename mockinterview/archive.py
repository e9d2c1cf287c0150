"""Sessions as zip archives: `sessions export` and `sessions import`.

An export is one zip holding `README.txt` and one folder named by the session id with the
manifest and the answer files it names (transcripts, analyses and, unless left out, the
recordings). It is written to a temporary file (0600) and renamed into place.

An import treats the archive as hostile. Before anything is written it checks: the archive
is a regular file of sane size; every member name (no absolute path, no '..', no backslash,
no NUL, only `README.txt` and `<id>/<file>`); member types (no links, devices or FIFOs);
duplicates (also differing only in case); member count; sizes per file and in total and the
compression ratio (so a zip bomb is refused from its directory, before it is unpacked);
members overlapping each other; encryption and compression methods; the manifest against
its schema; that every file is one the manifest names; each JSON file (bounded size, depth,
finite numbers) and each WAV header. Every member is read once, bounded, to check its CRC.
Then it unpacks into a temporary folder inside recordings/ and renames that into place
(0700 folder, 0600 files); a session id that exists is never overwritten.
"""

from __future__ import annotations

import copy
import json
import os
import shutil
import stat
import struct
import tempfile
import time
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from mockinterview import safefiles
from mockinterview.errors import MockInterviewError, SessionError
from mockinterview.paths import make_private_dir
from mockinterview.sessioncheck import (SESSION_ID, answer_file_names, check_manifest,
                                        file_tables)
from mockinterview.sessions import MANIFEST, SCHEMA_VERSION, Session
from mockinterview.transcript import Transcript

README = "README.txt"
MAX_ARCHIVE_BYTES = 2 * 1024**3
MAX_MEMBERS = 4002  # 200 questions x 5 attempts x 4 files + manifest + README
MAX_TOTAL_BYTES = 2 * 1024**3
MAX_README_BYTES = 64 * 1024
MAX_RATIO = 200  # deflate can reach ~1000:1 on silence; our exports store WAVs (1:1)
RATIO_FROM_BYTES = 1024 * 1024  # small members may compress well; only large ones count
CHUNK = 1024 * 1024

README_TEXT = """\
This is one mock-interview practice session exported by mockinterview
(an offline, spoken mock-interview simulator).

Session: {id}
Bank:    {bank}
Started: {started}
Answers: {answered} of {asked} questions answered
Audio:   {audio}

The folder {id}/ holds session.json (the questions, timings and file names), and per
answer its transcript and feedback analysis (JSON) and its recording (WAV, 16 kHz mono).

These are personal data: recordings of someone's voice and what they said. Share this
file only with people they chose.

To open it with mockinterview on another machine:

    mockinterview sessions import {zipname}
    mockinterview report {id} --format html
"""


class ArchiveError(MockInterviewError):
    """An archive that cannot be imported (or a session that cannot be exported)."""


@dataclass(frozen=True)
class ExportResult:
    path: Path
    session_id: str
    files: int  # answer files (transcripts, analyses, recordings), manifest not counted
    recordings: int
    size: int  # bytes of the zip


@dataclass
class ImportPlan:
    """What an archive holds, once every check has passed (nothing written yet)."""

    archive: Path
    session_id: str
    manifest: dict[str, Any]
    manifest_bytes: bytes
    members: list[tuple[zipfile.ZipInfo, str]] = field(default_factory=list)  # (member, file)
    total_bytes: int = 0
    recordings: int = 0

    @property
    def asked(self) -> int:
        return len(self.manifest["questions"])

    @property
    def answered(self) -> int:
        return sum(1 for q in self.manifest["questions"] if q.get("status") == "answered")


@dataclass(frozen=True)
class ImportResult:
    folder: Path
    session_id: str
    plan: ImportPlan
    renamed_from: str | None = None  # the archive's id, when imported under a new one


# ---------------------------------------------------------------- export

def export_session(folder: Path, out: Path | None = None, audio: bool = True) -> ExportResult:
    """Write the session in `folder` as one zip (atomically, 0600); return what was written."""
    session = Session.open(folder)  # schema and file types checked
    manifest = copy.deepcopy(session.manifest)
    sid = str(manifest.get("id") or folder.name)
    if not SESSION_ID.match(sid):
        sid = folder.name
    if not SESSION_ID.match(sid):
        raise ArchiveError(f"{folder}: the folder name is not a usable session id")
    manifest["id"] = sid
    files: list[tuple[str, str]] = []  # (kind, name)
    for index, kind, name in answer_file_names(manifest):
        if not audio and kind in ("audio", "followup_audio"):
            for _, named in file_tables(manifest["questions"][index - 1]):
                named.pop(kind, None)  # every attempt's recordings are left out
            continue
        if safefiles.lstat_in(folder, name) is not None and (kind, name) not in files:
            files.append((kind, name))
    if not audio:
        manifest["exported_without_audio"] = True
    out = Path(out).expanduser() if out else Path.cwd() / f"{sid}.zip"
    if out.is_dir():
        raise ArchiveError(f"{out} is a folder; give a file name such as {sid}.zip")
    if not out.parent.is_dir():
        raise ArchiveError(f"folder does not exist: {out.parent}")
    answered = sum(1 for q in manifest["questions"] if q.get("status") == "answered")
    readme = README_TEXT.format(
        id=sid, bank=manifest.get("bank_title") or manifest.get("bank") or "?",
        started=manifest.get("started_at") or "?", answered=answered,
        asked=len(manifest["questions"]), zipname=out.name,
        audio="included" if audio else "left out (exported with --no-audio)")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent)
    except OSError as exc:
        raise ArchiveError(f"cannot write {out}: {exc.strerror or exc}") from None
    recordings = 0
    try:
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "w+b") as raw:
            with zipfile.ZipFile(raw, "w") as zf:
                _add(zf, README, readme.encode("utf-8"), zipfile.ZIP_DEFLATED)
                _add(zf, f"{sid}/{MANIFEST}",
                     (json.dumps(manifest, indent=2, ensure_ascii=False) + "\n").encode(),
                     zipfile.ZIP_DEFLATED)
                for kind, name in files:
                    if name.endswith(".wav"):
                        safefiles.check_wav_in(folder, name)  # never export a bad recording
                        recordings += 1
                        _add_file(zf, folder, name, f"{sid}/{name}")
                    else:
                        data = safefiles.read_bytes_in(folder, name, safefiles.MAX_JSON_BYTES)
                        _add(zf, f"{sid}/{name}", data, zipfile.ZIP_DEFLATED)
            raw.flush()
            os.fsync(raw.fileno())
        os.replace(tmp, out)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(exc, safefiles.UnsafeFileError):
            raise SessionError(str(exc)) from None
        if isinstance(exc, OSError):
            raise ArchiveError(f"cannot write {out}: {exc.strerror or exc}") from None
        raise
    return ExportResult(out, sid, len(files), recordings, out.stat().st_size)


def _info(arcname: str, compress: int) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(arcname, date_time=time.localtime()[:6])
    info.compress_type = compress
    info.create_system = 3  # Unix, so the mode below means what it says
    info.external_attr = (stat.S_IFREG | 0o600) << 16
    return info


def _add(zf: zipfile.ZipFile, arcname: str, data: bytes, compress: int) -> None:
    zf.writestr(_info(arcname, compress), data)


def _add_file(zf: zipfile.ZipFile, folder: Path, name: str, arcname: str) -> None:
    """Copy a recording into the zip, stored (PCM barely compresses), read through safefiles."""
    fd = safefiles.open_in(folder, name)
    with os.fdopen(fd, "rb") as src:
        info = _info(arcname, zipfile.ZIP_STORED)
        info.file_size = os.fstat(src.fileno()).st_size
        with zf.open(info, "w") as dst:
            shutil.copyfileobj(src, dst, CHUNK)


# ---------------------------------------------------------------- import: checks

def _refuse(archive: Path, problem: str) -> ArchiveError:
    return ArchiveError(f"{archive}: {problem}; nothing was imported")


def _end_record(f: BinaryIO, size: int, archive: Path) -> None:
    """Read the member count from the zip's end record before zipfile parses the whole
    directory (20,000 members are refused without building 20,000 objects)."""
    tail_len = min(size, 22 + 65535)
    f.seek(size - tail_len)
    tail = f.read(tail_len)
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or at + 22 > len(tail):
        raise _refuse(archive, "not a zip archive (no end of central directory)")
    _, _, on_disk, total, cd_size, cd_offset, _ = struct.unpack_from("<HHHHIIH", tail, at + 4)
    zip64 = at >= 20 and tail[at - 20:at - 16] == b"PK\x06\x07"  # its locator sits just before
    if total == 0xFFFF or cd_offset == 0xFFFFFFFF or zip64:
        raise _refuse(archive, "a zip64 archive (a session export never needs one)")
    if total > MAX_MEMBERS:
        raise _refuse(archive, f"it has {total} members (a session has at most {MAX_MEMBERS})")
    if on_disk != total:
        raise _refuse(archive, "a multi-part zip archive")


def _member_problem(info: zipfile.ZipInfo) -> str | None:
    """Why a member's name or type is refused (None: fine)."""
    raw = info.orig_filename
    if "\0" in raw:
        return "has a NUL character in its name"
    if "\\" in raw:
        return "has a backslash in its name"
    if raw.startswith("/") or (len(raw) > 1 and raw[1] == ":"):
        return "is an absolute path"
    parts = raw.split("/")
    if info.is_dir():
        parts = parts[:-1]
    if any(p == ".." for p in parts):
        return "leaves the session folder ('..' in its name)"
    if any(p in ("", ".") for p in parts):
        return "has an empty or '.' part in its name"
    mode = info.external_attr >> 16
    if info.create_system == 3 and mode:
        if stat.S_ISLNK(mode):
            return "is a symbolic link"
        if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
            return "is a device"
        if stat.S_ISFIFO(mode):
            return "is a FIFO (named pipe)"
        if stat.S_ISSOCK(mode):
            return "is a socket"
        if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
            return "is not a regular file"
        if stat.S_ISDIR(mode) != info.is_dir():
            return "is a folder and a file at once"
    if info.flag_bits & 0x1:
        return "is encrypted"
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        return f"uses compression method {info.compress_type} (only stored and deflated)"
    return None


def _limit_for(name: str) -> int:
    if name == MANIFEST:
        return safefiles.MAX_MANIFEST_BYTES
    if name.endswith(".wav"):
        return safefiles.MAX_WAV_BYTES
    return safefiles.MAX_JSON_BYTES


def _read_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, keep: int,
                 sink: Callable[[bytes], None] | None = None) -> bytes:
    """Read a member to its end (zipfile checks the CRC there), never more than it
    declares; return its first `keep` bytes. `sink` gets every chunk (for writing)."""
    head = bytearray()
    total = 0
    with zf.open(info) as src:
        while True:
            chunk = src.read(CHUNK)
            if not chunk:
                break
            total += len(chunk)
            if total > info.file_size:
                raise zipfile.BadZipFile("it holds more than its declared size")
            if len(head) < keep:
                head += chunk[:keep - len(head)]
            if sink is not None:
                sink(chunk)
    if total != info.file_size:
        raise zipfile.BadZipFile("it holds less than its declared size")
    return bytes(head)


def inspect_archive(archive: Path) -> ImportPlan:
    """Every check of an import, reading only; raise ArchiveError for the first problem."""
    archive = Path(archive).expanduser()
    try:
        st = os.stat(archive)
    except FileNotFoundError:
        raise ArchiveError(f"no such file: {archive}") from None
    except OSError as exc:
        raise ArchiveError(f"{archive}: {exc.strerror or exc}") from None
    if not stat.S_ISREG(st.st_mode):
        raise _refuse(archive, "not a regular file")
    if st.st_size > MAX_ARCHIVE_BYTES:
        raise _refuse(archive, f"it is {st.st_size / 1e9:.1f} GB (at most "
                               f"{MAX_ARCHIVE_BYTES / 1e9:.1f} GB)")
    try:
        fd = os.open(archive, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise ArchiveError(f"{archive}: {exc.strerror or exc}") from None
    f = os.fdopen(fd, "rb")
    try:
        if not stat.S_ISREG(os.fstat(f.fileno()).st_mode):
            raise _refuse(archive, "not a regular file")
        _end_record(f, st.st_size, archive)
        f.seek(0)
        try:
            zf = zipfile.ZipFile(f)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, NotImplementedError,
                EOFError, struct.error, UnicodeDecodeError) as exc:
            raise _refuse(archive, f"not a readable zip archive ({exc})") from None
        with zf:
            return _plan(zf, archive, st.st_size)
    except OSError as exc:
        raise ArchiveError(f"{archive}: {exc.strerror or exc}") from None
    finally:
        f.close()


def _plan(zf: zipfile.ZipFile, archive: Path, archive_size: int) -> ImportPlan:
    infos = zf.infolist()
    if len(infos) > MAX_MEMBERS:
        raise _refuse(archive, f"it has {len(infos)} members (at most {MAX_MEMBERS})")
    seen: set[str] = set()
    folded: set[str] = set()
    tops: set[str] = set()
    files: list[tuple[zipfile.ZipInfo, str]] = []
    total = 0
    for info in infos:
        shown = repr(info.orig_filename[:80])
        problem = _member_problem(info)
        if problem:
            raise _refuse(archive, f"member {shown} {problem}")
        if info.orig_filename in seen:
            raise _refuse(archive, f"member {shown} appears twice")
        if info.orig_filename.casefold() in folded:
            raise _refuse(archive, f"member {shown} differs from another only in case")
        seen.add(info.orig_filename)
        folded.add(info.orig_filename.casefold())
        parts = info.orig_filename.rstrip("/").split("/")
        if info.is_dir():
            if len(parts) != 1:
                raise _refuse(archive, f"member {shown} is a folder inside the session folder")
            tops.add(parts[0])
            continue
        if parts == [README]:
            if info.file_size > MAX_README_BYTES:
                raise _refuse(archive, f"member {shown} is too large for a README")
            total += info.file_size
            continue
        if len(parts) != 2:
            raise _refuse(archive, f"member {shown} is not a file of the session folder "
                                   "(expected README.txt and <session id>/<file>)")
        tops.add(parts[0])
        limit = _limit_for(parts[1])
        if info.file_size > limit:
            raise _refuse(archive, f"member {shown} is {info.file_size / 1e6:.1f} MB unpacked "
                                   f"(at most {limit / 1e6:.0f} MB for such a file)")
        if (info.file_size > RATIO_FROM_BYTES
                and info.file_size > MAX_RATIO * max(1, info.compress_size)):
            raise _refuse(archive, f"member {shown} would expand "
                                   f"{info.file_size // max(1, info.compress_size)} times "
                                   f"(at most {MAX_RATIO}; a zip bomb?)")
        if info.compress_size > archive_size:
            raise _refuse(archive, f"member {shown} claims more bytes than the archive has")
        total += info.file_size
        if total > MAX_TOTAL_BYTES:
            raise _refuse(archive, f"it unpacks to more than {MAX_TOTAL_BYTES / 1e9:.0f} GB")
        files.append((info, parts[1]))
    _check_no_overlap(infos, archive)
    if len(tops) != 1:
        raise _refuse(archive, "not a session export (expected one session folder, found "
                               f"{len(tops)})")
    [top] = tops
    by_name = {name: info for info, name in files}
    if MANIFEST not in by_name:
        raise _refuse(archive, f"no {top}/{MANIFEST} in it")
    source = f"{archive}:{top}/{MANIFEST}"
    manifest_info = by_name[MANIFEST]
    try:
        manifest_bytes = _read_member(zf, manifest_info, manifest_info.file_size)
        manifest = safefiles.loads_bounded(manifest_bytes, safefiles.MAX_MANIFEST_BYTES)
    except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
        raise _refuse(archive, f"member {top}/{MANIFEST} is damaged ({exc})") from None
    except ValueError as exc:
        raise ArchiveError(f"{source} is not valid JSON ({safefiles.json_problem(exc)}); "
                           "nothing was imported") from None
    try:
        check_manifest(manifest, source, SCHEMA_VERSION)
    except SessionError as exc:
        raise ArchiveError(f"{str(exc).rstrip('.')}; nothing was imported") from None
    if manifest.get("id") != top:
        raise ArchiveError(f"{source}: the session id {manifest.get('id')!r} is not the "
                           f"folder's name {top!r}; nothing was imported")
    allowed = {name: kind for _, kind, name in answer_file_names(manifest)}
    plan = ImportPlan(archive, top, manifest, manifest_bytes, total_bytes=total)
    for info, name in files:
        if name == MANIFEST:
            continue
        member = f"{top}/{name}"
        if name not in allowed:
            raise _refuse(archive, f"member {member!r} is not a file the session's manifest "
                                   "names")
        try:
            if name.endswith(".wav"):
                head = _read_member(zf, info, 4096)
                safefiles.check_wav_header(head, info.file_size, f"{archive}:{member}")
                plan.recordings += 1
            else:
                data = _read_member(zf, info, info.file_size)
                parsed = safefiles.loads_bounded(data)
                if allowed[name] == "transcript":
                    Transcript.from_dict(parsed, f"{archive}:{member}")
                elif not isinstance(parsed, dict):
                    raise ValueError("an analysis must be a JSON object")
        except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
            raise _refuse(archive, f"member {member!r} is damaged ({exc})") from None
        except ValueError as exc:
            raise _refuse(archive, f"member {member!r} is not valid JSON "
                                   f"({safefiles.json_problem(exc)})") from None
        except MockInterviewError as exc:
            raise ArchiveError(f"{str(exc).rstrip('.')}; nothing was imported") from None
        plan.members.append((info, name))
    return plan


def _check_no_overlap(infos: list[zipfile.ZipInfo], archive: Path) -> None:
    """Members whose data overlap (one stream counted many times: the 'overlapping' zip
    bomb, the zip form of a hard link) are refused."""
    spans = sorted((i.header_offset, i.header_offset + 30 + len(i.orig_filename.encode())
                    + i.compress_size, i.orig_filename) for i in infos)
    for (start, end, name), (next_start, _, other) in zip(spans, spans[1:]):
        if next_start < end:
            raise _refuse(archive, f"members {name[:80]!r} and {other[:80]!r} share their "
                                   "data (overlapping members: a zip bomb?)")


# ---------------------------------------------------------------- import: writing

def _free_id(recordings: Path, sid: str) -> str:
    n = 1
    while True:
        candidate = f"{sid}-copy" if n == 1 else f"{sid}-copy-{n}"
        if not os.path.lexists(recordings / candidate):
            return candidate
        n += 1


def import_archive(archive: Path, recordings: Path, new_id: bool = False,
                   confirm: Callable[[ImportPlan, str], bool] | None = None) -> ImportResult:
    """Check `archive` (inspect_archive), then unpack it as a new session folder.

    An existing session id is never overwritten: refused, or with `new_id` imported as
    `<id>-copy` (`-copy-2`, ...). `confirm(plan, target_id)` may decline (ArchiveError).
    """
    plan = inspect_archive(archive)
    archive = plan.archive
    sid = plan.session_id
    renamed_from = None
    if os.path.lexists(recordings / sid):
        if not new_id:
            raise ArchiveError(f"a session {sid} already exists in {recordings} and is never "
                               "overwritten; nothing was imported. Import this one as a copy "
                               "with --new-id")
        renamed_from, sid = sid, _free_id(recordings, sid)
    if confirm is not None and not confirm(plan, sid):
        raise ArchiveError("not imported")
    manifest_bytes = plan.manifest_bytes
    if renamed_from:
        manifest = copy.deepcopy(plan.manifest)
        manifest["id"] = sid
        manifest_bytes = (json.dumps(manifest, indent=2, ensure_ascii=False) + "\n").encode()
    try:
        make_private_dir(recordings)
        tmp = Path(tempfile.mkdtemp(prefix=".import-", dir=recordings))  # 0700
    except OSError as exc:
        raise ArchiveError(f"cannot import into {recordings}: {exc.strerror or exc}") from None
    target = recordings / sid
    reserved = False
    try:
        os.chmod(tmp, 0o700)
        with zipfile.ZipFile(archive) as zf:
            for info, name in plan.members:
                _unpack(zf, info, tmp, name)
        _write_new(tmp, MANIFEST, lambda f: f.write(manifest_bytes))
        dfd = os.open(tmp, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(dfd)
        finally:
            os.close(dfd)
        # mkdir is the atomic "is the id free?": rename then swaps in our full folder for
        # our own empty one, and fails rather than replace anything someone else made.
        try:
            os.mkdir(target, 0o700)
        except FileExistsError:
            raise ArchiveError(f"a session {sid} appeared in {recordings} meanwhile; "
                               "nothing was imported") from None
        reserved = True
        os.rename(tmp, target)
        reserved = False
    except BaseException as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        if reserved:
            try:
                os.rmdir(target)
            except OSError:
                pass
        if isinstance(exc, (zipfile.BadZipFile, zlib.error, EOFError)):
            raise _refuse(archive, f"damaged while unpacking ({exc})") from None
        if isinstance(exc, OSError):
            raise ArchiveError(f"cannot import into {recordings}: {exc.strerror or exc}; "
                               "nothing was imported") from None
        raise
    return ImportResult(target, sid, plan, renamed_from)


def _write_new(folder: Path, name: str, write: Callable[[BinaryIO], Any]) -> None:
    """Create `name` in `folder` (0600, must not exist, no link followed) and fill it."""
    dfd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        fd = os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW
                     | getattr(os, "O_CLOEXEC", 0), 0o600, dir_fd=dfd)
    finally:
        os.close(dfd)
    with os.fdopen(fd, "wb") as f:
        os.fchmod(f.fileno(), 0o600)
        write(f)
        f.flush()
        os.fsync(f.fileno())


def _unpack(zf: zipfile.ZipFile, info: zipfile.ZipInfo, folder: Path, name: str) -> None:
    safefiles.check_name(name)
    _write_new(folder, name, lambda f: _read_member(zf, info, 0, f.write))

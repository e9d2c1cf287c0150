"""Hostile session folders and archives, as data: each case builds its input in a scratch
folder and names the command that must refuse it and the message it must give.

Shared by tests/test_hostile_sessions.py (one test per case) and
scripts/bench_sessions.py (which counts them and the tracebacks).

Every case runs the real CLI in-process (`run_case`) with secret files outside the
session folder (`outside/secret.*`). The runner checks: the exit code; for a refusal, one
`Error: ...` line on stderr holding the expected words; no traceback; the secrets were
neither read (their access time is set in the past first; any read moves it) nor changed;
and the recordings folder is exactly as before (a failed import leaves nothing).
"""

from __future__ import annotations

import contextlib
import io
import json
import math
import os
import shutil
import stat
import struct
import traceback
import warnings
import wave
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

SID = "20250101-093000-medical_secretary"
Q1 = "q01-experience-and-motivation"
Q2 = "q02-file-organisation"
SECRET_TEXT = b"root:x:0:0:SECRET-CONTENT-outside-the-session\n"


# ---------------------------------------------------------------- a small real session

def tone_wav(seconds: float = 0.6, rate: int = 16000) -> bytes:
    """A short 16 kHz mono tone as WAV bytes (a stand-in recording, no TTS needed)."""
    n = int(seconds * rate)
    samples = b"".join(struct.pack("<h", int(8000 * math.sin(2 * math.pi * 220 * i / rate)))
                       for i in range(n))
    out = io.BytesIO()
    with wave.open(out, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(samples)
    return out.getvalue()


def make_small_session(recordings: Path, sid: str = SID) -> Path:
    """A complete two-answer spoken session folder, written as the interview writes one."""
    from mockinterview.sessions import Session
    from tests.sessionfactory import scripted_analysis
    from mockinterview.transcript import Transcript, Word

    words1 = [Word(w, 0.5 + i * 0.4, 0.8 + i * 0.4, 1.0) for i, w in
              enumerate("I have um worked as a medical secretary for five years".split())]
    words2 = [Word(w, 0.5 + i * 0.4, 0.8 + i * 0.4, 1.0) for i, w in
              enumerate("I keep my files in folders by date".split())]
    session = Session.create(
        recordings, "medical_secretary", "Medical secretary", "question_bank/x.toml",
        [{"id": "experience-and-motivation", "group": "experience", "text": "Why?"},
         {"id": "file-organisation", "group": "role_specific", "text": "Files?"}],
        "spoken", {"analysis": {"pause_min_s": 1.0}})
    folder = session.folder
    if folder.name != sid:
        folder = folder.rename(folder.with_name(sid))
        session.folder = folder
        session.manifest["id"] = sid
        session.save()
    for i, words in ((1, words1), (2, words2)):
        files = session.files(i)
        fd = os.open(files.audio, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as f:
            f.write(tone_wav())
        t = Transcript(tuple(words), " ".join(w.word for w in words), 0.6, "test")
        session.write_answer_json(files.transcript, t.to_dict())
        session.write_answer_json(files.analysis, scripted_analysis(
            words, star="sta", score=70, scores={"pace": 80}, tips=("Say the result",)))
        session.update_question(i, status="answered", duration_s=0.6, stop_reason="silence",
                                files={"audio": files.audio.name,
                                       "transcript": files.transcript.name,
                                       "analysis": files.analysis.name})
    session.set_status("complete")
    return folder


# ---------------------------------------------------------------- zips built by hand

Member = tuple[zipfile.ZipInfo, bytes]


def good_members(tmp: Path) -> list[Member]:
    """The members of a real export of the small session (made in a scratch place)."""
    from mockinterview.archive import export_session

    scratch = tmp / "scratch-export"
    folder = make_small_session(scratch / "rec")
    out = export_session(folder, scratch / "good.zip").path
    with zipfile.ZipFile(out) as zf:
        members = [(info, zf.read(info)) for info in zf.infolist()]
    shutil.rmtree(scratch)
    return members


def info(name: str, mode: int = stat.S_IFREG | 0o600,
         compress: int = zipfile.ZIP_DEFLATED) -> zipfile.ZipInfo:
    i = zipfile.ZipInfo(name, date_time=(2025, 1, 1, 9, 30, 0))
    i.create_system = 3
    i.external_attr = mode << 16
    i.compress_type = compress
    return i


def write_zip(path: Path, members: list[Member]) -> Path:
    with warnings.catch_warnings(), zipfile.ZipFile(path, "w") as zf:
        warnings.simplefilter("ignore")  # "Duplicate name": made so on purpose
        for i, data in members:
            zf.writestr(i, data)
    return path


def manifest_of(members: list[Member]) -> dict:
    return json.loads(next(d for i, d in members if i.filename.endswith("/session.json")))


def with_manifest(members: list[Member], manifest: dict | bytes) -> list[Member]:
    data = manifest if isinstance(manifest, bytes) else json.dumps(manifest).encode()
    return [(i, data if i.filename.endswith("/session.json") else d) for i, d in members]


def replace_member(members: list[Member], suffix: str, data: bytes) -> list[Member]:
    return [(i, data if i.filename.endswith(suffix) else d) for i, d in members]


def patch_central(path: Path, name: str, field_offset: int, fmt: str, value: int) -> None:
    """Overwrite one field of a member's central-directory entry (and, for sizes, of its
    local header too): how lying and overlapping archives are made."""
    data = bytearray(path.read_bytes())
    pos = data.find(b"PK\x01\x02")
    while pos >= 0:
        n, m, k = struct.unpack_from("<HHH", data, pos + 28)
        if data[pos + 46:pos + 46 + n].decode() == name:
            struct.pack_into(fmt, data, pos + field_offset, value)
            if field_offset in (20, 24):  # compressed / uncompressed size: local header too
                local = struct.unpack_from("<I", data, pos + 42)[0]
                struct.pack_into(fmt, data, local + field_offset - 2, value)
            if field_offset == 8:  # flags: local header too
                local = struct.unpack_from("<I", data, pos + 42)[0]
                struct.pack_into(fmt, data, local + 6, value)
            path.write_bytes(bytes(data))
            return
        pos = data.find(b"PK\x01\x02", pos + 46 + n + m + k)
    raise KeyError(name)


def lying_wav(claimed_extra: int = 10_000_000) -> bytes:
    data = bytearray(tone_wav(0.2))
    struct.pack_into("<I", data, 40, len(data) - 44 + claimed_extra)
    return bytes(data)


def deep_json(depth: int = 100_000) -> bytes:
    return b"[" * depth + b"]" * depth


# ---------------------------------------------------------------- the cases

@dataclass(frozen=True)
class Env:
    tmp: Path
    recordings: Path
    outside: Path  # secret.txt, secret.wav and secret.toml live here

    @property
    def secrets(self) -> list[Path]:
        return sorted(self.outside.iterdir())


@dataclass(frozen=True)
class Case:
    name: str
    kind: str  # "archive" or "folder"
    build: Callable[[Env], list[str]]  # makes the input, returns the CLI arguments
    expect: str  # words the Error line (or, for code 0, the output) must hold
    code: int = 1


CASES: list[Case] = []


def case(name: str, kind: str, expect: str, code: int = 1):
    def register(build: Callable[[Env], list[str]]) -> Callable[[Env], list[str]]:
        CASES.append(Case(name, kind, build, expect, code))
        return build
    return register


def _import(env: Env, members: list[Member], name: str = "in.zip") -> list[str]:
    path = write_zip(env.tmp / name, members)
    return ["sessions", "import", str(path), "--yes", "--recordings", str(env.recordings)]


def _import_path(env: Env, path: Path) -> list[str]:
    return ["sessions", "import", str(path), "--yes", "--recordings", str(env.recordings)]


def _edit_q1_files(env: Env, **files: str) -> list[Member]:
    members = good_members(env.tmp)
    m = manifest_of(members)
    m["questions"][0]["files"].update(files)
    return with_manifest(members, m)


# -- archives: member names

@case("member name with ..", "archive", "leaves the session folder")
def _(env):
    return _import(env, good_members(env.tmp) + [(info("../evil.txt"), b"x")])


@case("member name with .. inside the session folder", "archive", "leaves the session folder")
def _(env):
    return _import(env, good_members(env.tmp) + [(info(f"{SID}/../../evil.json"), b"{}")])


@case("absolute member name", "archive", "is an absolute path")
def _(env):
    return _import(env, good_members(env.tmp) + [(info("/tmp/evil.json"), b"{}")])


@case("backslash in a member name", "archive", "backslash")
def _(env):
    return _import(env, good_members(env.tmp) + [(info(f"{SID}\\..\\evil.json"), b"{}")])


@case("NUL in a member name", "archive", "NUL")
def _(env):
    members = good_members(env.tmp)
    path = write_zip(env.tmp / "in.zip", members + [(info(f"{SID}/a.jsonX"), b"{}")])
    data = path.read_bytes().replace(b"a.jsonX", b"a.json\0")
    path.write_bytes(data)
    return _import_path(env, path)


@case("member in a sub-folder", "archive", "not a file of the session folder")
def _(env):
    return _import(env, good_members(env.tmp) + [(info(f"{SID}/sub/x.json"), b"{}")])


@case("two session folders", "archive", "found 2")
def _(env):
    return _import(env, good_members(env.tmp) + [(info("other/session.json"), b"{}")])


@case("member the manifest does not name", "archive", "not a file the session's manifest")
def _(env):
    return _import(env, good_members(env.tmp) + [(info(f"{SID}/payload.json"), b"{}")])


# -- archives: member types

@case("symbolic link member", "archive", "is a symbolic link")
def _(env):
    members = [(i, d) for i, d in good_members(env.tmp) if not i.filename.endswith(f"{Q1}.wav")]
    return _import(env, members + [(info(f"{SID}/{Q1}.wav", stat.S_IFLNK | 0o777),
                                    str(env.outside / "secret.wav").encode())])


@case("FIFO member", "archive", "is a FIFO")
def _(env):
    return _import(env, good_members(env.tmp) + [(info(f"{SID}/{Q1}.followup.wav",
                                                       stat.S_IFIFO | 0o600), b"")])


@case("device member", "archive", "is a device")
def _(env):
    return _import(env, good_members(env.tmp) + [(info(f"{SID}/{Q1}.followup.wav",
                                                       stat.S_IFCHR | 0o600), b"")])


@case("members sharing their data (the zip form of a hard link)", "archive",
      "share their data")
def _(env):
    members = good_members(env.tmp)
    path = write_zip(env.tmp / "in.zip", members)
    with zipfile.ZipFile(path) as zf:
        first = zf.getinfo(f"{SID}/{Q1}.wav").header_offset
    patch_central(path, f"{SID}/{Q2}.wav", 42, "<I", first)
    return _import_path(env, path)


# -- archives: duplicates, counts, sizes

@case("duplicate member names", "archive", "appears twice")
def _(env):
    members = good_members(env.tmp)
    dup = next(m for m in members if m[0].filename.endswith(f"{Q1}.analysis.json"))
    return _import(env, members + [(info(dup[0].filename), b"{}")])


@case("member names differing only in case", "archive", "only in case")
def _(env):
    return _import(env, good_members(env.tmp) + [(info(f"{SID}/{Q1.upper()}.WAV"), b"")])


@case("20,000 members", "archive", "20001 members")
def _(env):
    path = env.tmp / "many.zip"
    with zipfile.ZipFile(path, "w") as zf:
        for i, data in good_members(env.tmp)[:1]:
            zf.writestr(i, data)
        for n in range(20_000):
            zf.writestr(info(f"{SID}/f{n}.json", compress=zipfile.ZIP_STORED), b"")
    return _import_path(env, path)


@case("zip bomb (an analysis expanding 1000 times)", "archive", "a zip bomb?")
def _(env):
    return _import(env, replace_member(good_members(env.tmp), f"{Q1}.analysis.json",
                                       b'{"x": "' + b" " * 12_000_000 + b'"}'))


@case("50 MB manifest", "archive", "50.0 MB unpacked")
def _(env):
    members = good_members(env.tmp)
    m = manifest_of(members)
    m["padding"] = " " * (50_000_000 - len(json.dumps(m)) - 20)
    return _import(env, with_manifest(members, m))


@case("member larger than its declared size", "archive", "damaged")
def _(env):
    path = write_zip(env.tmp / "in.zip", good_members(env.tmp))
    with zipfile.ZipFile(path) as zf:
        real = zf.getinfo(f"{SID}/{Q1}.analysis.json").file_size
    patch_central(path, f"{SID}/{Q1}.analysis.json", 24, "<I", real // 2)
    return _import_path(env, path)


@case("encrypted member", "archive", "is encrypted")
def _(env):
    path = write_zip(env.tmp / "in.zip", good_members(env.tmp))
    patch_central(path, f"{SID}/{Q1}.transcript.json", 8, "<H", 1)
    return _import_path(env, path)


@case("unsupported compression", "archive", "compression method 12")
def _(env):
    members = good_members(env.tmp)
    return _import(env, [(info(i.filename, compress=zipfile.ZIP_BZIP2)
                          if i.filename.endswith("transcript.json") else i, d)
                         for i, d in members])


@case("not a zip at all", "archive", "not a zip archive")
def _(env):
    path = env.tmp / "fake.zip"
    path.write_bytes(b"this is not a zip file\n" * 10)
    return _import_path(env, path)


@case("truncated zip", "archive", "not a")
def _(env):
    path = write_zip(env.tmp / "in.zip", good_members(env.tmp))
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    return _import_path(env, path)


@case("archive that is a FIFO", "archive", "not a regular file")
def _(env):
    path = env.tmp / "fifo.zip"
    os.mkfifo(path)
    return _import_path(env, path)


# -- archives: the manifest and the files it names

@case("no manifest", "archive", "no " + SID + "/session.json")
def _(env):
    return _import(env, [(i, d) for i, d in good_members(env.tmp)
                         if not i.filename.endswith("session.json")])


@case("manifest of the wrong type", "archive", "is not a session manifest")
def _(env):
    members = good_members(env.tmp)
    m = manifest_of(members)
    m["questions"] = "all of them"
    return _import(env, with_manifest(members, m))


@case("manifest field of the wrong type", "archive", "'duration_s' must be a number")
def _(env):
    members = good_members(env.tmp)
    m = manifest_of(members)
    m["questions"][0]["duration_s"] = "long"
    return _import(env, with_manifest(members, m))


@case("NaN in the manifest", "archive", "NaN is not a number")
def _(env):
    members = good_members(env.tmp)
    raw = json.dumps(manifest_of(members)).replace('"duration_s": 0.6', '"duration_s": NaN', 1)
    return _import(env, with_manifest(members, raw.encode()))


@case("huge number in the manifest", "archive", "too large")
def _(env):
    members = good_members(env.tmp)
    raw = json.dumps(manifest_of(members)).replace('"duration_s": 0.6', '"duration_s": 1e999', 1)
    return _import(env, with_manifest(members, raw.encode()))


@case("huge integer in the manifest", "archive", "outside 0 to 100")
def _(env):
    members = good_members(env.tmp)
    m = manifest_of(members)
    m["questions"][0]["score"] = 10 ** 300
    return _import(env, with_manifest(members, m))


@case("newer schema version", "archive", "written by a newer mockinterview")
def _(env):
    members = good_members(env.tmp)
    m = manifest_of(members)
    m["schema_version"] = 99
    return _import(env, with_manifest(members, m))


@case("manifest nested 100,000 deep", "archive", "nested 100001 levels deep")
def _(env):
    members = good_members(env.tmp)
    return _import(env, with_manifest(members, b'{"a": ' + deep_json() + b"}"))


@case("manifest with 300 questions", "archive", "300 questions")
def _(env):
    members = good_members(env.tmp)
    m = manifest_of(members)
    m["questions"] = [dict(m["questions"][1], index=i, id=f"q{i}") for i in range(1, 301)]
    return _import(env, with_manifest(members, m))


@case("manifest file name with ..", "archive", "'audio' file name")
def _(env):
    return _import(env, _edit_q1_files(env, audio="../../../../etc/passwd"))


@case("absolute manifest file name", "archive", "'audio' file name")
def _(env):
    return _import(env, _edit_q1_files(env, audio=str(env.outside / "secret.wav")))


@case("manifest id that leaves recordings/", "archive", "is not a valid id")
def _(env):
    members = good_members(env.tmp)
    m = manifest_of(members)
    m["id"] = "../../evil"
    return _import(env, with_manifest(members, m))


@case("WAV header lying about its size", "archive", "the header says")
def _(env):
    return _import(env, replace_member(good_members(env.tmp), f"{Q1}.wav", lying_wav()))


@case("WAV that is not a WAV", "archive", "not a WAV file")
def _(env):
    return _import(env, replace_member(good_members(env.tmp), f"{Q1}.wav", SECRET_TEXT))


@case("transcript nested 100,000 deep", "archive", "nested 100000 levels deep")
def _(env):
    return _import(env, replace_member(good_members(env.tmp), f"{Q1}.transcript.json",
                                       deep_json()))


@case("transcript of the wrong shape", "archive", "word 0 must be an object")
def _(env):
    return _import(env, replace_member(good_members(env.tmp), f"{Q1}.transcript.json",
                                       b'{"words": [3]}'))


@case("a session with that id exists", "archive", "never overwritten")
def _(env):
    make_small_session(env.recordings)
    return _import(env, good_members(env.tmp))


# -- session folders on disk

def _folder(env: Env) -> Path:
    return make_small_session(env.recordings)


def _report(env: Env, folder: Path, fmt: str = "html") -> list[str]:
    return ["report", str(folder), "--format", fmt, "--out", "-"]


def _set_manifest(folder: Path, edit: Callable[[dict], None]) -> None:
    path = folder / "session.json"
    m = json.loads(path.read_text())
    edit(m)
    path.write_text(json.dumps(m))


@case("folder: manifest names ../../etc/passwd as audio", "folder", "'audio' file name")
def _(env):
    folder = _folder(env)
    rel = os.path.relpath(env.outside / "secret.wav", folder)
    _set_manifest(folder, lambda m: m["questions"][0]["files"].update(audio=rel))
    return _report(env, folder)


@case("folder: WAV is a symbolic link", "folder", "is a symbolic link")
def _(env):
    folder = _folder(env)
    (folder / f"{Q1}.wav").unlink()
    (folder / f"{Q1}.wav").symlink_to(env.outside / "secret.wav")
    return _report(env, folder)


@case("folder: replay of a WAV that is a symbolic link", "folder", "is a symbolic link")
def _(env):
    folder = _folder(env)
    (folder / f"{Q2}.wav").unlink()
    (folder / f"{Q2}.wav").symlink_to(env.outside / "secret.wav")
    return ["replay", str(folder), "--no-audio"]


@case("folder: WAV is a hard link", "folder", "is a hard link")
def _(env):
    folder = _folder(env)
    (folder / f"{Q1}.wav").unlink()
    os.link(env.outside / "secret.wav", folder / f"{Q1}.wav")
    return _report(env, folder, "json")


@case("folder: transcript is a FIFO", "folder", "is a FIFO")
def _(env):
    folder = _folder(env)
    (folder / f"{Q1}.transcript.json").unlink()
    os.mkfifo(folder / f"{Q1}.transcript.json")
    return _report(env, folder, "text")


@case("folder: a folder where the WAV should be", "folder", "is a folder, not a file")
def _(env):
    folder = _folder(env)
    (folder / f"{Q1}.wav").unlink()
    (folder / f"{Q1}.wav").mkdir()
    return _report(env, folder)


@case("folder: session.json is a symbolic link", "folder", "is a symbolic link")
def _(env):
    folder = _folder(env)
    real = env.outside / "manifest.json"
    (folder / "session.json").rename(real)
    (folder / "session.json").symlink_to(real)
    return _report(env, folder, "json")


@case("folder: manifest nested 100,000 deep", "folder", "nested 100001 levels deep")
def _(env):
    folder = _folder(env)
    (folder / "session.json").write_bytes(b'{"questions": ' + deep_json() + b"}")
    return _report(env, folder, "text")


@case("folder: 50 MB manifest", "folder", "too large")
def _(env):
    folder = _folder(env)
    _set_manifest(folder, lambda m: m.update(padding=" " * 50_000_000))
    return _report(env, folder, "text")


@case("folder: NaN duration", "folder", "NaN is not a number")
def _(env):
    folder = _folder(env)
    path = folder / "session.json"
    path.write_text(path.read_text().replace('"duration_s": 0.6', '"duration_s": NaN', 1))
    return _report(env, folder, "md")


@case("folder: resume with a bank_path outside the known banks", "folder",
      "not one of the known banks")
def _(env):
    folder = _folder(env)

    def edit(m):
        m.update(bank="evil-bank", bank_path=str(env.outside / "secret.toml"),
                 status="interrupted")
        m["questions"][1]["status"] = "pending"
    _set_manifest(folder, edit)
    return ["resume", str(folder), "--type", "--no-speech"]


@case("folder: resume of a cut-off answer whose WAV is a link", "folder", "is a symbolic link")
def _(env):
    folder = _folder(env)

    def edit(m):
        m.update(status="interrupted")
        m["questions"][1].update(status="recording", phase="answer")
    _set_manifest(folder, edit)
    (folder / f"{Q2}.wav").unlink()
    (folder / f"{Q2}.wav").symlink_to(env.outside / "secret.wav")
    return ["resume", str(folder), "--type", "--no-speech"]


@case("folder: export of a session with a linked WAV", "folder", "is a symbolic link")
def _(env):
    folder = _folder(env)
    (folder / f"{Q1}.wav").unlink()
    (folder / f"{Q1}.wav").symlink_to(env.outside / "secret.wav")
    return ["sessions", "export", str(folder), "--out", str(env.tmp / "out.zip")]


@case("folder: WAV header lying about its size is not embedded", "folder",
      "recording not used", code=0)
def _(env):
    folder = _folder(env)
    (folder / f"{Q1}.wav").write_bytes(lying_wav())
    return _report(env, folder, "html")


@case("folder: the sessions list names a hostile session unreadable", "folder",
      "unreadable", code=0)
def _(env):
    folder = _folder(env)
    (folder / f"{Q1}.wav").unlink()
    (folder / f"{Q1}.wav").symlink_to(env.outside / "secret.wav")
    return ["sessions", "--json", "--recordings", str(env.recordings)]


@case("folder: history skips a hostile session", "folder", "No answered sessions yet", code=0)
def _(env):
    folder = _folder(env)
    _set_manifest(folder, lambda m: m["questions"][0]["files"].update(
        transcript="../../../secret.txt"))
    return ["history", "--recordings", str(env.recordings)]


# ---------------------------------------------------------------- running a case

@dataclass
class Outcome:
    code: int | None
    out: str
    err: str
    traceback: str | None
    problems: list[str]


def make_env(tmp: Path) -> Env:
    env = Env(tmp, tmp / "recordings", tmp / "outside")
    env.outside.mkdir(parents=True)
    env.recordings.mkdir()
    (env.outside / "secret.txt").write_bytes(SECRET_TEXT)
    wav = bytearray(tone_wav(0.3))
    (env.outside / "secret.wav").write_bytes(bytes(wav))
    from tests.conftest import REPO

    (env.outside / "secret.toml").write_bytes(
        (REPO / "question_bank" / "medical_secretary.toml").read_bytes().replace(
            b'id = "medical_secretary"', b'id = "evil-bank"', 1))
    return env


def _tree(root: Path) -> dict[str, tuple]:
    out = {}
    for path in sorted(root.rglob("*")):
        st = path.lstat()
        data = path.read_bytes() if stat.S_ISREG(st.st_mode) else None
        out[str(path.relative_to(root))] = (stat.S_IFMT(st.st_mode), data)
    return out


def run_case(c: Case, tmp: Path) -> Outcome:
    """Build the case in `tmp`, run its command in-process, and check what it did."""
    from mockinterview.cli import main

    env = make_env(tmp)
    argv = c.build(env)
    before = _tree(env.recordings)
    stamps = {}
    for secret in env.secrets:
        st = secret.stat()
        os.utime(secret, (st.st_mtime - 1000, st.st_mtime))  # a read moves atime again
        stamps[secret] = (secret.stat().st_atime, st.st_mtime, secret.read_bytes())
        os.utime(secret, (st.st_mtime - 1000, st.st_mtime))
    out, err = io.StringIO(), io.StringIO()
    code: int | None = None
    tb = None
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(argv)
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
        except BaseException:  # noqa: BLE001 - counting tracebacks is the point
            tb = traceback.format_exc()
    problems = []
    o, e = out.getvalue(), err.getvalue()
    if tb:
        problems.append("traceback")
    if code != c.code:
        problems.append(f"exit code {code}, expected {c.code}")
    if c.code == 1:
        lines = e.splitlines()
        if len(lines) != 1 or not lines[0].startswith("Error: "):
            problems.append(f"stderr is not one Error: line: {e!r}")
        if c.expect not in e:
            problems.append(f"{c.expect!r} not in {e!r}")
    elif c.expect not in o + e:
        problems.append(f"{c.expect!r} not in the output")
    if SECRET_TEXT.decode().strip() in o + e or "SECRET-CONTENT" in o + e:
        problems.append("a secret's content reached the output")
    for secret, (atime, mtime, data) in stamps.items():
        st = secret.stat()
        if st.st_atime != atime:
            problems.append(f"{secret.name} outside the session folder was read")
        if st.st_mtime != mtime or secret.read_bytes() != data:
            problems.append(f"{secret.name} outside the session folder was changed")
    if c.code != 0 or c.kind == "archive":
        if _tree(env.recordings) != before:
            problems.append("the recordings folder changed")
    leftovers = [p.name for p in env.recordings.iterdir() if p.name.startswith(".import-")]
    if leftovers:
        problems.append(f"left behind {leftovers}")
    return Outcome(code, o, e, tb, problems)

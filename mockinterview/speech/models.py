"""Vosk speech models: which one to use, and getting one safely.

`resolve_model_path` finds the model folder (flag, MOCKINTERVIEW_MODEL, settings file,
models/<default>) and checks that it looks like a Vosk model before Vosk ever sees it.
`download_model` is the project's only network access: it fetches a zip with a progress
bar, resumes an interrupted transfer, verifies the SHA-256 when known, refuses archives
that would escape the target folder or unpack to more than a size limit, and moves the
model into models/ only once it is complete - nothing half-made is left in models/.
"""

from __future__ import annotations

import os
import re
import stat
import sys
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Callable

from mockinterview import paths
from mockinterview.errors import MockInterviewError, SetupError
from mockinterview.settings import SpeechSettings

if TYPE_CHECKING:
    import http.client
    import zipfile

MODELS_PAGE = "https://alphacephei.com/vosk/models"


@dataclass(frozen=True)
class ModelInfo:
    name: str  # folder name under models/ (and the zip's base name)
    url: str  # where `model download` fetches the zip
    sha256: str | None  # SHA-256 of the zip; None when no trusted value is known
    size_mb: int  # approximate download size, for the prompt
    description: str


KNOWN_MODELS: dict[str, ModelInfo] = {
    info.name: info for info in (
        # The zip's SHA-256 is not published by the Vosk project; this value (41,205,931 bytes)
        # is the one many independent projects pinned after downloading it.
        ModelInfo("vosk-model-small-en-us-0.15",
                  f"{MODELS_PAGE}/vosk-model-small-en-us-0.15.zip",
                  "30f26242c4eb449f948e42cb302dd7a686cb29a3423a8367f99ff41780942498", 40,
                  "small US English model (default; WER 9.85 LibriSpeech, ~300 MB RAM)"),
        # No trusted checksum found for this one: integrity rests on HTTPS and the zip CRCs.
        ModelInfo("vosk-model-en-us-0.22-lgraph",
                  f"{MODELS_PAGE}/vosk-model-en-us-0.22-lgraph.zip", None, 128,
                  "larger US English model (WER 7.82 LibriSpeech, more RAM)"),
    )
}

# Refuse archives that would unpack to more than this (zip bombs); the largest English
# model in KNOWN_MODELS unpacks to well under 1 GB.
MAX_UNPACKED_BYTES = 4 * 1024**3
MAX_ENTRIES = 100_000
CHUNK = 256 * 1024
_SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._+-]*$")
_TEMP_PREFIX = ".incoming-"


# ---------------------------------------------------------------- recognising a model folder

def model_problem(folder: Path) -> str | None:
    """Why `folder` is not a usable Vosk model (None when it looks like one).

    Mirrors how Vosk reads a model: the newer layout has am/final.mdl, conf/ and graph/; the
    older one keeps final.mdl, mfcc.conf and the graph at the top.
    """
    if not folder.exists():
        return "it does not exist"
    if not folder.is_dir():
        return "it is not a folder"
    if (folder / "final.mdl").exists() and not (folder / "am").exists():
        am = conf = graph = folder
        required = [am / "final.mdl", conf / "mfcc.conf"]
    else:
        am, conf, graph = folder / "am", folder / "conf", folder / "graph"
        required = [am / "final.mdl", conf / "mfcc.conf", conf / "model.conf"]
    missing = [str(p.relative_to(folder)) for p in required if not p.is_file()]
    has_graph = (graph / "HCLG.fst").is_file() or (
        (graph / "HCLr.fst").is_file() and (graph / "Gr.fst").is_file())
    if not has_graph:
        missing.append(f"{graph.relative_to(folder) if graph != folder else '.'}/HCLG.fst "
                       f"(or HCLr.fst and Gr.fst)")
    if missing:
        return "missing " + ", ".join(missing)
    if (am / "final.mdl").stat().st_size == 0:
        return "its final.mdl is empty"
    return None


def is_vosk_model(folder: Path) -> bool:
    return model_problem(folder) is None


# ---------------------------------------------------------------- choosing the model

def _by_hand(name: str) -> str:
    return (f"Get it with:  mockinterview model download {name}\n"
            f"or by hand: download {name}.zip from {MODELS_PAGE}, unzip it into "
            f"{paths.models_dir()}/ (giving {paths.models_dir() / name}/am, conf, graph ...), "
            f"or point --model or MOCKINTERVIEW_MODEL at a model folder.")


def _requested(flag: str | None, settings: SpeechSettings) -> tuple[Path | None, str]:
    """The folder asked for (None = the default) and where the request came from."""
    if flag:
        return Path(flag).expanduser(), "--model"
    if settings.model_path:
        source = ("MOCKINTERVIEW_MODEL" if os.environ.get("MOCKINTERVIEW_MODEL")
                  == settings.model_path else "the settings file")
        return Path(settings.model_path).expanduser(), source
    return None, "default"


def resolve_model_path(flag: str | None, settings: SpeechSettings) -> Path:
    """The model folder to use: --model, MOCKINTERVIEW_MODEL, settings file, models/<default>.

    Raises SetupError (with the fix) when it is missing or is not a Vosk model.
    """
    wanted, source = _requested(flag, settings)
    if wanted is None:
        name = settings.default_model
        path = paths.models_dir() / name
        if not path.exists():
            raise SetupError(f"no speech model found: {path} does not exist.", _by_hand(name))
    else:
        path = wanted
        # A bare name such as "vosk-model-en-us-0.22-lgraph" means the folder in models/.
        if not path.exists() and len(path.parts) == 1 and (paths.models_dir() / path).exists():
            path = paths.models_dir() / path
        if not path.exists():
            raise SetupError(f"no speech model at {path} (given by {source}).",
                             _by_hand(settings.default_model))
    problem = model_problem(path)
    if problem:
        name = path.name if path.name in KNOWN_MODELS else settings.default_model
        raise SetupError(
            f"{path} is not a Vosk model folder: {problem}.",
            f"A Vosk model folder holds am/final.mdl, conf/ and graph/, as unzipped from "
            f"{MODELS_PAGE}. Point --model or MOCKINTERVIEW_MODEL at one, or (after "
            f"removing a damaged download) run `mockinterview model download {name}`.")
    return path.resolve()


def ensure_model(flag: str | None, settings: SpeechSettings, interactive: bool,
                 ask: Callable[[str], str] | None = None) -> Path:
    """Like resolve_model_path, but in a terminal offers to download a missing default model."""
    try:
        return resolve_model_path(flag, settings)
    except SetupError:
        wanted, _ = _requested(flag, settings)
        name = settings.default_model
        missing_default = wanted is None and not (paths.models_dir() / name).exists()
        if not (interactive and missing_default and name in KNOWN_MODELS):
            raise
    info = KNOWN_MODELS[name]
    ask = ask or _ask_on_stderr
    answer = ask(f"No speech model yet. Download {name} (about {info.size_mb} MB) from "
                 f"{MODELS_PAGE} now? [Y/n] ").strip().lower()
    if answer not in ("", "y", "yes"):
        raise SetupError("no speech model: download declined.", _by_hand(name))
    download_model(name)
    return resolve_model_path(flag, settings)


def _ask_on_stderr(prompt: str) -> str:
    print(prompt, end="", file=sys.stderr, flush=True)
    line = sys.stdin.readline()
    return line if line else "n"  # end of input means no


# ---------------------------------------------------------------- listing

@dataclass(frozen=True)
class InstalledModel:
    name: str
    path: Path
    problem: str | None  # None when it looks like a Vosk model
    in_use: bool

    def to_dict(self) -> dict:
        return {"name": self.name, "path": str(self.path), "ok": self.problem is None,
                "problem": self.problem, "in_use": self.in_use}


def model_in_use(settings: SpeechSettings) -> Path:
    """The folder that would be used (whether or not it exists), without raising."""
    wanted, _ = _requested(None, settings)
    if wanted is None:
        return paths.models_dir() / settings.default_model
    if not wanted.exists() and len(wanted.parts) == 1:
        return paths.models_dir() / wanted
    return wanted


def list_models(settings: SpeechSettings) -> list[InstalledModel]:
    """Every folder in models/ (and the model in use, wherever it is)."""
    in_use = model_in_use(settings).expanduser().resolve()
    found = []
    folder = paths.models_dir()
    if folder.is_dir():
        for child in sorted(folder.iterdir()):
            if child.name.startswith(".") or not child.is_dir():
                continue
            found.append(InstalledModel(child.name, child, model_problem(child),
                                        child.resolve() == in_use))
    if in_use.exists() and not any(m.in_use for m in found):
        found.append(InstalledModel(in_use.name, in_use, model_problem(in_use), True))
    return found


# ---------------------------------------------------------------- downloading

class DownloadError(MockInterviewError):
    """A model download or its archive was refused; nothing was installed."""


def _check_name(name: str) -> str:
    if not _SAFE_NAME.match(name) or name in (".", ".."):
        raise DownloadError(f"invalid model name {name!r}: use letters, digits, '.', '-', '_'")
    return name


def _check_sha256(value: str | None) -> str | None:
    if value is None:
        return None
    value = value.strip().lower()
    if not re.fullmatch(r"[0-9a-f]{64}", value):
        raise DownloadError(f"--sha256 must be 64 hexadecimal digits, got {value!r}")
    return value


def plan_download(name: str | None, url: str | None,
                  sha256: str | None) -> tuple[str, str, str | None]:
    """(folder name, URL, expected SHA-256) for `model download [NAME] [--url] [--sha256]`."""
    import urllib.parse

    sha256 = _check_sha256(sha256)
    if url is None:
        name = name or SpeechSettings().default_model
        if name not in KNOWN_MODELS:
            known = ", ".join(KNOWN_MODELS)
            raise DownloadError(f"unknown model {name!r}; known models: {known}",
                                "For another model give its zip with --url URL (and NAME).")
        info = KNOWN_MODELS[name]
        return name, info.url, sha256 or info.sha256
    parsed = urllib.parse.urlparse(url)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise DownloadError(f"--url must be an http:// or https:// address, got {url!r}")
    if name is None:
        base = PurePosixPath(urllib.parse.unquote(parsed.path)).name
        name = base[:-4] if base.lower().endswith(".zip") else base
    known = KNOWN_MODELS.get(name)
    if sha256 is None and known is not None and known.url == url:
        sha256 = known.sha256
    return _check_name(name), url, sha256


def _part_file(name: str, url: str) -> Path:
    """Where a partial download waits to be resumed: outside models/, keyed by the URL."""
    import hashlib  # late, like the other download modules: `model list` needs none

    key = hashlib.sha256(url.encode()).hexdigest()[:12]
    return paths.cache_dir() / "downloads" / f"{name}-{key}.zip.part"


def _open(url: str, start: int, timeout: float) -> http.client.HTTPResponse:
    import urllib.error
    import urllib.request

    headers = {"User-Agent": "mockinterview-model-download"}
    if start:
        headers["Range"] = f"bytes={start}-"
    try:
        return urllib.request.urlopen(urllib.request.Request(url, headers=headers),
                                      timeout=timeout)
    except urllib.error.HTTPError as exc:
        if exc.code == 416 and start:
            raise  # the caller restarts from zero
        raise DownloadError(f"download failed: {url} answered HTTP {exc.code} {exc.reason}") \
            from None
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise DownloadError(f"download failed: cannot reach {url} ({reason})",
                            "Check the network connection, then run the same command again.") \
            from None


def fetch(url: str, part: Path, progress: bool = True, timeout: float = 30.0,
          label: str = "download") -> Path:
    """Download `url` into `part`, resuming from its current size with an HTTP Range request."""
    import http.client
    import urllib.error

    part.parent.mkdir(parents=True, exist_ok=True)
    start = part.stat().st_size if part.exists() else 0
    try:
        response = _open(url, start, timeout)
    except urllib.error.HTTPError:  # 416: our partial file does not fit the server's file
        part.unlink()
        start = 0
        response = _open(url, 0, timeout)
    with response:
        if start and response.status != 206:
            start = 0  # the server ignored the Range and sent the whole file: begin again
        elif start and not (response.headers.get("Content-Range") or "").startswith(
                f"bytes {start}-"):
            part.unlink()
            raise DownloadError(f"download failed: {url} resumed at the wrong place.",
                                "Run the same command again to start afresh.")
        length = response.headers.get("Content-Length")
        expected = start + int(length) if length is not None and length.isdigit() else None
        received = start
        with open(part, "ab" if start else "wb") as out, _progress_bar(
                progress, label, expected, start) as advance:
            try:
                while True:
                    chunk = response.read(CHUNK)
                    if not chunk:
                        break
                    out.write(chunk)
                    received += len(chunk)
                    advance(len(chunk))
            except (http.client.IncompleteRead, OSError) as exc:
                out.flush()
                raise DownloadError(
                    f"download interrupted after {received:,} bytes ({exc.__class__.__name__}).",
                    "Run the same command again to resume.") from None
    if expected is not None and received < expected:
        raise DownloadError(
            f"download interrupted: got {received:,} of {expected:,} bytes.",
            "Run the same command again to resume.")
    return part


class _progress_bar:
    """A rich progress bar on stderr (or nothing); yields a function that advances it."""

    def __init__(self, enabled: bool, label: str, total: int | None, done: int) -> None:
        self.enabled, self.label, self.total, self.done = enabled, label, total, done
        self.progress = None

    def __enter__(self) -> Callable[[int], None]:
        if not self.enabled:
            return lambda n: None
        from rich.console import Console
        from rich.progress import (BarColumn, DownloadColumn, Progress, TextColumn,
                                   TimeRemainingColumn, TransferSpeedColumn)

        self.progress = Progress(TextColumn("[bold]{task.description}"), BarColumn(),
                                 DownloadColumn(), TransferSpeedColumn(), TimeRemainingColumn(),
                                 console=Console(stderr=True), transient=False)
        self.progress.start()
        task = self.progress.add_task(self.label, total=self.total, completed=self.done)
        return lambda n: self.progress.advance(task, n)

    def __exit__(self, *exc: object) -> None:
        if self.progress is not None:
            self.progress.stop()


def sha256_of(path: Path) -> str:
    import hashlib

    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1024 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _entry_parts(info: zipfile.ZipInfo) -> tuple[str, ...]:
    """The path parts of a zip entry, refusing anything that could land outside the target."""
    name = info.filename
    kind = stat.S_IFMT(info.external_attr >> 16)  # 0 when the zip records no file type
    if kind == stat.S_IFLNK:
        raise DownloadError(f"refused archive: entry {name!r} is a symbolic link")
    if kind not in (0, stat.S_IFREG, stat.S_IFDIR):
        raise DownloadError(f"refused archive: entry {name!r} is not a plain file or folder")
    unified = name.replace("\\", "/")
    if "\0" in name or unified.startswith("/") or re.match(r"^[A-Za-z]:", unified):
        raise DownloadError(f"refused archive: entry {name!r} has an absolute path")
    parts = tuple(p for p in unified.split("/") if p not in ("", "."))
    if ".." in parts:
        raise DownloadError(f"refused archive: entry {name!r} points outside the model folder")
    return parts


def turn_off_dither(model: Path) -> None:
    """Make decoding repeatable: Vosk models leave Kaldi's dither on (random noise added to
    the features), so the same answer could transcribe differently each time it is read."""
    conf = model / "conf" / "mfcc.conf"
    if conf.is_file() and "--dither" not in conf.read_text(errors="replace"):
        with open(conf, "a", encoding="utf-8") as f:
            f.write("\n--dither=0\n")


def extract_model(archive: Path, target: Path, max_bytes: int = MAX_UNPACKED_BYTES,
                  source: str | None = None) -> Path:
    """Check and unpack a model zip into `target` (which must not exist), atomically.

    Unpacks into a hidden temporary folder beside `target` and renames it into place only
    when complete and recognisable as a Vosk model; on any failure the temporary folder is
    removed. A single top-level folder in the archive (the usual layout) is stripped.
    `source` names the archive in messages (default: its file name).
    """
    import shutil
    import tempfile
    import zipfile


    source = source or archive.name
    try:
        zf = zipfile.ZipFile(archive)
    except (zipfile.BadZipFile, OSError) as exc:
        raise DownloadError(f"refused archive: {source} is not a valid zip file ({exc})") \
            from None
    with zf:
        entries = zf.infolist()
        if len(entries) > MAX_ENTRIES:
            raise DownloadError(f"refused archive: {len(entries):,} entries (limit "
                                f"{MAX_ENTRIES:,})")
        declared = sum(e.file_size for e in entries)
        if declared > max_bytes:
            raise DownloadError(f"refused archive: it would unpack to {declared:,} bytes, more "
                                f"than the limit of {max_bytes:,} bytes")
        planned = [(e, _entry_parts(e)) for e in entries]
        planned = [(e, p) for e, p in planned if p]
        tops = {p[0] for _, p in planned}
        strip = len(tops) == 1 and all(len(p) > 1 or e.is_dir() for e, p in planned)
        target.parent.mkdir(parents=True, exist_ok=True)
        temp = Path(tempfile.mkdtemp(prefix=f"{_TEMP_PREFIX}{target.name}-", dir=target.parent))
        try:
            written = 0
            root = temp.resolve()
            for entry, parts in planned:
                rel = parts[1:] if strip else parts
                if not rel:
                    continue
                dest = temp.joinpath(*rel)
                if root not in dest.resolve().parents:  # belt and braces after the checks
                    raise DownloadError(f"refused archive: entry {entry.filename!r} escapes")
                if entry.is_dir():
                    dest.mkdir(parents=True, exist_ok=True)
                    continue
                dest.parent.mkdir(parents=True, exist_ok=True)
                with zf.open(entry) as src, open(dest, "xb") as out:
                    while chunk := src.read(CHUNK):
                        written += len(chunk)
                        if written > max_bytes:  # sizes in the headers can lie
                            raise DownloadError(f"refused archive: it unpacks to more than "
                                                f"{max_bytes:,} bytes")
                        out.write(chunk)
            problem = model_problem(temp)
            if problem:
                raise DownloadError(f"refused archive: it does not hold a Vosk model ({problem})")
            turn_off_dither(temp)
            if target.exists():
                raise DownloadError(f"{target} appeared while unpacking; not replacing it")
            os.rename(temp, target)
        except BaseException as exc:
            shutil.rmtree(temp, ignore_errors=True)
            if isinstance(exc, (zipfile.BadZipFile, EOFError, NotImplementedError)):
                raise DownloadError(f"refused archive: {source} is damaged ({exc})") \
                    from None
            if isinstance(exc, OSError):
                raise DownloadError(f"cannot unpack the model into {target.parent}: {exc}") \
                    from None
            raise
    return target


def download_model(name: str | None = None, url: str | None = None, sha256: str | None = None,
                   progress: bool = True, max_bytes: int = MAX_UNPACKED_BYTES,
                   timeout: float = 30.0) -> Path:
    """Download, verify and install a model into models/<name>; returns its folder."""
    import shutil

    name, url, sha256 = plan_download(name, url, sha256)
    target = paths.models_dir() / name
    if target.exists():
        problem = model_problem(target)
        if problem is None:
            return target
        raise DownloadError(f"{target} exists but is not a Vosk model ({problem}).",
                            "Remove it, then run the command again.")
    # Unpacking folders left by a process killed mid-way (kill -9, power loss) are debris.
    for stale in paths.models_dir().glob(f"{_TEMP_PREFIX}{name}-*"):
        shutil.rmtree(stale, ignore_errors=True)
    part = _part_file(name, url)
    fetch(url, part, progress=progress, timeout=timeout, label=name)
    if sha256 is not None:
        actual = sha256_of(part)
        if actual != sha256:
            part.unlink()
            raise DownloadError(f"refused download: SHA-256 mismatch for {url}\n"
                                f"  expected {sha256}\n  got      {actual}",
                                "The file was damaged or changed; it has been deleted.")
    try:
        extract_model(part, target, max_bytes=max_bytes, source=url)
    finally:
        part.unlink(missing_ok=True)  # complete: either installed or refused for good
    return target

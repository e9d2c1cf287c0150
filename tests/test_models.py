"""Model resolution and the downloader, against a real HTTP server on 127.0.0.1 (with Range
support, able to cut a transfer short) serving zips the tests build."""

from __future__ import annotations

import hashlib
import io
import json
import os
import stat
import threading
import zipfile
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from mockinterview.errors import SetupError
from mockinterview.settings import SpeechSettings, load_settings
from mockinterview.speech import models
from mockinterview.speech.models import (DownloadError, ModelInfo, download_model,
                                         ensure_model, extract_model, fetch, list_models,
                                         plan_download, resolve_model_path)

# A structural stand-in for a model: the downloader only unpacks and checks the layout, it
# never loads the model, so these small files stand in for the real 40 MB of weights.
MODEL_FILES = {
    "am/final.mdl": b"\x00B<TransitionModel>" + os.urandom(3000),
    "conf/mfcc.conf": b"--use-energy=false\n",
    "conf/model.conf": b"--beam=10.0\n",
    "graph/HCLr.fst": os.urandom(50_000),  # incompressible: a transfer worth cutting
    "graph/Gr.fst": os.urandom(20_000),
    "README": b"test model\n",
}


def build_zip(entries: dict[str, bytes], root: str | None = "test-model",
              symlinks: dict[str, str] | None = None) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries.items():
            zf.writestr(f"{root}/{name}" if root else name, data)
        for name, target in (symlinks or {}).items():
            info = zipfile.ZipInfo(f"{root}/{name}" if root else name)
            info.external_attr = (stat.S_IFLNK | 0o777) << 16
            zf.writestr(info, target)
    return buf.getvalue()


GOOD = build_zip(MODEL_FILES)
GOOD_SHA = hashlib.sha256(GOOD).hexdigest()


class Server(ThreadingHTTPServer):
    files: dict[str, bytes]
    cut_after: dict[str, int]  # path -> bytes sent before the connection is dropped (once)
    ignore_range: bool
    requests: list[tuple[str, dict[str, str]]]


class Handler(BaseHTTPRequestHandler):
    server: Server

    def log_message(self, *args) -> None:  # keep test output clean
        pass

    def do_GET(self) -> None:
        self.server.requests.append((self.path, dict(self.headers)))
        data = self.server.files.get(self.path)
        if data is None:
            self.send_error(404, "Not Found")
            return
        start = 0
        header = self.headers.get("Range")
        if header and not self.server.ignore_range:
            start = int(header.removeprefix("bytes=").split("-")[0])
            if start >= len(data):
                self.send_response(416)
                self.send_header("Content-Range", f"bytes */{len(data)}")
                self.end_headers()
                return
            self.send_response(206)
            self.send_header("Content-Range", f"bytes {start}-{len(data) - 1}/{len(data)}")
        else:
            self.send_response(200)
        body = data[start:]
        self.send_header("Content-Type", "application/zip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        cut = self.server.cut_after.pop(self.path, None)
        self.wfile.write(body if cut is None else body[:cut])
        self.wfile.flush()
        if cut is not None:
            self.close_connection = True


@pytest.fixture
def server():
    srv = Server(("127.0.0.1", 0), Handler)
    srv.files, srv.cut_after, srv.ignore_range, srv.requests = {}, {}, False, []
    thread = threading.Thread(target=srv.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    srv.url = f"http://127.0.0.1:{srv.server_address[1]}"
    yield srv
    srv.shutdown()
    srv.server_close()


def models_dir_entries(home: Path) -> list[str]:
    folder = home / "models"
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def part_files(home: Path) -> list[Path]:
    return sorted((home / ".cache" / "downloads").glob("*.part"))


# ---------------------------------------------------------------- downloading

def test_a_good_archive_installs_its_model(server, private_home):
    server.files["/test-model.zip"] = GOOD
    path = download_model(url=f"{server.url}/test-model.zip", sha256=GOOD_SHA, progress=False)
    assert path == private_home / "models" / "test-model"
    assert models_dir_entries(private_home) == ["test-model"]  # no temporary folder left
    for name, data in MODEL_FILES.items():
        if name == "conf/mfcc.conf":  # dither turned off so decoding is repeatable
            assert (path / name).read_bytes() == data + b"\n--dither=0\n"
        else:
            assert (path / name).read_bytes() == data
    assert models.is_vosk_model(path)
    assert part_files(private_home) == []
    # Already installed: no second request.
    assert download_model(url=f"{server.url}/test-model.zip", progress=False) == path
    assert len(server.requests) == 1


def test_a_wrong_checksum_is_refused_and_leaves_nothing(server, private_home):
    server.files["/test-model.zip"] = GOOD
    with pytest.raises(DownloadError) as info:
        download_model(url=f"{server.url}/test-model.zip", sha256="0" * 64, progress=False)
    assert info.value.message == (f"refused download: SHA-256 mismatch for "
                                  f"{server.url}/test-model.zip\n  expected {'0' * 64}\n"
                                  f"  got      {GOOD_SHA}")
    assert models_dir_entries(private_home) == []
    assert part_files(private_home) == []


def test_a_truncated_transfer_is_refused_and_leaves_nothing_in_models(server, private_home):
    server.files["/test-model.zip"] = GOOD
    server.cut_after["/test-model.zip"] = 30_000
    with pytest.raises(DownloadError) as info:
        download_model(url=f"{server.url}/test-model.zip", sha256=GOOD_SHA, progress=False)
    assert info.value.message.startswith("download interrupted")
    assert info.value.fix == "Run the same command again to resume."
    assert models_dir_entries(private_home) == []
    # The partial file waits outside models/ to be resumed.
    [part] = part_files(private_home)
    assert part.read_bytes() == GOOD[:30_000]


def test_an_interrupted_download_resumes_with_a_range_request(server, private_home, tmp_path):
    server.files["/test-model.zip"] = GOOD
    server.cut_after["/test-model.zip"] = 40_000
    part = tmp_path / "x.zip.part"
    with pytest.raises(DownloadError):
        fetch(f"{server.url}/test-model.zip", part, progress=False)
    assert part.stat().st_size == 40_000
    fetch(f"{server.url}/test-model.zip", part, progress=False)
    assert "Range" not in server.requests[0][1]
    assert server.requests[1][1]["Range"] == "bytes=40000-"
    assert part.read_bytes() == GOOD  # byte-identical


def test_an_interrupted_model_download_resumes_and_installs(server, private_home):
    server.files["/test-model.zip"] = GOOD
    server.cut_after["/test-model.zip"] = 25_000
    url = f"{server.url}/test-model.zip"
    with pytest.raises(DownloadError):
        download_model(url=url, sha256=GOOD_SHA, progress=False)
    path = download_model(url=url, sha256=GOOD_SHA, progress=False)
    assert server.requests[1][1]["Range"] == "bytes=25000-"
    assert models.is_vosk_model(path) and part_files(private_home) == []


def test_a_server_that_ignores_range_gives_a_whole_fresh_file(server, tmp_path):
    server.files["/m.zip"] = GOOD
    server.cut_after["/m.zip"] = 10_000
    server.ignore_range = True
    part = tmp_path / "m.zip.part"
    with pytest.raises(DownloadError):
        fetch(f"{server.url}/m.zip", part, progress=False)
    fetch(f"{server.url}/m.zip", part, progress=False)
    assert part.read_bytes() == GOOD


def test_a_stale_partial_file_longer_than_the_file_starts_afresh(server, tmp_path):
    server.files["/m.zip"] = GOOD
    part = tmp_path / "m.zip.part"
    part.write_bytes(b"x" * (len(GOOD) + 10))
    fetch(f"{server.url}/m.zip", part, progress=False)
    assert part.read_bytes() == GOOD


@pytest.mark.parametrize("bad_name, expected", [
    ("../evil.txt", "refused archive: entry '../evil.txt' points outside the model folder"),
    ("test-model/../../evil.txt",
     "refused archive: entry 'test-model/../../evil.txt' points outside the model folder"),
    ("/tmp/evil.txt", "refused archive: entry '/tmp/evil.txt' has an absolute path"),
    ("C:/evil.txt", "refused archive: entry 'C:/evil.txt' has an absolute path"),
])
def test_entries_that_escape_the_target_are_refused(server, private_home, bad_name, expected):
    entries = {f"test-model/{k}": v for k, v in MODEL_FILES.items()} | {bad_name: b"pwned"}
    server.files["/test-model.zip"] = build_zip(entries, root=None)
    with pytest.raises(DownloadError) as info:
        download_model(url=f"{server.url}/test-model.zip", progress=False)
    assert info.value.message == expected
    assert models_dir_entries(private_home) == []
    assert part_files(private_home) == []
    assert not (private_home / "evil.txt").exists() and not Path("/tmp/evil.txt").exists()


def test_a_symlink_entry_is_refused(server, private_home):
    server.files["/test-model.zip"] = build_zip(MODEL_FILES,
                                                symlinks={"graph/words.txt": "/etc/passwd"})
    with pytest.raises(DownloadError) as info:
        download_model(url=f"{server.url}/test-model.zip", progress=False)
    assert info.value.message == ("refused archive: entry 'test-model/graph/words.txt' is a "
                                  "symbolic link")
    assert models_dir_entries(private_home) == []


def test_an_archive_over_the_size_limit_is_refused(server, private_home):
    bomb = build_zip(MODEL_FILES | {"graph/HCLG.fst": bytes(20_000_000)})  # 20 MB of zeros
    assert len(bomb) < 200_000
    server.files["/test-model.zip"] = bomb
    with pytest.raises(DownloadError) as info:
        download_model(url=f"{server.url}/test-model.zip", progress=False,
                       max_bytes=10_000_000)
    declared = 20_000_000 + sum(map(len, MODEL_FILES.values()))
    assert info.value.message == (f"refused archive: it would unpack to {declared:,} bytes, "
                                  f"more than the limit of 10,000,000 bytes")
    assert models_dir_entries(private_home) == []


def test_a_file_that_is_not_a_zip_or_not_a_model_is_refused(server, private_home):
    server.files["/page.zip"] = b"<html>Not found</html>"
    with pytest.raises(DownloadError) as info:
        download_model("page", url=f"{server.url}/page.zip", progress=False)
    assert info.value.message == (f"refused archive: {server.url}/page.zip is not a valid zip "
                                  f"file (File is not a zip file)")
    server.files["/notes.zip"] = build_zip({"notes.txt": b"hello"})
    with pytest.raises(DownloadError) as info:
        download_model(url=f"{server.url}/notes.zip", progress=False)
    assert info.value.message.startswith("refused archive: it does not hold a Vosk model "
                                         "(missing am/final.mdl")
    assert models_dir_entries(private_home) == []


def test_a_damaged_archive_is_refused_and_cleaned_up(tmp_path, private_home):
    data = bytearray(GOOD)
    offset = len(data) // 3
    data[offset:offset + 200] = bytes(200)  # corrupt compressed bytes mid-archive
    archive = tmp_path / "bad.zip"
    archive.write_bytes(bytes(data))
    with pytest.raises(DownloadError, match="^refused archive: bad.zip is damaged"):
        extract_model(archive, private_home / "models" / "bad")
    assert models_dir_entries(private_home) == []


def test_http_errors_are_reported(server):
    with pytest.raises(DownloadError) as info:
        download_model(url=f"{server.url}/missing.zip", progress=False)
    assert info.value.message == (f"download failed: {server.url}/missing.zip answered "
                                  f"HTTP 404 Not Found")


def test_plan_download_names_urls_and_checksums():
    default = models.KNOWN_MODELS["vosk-model-small-en-us-0.15"]
    assert plan_download(None, None, None) == (default.name, default.url, default.sha256)
    assert plan_download(None, "https://example.org/x/my-model.zip", None) == (
        "my-model", "https://example.org/x/my-model.zip", None)
    assert plan_download("mine", "http://h/a.zip", "AB" * 32) == ("mine", "http://h/a.zip",
                                                                  "ab" * 32)
    with pytest.raises(DownloadError, match="^unknown model 'nope'; known models: "
                                            "vosk-model-small-en-us-0.15, "):
        plan_download("nope", None, None)
    with pytest.raises(DownloadError, match="^--sha256 must be 64 hexadecimal digits"):
        plan_download(None, None, "abc")
    with pytest.raises(DownloadError, match="^--url must be an http:// or https:// address"):
        plan_download(None, "file:///etc/passwd", None)
    with pytest.raises(DownloadError, match="^invalid model name '..'"):
        plan_download("..", "http://h/a.zip", None)


# ---------------------------------------------------------------- resolving

def test_missing_default_model_gives_the_download_command(private_home):
    target = private_home / "models" / "vosk-model-small-en-us-0.15"
    with pytest.raises(SetupError) as info:
        resolve_model_path(None, SpeechSettings())
    assert info.value.message == f"no speech model found: {target} does not exist."
    assert info.value.fix == (
        "Get it with:  mockinterview model download vosk-model-small-en-us-0.15\n"
        "or by hand: download vosk-model-small-en-us-0.15.zip from "
        f"https://alphacephei.com/vosk/models, unzip it into {private_home / 'models'}/ "
        f"(giving {target}/am, conf, graph ...), or point --model or MOCKINTERVIEW_MODEL at "
        "a model folder.")


def test_missing_model_names_where_it_was_asked_for(private_home, monkeypatch, tmp_path):
    with pytest.raises(SetupError) as info:
        resolve_model_path(str(tmp_path / "nope"), SpeechSettings())
    assert info.value.message == f"no speech model at {tmp_path / 'nope'} (given by --model)."
    monkeypatch.setenv("MOCKINTERVIEW_MODEL", str(tmp_path / "gone"))
    with pytest.raises(SetupError) as info:
        resolve_model_path(None, load_settings().speech)
    assert info.value.message == (f"no speech model at {tmp_path / 'gone'} (given by "
                                  f"MOCKINTERVIEW_MODEL).")


def test_a_folder_that_is_not_a_model_gives_a_clear_error(tmp_path):
    (tmp_path / "am").mkdir()
    with pytest.raises(SetupError) as info:
        resolve_model_path(str(tmp_path), SpeechSettings())
    assert info.value.message == (f"{tmp_path} is not a Vosk model folder: missing "
                                  f"am/final.mdl, conf/mfcc.conf, conf/model.conf, "
                                  f"graph/HCLG.fst (or HCLr.fst and Gr.fst).")
    assert "Point --model or MOCKINTERVIEW_MODEL at one" in info.value.fix


def test_resolution_order_flag_env_settings_default(private_home, monkeypatch, tmp_path):
    def make(folder: Path) -> Path:
        for name, data in MODEL_FILES.items():
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            (folder / name).write_bytes(data)
        return folder.resolve()

    default = make(private_home / "models" / "vosk-model-small-en-us-0.15")
    from_file = make(tmp_path / "from-file")
    from_env = make(tmp_path / "from-env")
    from_flag = make(tmp_path / "from-flag")
    (private_home / "no-settings.toml").write_text(
        f'[speech]\nmodel_path = "{from_file}"\n')
    assert resolve_model_path(None, SpeechSettings()) == default
    assert resolve_model_path(None, load_settings().speech) == from_file
    monkeypatch.setenv("MOCKINTERVIEW_MODEL", str(from_env))
    assert resolve_model_path(None, load_settings().speech) == from_env
    assert resolve_model_path(str(from_flag), load_settings().speech) == from_flag
    # A bare name means the folder in models/.
    assert resolve_model_path("vosk-model-small-en-us-0.15", SpeechSettings()) == default
    listed = {m.name: m for m in list_models(load_settings().speech)}
    assert listed["from-env"].in_use and not listed["vosk-model-small-en-us-0.15"].in_use


def test_ensure_model_offers_the_download_in_a_terminal(server, private_home, monkeypatch):
    name = "vosk-model-small-en-us-0.15"
    server.files[f"/{name}.zip"] = build_zip(MODEL_FILES, root=name)
    # The real default URL cannot be reached here: point the known model at the test server.
    monkeypatch.setitem(models.KNOWN_MODELS, name, ModelInfo(
        name, f"{server.url}/{name}.zip", hashlib.sha256(server.files[f"/{name}.zip"])
        .hexdigest(), 1, "test"))
    prompts = []
    with pytest.raises(SetupError, match="download declined"):
        ensure_model(None, SpeechSettings(), True, ask=lambda p: prompts.append(p) or "n")
    assert not server.requests
    with pytest.raises(SetupError, match="^no speech model found"):
        ensure_model(None, SpeechSettings(), False, ask=lambda p: "y")  # not a terminal
    path = ensure_model(None, SpeechSettings(), True, ask=lambda p: "")  # Enter means yes
    assert path == (private_home / "models" / name).resolve()
    assert prompts[0].startswith(f"No speech model yet. Download {name} (about 1 MB)")


# ---------------------------------------------------------------- the command line

def test_model_download_and_list_commands(cli, server, private_home, monkeypatch):
    server.files["/test-model.zip"] = GOOD
    code, out, err = cli("model", "download", "--url", f"{server.url}/test-model.zip",
                         "--sha256", GOOD_SHA)
    assert code == 0, err
    assert out == ""
    assert err.splitlines()[-1] == f"Installed test-model in {private_home}/models/test-model"
    code, out, err = cli("model", "list")
    assert code == 0
    assert "  test-model" in out.splitlines()
    assert "vosk-model-small-en-us-0.15" in out  # offered for download
    monkeypatch.setenv("MOCKINTERVIEW_MODEL", str(private_home / "models" / "test-model"))
    code, out, _ = cli("model", "list", "--json")
    data = json.loads(out)
    assert data["installed"] == [{"name": "test-model",
                                  "path": str(private_home / "models" / "test-model"),
                                  "ok": True, "problem": None, "in_use": True}]
    code, out, _ = cli("model", "list")
    assert "* test-model" in out.splitlines()


def test_model_download_command_reports_a_refusal(cli, server, private_home):
    server.files["/test-model.zip"] = GOOD
    code, out, err = cli("model", "download", "--url", f"{server.url}/test-model.zip",
                         "--sha256", "1" * 64)
    assert code == 1 and out == ""
    assert "Error: refused download: SHA-256 mismatch" in err
    assert models_dir_entries(private_home) == []


def test_debris_of_a_killed_unpacking_is_cleared_by_the_next_download(server, private_home):
    debris = private_home / "models" / ".incoming-test-model-abc123"
    (debris / "am").mkdir(parents=True)
    server.files["/test-model.zip"] = GOOD
    download_model(url=f"{server.url}/test-model.zip", progress=False)
    assert models_dir_entries(private_home) == ["test-model"]

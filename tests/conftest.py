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

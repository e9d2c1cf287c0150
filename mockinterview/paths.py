"""Where the project keeps its data, and private folders for personal data."""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


def project_home() -> Path:
    """The folder holding `models/`, `recordings/` and `question_bank/`.

    `MOCKINTERVIEW_HOME` wins; otherwise the source checkout when the package runs from
    one (the README's install), else `~/.local/share/mockinterview`.
    """
    env = os.environ.get("MOCKINTERVIEW_HOME")
    if env:
        return Path(env).expanduser().resolve()
    checkout = PACKAGE_DIR.parent
    if (checkout / "pyproject.toml").is_file() and (checkout / "question_bank").is_dir():
        return checkout
    data = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(data) / "mockinterview"


def bundled_banks_dir() -> Path:
    """The question banks shipped with the project."""
    return PACKAGE_DIR.parent / "question_bank"


def banks_dirs() -> list[Path]:
    """Folders searched for a bank given by name: the home's, then the bundled ones."""
    dirs = [project_home() / "question_bank", bundled_banks_dir()]
    unique: list[Path] = []
    for d in dirs:
        if d not in unique:
            unique.append(d)
    return unique


def models_dir() -> Path:
    return project_home() / "models"


def recordings_dir() -> Path:
    return project_home() / "recordings"


def cache_dir() -> Path:
    """Rendered question audio and other re-creatable files."""
    return project_home() / ".cache"


def make_private_dir(path: Path) -> Path:
    """Create `path` (and parents) readable by its owner only (0700).

    A folder that already exists keeps its permissions: `--recordings /tmp` must not
    change /tmp. (Each session folder inside is always new, hence always 0700.)
    """
    if not path.is_dir():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.mkdir()
        os.chmod(path, 0o700)  # explicit: mkdir's mode is masked by the umask
    return path

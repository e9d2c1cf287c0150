"""Soak: a 30-question session from WAV answers through the real recording and Vosk path.
Memory must not grow with the questions: the child's RSS at the end is within 10% of its
RSS once the first question was answered."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from mockinterview.bank import load_bank
from mockinterview.sessions import Session, read_manifest, session_dirs
from tests.conftest import REPO

# Short answers: the soak is about 30 rounds of record, recognise, analyse and save.
ANSWER = "I answered the phones and booked appointments."


def thirty_question_bank(path: Path) -> Path:
    """The bundled bank plus copies of its first questions under new ids: 30 questions."""
    source = load_bank("medical_secretary").path.read_text()
    blocks = re.split(r"(?m)^(?=\[\[questions\]\])", source)
    questions = [b for b in blocks if b.startswith("[[questions]]")]
    extra = []
    for i, block in enumerate(questions[:30 - len(questions)]):
        extra.append(re.sub(r'(?m)^id = "([^"]+)"', rf'id = "\1-again-{i}"', block, count=1))
    path.write_text(source.rstrip("\n") + "\n\n" + "".join(extra))
    assert len(load_bank(str(path)).questions) == 30
    return path


def rss_kib(pid: int) -> int | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


@pytest.mark.slow
def test_30_question_session_keeps_memory_flat(tmp_path, vosk_model_dir):
    bank = thirty_question_bank(tmp_path / "big_bank.toml")
    answers = tmp_path / "answers"
    answers.mkdir()
    subprocess.run(["espeak-ng", "-v", "en-us", "-w", str(answers / "01.wav"), ANSWER],
                   check=True, capture_output=True)
    for i in range(2, 31):
        shutil.copy(answers / "01.wav", answers / f"{i:02d}.wav")
    rec = tmp_path / "rec"
    proc = subprocess.Popen(
        [sys.executable, "-m", "mockinterview", "practice", "--bank", str(bank), "-n", "30",
         "--answers-from", str(answers), "--fast", "--no-speech", "--think-seconds", "0",
         "--model", str(vosk_model_dir), "--recordings", str(rec)],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        cwd=REPO)
    # RSS when each question's answer is saved, read from /proc while the child runs.
    rss_at: dict[int, int] = {}
    deadline = time.monotonic() + 600
    try:
        while proc.poll() is None and time.monotonic() < deadline:
            rss = rss_kib(proc.pid)
            folders = session_dirs(rec)
            manifest = read_manifest(folders[0]) if folders else None
            if manifest and rss:
                answered = sum(q.get("status") == "answered" for q in manifest["questions"])
                if answered:
                    rss_at.setdefault(answered, rss)
            time.sleep(0.02)
        _, err = proc.communicate(timeout=60)
    finally:
        proc.kill()
    assert proc.returncode == 0, err
    [folder] = session_dirs(rec)
    session = Session.open(folder)
    assert session.manifest["status"] == "complete"
    assert [q["status"] for q in session.questions] == ["answered"] * 30
    assert all(json.loads(session.files(i).analysis.read_text())["duration_s"] > 2
               for i in range(1, 31))
    first, last = rss_at[1], rss_at[max(rss_at)]
    assert max(rss_at) >= 29, sorted(rss_at)  # sampled to (almost) the end
    assert abs(last - first) <= 0.10 * first, (
        f"RSS after question 1: {first / 1024:.0f} MiB, at the end: {last / 1024:.0f} MiB "
        f"({sorted((k, v // 1024) for k, v in rss_at.items())})")

"""`analyse` on a recording: transcribed by the real Vosk test model, then analysed."""

from __future__ import annotations

import json

import pytest

from tests.conftest import run_cli_process


def test_analyse_wav_transcribes_then_analyses(korean_speech_wav, vosk_model_dir):
    result = run_cli_process("analyse", str(korean_speech_wav), "--model", str(vosk_model_dir),
                             "--question", "patient-privacy", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["word_count"] > 0  # the recogniser heard words
    assert 2.0 < data["duration_s"] < 6.0
    assert data["speech_s"] <= data["duration_s"]
    assert data["talking_points"]["missed"]  # Korean speech covers no English keyword


@pytest.mark.slow
def test_analyse_wav_without_a_model_says_how_to_get_one(korean_speech_wav, tmp_path):
    result = run_cli_process("analyse", str(korean_speech_wav))
    assert result.returncode == 1
    assert result.stderr.startswith("Error: no speech model found")
    assert "mockinterview model download" in result.stderr
    assert "--no-asr" not in result.stdout

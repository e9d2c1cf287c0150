"""Hostile audio: a microphone that disappears mid-answer or refuses 16 kHz, a disk that
fills while recording, and WAV files that are unreadable, empty, cut short, in other
encodings or stereo 44.1 kHz.
Each gives a clear message and keeps what was already recorded.

Already covered elsewhere: a killed recording's WAV header is repaired on load
(test_microphone.py), stereo 44.1 kHz through `transcribe` (test_asr.py), a full disk while
saving an answer's JSON (test_interview_typed.py).
"""

from __future__ import annotations

import errno
import json
import os
import struct
import subprocess
import threading
import time
import types
from pathlib import Path

import numpy as np
import pytest

from mockinterview.audio import microphone as mic_module
from mockinterview.audio.devices import Device
from mockinterview.audio.microphone import MicrophoneSource, Recorder, file_source
from mockinterview.audio.wavfile import WavAppender, read_pipeline_audio, read_wav, write_wav
from mockinterview.errors import AudioError
from mockinterview.sessions import Session, session_dirs
from mockinterview.settings import AudioSettings
from tests.audio_support import RATE, best_match, need_pulse, play_into_mic, silence, speech, wav_of

SAID = "I called the patient back the same afternoon."
USB_MIC = Device(index=7, name="USB mic", hostapi="ALSA", inputs=1, outputs=0,
                 default_rate=48000.0, default_input=True, default_output=False)


# ---------------------------------------------------------------- a device that goes away

class VanishingStream:
    """Stand-in for sounddevice.InputStream (no device can be unplugged here): plays `audio`
    through the callback in real time, 20 ms blocks, then does what PortAudio does when the
    device disappears: with `report=True` it ends the stream and calls finished_callback;
    otherwise the callbacks just stop. stop()/close() then fail, as on a vanished device."""

    plan: list[tuple[np.ndarray, bool]] = []  # (audio, report) for each stream opened

    def __init__(self, device, samplerate, channels, dtype, blocksize, callback,
                 finished_callback=None) -> None:
        assert samplerate == RATE and channels == 1 and dtype == "int16"
        self.audio, self.report = VanishingStream.plan.pop(0)
        self.blocksize, self.callback, self.finished = blocksize, callback, finished_callback
        self.quit = threading.Event()

    def start(self) -> None:
        def run() -> None:
            began = time.monotonic()
            status = types.SimpleNamespace(input_overflow=False)
            for i in range(0, len(self.audio), self.blocksize):
                block = self.audio[i:i + self.blocksize]
                if self.quit.wait(max(0.0, began + (i + len(block)) / RATE - time.monotonic())):
                    return
                adc = types.SimpleNamespace(inputBufferAdcTime=began + i / RATE)
                self.callback(block.reshape(-1, 1), len(block), adc, status)
            if self.report and self.finished:
                self.finished()

        threading.Thread(target=run, daemon=True).start()

    def stop(self) -> None:
        self.quit.set()
        raise RuntimeError("Error stopping stream: Unanticipated host error")

    close = stop


@pytest.fixture
def vanishing_mic(monkeypatch):
    fake_sd = types.SimpleNamespace(InputStream=VanishingStream)
    monkeypatch.setattr(mic_module, "sounddevice", lambda: fake_sd)
    VanishingStream.plan = []
    return VanishingStream.plan


def samples_in(wav: Path) -> np.ndarray:
    """The int16 samples of a 16-bit WAV, exactly (read_pipeline_audio may move one by 1)."""
    return np.round(read_wav(wav)[0][:, 0] * 32768).astype(np.int16)


def lost_message(reason: str, seconds: float, path: Path) -> str:
    return (f"the microphone stopped during the answer: {reason} (microphone 7: USB mic). "
            f"What was recorded ({seconds:.1f} s) is kept in {path}.")


@pytest.mark.parametrize("report, reason", [
    (True, "the device closed the stream, was it unplugged?"),
    (False, "no audio from it for 0.5 s"),
])
@pytest.mark.slow
def test_a_microphone_that_disappears_keeps_the_answer_so_far(tmp_path, vanishing_mic,
                                                              report, reason):
    said = np.concatenate([silence(0.2), speech(SAID)])[:RATE * 1]  # exactly 1.0 s
    vanishing_mic.append((said, report))
    settings = AudioSettings(capture_rate=RATE, stall_s=0.5)
    recorder = Recorder(MicrophoneSource(USB_MIC, settings), settings)
    wav = tmp_path / "answer.wav"
    with pytest.raises(AudioError) as info:
        recorder.record(wav, max_s=30, silence_stop_s=4, no_answer_s=20)
    assert str(info.value) == lost_message(reason, 1.0, wav)
    assert np.array_equal(samples_in(wav), said)  # every block that arrived


def test_a_microphone_lost_mid_interview_keeps_the_session_resumable(
        tmp_path, vanishing_mic, vosk_model_dir, monkeypatch, cli):
    """Through the CLI: the first answer is saved and analysed; the microphone vanishes one
    second into the second; the error says so, the session is resumable and keeps both."""
    vanishing_mic.append((np.concatenate([speech(SAID), silence(1.0)]), True))
    vanishing_mic.append((np.concatenate([silence(0.2), speech(SAID)])[:RATE], True))
    monkeypatch.setattr(mic_module, "microphone_source",
                        lambda device, settings: MicrophoneSource(
                            USB_MIC, AudioSettings(capture_rate=RATE)))
    rec = tmp_path / "rec"
    # No room check: the vanishing microphone serves its recordings to the answers in turn.
    code, out, err = cli("practice", "--no-speech", "--think-seconds", "0", "--room-check",
                         "0", "--silence-stop", "0.8", "--follow-ups", "off", "--model", str(vosk_model_dir),
                         "--recordings", str(rec), "--question", "experience-and-motivation",
                         "--question", "communication-issue")
    assert code == 1
    [folder] = session_dirs(rec)
    wav = folder / "q02-communication-issue.wav"
    assert err.splitlines()[-1] == "Error: " + lost_message(
        "the device closed the stream, was it unplugged?", 1.0, wav)
    assert f"Finished answers are saved in {folder}." in err
    assert "Traceback" not in err
    session = Session.open(folder)
    assert session.manifest["status"] == "interrupted"
    assert session.question(1)["status"] == "answered"
    assert json.loads(session.files(1).analysis.read_text())["duration_s"] > 2
    assert len(read_pipeline_audio(wav)) == RATE

    # Resumed by typing: the partial recording is kept beside the new answer.
    monkeypatch.setattr("sys.stdin", __import__("io").StringIO("I rebooked everyone.\n\n"))
    code, _, err = cli("resume", folder.name, "--type", "--no-speech", "--think-seconds", "0",
                       "--recordings", str(rec))
    assert code == 0, err
    assert "Kept the interrupted recording q02-communication-issue.interrupted.wav" in err
    session = Session.open(folder)
    assert session.manifest["status"] == "complete"
    assert len(read_pipeline_audio(folder / "q02-communication-issue.interrupted.wav")) == RATE


# ---------------------------------------------------------------- a device that refuses 16 kHz

@pytest.mark.audio
def test_a_device_that_refuses_16_khz_is_recorded_at_its_own_rate(tmp_path, monkeypatch):
    """The virtual microphone accepts any rate, so the refusal is simulated at the one call
    that asks (check_input_settings); the recording itself is real."""
    need_pulse()
    from mockinterview.audio.devices import resolve_input_device, sounddevice

    sd = sounddevice()
    asked = []

    def refuse_16k(device=None, samplerate=None, **kw):
        asked.append(samplerate)
        if samplerate == 16000:
            raise sd.PortAudioError("Invalid sample rate [PaErrorCode -9997]")

    monkeypatch.setattr(sd, "check_input_settings", refuse_16k)
    device = resolve_input_device(None)
    source = MicrophoneSource(device, AudioSettings())
    assert asked == [16000]
    assert source.capture_rate == int(device.default_rate) != 16000
    played = np.concatenate([speech(SAID), silence(0.2)])
    timer = play_into_mic(wav_of(played, "refuse16k.wav"), after_s=0.2)
    result = Recorder(source).record(tmp_path / "r.wav", max_s=10, silence_stop_s=0.8,
                                     no_answer_s=5)
    timer.join()
    assert read_wav(result.path)[1] == 16000  # the pipeline still gets 16 kHz
    assert best_match(read_pipeline_audio(result.path), played)[0] > 0.95


# ---------------------------------------------------------------- a full disk while recording

def test_a_full_disk_while_recording_keeps_what_was_written(tmp_path, monkeypatch):
    """A full disk is simulated at the WAV writer (a stand-in: a real disk cannot be filled
    here): the 25th block fails with ENOSPC."""
    real = WavAppender.append

    def append(self, samples):
        if self.frames >= 24 * 320:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real(self, samples)

    monkeypatch.setattr(WavAppender, "append", append)
    source = file_source(wav_of(speech(SAID), "full.wav"), realtime=False)
    wav = tmp_path / "answer.wav"
    with pytest.raises(AudioError) as info:
        Recorder(source).record(wav, max_s=30, silence_stop_s=2, no_answer_s=5)
    assert str(info.value) == (f"could not write the recording {wav}: No space left on "
                               f"device. What was recorded (0.5 s) is kept in {wav}.")
    assert np.array_equal(samples_in(wav), source.samples[:24 * 320])


def test_a_recording_that_cannot_be_created_says_so(tmp_path):
    with pytest.raises(AudioError) as info:
        Recorder(file_source(wav_of(silence(0.1), "x.wav"))).record(tmp_path / "no" / "a.wav")
    assert str(info.value) == (f"cannot write the recording {tmp_path}/no/a.wav: No such file "
                               "or directory")


# ---------------------------------------------------------------- bad WAV files

def make_bad_wavs(folder: Path) -> dict[str, tuple[Path, str]]:
    """name -> (file, the message after 'Error: ')."""
    folder.mkdir(exist_ok=True)
    good = folder / "good.wav"
    write_wav(good, speech(SAID))
    cases = {}
    f = folder / "unknown-format.wav"
    data = bytearray(good.read_bytes())
    struct.pack_into("<H", data, 20, 0x1234)  # a sample format tag nobody defines
    f.write_bytes(bytes(data))
    cases["unknown sample format"] = (
        f, f"{f} is not an audio file this program can read (Error in WAV/W64/RF64 file. "
           "Malformed 'fmt ' chunk); convert it to a 16-bit PCM WAV first")
    f = folder / "no-channels.wav"
    data = bytearray(good.read_bytes())
    struct.pack_into("<H", data, 22, 0)
    f.write_bytes(bytes(data))
    cases["zero channels"] = (f, f"{f} is not an audio file this program can read (Channel "
                                 "count is zero); convert it to a 16-bit PCM WAV first")
    f = folder / "empty.wav"
    f.write_bytes(b"")
    cases["zero-length"] = (f, f"{f} is empty (0 bytes): it is not a usable WAV file")
    for cut in (20, 30):
        f = folder / f"cut{cut}.wav"
        f.write_bytes(good.read_bytes()[:cut])
        cases[f"header cut at {cut} bytes"] = (
            f, f"{f} has a WAV header that is cut short: it is not a usable WAV file")
    f = folder / "notes.wav"
    f.write_text("these are my notes, not audio")
    cases["text named .wav"] = (f, f"{f} is not an audio file this program can read (Format "
                                   "not recognised); convert it to a 16-bit PCM WAV first")
    return cases


BAD = ["unknown sample format", "zero channels", "zero-length", "header cut at 20 bytes",
       "header cut at 30 bytes", "text named .wav"]


@pytest.mark.parametrize("case", BAD)
def test_a_bad_wav_is_refused_by_transcribe_with_one_clear_line(cli, tmp_path, case,
                                                                vosk_model_dir):
    path, message = make_bad_wavs(tmp_path / "wavs")[case]
    code, out, err = cli("transcribe", str(path), "--model", str(vosk_model_dir))
    assert (code, out, err) == (1, "", f"Error: {message}\n")


@pytest.mark.parametrize("case", ["unknown sample format", "zero-length",
                                  "header cut at 30 bytes"])
def test_a_bad_answer_file_stops_practice_before_any_session_starts(cli, tmp_path, case,
                                                                   vosk_model_dir):
    path, message = make_bad_wavs(tmp_path / "wavs")[case]
    answers = tmp_path / "answers"
    answers.mkdir()
    write_wav(answers / "01.wav", speech(SAID))
    os.replace(path, answers / "02.wav")
    message = message.replace(str(path), str(answers / "02.wav"))
    rec = tmp_path / "rec"
    code, out, err = cli("practice", "--answers-from", str(answers), "--no-speech", "-n", "2",
                         "--model", str(vosk_model_dir), "--recordings", str(rec))
    assert (code, err) == (1, f"Error: {message}\n")
    assert session_dirs(rec) == []  # no half-made session


@pytest.mark.parametrize("encoding", [["-e", "floating-point", "-b", "32"], ["-e", "u-law"],
                                      ["-b", "24"], ["-b", "8"], ["-t", "flac"]])
def test_other_encodings_are_read_as_the_same_speech(tmp_path, encoding):
    """Float, mu-law, 24-bit, 8-bit WAV and FLAC (libsndfile decodes them) give the speech."""
    said = speech(SAID)
    good = wav_of(said, "good.wav")
    other = tmp_path / ("other.flac" if "flac" in encoding else "other.wav")
    subprocess.run(["sox", str(good), *encoding, str(other)], check=True)
    samples, rate = read_wav(other)
    assert rate == RATE and samples.shape == (len(said), 1)
    assert best_match(read_pipeline_audio(other), said)[0] > 0.99


def test_a_flac_whose_header_claims_years_of_audio_is_refused_clearly(tmp_path):
    good = tmp_path / "good.flac"
    subprocess.run(["sox", str(wav_of(speech(SAID), "good.wav")), str(good)], check=True)
    data = bytearray(good.read_bytes())
    # STREAMINFO's 36-bit total sample count (bytes 21-25 of the file): claim 2**36 - 1.
    claimed = int.from_bytes(data[21:26], "big") | 0xFFFFFFFFF
    data[21:26] = claimed.to_bytes(5, "big")
    lying = tmp_path / "lying.flac"
    lying.write_bytes(bytes(data))
    with pytest.raises(AudioError, match=r"lying\.flac is not an audio file this program "
                                         r"can read \("):
        read_wav(lying)


def test_audio_that_decodes_to_more_than_the_limit_is_refused(tmp_path, monkeypatch):
    """Memory follows what decodes, block by block, up to a limit (a compressed file can
    unpack to far more than its size)."""
    from mockinterview.audio import wavfile

    wav = wav_of(speech(SAID), "long.wav")
    monkeypatch.setattr(wavfile, "MAX_DECODED_SAMPLES", RATE // 2)
    monkeypatch.setattr(wavfile, "DECODE_BLOCK", 1000)
    with pytest.raises(AudioError, match=r"long\.wav is too long: more than 8,000 samples"):
        read_wav(wav)


def test_stereo_44k_input_is_recorded_as_16k_mono(tmp_path):
    said = np.concatenate([speech(SAID), silence(0.3)])
    mono16 = wav_of(said, "mono16.wav")
    stereo = tmp_path / "stereo44.wav"
    subprocess.run(["sox", str(mono16), "-r", "44100", "-c", "2", "-b", "16", str(stereo)],
                   check=True)
    assert read_wav(stereo)[0].shape[1] == 2 and read_wav(stereo)[1] == 44100
    result = Recorder(file_source(stereo, realtime=False)).record(
        tmp_path / "a.wav", max_s=30, silence_stop_s=0, no_answer_s=0)
    samples, rate = read_wav(result.path)
    assert rate == 16000 and samples.shape[1] == 1
    assert result.duration_s == pytest.approx(len(said) / RATE, abs=0.01)
    assert best_match(read_pipeline_audio(result.path), said)[0] > 0.98


def test_a_header_only_wav_is_an_empty_answer_not_a_crash(tmp_path):
    empty = tmp_path / "header-only.wav"
    write_wav(empty, np.zeros(0, np.int16))
    result = Recorder(file_source(empty, realtime=False)).record(
        tmp_path / "a.wav", max_s=30, silence_stop_s=2, no_answer_s=5)
    assert (result.stop_reason, result.duration_s, result.speech_s) == ("end_of_file", 0.0, 0)
    assert read_wav(result.path)[0].shape == (0, 1)

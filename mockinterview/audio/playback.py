"""Play audio to an output device and return only when it has been heard.

PortAudio's finished-callback comes once the last buffer has been handed to the device,
which is still some tens of milliseconds before it is heard (measured: 30 ms early through
PulseAudio). So the callback notes when its last sample reaches the DAC (the stream's
output time), and `play` waits for that moment: a microphone opened afterwards does not
record the question.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

import numpy as np

from mockinterview.audio.devices import resolve_output_device, sounddevice
from mockinterview.audio.wavfile import read_wav, resample
from mockinterview.errors import AudioError


def tone(freq_hz: float = 880.0, seconds: float = 0.15, rate: int = 16000,
         level: float = 0.3) -> np.ndarray:
    """A short sine beep with 10 ms fades (no click), as float32 samples."""
    n = int(rate * seconds)
    t = np.arange(n) / rate
    fade = np.minimum(1.0, np.minimum(np.arange(n), np.arange(n)[::-1]) / (0.01 * rate))
    return (level * np.sin(2 * np.pi * freq_hz * t) * fade).astype(np.float32)


def _playable(sd, device: int, samples: np.ndarray, rate: int) -> tuple[np.ndarray, int]:
    """The samples at a rate the device accepts: as they are, or resampled to its own rate."""
    try:
        sd.check_output_settings(device=device, samplerate=rate, channels=1, dtype="float32")
        return samples, rate
    except Exception:  # PortAudioError or ValueError: the device refuses this rate
        device_rate = int(sd.query_devices(device)["default_samplerate"])
        return resample(samples, rate, device_rate), device_rate


def play(samples: np.ndarray, rate: int, device: str | int | None = None) -> None:
    """Play mono samples (float in [-1, 1] or int16) and block until playback has finished."""
    sd = sounddevice()
    out = resolve_output_device(device)
    data = np.asarray(samples)
    if data.dtype == np.int16:
        data = data.astype(np.float32) / 32768.0
    data = data.astype(np.float32).reshape(-1)
    if len(data) == 0:
        return
    data, rate = _playable(sd, out.index, data, rate)
    finished = threading.Event()
    position = 0
    heard_until = 0.0  # time.monotonic() at which the last sample played so far is heard

    def callback(outdata: np.ndarray, frames: int, time_info, status) -> None:
        nonlocal position, heard_until
        chunk = data[position:position + frames]
        outdata[:len(chunk), 0] = chunk
        outdata[len(chunk):, 0] = 0.0
        position += frames
        to_dac = max(0.0, time_info.outputBufferDacTime - time_info.currentTime)
        heard_until = time.monotonic() + to_dac + len(chunk) / rate
        if position >= len(data):
            raise sd.CallbackStop

    try:
        stream = sd.OutputStream(device=out.index, samplerate=rate, channels=1,
                                 dtype="float32", callback=callback,
                                 finished_callback=finished.set)
    except Exception as exc:  # PortAudioError, ValueError: the device cannot be opened
        raise AudioError(f"cannot play on '{out.name}': {exc}") from None
    with stream:
        # Wait in short steps so Ctrl-C is seen at once; the `with` stops the stream.
        timeout = len(data) / rate + 5.0
        waited = 0.0
        while not finished.wait(0.05):
            waited += 0.05
            if waited > timeout:
                raise AudioError(f"playback on '{out.name}' did not finish (device stalled?)")
        # The last buffer is with the device but not yet heard: wait until it is.
        remaining = heard_until - time.monotonic()
        if remaining > 0:
            time.sleep(remaining)


def play_wav(path: Path, device: str | int | None = None) -> float:
    """Play a WAV file (any rate; mixed down to mono), blocking; returns its duration (s)."""
    samples, rate = read_wav(path)
    mono = samples.mean(axis=1) if samples.shape[1] > 1 else samples[:, 0]
    play(mono, rate, device)
    return len(mono) / rate


def play_start_tone(device: str | int | None = None) -> None:
    """The short beep that says "recording starts now"."""
    play(tone(), 16000, device)

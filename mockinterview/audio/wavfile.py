"""Reading and writing WAV files; converting any PCM WAV to the pipeline's 16 kHz mono int16."""

from __future__ import annotations

import io
import os
import struct
import wave
from pathlib import Path

import numpy as np

from mockinterview.errors import AudioError

PIPELINE_RATE = 16000


def read_wav(path: Path) -> tuple[np.ndarray, int]:
    """Samples as float32 in [-1, 1], shape (frames, channels), and the sample rate.

    A file whose header disagrees with its length (a recording killed mid-write) is read
    with a repaired header; the file itself is never changed by reading it.
    """
    source: str | io.BytesIO = str(path)
    try:
        patched = repair_wav_header(path, in_place=False)
    except FileNotFoundError:
        raise AudioError(f"no such file: {path}") from None
    if patched is not None:
        source = io.BytesIO(patched)
    try:
        with wave.open(source, "rb") as w:
            channels, width, rate = w.getnchannels(), w.getsampwidth(), w.getframerate()
            frames = w.readframes(w.getnframes())
    except FileNotFoundError:
        raise AudioError(f"no such file: {path}") from None
    except EOFError:
        # The wave module raises a bare EOFError when the header stops short.
        what = "is empty (0 bytes)" if os.path.getsize(path) == 0 else \
            "has a WAV header that is cut short"
        raise AudioError(f"{path} {what}: it is not a usable WAV file") from None
    except wave.Error as exc:
        raise AudioError(f"{path} is not a PCM WAV file ({exc}); convert it first, e.g. "
                         f"`sox in.mp3 -b 16 out.wav`") from None
    if rate <= 0 or channels <= 0:
        raise AudioError(f"{path}: invalid WAV header (rate {rate}, channels {channels})")
    # A file cut mid-frame (e.g. a recording killed while writing) keeps its whole frames.
    usable = len(frames) - len(frames) % (width * channels)
    data = frames[:usable]
    if width == 1:
        samples = (np.frombuffer(data, np.uint8).astype(np.float32) - 128.0) / 128.0
    elif width == 2:
        samples = np.frombuffer(data, "<i2").astype(np.float32) / 32768.0
    elif width == 3:
        raw = np.frombuffer(data, np.uint8).reshape(-1, 3)
        ints = (raw[:, 0].astype(np.int32) | (raw[:, 1].astype(np.int32) << 8)
                | (raw[:, 2].astype(np.int32) << 16))
        ints = np.where(ints >= 1 << 23, ints - (1 << 24), ints)
        samples = ints.astype(np.float32) / float(1 << 23)
    elif width == 4:
        samples = np.frombuffer(data, "<i4").astype(np.float32) / float(1 << 31)
    else:
        raise AudioError(f"{path}: unsupported sample width {width * 8} bits")
    return samples.reshape(-1, channels), rate


def resample(samples: np.ndarray, rate: int, new_rate: int) -> np.ndarray:
    """Resample mono float samples (windowed-sinc low-pass when shrinking, then interpolation)."""
    if rate == new_rate or len(samples) == 0:
        return samples.astype(np.float32)
    if new_rate < rate:
        # Low-pass below the new Nyquist frequency so high frequencies do not alias.
        cutoff = 0.45 * new_rate / rate
        taps = np.arange(-32, 33)
        kernel = 2 * cutoff * np.sinc(2 * cutoff * taps) * np.hamming(len(taps))
        samples = np.convolve(samples, kernel / kernel.sum(), mode="same")
    n_out = int(round(len(samples) * new_rate / rate))
    positions = np.arange(n_out) * (rate / new_rate)
    return np.interp(positions, np.arange(len(samples)), samples).astype(np.float32)


def to_int16(samples: np.ndarray) -> np.ndarray:
    """Float samples (full scale 1.0, as read_wav gives them) -> int16; int16 -> float ->
    int16 is exact, so full-scale (clipped) samples stay at full scale."""
    return np.clip(np.round(np.asarray(samples, dtype=np.float64) * 32768.0),
                   -32768, 32767).astype(np.int16)


def read_pipeline_audio(path: Path, rate: int = PIPELINE_RATE) -> np.ndarray:
    """Any PCM WAV (any rate, channels, width) -> mono int16 at `rate` (16 kHz)."""
    samples, file_rate = read_wav(path)
    mono = samples.mean(axis=1) if samples.shape[1] > 1 else samples[:, 0]
    return to_int16(resample(mono, file_rate, rate))


def write_wav(path: Path, samples: np.ndarray, rate: int = PIPELINE_RATE) -> None:
    """Write mono int16 samples as a 16-bit PCM WAV."""
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(np.asarray(samples, dtype="<i2").tobytes())


def _data_chunk(head: bytes) -> tuple[int, int, int] | None:
    """(offset of the data chunk's size field, declared size, block align) in a RIFF/WAVE header."""
    if len(head) < 12 or head[:4] != b"RIFF" or head[8:12] != b"WAVE":
        return None
    pos, align = 12, 1
    while pos + 8 <= len(head):
        cid, size = head[pos:pos + 4], struct.unpack_from("<I", head, pos + 4)[0]
        if cid == b"fmt " and pos + 8 + 14 <= len(head):
            align = max(1, struct.unpack_from("<H", head, pos + 8 + 12)[0])
        if cid == b"data":
            return pos + 4, size, align
        pos += 8 + size + (size & 1)
    return None


def _looks_like_chunk(data: bytes, room: int) -> bool:
    """Do these 8 bytes start a RIFF chunk (4 printable characters, a size that fits)?"""
    if len(data) < 8:
        return False
    cid, size = data[:4], struct.unpack_from("<I", data, 4)[0]
    return all(32 <= b < 127 for b in cid) and size <= room


def repair_wav_header(path: Path, in_place: bool = True) -> bytes | None:
    """Fix the RIFF and data sizes of a WAV whose audio runs past (or stops short of) what
    its header says, as a killed recording leaves it. Rewrites the header in place and
    returns None, or returns the patched file's bytes (`in_place=False`, or the file cannot
    be written). Returns None, touching nothing, when the header is consistent or not a WAV."""
    size = os.path.getsize(path)
    with open(path, "rb") as f:
        head = f.read(4096)
    found = _data_chunk(head)
    if found is None:
        return None
    size_at, declared, align = found
    start = size_at + 4
    room = size - start
    if declared <= room:
        end = start + declared + (declared & 1)
        if end >= size:
            return None
        with open(path, "rb") as f:
            f.seek(end)
            after = f.read(8)
        if _looks_like_chunk(after, size - end - 8):
            return None  # a trailing chunk (e.g. LIST), not unaccounted audio
    actual = room - room % align
    riff = size - 8
    if in_place:
        try:
            with open(path, "r+b") as f:
                f.seek(4)
                f.write(struct.pack("<I", riff))
                f.seek(size_at)
                f.write(struct.pack("<I", actual))
            return None
        except OSError:
            pass  # read-only: patch a copy in memory instead
    with open(path, "rb") as f:
        data = bytearray(f.read())
    struct.pack_into("<I", data, 4, riff)
    struct.pack_into("<I", data, size_at, actual)
    return bytes(data)


class WavAppender:
    """A 16-bit mono WAV written block by block while recording.

    The sizes in the header are brought up to date after every block, so a process killed
    mid-recording leaves a file that loads with all but (at most) the last block; and
    `read_wav` repairs even that.
    """

    def __init__(self, path: Path, rate: int = PIPELINE_RATE) -> None:
        self.path = Path(path)
        self.rate = rate
        self.frames = 0
        # Answers are personal data: readable by the owner only (0600), whatever the umask.
        fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.fchmod(fd, 0o600)
        self._file = os.fdopen(fd, "wb")
        self._file.write(b"RIFF" + struct.pack("<I", 36) + b"WAVE"
                         + b"fmt " + struct.pack("<IHHIIHH", 16, 1, 1, rate, rate * 2, 2, 16)
                         + b"data" + struct.pack("<I", 0))
        self._file.flush()

    def append(self, samples: np.ndarray) -> None:
        """Write one block of mono int16 samples and update the header."""
        data = np.asarray(samples, dtype="<i2").tobytes()
        f = self._file
        f.write(data)
        self.frames += len(data) // 2
        nbytes = self.frames * 2
        f.seek(4)
        f.write(struct.pack("<I", 36 + nbytes))
        f.seek(40)
        f.write(struct.pack("<I", nbytes))
        f.seek(0, os.SEEK_END)
        # Hand the bytes to the OS now: a killed process then loses nothing already appended.
        f.flush()

    @property
    def duration_s(self) -> float:
        return self.frames / self.rate

    def close(self) -> None:
        """Flush to disk and close (idempotent)."""
        if self._file.closed:
            return
        try:
            self._file.flush()
            os.fsync(self._file.fileno())
        finally:
            try:
                self._file.close()
            except OSError:  # the failed flush above is the error worth reporting
                pass

    def __enter__(self) -> "WavAppender":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def join_wavs(first: Path, second: Path, gap_s: float, rate: int = PIPELINE_RATE) -> None:
    """Make `first` hold itself, `gap_s` of silence, then `second` (an answer and its
    follow-up on one timeline), replacing it atomically; `second` is then removed."""
    parts = []
    for path in (first, second):
        with wave.open(str(path), "rb") as w:
            if (w.getnchannels(), w.getsampwidth(), w.getframerate()) == (1, 2, rate):
                parts.append(np.frombuffer(w.readframes(w.getnframes()), "<i2"))
                continue
        parts.append(read_pipeline_audio(path, rate))  # not the recorder's own format
    joined = np.concatenate([parts[0], np.zeros(int(round(gap_s * rate)), np.int16), parts[1]])
    tmp = first.with_name(f".{first.name}.joining")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.close(fd)
    write_wav(tmp, joined, rate)
    os.replace(tmp, first)
    second.unlink()

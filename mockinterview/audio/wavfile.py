"""Reading and writing WAV files; converting any audio file to the pipeline's 16 kHz mono int16.

Decoding is libsndfile's (soundfile) and resampling libsoxr's (soxr); what stays here is the
recorder's own format: a WAV appended block by block and the header repair for a recording
that was cut off.
"""

from __future__ import annotations

import io
import os
import struct
import wave
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from mockinterview.atomic import atomic_path
from mockinterview.errors import AudioError

PIPELINE_RATE = 16000
DECODE_BLOCK = 1 << 16  # frames decoded at a time
# Decoded samples (frames x channels) one file may give: 1 GiB as float32, hours of speech.
MAX_DECODED_SAMPLES = 1 << 28


def read_wav(path: Path) -> tuple[np.ndarray, int]:
    """Samples as float32 in [-1, 1], shape (frames, channels), and the sample rate.

    Any format libsndfile reads (WAV with integer, float, mu-law or A-law samples, FLAC, Ogg,
    ...). A WAV whose header disagrees with its length (a recording killed mid-write) is read
    with a repaired header; the file itself is never changed by reading it.
    """
    import soundfile  # late: libsndfile is only needed once audio is read

    source: str | io.BytesIO = str(path)
    try:
        patched = repair_wav_header(path, in_place=False)
        size = os.path.getsize(path)
    except FileNotFoundError:
        raise AudioError(f"no such file: {path}") from None
    if size == 0:
        raise AudioError(f"{path} is empty (0 bytes): it is not a usable WAV file")
    if patched is not None:
        source = io.BytesIO(patched)
    try:
        samples, rate = _decode(soundfile.SoundFile(source), path)
    except soundfile.LibsndfileError as exc:
        with open(path, "rb") as f:
            head = f.read(4096)
        if head[:4] == b"RIFF" and _data_chunk(head) is None and len(head) < 4096:
            raise AudioError(f"{path} has a WAV header that is cut short: it is not a "
                             f"usable WAV file") from None
        reason = exc.error_string.rstrip(".") or "unreadable"
        raise AudioError(f"{path} is not an audio file this program can read ({reason}); "
                         f"convert it to a 16-bit PCM WAV first") from None
    if rate <= 0 or samples.shape[1] <= 0:
        raise AudioError(f"{path}: invalid audio header (rate {rate}, "
                         f"channels {samples.shape[1]})")
    return samples, int(rate)


def _decode(f: Any, path: Path) -> tuple[np.ndarray, int]:
    """All samples of an open soundfile.SoundFile, read block by block: a header may claim
    any length (a FLAC's can say 2**36 frames), so memory follows what really decodes, up to
    MAX_DECODED_SAMPLES."""
    with f:
        blocks, total = [], 0
        while len(block := f.read(DECODE_BLOCK, dtype="float32", always_2d=True)):
            total += block.size
            if total > MAX_DECODED_SAMPLES:
                raise AudioError(f"{path} is too long: more than {MAX_DECODED_SAMPLES:,} "
                                 f"samples of audio")
            blocks.append(block)
        if not blocks:
            return np.zeros((0, f.channels), np.float32), f.samplerate
        return np.concatenate(blocks), f.samplerate


def resample(samples: np.ndarray, rate: int, new_rate: int) -> np.ndarray:
    """Resample mono float samples with libsoxr (its high-quality low-pass and phase)."""
    if rate == new_rate or len(samples) == 0:
        return np.asarray(samples, dtype=np.float32)
    import soxr  # late: only a rate change needs it

    return soxr.resample(np.asarray(samples, dtype=np.float32), rate, new_rate)


def block_resampler(rate_in: int, new_rate: int) -> Callable[[np.ndarray], np.ndarray]:
    """Resampling for a live stream of mono int16 blocks: a function of one block.

    One libsoxr stream keeps its filter state between blocks, so the blocks join without a
    click and together equal the whole signal resampled (output lags by the filter's delay,
    about 20 ms; what is still inside the filter when the stream stops is not emitted).
    """
    import soxr

    # In float, rounded here: libsoxr's own int16 output adds dither, noise in digital silence.
    stream = soxr.ResampleStream(rate_in, new_rate, 1, dtype="float32")
    return lambda block: to_int16(stream.resample_chunk(
        np.asarray(block, dtype=np.float32) / 32768.0))


def to_int16(samples: np.ndarray) -> np.ndarray:
    """Float samples (full scale 1.0, as read_wav gives them) -> int16; int16 -> float ->
    int16 is exact, so full-scale (clipped) samples stay at full scale."""
    return np.clip(np.round(np.asarray(samples, dtype=np.float64) * 32768.0),
                   -32768, 32767).astype(np.int16)


def read_pipeline_audio(path: Path, rate: int = PIPELINE_RATE) -> np.ndarray:
    """Any audio file read_wav reads (any rate, channels, format) -> mono int16 at `rate`."""
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
    # Exact for the recorder's own format (16-bit mono at `rate`): int16 -> float -> int16.
    parts = [read_pipeline_audio(path, rate) for path in (first, second)]
    joined = np.concatenate([parts[0], np.zeros(int(round(gap_s * rate)), np.int16), parts[1]])
    with atomic_path(first) as tmp:
        write_wav(tmp, joined, rate)
    second.unlink()

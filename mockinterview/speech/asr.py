"""Offline speech recognition with Vosk: a background model loader, a streaming recogniser
fed from the microphone thread, and whole-file transcription.

Vosk is imported only when a model is loaded. Vosk hazards handled here: the sample rate is
validated before a recogniser exists (rate 0 spins forever, a fractional rate aborts the
process), only even-length int16 bytes are fed, and Vosk's logging is silenced unless debug.
"""

from __future__ import annotations

import json
import math
import queue
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from mockinterview.audio.wavfile import PIPELINE_RATE, read_pipeline_audio
from mockinterview.errors import AudioError, SetupError
from mockinterview.speech.models import model_problem
from mockinterview.transcript import Transcript, Word

if TYPE_CHECKING:  # pragma: no cover
    import vosk

MIN_RATE, MAX_RATE = 8000, 96000
FILE_CHUNK_FRAMES = 4000  # 0.25 s per AcceptWaveform when transcribing a file
MAX_BATCH_S = 0.4  # most audio a lagging worker hands Vosk in one call
PARTIAL_EVERY_S = 0.5  # a lagging worker still updates the partial text this often (audio s)
_STOP = object()
_UTTERANCE_END = object()  # end_utterance(): close the utterance at a pause


def check_sample_rate(rate: Any) -> int:
    """A sample rate Vosk can safely take, as an int; AudioError otherwise."""
    ok = (isinstance(rate, (int, float)) and not isinstance(rate, bool)
          and math.isfinite(rate) and float(rate).is_integer()
          and MIN_RATE <= rate <= MAX_RATE)
    if not ok:
        raise AudioError(f"invalid sample rate {rate!r}: expected a whole number of Hz "
                         f"from {MIN_RATE} to {MAX_RATE}")
    return int(rate)


def _import_vosk(debug: bool):
    try:
        import vosk
    except ImportError as exc:  # pragma: no cover - vosk is a dependency
        raise SetupError(f"the speech recogniser library is missing ({exc}).",
                         "Install it with:  .venv/bin/pip install vosk") from None
    # -1 still prints warnings and errors; only -3 and below are silent.
    vosk.SetLogLevel(0 if debug else -3)
    return vosk


def load_model(path: Path, debug: bool = False) -> "vosk.Model":
    """Load a Vosk model from a folder (never by name, so Vosk never goes to the network)."""
    problem = model_problem(path)
    if problem:
        raise SetupError(f"{path} is not a Vosk model folder: {problem}.",
                         "Pass --model with a Vosk model folder, or run "
                         "`mockinterview model download`.")
    vosk = _import_vosk(debug)
    try:
        return vosk.Model(str(path))
    except Exception:
        raise SetupError(f"Vosk could not load the model at {path} (a file in it is damaged "
                         f"or truncated).",
                         "Delete the folder and download the model again with "
                         "`mockinterview model download`.") from None


class ModelLoader:
    """Loads a Vosk model in a background thread so start-up never waits for it."""

    def __init__(self, path: Path, debug: bool = False) -> None:
        self.path = Path(path)
        self.debug = debug
        self._model: "vosk.Model | None" = None
        self._error: BaseException | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> "ModelLoader":
        """Begin loading (idempotent); returns self."""
        if self._thread is None:
            self._thread = threading.Thread(target=self._load, name="vosk-model-loader",
                                            daemon=True)
            self._thread.start()
        return self

    def _load(self) -> None:
        try:
            self._model = load_model(self.path, self.debug)
        except BaseException as exc:  # handed to get()'s caller
            self._error = exc

    @property
    def ready(self) -> bool:
        return self._thread is not None and not self._thread.is_alive()

    def get(self) -> "vosk.Model":
        """The loaded model; waits for it. Load errors are raised here as SetupError."""
        self.start()
        assert self._thread is not None
        self._thread.join()
        if self._error is not None:
            if isinstance(self._error, SetupError):
                raise self._error
            raise SetupError(f"loading the speech model at {self.path} failed: "
                             f"{self._error}") from self._error
        assert self._model is not None
        return self._model


def _words(result: dict) -> list[Word]:
    # "[unk]" is the model's out-of-vocabulary marker, not a word the candidate said.
    return [Word(str(w["word"]), float(w["start"]), float(w["end"]), float(w.get("conf", 1.0)))
            for w in result.get("result", []) if "word" in w and w["word"] != "[unk]"]


class StreamingRecogniser:
    """One answer's recogniser: `feed` blocks as they are recorded, then `finish`.

    `feed` only queues the block; a worker thread runs Vosk, so the microphone's consumer
    thread is never held up. `partial_text` is the running text (settled segments plus the
    current partial hypothesis) for a live display.
    """

    def __init__(self, model: "vosk.Model", rate: int = PIPELINE_RATE,
                 model_name: str | None = None) -> None:
        self.rate = check_sample_rate(rate)
        import vosk  # already imported by whoever loaded `model`

        self.model_name = model_name
        self._recognizer = vosk.KaldiRecognizer(model, self.rate)
        self._recognizer.SetWords(True)
        # Partial results carry text only: word times in them cost about a quarter more
        # decoding time and nothing reads them.
        self._recognizer.SetPartialWords(False)
        self._queue: queue.Queue = queue.Queue()
        self._segments: list[dict] = []
        self._settled = ""
        self._partial = ""
        self._text_lock = threading.Lock()  # the worker writes the text, the caller reads it
        self._changed_at: int | None = None  # decoded samples when the text last changed
        self._samples = 0  # fed so far
        self._decoded = 0  # handed to Vosk so far
        self._partial_at = 0  # decoded samples at the last partial result
        self.decode_s = 0.0  # time spent inside Vosk, for real-time factor figures
        self._finished = False
        self._error: BaseException | None = None
        self._worker = threading.Thread(target=self._run, name="vosk-recogniser", daemon=True)
        self._worker.start()

    def end_utterance(self) -> None:
        """The speaker has paused: close the current utterance now (returns at once).

        Vosk builds an utterance's final result (lattice, word times) only when it ends; an
        utterance still open when the answer stops makes the candidate wait for it (about
        0.2 s for 15 s of speech). Closing it at a clear pause does that work during the
        answer; word times stay on the recording's timeline."""
        if not self._finished:
            self._queue.put(_UTTERANCE_END)

    def feed(self, block: np.ndarray) -> None:
        """Queue one block of mono int16 samples (returns at once)."""
        if self._finished:
            raise RuntimeError("feed() after finish()")
        samples = np.asarray(block)
        if samples.dtype != np.int16:
            raise ValueError(f"expected int16 samples, got {samples.dtype}")
        if samples.ndim == 2 and samples.shape[1] == 1:
            samples = samples[:, 0]
        if samples.ndim != 1:
            raise ValueError(f"expected mono samples, got shape {samples.shape}")
        if len(samples):
            self._samples += len(samples)
            # Little-endian int16 bytes: always an even length, as Vosk needs.
            self._queue.put(samples.astype("<i2", copy=False).tobytes())

    @property
    def partial_text(self) -> str:
        """The text recognised so far, including the current unsettled hypothesis."""
        with self._text_lock:
            return self._text()

    def _text(self) -> str:
        return " ".join(t for t in (self._settled, self._partial) if t)

    def words_still_s(self) -> float | None:
        """Audio seconds since the recognised text last changed (None before any word)."""
        with self._text_lock:
            if self._changed_at is None:
                return None
            return (self._decoded - self._changed_at) / self.rate

    def _set_text(self, settled: str, partial: str) -> None:
        with self._text_lock:
            before = self._text()
            self._settled, self._partial = settled, partial
            if self._text() != before:
                self._changed_at = self._decoded

    @property
    def backlog_s(self) -> float:
        """Seconds of audio fed but not yet decoded (what finish() would still have to do)."""
        return (self._samples - self._decoded) / self.rate

    def _run(self) -> None:
        try:
            stop = False
            while not stop:
                batch = [self._queue.get()]
                # When behind, decode what has queued up in one call (fewer, larger calls
                # catch up faster), up to MAX_BATCH_S of audio.
                while (not self._queue.empty() and isinstance(batch[-1], bytes)
                       and sum(map(len, batch)) < MAX_BATCH_S * self.rate * 2):
                    batch.append(self._queue.get_nowait())
                marker = batch.pop() if not isinstance(batch[-1], bytes) else None
                if batch:
                    self._accept(b"".join(batch))
                if marker is _UTTERANCE_END:
                    self._final_result()
                stop = marker is _STOP
            self._final_result()
        except BaseException as exc:  # re-raised by finish()
            self._error = exc

    def _accept(self, data: bytes) -> None:
        rec = self._recognizer
        began = time.perf_counter()
        accepted = rec.AcceptWaveform(data)
        self._decoded += len(data) // 2
        if accepted:
            self._settle(json.loads(rec.Result()))
        elif (self._queue.empty()
              or self._decoded - self._partial_at >= PARTIAL_EVERY_S * self.rate):
            # A lagging worker asks for partial text less often, to catch up.
            self._set_text(self._settled, json.loads(rec.PartialResult()).get("partial", ""))
            self._partial_at = self._decoded
        self.decode_s += time.perf_counter() - began

    def _final_result(self) -> None:
        """End the current utterance (Vosk starts a new one with the next audio)."""
        began = time.perf_counter()
        self._settle(json.loads(self._recognizer.FinalResult()))
        self.decode_s += time.perf_counter() - began

    def _settle(self, segment: dict) -> None:
        self._segments.append(segment)
        self._set_text(" ".join(t for t in (self._settled, segment.get("text", "")) if t), "")

    def close(self) -> None:
        """No more audio (returns at once): the worker decodes what is queued and the final
        result meanwhile; `finish` collects them. Also ends an abandoned answer."""
        if not self._finished:
            self._finished = True
            self._queue.put(_STOP)

    def finish(self, duration_s: float | None = None) -> Transcript:
        """Wait for the queued audio to be decoded and return the whole transcript."""
        self.close()
        self._worker.join()
        if self._error is not None:
            raise AudioError(f"speech recognition failed: {self._error}") from self._error
        words = [w for segment in self._segments for w in _words(segment)]
        text = " ".join(s.get("text", "") for s in self._segments if s.get("text"))
        if duration_s is None:
            duration_s = self._samples / self.rate
        return Transcript(tuple(words), text, duration_s, self.model_name)


def transcribe_samples(model: "vosk.Model", samples: np.ndarray, rate: int = PIPELINE_RATE,
                       model_name: str | None = None) -> Transcript:
    """Transcribe mono int16 samples already in memory."""
    recogniser = StreamingRecogniser(model, rate, model_name)
    for i in range(0, len(samples), FILE_CHUNK_FRAMES):
        recogniser.feed(samples[i:i + FILE_CHUNK_FRAMES])
    return recogniser.finish(len(samples) / rate)


def transcribe_wav(path: Path, model_path: Path, debug: bool = False,
                   model: "vosk.Model | None" = None) -> Transcript:
    """Transcribe any audio file read_wav reads (converted to 16 kHz mono int16 first) with the model at
    `model_path` (or the already loaded `model` from that folder)."""
    samples = read_pipeline_audio(Path(path))
    loaded = model if model is not None else load_model(Path(model_path), debug)
    return transcribe_samples(loaded, samples, PIPELINE_RATE, Path(model_path).name)

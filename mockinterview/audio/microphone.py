"""Recording one answer: an audio source (the microphone, or a WAV file played in time)
feeds a queue; a consumer thread appends every block to the answer's WAV as it arrives,
hands it to listeners (the recogniser, a level meter) and decides when the answer is over.

    source callback --> queue --> consumer thread --> WAV on disk, listeners, end-of-answer
                                                        ^
    caller's thread: on_tick for a live display, Enter (stop event), Ctrl-C

End of answer: trailing silence after speech, no speech at all ("no answer"), a hard cap,
Enter, Ctrl-C (the WAV keeps what was recorded), or the end of a file source. A device that
goes away mid-answer (it reports its end, or delivers nothing for `stall_s`) and a disk that
cannot take the audio raise AudioError; the WAV keeps what was recorded up to then.
"""

from __future__ import annotations

import queue
import threading
import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np

from mockinterview.audio.devices import Device, resolve_input_device, sounddevice
from mockinterview.audio.room import RoomCheck, check_room
from mockinterview.audio.vad import Segment, SpeechTracker, config_from, segments_of
from mockinterview.audio.wavfile import (PIPELINE_RATE, WavAppender, block_resampler,
                                         read_pipeline_audio)
from mockinterview.errors import AudioError
from mockinterview.settings import AudioSettings

Deliver = Callable[[np.ndarray], None]
# Called once when a source runs out: no argument at the end of a file, a reason when a
# device stopped on its own (unplugged, its sound server gone).
OnEnd = Callable[..., None]
PAUSE_S = 1.0  # silence after speech that ends a recogniser's utterance (a clear pause)
STOP_REASONS = ("silence", "no_new_words", "max", "enter", "interrupt", "no_answer",
                "end_of_file")


class AudioSource(ABC):
    """A stream of 1-D int16 blocks at 16 kHz mono, delivered from a thread of its own."""

    rate: int = PIPELINE_RATE
    description: str = ""
    # input_overflow events the device reported, and frames known to be lost with them.
    overflows: int = 0
    dropped_frames: int = 0

    @abstractmethod
    def start(self, deliver: Deliver, on_end: OnEnd) -> None:
        """Begin calling `deliver(block)` for each block; `on_end()` if the source runs out,
        `on_end(reason)` if the device stops by itself."""

    @abstractmethod
    def stop(self) -> None:
        """Stop; once this returns, `deliver` is not called again. Idempotent."""

    def convert(self, block: np.ndarray) -> np.ndarray:
        """A delivered block as 16 kHz int16; run by the consumer, never in a device callback."""
        return block


class MicrophoneSource(AudioSource):
    """A callback-mode sounddevice InputStream: 16 kHz mono int16, or the device's own rate
    resampled to 16 kHz when it refuses 16 kHz."""

    def __init__(self, device: Device, settings: AudioSettings) -> None:
        self.device = device
        self.settings = settings
        self.rate = settings.sample_rate
        self.capture_rate = settings.capture_rate or self._supported_rate()
        self.description = f"microphone {device.index}: {device.name}"
        self.overflows = 0
        self.dropped_frames = 0
        self._stream: Any = None
        self._resampler: Callable[[np.ndarray], np.ndarray] | None = None
        self._stopping = False
        self._lock = threading.Lock()

    def _supported_rate(self) -> int:
        sd = sounddevice()
        try:
            sd.check_input_settings(device=self.device.index, samplerate=self.rate,
                                    channels=1, dtype="int16")
            return self.rate
        except Exception:  # PortAudioError/ValueError: capture at the device's rate instead
            return int(self.device.default_rate)

    def start(self, deliver: Deliver, on_end: OnEnd) -> None:
        sd = sounddevice()
        rate = self.capture_rate
        # A fresh stream per answer: no filter state carries over from the previous one.
        self._resampler = block_resampler(rate, self.rate) if rate != self.rate else None
        block = max(1, round(self.settings.block_frames * rate / self.rate))
        first_adc: list[float] = []
        frames_seen = 0

        def callback(indata: np.ndarray, frames: int, time_info: Any, status: Any) -> None:
            nonlocal frames_seen
            adc = time_info.inputBufferAdcTime
            if status.input_overflow:
                self.overflows += 1
                # PortAudio does not say how much it discarded; the capture clock does.
                if first_adc and adc > 0:
                    gap = round((adc - first_adc[0]) * rate) - frames_seen
                    if gap > 0:
                        self.dropped_frames += round(gap * self.rate / rate)
                        frames_seen += gap
            if not first_adc and adc > 0:
                first_adc.append(adc)
            frames_seen += frames
            deliver(indata[:, 0].copy())  # only a copy here: the consumer does the rest

        def finished() -> None:
            # PortAudio ends a stream by itself when its device fails or disappears; a stop
            # we asked for is not news.
            with self._lock:
                asked = self._stopping
            if not asked:
                on_end("the device closed the stream, was it unplugged?")

        with self._lock:
            self._stopping = False
        try:
            self._stream = sd.InputStream(device=self.device.index, samplerate=rate, channels=1,
                                          dtype="int16", blocksize=block, callback=callback,
                                          finished_callback=finished)
            self._stream.start()
        except Exception as exc:  # PortAudioError, ValueError: busy, gone, bad settings
            self._stream = None
            raise AudioError(f"cannot open the microphone '{self.device.name}': {exc}") from None

    def convert(self, block: np.ndarray) -> np.ndarray:
        if self._resampler is None:
            return block
        return self._resampler(block)

    def stop(self) -> None:
        with self._lock:
            stream, self._stream = self._stream, None
            self._stopping = True
        if stream is not None:
            try:
                stream.stop()
                stream.close()
            except Exception:  # PortAudioError: the device is already gone; nothing to stop
                pass


class FileSource(AudioSource):
    """A WAV file delivered block by block, in real time (as a microphone would) or as fast
    as the consumer takes it; the interview runs `--answers-from` through the same path."""

    def __init__(self, path: Path, realtime: bool = True,
                 block_frames: int = AudioSettings.block_frames) -> None:
        self.path = Path(path)
        self.samples = read_pipeline_audio(self.path, self.rate)
        self.realtime = realtime
        self.block_frames = block_frames
        self.description = f"file {self.path}"
        self.overflows = 0
        self.dropped_frames = 0
        self._stopped = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self, deliver: Deliver, on_end: OnEnd) -> None:
        self._stopped.clear()

        def run() -> None:
            start = time.monotonic()
            n = self.block_frames
            for i in range(0, len(self.samples), n):
                block = self.samples[i:i + n]
                if self.realtime:
                    # A block is available once it has been "spoken", as from a microphone.
                    due = start + (i + len(block)) / self.rate
                    if self._stopped.wait(max(0.0, due - time.monotonic())):
                        return
                elif self._stopped.is_set():
                    return
                deliver(block.copy())
            if not self._stopped.is_set():
                on_end()

        self._thread = threading.Thread(target=run, name="file-source", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stopped.set()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join()


def microphone_source(device: str | int | None, settings: AudioSettings) -> AudioSource:
    """The microphone named by `device` (index or name substring), else by the settings, else
    the system default. Raises SetupError ("no microphone found ...") when there is none."""
    spec = device if device is not None else settings.input_device
    return MicrophoneSource(resolve_input_device(spec), settings)


def file_source(path: Path, realtime: bool = True) -> AudioSource:
    """A WAV file (any PCM format; converted to 16 kHz mono) as an audio source."""
    return FileSource(path, realtime)


@dataclass(frozen=True)
class RecordingResult:
    path: Path
    duration_s: float        # audio in the WAV
    speech_s: float          # of which the candidate's speech (voice detector)
    dropped_frames: int      # frames lost between the device and the WAV (goal: 0)
    overflows: int           # input_overflow events the device reported
    stop_reason: str         # one of STOP_REASONS
    first_block_latency_s: float | None  # from record() start to the first block
    stopped_at: float        # time.monotonic() when the end was decided (latency figures)
    # The detector's speech segments over the whole recording, and the room check.
    segments: tuple[Segment, ...] = ()
    room: RoomCheck | None = None

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["path"] = str(self.path)
        del data["stopped_at"]  # a monotonic clock reading: means nothing outside this run
        data["segments"] = [[s.start, s.end] for s in self.segments]
        data["room"] = self.room.to_dict() if self.room else None
        return data


@dataclass
class LiveStatus:
    elapsed_s: float     # audio recorded so far
    level_dbfs: float    # level of the latest block
    heard_speech: bool   # speech has started
    silence_s: float     # silence since the last voiced block


_END = object()   # the source ran out
_STOP = object()  # the caller stopped the recording (Enter, Ctrl-C)
_LOST = object()  # the device went away


class Recorder:
    """Records answers from one source to WAV files (see the module docstring)."""

    def __init__(self, source: AudioSource, settings: AudioSettings | None = None) -> None:
        self.source = source
        self.settings = settings or AudioSettings()

    def record(self, wav_path: Path, *, max_s: float | None = None,
               silence_stop_s: float | None = None, no_answer_s: float | None = None,
               listeners: Sequence[Callable[[np.ndarray], None]] = (),
               stop: threading.Event | None = None,
               on_tick: Callable[[LiveStatus], None] | None = None,
               tick_s: float = 0.1,
               words_still_s: Callable[[], float | None] | None = None,
               on_pause: Callable[[], None] | None = None,
               on_stopped: Callable[[], None] | None = None) -> RecordingResult:
        """Record one answer into `wav_path` until it ends; 0 or less disables a limit.

        Omitted limits come from the settings. Ctrl-C ends the recording with stop_reason
        "interrupt" (the WAV is complete up to that moment) instead of raising.
        `words_still_s`, from a recogniser, gives how long (in audio seconds) its text has not
        changed, None before its first word: once that reaches the silence stop the answer is
        over ("no_new_words"), even if a noise keeps the voice detector busy.
        `on_pause` is called (on the consumer thread) once per pause of PAUSE_S after speech:
        a recogniser closes its utterance there instead of at the end of the answer.
        `on_stopped` is called once the last block has gone to the listeners, before this
        method's own closing work, so a recogniser can start its final result meanwhile.
        """
        s = self.settings
        max_s = s.max_answer_s if max_s is None else max_s
        silence_stop_s = s.silence_stop_s if silence_stop_s is None else silence_stop_s
        no_answer_s = s.no_answer_s if no_answer_s is None else no_answer_s
        rate = self.source.rate
        max_frames = round(max_s * rate) if max_s and max_s > 0 else None
        tracker = SpeechTracker(config_from(s), s.answer_speech_s)
        if not s.transcript_stop:
            words_still_s = None
        blocks: queue.Queue = queue.Queue()  # unbounded: the consumer never makes the device wait
        started = time.monotonic()
        first_block_at: list[float] = []
        reason: list[str] = []
        stopped_at: list[float] = []  # time.monotonic() when the answer was decided over
        reason_lock = threading.Lock()
        done = threading.Event()
        failure: list[BaseException] = []

        def finish(why: str) -> bool:
            """Record why the answer ended; only the first decision counts."""
            with reason_lock:
                first = not reason
                if first:
                    reason.append(why)
                    stopped_at.append(time.monotonic())
            done.set()
            return first

        last_block_at = [started]
        lost: list[str] = []

        def deliver(block: np.ndarray) -> None:
            now = time.monotonic()
            if not first_block_at:
                first_block_at.append(now)
            last_block_at[0] = now
            blocks.put(block)

        def on_end(why: str | None = None) -> None:
            if why is None:
                blocks.put(_END)
            else:
                lost.append(why)
                blocks.put(_LOST)

        try:
            writer = WavAppender(Path(wav_path), rate)
        except OSError as exc:
            raise AudioError(f"cannot write the recording {wav_path}: "
                             f"{exc.strerror or exc}") from None
        # A source can serve several answers (one microphone per interview): count per answer.
        overflows_before = self.source.overflows
        dropped_before = self.source.dropped_frames

        paused_after: list[float | None] = [None]  # the speech end on_pause was last called for

        def consume() -> None:
            try:
                while True:
                    item = blocks.get()
                    if item is _STOP:
                        return
                    if item is _END:
                        finish("end_of_file")
                        return
                    if item is _LOST:
                        finish("device_lost")
                        return
                    block = self.source.convert(item)
                    if max_frames is not None:
                        block = block[:max_frames - writer.frames]
                    writer.append(block)
                    for listener in listeners:
                        listener(block)
                    tracker.feed(block)
                    if (on_pause is not None and tracker.last_voice_end_s is not None
                            and tracker.last_voice_end_s != paused_after[0]
                            and tracker.silence_s >= PAUSE_S):
                        paused_after[0] = tracker.last_voice_end_s
                        on_pause()
                    why = None
                    if max_frames is not None and writer.frames >= max_frames:
                        why = "max"
                    elif (tracker.heard_speech and silence_stop_s > 0
                          and tracker.silence_s >= silence_stop_s):
                        why = "silence"
                    elif (tracker.heard_speech and silence_stop_s > 0
                          and words_still_s is not None
                          and (still := words_still_s()) is not None
                          and still >= silence_stop_s and tracker.silence_s < silence_stop_s):
                        why = "no_new_words"
                    elif (not tracker.heard_speech and no_answer_s > 0
                          and tracker.elapsed_s >= no_answer_s):
                        why = "no_answer"
                    # After the caller's stop (Enter, Ctrl-C) keep draining to _STOP: those
                    # blocks were captured before the source stopped.
                    if why is not None and finish(why):
                        return
            except BaseException as exc:  # a listener failed, or the disk is full
                failure.append(exc)
                finish("error")

        consumer = threading.Thread(target=consume, name="recorder", daemon=True)
        consumer.start()
        completed = False
        try:
            try:
                self.source.start(deliver, on_end)
                if not first_block_at:
                    last_block_at[0] = time.monotonic()  # the stall clock starts once open
                next_tick = started + tick_s
                while not done.wait(0.02):
                    if stop is not None and stop.is_set():
                        finish("enter")
                        break
                    now = time.monotonic()
                    if s.stall_s > 0 and now - last_block_at[0] >= s.stall_s:
                        lost.append(f"no audio from it for {s.stall_s:g} s")
                        finish("device_lost")
                        break
                    if on_tick is not None and now >= next_tick:
                        next_tick = now + tick_s
                        on_tick(self._status(tracker))
            except KeyboardInterrupt:
                finish("interrupt")
            completed = True
        finally:
            # Keep every block captured up to the stop: stop the source first, then let the
            # consumer drain the queue (it ignores what follows its own decision).
            self.source.stop()
            blocks.put(_STOP)
            consumer.join(timeout=None if completed else 5)
            if not consumer.is_alive():
                if on_stopped is not None and completed and not failure:
                    on_stopped()
                tracker.close()
            try:
                writer.close()
            except OSError as exc:  # a full disk: say so below, with what was kept
                if not failure:
                    failure.append(exc)
            if not completed and writer.frames == 0:
                Path(wav_path).unlink(missing_ok=True)  # the source never opened
        kept = (f"What was recorded ({writer.duration_s:.1f} s) is kept in {wav_path}."
                if writer.frames else "Nothing was recorded.")
        if failure:
            exc = failure[0]
            if isinstance(exc, OSError):  # the disk is full or went read-only
                raise AudioError(f"could not write the recording {wav_path}: "
                                 f"{exc.strerror or exc}. {kept}") from None
            raise exc
        if reason[0] == "device_lost":
            raise AudioError(f"the microphone stopped during the answer: {lost[0]} "
                             f"({self.source.description}). {kept}")
        if on_tick is not None:
            on_tick(self._status(tracker))
        # The whole recording's decisions, once, for both its segments and its room check.
        voiced = tracker.activity.final_voiced()
        segments = segments_of(voiced, tracker.config)
        return RecordingResult(
            path=Path(wav_path), duration_s=writer.duration_s,
            stopped_at=stopped_at[0] if stopped_at else time.monotonic(),
            speech_s=round(sum(seg.length for seg in segments), 3),
            dropped_frames=self.source.dropped_frames - dropped_before,
            overflows=self.source.overflows - overflows_before, stop_reason=reason[0],
            first_block_latency_s=(first_block_at[0] - started) if first_block_at else None,
            segments=tuple(segments), room=check_room(tracker.activity, s, voiced))

    @staticmethod
    def _status(tracker: SpeechTracker) -> LiveStatus:
        return LiveStatus(elapsed_s=tracker.elapsed_s, level_dbfs=tracker.level_dbfs,
                          heard_speech=tracker.heard_speech, silence_s=tracker.silence_s)

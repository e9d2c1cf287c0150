"""Ways to get an answer: spoken into the microphone, played from WAV files, or typed.

Spoken and file answers take the same path: a Recorder streams the audio to the answer's
WAV and, block by block, to the Vosk recogniser, so the transcript is ready as soon as the
answer ends.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any, Callable

from mockinterview.audio.wavfile import read_wav
from mockinterview.bank import Question
from mockinterview.audio.live import EnterWatcher
from mockinterview.errors import MockInterviewError
from mockinterview.interview import CapturedAnswer, Recogniser, Screen
from mockinterview.settings import Settings
from mockinterview.transcript import Transcript


MIN_THINK_CHECK_S = 1.0  # a shorter thinking time is too little audio for a room check


class RecordedCapture:
    """Records from an audio source (microphone or file) while Vosk transcribes live."""

    def __init__(self, next_source: Callable[[str], Any],
                 new_recogniser: Callable[[int], Recogniser], settings: Settings,
                 screen: Screen, silence_stop_s: float | None = None,
                 answers_left: Callable[[], int] | None = None,
                 stop_watcher: Callable[[], Any] | None = None) -> None:
        self.next_source = next_source  # label -> AudioSource, or None when there is none
        # Answer files not yet used (None: a microphone, never short of an answer).
        self._answers_left = answers_left
        self.new_recogniser = new_recogniser  # sample rate -> a recogniser for one answer
        self.settings = settings
        self.screen = screen
        self.silence_stop_s = silence_stop_s or settings.audio.silence_stop_s
        # What ends an answer early: Enter at a terminal; the page's Finish button in the app
        # (a context manager whose value has a `pressed` threading.Event).
        self.stop_watcher = stop_watcher or EnterWatcher

    def answers_left(self) -> int | None:
        """How many answers the source still holds (answer files); None: no limit."""
        return self._answers_left() if self._answers_left is not None else None

    def capture(self, wav_path: Path, question: Question, max_s: float,
                label: str) -> CapturedAnswer:
        from mockinterview.audio.microphone import Recorder

        source = self.next_source(label)
        if source is None:
            self.screen.message(f"(no {label} recording given; moving on)")
            return CapturedAnswer(Transcript(duration_s=0.0))
        from mockinterview.audio.voice_frames import VoiceFramesBuilder, pitch_available

        recogniser = self.new_recogniser(source.rate)
        recorder = Recorder(source, self.settings.audio)
        still = recogniser.words_still_s if self.settings.audio.transcript_stop else None
        # Pitch and level are worked out while the candidate speaks (2 s at a time), so the
        # feedback waits only for the last moments. Without the tracker: no voice measures.
        voice = VoiceFramesBuilder() if pitch_available() else None
        listeners = [recogniser.feed] + ([voice.feed] if voice is not None else [])
        try:
            with self.stop_watcher() as enter, self.screen.recording(question, max_s,
                                                                 label) as update:
                result = recorder.record(
                    wav_path, max_s=max_s, silence_stop_s=self.silence_stop_s,
                    no_answer_s=self.settings.audio.no_answer_s, listeners=listeners,
                    stop=enter.pressed, words_still_s=still, on_pause=recogniser.end_utterance,
                    on_stopped=recogniser.close,
                    on_tick=lambda status: update(status, recogniser.partial_text))
            ended = result.stopped_at  # the candidate's wait for feedback starts here
            if result.stop_reason == "interrupt":
                # The recorder closed the WAV cleanly on Ctrl-C; now stop the interview.
                raise KeyboardInterrupt
            transcript = recogniser.finish(result.duration_s)
        finally:
            recogniser.close()
        # The detector's segments and room check come from the recording itself, decided
        # as it was made: the same rule the live end of answer used.
        frames = None
        if voice is not None:
            frames = voice.finish([(s.start, s.end) for s in result.segments])
        return CapturedAnswer(transcript, wav_path, result.duration_s, result.stop_reason,
                              result.dropped_frames, list(result.segments), ended_at=ended,
                              room=result.room.to_dict() if result.room else None,
                              voice_frames=frames)

    def think(self, seconds: float, countdown: Callable[[float], None]
              ) -> dict[str, Any] | None:
        """The thinking time, listening to the room meanwhile (the candidate is quiet or
        thinking aloud; the check tells speech from background either way)."""
        import threading

        source = self.next_source("thinking") if seconds >= MIN_THINK_CHECK_S else None
        if source is None:
            countdown(seconds)
            return None
        from mockinterview.audio.microphone import Recorder

        stop = threading.Event()
        result: list[Any] = []
        failed: list[BaseException] = []

        def listen(folder: str) -> None:
            try:
                result.append(Recorder(source, self.settings.audio).record(
                    Path(folder) / "thinking.wav", max_s=seconds + 5, silence_stop_s=0,
                    no_answer_s=0, stop=stop))
            except BaseException as exc:  # reported below: the thinking time goes on
                failed.append(exc)

        with tempfile.TemporaryDirectory(prefix="mockinterview-think-") as tmp:
            listener = threading.Thread(target=listen, args=(tmp,), name="room-listener",
                                        daemon=True)
            listener.start()
            try:
                countdown(seconds)  # may end early on Enter
            finally:
                stop.set()
                listener.join()
        if failed:
            # The answer's own recording will say what is wrong with the microphone.
            return None
        room = result[0].room if result else None
        return room.to_dict() if room is not None else None

    def check_room(self, seconds: float = 3.0) -> dict[str, Any] | None:
        """Listen to the room before the first question (the candidate stays quiet): its
        noise floor and any problem (digital silence, a DC offset, clipping, noise)."""
        from mockinterview.audio.microphone import Recorder

        source = self.next_source("room check")
        if source is None:
            return None
        self.screen.message(f"Checking the room: please stay quiet for {seconds:g} seconds.")
        with tempfile.TemporaryDirectory(prefix="mockinterview-room-") as tmp:
            result = Recorder(source, self.settings.audio).record(
                Path(tmp) / "room.wav", max_s=seconds, silence_stop_s=0, no_answer_s=0)
        if result.stop_reason == "interrupt":
            raise KeyboardInterrupt
        return result.room.to_dict() if result.room else None


class TypedCapture:
    """Answers typed at the keyboard: no microphone, no model, no timing measures."""

    def __init__(self, screen: Any) -> None:  # a Screen with read_typed_answer(label)
        self.screen = screen

    def think(self, seconds: float, countdown: Callable[[float], None]) -> None:
        countdown(seconds)

    def capture(self, wav_path: Path, question: Question, max_s: float,
                label: str) -> CapturedAnswer:
        text = self.screen.read_typed_answer(label)
        return CapturedAnswer(Transcript.from_text(text), stop_reason="typed")


def answer_files(folder: Path) -> list[tuple[Path, Path | None]]:
    """WAV answers in a folder, in name order, each with its follow-up answer if any.

    `01.wav` answers question 1 and `01.followup.wav` its follow-up, if one is asked.
    Raises AudioError naming the first file that is not usable audio.
    """
    if not folder.is_dir():
        raise MockInterviewError(f"--answers-from: no folder {folder}")
    mains = sorted(p for p in folder.glob("*.wav") if not p.name.endswith(".followup.wav"))
    if not mains:
        raise MockInterviewError(f"--answers-from: no .wav files in {folder}")
    pairs = [(p, p.with_name(p.stem + ".followup.wav") if
              p.with_name(p.stem + ".followup.wav").exists() else None) for p in mains]
    # Check every file now, so a bad one stops the run before any question, not at its turn.
    for main, follow in pairs:
        for path in (main, follow):
            if path is not None:
                read_wav(path)
    return pairs

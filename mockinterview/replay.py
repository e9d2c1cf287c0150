"""Replay: an answer's audio with its transcript appearing word by word in time.

The timing logic is pure; the audio goes through an injected `Player` (a function that starts
playing a WAV at a speed and returns a function that waits for the end), so tests and the
interview's own audio adapter can plug in. `sounddevice_player` is the real one.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from mockinterview.errors import AudioError, MockInterviewError, SetupError
from mockinterview.review import AnswerReview

Player = Callable[[Path, float], Callable[[], None]]
Speaker = Callable[[str], None]

LINE_CHARS = 72
MIN_SPEED, MAX_SPEED = 0.25, 4.0


@dataclass(frozen=True)
class Piece:
    t: float  # seconds into the recording at which it is shown
    text: str


@dataclass(frozen=True)
class Line:
    t: float
    pieces: tuple[Piece, ...]

    @property
    def text(self) -> str:
        return " ".join(p.text for p in self.pieces)


def stamp(t: float) -> str:
    """0:01.2 style time."""
    return f"{int(t // 60)}:{t % 60:04.1f}"


def timed_lines(answer: AnswerReview) -> list[Line]:
    """The marked transcript cut into lines: a new line after a long pause or when full.

    Fillers are shown as [um]; a long pause as (pause 1.4 s) at the moment it starts.
    Untimed transcripts (typed answers) come back as one line at time 0.
    """
    tokens = answer.tokens()
    if not tokens or any(t.start is None for t in tokens):
        text = answer.marked_text() if answer.transcript else ""
        return [Line(0.0, (Piece(0.0, text),))] if text else []
    lines: list[Line] = []
    current: list[Piece] = []
    for i, tok in enumerate(tokens):
        if tok.pause_before_s is not None:
            start = tokens[i - 1].end if i and tokens[i - 1].end is not None else tok.start
            current.append(Piece(float(start), f"(pause {tok.pause_before_s:.1f} s)"))
            lines.append(Line(current[0].t, tuple(current)))
            current = []
        elif current and sum(len(p.text) + 1 for p in current) >= LINE_CHARS:
            lines.append(Line(current[0].t, tuple(current)))
            current = []
        current.append(Piece(float(tok.start), f"[{tok.text}]" if tok.filler else tok.text))
    if current:
        lines.append(Line(current[0].t, tuple(current)))
    return lines


def format_timed(answer: AnswerReview) -> str:
    """The timed transcript at once: one line per phrase, each with its start time."""
    return "".join(f"[{stamp(line.t)}] {line.text}\n" for line in timed_lines(answer))


def check_speed(speed: float) -> float:
    if not MIN_SPEED <= speed <= MAX_SPEED:
        raise MockInterviewError(f"--speed must be between {MIN_SPEED} and {MAX_SPEED} "
                                 f"(got {speed})")
    return speed


def replay_answer(answer: AnswerReview, out: TextIO, player: Player | None, speed: float = 1.0,
                  speak: Speaker | None = None,
                  clock: Callable[[], float] = time.monotonic,
                  sleep: Callable[[float], None] = time.sleep) -> None:
    """Print the question (speak it too when a speaker is given), then play the answer while
    its words appear at their times (divided by `speed`). Without a player or a recording,
    print the timed transcript at once."""
    out.write(f"\nQ{answer.index}. [{answer.category_label}] {answer.text}\n")
    out.flush()
    if speak is not None:
        speak(answer.text)
    for note in answer.notes:
        out.write(f"  ({note})\n")
    lines = timed_lines(answer)
    if player is None or answer.audio is None:
        out.write(format_timed(answer) if lines else "  (no transcript)\n")
        out.flush()
        return
    wait = player(answer.audio, speed)
    t0 = clock()
    try:
        for line in lines:
            for j, piece in enumerate(line.pieces):
                delay = t0 + piece.t / speed - clock()
                if delay > 0:
                    sleep(delay)
                prefix = f"[{stamp(line.t)}] " if j == 0 else " "
                out.write(prefix + piece.text)
                out.flush()
            out.write("\n")
            out.flush()
    finally:
        wait()


def parse_device(device: str | None) -> int | str | None:
    """An output device given as an index ('3') or a name substring."""
    if device is None or device == "":
        return None
    return int(device) if device.strip().isdigit() else device


def sounddevice_player(device: str | None = None) -> Player:
    """The real player: sounddevice at samplerate * speed (faster and higher, like tape)."""

    def play(path: Path, speed: float) -> Callable[[], None]:
        try:
            import sounddevice as sd  # delayed: needs PortAudio, only when playing
        except OSError:
            raise SetupError("cannot play audio: the PortAudio library is missing",
                             fix="Install it: sudo apt-get install libportaudio2 "
                                 "(or use --no-audio)") from None
        from mockinterview.audio.wavfile import read_wav

        samples, rate = read_wav(path)
        try:
            sd.play(samples, samplerate=int(round(rate * speed)), device=parse_device(device))
        except (sd.PortAudioError, ValueError) as exc:
            raise AudioError(f"cannot play audio on output device "
                             f"{device or 'default'}: {exc}. See `mockinterview devices`, "
                             "or use --no-audio.") from None
        return sd.wait

    return play

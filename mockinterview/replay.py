"""Replay: an answer's audio with its transcript appearing word by word in time.

The timing logic is pure; the audio goes through an injected `Player` (a function that starts
playing a WAV at a speed and returns a function that waits for the end), so tests and the
interview can plug in their own. `adapter_player` is the real one (audio/playback.py).
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from mockinterview.errors import MockInterviewError
from mockinterview.report.views import AnswerReview

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


def pick_attempt(answer: AnswerReview, attempt: int | None, session_id: str) -> AnswerReview:
    """Try `attempt` (1 = the first; None: the latest) at a question, from the attempts the
    session reader loaded (its checked manifest entries and file names only)."""
    if attempt is None:
        return answer
    tries = answer.all_attempts
    if not tries:
        raise MockInterviewError(f"--attempt {attempt}: question {answer.index} of session "
                                 f"{session_id} has no answer yet")
    if not 1 <= attempt <= len(tries):
        raise MockInterviewError(f"--attempt {attempt}: question {answer.index} of session "
                                 f"{session_id} has "
                                 + ("only try 1" if len(tries) == 1
                                    else f"tries 1 to {len(tries)}"))
    return tries[attempt - 1]


def tries_line(answer: AnswerReview, tries: list[AnswerReview]) -> str | None:
    """'Try 1 of 2 (tries: 1 · 0:45 · score 58; 2 · 1:02 · score 71)'; None for one try."""
    if len(tries) < 2:
        return None
    from mockinterview.textfmt import clock

    listed = "; ".join(" · ".join([str(t.attempt), clock(t.length_s)]
                                  + ([f"score {t.score:.0f}"] if t.score is not None else []))
                       for t in tries)
    return (f"Try {answer.attempt} of {len(tries)} (tries: {listed}); "
            "--attempt N plays another")


def replay_answer(answer: AnswerReview, out: TextIO, player: Player | None, speed: float = 1.0,
                  speak: Speaker | None = None,
                  clock: Callable[[], float] = time.monotonic,
                  sleep: Callable[[float], None] = time.sleep,
                  tries: list[AnswerReview] | None = None) -> None:
    """Print the question (speak it too when a speaker is given), then play the answer while
    its words appear at their times (divided by `speed`). Without a player or a recording,
    print the timed transcript at once. `tries`: every attempt at the question, listed
    when there are several."""
    out.write(f"\nQ{answer.index}. [{answer.group_label}] {answer.text}\n")
    if tries is not None and (line := tries_line(answer, tries)) is not None:
        out.write(f"  {line}\n")
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


def adapter_player(device: str | int | None = None) -> Player:
    """The real player: the audio adapter's blocking `play`, run in a thread so the words can
    be printed meanwhile. Speed plays the samples at rate * speed (faster and higher)."""
    from mockinterview.audio.devices import resolve_output_device

    resolve_output_device(device)  # a missing PortAudio or speaker fails now, not mid-answer

    def start(path: Path, speed: float) -> Callable[[], None]:
        from mockinterview.audio.playback import play
        from mockinterview.audio.wavfile import read_wav

        samples, rate = read_wav(path)
        mono = samples.mean(axis=1) if samples.shape[1] > 1 else samples[:, 0]
        errors: list[BaseException] = []

        def run() -> None:
            try:
                play(mono, int(round(rate * speed)), device)
            except BaseException as exc:  # handed to the waiting thread
                errors.append(exc)

        thread = threading.Thread(target=run, name="replay-playback", daemon=True)
        thread.start()

        def wait() -> None:
            while thread.is_alive():
                thread.join(0.1)  # short steps: Ctrl-C stays responsive
            if errors:
                raise errors[0]

        return wait

    return start


def question_speaker(player: Player, speed: float, voice: str | None = None,
                     rate: int = 170) -> Speaker:
    """Speak a question with the interviewer's voice (rendered by the TTS adapter, cached),
    through the same player and at the same speed as the answers."""
    from mockinterview.speech.tts import Speaker as TTS

    tts = TTS(voice=voice, rate=rate)

    def speak(text: str) -> None:
        try:
            path = tts.render(text)
        except MockInterviewError as exc:
            # The answer matters more than the question's voice: say so and go on.
            print(f"(question audio unavailable: {exc})", file=sys.stderr)
            return
        player(path, speed)()

    return speak

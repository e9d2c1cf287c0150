"""The interviewer's voice: text -> WAV with pyttsx3 (eSpeak NG), then played with sounddevice.

`say()` + `runAndWait()` cannot be trusted to tell when speech has ended (the first call
returns while `aplay` is still playing), so a question is rendered with `save_to_file`
(complete once the driver reports "finished-utterance": `runAndWait` itself can return
before the file is written), cached on disk by text, voice and rate, and played
by `audio.playback.play_wav`, which returns once the last sample has been heard.
"""

from __future__ import annotations

import atexit
import contextlib
import hashlib
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from mockinterview import paths
from mockinterview.atomic import atomic_path
from mockinterview.errors import MockInterviewError, SetupError

ESPEAK_FIX = "Install it with: sudo apt-get install espeak-ng libespeak-ng1"
MIN_RATE, MAX_RATE = 80, 450  # eSpeak NG's speaking-rate range, words per minute
RENDER_ATTEMPTS = 3
RENDER_TIMEOUT_S = 30.0  # plus 1 s per 20 characters; rendering takes ~0.05 s per sentence

_engine: Any = None  # pyttsx3 keeps engines in a weak dict: hold ours so it is made once
_engine_lock = threading.Lock()
_default_voice = "gmw/en"  # the engine's voice at start: used when no voice is asked for


def tts_engine() -> Any:
    """The shared pyttsx3 engine, or SetupError naming the eSpeak NG packages."""
    global _engine, _default_voice
    if _engine is None:
        try:
            import pyttsx3
        except ImportError:
            raise SetupError("the Python package pyttsx3 is not installed.",
                             "Install it with: .venv/bin/pip install 'pyttsx3>=2.99'") from None
        try:
            _engine = pyttsx3.init()
            _default_voice = _engine.getProperty("voice") or "gmw/en"
            atexit.register(_release_engine)
        except (RuntimeError, OSError) as exc:
            # pyttsx3 raises RuntimeError("... you probably do not have eSpeak or eSpeak-ng
            # installed!") when libespeak-ng.so.1 cannot be loaded.
            raise SetupError(f"eSpeak NG is not installed, so questions cannot be spoken "
                             f"({exc}).", ESPEAK_FIX) from None
    return _engine


def _release_engine() -> None:
    # Dropped while the interpreter is whole: pyttsx3's __del__ fails when it runs during
    # the final teardown ("'NoneType' object has no attribute 'suppress'").
    global _engine
    _engine = None


def list_voices() -> list[tuple[str, str]]:
    """(id, name) of every eSpeak NG voice."""
    with _engine_lock:
        voices = tts_engine().getProperty("voices")
    return [(v.id, v.name) for v in voices]


def resolve_voice(voice: str | None) -> str | None:
    """The eSpeak NG voice id for `voice`: an id ("gmw/en-us"), its last part ("en-us") or a
    name ("English (America)"). pyttsx3 ignores unknown voices silently; this refuses them."""
    if voice is None or not voice.strip():
        return None
    wanted = voice.strip().lower()
    voices = list_voices()
    for vid, name in voices:
        if wanted in (vid.lower(), name.lower()):
            return vid
    for vid, _ in voices:
        if vid.lower().rsplit("/", 1)[-1] == wanted:
            return vid
    examples = ", ".join([v for v, _ in voices if v.startswith("gmw/en")][:6])
    raise MockInterviewError(f"unknown voice '{voice}'; try one of {examples} "
                             f"(all: `mockinterview say --list-voices`).")


def check_rate(rate: int) -> int:
    if not MIN_RATE <= rate <= MAX_RATE:
        raise MockInterviewError(f"speaking rate {rate} is outside {MIN_RATE}-{MAX_RATE} "
                                 f"words per minute.")
    return rate


def cache_key(text: str, voice: str | None, rate: int) -> str:
    """The file name a rendering is cached under: a hash of text, voice and rate."""
    digest = hashlib.sha256(f"{voice or ''}\0{rate}\0{text}".encode("utf-8")).hexdigest()
    return digest[:24]


def _wait_until_espeak_idle(timeout_s: float = 2.0) -> None:
    """Wait while eSpeak NG's thread is still busy with the previous text: pyttsx3 cancels
    whatever is "playing" when the next runAndWait starts, which silently dropped renders."""
    try:
        from pyttsx3.drivers import _espeak
    except Exception:  # a different driver, or eSpeak missing (reported elsewhere)
        return
    deadline = time.monotonic() + timeout_s
    while _espeak.IsPlaying() and time.monotonic() < deadline:
        time.sleep(0.005)


class _LineFilter:
    """Stands in for sys.stdout while pyttsx3 renders: drops its one "Audio saved to PATH"
    line, written from whichever thread eSpeak NG calls back on, and passes every other
    write through at once (the live display and results printed by other threads)."""

    def __init__(self, stream: Any, line: str) -> None:
        self._stream = stream
        self._line = line
        self._owing_newline: set[int] = set()  # threads whose dropped line's "\n" follows
        self._lock = threading.Lock()

    def write(self, text: str) -> int:
        me = threading.get_ident()
        with self._lock:
            if text in (self._line, self._line + "\n"):
                if text == self._line:
                    self._owing_newline.add(me)  # print() writes its end separately
                return len(text)
            if text == "\n" and me in self._owing_newline:
                self._owing_newline.discard(me)
                return len(text)
        return self._stream.write(text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


@contextlib.contextmanager
def _dropping_line(line: str) -> Iterator[None]:
    """sys.stdout without exactly `line` for the block; every other write goes through."""
    original = sys.stdout
    wrapper = _LineFilter(original, line)
    sys.stdout = wrapper
    try:
        yield
    finally:
        if sys.stdout is wrapper:  # unless somebody replaced it meanwhile
            sys.stdout = original


def _render_once(engine: Any, text: str, tmp: Path, voice: str | None, rate: int) -> bool:
    """One save_to_file + runAndWait; True when the driver finished the whole text."""
    finished = threading.Event()
    completed: list[bool] = []

    def on_finished(**kwargs: Any) -> None:
        completed.append(bool(kwargs.get("completed", True)))
        finished.set()

    token = engine.connect("finished-utterance", on_finished)
    try:
        _wait_until_espeak_idle()
        engine.setProperty("voice", voice or _default_voice)
        engine.setProperty("rate", rate)
        # eSpeak NG queues property changes on its own thread, and runAndWait begins with a
        # stop() that cancels whatever is queued: without this wait a render used the
        # previous render's rate and voice.
        _wait_until_espeak_idle()
        engine.save_to_file(text, str(tmp))
        # pyttsx3 prints "Audio saved to ..." on stdout, which belongs to results.
        with _dropping_line(f"Audio saved to {tmp}"):
            engine.runAndWait()
            # eSpeak NG synthesises on its own thread, and runAndWait can return before the
            # file is written (seen under load). The driver writes the file, then announces
            # "finished-utterance": wait for that.
            finished.wait(RENDER_TIMEOUT_S + len(text) / 20)
    finally:
        engine.disconnect(token)
    return bool(completed) and completed[0] and tmp.is_file() and tmp.stat().st_size > 44


def render_to(text: str, out: Path, voice: str | None, rate: int) -> Path:
    """Render `text` to a 22050 Hz mono 16-bit WAV at `out` (written atomically)."""
    engine = tts_engine()
    out.parent.mkdir(parents=True, exist_ok=True)
    with atomic_path(out, mode=0o644) as tmp, _engine_lock:
        # A render cancelled by pyttsx3's own stop() is simply tried again.
        ok = any(_render_once(engine, text, tmp, voice, rate) for _ in range(RENDER_ATTEMPTS))
        if not ok:
            raise MockInterviewError(f"eSpeak NG produced no audio for: {text[:60]!r}")
    return out


class Speaker:
    """Speaks questions aloud; with enabled=False it only calls `show` (e.g. print)."""

    def __init__(self, voice: str | None = None, rate: int = 170, output_device: Any = None,
                 enabled: bool = True, cache_dir: Path | None = None,
                 show: Callable[[str], None] | None = None) -> None:
        self.voice = voice
        self.rate = check_rate(rate)
        self.output_device = output_device
        self.enabled = enabled
        self.cache_dir = cache_dir or paths.cache_dir() / "tts"
        self.show = show
        self.last_playback_end: float | None = None  # time.monotonic() when speech ended
        self._voice_id: str | None = None
        self._voice_checked = False

    def _voice(self) -> str | None:
        if not self._voice_checked:
            self._voice_id = resolve_voice(self.voice)
            self._voice_checked = True
        return self._voice_id

    def render(self, text: str) -> Path:
        """The WAV of `text` in this voice and rate, rendered once and then cached."""
        text = " ".join(text.split())
        if not text:
            raise MockInterviewError("nothing to say: the text is empty.")
        voice = self._voice()
        path = self.cache_dir / f"{cache_key(text, voice, self.rate)}.wav"
        if path.is_file() and path.stat().st_size > 44:
            return path
        return render_to(text, path, voice, self.rate)

    def speak(self, text: str) -> None:
        """Say `text` and return once it has been heard in full (a no-op when disabled)."""
        from mockinterview.audio.playback import play_wav

        if self.show is not None:
            self.show(text)
        if not self.enabled:
            return
        play_wav(self.render(text), self.output_device)
        self.last_playback_end = time.monotonic()

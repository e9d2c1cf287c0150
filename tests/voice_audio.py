"""Answers with known hesitation sounds and known voices, for the voice tests and benchmark.

Phrases and hesitation sounds are rendered separately by eSpeak NG (its phoneme input
`[[...]]` renders a held vowel or hum) and joined with silences of known length, so where
each hesitation is, is known. The transcript is what a recogniser that drops fillers would
give: the phrases' words, timed from the rendering (each phrase's sound span shared among its
words in proportion to how long eSpeak takes to say each word alone), and no filler.
Nothing generated is committed.
"""

from __future__ import annotations

import functools
import io
import json
import subprocess
import wave
from dataclasses import dataclass

import numpy as np

from mockinterview.transcript import Transcript, Word

RATE = 16000
# Held vowels and hums: "uh" (schwa), "er", "um" (a vowel into a hum), "mm".
HESITATIONS = ("[[@:]]", "[[@:@:@:]]", "[[3:3:]]", "[[3:m]]", "[[V:mmm]]", "[[Vmm]]")
VOICES = ("en", "en-us", "en+f3", "en+m3")
SENTENCES = (
    "I was working on the front desk of a busy surgery.",
    "A patient came in very upset about a cancelled appointment.",
    "My job was to calm him down and find him another slot.",
    "I listened to him, apologised, and checked the diary with him.",
    "I found a cancellation the same afternoon and booked it.",
    "He thanked me, and he wrote to the practice manager afterwards.",
    "We changed how we tell patients about cancellations.",
    "Since then there have been far fewer complaints at the desk.",
)


def _decode(wav_bytes: bytes) -> np.ndarray:
    with wave.open(io.BytesIO(wav_bytes)) as w:
        rate = w.getframerate()
        x = np.frombuffer(w.readframes(w.getnframes()), np.int16) / 32768.0
    n = int(len(x) * RATE / rate)
    return np.interp(np.arange(n) * rate / RATE, np.arange(len(x)), x)


@functools.lru_cache(maxsize=None)
def render(text: str, voice: str = "en", rate: int = 170, ssml: bool = False) -> np.ndarray:
    """eSpeak NG's rendering at 16 kHz (float), trimmed to its sound; read-only."""
    cmd = ["espeak-ng", "-v", voice, "-s", str(rate), "--stdout"] + (["-m"] if ssml else [])
    x = _decode(subprocess.run(cmd + [text], capture_output=True, check=True).stdout)
    loud = np.flatnonzero(np.abs(x) > 0.01)
    x = x[loud[0]:loud[-1] + 1].copy()
    x.setflags(write=False)
    return x


def word_times(text: str, start: float, end: float, voice: str, rate: int
               ) -> list[tuple[str, float, float]]:
    """The phrase's words over its sound span, each in proportion to its own rendering."""
    words = text.replace(",", "").replace(".", "").split()
    lengths = np.array([len(render(w, voice, rate)) for w in words], dtype=float)
    edges = start + (end - start) * np.r_[0, np.cumsum(lengths)] / lengths.sum()
    return [(w.lower(), round(float(a), 3), round(float(b), 3))
            for w, a, b in zip(words, edges[:-1], edges[1:])]


@dataclass
class Built:
    samples: np.ndarray                     # float, -1..1
    fillers: list[tuple[float, float]]      # true hesitation sounds
    words: list[tuple[str, float, float]]   # the transcript a filler-dropping recogniser gives
    missed: list[tuple[float, float]]       # speech left out of the transcript on purpose

    @property
    def duration_s(self) -> float:
        return len(self.samples) / RATE

    def transcript(self) -> Transcript:
        return Transcript(tuple(Word(w, a, b, 1.0) for w, a, b in self.words),
                          " ".join(w for w, _, _ in self.words), round(self.duration_s, 3))

    def int16(self, gain_db: float = 0.0) -> np.ndarray:
        x = self.samples * 10 ** (gain_db / 20)
        return np.clip(np.round(x * 32768), -32768, 32767).astype(np.int16)

    def transcript_json(self) -> str:
        return json.dumps(self.transcript().to_dict())


class Builder:
    """Appends phrases, hesitations and silences, keeping the truth."""

    def __init__(self, lead_s: float = 0.8, level: float = 0.25) -> None:
        self.parts = [np.zeros(int(lead_s * RATE))]
        self.t = lead_s
        self.level = level
        self.fillers: list[tuple[float, float]] = []
        self.words: list[tuple[str, float, float]] = []
        self.missed: list[tuple[float, float]] = []

    def _add(self, x: np.ndarray) -> tuple[float, float]:
        x = x * (self.level / max(1e-9, float(np.percentile(np.abs(x), 99))))
        start = self.t
        self.parts.append(x)
        self.t += len(x) / RATE
        return round(start, 3), round(self.t, 3)

    def phrase(self, text: str, voice: str = "en", rate: int = 170, heard: bool = True,
               ssml: bool = False, fade_db: float = 0.0, fade_s: float = 0.8) -> None:
        """A phrase; `heard=False` leaves its words out of the transcript (missed speech);
        `fade_db` lowers its last `fade_s` seconds by up to that much (trailing off)."""
        x = np.array(render(text, voice, rate, ssml))
        if fade_db:
            n = min(len(x), int(fade_s * RATE))
            x[-n:] *= 10 ** (-np.linspace(0, fade_db, n) / 20)
        a, b = self._add_faded(x) if fade_db else self._add(x)
        if heard:
            plain = text if not ssml else _ssml_text(text)
            self.words += word_times(plain, a, b, voice, rate)
        else:
            self.missed.append((a, b))

    def _add_faded(self, x: np.ndarray) -> tuple[float, float]:
        # Level from the phrase's body, so the fade lowers the end rather than raising the rest.
        body = x[: max(1, len(x) - int(0.8 * RATE))]
        x = x * (self.level / max(1e-9, float(np.percentile(np.abs(body), 99))))
        start = self.t
        self.parts.append(x)
        self.t += len(x) / RATE
        return round(start, 3), round(self.t, 3)

    def hesitation(self, phonemes: str, voice: str = "en", rate: int = 130) -> None:
        self.fillers.append(self._add(np.array(render(phonemes, voice, rate))))

    def silence(self, seconds: float) -> None:
        self.parts.append(np.zeros(int(round(seconds * RATE))))
        self.t += int(round(seconds * RATE)) / RATE

    def build(self, tail_s: float = 1.0) -> Built:
        self.silence(tail_s)
        return Built(np.concatenate(self.parts), self.fillers, self.words, self.missed)


def _ssml_text(ssml: str) -> str:
    import re

    return re.sub(r"<[^>]+>", " ", ssml).strip()


def hesitant_answer(seed: int) -> Built:
    """Five phrases of one voice with three or four hesitation sounds between and before
    them (after a silence, or straight after a word), of several kinds, rates and lengths."""
    rng = np.random.default_rng(seed)
    voice = VOICES[seed % len(VOICES)]
    rate = int(rng.integers(140, 200))
    b = Builder()
    order = rng.permutation(len(SENTENCES))[:5]
    slots = set(rng.choice(5, size=int(rng.integers(3, 5)), replace=False).tolist())
    for k, i in enumerate(order):
        if k in slots:
            b.hesitation(HESITATIONS[int(rng.integers(len(HESITATIONS)))], voice,
                         int(rng.integers(80, 150)))
            b.silence(float(rng.choice([0.05, 0.3, 0.6])))
        b.phrase(SENTENCES[i], voice, rate)
        b.silence(float(rng.choice([0.4, 0.8, 1.3])))
    return b.build()


def match(found: list[tuple[float, float]], truth: list[tuple[float, float]],
          tolerance_s: float = 0.2) -> tuple[int, int]:
    """(found events that match a true one, true events that one found matches): both ends
    within `tolerance_s`."""
    def same(f, t):
        return abs(f[0] - t[0]) <= tolerance_s and abs(f[1] - t[1]) <= tolerance_s

    return (sum(any(same(f, t) for t in truth) for f in found),
            sum(any(same(f, t) for f in found) for t in truth))


def real_answer(seed: int) -> Built:
    """The LibriVox clips in a random order with silences, words from their alignments."""
    from mockinterview.audio.wavfile import read_pipeline_audio

    from tests import room

    rng = np.random.default_rng(seed)
    b = Builder(lead_s=1.0)
    for name in (room.LIBRIVOX[i] for i in rng.permutation(len(room.LIBRIVOX))):
        aligned = json.loads((room.REAL_SPEECH / f"{name}.json").read_text())["w"]
        x = read_pipeline_audio(room.REAL_SPEECH / f"{name}.wav") / 32768.0
        t0 = b.t
        b.parts.append(x)
        b.t += len(x) / 16000
        b.words += [(w["t"].split("(")[0], round(t0 + w["b"], 3),
                     round(t0 + w["b"] + w["d"], 3)) for w in aligned
                    if not w["t"].startswith("<")]
        b.silence(float(rng.choice([0.5, 1.0, 1.5])))
    return b.build()


def with_noise(x: np.ndarray, kind: str, dbfs: float, seed: int = 0) -> np.ndarray:
    """`x` with seeded white or pink noise at `dbfs` (RMS) from start to end."""
    from tests.room import _shaped_noise

    rng = np.random.default_rng(seed)
    noise = rng.standard_normal(len(x)) if kind == "white" else _shaped_noise(rng, len(x), 1.0)
    return x + noise * 10 ** (dbfs / 20)


def analyse_samples(samples: np.ndarray, transcript: Transcript | None = None):
    """The analyser's measures for int16 samples, as `analyse ANSWER.wav --transcript`
    computes them: the real voice detector, room check and pitch tracker."""
    from mockinterview.analysis.analyse import measure
    from mockinterview.audio.room import check_room
    from mockinterview.audio.vad import analyse_recording, config_from
    from mockinterview.audio.voice_frames import voice_frames
    from mockinterview.settings import Settings

    settings = Settings()
    segments, activity = analyse_recording(samples, config_from(settings.audio))
    room = check_room(activity, settings.audio).to_dict()
    frames = voice_frames(samples, [(s.start, s.end) for s in segments])
    transcript = transcript or Transcript(duration_s=round(len(samples) / RATE, 3))
    return measure(transcript, None, segments, settings.analysis, room, frames,
                   settings.voice)


def to_int16(x: np.ndarray) -> np.ndarray:
    return np.clip(np.round(x * 32768), -32768, 32767).astype(np.int16)

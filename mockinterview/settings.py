"""All tunable numbers in one frozen object: defaults < settings file < environment < flags.

Each section is a frozen dataclass with a comment per field. The settings file is TOML with
one table per section, e.g.::

    [analysis]
    pace_min_wpm = 100

It is looked for at `$MOCKINTERVIEW_SETTINGS`, else `<home>/mockinterview.toml`, else
`~/.config/mockinterview/settings.toml`. Flags are applied by the CLI with `with_overrides`.
"""

from __future__ import annotations

import dataclasses
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mockinterview import paths
from mockinterview.errors import MockInterviewError
from mockinterview.tomlcompat import tomllib


@dataclass(frozen=True)
class AnalysisSettings:
    # Speaking rate window (words per minute over speaking time); coaches use ~110-170.
    pace_min_wpm: float = 110.0
    pace_max_wpm: float = 170.0
    # Pace score points lost per word a minute outside the window (40 wpm outside = 0).
    pace_points_per_wpm: float = 2.5
    # A gap between words (or a silent stretch in the audio) longer than this is a pause.
    pause_min_s: float = 1.0
    # Long pauses per minute of answer that cost nothing (thinking between points is fine).
    pauses_ok_per_min: float = 1.0
    # A single pause at least this long is a hesitation worth mentioning on its own.
    pause_long_s: float = 3.0
    # A gap between words at least this long with this much voice in it (from the audio) is
    # sound the recogniser gave no word for - often a dropped "um".
    unrecognised_gap_s: float = 0.5
    unrecognised_voiced_s: float = 0.25
    # Filler rate (per 100 words) at or below which fillers are not worth a tip.
    filler_ok_per_100: float = 2.0
    # Filler rate (per 100 words) at or above which the filler score is 0.
    filler_bad_per_100: float = 8.0
    # Hedges ("i guess", "maybe") per 100 words: free up to ok, confidence score 0 at bad.
    hedge_ok_per_100: float = 1.5
    hedge_bad_per_100: float = 8.0
    # Answers with fewer words than this are called very short (overall score capped).
    short_answer_words: int = 25
    # Highest overall score a very short answer can get.
    short_answer_max_score: int = 40
    # Target length when the question gives none (seconds).
    default_target_min_s: int = 30
    default_target_max_s: int = 120
    # Speaking rate used to estimate the length of an answer that has no timings (typed).
    estimate_wpm: float = 140.0
    # A phrase of 3+ words said this many times is pointed out as repeated.
    repeat_min_count: int = 3
    # Score at or above which a dimension is named as a strength.
    strength_min_score: int = 85
    # How many tips the feedback gives.
    max_tips: int = 3


@dataclass(frozen=True)
class AudioSettings:
    # Capture format the whole pipeline uses (Vosk and the analyser expect 16 kHz mono int16).
    sample_rate: int = 16000
    # Frames per callback block at 16 kHz (20 ms): small blocks make the first block arrive
    # ~25 ms after the microphone opens (1600-frame blocks took ~105 ms).
    block_frames: int = 320
    # Capture at this rate and resample to sample_rate; 0 = sample_rate, or the device's own
    # rate when it refuses sample_rate.
    capture_rate: int = 0
    # Stop recording after this much silence once speech has started.
    silence_stop_s: float = 4.0
    # Stop if no speech at all is heard within this time ("no answer").
    no_answer_s: float = 20.0
    # Hard cap on an answer when the question gives none (seconds).
    max_answer_s: float = 180.0
    # Voice detector: "silero" (Silero VAD, a small trained network; robust to room noise
    # and any microphone level) or "energy" (level above the tracked noise floor; also the
    # fallback when Silero cannot load).
    vad: str = "silero"
    # Speech probability (0-1) at which speech starts, and below which it ends (hysteresis).
    vad_onset: float = 0.5
    vad_offset: float = 0.35
    # Voice this many dB below the candidate's own level is someone else in the room (or a
    # radio) and not part of the answer; 0 turns this off.
    background_voice_db: float = 18.0
    # Speech needed before an answer counts as started (a cough or a door is not an answer).
    answer_speech_s: float = 0.5
    # Also end the answer when the recogniser's text has not changed for silence_stop_s, so
    # a noise the detector takes for speech cannot hold a recording open.
    transcript_stop: bool = True
    # Room check: warn when the noise floor is above this (dBFS), when speech is below
    # quiet_speech_dbfs, or when more than clipping_max of the samples are at full scale.
    noisy_floor_dbfs: float = -45.0
    quiet_speech_dbfs: float = -50.0
    clipping_max: float = 0.001
    # Below this signal-to-noise ratio (dB) pauses and speaking time measured from the audio
    # are not reliable: feedback leaves them out instead of scoring them wrongly. (Silero
    # still found every pause at 4 dB in scripts/bench_vad.py's steady hiss.)
    min_snr_db: float = 4.0
    # No audio from the source for this long means the device has gone (unplugged, or its
    # sound server died): the recording stops with what it has. Blocks come every 20 ms and
    # gaps stayed under ~120 ms with both cores busy, so 3 s cannot be a slow machine.
    stall_s: float = 3.0
    # Input and output devices: None = system default; an index or a name substring.
    input_device: str | None = None
    output_device: str | None = None


@dataclass(frozen=True)
class SpeechSettings:
    # Text-to-speech voice id (eSpeak NG), e.g. "gmw/en" or "en-us"; None = engine default.
    voice: str | None = None
    # Speaking rate of the interviewer's voice, words per minute.
    rate: int = 170
    # Vosk model folder; None = models/<default_model>.
    model_path: str | None = None
    # Model used when none is given.
    default_model: str = "vosk-model-small-en-us-0.15"


@dataclass(frozen=True)
class InterviewSettings:
    # Number of questions in a session.
    questions: int = 5
    # Thinking time before recording starts (seconds; Enter starts early).
    think_s: float = 5.0
    # Feedback timing: "after-each", "at-end" or "off".
    feedback: str = "after-each"
    # Ask one follow-up when a behavioural answer lacks an Action or a Result.
    follow_ups: bool = True
    # How many recent sessions count as "recent" when picking questions.
    recent_sessions: int = 3
    # Seconds of listening to the room before the first spoken question (0 = skip).
    room_check_s: float = 3.0


@dataclass(frozen=True)
class Settings:
    analysis: AnalysisSettings = field(default_factory=AnalysisSettings)
    audio: AudioSettings = field(default_factory=AudioSettings)
    speech: SpeechSettings = field(default_factory=SpeechSettings)
    interview: InterviewSettings = field(default_factory=InterviewSettings)

    def with_overrides(self, section: str, **values: Any) -> "Settings":
        """A copy with some fields of one section replaced (None values are ignored)."""
        values = {k: v for k, v in values.items() if v is not None}
        if not values:
            return self
        current = getattr(self, section)
        return dataclasses.replace(self, **{section: dataclasses.replace(current, **values)})

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


def settings_file() -> Path | None:
    """The settings file in use, if any."""
    env = os.environ.get("MOCKINTERVIEW_SETTINGS")
    if env:
        return Path(env).expanduser()
    for candidate in (
        paths.project_home() / "mockinterview.toml",
        Path.home() / ".config" / "mockinterview" / "settings.toml",
    ):
        if candidate.is_file():
            return candidate
    return None


def _coerce(value: Any, default: Any, where: str) -> Any:
    """Check a file value against the type of the field's default."""
    if isinstance(default, bool):
        ok = isinstance(value, bool)
    elif isinstance(default, (int, float)):
        ok = isinstance(value, (int, float)) and not isinstance(value, bool)
        if ok and isinstance(default, int) and not isinstance(default, bool):
            ok = float(value).is_integer()
            value = int(value) if ok else value
        elif ok:
            value = float(value)
    elif default is None or isinstance(default, str):
        ok = isinstance(value, (str, int)) if default is None else isinstance(value, str)
        value = str(value) if ok else value
    else:
        ok = True
    if not ok:
        raise MockInterviewError(f"{where}: expected {type(default).__name__}, got {value!r}")
    return value


# Keys of older versions: still accepted (and ignored) with a note saying what replaced them.
RETIRED_KEYS = {
    ("audio", "vad_threshold_dbfs"):
        "voice detection now adapts to the room and the microphone (see [audio] vad, "
        "vad_onset and vad_offset in the README); the line can be removed",
}


def settings_from_dict(data: dict[str, Any], source: str = "settings") -> Settings:
    """Build Settings from a parsed TOML dict, rejecting unknown sections and keys."""
    settings = Settings()
    for section, values in data.items():
        if section not in {f.name for f in dataclasses.fields(Settings)}:
            raise MockInterviewError(f"{source}: unknown section [{section}]")
        if not isinstance(values, dict):
            raise MockInterviewError(f"{source}: [{section}] must be a table")
        current = getattr(settings, section)
        defaults = {f.name: getattr(current, f.name) for f in dataclasses.fields(current)}
        clean = {}
        for key, value in values.items():
            if (section, key) in RETIRED_KEYS:
                print(f"Note: {source}: [{section}] {key} is no longer used: "
                      f"{RETIRED_KEYS[section, key]}.", file=sys.stderr)
                continue
            if key not in defaults:
                raise MockInterviewError(f"{source}: unknown key '{key}' in [{section}]")
            clean[key] = _coerce(value, defaults[key], f"{source}: [{section}] {key}")
        settings = settings.with_overrides(section, **clean)
    return settings


def load_settings(path: Path | None = None) -> Settings:
    """Defaults, then the settings file (if any), then MOCKINTERVIEW_MODEL from the environment."""
    path = path or settings_file()
    settings = Settings()
    if path is not None:
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise MockInterviewError(f"settings file not found: {path}") from None
        except tomllib.TOMLDecodeError as exc:
            raise MockInterviewError(f"{path}: {exc}") from None
        settings = settings_from_dict(data, str(path))
    env_model = os.environ.get("MOCKINTERVIEW_MODEL")
    if env_model:
        settings = settings.with_overrides("speech", model_path=env_model)
    return settings

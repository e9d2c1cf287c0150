"""All tunable numbers in one frozen object: defaults < settings file < environment < flags.

Each section is a frozen dataclass with a comment per field; a field's allowed values are
declared with it (`limit(default, low, high, at_most=..., choices=...)`) and checked by
`validate_settings` wherever settings come from (file, session, flags); a field without a
`limit` is still checked for its type and, for numbers, finiteness. The settings file is
TOML with one table per section, e.g.::

    [analysis]
    pace_min_wpm = 100

It is looked for at `$MOCKINTERVIEW_SETTINGS`, else `<home>/mockinterview.toml`, else
`~/.config/mockinterview/settings.toml`. Flags are applied by the CLI with `with_overrides`.
"""

from __future__ import annotations

import dataclasses
import math
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mockinterview import paths
from mockinterview.errors import MockInterviewError


def limit(default: Any, low: float | None = None, high: float | None = None, *,
          at_most: str | None = None, choices: tuple[str, ...] | None = None) -> Any:
    """A settings field with its allowed values: `low` to `high` (inclusive), at most the
    value of the field `at_most` of the same section, or one of `choices`."""
    return field(default=default, metadata={"low": low, "high": high, "at_most": at_most,
                                            "choices": choices})


# Longest string a setting may hold (a voice id, a path).
MAX_SETTING_TEXT = 4096


@dataclass(frozen=True)
class AnalysisSettings:
    # Speaking rate window (words per minute over speaking time); coaches use ~110-170.
    pace_min_wpm: float = limit(110.0, 20, 400, at_most="pace_max_wpm")
    pace_max_wpm: float = limit(170.0, 20, 400)
    # Pace score points lost per word a minute outside the window (40 wpm outside = 0).
    pace_points_per_wpm: float = limit(2.5, 0, 100)
    # A gap between words (or a silent stretch in the audio) longer than this is a pause.
    pause_min_s: float = limit(1.0, 0.1, 30, at_most="pause_long_s")
    # Long pauses per minute of answer that cost nothing (thinking between points is fine).
    pauses_ok_per_min: float = limit(1.0, 0, 60)
    # A single pause at least this long is a hesitation worth mentioning on its own.
    pause_long_s: float = limit(3.0, 0.1, 120)
    # A gap between words at least this long with this much voice in it (from the audio) is
    # sound the recogniser gave no word for - often a dropped "um".
    unrecognised_gap_s: float = limit(0.5, 0.05, 30)
    unrecognised_voiced_s: float = limit(0.25, 0, 30, at_most="unrecognised_gap_s")
    # Filler rate (per 100 words) at or below which fillers are not worth a tip.
    filler_ok_per_100: float = limit(2.0, 0, 100, at_most="filler_bad_per_100")
    # Filler rate (per 100 words) at or above which the filler score is 0.
    filler_bad_per_100: float = limit(8.0, 0, 100)
    # Hedges ("i guess", "maybe") per 100 words: free up to ok, confidence score 0 at bad.
    hedge_ok_per_100: float = limit(1.5, 0, 100, at_most="hedge_bad_per_100")
    hedge_bad_per_100: float = limit(8.0, 0, 100)
    # Answers with fewer words than this are called very short (overall score capped).
    short_answer_words: int = limit(25, 0, 10_000)
    # Highest overall score a very short answer can get.
    short_answer_max_score: int = limit(40, 0, 100)
    # Target length when the question gives none (seconds).
    default_target_min_s: int = limit(30, 1, 3600, at_most="default_target_max_s")
    default_target_max_s: int = limit(120, 1, 3600)
    # Speaking rate used to estimate the length of an answer that has no timings (typed).
    estimate_wpm: float = limit(140.0, 20, 400)
    # A phrase of 3+ words said this many times is pointed out as repeated.
    repeat_min_count: int = limit(3, 2, 100)
    # Score at or above which a dimension is named as a strength.
    strength_min_score: int = limit(85, 0, 100)
    # How many tips the feedback gives.
    max_tips: int = limit(3, 0, 20)


@dataclass(frozen=True)
class AudioSettings:
    # Capture format the whole pipeline uses (Vosk and the analyser expect 16 kHz mono int16).
    sample_rate: int = limit(16000, 8000, 192000)
    # Frames per callback block at 16 kHz (20 ms): small blocks make the first block arrive
    # ~25 ms after the microphone opens (1600-frame blocks took ~105 ms).
    block_frames: int = limit(320, 16, 16000)
    # Capture at this rate and resample to sample_rate; 0 = sample_rate, or the device's own
    # rate when it refuses sample_rate.
    capture_rate: int = limit(0, 0, 384000)
    # Stop recording after this much silence once speech has started.
    silence_stop_s: float = limit(4.0, 0, 600)
    # Stop if no speech at all is heard within this time ("no answer").
    no_answer_s: float = limit(20.0, 0, 3600)
    # Hard cap on an answer when the question gives none (seconds).
    max_answer_s: float = limit(180.0, 1, 3600)
    # Voice detector: "silero" (Silero VAD, a small trained network; robust to room noise
    # and any microphone level) or "energy" (level above the tracked noise floor; also the
    # fallback when Silero cannot load).
    vad: str = limit("silero", choices=("silero", "energy"))
    # Speech probability (0-1) at which speech starts, and below which it ends (hysteresis).
    vad_offset: float = limit(0.35, 0.01, 0.99, at_most="vad_onset")
    vad_onset: float = limit(0.5, 0.01, 0.99)
    # Voice this many dB below the candidate's own level is someone else in the room (or a
    # radio) and not part of the answer; 0 turns this off.
    background_voice_db: float = limit(18.0, 0, 60)
    # Speech needed before an answer counts as started (a cough or a door is not an answer).
    answer_speech_s: float = limit(0.5, 0.05, 10)
    # Also end the answer when the recogniser's text has not changed for silence_stop_s, so
    # a noise the detector takes for speech cannot hold a recording open.
    transcript_stop: bool = True
    # Room check: warn when the noise floor is above this (dBFS), when speech is below
    # quiet_speech_dbfs, or when more than clipping_max of the samples are at full scale.
    noisy_floor_dbfs: float = limit(-45.0, -100, 0)
    quiet_speech_dbfs: float = limit(-50.0, -100, 0)
    clipping_max: float = limit(0.001, 0, 1)
    # Below this signal-to-noise ratio (dB) pauses and speaking time measured from the audio
    # are not reliable: feedback leaves them out instead of scoring them wrongly. (Silero
    # still found every pause at 4 dB in scripts/bench_vad.py's steady hiss.)
    min_snr_db: float = limit(4.0, -20, 60)
    # No audio from the source for this long means the device has gone (unplugged, or its
    # sound server died): the recording stops with what it has. Blocks come every 20 ms and
    # gaps stayed under ~120 ms with both cores busy, so 3 s cannot be a slow machine.
    stall_s: float = limit(3.0, 0.1, 60)
    # Input and output devices: None = system default; an index or a name substring.
    input_device: str | None = None
    output_device: str | None = None


@dataclass(frozen=True)
class SpeechSettings:
    # Text-to-speech voice id (eSpeak NG), e.g. "gmw/en" or "en-us"; None = engine default.
    voice: str | None = None
    # Speaking rate of the interviewer's voice, words per minute.
    rate: int = limit(170, 80, 450)
    # Vosk model folder; None = models/<default_model>.
    model_path: str | None = None
    # Model used when none is given.
    default_model: str = "vosk-model-small-en-us-0.15"


@dataclass(frozen=True)
class InterviewSettings:
    # Number of questions in a session.
    questions: int = limit(5, 1, 100)
    # Thinking time before recording starts (seconds; Enter starts early).
    think_s: float = limit(5.0, 0, 600)
    # Feedback timing: "after-each", "at-end" or "off".
    feedback: str = limit("after-each", choices=("after-each", "at-end", "off"))
    # Ask one follow-up when a behavioural answer lacks an Action or a Result.
    follow_ups: bool = True
    # How many recent sessions count as "recent" when picking questions.
    recent_sessions: int = limit(3, 0, 100)
    # Seconds of listening to the room before the first spoken question (0 = skip).
    room_check_s: float = limit(3.0, 0, 60)


@dataclass(frozen=True)
class VoiceSettings:
    """How the voice sounds: hesitation sounds heard in the audio, pitch, loudness, rate."""

    # A voiced stretch with no recognised word is a hesitation sound ("um", "uh") when it
    # lasts this long (seconds) ...
    audio_filler_min_s: float = limit(0.2, 0.05, 5, at_most="audio_filler_max_s")
    audio_filler_max_s: float = limit(1.5, 0.05, 10)
    # ... holds its pitch (10th-90th percentile spread, semitones; speech moves 4+) ...
    audio_filler_pitch_spread_st: float = limit(2.0, 0.1, 12)
    # ... and its mouth shape (median change of the spectral envelope every 30 ms, dB;
    # a held vowel stays under 1, speech changes by 3+).
    audio_filler_spectral_change_db: float = limit(2.5, 0.1, 20)
    # Monotone: the pitch spread (10th-90th percentile, semitones) over this much speech
    # (seconds) stays under the limit. Lively speech spreads 3-6 semitones.
    monotone_spread_st: float = limit(2.0, 0.1, 12)
    monotone_window_s: float = limit(8.0, 2, 120)
    # Trailing off: the last `trailing_tail_s` of a phrase is this many dB below the rest
    # of it in at least half of the phrases (at least 2 phrases of 1.2 s or longer).
    trailing_drop_db: float = limit(6.0, 1, 40)
    trailing_tail_s: float = limit(0.5, 0.1, 3)
    # A phrase this much faster or slower (ratio of its words a minute to the answer's
    # median) is pointed out as a change of speaking rate.
    rate_change_ratio: float = limit(1.4, 1.05, 5)
    # Under this signal-to-noise ratio (dB, from the room check) pitch and loudness are
    # reported as unreliable (null) and no hesitation sounds are looked for.
    min_snr_db: float = limit(15.0, -20, 60)


@dataclass(frozen=True)
class Settings:
    analysis: AnalysisSettings = field(default_factory=AnalysisSettings)
    audio: AudioSettings = field(default_factory=AudioSettings)
    speech: SpeechSettings = field(default_factory=SpeechSettings)
    interview: InterviewSettings = field(default_factory=InterviewSettings)
    voice: VoiceSettings = field(default_factory=VoiceSettings)

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
        if ok and not (isinstance(value, int) or math.isfinite(value)):
            raise MockInterviewError(f"{where}: must be a finite number, not {_show(value)}")
        if ok and isinstance(default, int) and not isinstance(default, bool):
            ok = float(value).is_integer() if isinstance(value, float) else True
            value = int(value) if ok else value
        elif ok:
            try:
                value = float(value)
            except OverflowError:
                raise MockInterviewError(f"{where}: {str(value)[:20]}... is too large") from None
    elif default is None or isinstance(default, str):
        ok = isinstance(value, (str, int)) if default is None else isinstance(value, str)
        if ok and isinstance(value, int):
            ok = abs(value) < 10**18  # a device index, not a number too long to print
        value = str(value) if ok else value
    else:
        ok = True
    if not ok:
        raise MockInterviewError(f"{where}: expected {type(default).__name__}, got "
                                 f"{_show(value)}")
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
    validate_settings(settings, source)
    return settings


def _show(value: Any) -> str:
    try:
        text = repr(value)
    except ValueError:  # an integer with more digits than Python will print
        return "a number with too many digits"
    return text if len(text) <= 40 else text[:37] + "..."


def validate_settings(settings: Settings, source: str = "settings") -> Settings:
    """Check every value for type, finiteness, range and relation (a minimum is at most its
    maximum), against what each field declares (`limit`). Raises MockInterviewError
    "<source>: [section] key ..." for the first problem; returns the settings unchanged."""
    for section_field in dataclasses.fields(settings):
        section = section_field.name
        values = getattr(settings, section)
        for f in dataclasses.fields(values):
            value = getattr(values, f.name)
            where = f"{source}: [{section}] {f.name}"
            meta = f.metadata
            if isinstance(value, bool) or value is None:
                continue
            if isinstance(value, (int, float)):
                if isinstance(value, float) and not math.isfinite(value):
                    raise MockInterviewError(f"{where} must be a finite number, not "
                                             f"{_show(value)}")
                low, high = meta.get("low"), meta.get("high")
                if (low is not None and value < low) or (high is not None and value > high):
                    span = (f"between {low:g} and {high:g}" if low is not None
                            and high is not None else f"at least {low:g}" if low is not None
                            else f"at most {high:g}")
                    raise MockInterviewError(f"{where} = {_show(value)} is out of range: it "
                                             f"must be {span}")
                other = meta.get("at_most")
                if other is not None:
                    bound = getattr(values, other)
                    if value > bound:
                        raise MockInterviewError(
                            f"{where} = {_show(value)} is more than {other} = {_show(bound)}: "
                            f"{f.name} must be at most {other}")
            elif isinstance(value, str):
                choices = meta.get("choices")
                if choices and value not in choices:
                    raise MockInterviewError(f"{where} = {_show(value)} must be one of "
                                             f"{', '.join(choices)}")
                if len(value) > MAX_SETTING_TEXT or "\0" in value:
                    raise MockInterviewError(f"{where} is not a usable string")
    return settings


# A settings file is a few lines; anything this large is not one.
MAX_SETTINGS_BYTES = 1024 * 1024


def load_settings(path: Path | None = None) -> Settings:
    """Defaults, then the settings file (if any), then MOCKINTERVIEW_MODEL from the environment."""
    path = path or settings_file()
    settings = Settings()
    if path is not None:
        from mockinterview.tomlcompat import tomllib  # late: most runs have no settings file

        try:
            with open(path, "rb") as f:  # a link is fine here: dotfiles are often links
                raw = f.read(MAX_SETTINGS_BYTES + 1)
            if len(raw) > MAX_SETTINGS_BYTES:
                raise MockInterviewError(f"{path}: too large for a settings file (more than "
                                         f"{MAX_SETTINGS_BYTES // 1024} KB)")
            data = tomllib.loads(raw.decode("utf-8"))
        except FileNotFoundError:
            raise MockInterviewError(f"settings file not found: {path}") from None
        except UnicodeDecodeError:
            raise MockInterviewError(f"{path}: not UTF-8 text") from None
        except tomllib.TOMLDecodeError as exc:
            raise MockInterviewError(f"{path}: {exc}") from None
        except RecursionError:
            raise MockInterviewError(f"{path}: nested too deeply") from None
        except OSError as exc:
            raise MockInterviewError(f"{path}: cannot read the settings file "
                                     f"({exc.strerror or exc})") from None
        settings = settings_from_dict(data, str(path))
    env_model = os.environ.get("MOCKINTERVIEW_MODEL")
    if env_model:
        settings = validate_settings(settings.with_overrides("speech", model_path=env_model),
                                     "MOCKINTERVIEW_MODEL")
    return settings


def field_limits(section: str, key: str) -> tuple[float | None, float | None]:
    """The (low, high) a field declares, for checking the flag that sets it."""
    cls = type(getattr(Settings(), section))
    meta = next(f.metadata for f in dataclasses.fields(cls) if f.name == key)
    return meta.get("low"), meta.get("high")

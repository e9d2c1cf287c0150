"""The room check: noise floor, speech level, signal-to-noise ratio and clipping of a stretch
of audio, with a verdict in plain words and what to do about it.

Pure: it reads the frame record a `VoiceActivity` kept while the audio went by, so the same
figures come from `mic-check`, the listening before the first question, each answer and
`analyse` of a WAV.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

from mockinterview.audio.vad import LEVEL_FLOOR_DBFS, VoiceActivity, noise_floor_dbfs

DC_OFFSET_MAX = 0.05  # a constant offset above 5% of full scale is a faulty input


@dataclass(frozen=True)
class RoomCheck:
    noise_floor_dbfs: float | None  # median level while nobody speaks (None: digital silence)
    speech_dbfs: float | None       # median level of the candidate's speech (None: no speech)
    snr_db: float | None            # speech level above the noise floor
    clipping: float                 # share of samples at full scale
    dc_offset: float                # mean of the samples, as a share of full scale
    peak_dbfs: float
    speech_s: float                 # speech heard in the checked audio
    verdict: str                    # "good", "noisy", "quiet", "loud", "no_signal", "dc_offset"
    problems: tuple[str, ...] = field(default=())  # each: what is wrong and what to do
    pauses_reliable: bool = True    # pauses and speaking time can be measured from the audio

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["problems"] = list(self.problems)
        return data


def _rnd(value: float | None) -> float | None:
    return None if value is None else round(float(value), 1)


def check_room(activity: VoiceActivity, settings: Any, voiced: list[bool] | None = None
               ) -> RoomCheck:
    """Figures and verdict for the audio `activity` has seen. `settings`: AudioSettings.
    `voiced`: the speech decisions to use (default: the activity's final ones)."""
    levels = np.asarray(activity.levels, dtype=np.float64)
    flags = np.asarray(voiced if voiced is not None else activity.final_voiced(), dtype=bool)
    detected = np.asarray(activity.detected, dtype=bool)
    floor = noise_floor_dbfs(levels, detected)
    speech = float(np.median(levels[flags])) if flags.any() else None
    snr = None
    if speech is not None:
        snr = speech - floor if floor is not None else 60.0  # over digital silence
    clipping = activity.clipped / activity.samples if activity.samples else 0.0
    dc = activity.dc_offset
    peak = 20 * np.log10(activity.peak / 32768) if activity.peak else LEVEL_FLOOR_DBFS
    speech_s = float(flags.sum()) * (activity.elapsed_s / len(flags)) if len(flags) else 0.0

    problems: list[str] = []
    verdict = "good"
    if activity.samples and activity.peak == 0:
        verdict = "no_signal"
        problems.append("The microphone delivers nothing but digital silence: it may be "
                        "muted or switched off, or another input is the default. Check its "
                        "mute switch, or pick another with --input-device (see "
                        "`mockinterview devices`).")
    elif abs(dc) > DC_OFFSET_MAX:
        verdict = "dc_offset"
        problems.append(f"The microphone adds a constant offset of {abs(dc):.0%} of full "
                        "scale (a faulty or badly connected input). Speech can still be "
                        "detected, but try another microphone or input.")
    if verdict == "good" and clipping > settings.clipping_max:
        verdict = "loud"
        problems.append(f"The input is too loud: {clipping:.1%} of the audio is clipped at "
                        "full scale, which distorts your voice. Lower the microphone's input "
                        "gain or sit a little further away.")
    if verdict == "good" and floor is not None and floor > settings.noisy_floor_dbfs:
        verdict = "noisy"
        problems.append(f"The room is noisy (background at {floor:.0f} dBFS). Switch off "
                        "fans or air conditioning, close the window, or move the microphone "
                        "closer to you.")
    if verdict == "good" and speech is not None and speech < settings.quiet_speech_dbfs:
        verdict = "quiet"
        problems.append(f"Your voice reaches the microphone quietly ({speech:.0f} dBFS). "
                        "Move closer to it or raise its input gain.")
    reliable = snr is None or snr >= settings.min_snr_db
    if speech is not None and not reliable:
        problems.append(f"Your voice is only {snr:.0f} dB above the background, too little "
                        "to measure pauses and speaking time reliably.")
    return RoomCheck(_rnd(floor), _rnd(speech), _rnd(snr), round(clipping, 5), round(dc, 4),
                     round(float(peak), 1), round(speech_s, 2), verdict, tuple(problems),
                     reliable)

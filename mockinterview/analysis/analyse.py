"""The analyser's entry point: one answer in, an `AnalysisResult` out."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from mockinterview.analysis.audio_fillers import AudioFiller, find_audio_fillers
from mockinterview.analysis.fillers import find_fillers
from mockinterview.analysis.hedges import find_hedges, stacks
from mockinterview.analysis.pauses import find_pauses, unrecognised_speech
from mockinterview.analysis.repetition import repeated_phrases, stutters
from mockinterview.analysis.result import AnalysisResult, Measures
from mockinterview.analysis.star import clean_tokens, find_star
from mockinterview.analysis.talking_points import cover_points
from mockinterview.analysis.text import tokenize
from mockinterview.analysis.timing import measure_timing
from mockinterview.analysis.voice import VoiceMeasures, measure_voice
from mockinterview.audio.vad import Segment
from mockinterview.audio.voice_frames import VoiceFrames
from mockinterview.bank import Question
from mockinterview.feedback import build_feedback
from mockinterview.settings import AnalysisSettings, VoiceSettings
from mockinterview.transcript import Transcript


def star_expected(question: Question | None) -> bool:
    """Whether the question asks for a past example (a STAR story), as its bank says.

    (Banks default `star` to true for behavioural questions; a behavioural question such as
    "Do you speak other languages?" can say `star = false`.)"""
    return question is not None and question.star_expected


def measure(transcript: Transcript, question: Question | None = None,
            speech_segments: Sequence[Segment] | None = None,
            settings: AnalysisSettings = AnalysisSettings(),
            audio_quality: Mapping[str, Any] | None = None,
            frames: VoiceFrames | None = None,
            voice_settings: VoiceSettings = VoiceSettings()) -> Measures:
    """Everything the analyser finds in one answer, without scores or advice.

    `audio_quality` is the recording's room check: when it says pauses cannot be measured
    reliably (too little signal over the noise), the audio's segments are not used, so
    speaking time and pace come from word timings and no pauses are claimed. `frames` (the
    recording's pitch, level and spectrum, audio.voice_frames) give the voice measures and
    the hesitation sounds heard in the audio."""
    tokens = tokenize(transcript)
    segments = list(speech_segments) if speech_segments else None
    reliable = audio_quality is None or bool(audio_quality.get("pauses_reliable", True))
    if not reliable:
        segments = None
    timing = measure_timing(tokens, transcript.duration_s, segments, settings.pause_min_s)
    fillers = find_fillers(tokens)
    filler_positions = {k for e in fillers for k in range(e.first, e.last + 1)}
    clean = clean_tokens(tokens, filler_positions)
    hedges = find_hedges(tokens, frozenset(filler_positions))
    voice, audio_fillers = _voice(tokens, fillers, filler_positions, speech_segments, frames,
                                  voice_settings, audio_quality)
    unrecognised = unrecognised_speech(tokens, segments, settings.unrecognised_gap_s,
                                       settings.unrecognised_voiced_s)
    # A gap that held a hesitation sound is that filler, not missed speech.
    unrecognised = [p for p in unrecognised if not any(
        min(p.end_s, f.end_s) - max(p.start_s, f.start_s) > 0 for f in audio_fillers)]
    points = None
    if question is not None and question.talking_points:
        points = cover_points(question.talking_points, clean)
    return Measures(
        word_count=len(tokens),
        duration_s=timing.duration_s,
        first_word_s=timing.first_word_s,
        speech_s=timing.speech_s,
        wpm=timing.wpm,
        timing_source=timing.source,
        filler_events=tuple(fillers),
        pauses=tuple(find_pauses(tokens, segments, settings.pause_min_s)) if reliable else (),
        unrecognised_speech=tuple(unrecognised),
        star=find_star(clean),
        star_expected=star_expected(question),
        points=points,
        hedges=tuple(hedges),
        hedge_stacks=stacks(hedges),
        stutters=tuple(stutters(tokens)),
        repeated_phrases=tuple(repeated_phrases(tokens, min_count=settings.repeat_min_count)),
        very_short=len(tokens) < settings.short_answer_words,
        question_id=question.id if question else None,
        target_min_s=question.target_min_s if question else None,
        target_max_s=question.target_max_s if question else None,
        audio_quality=dict(audio_quality) if audio_quality is not None else None,
        speech_segments=(tuple((s.start, s.end) for s in speech_segments)
                         if speech_segments else None),
        audio_fillers=tuple(audio_fillers),
        voice=voice,
    )


def _voice(tokens, fillers, filler_positions, speech_segments, frames, settings,
           audio_quality) -> tuple[VoiceMeasures | None, list[AudioFiller]]:
    """Voice measures and hesitation sounds, when there is a recording to hear them in."""
    if frames is None:
        return None, []
    segments = [(s.start, s.end) for s in speech_segments or ()]
    words = [(t.start, t.end) for k, t in enumerate(tokens)
             if t.timed and k not in filler_positions]
    snr = (audio_quality or {}).get("snr_db")
    voice = measure_voice(frames, segments, words, settings, snr)
    if not voice.reliable:
        return voice, []
    recognised = [(e.start, e.end) for e in fillers if e.start is not None and e.end is not None]
    # Candidates: all sound pitch was tracked over (a detector can drop a held "uhhh").
    return voice, find_audio_fillers(frames, frames.spans or segments, words, recognised,
                                     settings)


def analyse_answer(transcript: Transcript, question: Question | None = None,
                   speech_segments: Sequence[Segment] | None = None,
                   settings: AnalysisSettings = AnalysisSettings(),
                   audio_quality: Mapping[str, Any] | None = None,
                   frames: VoiceFrames | None = None,
                   voice_settings: VoiceSettings = VoiceSettings()) -> AnalysisResult:
    """Analyse one answer: measures, scores per dimension, strengths, tips and a headline.

    `speech_segments` (from the VAD on the recording) make pauses and speaking time come
    from the audio; without them word timings are used, and plain text gives no timing.
    """
    return build_feedback(measure(transcript, question, speech_segments, settings,
                                  audio_quality, frames, voice_settings), settings)

"""The analyser's entry point: one answer in, an `AnalysisResult` out."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from mockinterview.analysis.fillers import find_fillers
from mockinterview.analysis.hedges import find_hedges, stacks
from mockinterview.analysis.pauses import find_pauses, unrecognised_speech
from mockinterview.analysis.repetition import repeated_phrases, stutters
from mockinterview.analysis.result import AnalysisResult, Measures
from mockinterview.analysis.star import clean_tokens, find_star
from mockinterview.analysis.talking_points import cover_points
from mockinterview.analysis.text import tokenize
from mockinterview.analysis.timing import measure_timing
from mockinterview.audio.vad import Segment
from mockinterview.bank import Question
from mockinterview.feedback import build_feedback
from mockinterview.settings import AnalysisSettings
from mockinterview.transcript import Transcript


def star_expected(question: Question | None) -> bool:
    """Whether the question asks for a past example (a STAR story), as its bank says.

    (Banks default `star` to true for behavioural questions; a behavioural question such as
    "Do you speak other languages?" can say `star = false`.)"""
    return question is not None and question.star_expected


def measure(transcript: Transcript, question: Question | None = None,
            speech_segments: Sequence[Segment] | None = None,
            settings: AnalysisSettings = AnalysisSettings(),
            audio_quality: Mapping[str, Any] | None = None) -> Measures:
    """Everything the analyser finds in one answer, without scores or advice.

    `audio_quality` is the recording's room check: when it says pauses cannot be measured
    reliably (too little signal over the noise), the audio's segments are not used, so
    speaking time and pace come from word timings and no pauses are claimed."""
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
        unrecognised_speech=tuple(unrecognised_speech(
            tokens, segments, settings.unrecognised_gap_s, settings.unrecognised_voiced_s)),
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
    )


def analyse_answer(transcript: Transcript, question: Question | None = None,
                   speech_segments: Sequence[Segment] | None = None,
                   settings: AnalysisSettings = AnalysisSettings(),
                   audio_quality: Mapping[str, Any] | None = None) -> AnalysisResult:
    """Analyse one answer: measures, scores per dimension, strengths, tips and a headline.

    `speech_segments` (from the VAD on the recording) make pauses and speaking time come
    from the audio; without them word timings are used, and plain text gives no timing.
    """
    return build_feedback(measure(transcript, question, speech_segments, settings,
                                  audio_quality), settings)

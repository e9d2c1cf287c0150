"""The orchestrator: runs a mock interview and is the only code that touches the speaker,
the answer capture (microphone, files or keyboard) and the recogniser together.

Everything it needs is passed in, so the same loop runs a spoken interview at the desk, a
demo from WAV files and a typed session, and tests can drive it.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, ContextManager, Protocol, Sequence

from mockinterview.analysis.schema import AnalysisRecord
from mockinterview.audio.vad import Segment
from mockinterview.audio.wavfile import join_wavs
from mockinterview.bank import Bank, Question
from mockinterview.errors import SessionError
from mockinterview.sessions import Session, now_iso
from mockinterview.textfmt import star_letters
from mockinterview.transcript import Transcript, Word


@dataclass(frozen=True)
class CapturedAnswer:
    """One spoken or typed answer: its transcript and, when recorded, audio facts."""

    transcript: Transcript
    wav: Path | None = None
    duration_s: float | None = None
    stop_reason: str | None = None
    dropped_frames: int = 0
    speech_segments: Sequence[Any] | None = None  # audio.vad.Segment list, when recorded
    room: dict[str, Any] | None = None  # the recording's room check (RoomCheck.to_dict())
    # Pitch, level and spectrum of the recording (audio.voice_frames.VoiceFrames), if made.
    voice_frames: Any | None = None
    ended_at: float = field(default_factory=time.monotonic)  # when the answer ended


class AnswerCapture(Protocol):
    """Gets the candidate's answer to one question (or follow-up)."""

    def capture(self, wav_path: Path, question: Question, max_s: float,
                label: str) -> CapturedAnswer: ...

    # The thinking time: runs countdown(seconds) and, where there is a microphone, listens
    # to the room meanwhile; returns that room check (RoomCheck.to_dict()) or None.
    def think(self, seconds: float, countdown: Callable[[float], None]
              ) -> dict[str, Any] | None: ...


class Voice(Protocol):
    def speak(self, text: str) -> None: ...  # returns once the text has been heard
    def start_tone(self) -> None: ...  # "answer now"


class Recogniser(Protocol):
    """Speech to words while an answer is recorded (speech/asr.py has the Vosk one)."""

    @property
    def partial_text(self) -> str: ...  # what it has heard so far, for the live line

    def feed(self, block: Any) -> None: ...  # one int16 mono block, in recording order
    def end_utterance(self) -> None: ...  # the candidate paused: settle what was said
    def close(self) -> None: ...  # no more audio (also ends an abandoned answer)
    def finish(self, duration_s: float | None = None) -> Transcript: ...  # the whole answer
    def words_still_s(self) -> float | None: ...  # audio s since its text last changed


class Screen(Protocol):
    """What the interview shows; console.py has the terminal version."""

    def welcome(self, bank: Bank, count: int) -> None: ...
    def question(self, number: int, count: int, question: Question, follow_up: bool) -> None: ...
    def think(self, seconds: float) -> None: ...
    # While an answer is recorded: a context whose value, update(status, partial_text), is
    # called on every recorder tick (a live line with the clock, level and partial words).
    def recording(self, question: Question, cap_s: float, label: str
                  ) -> ContextManager[Callable[[Any, str], None]]: ...
    def answer_done(self, answer: CapturedAnswer) -> None: ...
    def feedback(self, question: Question, analysis: AnalysisRecord) -> None: ...
    def summary(self, session: Session, rows: list[dict[str, Any]],
                tips: list[tuple[str, int]]) -> None: ...
    def ask_interviewer_round(self, bank: Bank) -> dict[str, Any] | None: ...
    def message(self, text: str) -> None: ...
    def room_check(self, room: dict[str, Any]) -> None: ...  # figures and what to do
    # Optional (a screen without them never offers a retry and shows comparisons as text):
    # offer_retry(question, attempts so far) -> True to answer the same question again;
    # comparison(question, facts oldest first, comparison dict).


# (transcript, question, speech segments or None, the recording's room check or None,
#  the recording's voice frames or None)
Analyse = Callable[[Transcript, Question, Sequence[Any] | None, dict[str, Any] | None,
                    Any | None], Any]


@dataclass(frozen=True)
class InterviewOptions:
    think_s: float = 5.0
    max_answer_s: float | None = None  # None: from the question's target length
    cap_limit_s: float = 180.0  # never more than this when derived from the question
    feedback: str = "after-each"  # "after-each" | "at-end" | "off"
    follow_ups: bool = True
    spoken_feedback: bool = True
    attempts: int = 1  # every question is answered at least this many times


def answer_cap(question: Question, options: InterviewOptions) -> float:
    """Hard cap on an answer: the flag if given, else half again the target maximum."""
    if options.max_answer_s:
        return options.max_answer_s
    return float(min(options.cap_limit_s, round(question.target_max_s * 1.5)))


FOLLOW_UP_GAP_S = 1.0  # silence put between an answer and its follow-up on one timeline


def join_follow_up(main: Transcript, extra: Transcript,
                   gap_s: float = FOLLOW_UP_GAP_S) -> Transcript:
    """One transcript of an answer and its follow-up, the follow-up's times shifted after
    the main answer so evidence still points at a single timeline."""
    offset = (main.duration_s or (main.words[-1].end if main.timed else 0.0) or 0.0) + gap_s
    shifted = tuple(Word(w.word, None if w.start is None else round(w.start + offset, 3),
                         None if w.end is None else round(w.end + offset, 3), w.conf)
                    for w in extra.words)
    duration = None
    if main.duration_s is not None and extra.duration_s is not None:
        duration = round(offset + extra.duration_s, 3)
    text = " ".join(t for t in (main.text, extra.text) if t)
    return Transcript(main.words + shifted, text, duration, main.model or extra.model)


def worse_room(a: dict[str, Any] | None, b: dict[str, Any] | None) -> dict[str, Any] | None:
    """Of an answer's and its follow-up's room checks, the one with less signal over noise."""
    if a is None or b is None:
        return a or b
    return a if (a.get("snr_db") or 99.0) <= (b.get("snr_db") or 99.0) else b


class Interview:
    """Runs the remaining questions of a session, saving after every answer."""

    def __init__(self, bank: Bank, session: Session, voice: Voice, capture: AnswerCapture,
                 screen: Screen, analyse: Analyse, options: InterviewOptions) -> None:
        self.bank = bank
        self.session = session
        self.voice = voice
        self.capture = capture
        self.screen = screen
        self.analyse = analyse
        self.options = options
        self._room_verdict: str | None = None  # the last room verdict the candidate saw

    def run(self, welcome: bool = True, before_first: Callable[[], None] | None = None) -> None:
        """Ask every remaining question; on Ctrl-C the session is saved as interrupted."""
        remaining = self.session.remaining()
        try:
            if welcome:
                self.screen.welcome(self.bank, len(remaining))
                plural = "s" if len(remaining) != 1 else ""
                self.voice.speak(f"Welcome to your {self.bank.title} mock interview. I will ask "
                                 f"you {len(remaining)} question{plural}. Answer after the "
                                 "tone, and take your time.")
            if before_first:
                before_first()  # e.g. wait for the speech model that loaded during the welcome
            for index in remaining:
                self.ask_with_attempts(index, len(self.session.questions))
        except BaseException:
            # Ctrl-C or a failure: finished answers are already saved; mark the session
            # resumable if the disk still lets us.
            try:
                self.session.set_status("interrupted")
            except Exception:
                pass
            raise
        self.finish()

    def ask_with_attempts(self, index: int, count: int) -> None:
        """Ask a question, then again while attempts are owed or the candidate asks to."""
        from mockinterview.sessions import MAX_ATTEMPTS

        if self.session.question(index).get("status") == "answered":
            if self._no_answer_for_another_try(index):
                return
            self.session.start_attempt(index)  # resumed: an attempt is still owed
        self.ask(index, count)
        question = self.bank.get(self.session.question(index)["id"])
        while (done := self.session.answered_attempts(index)) < MAX_ATTEMPTS:
            if done >= self.options.attempts:
                offer = getattr(self.screen, "offer_retry", None)
                if self.options.feedback != "after-each" or offer is None \
                        or not offer(question, done):
                    break
            if self._no_answer_for_another_try(index):
                break
            self.session.start_attempt(index)
            self.ask(index, count)

    def _no_answer_for_another_try(self, index: int) -> bool:
        """True, said on screen, when the answers come from files and no file is left for
        another try at this question that the questions still to ask do not need; then no
        try is started and nothing is recorded."""
        left = getattr(self.capture, "answers_left", None)
        files = left() if left is not None else None
        if files is None:  # spoken or typed: there is always another answer
            return False
        owed = sum(max(self.options.attempts - self.session.answered_attempts(i), 1)
                   for i in self.session.remaining() if i != index)
        if files > owed:
            return False
        need = " (the files left are for the questions still to ask)" if owed else ""
        self.screen.message(f"No answer file left for try "
                            f"{self.session.attempt_number(index) + 1} at question {index}"
                            f"{need}: going on without it.")
        return True

    def ask(self, index: int, count: int) -> None:
        entry = self.session.question(index)
        question = self.bank.get(entry["id"])
        files = self.session.files(index)
        attempt = self.session.attempt_number(index)
        self.session.update_question(index, status="asked", asked_at=now_iso())
        if attempt > 1:
            self.screen.message(f"\nTry {attempt} at question {index}: the same question "
                                "again.")
        self.screen.question(index, count, question, follow_up=False)
        self.voice.speak(question.text)
        room = self.capture.think(self.options.think_s, self.screen.think)
        if room is not None:
            self.session.update_question(index, think_room=room)
            self._tell_room(room)
        self.voice.start_tone()

        cap = answer_cap(question, self.options)
        self.session.update_question(index, status="recording", phase="answer",
                                     answer_started_at=now_iso())
        answer = self.capture.capture(files.audio, question, cap, "answer")
        self.screen.answer_done(answer)
        transcript = answer.transcript
        analysis = self.analyse(transcript, question, answer.speech_segments, answer.room,
                                answer.voice_frames)
        saved = {"transcript": files.transcript.name, "analysis": files.analysis.name}
        if answer.wav is not None:
            saved["audio"] = answer.wav.name
        # Saved before any follow-up, so a crash during the follow-up keeps this answer.
        self._save(index, transcript, analysis, saved, answer)
        answer_end = answer.ended_at

        # A follow-up only where the question asks for a story (STAR expected).
        follow_up = getattr(analysis, "follow_up", None)
        if self.options.follow_ups and question.star_expected and follow_up:
            self.screen.question(index, count, question, follow_up=True)
            self.screen.message(follow_up)
            self.voice.speak(follow_up)
            self.voice.start_tone()
            self.session.update_question(index, follow_up=follow_up, phase="follow_up")
            extra = self.capture.capture(files.followup_audio, question, cap, "follow-up")
            self.screen.answer_done(extra)
            transcript = join_follow_up(transcript, extra.transcript)
            segments = None
            if answer.speech_segments is not None and extra.speech_segments is not None:
                offset = (transcript.duration_s or 0) - (extra.transcript.duration_s or 0)
                segments = list(answer.speech_segments) + [
                    Segment(round(s.start + offset, 3), round(s.end + offset, 3))
                    for s in extra.speech_segments]
            frames = None
            if answer.voice_frames is not None and extra.voice_frames is not None:
                from mockinterview.audio.voice_frames import join_frames

                frames = join_frames(answer.voice_frames, extra.voice_frames,
                                     (transcript.duration_s or 0)
                                     - (extra.transcript.duration_s or 0))
            analysis = self.analyse(transcript, question, segments,
                                    worse_room(answer.room, extra.room), frames)
            if answer.wav is not None and extra.wav is not None:
                # One recording per question, on the transcript's timeline: replay and
                # reports then play and seek the follow-up like the rest of the answer.
                try:
                    join_wavs(answer.wav, extra.wav, FOLLOW_UP_GAP_S)
                except OSError as exc:  # e.g. a full disk: both recordings are still there
                    raise SessionError(f"could not join the follow-up to {answer.wav}: "
                                       f"{exc.strerror or exc}. Answers already saved are "
                                       "kept.") from None
            self._save(index, transcript, analysis, saved, answer)
            answer_end = extra.ended_at

        record = analysis.record()
        self.session.update_question(index, status="answered", phase=None,
                                     answer_ended_at=now_iso(),
                                     feedback_latency_s=round(time.monotonic() - answer_end, 3))
        if self.options.feedback == "after-each":
            self.screen.feedback(question, record)
            comparison = self._comparison(index, question) if attempt > 1 else None
            if self.options.spoken_feedback and getattr(analysis, "headline", ""):
                self.voice.speak(analysis.headline)
            if comparison and self.options.spoken_feedback:
                # Said without the "(score 51 -> 93)" figures, which read badly aloud.
                self.voice.speak(comparison["summary"].split(" (score ")[0].rstrip(".") + ".")

    def _comparison(self, index: int, question: Question) -> dict[str, Any] | None:
        """Show how this attempt compares with the earlier ones; the comparison, or None."""
        from mockinterview.attempts import compare

        facts = attempt_facts(self.session, index)
        comparison = compare(facts)
        if comparison is None:
            return None
        show = getattr(self.screen, "comparison", None)
        if show is not None:
            show(question, facts, comparison)
        else:
            self.screen.message(comparison["summary"])
        return comparison

    def _tell_room(self, room: dict[str, Any]) -> None:
        """Show the thinking time's room check when its verdict changed since the last one
        (the same warning before every question would be noise of its own)."""
        if self._room_verdict is None:
            first = self.session.manifest.get("room_check")
            self._room_verdict = first.get("verdict") if isinstance(first, dict) else "good"
        changed = room.get("verdict") != self._room_verdict
        self._room_verdict = room.get("verdict")
        if changed:
            self.screen.room_check(room)

    def _save(self, index: int, transcript: Transcript, analysis: Any,
              saved: dict[str, str], answer: CapturedAnswer) -> None:
        """Write the answer's transcript and analysis, then note them in the manifest."""
        files = self.session.files(index)
        self.session.write_answer_json(files.transcript, transcript.to_dict())
        self.session.write_answer_json(files.analysis, analysis.to_dict())
        self.session.update_question(
            index, duration_s=transcript.duration_s, stop_reason=answer.stop_reason,
            dropped_frames=answer.dropped_frames, files=dict(saved), room=answer.room,
            score=getattr(analysis, "score", None))

    def finish(self) -> None:
        rows, tips = session_summary(self.session)
        if self.options.feedback == "at-end":
            for entry in self.session.questions:
                data = _read_analysis(self.session, entry["index"])
                if data is not None:
                    self.screen.feedback(self.bank.get(entry["id"]), data)
        self.session.set_status("complete")
        if self.options.feedback != "off":
            if hasattr(self.screen, "skills") and self.bank.skills:
                # A screen that shows the skills matrix takes it with the summary.
                self.screen.summary(self.session, rows, tips,
                                    skills=session_skills(self.session, self.bank))
            else:
                self.screen.summary(self.session, rows, tips)
        asked = self.screen.ask_interviewer_round(self.bank)
        if asked:
            self.session.manifest["ask_interviewer"] = asked
            self.session.save()
        self.voice.speak("That is the end of the interview. Well done for practising.")


def _read_analysis(session: Session, index: int, attempt: int | None = None
                   ) -> AnalysisRecord | None:
    from mockinterview.sessions import read_json

    entry = session.question(index)
    if attempt is not None and attempt < session.attempt_number(index):
        entry = session.earlier_attempts(index)[attempt - 1]
    named = (entry.get("files") or {}).get("analysis") if isinstance(entry, dict) else None
    path = (session.folder / named if isinstance(named, str) and named
            else session.files(index, attempt).analysis)
    try:
        return AnalysisRecord.from_dict(read_json(path))
    except Exception:
        return None


def session_skills(session: Session, bank: Bank) -> list[Any]:
    """The skills matrix of the session's latest answers (mockinterview.skills.SkillRow)."""
    from mockinterview.sessions import read_json
    from mockinterview.skills import skills_matrix

    answers = []
    for entry in session.questions:
        data = _read_analysis(session, entry["index"])
        if data is None:
            continue
        try:
            words = [w.word for w in Transcript.from_dict(
                read_json(session.files(entry["index"]).transcript)).words]
        except Exception:
            words = None
        answers.append((entry["id"], data, words))
    return skills_matrix(bank, answers)


def attempt_facts(session: Session, index: int) -> list[Any]:
    """The measures of every readable attempt at a question, oldest first."""
    from mockinterview.attempts import facts_of

    out = []
    entries = session.earlier_attempts(index) + [session.question(index)]
    for n, entry in enumerate(entries, start=1):
        data = _read_analysis(session, index, n)
        if data is not None:
            out.append(facts_of(data, n, entry.get("answer_ended_at")))
    return out


def session_summary(session: Session) -> tuple[list[dict[str, Any]], list[tuple[str, int]]]:
    """One row per answered question, and the tips that came up in most answers."""
    from mockinterview.report.views import session_top_tips

    rows, analyses = [], []
    for entry in session.questions:
        data = _read_analysis(session, entry["index"])
        if data is None:
            continue
        analyses.append(data)
        points = data.talking_points
        rows.append({
            "index": entry["index"], "id": entry["id"],
            "duration_s": data.duration_s, "wpm": data.wpm,
            "fillers": data.filler_total,
            "star": star_letters(data.star),
            "talking_points": f"{len(points.covered)}/{len(points.covered) + len(points.missed)}",
            "score": data.scores.get("overall"),
            "attempts": session.attempt_number(entry["index"]),
        })
    return rows, session_top_tips(analyses)

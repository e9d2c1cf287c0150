"""The skills matrix: which of the bank's skills a session's answers showed, with the words
that prove it, and a question to practise each skill not shown yet.

The bank links each skill to the questions that exercise it ([[skills]] in the bank file).
An answer to a linked question shows the skill when its own evidence says so:
- it covers at least half of the question's talking points (at least one), and
- when the question asks for a story (STAR), it tells the candidate's own action ("I ...",
  not only "we" or "I would") and a result.
Pure over analyses; `unshown_skill_question_ids` reads the session folders.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Sequence

from mockinterview.analysis.schema import AnalysisRecord
from mockinterview.analysis.talking_points import stem
from mockinterview.bank import Bank, Question, Skill

QUOTE_WORDS = 14  # a quote long enough to recognise, short enough for a table cell
CONTEXT_WORDS = 4  # words either side of a talking point's keyword


@dataclass(frozen=True)
class Evidence:
    question_id: str
    quote: str

    def to_dict(self) -> dict[str, str]:
        return {"question_id": self.question_id, "quote": self.quote}


@dataclass(frozen=True)
class SkillRow:
    id: str
    name: str
    evidence: tuple[Evidence, ...]
    asked: tuple[str, ...]  # linked questions answered in these sessions
    practise: Question | None  # for a skill not shown: a question to practise it on
    shown: bool = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "shown", bool(self.evidence))

    @property
    def tip(self) -> str | None:
        if self.shown or self.practise is None:
            return None
        q = self.practise
        return (f"No answer showed {self.name.lower()} yet: practise it on \"{q.text}\" "
                f"(mockinterview practice --question {q.id})")

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "shown": self.shown,
                "evidence": [e.to_dict() for e in self.evidence],
                "questions_answered": list(self.asked), "tip": self.tip,
                "practise_question": self.practise.id if self.practise else None}


def _shorten(words: Sequence[str], limit: int = QUOTE_WORDS) -> str:
    # Evidence spans are stored lower-case; the pronoun reads better as said.
    words = ["I" if w == "i" else w for w in words if w]
    return " ".join(words) if len(words) <= limit else " ".join(words[:limit]) + " …"


def _stems(text: str) -> set[str]:
    # Snowball stems of the longer words: "organised" and "organisation" meet.
    return {stem(w) for w in re.findall(r"[a-z]+", text.lower()) if len(w) > 3}


def _point_quote(analysis: AnalysisRecord, words: Sequence[str] | None,
                 question: Question, skill: Skill | None) -> str | None:
    """The words around a covered talking point's keyword: the point closest to the skill
    (most stems shared with its name and description), else the first covered one."""
    covered = list(analysis.talking_points.covered)
    if skill is not None:
        wanted = _stems(f"{skill.name} {skill.about}")
        keywords = {p.name: " ".join(p.keywords) for p in question.talking_points}
        covered.sort(key=lambda name: -len(wanted & _stems(f"{name} {keywords.get(name, '')}")))
    for name in covered:
        for match in analysis.talking_points.matches.get(name, ()):
            if words and match.index is not None and 0 <= match.index < len(words):
                lo = max(0, match.index - CONTEXT_WORDS)
                return _shorten(words[lo:match.index + CONTEXT_WORDS + 1])
            if match.text.strip():
                return match.text.strip()
    return None


def answer_evidence(question: Question, analysis: AnalysisRecord,
                    words: Sequence[str] | None = None, skill: Skill | None = None
                    ) -> str | None:
    """The quote that proves the answer showed the question's skills (`skill`: the one the
    quote should be about), or None when the answer's own evidence is too thin (see the
    module docstring)."""
    tp = analysis.talking_points
    total = len(tp.covered) + len(tp.missed)
    if not tp.covered or len(tp.covered) * 2 < total:
        return None
    if question.star_expected:
        star = analysis.star
        if not (star.get("action") and star.get("result")) or analysis.we_only:
            return None
        actions = [s.text.strip() for s in analysis.star_evidence.get("action", ())
                   if s.text.strip()]
        if actions:
            return _shorten(actions[0].split())
    return _point_quote(analysis, words, question, skill)


def _practise_question(bank: Bank, question_ids: Sequence[str], tried: set[str]
                       ) -> Question | None:
    """A linked question for a skill not shown: a story question first (it carries your own
    actions), one not tried in these sessions before one that was."""
    linked = [q for q in bank.questions if q.id in question_ids]
    if not linked:
        return None
    return min(linked, key=lambda q: (q.id in tried, not q.star_expected, q.number))


def skills_matrix(bank: Bank, answers: Sequence[tuple[str, AnalysisRecord,
                                                      Sequence[str] | None]]
                  ) -> list[SkillRow]:
    """One row per bank skill from (question id, analysis, transcript words or None) of the
    answers (latest attempts) of one or more sessions."""
    by_id = {q.id: q for q in bank.questions}
    tried = {qid for qid, _, _ in answers}
    rows = []
    for skill in bank.skills:
        evidence, asked = [], []
        for qid, analysis, words in answers:
            if qid not in skill.question_ids or qid not in by_id:
                continue
            asked.append(qid)
            quote = answer_evidence(by_id[qid], analysis, words, skill)
            if quote:
                evidence.append(Evidence(qid, quote))
        rows.append(SkillRow(skill.id, skill.name, tuple(evidence), tuple(dict.fromkeys(asked)),
                             _practise_question(bank, skill.question_ids, tried)))
    return rows


def review_answers(review: Any) -> list[tuple[str, AnalysisRecord, list[str] | None]]:
    """(question id, analysis, words) of a SessionReview's answered questions."""
    out = []
    for a in review.answered:
        if a.analysis is None:
            continue
        words = [w.word for w in a.transcript.words] if a.transcript else None
        out.append((a.id, a.analysis, words))
    return out


def unshown_skill_question_ids(recordings: Path, bank: Bank) -> list[str]:
    """`practice --focus skills`: questions linked to the skills no session of this bank
    has shown yet, the suggested question of each skill first."""
    from mockinterview.errors import MockInterviewError
    from mockinterview.report.views import load_review
    from mockinterview.sessions import read_manifest, session_dirs

    answers: list[tuple[str, AnalysisRecord, list[str] | None]] = []
    for folder in session_dirs(recordings):
        manifest = read_manifest(folder)
        if not manifest or manifest.get("bank") != bank.id:
            continue
        try:
            answers += review_answers(load_review(folder))
        except MockInterviewError:
            continue
    ids: list[str] = []
    rows = [r for r in skills_matrix(bank, answers) if not r.shown]
    for row in rows:
        if row.practise is not None and row.practise.id not in ids:
            ids.append(row.practise.id)
    for row in rows:
        skill = next(s for s in bank.skills if s.id == row.id)
        ids += [q for q in skill.question_ids if q not in ids]
    return ids

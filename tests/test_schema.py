"""The analysis schema: the analyser writes it, every reader loads it with the same types."""

from __future__ import annotations

import json

import pytest

from mockinterview.analysis import analyse_answer
from mockinterview.analysis.schema import SCHEMA_VERSION, AnalysisRecord, SchemaError
from mockinterview.bank import load_bank
from mockinterview.report import render_report
from mockinterview.report.views import load_review
from mockinterview.sessions import Session
from mockinterview.transcript import Transcript, Word

STORY = ("Last year a patient rang about a lost referral. I had to find it that day. "
         "I called the hospital and I chased the consultant. In the end the referral was "
         "found and the patient was seen on time. um I called the hospital again later.")


def test_the_stored_analysis_loads_into_the_same_types_and_writes_back_unchanged():
    question = load_bank().get("many-patients-at-once")
    data = json.loads(json.dumps(analyse_answer(Transcript.from_text(STORY), question).to_dict()))
    assert data["schema_version"] == SCHEMA_VERSION == 1
    record = AnalysisRecord.from_dict(data)
    assert record.to_dict() == data
    assert record.star["action"] and record.filler_total == 1


def test_an_analysis_without_a_version_is_version_1_and_a_newer_one_is_refused():
    data = analyse_answer(Transcript.from_text(STORY)).to_dict()
    del data["schema_version"]
    assert AnalysisRecord.from_dict(data).schema_version == 1
    with pytest.raises(SchemaError, match="newer mockinterview"):
        AnalysisRecord.from_dict({**data, "schema_version": 2})
    with pytest.raises(SchemaError, match="tips"):
        AnalysisRecord.from_dict({**data, "tips": ["a tip as a bare string"]})


def _folder_as_main_wrote_it(tmp_path, words: tuple[Word, ...]):
    """A session folder in the shape written before issue 12: questions say `category`,
    the analysis has no keys beyond version 1."""
    bank = load_bank()
    q = bank.get("many-patients-at-once")
    s = Session.create(tmp_path / "rec", bank.id, bank.title, str(bank.path),
                       [{"id": q.id, "group": q.group, "text": q.text}], "typed", {})
    entry = s.question(1)
    entry["category"] = entry.pop("group")
    transcript = Transcript(words, " ".join(w.word for w in words), 30.0, "test")
    files = s.files(1)
    s.write_answer_json(files.transcript, transcript.to_dict())
    analysis = analyse_answer(transcript, q).to_dict()
    s.write_answer_json(files.analysis, analysis)
    s.update_question(1, status="answered", files={"transcript": files.transcript.name,
                                                   "analysis": files.analysis.name})
    return s, analysis


def test_star_evidence_is_marked_at_the_stored_word_indexes(tmp_path):
    words = tuple(Word(w, i * 0.4, i * 0.4 + 0.3) for i, w in enumerate(STORY.split()))
    session, analysis = _folder_as_main_wrote_it(tmp_path, words)
    [answer] = load_review(session.folder).answers
    assert answer.group == "behavioral" and answer.analysis is not None
    tokens = answer.tokens()
    for element, spans in analysis["star_evidence_detail"].items():
        for span in spans:
            marked = [t.index for t in tokens[span["index"]:span["end_index"] + 1]
                      if element in t.star]
            assert marked == list(range(span["index"], span["end_index"] + 1))
    # "I called the hospital" is said twice: evidence stored for the second saying marks the
    # second, where finding the quote's text would have marked the first.
    first, second = [i - 1 for i, w in enumerate(words) if w.word == "called"]
    analysis["star_evidence_detail"]["action"] = [
        {"text": "i called the hospital", "index": second, "end_index": second + 3,
         "start": words[second].start, "end": words[second + 3].end}]
    session.write_answer_json(session.files(1).analysis, analysis)
    tokens = load_review(session.folder).answers[0].tokens()
    assert [t.index for t in tokens if "action" in t.star] == list(range(second, second + 4))
    assert first not in [t.index for t in tokens if t.star]
    assert [t.index for t in tokens if t.filler] == [words.index(next(
        w for w in words if w.word == "um"))]
    assert render_report(load_review(session.folder), "json")

"""Scores, tips, strengths, the spoken headline and the follow-up question."""

from __future__ import annotations

import dataclasses

import pytest

from mockinterview.analysis import analyse_answer
from mockinterview.bank import load_bank
from mockinterview.feedback import ASK_OUTCOME, ASK_OWN_PART
from mockinterview.settings import AnalysisSettings, load_settings
from mockinterview.transcript import Transcript, Word

BANK = load_bank("medical_secretary")
STAR_Q = BANK.get("communication-issue")

FULL = ("last year at the clinic a new doctor kept double booking patients and the "
        "waiting room was overflowing i had to fix the diary without upsetting him so i "
        "sat down with him i explained how the booking system works and i set up a shared "
        "calendar with colour codes for each clinic after that the double bookings stopped "
        "and waiting times dropped by half and he thanked me at the team meeting")


def run(text: str, question=STAR_Q, **kw):
    return analyse_answer(Transcript.from_text(text), question, **kw)


def test_complete_story_scores_well_and_needs_no_follow_up():
    r = run(FULL)
    assert r.star == {"situation": True, "task": True, "action": True, "result": True}
    assert r.scores["structure"] == 100
    assert r.follow_up is None
    assert r.score >= 60
    assert any("clear story" in s for s in r.strengths)


def test_missing_result_asks_for_the_outcome():
    r = run("last year a patient complained about a long wait so i apologised and i "
            "rebooked her with the first free doctor and i explained the delay to her")
    assert not r.star["result"] and r.star["action"]
    assert r.follow_up == ASK_OUTCOME
    assert r.scores["structure"] == 50  # situation and action only
    tip = next(t for t in r.tips if t.dimension == "structure")
    assert "no clear Task and Result" in tip.text
    assert [e["element"] for e in tip.evidence] == ["situation", "action"]


def test_we_only_actions_ask_what_you_did():
    r = run("last winter we were short of staff so we reorganised the rota and we brought "
            "in agency staff and in the end every shift was covered")
    assert r.we_only
    assert r.follow_up == ASK_OWN_PART
    assert r.scores["structure"] == 62  # S and R (50) + half an action (12.5), rounded


def test_hypothetical_answer_is_told_so():
    r = run("if a patient was angry i would stay calm and i would listen first then i would "
            "offer another appointment and i would make sure they felt heard")
    assert r.hypothetical
    assert r.follow_up == ASK_OWN_PART
    assert r.scores["structure"] <= 25
    assert "would" in r.tips[0].text and r.tips[0].dimension == "structure"
    assert "real time" in r.headline


def test_no_follow_up_for_a_general_question():
    r = run("i enjoy helping people", question=BANK.get("great-candidate"))
    assert r.follow_up is None and r.scores["structure"] is None


def test_filler_tip_cites_counts_rate_and_times():
    words = []
    t = 0.0
    for i in range(60):
        w = "um" if i % 6 == 0 else "word"
        words.append(Word(w, round(t, 2), round(t + 0.3, 2)))
        t += 0.4
    r = analyse_answer(Transcript(tuple(words), "", duration_s=t))
    tip = next(x for x in r.tips if x.dimension == "fillers")
    assert tip.text.startswith("You said 'um' 10 times, ")
    assert "a minute" in tip.text and "at 0:00, 0:02, 0:05" in tip.text
    assert tip.evidence[0] == {"word": "um", "text": "um", "index": 0, "start": 0.0}
    assert r.scores["fillers"] == 0  # 16.7 per 100 words, past the 8.0 floor


def test_pace_score_formula():
    # 30 words in 10 s = 180 wpm: 10 over the 170 limit -> 100 - 2.5 * 10 = 75.
    words = tuple(Word("word", round(i / 3, 3), round(i / 3 + 0.3, 3)) for i in range(29))
    words += (Word("word", 9.7, 10.0),)
    r = analyse_answer(Transcript(words, "", duration_s=10.0))
    assert r.to_dict()["wpm"] == pytest.approx(180, rel=0.01)
    assert r.scores["pace"] == 75
    assert r.to_dict()["pace"] == "fast"


def test_talking_points_with_inflections_and_spelling():
    q = BANK.get("organisation-multitask-detail")
    text = "i organized the schedules and i prioritised the urgent letters every morning"
    d = run(text, q).to_dict()
    assert d["talking_points"]["covered"]
    for name, matches in d["talking_points"]["matches"].items():
        assert all(m["text"] in text for m in matches)
    assert set(d["talking_points"]["covered"]) | set(d["talking_points"]["missed"]) == \
        {p.name for p in q.talking_points}


@pytest.mark.parametrize("keyword, word, matches", [
    ("schedule", "scheduling", True), ("schedule", "schedules", True),
    ("apology", "apologies", True), ("organise", "organized", True),
    ("prioritise", "prioritizing", True), ("calm", "calmly", True),
    ("years", "year", False),  # a keyword matches its inflections, not the other way
    ("conversational", "conversions", False), ("organise", "organ", False),
])
def test_a_keyword_matches_its_inflections_by_stem(keyword, word, matches):
    from mockinterview.analysis.talking_points import _word_matches

    assert _word_matches(keyword, word) is matches


def test_empty_and_very_short_answers():
    empty = analyse_answer(Transcript.from_text(""), STAR_Q)
    assert empty.score == 0 and empty.follow_up is None
    assert "didn't catch" in empty.headline
    short = run("um yes i did that once")
    assert short.score <= AnalysisSettings().short_answer_max_score
    assert short.to_dict()["very_short"] is True
    assert "short" in short.headline


def test_headline_is_one_kind_sentence():
    for text in (FULL, "um so like yeah i dunno", "i would just ask my manager"):
        h = run(text).headline
        assert h.count(".") == 1 and h.endswith(".") and len(h) < 160


def test_hedges_and_repetition_are_reported():
    d = run("i think maybe i guess i'm organised at the end of the day i plan at the end "
            "of the day i check and at the end of the day i file", question=None).to_dict()
    assert d["hedges"]["count"] == 3 and d["hedges"]["stacks"] == 2
    assert d["repetition"]["phrases"][0]["phrase"] == "at the end of the day"
    assert d["repetition"]["phrases"][0]["count"] == 3


def test_settings_file_overrides_thresholds(tmp_path, monkeypatch):
    f = tmp_path / "settings.toml"
    f.write_text("[analysis]\npause_min_s = 2.0\npace_max_wpm = 200\n")
    monkeypatch.setenv("MOCKINTERVIEW_SETTINGS", str(f))
    s = load_settings().analysis
    assert s.pause_min_s == 2.0 and s.pace_max_wpm == 200.0
    words = (Word("i", 0.0, 0.2), Word("rang", 0.2, 0.5), Word("her", 2.0, 2.2))
    t = Transcript(words, "i rang her", 3.0)
    assert len(analyse_answer(t).to_dict()["pauses"]) == 1
    assert analyse_answer(t, settings=s).to_dict()["pauses"] == []


def test_every_setting_has_a_comment():
    import inspect

    from mockinterview import settings as module

    source = inspect.getsource(module.AnalysisSettings)
    for f in dataclasses.fields(AnalysisSettings):
        before = source.split(f"    {f.name}:")[0].rstrip().splitlines()
        assert before[-1].strip().startswith("#") or before[-2].strip().startswith("#"), f.name

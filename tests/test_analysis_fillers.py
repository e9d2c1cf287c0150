"""Filler rules on single sentences: each marker as a filler and in its ordinary uses."""

from __future__ import annotations

import pytest

from mockinterview.analysis import analyse_answer
from mockinterview.analysis.fillers import filled_pause
from mockinterview.transcript import Transcript


def fillers(text: str) -> list[str]:
    return [e.word for e in analyse_answer(Transcript.from_text(text)).filler_events]


@pytest.mark.parametrize("spelling,canonical", [
    ("um", "um"), ("umm", "um"), ("erm", "um"), ("uhm", "um"), ("uh", "uh"), ("uhh", "uh"),
    ("er", "er"), ("err", "er"), ("ah", "ah"), ("ahh", "ah"), ("hmm", "hmm"), ("hm", "hmm"),
    ("mm", "hmm"), ("mmm", "hmm"), ("hmmm", "hmm")])
def test_filled_pause_spellings(spelling, canonical):
    assert filled_pause(spelling) == canonical


def test_case_and_punctuation_do_not_hide_a_filled_pause():
    assert fillers("Um, yes. Erm... UH") == ["um", "um", "uh"]


@pytest.mark.parametrize("word", ["uh-huh", "mm-hmm", "mhm", "oh", "well", "okay", "um-hum",
                                  "hum", "arm", "emma", "mum"])
def test_backchannels_and_words_are_not_filled_pauses(word):
    assert filled_pause(word) is None


@pytest.mark.parametrize("text,expected", [
    # like
    ("it was like really busy that morning", ["like"]),
    ("we had like fifty patients waiting", ["like"]),
    ("and like i just kept going", ["like"]),
    ("i like my job a lot", []),
    ("i would like to work here", []),
    ("it looks like the system is down", []),
    ("tasks like scheduling and billing", []),
    ("people like me need structure", []),
    ("she was like why is this late", []),
    ("like i said i enjoy admin", []),
    ("it feels like home", []),
    # you know
    ("it was you know really hard", ["you know"]),
    ("and that was it you know", ["you know"]),
    ("do you know the new system", []),
    ("as you know the clinic is busy", []),
    ("you know how to calm people down", []),
    ("sales is about people you know what i mean", ["you know"]),
    # i mean
    ("i mean it was fine in the end", ["i mean"]),
    ("what i mean is that i plan ahead", []),
    ("i mean it sincerely", []),
    # so
    ("so i have worked here for years", ["so"]),
    ("um so i have worked here for years", ["um", "so"]),
    ("i checked it so that nothing was missed", []),
    ("it was so busy", []),
    ("it was late so i called her", []),
    ("i think so", []),
    ("and that was the end so", ["so"]),
    ("we fixed it so yeah", ["so"]),
    # basically / literally / actually
    ("basically we fixed it", ["basically"]),
    ("i was literally running between rooms", ["literally"]),
    ("take the instructions literally", []),
    ("actually i think that went well", ["actually"]),
    ("it actually took less time than planned", []),
    ("um actually we did finish", ["um", "actually"]),
    # kind of / sort of
    ("it was kind of hard at first", ["kind of"]),
    ("i sort of took over the desk", ["sort of"]),
    ("we use a kind of form for that", []),
    ("what kind of projects do you mean", []),
    ("that's the sort of person i am", []),
    ("it's kinda tricky", ["kind of"]),
    ("that was very kind of you", []),
    # right
    ("we had ten patients right and then the phones went", ["right"]),
    ("the right answer is not always fast", []),
    ("i called her right away", []),
    ("that's right", []),
    ("get it right first", []),
    ("All right, so I started at the desk.", []),
    ("So, um, a customer rang. Right? And she needed it.", ["so", "um", "right"]),
])
def test_discourse_markers_by_context(text, expected):
    assert fillers(text) == expected


def test_filler_events_carry_word_indexes_and_times():
    from mockinterview.transcript import Word

    words = (Word("um", 0.0, 0.4), Word("i", 1.0, 1.1), Word("like", 1.1, 1.3),
             Word("my", 1.3, 1.4), Word("job", 1.4, 1.8), Word("you", 1.9, 2.0),
             Word("know", 2.0, 2.2))
    events = analyse_answer(Transcript(words, "")).to_dict()["filler_events"]
    assert events == [
        {"word": "um", "kind": "filled", "text": "um", "start": 0.0, "end": 0.4,
         "index": 0, "end_index": 0},
        {"word": "you know", "kind": "discourse", "text": "you know", "start": 1.9,
         "end": 2.2, "index": 5, "end_index": 6}]

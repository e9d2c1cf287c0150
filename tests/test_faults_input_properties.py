"""Property tests over what users and files feed in: the transcript loader, the bank loader
and session folders read back for reports. Whatever the input, the result is a value or the
project's own error (MockInterviewError, shown as `Error: ...`), never a crash.

The analyser's own property tests are in test_analysis_properties.py; here the analyser
only runs on whatever the transcript loader accepted (the `analyse` command's path).
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mockinterview.analysis import analyse_answer
from mockinterview.bank import GROUPS, load_bank, parse_bank
from mockinterview.errors import MockInterviewError
from mockinterview.report import FORMATS, render_report
from mockinterview.report.views import load_review
from mockinterview.sessions import Session
from mockinterview.transcript import Transcript, load_transcript

SETTINGS = settings(max_examples=150, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow,
                                           HealthCheck.function_scoped_fixture])
QUESTION = load_bank("medical_secretary").get("communication-issue")

# JSON values, including the NaN and Infinity Python's json module reads.
numbers = st.one_of(st.integers(-10**6, 10**6), st.floats(allow_nan=True, allow_infinity=True))
scalars = st.one_of(st.none(), st.booleans(), numbers, st.text(max_size=12))
json_values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=5), st.dictionaries(st.text(max_size=8), inner, max_size=5)),
    max_leaves=25)


times = st.one_of(st.none(), st.floats(0, 300), st.integers(0, 300), numbers)
good_words = st.fixed_dictionaries({"word": st.text(max_size=10)},
                                   optional={"start": times, "end": times, "conf": times})


@st.composite
def transcript_dicts(draw):
    """Mostly the transcript shape, with any field possibly of the wrong kind or value."""
    words = draw(st.lists(good_words, max_size=12))
    if words and draw(st.integers(0, 4)) == 0:  # now and then one word that is not a word
        words[draw(st.integers(0, len(words) - 1))] = draw(json_values)
    data = {"words": words}
    for key, values in (("text", st.text(max_size=40) | json_values),
                        ("duration_s", times | json_values),
                        ("model", st.text(max_size=8) | json_values)):
        if draw(st.booleans()):
            data[key] = draw(values)
    return data if draw(st.integers(0, 9)) else draw(json_values)


def check_transcript(t: Transcript) -> None:
    for w in t.words:
        assert isinstance(w.word, str)
        for x in (w.start, w.end, w.conf):
            assert x is None or math.isfinite(x)
        if w.start is not None and w.end is not None:
            assert 0 <= w.start <= w.end
    assert t.duration_s is None or (math.isfinite(t.duration_s) and t.duration_s >= 0)


@SETTINGS
@given(data=transcript_dicts())
@pytest.mark.slow
def test_transcript_loader_gives_a_sound_transcript_or_a_clear_error(data):
    try:
        t = Transcript.from_dict(data, "answer.json")
    except MockInterviewError as exc:
        assert str(exc).startswith("answer.json: ")
        return
    check_transcript(t)
    result = analyse_answer(t, QUESTION)  # what `mockinterview analyse` does next
    json.dumps(result.to_dict(), allow_nan=False)


@SETTINGS
@given(raw=st.one_of(st.binary(max_size=200), st.builds(
    lambda d: json.dumps(d).encode(), transcript_dicts())), suffix=st.sampled_from([".json",
                                                                                    ".txt"]))
@pytest.mark.slow
def test_transcript_files_of_any_bytes_load_or_fail_clearly(tmp_path, raw, suffix):
    path = tmp_path / f"t{suffix}"
    path.write_bytes(raw)
    try:
        t = load_transcript(path)
    except MockInterviewError as exc:
        assert str(path) in str(exc)
        return
    check_transcript(t)
    analyse_answer(t, QUESTION)


# ---------------------------------------------------------------- banks

def toml_value(v) -> str:
    """A TOML literal for a JSON-like value (inline tables and arrays)."""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        return "nan" if v != v else ("inf" if v > 0 else "-inf") if math.isinf(v) else repr(v)
    if isinstance(v, int):
        return str(v)
    if isinstance(v, str):
        return json.dumps(v)  # JSON string escapes are valid TOML basic-string escapes
    if isinstance(v, list):
        return "[" + ", ".join(toml_value(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{" + ", ".join(f"{json.dumps(k)} = {toml_value(x)}" for k, x in v.items()) + "}"
    raise TypeError(v)


toml_scalars = st.one_of(st.booleans(), st.integers(-10**6, 10**6), st.floats(),
                         st.text(max_size=12))
toml_values = st.recursive(toml_scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=6), inner, max_size=4)),
    max_leaves=12)
GOOD = {"id": "q1", "group": "behavioral", "text": "Tell me about a time.", "probes": "care",
        "star": True, "target_seconds": {"min": 30, "max": 90},
        "talking_points": [{"point": "care", "keywords": ["patient*", "help"]}]}


@st.composite
def bank_texts(draw):
    """A bank of 1-3 questions, each a good question with some fields replaced by values of
    any type, some removed and some unknown ones added; sometimes odd bank-level fields."""
    questions = []
    for i in range(draw(st.integers(1, 3))):
        q = dict(GOOD, id=draw(st.sampled_from([f"q{i}", "q0", "Bad Id", ""])))
        for key in draw(st.lists(st.sampled_from(sorted(GOOD) + ["extra"]), max_size=3)):
            if draw(st.booleans()):
                q[key] = draw(toml_values)
            else:
                q.pop(key, None)
        if draw(st.booleans()):
            q["group"] = draw(st.sampled_from(GROUPS))
        questions.append(q)
    top = {}
    for key in draw(st.lists(st.sampled_from(["schema_version", "id", "title", "skills",
                                              "ask_interviewer", "role"]), max_size=3)):
        top[key] = draw(toml_values)
    lines = [f"{k} = {toml_value(v)}" for k, v in top.items()]
    lines.append("questions = " + toml_value(questions))
    return "\n".join(lines) + "\n"


def check_bank_outcome(text: str) -> None:
    try:
        bank = parse_bank(text, Path("fuzz.toml"))
    except MockInterviewError as exc:
        assert str(exc).startswith(("fuzz.toml: ", "2 problems in fuzz.toml", "3 problems in",
                                    "4 problems in")) or " problems in fuzz.toml:" in str(exc)
        return
    assert bank.questions
    for q in bank.questions:
        assert q.group in GROUPS and q.text.strip() and q.talking_points
        assert 0 < q.target_min_s <= q.target_max_s


@SETTINGS
@given(text=bank_texts())
@pytest.mark.slow
def test_bank_loader_on_bank_like_toml_gives_a_bank_or_a_clear_error(text):
    check_bank_outcome(text)


@SETTINGS
@given(text=st.text(max_size=300))
def test_bank_loader_on_any_text_gives_a_bank_or_a_clear_error(text):
    check_bank_outcome(text)


# ---------------------------------------------------------------- session folders read back

@st.composite
def manifests(draw):
    """A session manifest with any field possibly replaced by any JSON value."""
    questions = [{"index": i, "id": f"q{i}", "category": "general", "text": "Q?",
                  "status": draw(st.sampled_from(["answered", "pending", "recording"])),
                  "files": {}} for i in (1, 2)]
    manifest = {"schema_version": 1, "id": "s", "bank": "b", "mode": "files",
                "status": "complete", "settings": {}, "questions": questions}
    for target in draw(st.lists(st.sampled_from(["top", "q1", "q2"]), max_size=4)):
        obj = manifest if target == "top" else questions[int(target[1]) - 1]
        key = draw(st.sampled_from(sorted(obj) + ["extra"]))
        obj[key] = draw(json_values)
    return manifest


@SETTINGS
@given(manifest=manifests(), analysis=json_values, transcript=transcript_dicts())
@pytest.mark.slow
def test_reports_of_any_session_folder_render_or_fail_clearly(tmp_path_factory, manifest,
                                                              analysis, transcript):
    folder = tmp_path_factory.mktemp("session")
    (folder / "session.json").write_text(json.dumps(manifest))
    for i in (1, 2):
        (folder / f"q0{i}-q{i}.analysis.json").write_text(json.dumps(analysis))
        (folder / f"q0{i}-q{i}.transcript.json").write_text(json.dumps(transcript))
    try:
        review = load_review(folder)
    except MockInterviewError as exc:
        assert str(folder) in str(exc) or folder.name in str(exc)
        return
    for fmt in FORMATS:
        assert render_report(review, fmt)
    Session.open(folder).remaining()  # what `resume` asks first

"""Reports rebuilt from a real session folder: text, Markdown and JSON content; missing files."""

from __future__ import annotations

import json
import os
import stat
from datetime import datetime

import pytest

from mockinterview.report import render_report
from mockinterview.report.views import load_review
from tests.conftest import need_real
from tests.sessionfactory import (AnswerSpec, have_espeak, make_session, scripted,
                                 scripted_analysis)

TIP = "You said 'um' once, at 0:01: take a breath instead."


@pytest.fixture
def session(private_home):
    need_real(have_espeak(), "espeak-ng")
    return make_session(private_home / "recordings", [
        AnswerSpec("great-candidate", "I am um very organised <pause 1.5> and uh calm with patients",
                   analysis=scripted(covered=("specific strengths",),
                                     missed=("fit with this employer",), score=64,
                                     scores={"pace": 80, "fillers": 40}, tips=(TIP,),
                                     headline="Clear, but two fillers.")),
        AnswerSpec("many-patients-at-once",
                   "When the clinic was full I sorted patients by urgency and everyone was seen",
                   analysis=scripted(star="sar", star_evidence={
                       "situation": ["When the clinic was full"],
                       "action": ["I sorted patients by urgency"],
                       "result": ["everyone was seen"], "task": []}, score=82,
                       covered=("prioritising by urgency",))),
        AnswerSpec("day-to-day", "I greet patients and book appointments", drop={"audio", "analysis"}),
        AnswerSpec("patient-privacy", "", status="pending"),
    ], started=datetime(2024, 5, 1, 10, 15))


def test_text_report_has_summary_and_marked_details(session):
    text = render_report(load_review(session.folder), "text")
    lines = text.splitlines()
    assert lines[0] == "Mock interview report: Medical secretary"
    assert "3 of 4 answered" in lines[2] and "average score 73" in lines[2]
    header = next(i for i, line in enumerate(lines) if line.startswith("#  Question"))
    assert lines[header + 1].split()[0] == "1" and lines[header + 1].rstrip().endswith("64")
    assert "-  1/2" in lines[header + 1]  # no STAR letters, 1 of 2 talking points
    assert "S-AR" in lines[header + 2]
    assert "I am [um] very organised (pause 1.5 s) and [uh] calm with patients" in text
    assert '✓ Situation: "When the clinic was full"' in text
    assert '✓ Action: "I sorted patients by urgency"' in text
    assert "✗ Task: missing" in text
    assert "Talking points covered: specific strengths" in text
    assert "Talking points missed: fit with this employer" in text
    assert "Scores: pace 80, fillers 40" in text
    assert TIP in text and "Clear, but two fillers." in text
    assert "fillers 2 (um ×1, uh ×1)" in text


def test_missing_recording_and_analysis_render_with_a_note(session):
    text = render_report(load_review(session.folder), "text")
    q3 = text[text.index("Q3."):text.index("Q4.")]
    assert "Note: recording missing (q03-day-to-day.wav)" in q3
    assert "Note: analysis missing (q03-day-to-day.analysis.json)" in q3
    assert "I greet patients and book appointments" in q3  # the transcript still shows
    assert "Note: not answered" in text[text.index("Q4."):]


def test_markdown_report_tables_marks_and_escaping(session):
    review = load_review(session.folder)
    review.answers[0].transcript = review.answers[0].transcript.__class__(
        review.answers[0].transcript.words[:1] + (
            review.answers[0].transcript.words[1].__class__("<b>*x*</b>", 9.0, 9.1),),
        "I <b>*x*</b>")
    md = render_report(review, "md")
    assert md.startswith("# Mock interview report: Medical secretary\n")
    assert "| # | Question | Length | Pace | Fillers | STAR | Points | Score |" in md
    assert "| `S-AR` |" in md
    assert "&lt;b&gt;\\*x\\*&lt;/b&gt;" in md and "<b>" not in md
    assert "- ✓ **Situation**: “When the clinic was full”" in md
    full = render_report(load_review(session.folder), "md")
    assert "**\\[um\\]**" in full and "*(pause 1.5 s)*" in full
    assert "> **Note:** recording missing" in full


def test_json_report_holds_everything(session):
    data = json.loads(render_report(load_review(session.folder), "json"))
    assert data["summary"] == {"asked": 4, "answered": 3, "average_score": 73.0,
                               "top_tips": [TIP]}
    a1, a2, a3, a4 = data["answers"]
    assert a1["fillers"] == {"um": 1, "uh": 1} and a1["filler_total"] == 2
    assert [t["word"] for t in a1["tokens"] if t["filler"]] == ["um", "uh"]
    assert [t["pause_before_s"] for t in a1["tokens"] if t["pause_before_s"]] == [1.5]
    assert a1["marked_transcript"].startswith("I am [um] very organised (pause 1.5 s)")
    assert a2["star"] == {"situation": True, "task": False, "action": True, "result": True}
    assert [t["word"] for t in a2["tokens"] if "action" in t["star"]] == [
        "I", "sorted", "patients", "by", "urgency"]
    assert a1["audio_file"] == "q01-great-candidate.wav" and a3["audio_file"] is None
    assert a3["analysis"] is None and "analysis missing" in " ".join(a3["notes"])
    assert a4["status"] == "pending" and a4["transcript"] is None
    assert a1["transcript"]["words"][0]["word"] == "I"


def mode(path):
    return stat.S_IMODE(os.stat(path).st_mode)


def test_report_command_writes_private_files_and_stdout(cli, session, tmp_path):
    code, out, err = cli("report", "--format", "text")
    assert code == 0 and out.startswith("Mock interview report") and err == ""
    target = tmp_path / "r.md"
    target.write_text("old")
    os.chmod(target, 0o644)
    code, out, err = cli("report", session.folder.name[:8], "--format", "md", "--out",
                         str(target))
    assert code == 0 and out == "" and f"Report written to {target}" in err
    assert mode(target) == 0o600 and target.read_text().startswith("# Mock interview")
    code, _, err = cli("report", "--format", "html")
    html_path = session.folder / "report.html"
    assert code == 0 and str(html_path) in err and mode(html_path) == 0o600
    code, out, _ = cli("report", "--format", "json", "--out", "-")
    assert code == 0 and json.loads(out)["session"]["id"] == session.folder.name


def test_report_of_corrupt_session_is_a_clear_error(cli, session):
    (session.folder / "session.json").write_text("{not json")
    code, out, err = cli("report", str(session.folder))
    assert code == 1 and out == ""
    assert err.startswith("Error: ") and "unreadable or corrupt" in err


def test_reports_show_each_answer_s_room_and_the_session_s_room_check(private_home):
    need_real(have_espeak(), "espeak-ng")
    noisy = {"noise_floor_dbfs": -37.6, "speech_dbfs": -24.2, "snr_db": 13.4, "clipping": 0.0,
             "verdict": "noisy", "problems": ["The room is noisy (background at -38 dBFS)."],
             "pauses_reliable": False}

    def with_room(words):
        analysis = scripted(score=50)(words)
        analysis["audio_quality"] = noisy
        return analysis

    session = make_session(private_home / "recordings", [
        AnswerSpec("great-candidate", "I am very organised and calm", analysis=with_room)])
    session.manifest["room_check"] = {**noisy, "verdict": "good", "problems": [],
                                      "noise_floor_dbfs": -61.0}
    session.save()
    review = load_review(session.folder)
    for fmt in ("text", "markdown", "html"):
        out = render_report(review, fmt).replace("\\", "")  # Markdown's escapes
        assert "room check: background -61 dBFS (good)" in out, fmt
        assert "Room: background -38 dBFS, speech -24 dBFS, 13 dB above the background " \
               "(noisy)." in " ".join(out.split()), fmt
        assert "pauses not measured" in out and "The room is noisy" in out, fmt
    data = json.loads(render_report(review, "json"))
    assert data["session"]["room_check"]["noise_floor_dbfs"] == -61.0
    # Someone else's manifest with a room check that is not one: the report leaves it out.
    session.manifest["room_check"] = "loud"
    session.save()
    assert "room check" not in render_report(load_review(session.folder), "text")


def test_html_quotes_link_to_their_own_words_not_the_first_match(private_home):
    """The same words said twice are two quotes at two positions: each STAR quote links to
    the index the analysis stored, and that word carries the anchor."""
    need_real(have_espeak(), "espeak-ng")
    session = make_session(private_home / "recordings", [
        AnswerSpec("many-patients-at-once",
                   "I called the ward and then I called the ward again and she was seen",
                   analysis=scripted(star="ar", star_evidence={
                       "action": [("I called the ward", 0), ("I called the ward", 1)],
                       "result": ["she was seen"]}))])
    html = render_report(load_review(session.folder), "html")
    assert 'href="#q1w0"' in html and 'href="#q1w6"' in html
    assert 'id="q1w0"' in html and 'id="q1w6"' in html
    assert 'href="#q1w12"' in html  # "she was seen"


def test_quotes_read_as_the_candidate_said_them(private_home):
    """The analyser stores quotes normalised ("i phoned it"); the reports show the words at
    their stored positions as said or typed ("I phoned IT")."""
    need_real(have_espeak(), "espeak-ng")
    session = make_session(private_home / "recordings", [
        AnswerSpec("many-patients-at-once", "The printer broke so I phoned IT at once",
                   analysis=scripted(star="a", star_evidence={"action": ["i phoned it"]}))])
    review = load_review(session.folder)
    for fmt in ("text", "md", "html"):
        assert "I phoned IT" in render_report(review, fmt), fmt


def test_reports_show_sounds_heard_in_the_audio_and_the_voice(private_home):
    need_real(have_espeak(), "espeak-ng")

    def with_voice(reliable: bool):
        def make(words):
            d = scripted_analysis(words, score=70)
            d["audio_fillers"] = [{"start_s": 12.4, "end_s": 12.9, "confidence": 0.8},
                                  {"start_s": 31.0, "end_s": 31.4, "confidence": 0.7}]
            d["voice"] = {"pitch_median_hz": 118.4, "pitch_range_st": 1.6, "monotone": True,
                          "monotone_spans": [{"start_s": 40.0, "end_s": 65.0}],
                          "loudness_range_db": 4.2, "trailing_off": True,
                          "trailing_ends": [12.0, 30.5], "rate_variation": 0.2,
                          "reliable": reliable}
            return d
        return make

    session = make_session(private_home / "recordings", [
        AnswerSpec("great-candidate", "I am very organised and calm with patients",
                   analysis=with_voice(True)),
        AnswerSpec("day-to-day", "I greet patients and book appointments",
                   analysis=with_voice(False)),
    ])
    review = load_review(session.folder)
    text = render_report(review, "text")
    assert "Heard in the audio: 2 hesitation sounds ('um', 'uh')" in text
    assert "at 0:12, 0:31" in text
    assert "pitch around 118 Hz, range 1.6 semitones" in text
    assert "on one note from 0:40 to 1:05" in text
    assert "fading at the ends of sentences (at 0:12, 0:30)" in text
    assert "speaking rate varied by 20% between phrases" in text  # rate_variation 0.2
    assert "Voice: not measured (too much room noise" in text
    md = render_report(review, "md")
    assert "- Voice: pitch around 118 Hz" in md
    html = render_report(review, "html")
    assert '<h3>Voice</h3><ul class="voice"><li>Heard in the audio: 2 hesitation' in html


def test_sounds_heard_in_the_audio_count_as_fillers_everywhere(private_home):
    need_real(have_espeak(), "espeak-ng")
    from mockinterview.history import session_point
    from mockinterview.interview import session_summary

    def heard(n):
        def make(words):
            d = scripted_analysis(words, score=70)
            d["audio_fillers"] = [{"start_s": 1.0 + k, "end_s": 1.4 + k, "confidence": 0.8}
                                  for k in range(n)]
            return d
        return make

    session = make_session(private_home / "recordings", [
        AnswerSpec("great-candidate", "I am um very organised and calm with patients",
                   analysis=heard(2)),
        AnswerSpec("day-to-day", "I greet patients and book appointments",
                   analysis=heard(0)),
    ])
    review = load_review(session.folder)
    a1, a2 = review.answers
    assert a1.filler_total == 3 and a2.filler_total == 0
    fact = "fillers 3 (um ×1, heard in the audio ×2)"
    for fmt in ("text", "md", "html"):
        assert fact in render_report(review, fmt), fmt
    assert json.loads(render_report(review, "json"))["answers"][0]["filler_total"] == 3
    rows, _ = session_summary(session)
    assert [r["fillers"] for r in rows] == [3, 0]
    minutes = (a1.length_s + a2.length_s) / 60
    assert session_point(review).fillers_per_min == round(3 / minutes, 1)

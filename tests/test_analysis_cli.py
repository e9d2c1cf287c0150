"""`mockinterview analyse` on text, transcript JSON and WAV inputs."""

from __future__ import annotations

import json
import shutil
import subprocess

from tests.conftest import need_real

STORY = ("um so last year at the clinic a patient was really upset because her appointment "
         "had been cancelled twice i had to find her a slot that week so i checked the "
         "cancellations list and i called her back within the hour she got in on the "
         "thursday and she wrote us a thank you card afterwards")
ISSUE_KEYS = {"duration_s", "speech_s", "word_count", "wpm", "fillers", "filler_count",
              "filler_events", "pauses", "star", "star_evidence", "talking_points", "scores",
              "tips"}


def test_analyse_txt_json(cli, tmp_path):
    f = tmp_path / "answer.txt"
    f.write_text(STORY)
    code, out, err = cli("analyse", str(f), "--question", "communication-issue", "--json")
    assert code == 0, err
    d = json.loads(out)
    assert ISSUE_KEYS <= set(d)
    assert d["word_count"] == len(STORY.split())
    assert d["duration_s"] is None and d["wpm"] is None and d["pauses"] == []
    assert d["fillers"] == {"um": 1, "so": 1}
    assert d["filler_count"] == {"strict": 1, "discourse": 1}
    assert d["filler_events"][0] == {"word": "um", "kind": "filled", "text": "um",
                                     "start": None, "end": None, "index": 0, "end_index": 0}
    assert d["star"] == {"situation": True, "task": True, "action": True, "result": True}
    assert all(d["star_evidence"][e] for e in d["star"])
    assert set(d["talking_points"]) >= {"covered", "missed"}
    assert {"overall", "pace", "fillers", "structure", "content"} <= set(d["scores"])
    assert isinstance(d["tips"], list) and len(d["tips"]) <= 3


def test_analyse_transcript_json(cli, tmp_path):
    words = [{"word": w, "start": round(0.4 * i, 2), "end": round(0.4 * i + 0.3, 2),
              "conf": 1.0} for i, w in enumerate(STORY.split())]
    words[10]["start"] += 0  # keep times increasing
    for w in words[20:]:  # a 2 s pause before word 20
        w["start"] += 2.0
        w["end"] += 2.0
    f = tmp_path / "answer.json"
    f.write_text(json.dumps({"text": STORY, "words": words, "duration_s": 30.0,
                             "model": "test"}))
    code, out, err = cli("analyse", str(f), "--json")
    assert code == 0, err
    d = json.loads(out)
    assert d["duration_s"] == 30.0
    assert [(p["start_s"], p["end_s"]) for p in d["pauses"]] == [(7.9, 10.0)]
    assert d["filler_events"][0]["start"] == 0.0
    assert d["wpm"] > 100
    assert d["question_id"] is None


def test_analyse_readable_output(cli, tmp_path):
    f = tmp_path / "answer.txt"
    f.write_text(STORY)
    code, out, err = cli("analyse", str(f), "--question", "communication-issue")
    assert code == 0, err
    assert "Overall score:" in out and "STAR          STAR" in out and "Tips" in out
    assert err == ""


def test_readable_quotes_are_in_the_words_as_typed(cli, tmp_path):
    # The analyser matches lower-case words; the quote shows the candidate's own ("I", "IT").
    f = tmp_path / "answer.txt"
    f.write_text("Last winter at the clinic the printer broke. I phoned IT, then rang the "
                 "patients. In the end every letter went out on time.")
    code, out, err = cli("analyse", str(f), "--question", "communication-issue")
    assert code == 0, err
    assert 'action: "I phoned IT' in out
    assert 'situation: "Last winter at the clinic' in out


def test_analyse_errors(cli, tmp_path):
    code, _, err = cli("analyse", str(tmp_path / "missing.txt"))
    assert code == 1 and err.startswith("Error: no such file")
    bad = tmp_path / "answer.mp3"
    bad.write_text("x")
    code, _, err = cli("analyse", str(bad))
    assert code == 1 and "unsupported input" in err
    f = tmp_path / "a.txt"
    f.write_text("hello")
    code, _, err = cli("analyse", str(f), "--question", "no-such-question")
    assert code == 1 and "no question 'no-such-question'" in err
    code, _, err = cli("analyse", str(f), "--no-asr")
    assert code == 1 and "--no-asr" in err
    broken = tmp_path / "t.json"
    broken.write_text("{")
    code, _, err = cli("analyse", str(broken))
    assert code == 1 and "not valid JSON" in err


def test_analyse_wav_without_asr(cli, tmp_path):
    need_real(shutil.which("espeak-ng") is not None, "espeak-ng")
    wav = tmp_path / "a.wav"
    subprocess.run(["espeak-ng", "-m", "-w", str(wav), '<speak>I rang every patient '
                    '<break time="1500ms"/> and booked them in again</speak>'], check=True,
                   capture_output=True)
    code, out, err = cli("analyse", str(wav), "--no-asr", "--json")
    assert code == 0, err
    d = json.loads(out)
    assert d["word_count"] == 0 and d["duration_s"] > 2 and len(d["pauses"]) == 1
    code, out, _ = cli("analyse", str(wav), "--no-asr")
    assert "Audio measures" in out and "Pauses        1: 0:0" in out

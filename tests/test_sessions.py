"""Session folders: private, atomic, recoverable, and clear about what is wrong."""

from __future__ import annotations

import json
import os
import stat

import pytest

from mockinterview.errors import SessionError
from mockinterview.sessions import (Session, find_session, read_json, recent_question_ids,
                                    write_json_atomic)

QUESTIONS = [{"id": "a", "group": "general", "text": "Q a?"},
             {"id": "b", "group": "behavioral", "text": "Q b?"}]


def make(tmp_path, bank="bank1", **kw):
    return Session.create(tmp_path / "recordings", bank, "Bank", "/x.toml", QUESTIONS,
                          "typed", {"k": 1}, **kw)


def mode(path):
    return stat.S_IMODE(os.stat(path).st_mode)


def test_new_session_is_private_and_has_a_valid_manifest(tmp_path):
    s = make(tmp_path)
    assert mode(tmp_path / "recordings") == 0o700
    assert mode(s.folder) == 0o700
    assert mode(s.folder / "session.json") == 0o600
    m = json.loads((s.folder / "session.json").read_text())
    assert m["schema_version"] == 1 and m["status"] == "in_progress" and m["bank"] == "bank1"
    assert [q["id"] for q in m["questions"]] == ["a", "b"]
    assert s.files(1).audio.name == "q01-a.wav"


def test_answer_json_is_written_atomically_and_private(tmp_path):
    s = make(tmp_path)
    s.write_answer_json(s.files(1).transcript, {"text": "hi"})
    assert mode(s.files(1).transcript) == 0o600
    assert read_json(s.files(1).transcript) == {"text": "hi"}
    assert not [p for p in s.folder.iterdir() if p.name.endswith(".tmp")]


def test_failed_write_keeps_the_old_file(tmp_path):
    path = tmp_path / "data" / "x.json"
    path.parent.mkdir()
    write_json_atomic(path, {"v": 1})

    class Boom:
        pass

    with pytest.raises(TypeError):
        write_json_atomic(path, {"v": Boom()})
    assert read_json(path) == {"v": 1}
    assert [p.name for p in path.parent.iterdir()] == ["x.json"]


def test_newer_and_corrupt_manifests_give_clear_errors(tmp_path):
    s = make(tmp_path)
    m = json.loads((s.folder / "session.json").read_text())
    m["schema_version"] = 99
    (s.folder / "session.json").write_text(json.dumps(m))
    with pytest.raises(SessionError, match="written by a newer mockinterview"):
        Session.open(s.folder)
    (s.folder / "session.json").write_text("{not json")
    with pytest.raises(SessionError, match="unreadable or corrupt"):
        Session.open(s.folder)


def test_interrupted_answer_is_kept_and_asked_again(tmp_path):
    s = make(tmp_path)
    s.update_question(1, status="answered")
    s.update_question(2, status="recording")
    s.files(2).audio.write_bytes(b"RIFF partial")
    reopened = Session.open(s.folder)
    kept = reopened.recover_interrupted()
    assert [p.name for p in kept] == ["q02-b.interrupted.wav"]
    assert reopened.remaining() == [2]
    assert Session.open(s.folder).manifest["status"] == "interrupted"


def test_find_session_by_prefix_latest_and_missing(tmp_path):
    from datetime import datetime
    old = make(tmp_path, started=datetime(2026, 1, 1, 10, 0, 0))
    new = make(tmp_path, started=datetime(2026, 2, 1, 10, 0, 0))
    rec = tmp_path / "recordings"
    assert find_session(rec, None) == new.folder
    assert find_session(rec, "20260101") == old.folder
    with pytest.raises(SessionError, match="matches 2 sessions"):
        find_session(rec, "2026")
    with pytest.raises(SessionError, match="no session 'zzz'"):
        find_session(rec, "zzz")
    with pytest.raises(SessionError, match="no sessions yet"):
        find_session(tmp_path / "empty", None)


def test_recent_question_ids_newest_first_for_this_bank(tmp_path):
    from datetime import datetime
    make(tmp_path, started=datetime(2026, 1, 1))
    other = make(tmp_path, bank="other", started=datetime(2026, 3, 1))
    assert other.folder.exists()
    assert recent_question_ids(tmp_path / "recordings", "bank1") == ["a", "b"]
    assert recent_question_ids(tmp_path / "recordings", "nope") == []


def test_an_existing_recordings_folder_keeps_its_permissions(tmp_path):
    shared = tmp_path / "shared"
    shared.mkdir()
    os.chmod(shared, 0o1777)
    s = Session.create(shared, "b", "B", "/x.toml", QUESTIONS, "typed", {})
    assert mode(shared) == 0o1777  # e.g. --recordings /tmp must not lose its sticky bit
    assert mode(s.folder) == 0o700


def test_crash_during_follow_up_keeps_the_main_answer(tmp_path):
    s = make(tmp_path)
    files = s.files(2)
    files.audio.write_bytes(b"RIFF main")
    s.write_answer_json(files.transcript, {"text": "main"})
    s.write_answer_json(files.analysis, {"score": 50})
    s.update_question(1, status="answered")
    s.update_question(2, status="recording", phase="follow_up",
                      files={"audio": files.audio.name, "analysis": files.analysis.name,
                             "transcript": files.transcript.name})
    files.followup_audio.write_bytes(b"RIFF cut off")
    kept = Session.open(s.folder).recover_interrupted()
    assert [p.name for p in kept] == ["q02-b.followup.interrupted.wav"]
    reopened = Session.open(s.folder)
    assert reopened.remaining() == []
    assert reopened.question(2)["status"] == "answered"
    assert files.audio.read_bytes() == b"RIFF main"


def test_a_second_interruption_never_overwrites_the_first_partial_recording(tmp_path):
    s = make(tmp_path)
    for attempt in (b"first", b"second"):
        s.update_question(1, status="recording", phase="answer")
        s.files(1).audio.write_bytes(attempt)
        s = Session.open(s.folder)
        s.recover_interrupted()
    assert (s.folder / "q01-a.interrupted.wav").read_bytes() == b"first"
    assert (s.folder / "q01-a.interrupted-2.wav").read_bytes() == b"second"


def test_sessions_delete_refuses_an_empty_name_and_honours_recordings(tmp_path, cli):
    s = make(tmp_path)
    rec = str(tmp_path / "recordings")
    code, _, err = cli("sessions", "--recordings", rec, "delete", "", "--yes")
    assert code == 1 and "give the session to delete" in err
    assert s.folder.exists()
    code, _, err = cli("sessions", "--recordings", rec, "delete", s.folder.name, "--yes")
    assert code == 0, err
    assert not s.folder.exists()

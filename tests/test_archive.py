"""`sessions export` and `sessions import`: the round trip, copies, refusals that leave
nothing, and property tests (any manifest never crashes a reader; any settings file gives
settings or one Error line). The hostile cases are in test_hostile_sessions.py."""

from __future__ import annotations

import contextlib
import io
import json
import os
import stat
import string
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mockinterview import archive
from mockinterview.errors import MockInterviewError
from mockinterview.report import FORMATS, render_report
from mockinterview.report.views import load_review
from mockinterview.sessions import Session, read_manifest, recent_question_ids, session_dirs
from mockinterview.settings import Settings, load_settings, validate_settings
from tests.hostile_cases import SID, make_small_session

PROPS = settings(max_examples=120, deadline=None,
                 suppress_health_check=[HealthCheck.too_slow,
                                        HealthCheck.function_scoped_fixture])


def reports(folder: Path) -> dict[str, str]:
    review = load_review(folder)
    return {fmt: render_report(review, fmt) for fmt in FORMATS}


def tree_modes(folder: Path) -> dict[str, int]:
    return {p.name: stat.S_IMODE(p.stat().st_mode) for p in folder.iterdir()}


def test_export_delete_import_renders_the_same_report_and_history_counts_it_once(
        cli, tmp_path):
    rec = tmp_path / "rec"
    folder = make_small_session(rec)
    before = reports(folder)
    zip_path = tmp_path / "share.zip"
    code, out, err = cli("sessions", "export", SID, "--out", str(zip_path),
                         "--recordings", str(rec))
    assert code == 0, err
    assert out.strip() == str(zip_path) and "2 recordings" in err
    assert stat.S_IMODE(zip_path.stat().st_mode) == 0o600
    with zipfile.ZipFile(zip_path) as zf:
        names = sorted(zf.namelist())
        readme = zf.read("README.txt").decode()
    assert names == sorted(["README.txt", f"{SID}/session.json"] + [
        f"{SID}/q0{i}-{q}.{kind}" for i, q in ((1, "experience-and-motivation"),
                                              (2, "file-organisation"))
        for kind in ("wav", "transcript.json", "analysis.json")])
    assert "mockinterview sessions import share.zip" in readme and "personal data" in readme

    code, _, err = cli("sessions", "delete", SID, "--yes", "--recordings", str(rec))
    assert code == 0 and not folder.exists()
    code, out, err = cli("sessions", "import", str(zip_path), "--yes", "--recordings", str(rec))
    assert code == 0, err
    assert out.strip() == str(folder)
    assert f"Imported session {SID}: 2 of 2 questions answered, 2 recordings" in err

    assert reports(folder) == before
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert set(tree_modes(folder).values()) == {0o600}
    assert [p.name for p in rec.iterdir()] == [SID]  # no temporary folder left
    code, out, _ = cli("history", "--json", "--recordings", str(rec))
    assert code == 0 and [s["id"] for s in json.loads(out)["sessions"]] == [SID]


def test_an_existing_session_is_never_overwritten_but_can_be_imported_as_a_copy(cli, tmp_path):
    rec = tmp_path / "rec"
    folder = make_small_session(rec)
    zip_path = archive.export_session(folder, tmp_path / "s.zip").path
    manifest_before = (folder / "session.json").read_bytes()
    code, _, err = cli("sessions", "import", str(zip_path), "--yes", "--recordings", str(rec))
    assert code == 1 and "never overwritten" in err and "--new-id" in err
    assert (folder / "session.json").read_bytes() == manifest_before
    code, out, err = cli("sessions", "import", str(zip_path), "--yes", "--new-id",
                         "--recordings", str(rec))
    assert code == 0, err
    copy = Path(out.strip())
    assert copy.name == f"{SID}-copy" and f"imported as {SID}-copy" in err
    assert Session.open(copy).manifest["id"] == copy.name
    assert reports(copy)["text"].replace(f"{SID}-copy", SID) == reports(folder)["text"]
    code, out, err = cli("sessions", "import", str(zip_path), "--yes", "--new-id",
                         "--recordings", str(rec))
    assert code == 0 and out.strip().endswith(f"{SID}-copy-2")


def test_export_without_audio_leaves_the_recordings_out(cli, tmp_path):
    rec = tmp_path / "rec"
    folder = make_small_session(rec)
    result = archive.export_session(folder, tmp_path / "a.zip", audio=False)
    with zipfile.ZipFile(result.path) as zf:
        assert not [n for n in zf.namelist() if n.endswith(".wav")]
        assert "left out" in zf.read("README.txt").decode()
    other = tmp_path / "other"
    code, _, err = cli("sessions", "import", str(result.path), "--yes", "--recordings",
                       str(other))
    assert code == 0, err
    review = load_review(other / SID)
    assert review.answers[0].audio is None and review.answers[0].transcript is not None
    assert any("recording missing" in n for n in review.answers[0].notes)


def test_import_asks_first_and_refuses_without_a_terminal(cli, tmp_path, monkeypatch):
    rec = tmp_path / "rec"
    zip_path = archive.export_session(make_small_session(tmp_path / "src"),
                                      tmp_path / "s.zip").path
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    code, _, err = cli("sessions", "import", str(zip_path), "--recordings", str(rec))
    assert code == 1 and "Add --yes" in err.splitlines()[-1]
    assert not rec.exists() or list(rec.iterdir()) == []


def test_a_failure_while_unpacking_leaves_nothing(tmp_path, monkeypatch):
    zip_path = archive.export_session(make_small_session(tmp_path / "src"),
                                      tmp_path / "s.zip").path
    rec = tmp_path / "rec"
    calls = []
    real = archive._write_new

    def fail_on_third(folder, name, write):
        calls.append(name)
        if len(calls) == 3:
            raise OSError(28, "No space left on device")
        real(folder, name, write)

    monkeypatch.setattr(archive, "_write_new", fail_on_third)
    with pytest.raises(archive.ArchiveError, match="No space left on device; nothing was"):
        archive.import_archive(zip_path, rec)
    assert list(rec.iterdir()) == []


def test_a_failed_export_leaves_no_file(tmp_path, monkeypatch):
    folder = make_small_session(tmp_path / "rec")
    calls = []
    real = archive.safefiles.check_wav_in

    def fail_on_second(*a, **k):
        calls.append(a)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        return real(*a, **k)

    monkeypatch.setattr(archive.safefiles, "check_wav_in", fail_on_second)
    (tmp_path / "out").mkdir()
    with pytest.raises(archive.ArchiveError, match="No space left"):
        archive.export_session(folder, tmp_path / "out" / "s.zip")
    assert list((tmp_path / "out").iterdir()) == []


def test_export_errors_name_the_problem(cli, tmp_path):
    rec = tmp_path / "rec"
    make_small_session(rec)
    code, _, err = cli("sessions", "export", SID, "--out", str(tmp_path / "no" / "x.zip"),
                       "--recordings", str(rec))
    assert (code, err) == (1, f"Error: folder does not exist: {tmp_path / 'no'}\n")
    code, _, err = cli("sessions", "export", "nothing-like-it", "--recordings", str(rec))
    assert code == 1 and "no session 'nothing-like-it'" in err


# ---------------------------------------------------------------- settings and flags

@pytest.mark.parametrize("body, words", [
    ("[analysis]\npace_min_wpm = nan", "[analysis] pace_min_wpm: must be a finite number"),
    ("[audio]\nsilence_stop_s = -4", "[audio] silence_stop_s = -4.0 is out of range"),
    ("[analysis]\npace_min_wpm = 200\npace_max_wpm = 150",
     "[analysis] pace_min_wpm = 200.0 is more than pace_max_wpm = 150.0"),
    ("[speech]\nrate = 0", "[speech] rate = 0 is out of range: it must be between 80 and 450"),
    ("[interview]\nfeedback = 'never'", "[interview] feedback = 'never' must be one of"),
    ("[interview]\nthink_s = inf", "[interview] think_s: must be a finite number"),
    ("[analysis]\nmax_tips = 1e400", "[analysis] max_tips: must be a finite number"),
    ("a = " + "[" * 100_000 + "]" * 100_000, "nested too deeply"),
    ("[analysis]\nno_such_key = 1", "unknown key 'no_such_key' in [analysis]"),
])
def test_bad_settings_give_one_error_naming_file_section_and_key(cli, private_home, body,
                                                                 words):
    path = private_home / "no-settings.toml"
    path.write_text(body)
    code, out, err = cli("practice", "--dry-run")
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and err.startswith(f"Error: {path}: ") and words in err, err


@pytest.mark.parametrize("argv, words", [
    (["practice", "--dry-run", "--max-answer-seconds", "inf"], "must be a finite number"),
    (["practice", "--dry-run", "--think-seconds", "nan"], "must be a finite number"),
    (["practice", "--dry-run", "--max-answer-seconds", "1e9"], "at most 3600 seconds"),
    (["practice", "--dry-run", "--rate", "0"], "--rate must be between 80 and 450"),
    (["say", "hello", "--rate", "0"], "--rate must be between 80 and 450"),
    (["replay", "--speed", "inf"], "must be a finite number"),
    (["record", "x.wav", "--max-seconds", "nan"], "must be a finite number"),
    (["history", "--last", "0"], "--last must be 1 or more"),
])
def test_numeric_flags_must_be_finite_and_in_range(cli, argv, words):
    code, out, err = cli(*argv)
    assert code in (1, 2) and words in err, err
    assert "Traceback" not in err


def test_an_os_error_is_an_error_line_not_a_traceback(cli, tmp_path):
    folder = tmp_path / "answer.wav"
    folder.mkdir()
    code, out, err = cli("analyse", str(folder), "--no-asr")
    assert (code, err) == (1, f"Error: {folder}: Is a directory\n")


def test_a_deeply_nested_transcript_is_an_error_line(cli, tmp_path):
    path = tmp_path / "t.json"
    path.write_text("[" * 100_000 + "]" * 100_000)
    code, out, err = cli("analyse", str(path))
    assert code == 1 and err.startswith(f"Error: {path}: not valid JSON (nested 100000")


toml_keys = st.sampled_from(sorted({f for s in Settings().to_dict().values() for f in s}
                                   | {"bogus"}))
toml_values = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True), st.integers(-10**30, 10**30),
    st.booleans(), st.text(string.printable, max_size=10),
    st.lists(st.integers(0, 5), max_size=3))


def toml_value(v) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        return "nan" if v != v else ("inf" if v > 0 else "-inf") if v in (
            float("inf"), float("-inf")) else repr(v)
    if isinstance(v, list):
        return "[" + ", ".join(map(str, v)) + "]"
    if isinstance(v, str):
        return json.dumps(v)
    return str(v)


@st.composite
def settings_files(draw) -> str:
    if draw(st.integers(0, 5)) == 0:
        return draw(st.text(max_size=200))
    lines = []
    for section in draw(st.lists(st.sampled_from(["analysis", "audio", "speech", "interview",
                                                  "other"]), max_size=3, unique=True)):
        lines.append(f"[{section}]")
        for key in draw(st.lists(toml_keys, max_size=4, unique=True)):
            lines.append(f"{key} = {toml_value(draw(toml_values))}")
    return "\n".join(lines) + "\n"


@PROPS
@given(text=settings_files())
@pytest.mark.slow
def test_any_settings_file_gives_settings_or_one_error_line(tmp_path_factory, text):
    from mockinterview.cli import main

    path = tmp_path_factory.mktemp("settings") / "s.toml"
    path.write_bytes(text.encode("utf-8", "surrogatepass"))
    try:
        s = load_settings(path)
    except MockInterviewError as exc:
        assert str(exc).startswith(str(path)) and "\n" not in str(exc)
    else:
        assert validate_settings(s) is s
    old = os.environ.get("MOCKINTERVIEW_SETTINGS")
    os.environ["MOCKINTERVIEW_SETTINGS"] = str(path)
    out, err = io.StringIO(), io.StringIO()
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(["practice", "--dry-run", "--seed", "1"])
    finally:
        os.environ["MOCKINTERVIEW_SETTINGS"] = old or ""
    lines = err.getvalue().splitlines()
    assert code == 0 or (code == 1 and len(lines) == 1 and lines[0].startswith("Error: "))


# ---------------------------------------------------------------- any manifest, any reader

scalars = st.one_of(st.none(), st.booleans(), st.integers(-10**20, 10**20),
                    st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=12))
json_values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)),
    max_leaves=20)


@st.composite
def manifests(draw):
    """Any JSON now and then; else a real manifest with some values replaced by any JSON."""
    if draw(st.integers(0, 4)) == 0:
        return draw(json_values)
    m = json.loads((make_base_manifest()).read_text())
    for _ in range(draw(st.integers(1, 4))):
        target = draw(st.sampled_from(["top", "q", "files"]))
        try:
            obj = (m if target == "top" else m["questions"][0] if target == "q"
                   else m["questions"][0]["files"])
        except (KeyError, IndexError, TypeError):
            continue
        if not isinstance(obj, dict):  # replaced by an earlier step
            continue
        key = draw(st.sampled_from(sorted(obj) + ["extra"]))
        obj[key] = draw(json_values | st.sampled_from(
            ["../../etc/passwd", "/etc/passwd", "q01-x.wav", "session.json", "a/b.json"]))
    return m


_BASE: list[Path] = []


def make_base_manifest() -> Path:
    if not _BASE:
        import tempfile

        _BASE.append(make_small_session(Path(tempfile.mkdtemp()) / "rec") / "session.json")
    return _BASE[0]


@PROPS
@given(manifest=manifests())
@pytest.mark.slow
def test_any_manifest_never_crashes_a_reader(tmp_path_factory, manifest):
    """report (every format), replay's loader, sessions, history, resume's first steps,
    export and import: a value or MockInterviewError, never another exception."""
    import shutil

    from mockinterview.commands.sessions import session_rows
    from mockinterview.history import load_history

    base = make_base_manifest().parent
    rec = tmp_path_factory.mktemp("rec")
    folder = rec / SID
    shutil.copytree(base, folder)
    (folder / "session.json").write_text(json.dumps(manifest))
    try:
        for text in reports(folder).values():
            assert text
    except MockInterviewError as exc:
        assert "session.json" in str(exc) or SID in str(exc)
    try:
        Session.open(folder).remaining()
    except MockInterviewError:
        pass
    assert read_manifest(folder) is None or isinstance(read_manifest(folder), dict)
    recent_question_ids(rec, "medical_secretary")
    assert len(session_rows(rec)) == 1
    load_history(rec)
    out = tmp_path_factory.mktemp("zip") / "s.zip"
    try:
        archive.export_session(folder, out)
    except MockInterviewError:
        assert not out.exists()
        # Import sees the same manifest, packed by hand.
        with zipfile.ZipFile(out, "w") as zf:
            zf.writestr(f"{SID}/session.json", json.dumps(manifest))
    target = tmp_path_factory.mktemp("into")
    try:
        archive.import_archive(out, target)
    except MockInterviewError:
        assert list(target.iterdir()) == []
    assert session_dirs(target) == [] or Session.open(session_dirs(target)[0])

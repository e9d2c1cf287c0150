"""The command-line surface: help everywhere, JSON shapes, errors and exit codes."""

from __future__ import annotations

import json

import pytest

from mockinterview.cli import build_parser
from tests.conftest import run_cli_process


def all_command_paths() -> list[list[str]]:
    """Every command and subcommand, as argv prefixes."""
    found = []

    def walk(parser, prefix):
        for action in parser._actions:
            if action.__class__.__name__ == "_SubParsersAction":
                for name, sub in action.choices.items():
                    found.append(prefix + [name])
                    walk(sub, prefix + [name])

    walk(build_parser(), [])
    return found


def test_reserved_command_names_exist():
    names = {p[0] for p in all_command_paths()}
    assert {"practice", "questions", "banks", "say", "record", "devices", "transcribe", "model",
            "analyse", "replay", "report", "history", "sessions", "resume", "mic-check"} <= names


@pytest.mark.parametrize("path", all_command_paths(), ids=" ".join)
def test_every_command_has_help_text(cli, path):
    code, out, _ = cli(*path, "--help")
    assert code == 0
    assert out.startswith("usage: mockinterview " + " ".join(path))
    # A description beyond the usage line.
    assert len([line for line in out.splitlines() if line.strip()]) > 3
    top_help = build_parser().format_help()
    assert path[0] in top_help


def test_top_level_help_and_module_entry_point():
    result = run_cli_process("--help")
    assert result.returncode == 0
    assert "mock interview" in result.stdout and "practice" in result.stdout


def test_questions_json_lists_every_question_with_the_promised_fields(cli):
    code, out, _ = cli("questions", "--json")
    assert code == 0
    items = json.loads(out)
    assert len(items) == 23
    for item in items:
        assert {"id", "group", "text", "star_expected", "target_seconds"} <= set(item)
        assert item["target_seconds"]["min"] <= item["target_seconds"]["max"]


def test_questions_group_filter_and_show(cli):
    code, out, _ = cli("questions", "--group", "general", "--json")
    assert code == 0 and {i["group"] for i in json.loads(out)} == {"general"}
    # --category is the old name of --group
    assert cli("questions", "--category", "general", "--json")[1] == out
    code, out, _ = cli("questions", "show", "patient-privacy")
    assert code == 0
    assert "What the interviewer is listening for:" in out
    assert "confidentiality" in out and "reporting a breach" in out


def test_questions_show_unknown_id_is_an_error(cli):
    code, out, err = cli("questions", "show", "nope")
    assert code == 1
    assert err.startswith("Error: no question 'nope' in bank 'medical_secretary'")


def test_practice_dry_run_json_is_seeded_and_mixed(cli):
    code, out, _ = cli("practice", "--dry-run", "--questions", "5", "--seed", "1", "--json")
    assert code == 0
    items = json.loads(out)
    assert len(items) == 5 and all({"id", "group"} <= set(i) for i in items)
    assert {i["group"] for i in items} == {"general", "experience", "role_specific",
                                              "behavioral"}
    assert cli("practice", "--dry-run", "--questions", "5", "--seed", "1", "--json")[1] == out


def test_practice_dry_run_too_many_questions(cli):
    code, _, err = cli("practice", "--dry-run", "--questions", "99")
    assert code == 1
    assert err == "Error: asked for 99 questions but bank 'medical_secretary' has only 23\n"


def test_practice_uses_another_bank_by_path(cli, tmp_path):
    from mockinterview.paths import bundled_banks_dir
    path = bundled_banks_dir() / "general_behavioral.toml"
    code, out, _ = cli("practice", "--dry-run", "--bank", str(path), "--json", "-n", "4")
    assert code == 0 and len(json.loads(out)) == 4


def test_banks_check_good_and_broken(cli, tmp_path):
    code, out, _ = cli("banks", "check")
    assert code == 0
    assert "medical_secretary, 23 questions (general 3, experience 6, role_specific 7, " \
           "behavioral 7), 6 skills" in out
    broken = tmp_path / "broken.toml"
    broken.write_text('[[questions]]\nid = "a"\ngroup = "misc"\ntext = ""\n'
                      'target_seconds = { min = 9, max = 3 }\n'
                      'talking_points = [ { point = "p", keywords = ["k"] } ]\n')
    code, out, err = cli("banks", "check", str(broken))
    assert code == 1 and out == ""
    assert err.splitlines() == [
        f"Error: 3 problems in {broken}:",
        f"  {broken}: question 'a': field 'group': unknown group 'misc' (expected one of: "
        "general, experience, role_specific, behavioral)",
        f"  {broken}: question 'a': field 'text': must not be empty",
        f"  {broken}: question 'a': field 'target_seconds': min (9) is greater than max (3)",
    ]


def test_usage_error_exits_2(cli):
    code, _, err = cli("practice", "--questions", "many")
    assert code == 2 and "invalid int value" in err


def test_command_errors_say_so_without_traceback():
    result = run_cli_process("replay")  # no sessions yet in the test's private home
    assert result.returncode == 1
    assert result.stderr.startswith("Error: no sessions yet in ")
    assert "Traceback" not in result.stderr


def test_the_command_list_gives_each_command_its_own_help():
    from mockinterview.commands import COMMANDS

    full = build_parser()
    [sub] = [a for a in full._actions if a.__class__.__name__ == "_SubParsersAction"]
    own = {c.dest: c.help for c in sub._choices_actions}
    assert [name for name, _, _ in COMMANDS] == list(own)
    assert {name: text for name, _, text in COMMANDS} == own


def test_help_imports_no_command_module_and_a_command_only_its_own():
    # Start-up stays light: `--help` needs no analyser, numpy or session code (the time is a
    # figure of scripts/bench_startup.py; this checks the cause).
    code = ("import sys\nfrom mockinterview.cli import main\n"
            "try:\n    main(sys.argv[1:])\nexcept SystemExit:\n    pass\n"
            "mods = [m for m in sys.modules if m.startswith('mockinterview.commands.')"
            " and m != 'mockinterview.commands.common'"
            " or m in ('numpy', 'mockinterview.analysis', 'mockinterview.session_reader')]\n"
            "print(' '.join(sorted(mods)), file=sys.stderr)\n")
    import subprocess
    import sys

    for argv, expected in ((["--help"], ""), (["banks"], "mockinterview.commands.banks")):
        result = subprocess.run([sys.executable, "-c", code, *argv], capture_output=True,
                                text=True, timeout=60)
        assert result.stderr.strip().splitlines()[-1:] == ([expected] if expected else []), \
            result.stderr


def test_history_and_model_list_import_only_what_they_use(tmp_path):
    """With no sessions and no settings file, `history` needs no session reader or analysis
    schema and `model list` none of the download and unpack modules; neither parses TOML.
    (Their time is a figure of scripts/bench_startup.py; this checks the cause.)"""
    import os
    import subprocess
    import sys

    code = ("import sys\nfrom mockinterview.cli import main\nmain(sys.argv[1:])\n"
            "heavy = ('mockinterview.session_reader', 'mockinterview.analysis.schema', "
            "'mockinterview.report.views', 'zipfile', 'hashlib', 'tomllib', 'numpy')\n"
            "print(' '.join(m for m in heavy if m in sys.modules), file=sys.stderr)\n")
    env = {**os.environ, "MOCKINTERVIEW_HOME": str(tmp_path)}
    env.pop("MOCKINTERVIEW_SETTINGS", None)
    for argv in (["history"], ["model", "list"]):
        result = subprocess.run([sys.executable, "-c", code, *argv], capture_output=True,
                                text=True, timeout=60, env=env)
        assert result.returncode == 0, result.stderr
        assert result.stderr.strip().splitlines()[-1:] in ([], [""]), (argv, result.stderr)

"""Question banks: TOML files of questions, loaded and validated into plain objects.

A bank is data, not code: a new role is a new `question_bank/<name>.toml`. See the README
("Writing a question bank") for the format. Every problem found is reported at once, each
naming the file, the question id and the field.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mockinterview import paths
from mockinterview.errors import BankError
from mockinterview.lexicon import GROUPS
from mockinterview.tomlcompat import tomllib

DEFAULT_BANK = "medical_secretary"
SCHEMA_VERSION = 1

_ID_RE = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
_BANK_KEYS = {"schema_version", "id", "title", "role", "description", "ask_interviewer",
              "skills", "questions"}
_QUESTION_KEYS = {"id", "group", "text", "probes", "star", "target_seconds",
                  "talking_points", "outline"}
# An outline is a handful of short beats, read at a glance after the feedback: a beat longer
# than this is a paragraph, and more beats than this are a script, not an outline.
OUTLINE_MAX_BEATS = 8
OUTLINE_MAX_CHARS = 160
_POINT_KEYS = {"point", "keywords"}
_SKILL_KEYS = {"id", "name", "about", "questions"}


@dataclass(frozen=True)
class TalkingPoint:
    """Something a good answer mentions, with the words that count as mentioning it.

    A keyword is a word or short phrase; a trailing `*` matches any ending
    (`schedul*` matches "schedule", "scheduling").
    """

    name: str
    keywords: tuple[str, ...]


@dataclass(frozen=True)
class Question:
    id: str
    number: int  # 1-based position in the bank
    group: str
    text: str
    probes: str  # what the interviewer is listening for
    star_expected: bool
    target_min_s: int
    target_max_s: int
    talking_points: tuple[TalkingPoint, ...]
    skills: tuple[str, ...] = ()
    outline: tuple[str, ...] = ()  # beats of a strong answer, in order (optional)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "number": self.number,
            "group": self.group,
            "text": self.text,
            "probes": self.probes,
            "star_expected": self.star_expected,
            "target_seconds": {"min": self.target_min_s, "max": self.target_max_s},
            "talking_points": [{"point": p.name, "keywords": list(p.keywords)}
                               for p in self.talking_points],
            "skills": list(self.skills),
            "outline": list(self.outline),
        }


@dataclass(frozen=True)
class Skill:
    id: str
    name: str
    about: str
    question_ids: tuple[str, ...]


@dataclass(frozen=True)
class Bank:
    id: str
    title: str
    role: str
    description: str
    path: Path
    questions: tuple[Question, ...]
    skills: tuple[Skill, ...]
    ask_interviewer: tuple[str, ...]

    def get(self, question_id: str) -> Question:
        for q in self.questions:
            if q.id == question_id:
                return q
        raise BankError(f"no question '{question_id}' in bank '{self.id}' "
                        f"(see `mockinterview questions --bank {self.id}`)")

    def by_group(self, group: str) -> tuple[Question, ...]:
        return tuple(q for q in self.questions if q.group == group)


# ---------------------------------------------------------------- finding banks

def available_banks() -> dict[str, Path]:
    """Bank name -> file, for every bank in the searched folders (first folder wins)."""
    found: dict[str, Path] = {}
    for folder in paths.banks_dirs():
        if folder.is_dir():
            for f in sorted(folder.glob("*.toml")):
                found.setdefault(f.stem, f)
    return found


def resolve_bank_path(name_or_path: str | None) -> Path:
    """A bank name (`medical_secretary`) or a path to a TOML file -> the file."""
    name = name_or_path or DEFAULT_BANK
    candidate = Path(name).expanduser()
    if name.endswith(".toml") or "/" in name or candidate.is_file():
        if not candidate.is_file():
            raise BankError(f"question bank file not found: {candidate}")
        return candidate
    banks = available_banks()
    if name not in banks:
        known = ", ".join(sorted(banks)) or "none"
        raise BankError(f"no question bank named '{name}' (available: {known})")
    return banks[name]


def load_bank(name_or_path: str | None = None) -> Bank:
    """Load and validate a bank by name or path; raise BankError listing every problem."""
    path = resolve_bank_path(name_or_path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise BankError(f"{path}: cannot read the bank: {exc}") from None
    return parse_bank(text, path)


# ---------------------------------------------------------------- parsing

def _toml_error(path: Path, exc: Exception) -> BankError:
    msg = str(exc)
    m = re.search(r"\(at line (\d+), column (\d+)\)", msg)
    if m:
        reason = msg[: m.start()].strip()
        return BankError(f"{path}: TOML syntax error at line {m.group(1)}, "
                         f"column {m.group(2)}: {reason}")
    return BankError(f"{path}: TOML syntax error: {msg}")


class _Problems:
    """Collects validation problems, each prefixed with the file and the question."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.items: list[str] = []

    def add(self, where: str, problem: str) -> None:
        self.items.append(f"{self.path}: {where}: {problem}")

    def raise_if_any(self) -> None:
        if len(self.items) == 1:
            raise BankError(self.items[0])
        if self.items:
            raise BankError(f"{len(self.items)} problems in {self.path}:\n"
                            + "\n".join("  " + p for p in self.items))


def _nonempty_str(value: Any) -> bool:
    return isinstance(value, str) and value.strip() != ""


def parse_bank(text: str, path: Path) -> Bank:
    """Parse bank TOML text (read from `path`, used in messages) into a Bank."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise _toml_error(path, exc) from None
    except RecursionError:  # arrays nested thousands deep: not a bank
        raise BankError(f"{path}: TOML nested too deeply") from None

    problems = _Problems(path)
    for key in sorted(set(data) - _BANK_KEYS):
        problems.add("bank", f"unknown key '{key}'")
    version = data.get("schema_version", SCHEMA_VERSION)
    if version != SCHEMA_VERSION:
        problems.add("bank", f"field 'schema_version': unsupported version {version!r} "
                             f"(this program reads version {SCHEMA_VERSION})")
    bank_id = data.get("id", path.stem)
    if not isinstance(bank_id, str) or not _ID_RE.match(bank_id):
        problems.add("bank", f"field 'id': {bank_id!r} is not a valid id "
                             "(lower-case letters, digits, '-' and '_')")
        bank_id = path.stem
    for key in ("title", "role", "description"):
        if key in data and not isinstance(data[key], str):
            problems.add("bank", f"field '{key}': must be text")

    raw_questions = data.get("questions")
    if not isinstance(raw_questions, list) or not raw_questions:
        problems.add("bank", "field 'questions': the bank has no [[questions]]")
        raw_questions = []

    questions: list[Question] = []
    seen: dict[str, int] = {}
    for number, raw in enumerate(raw_questions, start=1):
        q = _parse_question(raw, number, problems, seen)
        if q is not None:
            questions.append(q)

    skills = _parse_skills(data.get("skills", []), problems, seen)
    asks = data.get("ask_interviewer", [])
    if not isinstance(asks, list) or not all(_nonempty_str(a) for a in asks):
        problems.add("bank", "field 'ask_interviewer': must be a list of non-empty texts")
        asks = []
    problems.raise_if_any()

    # Attach the skills each question shows.
    skills_of: dict[str, list[str]] = {}
    for s in skills:
        for qid in s.question_ids:
            skills_of.setdefault(qid, []).append(s.id)
    questions = [
        Question(**{**q.__dict__, "skills": tuple(skills_of.get(q.id, ()))}) for q in questions
    ]
    return Bank(
        id=bank_id,
        title=data.get("title") or bank_id.replace("_", " ").capitalize(),
        role=data.get("role", ""),
        description=data.get("description", ""),
        path=path,
        questions=tuple(questions),
        skills=tuple(skills),
        ask_interviewer=tuple(a.strip() for a in asks),
    )


def _parse_question(raw: Any, number: int, problems: _Problems,
                    seen: dict[str, int]) -> Question | None:
    if not isinstance(raw, dict):
        problems.add(f"question {number}", "must be a table")
        return None
    qid = raw.get("id")
    if qid is None:
        problems.add(f"question {number}", "field 'id': missing (every question needs a "
                                           "stable id, e.g. id = \"tell-me-about-yourself\")")
        qid = f"#{number}"
    elif not isinstance(qid, str) or not _ID_RE.match(qid):
        problems.add(f"question {number}",
                     f"field 'id': {qid!r} is not a valid id "
                     "(lower-case letters, digits, '-' and '_')")
        qid = f"#{number}"
    where = f"question '{qid}'"
    bad = len(problems.items)
    if qid in seen:
        problems.add(where, f"field 'id': duplicate id (question {seen[qid]} has it too)")
    else:
        seen[qid] = number

    for key in sorted(set(raw) - _QUESTION_KEYS):
        problems.add(where, f"unknown key '{key}'")

    group = raw.get("group")
    if group not in GROUPS:
        problems.add(where, f"field 'group': unknown group {group!r} "
                            f"(expected one of: {', '.join(GROUPS)})")
    text = raw.get("text")
    if text is not None and not isinstance(text, str):
        problems.add(where, "field 'text': must be text (in quotes)")
    elif not _nonempty_str(text):
        problems.add(where, "field 'text': must not be empty")
    probes = raw.get("probes", "")
    if not isinstance(probes, str):
        problems.add(where, "field 'probes': must be text")
    # Behavioural questions usually ask for a story, so STAR is expected unless said otherwise.
    star = raw.get("star", group == "behavioral")
    if not isinstance(star, bool):
        problems.add(where, "field 'star': must be true or false")

    tmin, tmax = _parse_target(raw.get("target_seconds"), where, problems)
    points = _parse_points(raw.get("talking_points"), where, problems)
    outline = _parse_outline(raw.get("outline", []), where, problems)
    if len(problems.items) > bad:
        return None
    return Question(id=qid, number=number, group=group, text=" ".join(text.split()),
                    probes=" ".join(probes.split()), star_expected=star,
                    target_min_s=tmin, target_max_s=tmax, talking_points=points,
                    outline=outline)


def _parse_outline(raw: Any, where: str, problems: _Problems) -> tuple[str, ...]:
    """The optional outline: a list of short, non-empty beats."""
    if not isinstance(raw, list):
        problems.add(where, "field 'outline': must be a list of short texts (the beats of "
                            "a strong answer)")
        return ()
    if len(raw) > OUTLINE_MAX_BEATS:
        problems.add(where, f"field 'outline': {len(raw)} beats (at most "
                            f"{OUTLINE_MAX_BEATS}; an outline is not a script)")
    beats = []
    for i, beat in enumerate(raw, start=1):
        if not isinstance(beat, str):
            problems.add(where, f"field 'outline' beat {i}: must be text (in quotes)")
            continue
        text = " ".join(beat.split())
        if not text:
            problems.add(where, f"field 'outline' beat {i}: must not be empty")
        elif len(text) > OUTLINE_MAX_CHARS:
            problems.add(where, f"field 'outline' beat {i}: too long ({len(text)} "
                                f"characters, at most {OUTLINE_MAX_CHARS})")
        else:
            beats.append(text)
    return tuple(beats)


def _parse_target(raw: Any, where: str, problems: _Problems) -> tuple[int, int]:
    if not isinstance(raw, dict) or set(raw) != {"min", "max"}:
        problems.add(where, "field 'target_seconds': must be a table { min = S, max = S }")
        return 0, 0
    lo, hi = raw["min"], raw["max"]
    if not all(isinstance(v, int) and not isinstance(v, bool) and v > 0 for v in (lo, hi)):
        problems.add(where, "field 'target_seconds': min and max must be positive whole seconds")
        return 0, 0
    if lo > hi:
        problems.add(where, f"field 'target_seconds': min ({lo}) is greater than max ({hi})")
    return lo, hi


def _parse_points(raw: Any, where: str, problems: _Problems) -> tuple[TalkingPoint, ...]:
    if not isinstance(raw, list) or not raw:
        problems.add(where, "field 'talking_points': must list at least one talking point")
        return ()
    points = []
    for i, p in enumerate(raw, start=1):
        if not isinstance(p, dict):
            problems.add(where, f"field 'talking_points' item {i}: must be a table")
            continue
        for key in sorted(set(p) - _POINT_KEYS):
            problems.add(where, f"field 'talking_points' item {i}: unknown key '{key}'")
        name, keywords = p.get("point"), p.get("keywords")
        if not _nonempty_str(name):
            problems.add(where, f"field 'talking_points' item {i}: 'point' must not be empty")
            continue
        if not isinstance(keywords, list) or not keywords or not all(
                _nonempty_str(k) for k in keywords):
            problems.add(where, f"field 'talking_points' item {i} ('{name}'): "
                                "'keywords' must be a list of non-empty words or phrases")
            continue
        points.append(TalkingPoint(name.strip(), tuple(k.strip().lower() for k in keywords)))
    return tuple(points)


def _parse_skills(raw: Any, problems: _Problems, seen: dict[str, int]) -> list[Skill]:
    if not isinstance(raw, list):
        problems.add("bank", "field 'skills': must be a list of [[skills]] tables")
        return []
    skills = []
    for i, s in enumerate(raw, start=1):
        if not isinstance(s, dict):
            problems.add(f"skill {i}", "must be a table")
            continue
        sid = s.get("id")
        where = f"skill '{sid}'" if isinstance(sid, str) else f"skill {i}"
        for key in sorted(set(s) - _SKILL_KEYS):
            problems.add(where, f"unknown key '{key}'")
        if not isinstance(sid, str) or not _ID_RE.match(sid):
            problems.add(where, f"field 'id': {sid!r} is not a valid id")
            continue
        qids = s.get("questions", [])
        if not isinstance(qids, list) or not all(isinstance(q, str) for q in qids):
            problems.add(where, "field 'questions': must be a list of question ids")
            continue
        for q in qids:
            if q not in seen:
                problems.add(where, f"field 'questions': unknown question id '{q}'")
        skills.append(Skill(sid, str(s.get("name", sid)), str(s.get("about", "")), tuple(qids)))
    return skills

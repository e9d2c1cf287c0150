"""`mockinterview questions`: list the bank's questions, or show one in full."""

from __future__ import annotations

import argparse
import textwrap

from mockinterview.bank import GROUPS, Question, load_bank
from mockinterview.lexicon import GROUP_LABELS
from mockinterview.commands.common import add_bank_arg, add_command, add_json_arg, print_json
from mockinterview.errors import SelectionError


def register(sub: argparse._SubParsersAction) -> None:
    p = add_command(sub, "questions", help="list the questions in a bank, or show one",
                    description="List the questions of a bank (default: medical_secretary).\n"
                                "`mockinterview questions show ID` prints one question with "
                                "what it probes, its talking points and the outline of a "
                                "strong answer.")
    add_bank_arg(p)
    p.add_argument("--group", "--category", dest="group", choices=GROUPS,
                   help="only questions of this group (--category is the old name)")
    add_json_arg(p, "the questions")
    p.set_defaults(func=list_questions)
    inner = p.add_subparsers(dest="questions_command", metavar="show")
    show = add_command(inner, "show", help="show one question in full")
    show.add_argument("id", metavar="ID", help="question id (see `mockinterview questions`)")
    show.add_argument("--bank", metavar="NAME|PATH", default=argparse.SUPPRESS,
                      help="question bank (default: medical_secretary)")
    add_json_arg(show, "the question")
    show.set_defaults(func=show_question)


def list_questions(args: argparse.Namespace) -> int:
    bank = load_bank(args.bank)
    questions = [q for q in bank.questions if args.group in (None, q.group)]
    if args.json:
        print_json([q.to_dict() for q in questions])
        return 0
    print(f"{bank.title}: {len(questions)} questions")
    for group in GROUPS:
        in_group = [q for q in questions if q.group == group]
        if not in_group:
            continue
        print(f"\n{GROUP_LABELS[group]} ({group})")
        for q in in_group:
            star = " [STAR]" if q.star_expected else ""
            first = f"  {q.id:<28} "
            print(textwrap.fill(q.text + star, width=100, initial_indent=first,
                                subsequent_indent=" " * len(first)))
    return 0


def describe(q: Question) -> str:
    """A question in full, as plain text."""
    lines = [f"{q.id}  ({GROUP_LABELS[q.group]}, question {q.number})", "",
             textwrap.fill(q.text, 100), ""]
    if q.probes:
        lines += ["What the interviewer is listening for:",
                  textwrap.fill(q.probes, 100, initial_indent="  ", subsequent_indent="  "), ""]
    lines.append(f"Target length: {q.target_min_s}-{q.target_max_s} s"
                 + ("   STAR story expected" if q.star_expected else ""))
    if q.skills:
        lines.append("Skills shown: " + ", ".join(q.skills))
    lines += ["", "Talking points:"]
    for p in q.talking_points:
        lines.append(f"  - {p.name}: " + ", ".join(p.keywords))
    lines += outline_lines(q)
    return "\n".join(lines)


def outline_lines(q: Question) -> list[str]:
    """The question's answer outline as numbered beats (nothing when the bank has none)."""
    if not q.outline:
        return []
    lines = ["", "Outline of a strong answer:"]
    for i, beat in enumerate(q.outline, start=1):
        lines.append(textwrap.fill(beat, 100, initial_indent=f"  {i}. ",
                                   subsequent_indent="     "))
    return lines


def show_question(args: argparse.Namespace) -> int:
    bank = load_bank(getattr(args, "bank", None))
    try:
        q = bank.get(args.id)
    except Exception as exc:
        raise SelectionError(str(exc)) from None
    if args.json:
        print_json(q.to_dict())
    else:
        print(describe(q))
    return 0

"""`mockinterview banks`: list and validate question banks."""

from __future__ import annotations

import argparse
from collections import Counter

from mockinterview.bank import GROUPS, available_banks, load_bank
from mockinterview.commands.common import add_command
from mockinterview.errors import BankError


def register(sub: argparse._SubParsersAction) -> None:
    p = add_command(sub, "banks", help="list or check question banks",
                    description="List the question banks found, or check bank files.")
    p.set_defaults(func=list_banks)
    inner = p.add_subparsers(dest="banks_command", metavar="check")
    check = add_command(inner, "check", help="validate bank files (default: every bank found)",
                        description="Validate question banks. Prints one summary line per good "
                                    "bank; exits 1 listing every problem otherwise.")
    check.add_argument("paths", nargs="*", metavar="PATH", help="bank files or names")
    check.set_defaults(func=check_banks)


def _summary(name: str) -> str:
    bank = load_bank(name)
    counts = Counter(q.group for q in bank.questions)
    groups = ", ".join(f"{g} {counts[g]}" for g in GROUPS if counts[g])
    outlined = sum(1 for q in bank.questions if q.outline)
    return (f"ok  {bank.path}: {bank.id}, {len(bank.questions)} questions ({groups}), "
            f"{len(bank.skills)} skills, {outlined} outlines")


def list_banks(args: argparse.Namespace) -> int:
    for name, path in available_banks().items():
        print(f"{name:<24} {path}")
    return 0


def check_banks(args: argparse.Namespace) -> int:
    targets = args.paths or [str(p) for p in available_banks().values()]
    problems: list[str] = []
    for target in targets:
        try:
            print(_summary(target))
        except BankError as exc:
            problems.append(str(exc))
    if problems:
        raise BankError("\n".join(problems))
    return 0

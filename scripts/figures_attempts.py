"""Figures for issue 16, printed as the candidate sees them: the comparison after a second
try in a typed session, and the skills matrix at the end of a typed 5-question session.

    .venv/bin/python scripts/figures_attempts.py

Runs `mockinterview practice --type` in a throw-away recordings folder with the answers
below typed in (answers written for this script; nothing is recognised, typed text is the
transcript), and prints the parts of the screen that show the two figures.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

FIRST_TRY = ("um so last year uh our clinic had a scheduling mix up between two doctors. um I "
             "was responsible for fixing it. uh I called every patient and um like rebooked "
             "them")
SECOND_TRY = ("Last year a mix-up booked two doctors into one room for the same morning. I "
              "was responsible for the diary, so I had to fix it. I called every patient "
              "myself, explained the change and rebooked them the same day. In the end every "
              "patient was seen that week with no complaints, and since then we confirm room "
              "changes in writing.")
FIVE = [
    ("experience-and-motivation",
     "I have worked for four years at the front desk of a busy clinic and I enjoy making "
     "patients feel welcome from the first phone call."),
    ("upset-patient", "I would ask them to wait."),
    ("time-management-tools",
     "I use the outlook calendar and a to do list, I prioritise urgent tasks first, and it "
     "keeps the whole team on track."),
    ("patient-privacy",
     "I keep everything confidential, follow the data protection policy, lock my screen with "
     "a password and verify identity before sharing anything."),
    ("many-patients-at-once",
     "Last winter our waiting room was full and two colleagues were off sick. I had to keep "
     "the queue moving. I prioritised patients by urgency, kept everyone informed about wait "
     "times and asked a colleague to help. In the end everyone was seen on time."),
]


def practice(rec: Path, questions: list[str], answers: list[str], *extra: str
             ) -> subprocess.CompletedProcess:
    args = [sys.executable, "-m", "mockinterview", "practice", "--type", "--no-speech",
            "--think-seconds", "0", "--recordings", str(rec), *extra]
    for q in questions:
        args += ["--question", q]
    env = {**os.environ, "PYTHONPATH": str(REPO), "COLUMNS": "100"}
    result = subprocess.run(args, input="".join(a + "\n\n" for a in answers), text=True,
                            capture_output=True, cwd=REPO, env=env, timeout=300)
    if result.returncode != 0:
        sys.exit(f"practice failed:\n{result.stderr}")
    return result


def between(text: str, start: str, end: str | None) -> str:
    i = text.index(start)
    j = text.index(end, i) if end else len(text)
    # Back to the start of the line (rich centres table titles).
    i = text.rfind("\n", 0, i) + 1
    return text[i:j].rstrip()


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        rec = Path(tmp) / "rec"
        one = practice(rec, ["communication-issue"], [FIRST_TRY, SECOND_TRY],
                       "--attempts", "2", "--follow-ups", "off")
        print("== A typed session with two attempts: the comparison as the candidate sees it")
        print("   (practice --type --attempts 2 --follow-ups off --question communication-issue)\n")
        print(between(one.stderr, "Your tries at", None))
        five = practice(Path(tmp) / "rec5", [q for q, _ in FIVE], [a for _, a in FIVE],
                        "--follow-ups", "off")
        print("\n== The skills matrix of a 5-question typed session")
        print("   (practice --type with " + ", ".join(q for q, _ in FIVE) + ")\n")
        print(between(five.stdout, "Skills your answers showed", "Session saved"))


if __name__ == "__main__":
    main()

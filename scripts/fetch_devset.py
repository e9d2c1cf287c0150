#!/usr/bin/env python3
"""Rebuild the development set's third-party texts from their public pages (internet, or --pages).

Each item of tests/data/devset/devset.toml names its page (`url`), the first and last words
of the passage (`starts`, `ends`) and the sha256 of its normalised text. This script fetches
each page, turns it into plain text, finds the passage and keeps it only if the hash matches
(pages change: a changed passage is reported, never used, so labels always fit their text).
Texts go to the local cache (.cache/devset/texts.json, or $MOCKINTERVIEW_DEVSET_DIR), folder
0700 and file 0600; tests and scripts/bench_analysis.py read them from there.

Usage: .venv/bin/python scripts/fetch_devset.py [--only ID ...] [--pages DIR]

With --pages, the pages are read from a folder instead of the network: DIR/ID.html or
DIR/ID.txt for item ID (a page saved from a browser, or its text copied out), checked by the
same hash.
"""

from __future__ import annotations

import argparse
import hashlib
import html
import json
import os
import re
import sys
import urllib.request
from html.parser import HTMLParser
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from mockinterview.analysis.devset import CACHE_DEFAULT, WORD_RE, normalise_text  # noqa: E402
from mockinterview.tomlcompat import tomllib  # noqa: E402

DEVSET = REPO / "tests/data/devset/devset.toml"
_TIMESTAMP = re.compile(r"\b\d\d:\d\d:\d\d[.,]\d+ \| ")  # transcript pages' time columns


class _Text(HTMLParser):
    """Visible text of a page, one block per line."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in {"script", "style", "noscript"}:
            self._skip += 1
        elif tag in {"p", "br", "div", "li", "h1", "h2", "h3", "h4", "tr"}:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in {"script", "style", "noscript"} and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def page_text(raw: bytes, content_type: str) -> str:
    text = raw.decode("utf-8", errors="replace")
    if "html" in content_type or text.lstrip()[:1] == "<":
        p = _Text()
        p.feed(text)
        text = "".join(p.parts)
    return normalise_text(_TIMESTAMP.sub("", html.unescape(text)))


def find_passage(text: str, starts: str, ends: str, sha: str) -> str | None:
    """The passage from the words `starts` to the words `ends` whose hash is `sha`."""
    matches = list(WORD_RE.finditer(text))
    words = [m.group() for m in matches]
    first, last = starts.split(), ends.split()
    for i in range(len(words) - len(first) + 1):
        if words[i:i + len(first)] != first:
            continue
        for j in range(i, len(words) - len(last) + 1):
            if words[j:j + len(last)] == last:
                end = matches[j + len(last) - 1].end()
                # The passage may end in punctuation after its last word.
                for extra in range(0, 4):
                    candidate = normalise_text(text[matches[i].start():end + extra])
                    if hashlib.sha256(candidate.encode()).hexdigest() == sha:
                        return candidate
    return None


def fetched_page(url: str, fetched: dict[str, str | None], item_id: str) -> str | None:
    """The text of the page at url, fetched once (None, reported, when it cannot be)."""
    if url not in fetched:
        try:
            req = urllib.request.Request(url, headers={"User-Agent": "mockinterview"})
            with urllib.request.urlopen(req, timeout=30) as r:
                fetched[url] = page_text(r.read(), r.headers.get("Content-Type", ""))
        except Exception as exc:  # noqa: BLE001 - any network failure is reported
            print(f"{item_id}: could not fetch {url}: {exc}")
            fetched[url] = None
    return fetched[url]


def saved_page(folder: Path, item_id: str) -> str | None:
    """The text of item_id's page saved in folder, or None when there is none."""
    for name, kind in ((f"{item_id}.html", "text/html"), (f"{item_id}.txt", "text/plain")):
        path = folder / name
        if path.is_file():
            return page_text(path.read_bytes(), kind)
    return None


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--only", nargs="*", help="item ids to fetch (default: all missing)")
    ap.add_argument("--cache", type=Path, default=CACHE_DEFAULT, metavar="DIR",
                    help=f"where the texts go (default: {CACHE_DEFAULT})")
    ap.add_argument("--pages", type=Path, metavar="DIR",
                    help="read saved pages DIR/ID.html or DIR/ID.txt instead of fetching")
    args = ap.parse_args()
    if args.pages is not None and not args.pages.is_dir():
        ap.error(f"--pages: {args.pages} is not a folder")
    items = [it for it in tomllib.loads(DEVSET.read_text(encoding="utf-8"))["item"]
             if "text" not in it and (not args.only or it["id"] in args.only)]
    args.cache.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(args.cache, 0o700)
    store = args.cache / "texts.json"
    texts = json.loads(store.read_text(encoding="utf-8")) if store.is_file() else {}
    fetched: dict[str, str | None] = {}  # pages by url: several items share one page
    ok = changed = failed = 0
    for it in items:
        if args.pages is not None:
            where, page = f"the saved page of {it['id']}", saved_page(args.pages, it["id"])
        else:
            where, page = it["url"], fetched_page(it["url"], fetched, it["id"])
        if page is None:
            failed += 1
            continue
        passage = find_passage(page, it["starts"], it["ends"], it["sha256"])
        if passage is None:
            print(f"{it['id']}: the passage is no longer on {where} as labelled; skipped")
            changed += 1
            continue
        texts[it["id"]] = passage
        ok += 1
    tmp = store.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump(texts, f, ensure_ascii=False, indent=1)
    os.replace(tmp, store)
    missing = "not saved" if args.pages is not None else "unreachable"
    print(f"{ok} passages rebuilt, {changed} changed on their pages, {failed} pages {missing}; "
          f"cache: {store}")


if __name__ == "__main__":
    main()

"""The development set by people outside the project (tests/data/devset/, DEVSET.md there).

Its shape and labels are checked always. Accuracy needs the third-party texts, which are not
in the repository: scripts/fetch_devset.py rebuilds them into the local cache, and the tests
that need them skip (saying so) when they are absent. Floors sit slightly below the figures
scripts/bench_analysis.py measured, so a regression fails and honest rule changes have room.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from collections import Counter

import pytest

from mockinterview.analysis import analyse_answer
from mockinterview.analysis.devset import (WORD_RE, as_recognised, evaluate_devset,
                                           load_devset)
from mockinterview.lexicon import STAR_ELEMENTS
from mockinterview.transcript import Transcript
from tests.conftest import DATA, REPO

DEVSET = DATA / "devset" / "devset.toml"

# Measured 2026-12-02 (session 23) with batches 1-5 (scripts/bench_analysis.py), on the 175
# development texts present here (281 of 336 items; batches 1-4 rebuilt from stored pages,
# see DEVSET.md): STAR S 0.891 T 0.937 A 0.857 R 0.880; recall S 0.882 T 0.692 A 0.824 R 0.721;
# discourse fillers P 0.875 R 0.984; evidence precision 0.811; as a recogniser gives it mean
# 0.889. Batch 5 is new material the rules were never tuned on, which lowered the development
# figures; the floors sit below them. Task recall rests on some twenty-five labelled tasks
# (0.04 each). Held-out parts, measured before the rules changed and after, never inspected:
# see BENCHMARKS.md; the floors sit below the lowest of those figures.
DEV_STAR_FLOOR = {"situation": 0.87, "task": 0.91, "action": 0.83, "result": 0.85}
DEV_RECALL_FLOOR = {"situation": 0.85, "task": 0.65, "action": 0.79, "result": 0.69}
DEV_FILLER_F1_FLOOR = 0.90
DEV_EVIDENCE_FLOOR = 0.78
DEV_RECOGNISED_MEAN_FLOOR = 0.86
HELDOUT_STAR_FLOOR = {"situation": 0.75, "task": 0.90, "action": 0.84, "result": 0.72}
HELDOUT_EVIDENCE_FLOOR = 0.68


@pytest.fixture(scope="module")
def items():
    return load_devset(DEVSET)


def test_the_set_is_large_real_and_sourced(items):
    assert len(items) >= 150
    assert len({i.id for i in items}) == len(items)
    assert all(i.url.startswith(("http://", "https://")) for i in items)
    assert len({i.role for i in items}) >= 30
    kinds = Counter(i.kind for i in items)
    assert kinds["spoken"] >= 40  # oral histories, podcasts, testimony
    assert sum(i.star["situation"] for i in items) >= 40  # stories, not only statements
    assert sum(not any(i.star.values()) for i in items) >= 20  # and answers with no STAR
    assert sum(i.hypothetical for i in items) >= 3 and sum(i.we_only for i in items) >= 5


def test_held_out_part_is_a_third_and_split_by_source(items):
    held = [i for i in items if i.split == "heldout"]
    assert {i.split for i in items} == {"dev", "heldout"}
    assert 0.30 <= len(held) / len(items) <= 0.40
    # Passages of one page never straddle the split, so nothing tuned leaks into it.
    assert not {i.url for i in held} & {i.url for i in items if i.split == "dev"}


def test_labels_fit_their_words_and_hash(items):
    for i in items:
        if i.text is None:
            continue
        assert hashlib.sha256(i.text.encode()).hexdigest() == i.sha256, i.id
        words = [w.lower() for w in WORD_RE.findall(i.text)]
        bare = [w.strip("'") for w in words]  # "'you know, we can't...'": a quote mark
        for index, marker in i.fillers:
            spellings = {marker, {"kind of": "kinda", "sort of": "sorta"}.get(marker, marker)}
            assert any(" ".join(bare[index:index + len(m.split())]) == m
                       for m in spellings), i.id
        for e in STAR_ELEMENTS:
            assert i.star[e] == bool(i.spans[e]), (i.id, e)
            assert all(0 <= a <= b < len(words) for a, b in i.spans[e]), (i.id, e)


@pytest.mark.slow
def test_public_domain_items_carry_their_text(items):
    pd = [i for i in items if i.text is not None and "public domain" in _licence(i.id)]
    assert len(pd) >= 15


def _licence(item_id: str) -> str:
    from mockinterview.tomlcompat import tomllib
    data = tomllib.loads(DEVSET.read_text(encoding="utf-8"))
    return next(it["licence"] for it in data["item"] if it["id"] == item_id)


def test_quotes_are_the_words_at_their_positions(items):
    """Every STAR and filler quote is exactly the answer's words at its stored indexes."""
    checked = present = 0
    for i in items:
        if i.text is None:
            continue
        present += 1
        words = Transcript.from_text(i.text).words
        r = analyse_answer(Transcript.from_text(i.text))
        for spans in r.measures.star.evidence.values():
            for ev in spans:
                said = " ".join(w.word.lower() for w in words[ev.index:ev.end_index + 1])
                spoken = [w for w in WORD_RE.findall(said.replace("’", "'"))
                          if any(ch.isalnum() for ch in w)]  # "--" is no word of a quote
                spoken = [w.strip("'-") for w in spoken]
                quoted = ev.text.split()
                # The quote reads without fillers and stutters: its words are the span's
                # words in order, from its first word to its last.
                assert spoken[0] == quoted[0] and spoken[-1] == quoted[-1], i.id
                it = iter(spoken)
                assert all(w in it for w in quoted), i.id
                checked += 1
        for f in r.filler_events:
            assert words[f.index].word.lower().strip(".,!?'\"").startswith(f.text.split()[0])
    # Something was checked: most answers quote at least one element (without the fetched
    # texts only the public-domain ones are here).
    assert present and checked >= present / 2, (checked, present)


def test_fetch_finds_a_passage_by_its_locator(items):
    sys.path.insert(0, str(REPO / "scripts"))
    import fetch_devset

    item = next(i for i in items if i.text is not None)
    page = (f"<html><body><p>Menu</p><p>{item.text}</p><script>x()</script></body></html>")
    from mockinterview.tomlcompat import tomllib
    raw = next(it for it in tomllib.loads(DEVSET.read_text(encoding="utf-8"))["item"]
               if it["id"] == item.id)
    text = fetch_devset.page_text(page.encode(), "text/html")
    assert fetch_devset.find_passage(text, raw["starts"], raw["ends"], raw["sha256"]) == \
        item.text
    # A changed page is never used: its passage no longer has the labelled hash.
    changed = text.replace(raw["ends"].split()[-1], "changed")
    assert fetch_devset.find_passage(changed, raw["starts"], raw["ends"],
                                     raw["sha256"]) is None


def test_fetch_reads_saved_pages_instead_of_the_network(items, tmp_path):
    """--pages DIR: a page saved as DIR/ID.html is read and checked by the same hash."""
    sys.path.insert(0, str(REPO / "scripts"))
    import fetch_devset

    item = next(i for i in items if i.text is not None)
    (tmp_path / f"{item.id}.html").write_text(
        f"<html><body><p>Cookies</p><p>{item.text}</p></body></html>", encoding="utf-8")
    assert item.text in fetch_devset.saved_page(tmp_path, item.id)
    assert "<p>" not in fetch_devset.saved_page(tmp_path, item.id)
    (tmp_path / "other.txt").write_text("plain text  saved\n", encoding="utf-8")
    assert fetch_devset.saved_page(tmp_path, "other") == "plain text saved"
    assert fetch_devset.saved_page(tmp_path, "absent") is None


def test_fetch_with_no_saved_pages_says_so_and_keeps_the_cache_private(tmp_path):
    pages, cache = tmp_path / "pages", tmp_path / "cache"
    pages.mkdir()
    out = subprocess.run([sys.executable, str(REPO / "scripts/fetch_devset.py"), "--pages",
                          str(pages), "--cache", str(cache)], capture_output=True, text=True,
                         timeout=60, check=True).stdout
    assert out.startswith("0 passages rebuilt") and "pages not saved" in out, out
    assert (cache / "texts.json").stat().st_mode & 0o777 == 0o600
    assert cache.stat().st_mode & 0o777 == 0o700


def test_a_later_batch_is_appended_with_its_own_held_out_part(tmp_path):
    """scripts/devset_labels.py --append: new items keep their labels, gain `batch`, and get a
    held-out part drawn over their own sources; the items already there stay as they were."""
    base = tmp_path / "devset.toml"
    base.write_text(DEVSET.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "cache").mkdir()
    (tmp_path / "cache" / "texts.json").write_text('{"kept": "an older text"}')
    work = tmp_path / "work.toml"
    stories = ["{S One busy Monday at the pharmacy a customer came in [like] shouting.} "
               "{A I took him aside and checked the order.} {R He left calm.}",
               "[So] {A I always read the notes first} and then I call back."]
    work.write_text("".join(
        f'[[item]]\nid = "t-{n}"\nurl = "https://example.org/{n}"\nrole = "pharmacy"\n'
        f'kind = "behavioural"\ntext = """{text}"""\n\n'
        for n in range(10) for text in [stories[n % 2]]), encoding="utf-8")
    script = [sys.executable, str(REPO / "scripts/devset_labels.py"), "--out", str(base),
              "--cache", str(tmp_path / "cache"), "--append", "9", str(work)]
    subprocess.run(script, capture_output=True, text=True, timeout=60, check=True)
    items = load_devset(base, tmp_path / "cache")
    old, new = items[:-10], items[-10:]
    assert old == load_devset(DEVSET, tmp_path / "cache")
    assert all(i.batch == 9 for i in new)
    assert 3 <= sum(i.split == "heldout" for i in new) <= 4
    first = new[0]
    assert first.text.startswith("One busy Monday") and first.fillers == ((10, "like"),)
    assert first.spans["situation"] == ((0, 11),) and first.star["result"]
    assert not new[1].star["situation"] and new[1].fillers == ((0, "so"),)
    cache = tmp_path / "cache" / "texts.json"
    assert cache.stat().st_mode & 0o777 == 0o600 and "an older text" in cache.read_text()
    # The same items again are refused: ids and pages may be labelled only once.
    again = subprocess.run(script, capture_output=True, text=True, timeout=60)
    assert again.returncode != 0 and "already in" in again.stderr


def test_compare_rules_measures_a_revision_against_the_checkout():
    """scripts/compare_rules.py: the same rules at HEAD and in the checkout give the same
    figures, batch by batch; a revision that does not exist is a clear error."""
    script = [sys.executable, str(REPO / "scripts/compare_rules.py")]
    if not (REPO / ".git").exists():
        pytest.skip("not a git checkout: there are no revisions to compare")
    dirty = subprocess.run(["git", "-C", str(REPO), "status", "--porcelain", "--",
                            "mockinterview"], capture_output=True, text=True).stdout
    if dirty:
        pytest.skip("the analyser has uncommitted changes: HEAD and the checkout differ")
    out = subprocess.run(script + ["HEAD", "--split", "all"], capture_output=True, text=True,
                         timeout=600, check=True).stdout
    then = [ln.rsplit("(", 1)[0] for ln in out.splitlines() if ln.endswith("(HEAD)")]
    now = [ln.rsplit("(", 1)[0] for ln in out.splitlines() if ln.endswith("(now)")]
    assert then and then == now, out
    bad = subprocess.run(script + ["no-such-revision"], capture_output=True, text=True,
                         timeout=60)
    assert bad.returncode != 0 and "cannot check out no-such-revision" in bad.stderr


def test_learned_baseline_learns_and_says_when_texts_are_missing(tmp_path):
    """scripts/learned_baseline.py: its logistic regression separates what can be separated,
    the penalty is chosen among the listed ones, and without the texts it says what to run."""
    sys.path.insert(0, str(REPO / "scripts"))
    import learned_baseline
    import numpy as np

    x = np.array([[0.0, 1.0], [0.1, 0.9], [1.0, 0.0], [0.9, 0.2]] * 5)
    y = np.array([1.0, 1.0, 0.0, 0.0] * 5)
    w = learned_baseline.fit(x, y, 0.01)
    assert list(learned_baseline.predict(w, x)) == [True, True, False, False] * 5
    folds = np.arange(len(y)) % 5
    assert learned_baseline.chosen_penalty(x, y, folds) in learned_baseline.STRENGTHS
    run = subprocess.run([sys.executable, str(REPO / "scripts/learned_baseline.py")],
                         capture_output=True, text=True, timeout=120,
                         env={**os.environ, "MOCKINTERVIEW_DEVSET_DIR": str(tmp_path)})
    assert run.returncode != 0 and "run scripts/fetch_devset.py" in run.stderr


def test_label_agreement_compares_a_second_labeller_with_the_first(tmp_path):
    """scripts/label_agreement.py: a flipped element and a missing filler show up in the
    figures; what both labelled the same agrees fully (kappa is 1 for full agreement)."""
    sys.path.insert(0, str(REPO / "scripts"))
    import label_agreement

    assert label_agreement.kappa([(True, True), (False, False)]) == 1.0
    assert label_agreement.kappa([(True, False), (False, True)]) < 0
    from mockinterview.tomlcompat import tomllib
    items = tomllib.loads(DEVSET.read_text(encoding="utf-8"))["item"]
    with_s = next(it for it in items if "S" in it["star"] and not it["fillers"])
    with_fillers = next(it for it in items if it["fillers"])
    rows = []
    for it in (with_s, with_fillers):
        star = it["star"].replace("S", "") if it is with_s else it["star"]
        fillers = [] if it is with_fillers else it["fillers"]
        rows += ["[[item]]", f'id = "{it["id"]}"', f'star = "{star}"',
                 f"hypothetical = {str(it['hypothetical']).lower()}",
                 f"we_only = {str(it['we_only']).lower()}", f"fillers = {fillers}", ""]
    second = tmp_path / "second.toml"
    second.write_text("\n".join(rows).replace("'", '"'), encoding="utf-8")
    out = subprocess.run([sys.executable, str(REPO / "scripts/label_agreement.py"), "--second",
                          str(second)], capture_output=True, text=True, timeout=60,
                         check=True).stdout
    lines = {ln.split()[0]: ln for ln in out.splitlines()[1:]}
    assert "Two labellers on 2 items" in out
    assert "agreement 0.500" in lines["situation"] and "agreement 1.000" in lines["task"]
    assert "R 0.000" in lines["discourse"]


FILL_CACHE = "run scripts/fetch_devset.py (needs internet, or --pages DIR of saved pages)"


@pytest.fixture(scope="module")
def dev_accuracy(items):
    dev = [i for i in items if i.split == "dev"]
    present = [i for i in dev if i.text is not None]
    # The floors hold for the texts present; pages that changed since labelling drop out, so
    # most, not all, are needed.
    if len(present) < 0.75 * len(dev):
        pytest.skip(f"only {len(present)} of {len(dev)} development texts are in the local "
                    f"cache: {FILL_CACHE}")
    return evaluate_devset(present)


@pytest.mark.parametrize("element", STAR_ELEMENTS)
def test_star_accuracy_and_recall_on_the_development_part(dev_accuracy, element):
    assert dev_accuracy.star_accuracy(element) >= DEV_STAR_FLOOR[element], \
        dev_accuracy.mistakes
    assert dev_accuracy.star_recall(element) >= DEV_RECALL_FLOOR[element], \
        dev_accuracy.mistakes


def test_discourse_fillers_on_the_development_part(dev_accuracy):
    assert dev_accuracy.prf()[2] >= DEV_FILLER_F1_FLOOR, dev_accuracy.mistakes


def test_evidence_precision_on_the_development_part(dev_accuracy):
    assert dev_accuracy.evidence_precision >= DEV_EVIDENCE_FLOOR, dev_accuracy.mistakes


def test_the_analyser_holds_on_text_as_a_recogniser_gives_it(items):
    """Vosk gives lower case words without punctuation; the rules must not lean on either."""
    dev = [i for i in items if i.split == "dev"]
    present = [as_recognised(i) for i in dev if i.text is not None]
    if len(present) < 0.75 * len(dev):
        pytest.skip(f"only {len(present)} of {len(dev)} development texts are in the local "
                    f"cache: {FILL_CACHE}")
    assert all(i.text == i.text.lower() and "." not in i.text for i in present)
    acc = evaluate_devset(present)
    mean = sum(acc.star_accuracy(e) for e in STAR_ELEMENTS) / len(STAR_ELEMENTS)
    assert mean >= DEV_RECOGNISED_MEAN_FLOOR, acc.mistakes


@pytest.fixture(scope="module")
def heldout_accuracy(items):
    held = [i for i in items if i.split == "heldout"]
    present = [i for i in held if i.text is not None]
    if len(present) < 0.75 * len(held):
        pytest.skip(f"only {len(present)} of {len(held)} held-out texts are in the local "
                    f"cache: {FILL_CACHE}")
    return evaluate_devset(present)


def test_held_out_part_generalises(heldout_accuracy):
    """Figures only: the held-out disagreements are never printed, so never tuned on."""
    for e in STAR_ELEMENTS:
        assert heldout_accuracy.star_accuracy(e) >= HELDOUT_STAR_FLOOR[e], e
    assert heldout_accuracy.evidence_precision >= HELDOUT_EVIDENCE_FLOOR

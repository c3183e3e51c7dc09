"""Tests of recipes/build_framing_pairs.py: labels, group splits (a group in one split only), seeds."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from recipes import build_framing_pairs as build
from recipes.splits import split_of

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "data"
needs_shared = pytest.mark.skipif(not SHARED.is_dir(), reason=f"shared data not found: {SHARED}")
KEYS = {"text_a", "text_b", "label", "source", "group", "subset"}


def _check_rows(rows, source_set):
    assert rows, f"no {source_set} rows"
    for split, row in rows:
        assert set(row) == KEYS
        assert row["label"] in (0, 1)
        name, key = row["group"].split(":", 1)
        assert name == source_set
        # The group key is the one recipes/build_nli_data.py splits on, so each row lands in its group's split.
        expected = split_of(name, int(key)) if name == "perspectrum" else split_of(name, key)
        assert split == expected and split in build.SPLITS


def test_headline_body_tags_each_body_with_its_split():
    bodies = {str(i): f"Body {i} says the mayor resigned on Monday. It adds other things here." for i in range(60)}
    stances = [{"Headline": f"Mayor resigned {i}", "Body ID": str(i), "Stance": s}
               for i in range(60) for s in ("agree", "disagree", "discuss", "unrelated")]
    rows = build.headline_body("fnc1", stances, bodies)
    kept = {r["group"] for _, r in rows}
    assert kept == {f"fnc1:{i}" for i in range(60)}
    for split, row in rows:
        assert split == split_of("fnc1", row["group"].split(":")[1])
        assert row["subset"] == "news" and row["source"] == "fnc1"
    assert sum(r["label"] for _, r in rows) == len(kept)  # one disagree per body -> 1, the rest 0


@needs_shared
@pytest.mark.parametrize(
    "reader, source_set, subset",
    [(build.emergent, "emergent", "news"), (build.perspectrum, "perspectrum", "argument"),
     (build.ibm_argkp, "ibm_argkp", "argument"), (build.basil, "basil", "outlets")],
)
def test_small_sources(reader, source_set, subset):
    rows = [(split, row) for split, row in reader(SHARED) if row is not None]
    _check_rows(rows, source_set)
    assert {row["subset"] for _, row in rows} == {subset}
    assert {row["label"] for _, row in rows} == {0, 1}


@needs_shared
def test_perspectrum_labels():
    data = json.loads((SHARED / "stance/perspectrum/perspectrum_with_answers_v1.0.json").read_text())
    claims = {c["cId"]: c["text"] for c in data}
    for _, row in build.perspectrum(SHARED):
        if row["source"] == "perspectrum_claim":
            assert row["text_a"] == build.clean_text(claims[int(row["group"].split(":")[1])])


def test_seed_pairs_are_quoted_and_labeled():
    article = (ROOT / "seeds" / "000_bce12cd754ad89bf.txt").read_text(encoding="utf-8")
    lines = (ROOT / "seeds" / "seed_pairs.jsonl").read_text(encoding="utf-8").splitlines()
    pairs = [json.loads(line) for line in lines]
    assert len(pairs) >= 25
    assert {p["label"] for p in pairs} == {0, 1}
    for p in pairs:
        assert set(p) == {"party_a", "text_a", "party_b", "text_b", "label", "reason"}
        assert p["party_a"] != p["party_b"]
        assert p["text_a"] in article and p["text_b"] in article
        assert p["reason"].strip()


def test_basil_pairs_label_opposite_framing_of_one_target():
    import random

    from recipes import basil

    items = [{"sentence": "Obama's plan is a bold step.", "target": "Obama", "polarity": "pos", "outlet": "nyt"},
             {"sentence": "Obama's plan is a reckless gamble.", "target": "Obama", "polarity": "neg", "outlet": "fox"},
             {"sentence": "Obama ignored the critics.", "target": "Obama", "polarity": "neg", "outlet": "hpo"},
             {"sentence": "Boehner stalled the vote again.", "target": "Boehner", "polarity": "neg", "outlet": "hpo"}]
    kinds = {frozenset((a, b)): kind for a, b, kind in basil.pairs(items, random.Random(0), cap=10)}
    assert len(kinds) == 6
    assert kinds[frozenset((items[0]["sentence"], items[1]["sentence"]))] == basil.OPPOSITE
    assert kinds[frozenset((items[1]["sentence"], items[2]["sentence"]))] == basil.SAME_POLARITY
    assert kinds[frozenset((items[0]["sentence"], items[3]["sentence"]))] == basil.OTHER_TARGET
    assert len(basil.pairs(items, random.Random(0), cap=1)) == 3  # at most `cap` of each kind


def test_basil_span_is_found_in_its_sentence():
    from recipes.basil import _sentence_of

    sentences = ["The senator spoke.", "Critics called the bill a disaster."]
    assert _sentence_of({"start": 23, "end": 33, "txt": "a disaster"}, sentences) == sentences[1]
    assert _sentence_of({"start": 0, "end": 5, "txt": "nowhere"}, sentences) is None


@needs_shared
def test_train_split_is_apart_and_leaves_calib_and_dev_unchanged(tmp_path):
    build.build(SHARED, tmp_path / "plain")
    build.build(SHARED, tmp_path / "all", build.KEEP + ("train",))
    assert not (tmp_path / "plain" / "train.jsonl").exists()
    for split in build.KEEP:
        assert (tmp_path / "plain" / f"{split}.jsonl").read_bytes() == (tmp_path / "all" / f"{split}.jsonl").read_bytes()
    read = lambda split: [json.loads(x) for x in (tmp_path / "all" / f"{split}.jsonl").read_text().splitlines()]  # noqa: E731
    train, held = read("train"), read("calib") + read("dev")
    assert train and not {r["group"] for r in train} & {r["group"] for r in held}
    assert not {r["source"] for r in train} & {"basil"}
    pairs = {(r["text_a"], r["text_b"]) for r in held}
    assert not any((r["text_a"], r["text_b"]) in pairs or (r["text_b"], r["text_a"]) in pairs for r in train)

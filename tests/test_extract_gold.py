"""Tests for framing.extract: the hand-annotated gold: what it stores, and the F1 / party gates on the
shared articles.
"""

from __future__ import annotations

import hashlib
import json

import pytest
from extract_helpers import GOLD, SHARED


def _gold() -> list[dict]:
    return [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_gold_file_holds_only_offsets_labels_and_short_excerpts():
    records = _gold()
    assert len(records) >= 11
    assert {r["split"] for r in records} == {"dev", "heldout", "heldout2", "heldout3", "heldout4", "heldout5", "heldout6",
                                             "heldout7", "heldout8", "heldout9", "heldout10", "heldout11"}
    assert sum(r["split"] == "heldout" for r in records) >= 4
    assert sum(r["split"] == "heldout2" for r in records) >= 6
    assert sum(r["split"] == "heldout3" for r in records) >= 10
    assert sum(r["split"] == "heldout4" for r in records) >= 10
    assert sum(r["split"] == "heldout5" for r in records) >= 9
    assert sum(r["split"] == "heldout6" for r in records) >= 10
    assert sum(r["split"] == "heldout7" for r in records) == 18  # the blind set of issue 23 (60 statements)
    assert sum(r["split"] == "heldout8" for r in records) == 18  # its second blind set (54 statements)
    assert sum(r["split"] == "heldout9" for r in records) == 18  # its third, for the hybrid (58 statements)
    assert sum(r["split"] == "heldout10" for r in records) == 18  # its fourth (44 statements)
    assert sum(r["split"] == "heldout11" for r in records) == 18  # its fifth (65 statements)
    assert len({r["source"].split(":")[0] for r in records}) == 3  # seed, BASIL and NeuS
    for r in records:
        assert set(r) == {"source", "path", "sha256", "chars", "split", "parties", "statements"}
        assert len(r["sha256"]) == 64
        for s in r["statements"]:
            assert set(s) == {"start", "end", "speaker", "party", "direct", "excerpt"}
            assert 0 <= s["start"] < s["end"] <= r["chars"]
            assert len(s["excerpt"]) <= 200


@pytest.mark.skipif(not (SHARED / "data").is_dir(), reason="../shared/data is not available")
def test_gold_offsets_match_the_shared_articles_and_quality_holds():
    from recipes.eval_extract import evaluate, held_out_events, load_article

    records = _gold()
    held = held_out_events(SHARED)
    assert not [r["source"] for r in records if any(event in r["source"] for event in held)]
    with pytest.raises(ValueError, match="held-out one"):
        load_article(f"basil:2015/{sorted(held)[0]}_1", SHARED)
    for r in records:
        text = load_article(r["source"], SHARED)
        assert hashlib.sha256(text.encode("utf-8")).hexdigest() == r["sha256"]
        for s in r["statements"]:
            assert text[s["start"] : s["end"]][:200] == s["excerpt"]
    scores = evaluate(records, shared=SHARED, use_parties=True)
    assert scores["f1"] >= 0.80
    assert scores["speaker_acc"] >= 0.80
    heldout = evaluate([r for r in records if r["split"] == "heldout"], shared=SHARED, use_parties=True)
    assert heldout["f1"] >= 0.80
    heldout2 = evaluate([r for r in records if r["split"] == "heldout2"], shared=SHARED, use_parties=True)
    assert heldout2["f1"] >= 0.80
    assert heldout2["party_acc"] >= 0.85
    heldout3 = evaluate([r for r in records if r["split"] == "heldout3"], shared=SHARED, use_parties=True)
    assert heldout3["f1"] >= 0.80
    assert heldout3["party_acc"] >= 0.85
    heldout4 = evaluate([r for r in records if r["split"] == "heldout4"], shared=SHARED, use_parties=True)
    assert heldout4["f1"] >= 0.80  # blind run: 0.817
    assert heldout4["party_acc"] >= 0.85  # blind run: 0.854
    heldout5 = evaluate([r for r in records if r["split"] == "heldout5"], shared=SHARED, use_parties=True)
    assert heldout5["f1"] >= 0.80  # blind run: 0.806
    # blind run: 0.910 (0.898 after later span fixes); 0.890 once its held-out BASIL article left the gold
    assert heldout5["party_acc"] >= 0.88
    heldout6 = evaluate([r for r in records if r["split"] == "heldout6"], shared=SHARED, use_parties=True)
    assert heldout6["f1"] >= 0.66  # blind run: 0.68 (recall 0.55: the new reporting forms); raise with fixes
    assert heldout6["party_acc"] >= 0.85  # blind run: 0.89


def test_invariant_side_hits_renames_sides_one_to_one():
    from recipes.eval_extract import invariant_side_hits

    # two predicted sides for one gold party: only one of them may take its name
    pairs = [("Democrats", "United States"), ("Democrats", "United States"), ("Democrats", "White House"),
             ("Republicans", "Republicans"), ("Pfizer", None), (None, None), (None, "Pfizer")]
    assert invariant_side_hits(pairs) == 4  # 2 renamed + Republicans + None/None
    # one predicted side cannot stand for two gold parties
    assert invariant_side_hits([("A", "x"), ("B", "x"), ("B", "x")]) == 2
    assert invariant_side_hits([]) == 0 and invariant_side_hits([(None, None), ("A", None)]) == 1

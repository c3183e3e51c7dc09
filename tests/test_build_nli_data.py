"""Tests of recipes/build_nli_data.py's second stage: replay share, BASIL events kept out of calibration."""

from __future__ import annotations

import collections
import json
from pathlib import Path

import pytest

from recipes import basil
from recipes.build_nli_data import build_stage2
from recipes.splits import split_of

SHARED = Path(__file__).resolve().parent.parent.parent / "shared" / "data"
needs_shared = pytest.mark.skipif(not SHARED.is_dir(), reason=f"shared data not found: {SHARED}")


@needs_shared
def test_stage2_replays_stage1_and_adds_only_training_events(tmp_path):
    stage1 = [{"premise": f"A man sits {i}.", "hypothesis": "A man stands.", "label": "contradiction", "source": "snli"}
              for i in range(20)]
    (tmp_path / "train.jsonl").write_text("".join(json.dumps(r) + "\n" for r in stage1))
    (tmp_path / "dev.jsonl").write_text(json.dumps(stage1[0]) + "\n")
    build_stage2(SHARED, tmp_path, n_replay=5)
    rows = [json.loads(line) for line in (tmp_path / "stage2.jsonl").open()]
    by_source = collections.Counter(r["source"] for r in rows)
    assert by_source["snli"] == 5
    assert by_source["basil_opposite"] > 0 and by_source["fnc1_disagree_k1"] > 0
    labels = {r["source"]: r["label"] for r in rows}
    assert labels["basil_opposite"] == "contradiction" and labels["basil_other_target"] == "neutral"
    held_out = {i["sentence"] for event, items in basil.events(SHARED).items()
                if split_of("basil", event) != "train" for i in items}
    trained = {t for r in rows if r["source"].startswith("basil_") for t in (r["premise"], r["hypothesis"])}
    # Cleaning can change whitespace; compare on squeezed text.
    squeeze = lambda t: " ".join(t.split())  # noqa: E731
    assert not {squeeze(t) for t in trained} & {squeeze(t) for t in held_out}
    dev = [json.loads(line) for line in (tmp_path / "stage2_dev.jsonl").open()]
    assert dev[0] == stage1[0] and any(r["source"].startswith("basil_") for r in dev)

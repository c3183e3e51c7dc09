"""The model card is rendered from metrics.json: both stages, figures and limits come from the numbers."""

from __future__ import annotations

import copy
import json

from conftest import ROOT

from recipes.model_card import render_card


def _metrics() -> dict:
    return json.loads((ROOT / "models" / "framing-minilm-nli" / "metrics.json").read_text())


def test_card_of_a_single_stage_model_has_its_figures():
    m = _metrics()
    m.pop("stage1", None)
    card = render_card(m)
    assert "## Base encoder" in card and "## Calibration" in card
    assert "Stage 2" not in card and "--stage 2" not in card
    assert f"| all | {m['nli_dev']['all']['n']} | {m['nli_dev']['all']['accuracy']:.3f} |" in card


def test_card_of_a_two_stage_model_shows_both_stages_and_the_stage1_column():
    m = _metrics()
    m.setdefault("stage1", {"training": {"epochs": 1.5, "learning_rate": 6e-5},
                            "data_counts": {"snli|entailment": 10, "snli|neutral": 9},
                            "nli_dev": copy.deepcopy(m["nli_dev"])})
    card = render_card(m)
    assert "### Stage 1" in card and "### Stage 2" in card and "--stage 2" in card
    assert "stage 1 acc |" in card
    before = m["stage1"]["nli_dev"]["all"]["accuracy"]
    row = next(line for line in card.splitlines() if line.startswith("| all |"))
    assert row.endswith(f"| {before:.3f} |")

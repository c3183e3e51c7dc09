"""The model card is rendered from metrics.json: both stages, figures and limits come from the numbers."""

from __future__ import annotations

import copy
import json

from recipes.model_card import render_card

from conftest import ROOT


def _metrics() -> dict:
    return json.loads((ROOT / "models" / "framing-minilm-nli" / "metrics.json").read_text())


def test_card_of_a_single_stage_model_has_its_figures():
    m = _metrics()
    m.pop("stage1", None)
    m.pop("previous", None)
    m.pop("clash", None)
    card = render_card(m)
    assert "## Base encoder" in card and "## Calibration" in card
    assert "Stage 2" not in card and "--stage 2" not in card
    assert f"| all | {m['nli_dev']['all']['n']} | {m['nli_dev']['all']['accuracy']:.3f} |" in card


def test_card_of_a_two_stage_model_shows_both_stages_and_the_stage1_column():
    m = _metrics()
    m.pop("previous", None)
    m.pop("clash", None)
    m.setdefault("stage1", {"training": {"epochs": 1.5, "learning_rate": 6e-5},
                            "data_counts": {"snli|entailment": 10, "snli|neutral": 9},
                            "nli_dev": copy.deepcopy(m["nli_dev"])})
    card = render_card(m)
    assert "### Stage 1" in card and "### Stage 2" in card and "--stage 2" in card
    assert "stage 1 acc |" in card
    before = m["stage1"]["nli_dev"]["all"]["accuracy"]
    row = next(line for line in card.splitlines() if line.startswith("| all |"))
    assert row.endswith(f"| {before:.3f} |")


def test_card_of_the_three_stage_model_shows_stage3_and_the_multi_genre_dev():
    m = _metrics()
    assert "previous" in m, "the shipped model has the three stages before the clash stage"
    m.pop("clash", None)
    card = render_card(m)
    assert "### Stage 1" in card and "### Stage 2" in card and "### Stage 3" in card and "--stage 3" in card
    assert "stage 2 acc |" in card and "**Multi-genre dev**" in card
    assert f"accuracy {m['multi_genre_dev']['accuracy']:.3f}" in card
    before = m["previous"]["nli_dev_same_rows"]["all"]["accuracy"]
    row = next(line for line in card.splitlines() if line.startswith("| all |"))
    assert row.endswith(f"| {before:.3f} |")


def test_card_of_the_clash_stage_shows_its_data_its_stage3_column_and_every_recorded_result():
    m = _metrics()
    assert "clash" in m, "the shipped model is the clash-stage export"
    card = render_card(m)
    assert "### Stage 4" in card and "recipes.train_clash" in card and "Stage 4 (starts from stage 3):" in card
    assert "stage 3 acc |" in card and "(stage 3: " in card
    before = m["clash"]["stage3"]["nli_dev"]["all"]["accuracy"]
    row = next(line for line in card.splitlines() if line.startswith("| all |"))
    assert row.endswith(f"| {before:.3f} |")
    story = next(line for line in card.splitlines() if line.startswith("| BASIL story pairs"))
    clashes = sum(n for key, n in m["clash"]["data_counts"].items() if key == "story|clash")
    assert f"| {clashes} |" in story
    assert m["clash"]["results"], "clash_eval --record-into recorded no result"
    for name, result in m["clash"]["results"].items():
        auc = result["raw"]["story"]["roc_auc"]
        assert any(line.startswith(f"| {name} | raw | {auc:.3f} |") for line in card.splitlines())

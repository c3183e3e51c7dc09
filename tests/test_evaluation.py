"""framing.evaluation (framing.evaluate): NLI and framing reports, the command line, and column errors."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from framing.cli import main as cli_main
from framing.evaluation import evaluate


@pytest.fixture
def nli_file(tmp_path):
    rows = [{"premise": "a man sleeps", "hypothesis": "a man runs", "label": "contradiction", "source": "x"},
            {"premise": "a dog runs", "hypothesis": "a dog runs", "label": "entailment", "source": "y"},
            {"premise": "a dog runs", "hypothesis": "a cat plays", "label": "neutral", "source": "y"}]
    path = tmp_path / "nli.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return path


def test_evaluate_nli_reports_overall_and_per_source(tiny_detector, nli_file):
    report = evaluate(nli_file, model=tiny_detector)
    assert report["all"]["n"] == 3 and report["x"]["n"] == 1 and report["y"]["n"] == 2
    assert 0.0 <= report["all"]["accuracy"] <= 1.0 and "f1_contradiction" in report["all"]


def test_evaluate_framing_reports_raw_and_no_calibrated_for_raw_model(tiny_detector):
    frame = pd.DataFrame({"text_a": ["the talks were good", "a dog runs"] * 3,
                          "text_b": ["the talks were bad", "the sun is out"] * 3, "label": [1, 0] * 3})
    report = evaluate(frame, model=tiny_detector)
    assert report["calibrated"] is None
    assert set(report["raw"]) >= {"roc_auc", "average_precision", "f1", "brier", "ece_15"}
    with pytest.raises(ValueError, match=r"framing labels expected 0/1, got \[0, 2\]"):
        evaluate(frame.assign(label=[2, 0] * 3), model=tiny_detector)


def test_evaluate_rejects_unknown_columns(tiny_detector):
    with pytest.raises(ValueError, match=r"premise/hypothesis/label \(NLI\) or text_a/text_b/label .* got \['a', 'b'\]"):
        evaluate(pd.DataFrame({"a": ["x"], "b": ["y"]}), model=tiny_detector)


def test_command_line_prints_a_table(tiny_models, nli_file, capsys):
    assert cli_main(["evaluate", str(nli_file), "--model", str(tiny_models["nli"])]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].startswith("all") and "accuracy=" in out


def test_evaluate_accepts_a_bare_nli_model(tiny_detector, nli_file):
    report = evaluate(nli_file, model=tiny_detector.nli_model)
    assert report["all"]["n"] == 3


def test_framing_report_per_subset_and_on_clear_labels(tiny_detector):
    frame = pd.DataFrame({"text_a": ["the talks were good", "a dog runs"] * 4,
                          "text_b": ["the talks were bad", "the sun is out"] * 4, "label": [1, 0] * 4,
                          "subset": ["story"] * 4 + ["news"] * 4, "clear": [True, True, False, True] * 2})
    report = evaluate(frame, model=tiny_detector)
    assert report["subset story"]["n"] == 4 and report["subset news"]["n"] == 4
    assert report["clear labels"]["n"] == 6


def test_command_line_reports_each_file(tiny_models, nli_file, tmp_path, capsys):
    framing_file = tmp_path / "story.jsonl"
    framing_file.write_text("".join(json.dumps({"text_a": a, "text_b": b, "label": y}) + "\n" for a, b, y in
                                    [("the talks were good", "the talks were bad", 1), ("a dog runs", "the sun is out", 0)]))
    assert cli_main(["evaluate", str(nli_file), str(framing_file), "--model", str(tiny_models["nli"])]) == 0
    out = capsys.readouterr().out
    assert f"== {nli_file}" in out and f"== {framing_file}" in out and "roc_auc=" in out

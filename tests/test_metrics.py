"""Tests of framing.metrics."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.metrics import average_precision_score, brier_score_loss, roc_auc_score

from framing.metrics import (
    REPORT_KEYS,
    calibration_report,
    expected_calibration_error,
    recall_at_precision,
    reliability_figure,
)


def calibrated_sample(n: int = 50000, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    p = rng.uniform(size=n)
    return (rng.uniform(size=n) < p).astype(int), p


def sharpen(p: np.ndarray, factor: float = 3.0) -> np.ndarray:
    logit = np.log(np.clip(p, 1e-9, 1) / np.clip(1 - p, 1e-9, 1))
    return 1 / (1 + np.exp(-factor * logit))


# ------------------------------------------------------------------------------- ECE
def test_ece_of_calibrated_data_is_near_zero():
    y, p = calibrated_sample()
    assert expected_calibration_error(y, p) < 0.015


def test_ece_of_overconfident_data_is_larger():
    y, p = calibrated_sample()
    assert expected_calibration_error(y, sharpen(p)) > 0.1 > 5 * expected_calibration_error(y, p)


def test_ece_by_hand():
    # Bins of width 0.5: [0, 0.5] holds 0.2 and 0.4 (mean 0.3, one positive: 0.5); (0.5, 1] holds 0.9 (label 1).
    assert expected_calibration_error([0, 1, 1], [0.2, 0.4, 0.9], n_bins=2) == pytest.approx((2 * 0.2 + 0.1) / 3)
    assert expected_calibration_error([1, 0], [1.0, 0.0]) == 0.0


@pytest.mark.parametrize(
    "y, p, message",
    [
        ([0, 1, 1], [0.1, 0.2], r"`p` expected one probability per label \(3\), got 2"),
        ([0, 1], [0.1, np.nan], r"`p` expected finite probabilities, got 1 NaN or inf"),
        ([0, 1], [0.1, 1.7], r"`p` expected probabilities in \[0, 1\], got \[1.7\]\. Pass probabilities, not logits"),
        ([0, 2], [0.1, 0.7], r"`y` expected binary labels 0/1 .*got values \[0, 2\]"),
        (["a", "b"], [0.1, 0.7], r"`y` expected binary labels 0/1"),
        ([], [], r"`y` expected at least one labeled pair, got 0"),
        ([[0, 1]], [[0.1, 0.7]], r"expected 1-d arrays, got shapes \(1, 2\) and \(1, 2\)"),
    ],
)
def test_bad_input(y, p, message):
    with pytest.raises(ValueError, match=message):
        expected_calibration_error(y, p)


def test_bad_bins():
    with pytest.raises(ValueError, match=r"`n_bins` expected an integer >= 1, got 0"):
        expected_calibration_error([0, 1], [0.1, 0.9], n_bins=0)


# ---------------------------------------------------------------------------- report
def test_report_matches_sklearn():
    y, p = calibrated_sample(2000, seed=1)
    report = calibration_report(y, p, threshold=0.6)
    assert tuple(report) == REPORT_KEYS
    assert report["roc_auc"] == pytest.approx(roc_auc_score(y, p))
    assert report["average_precision"] == pytest.approx(average_precision_score(y, p))
    assert report["brier"] == pytest.approx(brier_score_loss(y, p))
    assert report["ece_15"] == pytest.approx(expected_calibration_error(y, p, n_bins=15))
    predicted = p >= 0.6
    precision = (y[predicted] == 1).mean()
    recall = predicted[y == 1].mean()
    assert report["precision"] == pytest.approx(precision)
    assert report["recall"] == pytest.approx(recall)
    assert report["f1"] == pytest.approx(2 * precision * recall / (precision + recall))
    assert (report["n"], report["positives"], report["threshold"]) == (2000, int(y.sum()), 0.6)


def test_report_one_class_gives_nan_ranking():
    report = calibration_report([0, 0, 0], [0.1, 0.5, 0.2])
    assert np.isnan(report["roc_auc"]) and np.isnan(report["average_precision"])
    assert report["recall"] == 0.0


def test_report_bad_threshold():
    with pytest.raises(ValueError, match=r"`threshold` expected a number in \[0, 1\], got 2"):
        calibration_report([0, 1], [0.1, 0.9], threshold=2)


# ------------------------------------------------------------------ recall@precision
def test_recall_at_precision():
    y = [1, 1, 0, 1, 0, 0]
    p = [0.9, 0.8, 0.7, 0.6, 0.5, 0.4]
    assert recall_at_precision(y, p, precision=1.0) == pytest.approx(2 / 3)
    assert recall_at_precision(y, p, precision=0.75) == 1.0
    assert recall_at_precision([0, 1], [0.9, 0.1], precision=0.9) == 0.0


def test_recall_at_precision_needs_positives():
    with pytest.raises(ValueError, match=r"`y` expected at least one positive \(1\) label"):
        recall_at_precision([0, 0], [0.1, 0.2])
    with pytest.raises(ValueError, match=r"`precision` expected a number in \(0, 1\], got 0"):
        recall_at_precision([0, 1], [0.1, 0.2], precision=0)


# ---------------------------------------------------------------------------- figure
def test_reliability_figure():
    from matplotlib.figure import Figure

    y, p = calibrated_sample(500, seed=2)
    fig = reliability_figure(y, sharpen(p), p)
    assert isinstance(fig, Figure)
    curve_axes, hist_axes = fig.axes
    legend = [t.get_text() for t in curve_axes.get_legend().get_texts()]
    assert legend[0] == "perfectly calibrated"
    assert legend[1].startswith("before calibration (ECE ") and legend[2].startswith("after calibration (ECE ")
    assert len(hist_axes.patches) == 2
    only_before = reliability_figure(y, p, n_bins=10)
    assert len(only_before.axes[0].get_legend().get_texts()) == 2


def test_reliability_figure_bad_input():
    with pytest.raises(ValueError, match=r"`p_after` expected one probability per label \(2\), got 1"):
        reliability_figure([0, 1], [0.2, 0.8], [0.5])

"""Metrics for contradiction probabilities against 0/1 labels: ranking, decisions, calibration.

Pure numpy and scikit-learn (matplotlib only for `reliability_figure`, imported when
called). ``y`` is an array of 0/1 labels (1 = contradictory framing) and ``p`` the
predicted P(contradictory framing) per pair, both of length ``n``.

Calibration bins are the ``n_bins`` equal-width bins of
``sklearn.calibration.calibration_curve(strategy="uniform")`` (a value on an inner
edge falls in the lower bin), so the reliability figure and the ECE agree.

Example:
    >>> import numpy as np
    >>> y = np.array([0, 0, 1, 1])
    >>> p = np.array([0.1, 0.4, 0.35, 0.8])
    >>> round(calibration_report(y, p, threshold=0.5)["roc_auc"], 2)
    0.75
"""

from __future__ import annotations

import logging
import numbers
from typing import TYPE_CHECKING, Any

import numpy as np
from sklearn.calibration import calibration_curve
from sklearn.metrics import (
    average_precision_score,
    brier_score_loss,
    f1_score,
    log_loss,
    precision_recall_curve,
    precision_score,
    recall_score,
    roc_auc_score,
)

from .labels import LABELS
from .pair_tables import CLASH, NOT_CONTRADICTION, NOT_ENTAILMENT

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

logger = logging.getLogger(__name__)

__all__ = [
    "LIKELY",
    "REPORT_KEYS",
    "calibration_report",
    "choose_threshold",
    "expected_calibration_error",
    "nli_metrics",
    "recall_at_precision",
    "reliability_figure",
    "roc_auc_interval",
    "stats_at",
]

#: Keys of `calibration_report`, in order.
REPORT_KEYS = (
    "n",
    "positives",
    "threshold",
    "roc_auc",
    "average_precision",
    "f1",
    "precision",
    "recall",
    "brier",
    "log_loss",
    "ece_15",
)


def _check(y: Any, p: Any, *, name: str = "p") -> tuple[np.ndarray, np.ndarray]:
    """Validate labels and probabilities; returns them as int and float arrays."""
    y, p = np.asarray(y), np.asarray(p, dtype=np.float64)
    if y.ndim != 1 or p.ndim != 1:
        raise ValueError(
            f"`y` and `{name}` expected 1-d arrays, got shapes {y.shape} and {p.shape}. "
            "Pass P(contradictory framing) per pair, e.g. predict_proba(X)[:, 1]."
        )
    if len(y) != len(p):
        raise ValueError(
            f"`{name}` expected one probability per label ({len(y)}), got {len(p)}. "
            "Pass labels and probabilities of the same pairs."
        )
    if len(y) == 0:
        raise ValueError("`y` expected at least one labeled pair, got 0. Pass a non-empty set.")
    if not np.isfinite(p).all():
        raise ValueError(
            f"`{name}` expected finite probabilities, got {int((~np.isfinite(p)).sum())} NaN or inf value(s). "
            "Drop or rescore those pairs."
        )
    if (p < 0).any() or (p > 1).any():
        bad = p[(p < 0) | (p > 1)]
        raise ValueError(
            f"`{name}` expected probabilities in [0, 1], got {bad[:5].tolist()}. "
            "Pass probabilities, not logits."
        )
    if y.dtype.kind not in "biuf" or not set(np.unique(y).tolist()) <= {0, 1}:
        raise ValueError(
            f"`y` expected binary labels 0/1 (1 = contradictory framing), got values {np.unique(y)[:10].tolist()}. "
            "Map contradictory pairs to 1 and all others to 0."
        )
    return y.astype(np.int64), p


def _check_bins(n_bins: Any) -> int:
    if not isinstance(n_bins, numbers.Integral) or isinstance(n_bins, bool) or n_bins < 1:
        raise ValueError(f"`n_bins` expected an integer >= 1, got {n_bins!r}.")
    return int(n_bins)


def expected_calibration_error(y: Any, p: Any, n_bins: int = 15) -> float:
    """Expected calibration error: the bin-size-weighted mean of ``|mean(y) - mean(p)|``.

    Uses ``n_bins`` equal-width bins over ``[0, 1]`` (empty bins weigh 0).

    Args:
        y: 0/1 labels.
        p: Predicted probabilities of label 1.
        n_bins: Number of bins.

    Returns:
        The ECE, in ``[0, 1]``.

    Example:
        >>> # bin [0.0, 0.2]: |0 - 0.2|; bin (0.8, 1.0]: |3 - 2.7|; weighted by 1/4
        >>> round(expected_calibration_error([0, 1, 1, 1], [0.2, 0.9, 0.9, 0.9], n_bins=5), 3)
        0.125
    """
    y, p = _check(y, p)
    n_bins = _check_bins(n_bins)
    edges = np.linspace(0.0, 1.0, n_bins + 1)
    bins = np.searchsorted(edges[1:-1], p)  # as sklearn.calibration.calibration_curve
    sum_p = np.bincount(bins, weights=p, minlength=n_bins)
    sum_y = np.bincount(bins, weights=y, minlength=n_bins)
    return float(np.abs(sum_y - sum_p).sum() / len(y))


def recall_at_precision(y: Any, p: Any, precision: float = 0.5) -> float:
    """The highest recall over thresholds whose precision is at least ``precision``.

    Returns 0.0 when no threshold reaches that precision.

    Example:
        >>> recall_at_precision([1, 0, 1, 0], [0.9, 0.8, 0.7, 0.1], precision=0.6)
        1.0
        >>> recall_at_precision([1, 0, 1, 0], [0.9, 0.8, 0.7, 0.1], precision=0.9)
        0.5
    """
    y, p = _check(y, p)
    if not isinstance(precision, numbers.Real) or not 0 < precision <= 1:
        raise ValueError(f"`precision` expected a number in (0, 1], got {precision!r}.")
    if y.sum() == 0:
        raise ValueError("`y` expected at least one positive (1) label, got none. Recall is undefined.")
    prec, rec, _ = precision_recall_curve(y, p)
    reached = prec >= precision
    return float(rec[reached].max()) if reached.any() else 0.0


#: The default threshold goal: flag a pair when its calibrated probability is at least this, so that a
#: flagged pair is more likely a clash than not ("likely"); ``"f1"`` is the F1-optimal alternative.
LIKELY = 0.5


def stats_at(y: np.ndarray, p: np.ndarray, threshold: float) -> dict:
    """Precision, recall and F1 of flagging ``p >= threshold`` against labels ``y``."""
    flagged = p >= threshold
    tp = int((flagged & (y == 1)).sum())
    precision = tp / int(flagged.sum()) if flagged.any() else 0.0
    recall = tp / int((y == 1).sum()) if (y == 1).any() else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": float(precision), "recall": float(recall), "f1": float(f1)}


def choose_threshold(y: np.ndarray, p: np.ndarray, goal: str | float) -> tuple[float, dict]:
    """The threshold a calibrator fits on (out-of-fold) probabilities for a goal; returns it and its stats.
    With ``"likely"`` the stats also give the F1-optimal threshold (``f1_threshold``) and its figures."""
    precision, recall, thresholds = precision_recall_curve(y, p)
    # The last (precision=1, recall=0) point has no threshold.
    precision, recall = precision[:-1], recall[:-1]
    f1 = np.divide(2 * precision * recall, precision + recall, out=np.zeros_like(precision),
                   where=(precision + recall) > 0)
    if goal == "likely":
        best = int(np.argmax(f1))
        stats = {**stats_at(y, p, LIKELY), "f1_threshold": float(thresholds[best]),
                 "f1_threshold_stats": {"precision": float(precision[best]), "recall": float(recall[best]),
                                        "f1": float(f1[best])}}
        return LIKELY, stats
    if goal == "f1":
        i = int(np.argmax(f1))
    else:
        reached = np.flatnonzero(precision >= goal)
        if reached.size:
            i = int(reached[np.argmax(recall[reached])])
        else:
            i = int(np.argmax(precision))
            logger.warning(
                "threshold_goal precision %.3f is not reached on the calibration data (best %.3f); "
                "using the threshold of the highest precision.", goal, precision[i]
            )
    stats = {"precision": float(precision[i]), "recall": float(recall[i]), "f1": float(f1[i])}
    return float(thresholds[i]), stats


def nli_metrics(logits: np.ndarray, labels: np.ndarray) -> dict[str, float]:
    """Accuracy, macro-F1 and contradiction F1 on three-way rows; entailment accuracy on two-way rows;
    on clash-labeled rows (4 / 5), the accuracy of "contradiction or not" as "clash or not"."""
    from sklearn.metrics import accuracy_score, f1_score

    pred = np.asarray(logits).argmax(-1)
    labels = np.asarray(labels)
    out: dict[str, float] = {}
    three = labels < NOT_ENTAILMENT
    if three.any():
        out["accuracy"] = float(accuracy_score(labels[three], pred[three]))
        out["macro_f1"] = float(
            f1_score(labels[three], pred[three], average="macro", labels=[0, 1, 2], zero_division=0)
        )
        per_class = f1_score(labels[three], pred[three], average=None, labels=[0, 1, 2], zero_division=0)
        for name, f1 in zip(LABELS, per_class):
            out[f"f1_{name}"] = float(f1)
        out["n_three_way"] = int(three.sum())
    two_way = labels <= NOT_ENTAILMENT
    if (labels == NOT_ENTAILMENT).any() or (labels == 0).any():
        out["two_way_accuracy"] = float(((pred[two_way] == 0) == (labels[two_way] == 0)).mean())
    clash_rows = labels >= NOT_CONTRADICTION
    if clash_rows.any():
        contradiction = LABELS.index("contradiction")
        out["clash_accuracy"] = float(((pred[clash_rows] == contradiction) == (labels[clash_rows] == CLASH)).mean())
        out["n_clash_labeled"] = int(clash_rows.sum())
    return out


def calibration_report(y: Any, p: Any, threshold: float = 0.5) -> dict[str, float]:
    """Ranking, decision and calibration metrics for one set of probabilities.

    Args:
        y: 0/1 labels (1 = contradictory framing).
        p: Predicted P(contradictory framing).
        threshold: Pairs with ``p >= threshold`` are predicted contradictory.

    Returns:
        A dict with the keys of `REPORT_KEYS`: ``n``, ``positives``, ``threshold``,
        ``roc_auc``, ``average_precision`` (NaN when ``y`` has one class only), and
        ``f1``, ``precision``, ``recall`` at the threshold, ``brier``, ``log_loss``,
        ``ece_15`` (15 bins).

    Example:
        >>> r = calibration_report([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8], threshold=0.3)
        >>> r["recall"], r["precision"]
        (1.0, 0.6666666666666666)
    """
    y, p = _check(y, p)
    if not isinstance(threshold, numbers.Real) or not 0 <= threshold <= 1:
        raise ValueError(f"`threshold` expected a number in [0, 1], got {threshold!r}.")
    both = 0 < y.sum() < len(y)
    if not both:
        logger.warning("calibration_report: y has one class only; ROC-AUC and average precision are NaN.")
    predicted = (p >= threshold).astype(np.int64)
    return {
        "n": int(len(y)),
        "positives": int(y.sum()),
        "threshold": float(threshold),
        "roc_auc": float(roc_auc_score(y, p)) if both else float("nan"),
        "average_precision": float(average_precision_score(y, p)) if both else float("nan"),
        "f1": float(f1_score(y, predicted, zero_division=0)),
        "precision": float(precision_score(y, predicted, zero_division=0)),
        "recall": float(recall_score(y, predicted, zero_division=0)),
        "brier": float(brier_score_loss(y, p)),
        "log_loss": float(log_loss(y, p, labels=[0, 1])),
        "ece_15": expected_calibration_error(y, p, n_bins=15),
    }


def roc_auc_interval(y: Any, p: Any, *, level: float = 0.9, n_boot: int = 1000, seed: int = 0) -> tuple[float, float]:
    """A bootstrap interval (percentiles over resampled pairs) for the ROC-AUC of ``p`` on ``y``:
    how loose a figure measured on few labels is.

    Example:
        >>> lo, hi = roc_auc_interval([0, 0, 1, 1, 0, 1], [0.1, 0.4, 0.35, 0.8, 0.2, 0.9])
        >>> 0.0 <= lo <= hi <= 1.0
        True
    """
    y, p = _check(y, p)
    rng = np.random.default_rng(seed)
    values = []
    for _ in range(n_boot):
        take = rng.integers(0, len(y), len(y))
        if 0 < y[take].sum() < len(take):
            values.append(roc_auc_score(y[take], p[take]))
    if not values:
        return float("nan"), float("nan")
    tail = (1 - level) / 2 * 100
    return float(np.percentile(values, tail)), float(np.percentile(values, 100 - tail))


def reliability_figure(
    y: Any,
    p_before: Any,
    p_after: Any | None = None,
    n_bins: int = 15,
    *,
    labels: tuple[str, str] = ("before calibration", "after calibration"),
) -> Figure:
    """A reliability diagram (fraction of positives vs mean prediction per bin) and a histogram.

    Builds a `matplotlib.figure.Figure` directly (no pyplot state): show it in a notebook
    by leaving it as the cell's value, or save it with ``fig.savefig(path)``.

    Args:
        y: 0/1 labels.
        p_before: Probabilities before calibration (e.g. the raw NLI contradiction score).
        p_after: Optional probabilities after calibration, drawn on the same axes.
        n_bins: Equal-width bins.
        labels: Legend names of the two curves.

    Returns:
        The figure: ``fig.axes[0]`` the reliability curves with the diagonal,
        ``fig.axes[1]`` the histogram of predictions.

    Raises:
        ImportError: if matplotlib is not installed.

    Example:
        >>> fig = reliability_figure([0, 1, 1, 0], [0.2, 0.9, 0.6, 0.4])  # doctest: +SKIP
        >>> fig.savefig("reliability.png")  # doctest: +SKIP
    """
    from .plots import figure_class

    Figure = figure_class()  # noqa: N806 - the class
    n_bins = _check_bins(n_bins)
    curves = [(labels[0], _check(y, p_before, name="p_before")[1])]
    if p_after is not None:
        curves.append((labels[1], _check(y, p_after, name="p_after")[1]))
    y = _check(y, p_before, name="p_before")[0]

    fig = Figure(figsize=(5.5, 6.5), layout="constrained")
    ax, hist = fig.subplots(2, 1, sharex=True, gridspec_kw={"height_ratios": (3, 1)})
    ax.plot([0, 1], [0, 1], linestyle="--", color="grey", linewidth=1, label="perfectly calibrated")
    for (name, p), marker in zip(curves, ("o", "s")):
        frac_pos, mean_pred = calibration_curve(y, p, n_bins=n_bins, strategy="uniform")
        ece = expected_calibration_error(y, p, n_bins=n_bins)
        ax.plot(mean_pred, frac_pos, marker=marker, label=f"{name} (ECE {ece:.3f})")
        hist.hist(p, bins=np.linspace(0, 1, n_bins + 1), histtype="step", label=name)
    ax.set(xlim=(0, 1), ylim=(0, 1), ylabel="fraction contradictory (label 1)",
           title=f"Reliability ({len(y)} pairs, {int(y.sum())} contradictory, {n_bins} bins)")
    ax.legend(loc="upper left", fontsize="small")
    hist.set(xlabel="predicted P(contradictory framing)", ylabel="pairs", yscale="log")
    return fig

"""Evaluate a detector on a labeled pair file: NLI labels or binary framing labels.

* Three-way NLI pairs (``premise``, ``hypothesis``, ``label`` in entailment / neutral /
  contradiction, two-way ``not_entailment`` rows allowed): accuracy, macro-F1 and
  per-class F1, overall and per ``source`` when the file has one.
* Binary framing pairs (``text_a``, ``text_b``, ``label`` 0/1): ROC-AUC, average
  precision, F1 at the threshold, Brier score and 15-bin ECE of the raw symmetric NLI
  contradiction probability and of the calibrated one.

Command line (`framing.cli`)::

    framing evaluate PAIRS.jsonl [MORE.jsonl ...] [--model PATH] [--json]
    python -m framing evaluate PAIRS.jsonl ...   # the same
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

import numpy as np

from .pair_tables import read_table
from .resolve import DEFAULT_THRESHOLD, decision_threshold, resolve_scorer

logger = logging.getLogger(__name__)


def evaluate_nli(detector: Any, data: Any, *, by_source: bool = True) -> dict[str, Any]:
    """NLI accuracy, macro-F1 and per-class F1 (one direction: premise -> hypothesis).

    Example:
        >>> evaluate_nli(framing.load(), "runs/data/dev.jsonl")["all"]["accuracy"]  # doctest: +SKIP
    """
    from .metrics import nli_metrics
    from .pair_tables import load_pairs

    pairs = load_pairs(read_table(data)).to_pandas()
    probs = detector.nli(list(pairs["premise"]), list(pairs["hypothesis"])).to_numpy()
    labels = pairs["label"].to_numpy()
    out: dict[str, Any] = {"all": {"n": len(pairs), **nli_metrics(probs, labels)}}
    if by_source and "source" in pairs.columns:
        for source, idx in pairs.groupby("source").indices.items():
            out[str(source)] = {"n": len(idx), **nli_metrics(probs[idx], labels[idx])}
    return out


def evaluate_framing(detector: Any, data: Any, *, threshold: float | None = None) -> dict[str, Any]:
    """Ranking and calibration of ``p_contradiction`` on binary framing pairs, before and after calibration.

    Args:
        detector: a :class:`framing.Detector` (calibrated or not).
        data: a DataFrame or file with ``text_a``, ``text_b`` and ``label`` (0/1).
        threshold: decision threshold for F1 and the subsets' reports; default as everywhere
            (`framing.resolve.decision_threshold`): the calibrator's ``threshold_``, else 0.5.

    Returns:
        ``{"raw": report, "calibrated": report or None}`` with the keys of
        :func:`framing.metrics.calibration_report`, a report of ``p_contradiction`` per value of
        a ``subset`` column (``"subset story"``, ``"subset news"``, ...) and on the pairs whose
        ``clear`` column is true, when the data has them, plus ``"scores"`` (the score frame).
    """
    from .metrics import calibration_report

    pairs = read_table(data)
    missing = [c for c in ("text_a", "text_b", "label") if c not in pairs.columns]
    if missing:
        raise ValueError(
            f"framing pairs expected columns ['text_a', 'text_b', 'label'], got {list(pairs.columns)}. "
            "Rename your columns to these names."
        )
    y = pairs["label"].to_numpy()
    if not set(np.unique(y)) <= {0, 1}:
        raise ValueError(f"framing labels expected 0/1, got {sorted(np.unique(y).tolist())[:5]}. Map them to 0/1.")
    scores = detector.score_pairs(list(pairs["text_a"]), list(pairs["text_b"]))
    out: dict[str, Any] = {"raw": calibration_report(y, scores["p_contradiction_raw"].to_numpy(), DEFAULT_THRESHOLD)}
    calibrated = getattr(detector, "calibrator", None) is not None
    thr = decision_threshold(threshold, detector)
    out["calibrated"] = calibration_report(y, scores["p_contradiction"].to_numpy(), thr) if calibrated else None
    # Story-shaped pairs and stance pairs ask different things of the score: report each apart.
    p = scores["p_contradiction"].to_numpy()
    groups = {f"subset {k}": idx for k, idx in pairs.groupby("subset").indices.items()} if "subset" in pairs else {}
    if "clear" in pairs:
        groups["clear labels"] = np.flatnonzero(pairs["clear"].to_numpy().astype(bool))
    for name, idx in groups.items():
        if len(np.unique(y[idx])) == 2:
            out[name] = calibration_report(y[idx], p[idx], thr)
    out["scores"] = scores
    return out


def evaluate(data: Any, *, model: Any = None, by_source: bool = True) -> dict[str, Any]:
    """Evaluate ``model`` on labeled pairs, NLI or framing, whichever columns ``data`` has.

    ``model`` is resolved as `framing.compare` resolves it (`framing.resolve.resolve_scorer`).

    Example:
        >>> framing.evaluate("runs/framing/dev.jsonl")["calibrated"]["roc_auc"]  # doctest: +SKIP
    """
    detector = resolve_scorer(model)
    frame = read_table(data)
    if {"text_a", "text_b"} <= set(frame.columns):
        return evaluate_framing(detector, frame)
    if {"premise", "hypothesis"} <= set(frame.columns):
        return evaluate_nli(detector, frame, by_source=by_source)
    raise ValueError(
        "pairs expected columns premise/hypothesis/label (NLI) or text_a/text_b/label (framing), "
        f"got {list(frame.columns)}. Rename your columns."
    )


def format_report(report: Mapping[str, Any]) -> str:
    """A plain-text table of :func:`evaluate`'s result."""
    lines = []
    for name, metrics in report.items():
        if name == "scores" or metrics is None:
            continue
        shown = ", ".join(f"{k}={v:.4f}" if isinstance(v, float) else f"{k}={v}" for k, v in metrics.items())
        lines.append(f"{name:28s} {shown}")
    return "\n".join(lines)


__all__ = ["evaluate", "evaluate_framing", "evaluate_nli", "format_report"]

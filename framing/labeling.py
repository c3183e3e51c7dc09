"""A labeling loop: pick the pairs whose label teaches the calibrator most, and read the labels back.

`label_queue` takes scored pairs spread over the range of scores (or those closest to the
threshold) and skips pairs too similar to one already picked, so a batch of 20 is not 20 rewordings of one
clash; it returns (and can write) a table with an empty ``label`` column. `read_labels` reads
that table back, edited in a notebook or a spreadsheet, checks every label and keeps the labeled
rows. Then ``detector.calibrate(labels.text_a, labels.text_b, labels.label)``.
"""

from __future__ import annotations

import logging
import math
import numbers
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

from .checks import check_positive_int

logger = logging.getLogger(__name__)

__all__ = ["QUEUE_COLUMNS", "label_queue", "read_labels"]

# Columns of a queue, in order: who said what, the score, and the label to fill in.
QUEUE_COLUMNS = (
    "id_a", "id_b", "party_a", "speaker_a", "text_a", "party_b", "speaker_b", "text_b", "p_contradiction",
    "label", "note",
)
_YES = {"1", "yes", "y", "true", "clash", "contradiction", "contradictory"}
_NO = {"0", "no", "n", "false", "no clash", "compatible", "unrelated"}


def label_queue(
    df: pd.DataFrame,
    n: int = 20,
    *,
    threshold: float | None = None,
    strategy: str = "spread",
    max_similarity: float = 0.5,
    path: str | Path | None = None,
    overwrite: bool = False,
) -> pd.DataFrame:
    """The ``n`` pairs of a `framing.compare` result most worth labeling next.

    ``strategy="uncertain"`` takes pairs in order of uncertainty (``|p_contradiction - threshold|``,
    smallest first); ``"spread"`` (the default) takes them evenly across the range of scores, so
    that a first batch holds clear clashes, clear non-clashes and the cases between (measured
    better than uncertainty for a first calibration: ``python -m recipes.label_gain``). Either way a
    pair whose two texts together are more similar than ``max_similarity`` (TF-IDF cosine) to a
    pair already taken is skipped, and so are rows that already carry a ``label`` and, with a
    warning, rows without a score (``p_contradiction`` NaN).

    Args:
        df: Output of `framing.compare` (or any frame with ``text_a``, ``text_b``,
            ``p_contradiction``).
        n: How many pairs to return.
        threshold: The decision threshold the uncertainty is measured from; defaults to
            ``df.attrs["threshold"]``, else 0.5.
        strategy: ``"spread"`` or ``"uncertain"``.
        max_similarity: Most TF-IDF cosine allowed between two picked pairs (1: no limit).
        path: Optional ``.csv`` file to write the queue to (refused if it exists, unless ``overwrite``).
        overwrite: Replace an existing ``path``.

    Returns:
        A DataFrame with `QUEUE_COLUMNS` (``label`` and ``note`` empty), in the order picked.

    Example:
        >>> queue = framing.label_queue(df, n=20, path="to_label.csv")  # doctest: +SKIP
    """
    missing = [c for c in ("text_a", "text_b", "p_contradiction") if c not in getattr(df, "columns", ())]
    if missing:
        raise ValueError(
            f"label_queue expected a framing.compare result with text_a, text_b and p_contradiction, got "
            f"{type(df).__name__} without {missing}. Pass the DataFrame compare returned."
        )
    n = check_positive_int("n", n, 20)
    if isinstance(max_similarity, bool) or not isinstance(max_similarity, numbers.Real) or not 0 < max_similarity <= 1:
        raise ValueError(f"max_similarity expected a number in (0, 1], got {max_similarity!r}. Use e.g. 0.5.")
    if threshold is None:
        threshold = df.attrs.get("threshold")
    unset = threshold is None or (isinstance(threshold, float) and math.isnan(threshold))
    threshold = 0.5 if unset else float(threshold)
    target = Path(path) if path is not None else None
    if target is not None and target.exists() and not overwrite:
        raise FileExistsError(
            f"label_queue expected a new file for the queue, got the existing {str(target)!r} (it may hold "
            "labels). Pass another path, or overwrite=True to replace it."
        )

    if strategy not in ("spread", "uncertain"):
        raise ValueError(f"strategy expected 'spread' or 'uncertain', got {strategy!r}.")
    pool = df if "label" not in df.columns else df[df["label"].isna()]
    scores = pd.to_numeric(pool["p_contradiction"], errors="coerce")
    unscored = int(scores.isna().sum())
    if unscored:  # a pair without a score has no place in the order: left out, and said
        warnings.warn(
            f"label_queue expected a p_contradiction for every pair, got {unscored} without one (NaN or not a "
            "number); they are left out of the queue. Score them again with framing.compare to queue them.",
            UserWarning,
            stacklevel=2,
        )
        pool = pool[scores.notna()].assign(p_contradiction=scores[scores.notna()])
    if strategy == "uncertain":
        order = np.argsort((pool["p_contradiction"] - threshold).abs().to_numpy(), kind="stable")
    else:  # every k-th pair by score first, then the ones between
        ranked = np.argsort(pool["p_contradiction"].to_numpy(), kind="stable")
        step = max(1, len(ranked) // n)
        order = np.concatenate([ranked[offset::step] for offset in range(step)])
    pool = pool.iloc[order]
    picked = _diverse(pool, n, max_similarity)
    queue = pd.DataFrame({column: pool[column].iloc[picked].to_numpy() if column in pool.columns else None
                          for column in QUEUE_COLUMNS})
    queue["label"] = pd.array([pd.NA] * len(queue), dtype="Int64")
    queue["note"] = ""
    logger.info("label_queue: %d of %d unlabeled pairs picked around threshold %.3f", len(queue), len(pool), threshold)
    if target is not None:
        queue.to_csv(target, index=False)
    return queue


def _diverse(pool: pd.DataFrame, n: int, max_similarity: float) -> list[int]:
    """Positions of up to ``n`` rows of ``pool`` (in its order), none more similar than
    ``max_similarity`` to one taken before."""
    if pool.empty:
        return []
    from sklearn.feature_extraction.text import TfidfVectorizer

    texts = (pool["text_a"].astype(str) + " " + pool["text_b"].astype(str)).tolist()
    vectors = TfidfVectorizer().fit_transform(texts)
    picked: list[int] = []
    for i in range(len(texts)):
        if max_similarity < 1 and picked and (vectors[picked] @ vectors[i].T).max() > max_similarity:
            continue
        picked.append(i)
        if len(picked) == n:
            break
    return picked


def read_labels(data: str | Path | pd.DataFrame) -> pd.DataFrame:
    """The labeled rows of a queue written by `label_queue` (a CSV path or the edited DataFrame).

    ``label`` may be 1/0, yes/no, true/false or clash/no clash (any case); blank labels are left
    out (with a log line saying how many). Anything else is an error naming the row, and so is a
    pair (the same two texts, in either order) labeled 1 on one row and 0 on another. A file is
    read as UTF-8 (a byte-order mark honoured), separated by ``,`` or ``;``.

    Returns:
        The labeled rows, ``label`` as int 0/1.
    """
    if isinstance(data, (str, Path)):
        from .files import read_csv

        # UTF-8 (a byte-order mark honoured), ',' or ';' as a spreadsheet saved it
        frame = read_csv(data, dtype={"label": "string"}, keep_default_na=False)
    else:
        frame = data.copy()
    for column in ("text_a", "text_b", "label"):
        if column not in frame.columns:
            raise ValueError(
                f"read_labels expected a label queue with text_a, text_b and label columns, got "
                f"{list(frame.columns)}. Pass the file label_queue wrote, with the label column filled in."
            )
    values, keep = [], []
    for i, value in enumerate(frame["label"].tolist()):
        text = "" if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)) else str(value)
        text = text.strip().lower()
        if text.endswith(".0"):
            text = text[:-2]
        if not text:
            continue
        if text not in _YES | _NO:
            raise ValueError(
                f"row {i}: label expected 1/0, yes/no or clash/no clash, got {value!r}. "
                "Fix that cell or leave it blank."
            )
        values.append(int(text in _YES))
        keep.append(i)
    skipped = len(frame) - len(keep)
    if skipped:
        logger.info("read_labels: %d row(s) without a label left out", skipped)
    _check_consistent(frame, keep, values, data)
    labeled = frame.iloc[keep].copy()
    labeled["label"] = np.asarray(values, dtype=np.int64)
    return labeled.reset_index(drop=True)


def _check_consistent(frame: pd.DataFrame, rows: list[int], labels: list[int], data: object) -> None:
    """One answer per pair: the same two texts (in either order: the detector reads a pair both
    ways) labeled 1 on one row and 0 on another are refused, both rows named."""
    first: dict[tuple[str, str], tuple[int, int]] = {}
    for row, label in zip(rows, labels):
        a, b = str(frame["text_a"].iloc[row]).strip(), str(frame["text_b"].iloc[row]).strip()
        key = (a, b) if a <= b else (b, a)
        if key not in first:
            first[key] = (row, label)
            continue
        earlier, answer = first[key]
        if answer != label:
            where = f" of {str(data)!r} (its lines {earlier + 2} and {row + 2})" if isinstance(
                data, (str, Path)) else ""
            raise ValueError(
                f"rows {earlier} and {row}{where}: label expected one answer per pair, got {answer} and {label} for "
                f"the same pair ({a[:60]!r} / {b[:60]!r}). Keep one of the two labels and blank the other."
            )

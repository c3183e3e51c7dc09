"""The frames of a compare run: its columns, the pairs before scoring, the scored rows, and `df.attrs`.

`framing.compare` and `framing.distributed.compare` build their rows and summaries here, so both
list pairs, orient them and name their columns identically.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from .pairing import Pairing

__all__ = [
    "COLUMNS",
    "CONTEXT_COLUMNS",
    "OUTPUT_COLUMNS",
    "PAIR_COLUMNS",
    "context_frame",
    "MODEL_COLUMN",
    "empty_frame",
    "frame_model",
    "pair_frame",
    "result_attrs",
    "scored_frame",
]

# The fixed output columns of `compare`, in order.
COLUMNS: tuple[str, ...] = (
    "party_a",
    "speaker_a",
    "text_a",
    "party_b",
    "speaker_b",
    "text_b",
    "p_contradiction",
    "is_contradiction",
    "ab_contradiction",
    "ba_contradiction",
    "directions_disagree",
    "id_a",
    "id_b",
)
# Where each side came from, appended after `COLUMNS`: the statement's document, whether it is a
# direct quote, its character offsets in the article (None when it did not come from one) and
# the sentence it was taken from.
CONTEXT_COLUMNS: tuple[str, ...] = tuple(
    f"{name}_{side}" for side in "ab" for name in ("source", "direct", "start", "end", "sentence")
)
#: The last column: the model that scored the row (as ``df.attrs["model"]``), so that a result
#: written to CSV and read back still names it (`frame_model`).
MODEL_COLUMN = "model"
#: Every column of `compare`'s result, in order.
OUTPUT_COLUMNS: tuple[str, ...] = COLUMNS + CONTEXT_COLUMNS + (MODEL_COLUMN,)
#: Column dtypes other than object.
DTYPES = {
    **{f"{name}_{side}": "Int64" for side in "ab" for name in ("start", "end")},
    **{f"direct_{side}": "boolean" for side in "ab"},
    "p_contradiction": "float64",
    "is_contradiction": "bool",
    "ab_contradiction": "float64",
    "ba_contradiction": "float64",
    "directions_disagree": "bool",
}


def empty_frame() -> pd.DataFrame:
    """A result with no rows: every `OUTPUT_COLUMNS` column, with its dtype."""
    return pd.DataFrame({name: pd.Series(dtype=DTYPES.get(name, "object")) for name in OUTPUT_COLUMNS})


def context_frame(pairing: Pairing) -> pd.DataFrame:
    """The `CONTEXT_COLUMNS` of each pair of a `Pairing`, in `pair_frame`'s row order."""
    kept = pairing.statements
    columns: dict[str, pd.Series] = {}
    for side, k in (("a", 0), ("b", 1)):
        chosen = [kept[pair[k]] for pair in pairing.pairs]
        for name in ("source", "direct", "start", "end", "sentence"):
            column = f"{name}_{side}"
            columns[column] = pd.Series([getattr(s, name) for s in chosen], dtype=DTYPES.get(column, object))
    return pd.DataFrame(columns, columns=list(CONTEXT_COLUMNS))


# Columns of `pair_frame`: the statement side of `COLUMNS`, known before scoring.
PAIR_COLUMNS: tuple[str, ...] = ("party_a", "speaker_a", "text_a", "party_b", "speaker_b", "text_b", "id_a", "id_b")


def pair_frame(pairing: Pairing) -> pd.DataFrame:
    """One row per pair of a `Pairing`, with the `PAIR_COLUMNS` (a = the earlier statement).

    """
    kept = pairing.statements
    left = [kept[i] for i, _ in pairing.pairs]
    right = [kept[j] for _, j in pairing.pairs]
    return pd.DataFrame(
        {
            "party_a": [s.party for s in left],
            # object dtype keeps None (not NaN) for missing speakers and ids
            "speaker_a": pd.Series([s.speaker for s in left], dtype=object),
            "text_a": [s.text for s in left],
            "party_b": [s.party for s in right],
            "speaker_b": pd.Series([s.speaker for s in right], dtype=object),
            "text_b": [s.text for s in right],
            "id_a": pd.Series([s.id for s in left], dtype=object),
            "id_b": pd.Series([s.id for s in right], dtype=object),
        },
        columns=list(PAIR_COLUMNS),
    )


def scored_frame(pairs: pd.DataFrame, scores: Any, threshold: float) -> pd.DataFrame:
    """The `COLUMNS` frame (unsorted) from `pair_frame` rows and ``score_pairs`` output for them.

    Checks that ``scores`` is a DataFrame with ``p_contradiction`` and one row per pair;
    missing optional score columns become NaN / False.
    """
    if not isinstance(scores, pd.DataFrame) or "p_contradiction" not in scores.columns:
        raise TypeError(
            "score_pairs expected to return a DataFrame with a 'p_contradiction' column, got "
            f"{type(scores).__name__} with columns {list(getattr(scores, 'columns', []))}. "
            "Return one row per pair with p_contradiction."
        )
    if len(scores) != len(pairs):
        raise ValueError(
            f"score_pairs expected to return {len(pairs)} rows, got {len(scores)}. "
            "Return one row per input pair, in order."
        )
    p = scores["p_contradiction"].to_numpy(dtype=np.float64)

    def column(name: str, default: Any) -> np.ndarray:
        if name in scores.columns:
            return scores[name].to_numpy()
        return np.full(len(scores), default)

    def side(name: str) -> pd.Series:
        return pd.Series(pairs[name].to_numpy(), dtype=object)

    return pd.DataFrame(
        {
            "party_a": pairs["party_a"].tolist(),
            "speaker_a": side("speaker_a"),
            "text_a": pairs["text_a"].tolist(),
            "party_b": pairs["party_b"].tolist(),
            "speaker_b": side("speaker_b"),
            "text_b": pairs["text_b"].tolist(),
            "p_contradiction": p,
            "is_contradiction": p >= threshold,
            "ab_contradiction": column("ab_contradiction", np.nan).astype(np.float64),
            "ba_contradiction": column("ba_contradiction", np.nan).astype(np.float64),
            "directions_disagree": column("directions_disagree", False).astype(bool),
            "id_a": side("id_a"),
            "id_b": side("id_b"),
        },
        columns=list(COLUMNS),
    )


def result_attrs(
    options: Any,
    *,
    pairing: Pairing | None = None,
    n_statements: int = 0,
    n_unattributed: int = 0,
    prefilter_similarity: str | None = None,
    threshold: float | None = None,
    model: str | None = None,
    calibrated: bool = False,
    sides: dict[str, str | None] | None = None,
) -> dict[str, Any]:
    """`compare`'s ``df.attrs``: the same keys for every result, empty or not.

    ``options`` is the validated `framing.options.CompareOptions`; ``threshold`` the one used
    (None when nothing was scored and none was given); ``sides`` the speaker -> side table used
    (``None`` for a speaker left without a side; empty when the statements came without speakers).
    """
    from .version import __version__

    ran = pairing is not None and pairing.prefiltered
    return {
        "framing_version": __version__,
        "n_statements": n_statements,
        "n_duplicates_collapsed": pairing.n_duplicates if pairing is not None else 0,
        "n_pairs": len(pairing.pairs) if pairing is not None else 0,
        "n_candidate_pairs": pairing.n_candidates if pairing is not None else 0,
        "n_pairs_pruned": pairing.n_pruned if pairing is not None else 0,
        "prefilter": ran,
        "prefilter_similarity": prefilter_similarity if ran else None,
        "min_similarity": float(options.min_similarity),
        "threshold": options.threshold if threshold is None else float(threshold),
        "within_party": options.within_party,
        "n_unattributed": n_unattributed,
        "model": model,
        "calibrated": calibrated,
        "sides": dict(sides or {}),
    }


def frame_model(df: pd.DataFrame) -> tuple[str | None, str]:
    """``(model, where)``: the model that scored a result and where that was read, ``df.attrs["model"]``
    or, for a frame read back from a file, its `MODEL_COLUMN`; ``(None, "")`` when it names none.

    Raises:
        ValueError: The rows name several models, or the column disagrees with ``df.attrs``.

    Example:
        >>> frame_model(pd.DataFrame({"p_contradiction": [0.4], "model": ["/models/mine"]}))
        ('/models/mine', "the 'model' column")
    """
    named = df.attrs.get("model")
    column = [str(v) for v in pd.unique(df[MODEL_COLUMN].dropna())] if MODEL_COLUMN in df.columns else []
    if len(column) > 1 or (named and column and column[0] != named):
        shown = sorted({*column, *([named] if named else [])})
        raise ValueError(
            f"the frame expected one model that scored every row, got several: {shown}. Explain or report the rows "
            "of one model at a time, e.g. df[df['model'] == name], and pass that model as detector=."
        )
    if named:
        return str(named), "df.attrs['model']"
    if column:
        return column[0], f"the {MODEL_COLUMN!r} column"
    return None, ""

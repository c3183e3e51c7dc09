"""Labeled pair tables: reading them (JSON Lines, CSV, TSV, Parquet or a DataFrame) and their labels,
three-way NLI names and ids plus the partial ``not_entailment`` / ``no_clash`` and ``clash`` labels.

What `framing.finetune` trains on and `framing.evaluate` and the command line read.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np

from .labels import LABELS

__all__ = [
    "CLASH", "LABEL_NAMES", "NOT_CONTRADICTION", "NOT_ENTAILMENT", "REQUIRED_COLUMNS", "clash_pairs", "load_pairs",
    "normalise_label", "read_table",
]

#: Label id used for two-way "not entailment" rows (neutral or contradiction).
NOT_ENTAILMENT = len(LABELS)
#: Label id used for "no clash" rows of a label queue (entailment or neutral).
NOT_CONTRADICTION = NOT_ENTAILMENT + 1
#: Label id used for "clash" rows of a label queue (trained as contradiction).
CLASH = NOT_CONTRADICTION + 1
_ALIASES = {
    "entailment": 0, "entailed": 0, "entails": 0, "entail": 0,
    "neutral": 1,
    "contradiction": 2, "contradicted": 2, "contradicts": 2, "contradict": 2,
    "not_entailment": NOT_ENTAILMENT, "not-entailment": NOT_ENTAILMENT, "not_entailed": NOT_ENTAILMENT,
    "not-entailed": NOT_ENTAILMENT, "non-entailment": NOT_ENTAILMENT,
    "not_contradiction": NOT_CONTRADICTION, "not-contradiction": NOT_CONTRADICTION,
    "no_clash": NOT_CONTRADICTION, "no clash": NOT_CONTRADICTION,
    "clash": CLASH,
}
#: Label names by id: the three NLI labels, then the partial and clash labels.
LABEL_NAMES = (*LABELS, "not_entailment", "no_clash", "clash")
REQUIRED_COLUMNS = ("premise", "hypothesis", "label")


def normalise_label(value: Any, *, row: int | None = None) -> int:
    """Map a label name (any case) or id to ``0..5`` (3 = not entailment, 4 = no clash, 5 = clash).

    Example:
        >>> normalise_label("CONTRADICTION"), normalise_label(0), normalise_label("not_entailment")
        (2, 0, 3)
    """
    where = f" at row {row}" if row is not None else ""
    if isinstance(value, (bool, np.bool_)):
        raise ValueError(f"label{where} expected a name in {sorted(_ALIASES)} or an id 0-5, got {value!r}.")
    if isinstance(value, (int, np.integer)) and 0 <= int(value) <= CLASH:
        return int(value)
    if isinstance(value, str) and value.strip().lower() in _ALIASES:
        return _ALIASES[value.strip().lower()]
    raise ValueError(
        f"label{where} expected one of {sorted(_ALIASES)} (any case) or an id 0-5 "
        f"(0=entailment, 1=neutral, 2=contradiction, 3=not_entailment, 4=no_clash, 5=clash), got {value!r}. "
        "Map your labels onto these names before fine-tuning."
    )


def clash_pairs(labels: Any) -> Any:
    """NLI training pairs from a labeled queue (`framing.labeling.read_labels`): each clash a
    `CLASH` row (trained as contradiction), each "no clash" a `NOT_CONTRADICTION` row, both
    directions of every pair (the detector reads a pair both ways).

    Example:
        >>> import pandas as pd
        >>> queue = pd.DataFrame({"text_a": ["Talks were productive."], "text_b": ["Talks failed."], "label": [1]})
        >>> clash_pairs(queue)[["premise", "label"]].to_dict("list")
        {'premise': ['Talks were productive.', 'Talks failed.'], 'label': ['clash', 'clash']}
    """
    import pandas as pd

    from .labeling import read_labels

    frame = read_labels(labels)
    names = np.where(frame["label"].to_numpy() == 1, "clash", "no_clash")
    forward = pd.DataFrame({"premise": frame["text_a"], "hypothesis": frame["text_b"], "label": names})
    backward = pd.DataFrame({"premise": frame["text_b"], "hypothesis": frame["text_a"], "label": names})
    return pd.concat([forward, backward], ignore_index=True)


def read_table(data: Any):
    """A pandas DataFrame from a DataFrame, a ``datasets.Dataset`` or a CSV, TSV, JSON or JSONL path.

    The one reader of labeled pair files, for fine-tuning and evaluation alike.
    """
    import pandas as pd

    if isinstance(data, pd.DataFrame):
        return data.reset_index(drop=True)
    if isinstance(data, (str, os.PathLike)):
        path = Path(data)
        if not path.exists():
            raise FileNotFoundError(f"pairs expected an existing file, got {str(path)!r}.")
        suffix = path.suffix.lower()
        if suffix == ".jsonl":  # our reader: a bad line is named by file and line number
            from .statements import read_jsonl

            return pd.DataFrame(read_jsonl(path))
        if suffix == ".json":
            import io

            from .files import read_text

            try:
                return pd.read_json(io.StringIO(read_text(path)))
            except ValueError as error:
                raise ValueError(f"{path}: expected a JSON table (a list of rows), got {error}. Fix the file, "
                                 "or write one object per line as .jsonl.") from None
        if suffix in (".csv", ".tsv"):
            from .files import read_csv

            # UTF-8 or a byte-order mark; ',' or ';' found from the header (tab for .tsv); only an
            # empty cell is missing: a text "NA" or "None" stays a text
            return read_csv(path, sep="\t" if suffix == ".tsv" else None, keep_default_na=False, na_values=[""])
        raise ValueError(f"pairs file expected .csv, .tsv, .json or .jsonl, got {path.name!r}.")
    import datasets

    if isinstance(data, datasets.Dataset):
        return data.to_pandas()
    raise TypeError(
        f"pairs expected a datasets.Dataset, a pandas DataFrame or a file path, got {type(data).__name__}."
    )


def load_pairs(data: Any, *, columns: Mapping[str, str] | None = None):
    """Read labeled pairs into a ``datasets.Dataset`` with premise/hypothesis/label (int 0-4).

    Args:
        data: a ``datasets.Dataset``, a pandas DataFrame, or a path to a CSV, TSV, JSON or JSONL file;
            a labeled queue of `framing.label_queue` (``text_a``, ``text_b``, ``label`` 1/0) is read
            with `clash_pairs`.
        columns: rename map from your column names to ``premise``/``hypothesis``/``label``,
            e.g. ``{"sentence1": "premise", "sentence2": "hypothesis", "gold": "label"}``.
    """
    import datasets

    frame = read_table(data)
    if not columns and {"text_a", "text_b", "label"} <= set(frame.columns) and "premise" not in frame.columns:
        frame = clash_pairs(frame)  # a labeled queue: clash / no clash
    if frame.empty:
        raise ValueError(
            f"training data expected at least one labeled pair, got none ({len(frame)} rows, columns "
            f"{list(frame.columns)}). Pass rows with {list(REQUIRED_COLUMNS)}."
        )
    if columns:
        frame = frame.rename(columns=dict(columns))
    missing = [c for c in REQUIRED_COLUMNS if c not in frame.columns]
    if missing:
        raise ValueError(
            f"training data expected columns {list(REQUIRED_COLUMNS)}, got {list(frame.columns)} (missing {missing}). "
            "Pass columns={'your_name': 'premise', ...} to map them."
        )
    frame = frame[list(REQUIRED_COLUMNS) + [c for c in ("source",) if c in frame.columns]].copy()
    for col in ("premise", "hypothesis"):
        bad = [i for i, v in enumerate(frame[col]) if not isinstance(v, str) or not v.strip()]
        if bad:
            raise ValueError(
                f"column {col!r} expected non-empty strings, got {frame[col].iloc[bad[0]]!r} at row {bad[0]} "
                f"({len(bad)} such rows). Drop or fill them first."
            )
    frame["label"] = [normalise_label(v, row=i) for i, v in enumerate(frame["label"])]
    return datasets.Dataset.from_pandas(frame.reset_index(drop=True), preserve_index=False)

"""Tables over `compare`'s result: one row per pair of parties (or speakers)."""

from __future__ import annotations

from typing import Any

import pandas as pd

__all__ = ["check_frame", "side_names", "summary"]

_SUMMARY_COLUMNS = ("a", "b", "pairs", "flagged", "max_p", "mean_p", "strongest_a", "strongest_b")


def check_frame(df: Any, by: str, caller: str) -> None:
    """``df`` must be `compare`'s frame with ``<by>_a`` / ``<by>_b`` columns (shared with `framing.plots`)."""
    if by not in ("party", "speaker"):
        raise ValueError(f"{caller}: by expected 'party' or 'speaker', got {by!r}.")
    needed = [f"{by}_a", f"{by}_b", "p_contradiction", "is_contradiction"]
    if not isinstance(df, pd.DataFrame) or any(c not in df.columns for c in needed):
        got = list(df.columns) if isinstance(df, pd.DataFrame) else type(df).__name__
        raise ValueError(f"{caller} expected framing.compare's DataFrame with columns {needed}, got {got}. "
                         "Pass the result of framing.compare.")


def side_names(df: pd.DataFrame, by: str) -> tuple[pd.Series, pd.Series]:
    """The two sides' party (or speaker) names, ordered so that each unordered pair reads the same;
    a missing speaker is ``"(unknown)"``."""
    a = df[f"{by}_a"].astype(object).where(df[f"{by}_a"].notna(), "(unknown)").astype(str)
    b = df[f"{by}_b"].astype(object).where(df[f"{by}_b"].notna(), "(unknown)").astype(str)
    first = a.where(a <= b, b)
    second = b.where(a <= b, a)
    return first, second


def summary(df: pd.DataFrame, by: str = "party") -> pd.DataFrame:
    """One row per pair of parties (``by="speaker"``: of speakers), strongest clash first.

    Returns:
        Columns ``a``, ``b`` (the two names, in alphabetical order), ``pairs`` (pairs
        scored), ``flagged`` (``is_contradiction``), ``max_p``, ``mean_p`` and the strongest pair's
        texts ``strongest_a`` (said by ``a``) and ``strongest_b``.

    Example:
        >>> framing.summary(framing.compare(statements))  # doctest: +SKIP
    """
    check_frame(df, by, "summary")
    if df.empty:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in _SUMMARY_COLUMNS})
    first, second = side_names(df, by)
    swapped = df[f"{by}_a"].astype(object).where(df[f"{by}_a"].notna(), "(unknown)").astype(str) != first
    said_by_first = df["text_a"].where(~swapped, df["text_b"])
    said_by_second = df["text_b"].where(~swapped, df["text_a"])
    work = pd.DataFrame({"a": first, "b": second, "p": df["p_contradiction"].astype(float),
                         "flag": df["is_contradiction"].astype(bool), "ta": said_by_first, "tb": said_by_second})
    rows = []
    for (a, b), group in work.groupby(["a", "b"], sort=False):
        best = group["p"].idxmax()
        rows.append({"a": a, "b": b, "pairs": len(group), "flagged": int(group["flag"].sum()),
                     "max_p": float(group["p"].max()), "mean_p": float(group["p"].mean()),
                     "strongest_a": group.at[best, "ta"], "strongest_b": group.at[best, "tb"]})
    out = pd.DataFrame(rows, columns=list(_SUMMARY_COLUMNS))
    return out.sort_values("max_p", ascending=False, kind="stable").reset_index(drop=True)

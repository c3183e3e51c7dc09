"""Figures over `compare`'s result, as `matplotlib.figure.Figure` objects (no pyplot state).

Leave a figure as a notebook cell's value to show it (with ``%matplotlib inline``), or save it
with ``fig.savefig(path)``. The reliability diagram is `framing.metrics.reliability_figure`.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from .summarising import check_frame, side_names

__all__ = ["figure_class", "heatmap", "score_distribution"]


def figure_class() -> Any:
    """`matplotlib.figure.Figure`, or an ImportError naming the extra that installs it (every figure
    of framing, and so `framing.report`, needs it)."""
    try:
        from matplotlib.figure import Figure
    except ImportError as err:
        raise ImportError(
            "framing's figures expected matplotlib, got ImportError. Install the extra: "
            'pip install "framing-clash[plots]".'
        ) from err
    return Figure


def _figure(**kwargs: Any) -> Any:
    return figure_class()(layout="constrained", **kwargs)


def heatmap(df: pd.DataFrame, by: str = "party") -> Any:
    """Party x party (``by="speaker"``: speaker x speaker) matrix of the highest ``p_contradiction``.

    Each cell shows the strongest clash between the two and, below it, how many pairs were
    scored; the matrix is symmetric, cells without pairs are blank.

    Example:
        >>> framing.plots.heatmap(df, by="speaker").savefig("speakers.png")  # doctest: +SKIP
    """
    check_frame(df, by, "heatmap")
    first, second = side_names(df, by)
    names = sorted(set(first) | set(second))
    index = {name: k for k, name in enumerate(names)}
    best = np.full((len(names), len(names)), np.nan)
    count = np.zeros((len(names), len(names)), dtype=int)
    for a, b, p in zip(first, second, df["p_contradiction"].astype(float)):
        i, j = index[a], index[b]
        for r, c in {(i, j), (j, i)}:
            best[r, c] = p if np.isnan(best[r, c]) else max(best[r, c], p)
            count[r, c] += 1
    size = max(4.0, 1.1 * len(names) + 2.5)
    fig = _figure(figsize=(size + 1.2, size))
    ax = fig.add_subplot()
    image = ax.imshow(np.ma.masked_invalid(best), vmin=0.0, vmax=1.0, cmap="Reds")
    ax.set_xticks(range(len(names)), labels=names, rotation=35, ha="right")
    ax.set_yticks(range(len(names)), labels=names)
    for i in range(len(names)):
        for j in range(len(names)):
            if count[i, j]:
                ink = "white" if best[i, j] > 0.6 else "black"
                ax.text(j, i, f"{best[i, j]:.2f}\n{count[i, j]} pairs", ha="center", va="center", color=ink,
                        fontsize="small")
    ax.set_title(f"Strongest clash per {by} pair (max p_contradiction)")
    fig.colorbar(image, ax=ax, label="max p_contradiction", shrink=0.8)
    return fig


def score_distribution(df: pd.DataFrame, threshold: float | None = None, bins: int = 20) -> Any:
    """Histogram of ``p_contradiction`` with the decision threshold as a vertical line.

    Args:
        df: `framing.compare`'s result.
        threshold: Where to draw the line; by default ``df.attrs["threshold"]`` (compare's).
        bins: Equal-width bins over [0, 1].
    """
    check_frame(df, "party", "score_distribution")
    if threshold is None:
        threshold = df.attrs.get("threshold")
    p = df["p_contradiction"].astype(float).to_numpy()
    fig = _figure(figsize=(6.0, 3.5))
    ax = fig.add_subplot()
    ax.hist(p, bins=np.linspace(0.0, 1.0, bins + 1), color="#8c96c6", edgecolor="white")
    if threshold is not None:
        flagged = int((p >= threshold).sum())
        ax.axvline(threshold, color="#b30000", linestyle="--",
                   label=f"threshold {threshold:.3f}: {flagged} of {len(p)} flagged")
        ax.legend(loc="upper right", fontsize="small")
    ax.set(xlim=(0, 1), xlabel="p_contradiction", ylabel="pairs",
           title=f"Scores of {len(p)} pairs ({df.attrs.get('model') or 'model unknown'})")
    return fig

"""Quote cards: the top pairs of `compare`'s result as HTML, explaining words highlighted.

Every text that reaches the HTML goes through `html.escape`: statements are untrusted input.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Any

import pandas as pd

from .checks import check_positive_int

__all__ = ["Cards", "cards"]

# Words highlighted per side: the highest occlusion weights, if at least this large.
HIGHLIGHT_WORDS = 4
HIGHLIGHT_MIN_WEIGHT = 0.005

CARD_CSS = """
.framing-cards { font-family: system-ui, sans-serif; display: grid; gap: 12px; max-width: 1100px; }
.framing-card { border: 1px solid #ccc; border-radius: 6px; padding: 10px 14px; background: #fff; color: #222; }
.framing-card header { display: flex; gap: 12px; align-items: baseline; font-size: 0.9em; color: #555; }
.framing-card .p { font-size: 1.4em; font-weight: 600; color: #b30000; }
.framing-card .flag { background: #b30000; color: #fff; border-radius: 3px; padding: 0 5px; }
.framing-card .disagree { background: #e6a000; color: #000; border-radius: 3px; padding: 0 5px; }
.framing-card .sides { display: grid; grid-template-columns: 1fr 1fr; gap: 14px; margin-top: 6px; }
.framing-card .who { font-weight: 600; }
.framing-card .context { font-size: 0.8em; color: #777; }
.framing-card blockquote { margin: 4px 0; padding-left: 8px; border-left: 3px solid #ddd; }
.framing-card mark { background: rgba(255, 140, 0, var(--w)); padding: 0 1px; }
.framing-card .driver { font-size: 0.85em; color: #444; margin-top: 6px; }
"""


def _highlighted(text: str, words: pd.DataFrame | None, side: str) -> str:
    """``text`` escaped, its most weighted words of ``side`` wrapped in ``<mark>``."""
    if words is None or words.empty:
        return html.escape(text)
    chosen = words[(words["side"] == side) & (words["weight"] >= HIGHLIGHT_MIN_WEIGHT)]
    chosen = chosen.sort_values("weight", ascending=False, kind="stable").head(HIGHLIGHT_WORDS)
    if chosen.empty:
        return html.escape(text)
    strongest = float(chosen["weight"].max())
    out, pos = [], 0
    for row in chosen.sort_values("start").itertuples():
        alpha = 0.25 + 0.6 * float(row.weight) / strongest
        out.append(html.escape(text[pos:row.start]))
        out.append(f'<mark style="--w: {alpha:.2f}" title="without it p falls by {float(row.weight):.3f}">'
                   f"{html.escape(text[row.start:row.end])}</mark>")
        pos = row.end
    out.append(html.escape(text[pos:]))
    return "".join(out)


def _who(row: pd.Series, side: str) -> str:
    speaker = row.get(f"speaker_{side}")
    party = html.escape(str(row[f"party_{side}"]))
    name = html.escape(str(speaker)) if isinstance(speaker, str) and speaker else "speaker unknown"
    return f'<span class="who">{name}</span> · {party}'


def _context(row: pd.Series, side: str) -> str:
    bits = []
    direct = row.get(f"direct_{side}")
    if direct is not None and not pd.isna(direct):
        bits.append("direct quote" if bool(direct) else "reported")
    start, end = row.get(f"start_{side}"), row.get(f"end_{side}")
    if start is not None and not pd.isna(start):
        bits.append(f"chars {int(start)}–{int(end)}")
    source = row.get(f"source_{side}")
    if isinstance(source, str) and source:
        bits.append(source)
    return html.escape(" · ".join(bits))


def card_html(row: pd.Series, rank: int, explanation: Any = None) -> str:
    """One pair as an ``<article class="framing-card">``."""
    words = getattr(explanation, "words", None)
    p = float(row["p_contradiction"])
    badges = []
    if bool(row.get("is_contradiction", False)):
        badges.append('<span class="flag">flagged</span>')
    ab, ba = row.get("ab_contradiction"), row.get("ba_contradiction")
    if ab is not None and not pd.isna(ab):
        badges.append(f"a→b {float(ab):.2f} · b→a {float(ba):.2f}")
    if bool(row.get("directions_disagree", False)):
        badges.append('<span class="disagree">directions disagree</span>')
    sides = "".join(
        f'<div class="side side-{side}">{_who(row, side)}<blockquote>'
        f'{_highlighted(str(row[f"text_{side}"]), words, side)}</blockquote>'
        f'<div class="context">{_context(row, side)}</div></div>'
        for side in "ab"
    )
    driver = ""
    if getattr(explanation, "sentence_a", None) is not None:
        driver = (f'<div class="driver">Driving sentences (p {explanation.p_sentences:.2f}): '
                  f'“{html.escape(explanation.sentence_a)}” vs “{html.escape(explanation.sentence_b)}”</div>')
    return (f'<article class="framing-card"><header><span class="rank">#{rank}</span>'
            f'<span class="p">p {p:.3f}</span>{" ".join(badges)}</header>'
            f'<div class="sides">{sides}</div>{driver}</article>')


class Cards:
    """The top pairs as quote cards; a notebook shows them (``_repr_html_``), `html` gives the markup.

    Attributes:
        rows: The pairs shown (the first rows of `compare`'s frame).
        explanations: One ``Explanation`` (`framing.explain`) per row, or None (no highlights).
    """

    def __init__(self, rows: pd.DataFrame, explanations: Sequence[Any] | None = None) -> None:
        self.rows = rows
        self.explanations = list(explanations) if explanations is not None else None

    def html(self, *, style: bool = True) -> str:
        """The cards as one HTML fragment (with its ``<style>`` unless ``style=False``)."""
        explanations = self.explanations or [None] * len(self.rows)
        body = "".join(
            card_html(row, k + 1, e) for k, ((_, row), e) in enumerate(zip(self.rows.iterrows(), explanations))
        )
        if not body:
            body = "<p>No pairs to show.</p>"
        css = f"<style>{CARD_CSS}</style>" if style else ""
        return f'{css}<div class="framing-cards">{body}</div>'

    def _repr_html_(self) -> str:
        return self.html()

    def __len__(self) -> int:
        return len(self.rows)

    def __repr__(self) -> str:
        return f"Cards({len(self.rows)} pairs, highlighted={self.explanations is not None})"


def cards(
    df: pd.DataFrame,
    top: int = 5,
    *,
    explanations: Sequence[Any] | bool | None = True,
    detector: Any = None,
) -> Cards:
    """Quote cards of the ``top`` pairs: speakers, parties, both texts, p and direction scores.

    Args:
        df: `framing.compare`'s result (most contradictory first).
        top: How many pairs.
        explanations: `framing.explain`'s result for these rows; True: computed here (with
            ``detector``, see `framing.explain`); None or False: no highlights.
        detector: The scorer for the explanations; None: the model that scored ``df``.

    Example:
        >>> framing.cards(framing.compare(text, parties=parties))  # doctest: +SKIP
    """
    from .summarising import check_frame

    check_frame(df, "party", "cards")
    top = check_positive_int("top", top, 5)
    rows = df.head(top)
    if explanations is True:
        from .explaining import explain

        explanations = explain(rows, detector, top=top) if len(rows) else []
    elif explanations is False:
        explanations = None
    if explanations is not None and len(explanations) < len(rows):
        raise ValueError(
            f"explanations expected one per card ({len(rows)}), got {len(explanations)}. "
            f"Pass framing.explain(df, top={top})."
        )
    return Cards(rows, None if explanations is None else list(explanations)[: len(rows)])

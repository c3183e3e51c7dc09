"""`report`: one self-contained HTML file (no scripts, no external resources) of a `compare` result.

It holds the model and calibration used, the per-party-pair summary, the heatmap and the
score distribution (inline PNG), and the quote cards of the top pairs. Every text is escaped.
"""

from __future__ import annotations

import base64
import html
import io
import json
from pathlib import Path
from typing import Any

import pandas as pd

__all__ = ["REPORT_SUFFIXES", "report", "report_html"]

PAGE_CSS = """
body { font-family: system-ui, sans-serif; margin: 24px; color: #222; background: #fafafa; }
h1 { font-size: 1.5em; } h2 { font-size: 1.15em; margin-top: 28px; }
table.meta td, table.meta th { text-align: left; padding: 2px 10px 2px 0; font-size: 0.9em; }
table.summary { border-collapse: collapse; font-size: 0.85em; }
table.summary td, table.summary th { border: 1px solid #ddd; padding: 3px 6px; vertical-align: top; }
.figures { display: flex; flex-wrap: wrap; gap: 16px; align-items: flex-start; }
.figures img { max-width: 560px; border: 1px solid #ddd; background: #fff; }
.note { color: #666; font-size: 0.85em; max-width: 900px; }
"""


def _png(fig: Any) -> str:
    """The figure as an ``<img>`` with an inline base64 PNG."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=90)
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    return f'<img alt="{html.escape(fig.axes[0].get_title())}" src="data:image/png;base64,{data}">'


def _calibration(model: Any) -> dict[str, Any]:
    """What the model folder's ``calibrator.json`` says (method, features, threshold), if there is one."""
    if not isinstance(model, str):
        return {}
    path = Path(model).expanduser() / "calibrator.json"
    try:
        saved = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    params = saved.get("params", {}) if isinstance(saved.get("params"), dict) else {}
    features = params.get("features")
    extra = params.get("extra_features") or []
    return {
        "calibrator method": saved.get("method_"),
        "calibrator features": " + ".join(str(f) for f in [features, *extra] if f),
        "calibrator threshold": saved.get("threshold_"),
    }


def _meta_rows(df: pd.DataFrame) -> str:
    from .frames import frame_model

    attrs = df.attrs
    model = frame_model(df)[0]  # attrs, or the `model` column of a frame read back from CSV
    shown = {
        "model": model if model is not None else "not recorded (a frame without df.attrs or a 'model' column)",
        "calibrated": attrs.get("calibrated"),
        "decision threshold": attrs.get("threshold"),
        **_calibration(model),
        "statements": attrs.get("n_statements"),
        "pairs scored": attrs.get("n_pairs", len(df)),
        "pairs removed by the prefilter": attrs.get("n_pairs_pruned"),
        "statements without a party (not paired)": attrs.get("n_unattributed"),
        "flagged pairs": int(df["is_contradiction"].sum()) if len(df) else 0,
        "framing version": attrs.get("framing_version"),
    }

    def value(v: Any) -> str:
        return f"{v:.3f}" if isinstance(v, float) else str(v)

    return "".join(f"<tr><th>{html.escape(k)}</th><td>{html.escape(value(v))}</td></tr>"
                   for k, v in shown.items() if v is not None)


def _sides_table(df: pd.DataFrame) -> str:
    """The speaker -> side table the run used (``df.attrs["sides"]``), unattributed speakers marked."""
    table = df.attrs.get("sides") or {}
    if not table:
        return ""
    rows = "".join(
        f"<tr><td>{html.escape(str(speaker))}</td><td>{html.escape(side) if side else '<em>no side (not paired)</em>'}"
        "</td></tr>" for speaker, side in table.items())
    return ("<h2>Speakers and sides</h2><p class=\"note\">The side each speaker was put on. Save it with "
            "<code>framing compare ... --write-parties map.json</code>, edit it and pass it back with "
            "<code>--parties map.json</code>.</p>"
            f'<table class="summary"><tr><th>speaker</th><th>side</th></tr>{rows}</table>')


def report_html(
    df: pd.DataFrame,
    *,
    top: int = 10,
    explanations: Any = True,
    detector: Any = None,
    title: str = "Contradictory framing",
    by: str = "party",
) -> str:
    """The report as an HTML string: the model and calibration used, the summary table, the
    heatmap and score figures (inline PNG), and quote cards; every text escaped.

    Args:
        df: `framing.compare`'s result; its ``attrs`` name the model and threshold.
        top: Quote cards for this many pairs.
        explanations: As in `framing.cards` (True: computed with ``detector``).
        detector: The scorer for the explanations; None: the model that scored ``df``.
        title: The page title.
        by: ``"party"`` or ``"speaker"`` for the summary table and the heatmap.
    """
    from .plots import heatmap, score_distribution
    from .quote_cards import cards
    from .summarising import summary

    table = summary(df, by=by)
    table_html = table.to_html(index=False, escape=True, float_format=lambda v: f"{v:.3f}", classes="summary",
                               border=0)
    if len(df):
        figures = f'<div class="figures">{_png(heatmap(df, by=by))}{_png(score_distribution(df))}</div>'
        shown = cards(df, top=top, explanations=explanations, detector=detector)
        cards_html = shown.html()
        highlighted = shown.explanations is not None
    else:
        figures, cards_html, highlighted = "<p>No pairs were scored.</p>", "", False
    note = ("Highlighted words: dropping each one lowers p_contradiction (occlusion; darker = more)."
            if highlighted else "")
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        f"<title>{html.escape(title)}</title><style>{PAGE_CSS}</style></head><body>"
        f"<h1>{html.escape(title)}</h1>"
        f'<table class="meta">{_meta_rows(df)}</table>'
        f"{_sides_table(df)}"
        f"<h2>Per {html.escape(by)} pair</h2>{table_html}"
        f"<h2>Figures</h2>{figures}"
        f"<h2>Top {min(top, len(df))} pairs</h2><p class=\"note\">{html.escape(note)}</p>{cards_html}"
        "</body></html>\n"
    )


#: What `report` writes: an HTML page.
REPORT_SUFFIXES = (".html", ".htm")


def report(df: pd.DataFrame, path: str | Path, *, any_suffix: bool = False, **options: Any) -> Path:
    """Write a self-contained HTML report of `compare`'s result to ``path``.

    The page is written to a temporary file in the same folder and renamed into place, so an
    interrupted call leaves any earlier file at ``path`` as it was.

    Args:
        df: `framing.compare`'s result; its ``attrs`` (or its ``model`` column) name the model.
        path: The ``.html`` (or ``.htm``) file to write.
        any_suffix: Write HTML to a path with another suffix too (by default refused: a
            ``.csv`` or ``.jsonl`` name is most likely a data file that the page would replace).
        **options: As in `report_html`: ``top`` (cards, default 10), ``explanations`` (True:
            computed with ``detector``, the model that scored ``df`` by default), ``title``, ``by``.

    Returns:
        The path written.

    Raises:
        ValueError: ``path`` does not end in .html or .htm and ``any_suffix`` is False.

    Example:
        >>> framing.report(framing.compare(text, parties=parties), "clashes.html")  # doctest: +SKIP
    """
    from .files import atomic_path

    path = Path(path)
    if not any_suffix and path.suffix.lower() not in REPORT_SUFFIXES:
        raise ValueError(
            f"report expected a path ending in .html or .htm, got {str(path)!r}: the report is an HTML page and "
            f"would replace what is there. Name it e.g. {path.with_suffix('.html').name!r}, or pass "
            "any_suffix=True to write HTML under this name on purpose."
        )
    page = report_html(df, **options)  # built before anything is written
    with atomic_path(path) as temporary:
        temporary.write_text(page, encoding="utf-8")
    return path

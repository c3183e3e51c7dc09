"""Many articles: statements per article, one statement per quote however many outlets carry it,
pairs within a story, and clashes followed over time.

`corpus_statements` extracts and merges; `compare_corpus` also groups articles into stories (given,
or by the sentence encoder) and runs `framing.compare` within each; `clashes_over_time` and
`timeline_figure` follow a party pair's flagged clashes by day or week. `write_statements` writes
the merged statements as the JSON Lines `framing.distributed` reads (``block_by=["story"]``).
"""

from __future__ import annotations

import logging
import math
import warnings
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .checks import text_problem
from .pairing import normalise_text
from .statements import Statement, read_jsonl, write_jsonl

logger = logging.getLogger(__name__)

__all__ = ["clashes_over_time", "compare_corpus", "corpus_statements", "group_stories", "timeline_figure",
           "write_statements"]

#: Articles whose embeddings are at least this cosine-similar (average linkage) form one story.
STORY_SIMILARITY = 0.5
_ARTICLE_KEYS = ("text", "source", "date", "outlet", "story")


def _articles(articles: Any) -> list[dict[str, Any]]:
    """Article records (dicts with ``text`` and ``source``; ``date``, ``outlet``, ``story`` optional)
    from a list of dicts, a DataFrame, or a JSON Lines or Parquet file, checked."""
    if isinstance(articles, (str, Path)):
        if not Path(articles).is_file():
            raise TypeError(
                f"articles expected a non-empty list of article records, a DataFrame or a .jsonl path, got "
                f"{str(articles)[:60]!r}, which is no file. Pass e.g. [{{'source': 'nyt-1', 'text': ...}}]."
            )
        path = Path(articles)
        # The two formats framing.distributed reads.
        articles = pd.read_parquet(path).to_dict(orient="records") if path.suffix == ".parquet" else read_jsonl(path)
    elif hasattr(articles, "to_dict") and hasattr(articles, "columns"):
        articles = articles.to_dict(orient="records")
    if isinstance(articles, Mapping) or not isinstance(articles, Sequence) or not articles:
        raise TypeError(
            f"articles expected a non-empty list of {{'text', 'source', 'date', 'outlet', 'story'}} records, a "
            f"DataFrame or a .jsonl / .parquet path, got {type(articles).__name__}. Pass e.g. "
            "[{'source': 'nyt-1', 'date': '2018-07-13', 'outlet': 'NYT', 'text': ...}]."
        )
    records, seen = [], set()
    for i, record in enumerate(articles):
        if not isinstance(record, Mapping):
            raise TypeError(f"articles[{i}] expected a dict with 'text' and 'source', got {type(record).__name__}.")
        text, source = record.get("text"), record.get("source")
        if not isinstance(text, str) or text_problem(text):
            raise ValueError(f"articles[{i}]: 'text' expected the article's text, got {str(text)[:40]!r}.")
        if not isinstance(source, str) or not source.strip():
            raise ValueError(f"articles[{i}]: 'source' expected a name for the article, got {source!r}.")
        if source in seen:
            raise ValueError(f"articles[{i}]: 'source' expected to be unique, got {source!r} again. Name each article.")
        seen.add(source)
        date = record.get("date")
        if date is not None and not (isinstance(date, float) and math.isnan(date)):
            try:
                date = pd.Timestamp(date).isoformat()
            except (ValueError, TypeError) as err:
                raise ValueError(f"articles[{i}]: 'date' expected a date such as '2018-07-13', got {date!r}.") from err
        else:
            date = None
        records.append({**{k: record.get(k) for k in _ARTICLE_KEYS}, "date": date})
    return records


def corpus_statements(
    articles: Any, *, parties: Mapping[str, str] | None = None, strict: bool = False
) -> list[Statement]:
    """Statements of every article, the same quote from several outlets merged into one.

    Two statements are one when their party and `framing.pairing.normalise_text` agree; the first
    (in article order) is kept, and ``meta["reports"]`` lists every report as ``{source, outlet, date,
    start, end, speaker}``. Each statement carries ``source`` (the first article), ``meta["story"]``,
    ``meta["date"]`` (the earliest report) and ``meta["outlets"]``. Statements without a party are
    left out, with one warning that names their speakers.

    Args:
        articles: Records with ``text`` and ``source`` (``date``, ``outlet``, ``story`` optional):
            a list of dicts, a DataFrame, or a JSON Lines or Parquet file.
        parties: Speaker -> party mapping for `framing.extract_statements`.
        strict: Take parties from the mapping only (see `framing.extract_statements`).
    """
    from .extract import extract_statements, unmapped_speakers

    merged: dict[tuple[str, str], Statement] = {}
    unattributed: list[Statement] = []
    for article in _articles(articles):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # one warning for the corpus, below
            found = extract_statements(article["text"], parties=parties, source=article["source"], strict=strict)
        for statement in found:
            if statement.party is None:
                unattributed.append(statement)
                continue
            report = {"source": article["source"], "outlet": article["outlet"], "date": article["date"],
                      "start": statement.start, "end": statement.end, "speaker": statement.speaker}
            key = (statement.party, normalise_text(statement.text))
            if key in merged:
                merged[key].meta["reports"].append(report)
                continue
            statement.meta.update(reports=[report], story=article["story"])
            merged[key] = statement
    statements = list(merged.values())
    for statement in statements:
        reports = statement.meta["reports"]
        dates = [r["date"] for r in reports if r["date"]]
        statement.meta["date"] = min(dates) if dates else None
        statement.meta["outlets"] = sorted({r["outlet"] for r in reports if r["outlet"]})
    if unattributed:
        top = list(unmapped_speakers(unattributed).items())[:8]
        warnings.warn(
            f"corpus_statements: {len(unattributed)} statement(s) without a party left out, by "
            f"{', '.join(f'{name!r} ({n})' for name, n in top)}. Map them with parties={{...}}.",
            UserWarning,
            stacklevel=2,
        )
    logger.info("corpus: %d statements (%d reports merged)", len(statements),
                sum(len(s.meta["reports"]) - 1 for s in statements))
    return statements


def group_stories(articles: Any, *, encoder: Any = None, similarity: float = STORY_SIMILARITY) -> dict[str, str]:
    """``{source: story}`` for articles: their own ``story`` when given, else stories formed by
    average-linkage clustering of the articles' sentence embeddings (title and first paragraphs)
    at cosine ``similarity``; formed stories are named ``story-1``, ``story-2``, ...

    Example:
        >>> group_stories([{"source": "a", "text": "x", "story": "s1"}])
        {'a': 's1'}
    """
    records = _articles(articles)
    stories = {r["source"]: r["story"] for r in records if r["story"]}
    open_ = [r for r in records if not r["story"]]
    if len(open_) == 1:
        stories[open_[0]["source"]] = "story-1"
    elif open_:
        from sklearn.cluster import AgglomerativeClustering

        from .embeddings import DEFAULT_ENCODER, resolve_encoder

        model = resolve_encoder(encoder if encoder is not None else DEFAULT_ENCODER)
        vectors = np.asarray(model.encode([r["text"][:1500] for r in open_]))
        labels = AgglomerativeClustering(
            n_clusters=None, metric="cosine", linkage="average", distance_threshold=1.0 - similarity
        ).fit_predict(vectors)
        order = {label: k for k, label in enumerate(dict.fromkeys(labels), start=1)}
        stories.update({r["source"]: f"story-{order[label]}" for r, label in zip(open_, labels)})
    return stories


def compare_corpus(
    articles: Any,
    *,
    parties: Mapping[str, str] | None = None,
    strict: bool = False,
    model: Any = None,
    encoder: Any = None,
    story_similarity: float = STORY_SIMILARITY,
    **compare_options: Any,
) -> pd.DataFrame:
    """`framing.compare` over many articles, pairing statements within each story only.

    Args:
        articles: Records with ``text`` and ``source`` (``date``, ``outlet``, ``story`` optional).
        parties, strict: See `corpus_statements`.
        model: As in `framing.compare` (loaded once for all stories).
        encoder: Sentence encoder that groups articles without a ``story`` (default: the packaged one).
        story_similarity: Cosine at which articles join one story (`group_stories`).
        **compare_options: Passed to `framing.compare` (``threshold``, ``prefilter``, ...).

    Returns:
        The pairs of all stories, most contradictory first, with `framing.compare`'s columns plus
        ``story``, ``date_a``, ``date_b`` (earliest report), ``date`` (the later of the two: when the
        clash was on record), ``outlets_a``, ``outlets_b``. ``df.attrs["stories"]`` gives each story's
        articles and ``df.attrs["story_grouping"]`` whether stories were given or formed.
    """
    from .compare import compare
    from .detector import Detector
    from .resolve import load

    records = _articles(articles)
    given = all(r["story"] for r in records)
    stories = group_stories(records, encoder=encoder, similarity=story_similarity)
    for record in records:
        record["story"] = stories[record["source"]]
    statements = corpus_statements(records, parties=parties, strict=strict)
    scorer = model if isinstance(model, Detector) else load(model)  # loaded once for every story
    frames = []
    for story in dict.fromkeys(stories.values()):
        members = [s for s in statements if s.meta["story"] == story]
        if len({s.party for s in members}) < 2:
            continue  # one party: nothing to compare in this story
        frame = compare(members, model=scorer, **compare_options)
        by_id = {s.id: s for s in members}
        frame.insert(0, "story", story)
        for side in ("a", "b"):
            frame[f"date_{side}"] = [by_id[i].meta["date"] for i in frame[f"id_{side}"]]
            frame[f"outlets_{side}"] = [", ".join(by_id[i].meta["outlets"]) for i in frame[f"id_{side}"]]
        frames.append(frame)
    result = (pd.concat(frames, ignore_index=True) if frames else pd.DataFrame())
    if not result.empty:
        result["date"] = result[["date_a", "date_b"]].max(axis=1)
        result = result.sort_values("p_contradiction", ascending=False, kind="stable").reset_index(drop=True)
    result.attrs = {
        **(frames[0].attrs if frames else {}),
        "n_articles": len(records),
        "n_statements": len(statements),
        "n_reports_merged": sum(len(s.meta["reports"]) - 1 for s in statements),
        "stories": {story: [s for s, t in stories.items() if t == story] for story in dict.fromkeys(stories.values())},
        "story_grouping": "given" if given else "encoder",
    }
    return result


def clashes_over_time(df: pd.DataFrame, *, freq: str = "D", by: str = "party") -> pd.DataFrame:
    """Flagged clashes per period and pair of parties (or speakers): ``pairs``, ``flagged``, ``max_p``.

    Args:
        df: Output of `compare_corpus` (needs ``date``).
        freq: A pandas period: ``"D"`` (day), ``"W"`` (week), ``"M"`` (month).
        by: ``"party"`` or ``"speaker"``.
    """
    if "date" not in df.columns:
        raise ValueError("clashes_over_time expected a compare_corpus result with a 'date' column, got none. "
                         "Give the articles dates.")
    if by not in ("party", "speaker"):
        raise ValueError(f"by expected 'party' or 'speaker', got {by!r}.")
    dated = df[df["date"].notna()]
    left, right = dated[f"{by}_a"].astype(str), dated[f"{by}_b"].astype(str)
    pair = np.where(left <= right, left + " | " + right, right + " | " + left)
    period = pd.to_datetime(dated["date"]).dt.to_period(freq).dt.start_time
    table = dated.assign(pair=pair, period=period).groupby(["period", "pair"]).agg(
        pairs=("p_contradiction", "size"), flagged=("is_contradiction", "sum"), max_p=("p_contradiction", "max"))
    return table.reset_index()


def timeline_figure(df: pd.DataFrame, *, freq: str = "D", by: str = "party"):
    """A matplotlib Figure: flagged clashes per period, one line per pair (from `clashes_over_time`)."""
    from matplotlib.figure import Figure

    table = clashes_over_time(df, freq=freq, by=by)
    fig = Figure(figsize=(7, 3.5))
    ax = fig.subplots()
    for pair, rows in table.groupby("pair"):
        ax.plot(rows["period"], rows["flagged"], marker="o", label=pair)
    ax.set_xlabel("date")
    ax.set_ylabel("flagged clashes")
    ax.set_title(f"Flagged clashes per {dict(D='day', W='week', M='month').get(freq, freq)}")
    if len(table):
        ax.legend(fontsize="small")
    fig.autofmt_xdate()
    return fig


def write_statements(statements: Sequence[Statement], path: str | Path) -> Path:
    """The merged statements as JSON Lines with ``story`` and ``date`` columns, the input
    `framing.distributed.compare` reads (pass ``block_by=["story"]`` to pair within stories)."""
    path = Path(path)
    if path.exists():
        raise FileExistsError(
            f"write_statements expected a new file, got the existing {str(path)!r}. Pass another path."
        )
    rows = []
    for s in statements:
        rows.append({"text": s.text, "party": s.party, "id": s.id, "source": s.source, "speaker": s.speaker,
                     "story": s.meta.get("story"), "date": s.meta.get("date"),
                     "outlets": ", ".join(s.meta.get("outlets", [])), "n_reports": len(s.meta.get("reports", []))})
    write_jsonl(path, rows)
    return path

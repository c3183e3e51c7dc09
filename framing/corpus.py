"""Many articles: statements per article, one statement per quote however many outlets carry it,
pairs within a story, and clashes followed over time.

`corpus_statements` extracts and merges; `compare_corpus` also groups articles into stories (given,
or by the sentence encoder) and runs `framing.compare` within each; `clashes_over_time` and
`timeline_figure` follow a party pair's flagged clashes by day or week. `write_statements` writes
the merged statements as the JSON Lines `framing.distributed` reads (``block_by=["story"]``).
"""

from __future__ import annotations

import itertools
import logging
import warnings
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .checks import text_problem
from .frames import OUTPUT_COLUMNS, empty_frame
from .pairing import normalise_text
from .statements import Statement, read_jsonl, write_jsonl

logger = logging.getLogger(__name__)

__all__ = ["clashes_over_time", "compare_corpus", "corpus_statements", "group_stories", "timeline_figure",
           "write_statements"]

#: Articles whose embeddings are at least this cosine-similar (average linkage) form one story.
STORY_SIMILARITY = 0.5
_ARTICLE_KEYS = ("text", "source", "date", "outlet", "story")
#: What `compare_corpus` adds after compare's columns (``story`` comes first).
CORPUS_COLUMNS = ("date_a", "outlets_a", "date_b", "outlets_b", "date")


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
        records.append({**{k: record.get(k) for k in _ARTICLE_KEYS}, "date": _date(record.get("date"), i),
                        "story": _story(record.get("story"), i)})
    return records


def _missing(value: Any) -> bool:
    """None, NaN, NaT or pd.NA: a cell left empty."""
    try:
        return value is None or bool(pd.isna(value))
    except (TypeError, ValueError):  # a list or array is not a missing value
        return False


def _date(value: Any, i: int) -> str | None:
    """An article's date as an ISO string: a date, a datetime, a string, or an integer YYYYMMDD
    (``20180707``; pandas would read it as nanoseconds since 1970). Other numbers are refused."""
    if _missing(value):
        return None
    example = "Pass a date such as '2018-07-13', 20180713 (YYYYMMDD) or a datetime"
    if isinstance(value, (bool, np.bool_)):
        raise ValueError(f"articles[{i}]: 'date' expected a date, got {value!r}. {example}.")
    if isinstance(value, (int, np.integer, float, np.floating)):
        number = float(value)
        if number.is_integer() and 10000101 <= number <= 99991231:
            try:
                return pd.to_datetime(str(int(number)), format="%Y%m%d").isoformat()
            except ValueError:
                pass
        raise ValueError(
            f"articles[{i}]: 'date' expected a date, or a number written YYYYMMDD such as 20180713, got the number "
            f"{value!r}, which is no YYYYMMDD date: as seconds, milliseconds or days since 1970 it would be "
            f"ambiguous. {example}; convert epoch numbers yourself, e.g. pd.to_datetime(x, unit='s')."
        )
    try:
        stamp = pd.Timestamp(value)
    except (ValueError, TypeError) as err:
        raise ValueError(f"articles[{i}]: 'date' expected a date, got {value!r}. {example}.") from err
    if _missing(stamp):
        return None
    return stamp.isoformat()


def _story(value: Any, i: int) -> Any:
    """An article's story name, or None when the cell is empty (None, NaN, an empty string): such
    articles are grouped by the encoder, never dropped."""
    if _missing(value) or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, (float, np.floating)) and float(value).is_integer():
        return int(value)  # an integer column with empty cells reads as floats: 7.0 is story 7
    if not isinstance(value, (str, int, np.integer)) or isinstance(value, (bool, np.bool_)):
        raise TypeError(
            f"articles[{i}]: 'story' expected a name (a string or an integer), got {type(value).__name__} "
            f"{value!r:.40}. Name each article's story, or leave it empty to group by the encoder."
        )
    return value.item() if isinstance(value, np.integer) else value


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
    stories = {r["source"]: r["story"] for r in records if r["story"] is not None}
    open_ = [r for r in records if r["story"] is None]
    if stories and open_:
        shown = ", ".join(repr(r["source"]) for r in open_[:5]) + (", ..." if len(open_) > 5 else "")
        warnings.warn(
            f"articles expected a story for all or for none, got {len(open_)} of {len(records)} without one "
            f"({shown}): those are grouped by the sentence encoder into stories of their own. Fill in their "
            "story, or leave every story empty to group all articles alike.",
            UserWarning,
            stacklevel=3,
        )
    taken = {str(story) for story in stories.values()}
    names = (f"story-{k}" for k in itertools.count(1) if f"story-{k}" not in taken)  # never a given story's name
    if len(open_) == 1:
        stories[open_[0]["source"]] = next(names)
    elif open_:
        from sklearn.cluster import AgglomerativeClustering

        from .embeddings import DEFAULT_ENCODER, resolve_encoder

        model = resolve_encoder(encoder if encoder is not None else DEFAULT_ENCODER)
        vectors = np.asarray(model.encode([r["text"][:1500] for r in open_]))
        labels = AgglomerativeClustering(
            n_clusters=None, metric="cosine", linkage="average", distance_threshold=1.0 - similarity
        ).fit_predict(vectors)
        order = {label: next(names) for label in dict.fromkeys(labels)}
        stories.update({r["source"]: order[label] for r, label in zip(open_, labels)})
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
        model: As in `framing.compare`, resolved once for all stories (`framing.resolve.resolve_scorer`).
        encoder: Sentence encoder that groups articles without a ``story`` (default: the packaged one).
        story_similarity: Cosine at which articles join one story (`group_stories`).
        **compare_options: Passed to `framing.compare` (``threshold``, ``prefilter``, ``scorer``, ...).

    Returns:
        The pairs of all stories, most contradictory first, with `framing.compare`'s columns plus
        ``story``, ``date_a``, ``date_b`` (earliest report), ``date`` (the later of the two: when the
        clash was on record), ``outlets_a``, ``outlets_b``. ``df.attrs["stories"]`` gives each story's
        articles, ``df.attrs["stories_without_pairs"]`` the stories with statements of fewer than
        two parties, and ``df.attrs["story_grouping"]`` whether stories were ``"given"``, formed
        by the ``"encoder"``, or both (``"given+encoder"``: some articles had none, with a warning).

    Article dates may be dates, datetimes, strings or integers written YYYYMMDD (``20180707``);
    other numbers are refused (as epoch numbers they would be ambiguous). An empty story (None,
    NaN, ``""``) means "none given": the article is grouped by the encoder, never dropped.
    """
    from .comparing import compare
    from .resolve import resolve_scorer

    records = _articles(articles)
    n_given = sum(r["story"] is not None for r in records)
    stories = group_stories(records, encoder=encoder, similarity=story_similarity)
    for record in records:
        record["story"] = stories[record["source"]]
    statements = corpus_statements(records, parties=parties, strict=strict)
    scorer = resolve_scorer(model, compare_options.pop("scorer", None),  # resolved once for every story
                            batch_size=compare_options.get("batch_size", 32),
                            precision=compare_options.get("precision", "fp32"))
    frames, unpaired = [], []
    for story in dict.fromkeys(stories.values()):
        members = [s for s in statements if s.meta["story"] == story]
        if len({s.party for s in members}) < 2:
            unpaired.append(story)  # one party (or none): nothing to compare in this story
            continue
        frame = compare(members, scorer=scorer, **compare_options)
        by_id = {s.id: s for s in members}
        frame.insert(0, "story", story)
        for side in ("a", "b"):
            frame[f"date_{side}"] = [by_id[i].meta["date"] for i in frame[f"id_{side}"]]
            frame[f"outlets_{side}"] = [", ".join(by_id[i].meta["outlets"]) for i in frame[f"id_{side}"]]
        frames.append(frame)
    result = pd.concat(frames, ignore_index=True) if frames else _no_pairs()
    if not result.empty:
        result["date"] = result[["date_a", "date_b"]].max(axis=1)
        result = result.sort_values("p_contradiction", ascending=False, kind="stable").reset_index(drop=True)
    result.attrs = {
        **(frames[0].attrs if frames else _attrs_without_pairs(scorer, compare_options)),
        "n_articles": len(records),
        "n_statements": len(statements),
        "n_reports_merged": sum(len(s.meta["reports"]) - 1 for s in statements),
        "stories": {story: [s for s, t in stories.items() if t == story] for story in dict.fromkeys(stories.values())},
        "stories_without_pairs": unpaired,
        "story_grouping": "given" if n_given == len(records) else "encoder" if not n_given else "given+encoder",
    }
    if unpaired:
        logger.info("compare_corpus: %d story(ies) with statements of fewer than two parties: %s", len(unpaired),
                    unpaired[:10])
    return result


def _attrs_without_pairs(scorer: Any, compare_options: Mapping[str, Any]) -> dict[str, Any]:
    """`compare`'s attrs when no story had two parties: the model and threshold it would have used."""
    import dataclasses

    from .frames import result_attrs
    from .options import CompareOptions
    from .resolve import decision_threshold, scorer_name

    names = {field.name for field in dataclasses.fields(CompareOptions)}
    options = CompareOptions(**{k: v for k, v in compare_options.items() if k in names}).validate()
    return result_attrs(options, threshold=decision_threshold(options.threshold, scorer),
                        model=scorer_name(None, scorer), calibrated=bool(getattr(scorer, "calibrated", False)))


def _no_pairs() -> pd.DataFrame:
    """A result without rows, with the columns of one that has some: the story, compare's, then the dates."""
    frame = empty_frame().reindex(columns=["story", *OUTPUT_COLUMNS, *CORPUS_COLUMNS])
    return frame.astype({name: object for name in ("story", *CORPUS_COLUMNS)})


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
    from .plots import figure_class

    Figure = figure_class()  # noqa: N806 - the class

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

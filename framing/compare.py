"""`compare`: statements in, cross-party pairs scored for contradiction out, as a DataFrame."""

from __future__ import annotations

import logging
import numbers
import re
import warnings
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Protocol

import numpy as np
import pandas as pd

from .embeddings import EMBEDDING_MIN_SIMILARITY, check_encoder, measured_min_similarity, resolve_encoder
from .inference import progress_bars
from .pairing import DEFAULT_MIN_SIMILARITY, DEFAULT_TOP_K, Pairing, make_pairs
from .statements import Statement, to_statements

logger = logging.getLogger(__name__)

__all__ = ["COLUMNS", "CONTEXT_COLUMNS", "OUTPUT_COLUMNS", "compare"]

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
#: Every column of `compare`'s result, in order.
OUTPUT_COLUMNS: tuple[str, ...] = COLUMNS + CONTEXT_COLUMNS
_DTYPES = {
    **{f"{name}_{side}": "Int64" for side in "ab" for name in ("start", "end")},
    **{f"direct_{side}": "boolean" for side in "ab"},
    "p_contradiction": "float64",
    "is_contradiction": "bool",
    "ab_contradiction": "float64",
    "ba_contradiction": "float64",
    "directions_disagree": "bool",
}


class PairScorer(Protocol):
    """Anything that scores pairs: a `Detector`, or a fake in tests."""

    def score_pairs(self, texts_a: list[str], texts_b: list[str]) -> pd.DataFrame: ...


# Detectors loaded by compare from a path or the default, reused across calls (with their
# score cache) so that re-running a notebook cell scores only new pairs. Keyed by what was
# asked for and the weights files' modification times; the last few are kept.
_LOADED: dict[tuple, Any] = {}
_LOADED_MAX = 2


def _load_cached(model: str | Path | None, batch_size: int, precision: str) -> Any:
    from .detector import default_model_path, load

    folder = Path(model).expanduser() if model is not None else default_model_path()
    stamps: tuple = ()
    if folder.is_dir():
        stamps = tuple(
            (p.name, p.stat().st_mtime_ns) for p in sorted(folder.iterdir()) if p.suffix in {".json", ".safetensors"}
        )
    key = (str(folder if model is None else model), batch_size, precision, stamps)
    if key not in _LOADED:
        while len(_LOADED) >= _LOADED_MAX:
            _LOADED.pop(next(iter(_LOADED)))
        _LOADED[key] = load(model, batch_size=batch_size, precision=precision)
    return _LOADED[key]


def _resolve_scorer(model: Any, scorer: Any, batch_size: int, precision: str = "fp32") -> Any:
    if scorer is not None:
        if model is not None:
            raise ValueError(
                f"compare expected either model or scorer, got both (model={model!r}). "
                "Pass only one of them."
            )
        if not callable(getattr(scorer, "score_pairs", None)):
            raise TypeError(
                f"scorer expected an object with score_pairs(texts_a, texts_b), got "
                f"{type(scorer).__name__}. Pass a Detector or such an object."
            )
        return scorer
    from .detector import Detector
    from .nli import NLIModel

    if model is None or isinstance(model, (str, Path)):
        return _load_cached(model, batch_size, precision)
    if isinstance(model, Detector):
        return model
    if isinstance(model, NLIModel):
        return Detector(model)
    raise TypeError(
        f"model expected a Detector, NLIModel, path, hub id or None, got "
        f"{type(model).__name__}. Use framing.load(...) or pass a checkpoint path."
    )


def _check_threshold(threshold: Any) -> None:
    """``threshold`` must be None or a real number in [0, 1] (shared with `framing.distributed`)."""
    if threshold is not None and (
        isinstance(threshold, bool)
        or not isinstance(threshold, numbers.Real)
        or not (0.0 <= float(threshold) <= 1.0)
    ):
        raise ValueError(
            f"threshold expected a number in [0, 1] or None, got {threshold!r}. Use e.g. threshold=0.5."
        )


def _resolve_min_similarity(min_similarity: Any, encoder: Any, prefilter: Any) -> float:
    """The prefilter floor: as given (a real number), else TF-IDF's default, else the encoder's
    measured one; an encoder without a measured floor needs an explicit ``min_similarity``."""
    check_encoder(encoder)
    if encoder is not None and prefilter is False:
        warnings.warn("prefilter_encoder is ignored with prefilter=False (every pair is scored).", UserWarning,
                      stacklevel=3)
    if min_similarity is None:
        if encoder is None:
            return DEFAULT_MIN_SIMILARITY
        min_similarity = measured_min_similarity(encoder)
        if min_similarity is None:
            raise ValueError(
                f"min_similarity expected with prefilter_encoder={encoder!r}, got None: the default floor "
                f"({EMBEDDING_MIN_SIMILARITY}) was measured for the packaged all-MiniLM-L6-v2 only. Pass a "
                "cosine floor chosen for this encoder, e.g. min_similarity=0.3."
            )
    _check_min_similarity(min_similarity)
    return float(min_similarity)


def _check_min_similarity(min_similarity: Any) -> None:
    """Any real number (above 1 keeps no pair by similarity alone), not NaN (shared with
    `framing.distributed`)."""
    real = isinstance(min_similarity, numbers.Real) and not isinstance(min_similarity, bool)
    if not real or min_similarity != min_similarity:
        raise ValueError(
            f"min_similarity expected a number (a cosine similarity) or None, got {min_similarity!r}. "
            f"Use e.g. min_similarity={DEFAULT_MIN_SIMILARITY}."
        )


def _resolve_threshold(threshold: Any, scorer: Any) -> float:
    """``threshold`` if given, else the scorer's calibrator threshold, else 0.5."""
    if threshold is not None:
        return float(threshold)
    calibrator = getattr(scorer, "calibrator", None)
    return float(getattr(calibrator, "threshold_", 0.5)) if calibrator is not None else 0.5


def _empty_frame() -> pd.DataFrame:
    return pd.DataFrame({name: pd.Series(dtype=_DTYPES.get(name, "object")) for name in OUTPUT_COLUMNS})


def context_frame(pairing: Pairing) -> pd.DataFrame:
    """The `CONTEXT_COLUMNS` of each pair of a `Pairing`, in `pair_frame`'s row order."""
    kept = pairing.statements
    columns: dict[str, pd.Series] = {}
    for side, k in (("a", 0), ("b", 1)):
        chosen = [kept[pair[k]] for pair in pairing.pairs]
        for name in ("source", "direct", "start", "end", "sentence"):
            column = f"{name}_{side}"
            columns[column] = pd.Series([getattr(s, name) for s in chosen], dtype=_DTYPES.get(column, object))
    return pd.DataFrame(columns, columns=list(CONTEXT_COLUMNS))


# What `looks_like_path` takes for a file name: one token ending in a data or text extension.
_PATH_LIKE = re.compile(r"\S+\.(?:txt|jsonl|json|csv|tsv|parquet)", re.IGNORECASE)


def looks_like_path(text: str) -> bool:
    """Whether an "article" string is really a file name: ``notes/x.txt``, or a path that exists."""
    candidate = text.strip()
    if not candidate or "\n" in candidate or len(candidate) > 4096:
        return False
    if _PATH_LIKE.fullmatch(candidate):
        return True
    try:
        return Path(candidate).expanduser().exists()
    except (OSError, ValueError):
        return False


# Columns of `pair_frame`: the statement side of `COLUMNS`, known before scoring.
PAIR_COLUMNS: tuple[str, ...] = ("party_a", "speaker_a", "text_a", "party_b", "speaker_b", "text_b", "id_a", "id_b")


def pair_frame(pairing: Pairing) -> pd.DataFrame:
    """One row per pair of a `Pairing`, with the `PAIR_COLUMNS` (a = the earlier statement).

    Shared by `compare` and `framing.distributed`, so both list pairs identically.
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
    missing optional score columns become NaN / False. Shared by `compare` and
    `framing.distributed`, so both build their rows the same way.
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


def compare(
    statements: Any,
    *,
    model: Any = None,
    threshold: float | None = None,
    batch_size: int = 32,
    within_party: bool = False,
    columns: Mapping[str, str] | None = None,
    parties: Mapping[str, str] | None = None,
    scorer: PairScorer | None = None,
    prefilter: bool | str = "auto",
    top_k: int = DEFAULT_TOP_K,
    min_similarity: float | None = None,
    precision: str = "fp32",
    prefilter_encoder: Any = None,
    progress: bool | None = None,
    source: str | None = None,
) -> pd.DataFrame:
    """Score every cross-party pair of statements for contradiction, most contradictory first.

    Duplicates (same party, same normalised text) are scored once. With a single party
    (and ``within_party=False``) there is nothing to compare: a ``UserWarning`` is issued
    and an empty frame with the columns below is returned.

    Args:
        statements: Any shape `framing.to_statements` reads (list of dicts, ``(party, text)``
            tuples, Statements, a DataFrame, ``{party: [texts]}``), or an article as one
            string: its statements are extracted with `framing.extract_statements`, and
            those whose party cannot be told are left out of the pairs (a warning names
            their speakers; ``df.attrs["n_unattributed"]`` counts them).
        model: A `Detector`, an `NLIModel`, a checkpoint folder or hub id, or None for the
            default model (see `framing.load`).
        threshold: ``is_contradiction`` is ``p_contradiction >= threshold``; by default the
            calibrator's decision threshold when the model is calibrated, else 0.5.
        batch_size: Pairs per forward pass when ``model`` is loaded here.
        within_party: Also compare statements of the same party.
        columns: Column/key renames for the input, e.g. ``{"text": "quote", "party": "side"}``.
        parties: For an article: speaker or organisation -> party, e.g.
            ``{"Pompeo": "United States"}`` (see `framing.extract_statements`).
        scorer: Instead of ``model``, any object with ``score_pairs(texts_a, texts_b)``
            returning a DataFrame with ``p_contradiction`` (and optionally
            ``ab_contradiction``, ``ba_contradiction``, ``directions_disagree``).
        prefilter: Keep only pairs about the same topic before scoring (TF-IDF cosine, or
            sentence embeddings with ``prefilter_encoder``; see `framing.pairing.topic_prefilter`):
            ``True``, ``False``, or ``"auto"`` (on above `framing.pairing.PREFILTER_MIN_PAIRS`
            candidate pairs). TF-IDF is lexical: pairs that share no words can be dropped
            (measured recall in ``benchmarks/RESULTS.md``); pass ``prefilter=False`` to score
            every pair.
        top_k: Most similar other-party statements the prefilter keeps per statement.
        min_similarity: Cosine similarity above which the prefilter always keeps a pair; by
            default 0.2 for TF-IDF and 0.05 for the packaged ``"minilm"`` encoder (another
            encoder needs its own value).
        prefilter_encoder: Sentence embeddings for the prefilter instead of TF-IDF: ``"minilm"``
            (the packaged all-MiniLM-L6-v2, a core dependency), a sentence
            encoder folder or hub id (loaded once per process), or a
            `framing.embeddings.SentenceEncoder`. Loaded only when the prefilter runs; with
            the 0.05 floor about half of a mixed-topic batch is kept (see `framing.embeddings`).
        precision: ``"fp32"`` (exact), ``"bf16"`` or ``"int8"`` when ``model`` is loaded
            here (see `framing.NLIModel`). A model given by path (or the default) is loaded
            once per process and reused, so its score cache makes re-runs cheap.
        source: For an article: its name, stored on each extracted statement (``source_a`` /
            ``source_b`` of the rows, and the statement ids ``<source>#<n>``).
        progress: Show a progress bar while scoring: True, False, or None (only for long jobs,
            from `framing.inference.PROGRESS_MIN_ITEMS` distinct pairs on).

    Returns:
        One row per pair, sorted by ``p_contradiction`` descending, with columns
        ``party_a, speaker_a, text_a, party_b, speaker_b, text_b, p_contradiction,
        is_contradiction, ab_contradiction, ba_contradiction, directions_disagree, id_a,
        id_b`` (``ab_`` = a as premise), then the `CONTEXT_COLUMNS` ``source_a, direct_a,
        start_a, end_a, sentence_a`` and the same for b (offsets into the article, or None).
        ``df.attrs`` holds ``model``, ``calibrated``,
        ``framing_version``, ``n_statements``, ``n_duplicates_collapsed``, ``n_pairs``
        (pairs scored), ``n_candidate_pairs``, ``n_pairs_pruned`` (removed by the
        prefilter), ``prefilter`` (whether it ran), ``prefilter_similarity`` (``"tfidf"``, the
        encoder's name, or None when it did not run), ``min_similarity`` (the floor used),
        ``threshold``, ``within_party`` and
        ``n_unattributed``.

    Raises:
        ValueError: Empty or invalid statements (the row is named), a threshold outside
            [0, 1], both ``model`` and ``scorer``, or a file name where article text was expected.

    Example:
        >>> df = framing.compare([
        ...     {"party": "United States", "text": "The talks were productive."},
        ...     {"party": "North Korea", "text": "The results of the talks are extremely worrisome."},
        ... ])  # doctest: +SKIP
        >>> df[["party_a", "party_b", "p_contradiction"]]  # doctest: +SKIP
    """
    from . import __version__

    _check_threshold(threshold)
    min_similarity = _resolve_min_similarity(min_similarity, prefilter_encoder, prefilter)
    n_unattributed, from_text = 0, False
    if isinstance(statements, str):
        from .extract import extract_statements

        if looks_like_path(statements):
            raise ValueError(
                f"compare expected article text or statements, got what looks like a file name "
                f"{statements.strip()[:200]!r}. Read the file first, e.g. compare(Path(p).read_text()) "
                "(or framing.read_jsonl(p) for statements), or use the command line: "
                f"framing compare {statements.strip()[:200]} -o clashes.csv."
            )

        statements = extract_statements(statements, parties=parties, source=source)
        from_text = True
    if from_text or isinstance(statements, list) and any(isinstance(s, Statement) and s.party is None for s in statements):
        # Extracted statements whose party could not be told: left out, whichever route they came by.
        found = statements
        statements = [s for s in found if not (isinstance(s, Statement) and s.party is None)]
        n_unattributed = len(found) - len(statements)
        if statements:
            logger.info("compare: %d statement(s) without a party left out", n_unattributed)
        else:
            warnings.warn(
                f"compare expected an article with attributed statements, got {len(found)} statement(s) "
                f"and {n_unattributed} without a party. Pass parties={{'Speaker': 'Party'}} or a list of "
                "statements instead; returning an empty frame.",
                UserWarning,
                stacklevel=2,
            )
            frame = _empty_frame()
            # Same keys as every other result, so callers can read df.attrs without special cases.
            frame.attrs = {
                "framing_version": __version__, "n_statements": 0, "n_duplicates_collapsed": 0, "n_pairs": 0,
                "n_candidate_pairs": 0, "n_pairs_pruned": 0, "prefilter": False, "prefilter_similarity": None,
                "min_similarity": float(min_similarity),
                "threshold": None if threshold is None else float(threshold), "within_party": within_party,
                "n_unattributed": n_unattributed, "model": None, "calibrated": False,
            }
            return frame
    items = to_statements(statements, columns=columns)

    def embed(texts: list[str]) -> Any:
        return resolve_encoder(prefilter_encoder).encode(texts)

    pairing = make_pairs(
        items, within_party=within_party, prefilter=prefilter, top_k=top_k, min_similarity=min_similarity,
        embed=None if prefilter_encoder is None else embed,
    )
    attrs: dict[str, Any] = {
        "framing_version": __version__,
        "n_statements": len(items),
        "n_duplicates_collapsed": pairing.n_duplicates,
        "n_pairs": len(pairing.pairs),
        "n_candidate_pairs": pairing.n_candidates,
        "n_pairs_pruned": pairing.n_pruned,
        "prefilter": pairing.prefiltered,
        "prefilter_similarity": None if not pairing.prefiltered else (
            "tfidf" if prefilter_encoder is None else resolve_encoder(prefilter_encoder).name or "embeddings"),
        "min_similarity": float(min_similarity),
        "threshold": None if threshold is None else float(threshold),
        "within_party": within_party,
        "n_unattributed": n_unattributed,
    }
    if not pairing.pairs:
        parties = pairing.parties
        warnings.warn(
            f"compare expected statements from at least two parties, got {len(parties)} "
            f"({parties}) and {len(pairing.statements)} distinct statement(s), so there is "
            "nothing to compare; returning an empty frame. Add another party's statements, or "
            "pass within_party=True to compare a party with itself.",
            UserWarning,
            stacklevel=2,
        )
        frame = _empty_frame()
        # The model is not loaded just to score nothing; record what was asked for.
        if scorer is not None:
            name = getattr(scorer, "name", None) or type(scorer).__name__
        elif isinstance(model, (str, Path)):
            name = str(model)
        else:
            name = getattr(model, "name", None)
        frame.attrs = {**attrs, "model": name and str(name), "calibrated": False}
        return frame

    active = _resolve_scorer(model, scorer, batch_size, precision)
    requested = getattr(getattr(active, "nli_model", None), "requested_precision", None)
    if precision != "fp32" and requested is not None and requested != precision:
        used = active.nli_model.precision
        warnings.warn(
            f"precision expected to apply to a model loaded by compare, got precision={precision!r} with an "
            f"already loaded {type(active).__name__} running {used!r}. Load it with "
            f"framing.load(..., precision={precision!r}) instead; scoring with {used!r}.",
            UserWarning,
            stacklevel=2,
        )
    threshold = _resolve_threshold(threshold, active)
    attrs["threshold"] = float(threshold)
    pairs = pair_frame(pairing)
    with progress_bars(progress):
        scores = active.score_pairs(pairs["text_a"].tolist(), pairs["text_b"].tolist())
    frame = pd.concat([scored_frame(pairs, scores, threshold), context_frame(pairing)], axis=1)
    frame = frame.sort_values("p_contradiction", ascending=False, kind="stable")
    frame = frame.reset_index(drop=True)
    frame.attrs = {
        **attrs,
        "model": str(getattr(active, "name", None) or type(active).__name__),
        "calibrated": bool(getattr(active, "calibrated", False)),
    }
    logger.info("scored %d pairs with %s", len(frame), frame.attrs["model"])
    return frame

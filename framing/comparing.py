"""`compare`: statements in, cross-party pairs scored for contradiction out, as a DataFrame.

``docs/architecture.md`` follows one call from input to DataFrame.
"""

from __future__ import annotations

import logging
import re
import warnings
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from .frames import MODEL_COLUMN, context_frame, empty_frame, pair_frame, result_attrs, scored_frame
from .inference import progress_bars
from .options import CompareOptions
from .pairing import DEFAULT_TOP_K, Pairing, make_pairs
from .resolve import PairScorer, decision_threshold, resolve_scorer, scorer_name
from .statements import Statement, to_statements

logger = logging.getLogger(__name__)

__all__ = ["compare", "looks_like_path"]


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
        statements: Any shape `framing.statements.to_statements` reads (list of dicts, ``(party, text)``
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
            `framing.embeddings.SentenceEncoder`. Loaded only when the prefilter runs (what
            it keeps: ``benchmarks/RESULTS.md``).
        precision: ``"fp32"`` (exact), ``"bf16"`` or ``"int8"`` when ``model`` is loaded
            here (see `framing.nli.NLIModel`). A model given by path (or the default) is loaded
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
        start_a, end_a, sentence_a`` and the same for b (offsets into the article, or None), and
        last ``model``: the model that scored the rows (a local folder as its absolute path, a hub
        id, or a scorer's name), the same on every row so that it survives a CSV round trip
        (`framing.explain`, `framing.cards` and `framing.report` read it back).
        ``df.attrs`` holds ``model``, ``calibrated``,
        ``framing_version``, ``n_statements``, ``n_duplicates_collapsed``, ``n_pairs``
        (pairs scored), ``n_candidate_pairs``, ``n_pairs_pruned`` (removed by the
        prefilter), ``prefilter`` (whether it ran), ``prefilter_similarity`` (``"tfidf"``, the
        encoder's name, or None when it did not run), ``min_similarity`` (the floor used),
        ``threshold``, ``within_party``,
        ``n_unattributed`` and ``sides``: the speaker -> side table used (a speaker left without a
        side maps to None), which `framing.extract.write_parties` writes as a map to edit and pass back.

    Raises:
        ValueError: Empty or invalid statements (the row is named), a setting out of range (a
            threshold outside [0, 1], ``top_k`` or ``batch_size`` below 1, an unknown
            ``prefilter`` or ``precision``; checked whether or not a model is loaded: see
            `framing.options.CompareOptions`), both ``model`` and ``scorer``, or a file name where
            article text was expected.
        TypeError: ``within_party`` or ``progress`` not a bool, or a ``prefilter_encoder``,
            ``model`` or ``scorer`` of the wrong kind.

    Example:
        >>> df = framing.compare([
        ...     {"party": "United States", "text": "The talks were productive."},
        ...     {"party": "North Korea", "text": "The results of the talks are extremely worrisome."},
        ... ])  # doctest: +SKIP
        >>> df[["party_a", "party_b", "p_contradiction"]]  # doctest: +SKIP
    """
    options = CompareOptions(
        threshold=threshold, within_party=within_party, prefilter=prefilter, top_k=top_k,
        min_similarity=min_similarity, prefilter_encoder=prefilter_encoder, precision=precision,
        batch_size=batch_size, progress=progress,
    ).validate(stacklevel=2)
    items, n_unattributed, side_table = _attributed(statements, columns=columns, parties=parties, source=source)
    if items is None:
        return _nothing_to_score(options, n_unattributed=n_unattributed, sides=side_table)
    pairing = make_pairs(
        items, within_party=options.within_party, prefilter=options.prefilter, top_k=options.top_k,
        min_similarity=options.min_similarity, embed=_embedder(options.prefilter_encoder),
    )
    found = {"pairing": pairing, "n_statements": len(items), "n_unattributed": n_unattributed, "sides": side_table,
             "prefilter_similarity": _similarity_name(options.prefilter_encoder) if pairing.prefiltered else None}
    if not pairing.pairs:
        _warn_one_party(pairing)
        # The model is not loaded just to score nothing; record what was asked for.
        return _nothing_to_score(options, **found, model=scorer_name(model, scorer))

    active = resolve_scorer(model, scorer, batch_size=options.batch_size, precision=options.precision)
    _warn_precision_ignored(options.precision, active)
    used = decision_threshold(options.threshold, active)
    pairs = pair_frame(pairing)
    with progress_bars(options.progress):
        scores = active.score_pairs(pairs["text_a"].tolist(), pairs["text_b"].tolist())
    name = scorer_name(None, active)
    frame = pd.concat([scored_frame(pairs, scores, used), context_frame(pairing)], axis=1)
    frame[MODEL_COLUMN] = name  # survives a CSV round trip, unlike attrs
    frame = frame.sort_values("p_contradiction", ascending=False, kind="stable").reset_index(drop=True)
    frame.attrs = result_attrs(options, **found, threshold=used, model=name,
                               calibrated=bool(getattr(active, "calibrated", False)))
    logger.info("scored %d pairs with %s", len(frame), frame.attrs["model"])
    return frame


def _attributed(
    statements: Any, *, columns: Mapping[str, str] | None, parties: Mapping[str, str] | None, source: str | None
) -> tuple[list[Statement] | None, int, dict[str, str | None]]:
    """The statements to pair, how many were left out for want of a party (None when none is left) and
    the speaker -> side table of the statements that name a speaker.

    An article (one string) is extracted first. Extracted statements whose party could not be
    told are left out, whichever route they came by.
    """
    from_text = isinstance(statements, str)
    if from_text:
        if looks_like_path(statements):
            name = statements.strip()[:200]
            raise ValueError(
                f"compare expected article text or statements, got what looks like a file name {name!r}. Read the "
                "file first, e.g. compare(Path(p).read_text()) (or framing.read_jsonl(p) for statements), or use "
                f"the command line: framing compare {name} -o clashes.csv."
            )
        from .extract import extract_statements

        statements = extract_statements(statements, parties=parties, source=source)
    from .extract import sides

    side_table = sides(statements) if isinstance(statements, list) and all(
        isinstance(s, Statement) for s in statements) else {}
    unattributed = from_text or (
        isinstance(statements, list) and any(isinstance(s, Statement) and s.party is None for s in statements)
    )
    if not unattributed:
        return to_statements(statements, columns=columns), 0, side_table
    kept = [s for s in statements if not (isinstance(s, Statement) and s.party is None)]
    n_left_out = len(statements) - len(kept)
    if not kept:
        warnings.warn(
            f"compare expected an article with attributed statements, got {len(statements)} statement(s) "
            f"and {n_left_out} without a party. Pass parties={{'Speaker': 'Party'}} or a list of "
            "statements instead; returning an empty frame.",
            UserWarning,
            stacklevel=3,
        )
        return None, n_left_out, side_table
    logger.info("compare: %d statement(s) without a party left out", n_left_out)
    return to_statements(kept, columns=columns), n_left_out, side_table


def _nothing_to_score(options: CompareOptions, **attrs: Any) -> pd.DataFrame:
    frame = empty_frame()
    # Same keys as every other result, so callers can read df.attrs without special cases.
    frame.attrs = result_attrs(options, **attrs)
    return frame


def _embedder(encoder: Any) -> Any:
    """Texts -> embeddings for the prefilter, or None for TF-IDF (the encoder loads only if it runs)."""
    if encoder is None:
        return None
    from .embeddings import resolve_encoder

    return lambda texts: resolve_encoder(encoder).encode(texts)


def _similarity_name(encoder: Any) -> str:
    if encoder is None:
        return "tfidf"
    from .embeddings import resolve_encoder

    return resolve_encoder(encoder).name or "embeddings"


def _warn_one_party(pairing: Pairing) -> None:
    parties = pairing.parties
    warnings.warn(
        f"compare expected statements from at least two parties, got {len(parties)} "
        f"({parties}) and {len(pairing.statements)} distinct statement(s), so there is "
        "nothing to compare; returning an empty frame. Add another party's statements, or "
        "pass within_party=True to compare a party with itself.",
        UserWarning,
        stacklevel=3,
    )


def _warn_precision_ignored(precision: str, active: Any) -> None:
    """A precision only applies to a model compare loads itself; say so when one came loaded."""
    requested = getattr(active, "requested_precision", None)
    if precision != "fp32" and requested is not None and requested != precision:
        used = active.precision
        warnings.warn(
            f"precision expected to apply to a model loaded by compare, got precision={precision!r} with an "
            f"already loaded {type(active).__name__} running {used!r}. Load it with "
            f"framing.load(..., precision={precision!r}) instead; scoring with {used!r}.",
            UserWarning,
            stacklevel=3,
        )


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


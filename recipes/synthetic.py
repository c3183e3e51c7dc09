"""Rule-based edits that turn a hypothesis into its negation or its antonym.

Captions rarely negate evaluations ("the plan was ineffective"); these edits teach the model
lexical and negation contradictions (see ``build_nli_data.generated``).
"""

from __future__ import annotations

import functools
import random
import re
from pathlib import Path

# Antonyms come from a general opinion lexicon, never from a hand-written list (a list written with
# the seed article in view would make the seed an unfair test): every positive word X of Hu & Liu's
# lexicon whose negated form (un-X, dis-X, in-X, ...) is in its negative list, e.g. effective /
# ineffective. Read from ../shared/data at first use (232 pairs).
LEXICON = Path(__file__).resolve().parents[2] / "shared" / "data" / "sentiment" / "opinion_lexicons" / "bingliu"
_PREFIXES = ("un", "dis", "in", "im", "il", "ir", "non-", "mis")


def _words(path: Path) -> set[str]:
    lines = path.read_text(encoding="latin-1").splitlines()
    return {w.strip() for w in lines if w.strip() and not w.startswith(";")}


@functools.cache
def antonym_pairs(lexicon: Path = LEXICON) -> tuple[tuple[str, str], ...]:
    """``(positive, negated)`` word pairs derived from the Hu & Liu lexicon in ``lexicon``."""
    positive, negative = _words(lexicon / "positive-words.txt"), _words(lexicon / "negative-words.txt")
    return tuple((w, p + w) for w in sorted(positive) for p in _PREFIXES if p + w in negative)


@functools.cache
def _swaps() -> dict[str, list[str]]:
    swaps: dict[str, list[str]] = {}
    for a, b in antonym_pairs():
        swaps.setdefault(a, []).append(b)
        swaps.setdefault(b, []).append(a)
    return swaps


_AUX = re.compile(r"\b(is|are|was|were|has|have|had|can|will|does|do|did|should|could|would)\b(?! not\b)(?!n't)", re.I)
_NEG = re.compile(r"\b(is|are|was|were|has|have|had|can|will|does|do|did|should|could|would) not\b", re.I)


def negate(sentence: str) -> str | None:
    """Insert or remove a negation on the first auxiliary; ``None`` if there is none.

    Example:
        >>> negate("A man is sleeping.")
        'A man is not sleeping.'
    """
    m = _NEG.search(sentence)
    if m:
        return sentence[: m.start()] + m.group(1) + sentence[m.end():]
    m = _AUX.search(sentence)
    if m:
        return sentence[: m.end()] + " not" + sentence[m.end():]
    return None


def swap_antonym(sentence: str, rng: random.Random) -> str | None:
    """Replace one word that has a listed antonym; ``None`` if none does.

    Example:
        >>> swap_antonym("The plan is effective.", random.Random(0))  # doctest: +SKIP
        'The plan is ineffective.'
    """
    words = re.findall(r"\w+|\W+", sentence)
    options = [i for i, w in enumerate(words) if w.lower() in _swaps()]
    if not options:
        return None
    i = rng.choice(options)
    new = rng.choice(_swaps()[words[i].lower()])
    words[i] = new.capitalize() if words[i][0].isupper() else new
    return "".join(words)

"""Input checks shared by the entry points: texts, flags and party names.

Each check returns the value to use or raises an error that says what was expected, what
came and how to fix it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np

__all__ = ["FUNCTION_WORDS", "check_flag", "check_texts", "has_content", "normalise_party", "text_problem"]

# English function words (articles, prepositions, pronouns, auxiliaries): words that carry no claim
# of their own. Negations are not among them.
FUNCTION_WORDS = frozenset("""
a an the of to in on at by for with from into about as and or but if so than then that this these those
it its it's is are was were be been being has have had do does did he she they we i you his her their our
my your them us him who whom which what there here
""".split())

# Unicode categories that carry no visible content: controls, format characters (zero-width
# space and joiners, BOM, bidi marks), separators, unassigned and private-use code points.
_SURROGATE = re.compile("[\ud800-\udfff]")
_INVISIBLE = {"Cc", "Cf", "Zs", "Zl", "Zp", "Cn", "Co", "Cs"}


def has_content(text: str) -> bool:
    """Whether ``text`` has at least one visible character (not whitespace, control or zero-width)."""
    return any(unicodedata.category(char) not in _INVISIBLE for char in text)


def text_problem(text: str) -> str | None:
    """Why ``text`` cannot be scored (no visible character, a lone surrogate), or None."""
    if not has_content(text):
        return "only whitespace, control or zero-width characters"
    if _SURROGATE.search(text):
        return "a lone surrogate (an undecodable character, e.g. from a bad decode)"
    return None


def check_texts(name: str, values: Any) -> list[str]:
    """A list of scoreable strings from a sequence; a lone string, dict or set is refused.

    Example:
        >>> check_texts("texts_a", ("The talks were productive.",))
        ['The talks were productive.']
    """
    if isinstance(values, (str, bytes)):
        raise TypeError(
            f"{name} expected a sequence of texts, got one {type(values).__name__} {values[:40]!r}: it "
            f"would be read character by character. Wrap it in a list: [{values[:20]!r}]."
        )
    if isinstance(values, (Mapping, set, frozenset)) or not isinstance(values, Iterable):
        raise TypeError(
            f"{name} expected an ordered sequence of texts (list, tuple, pandas Series, numpy array), "
            f"got {type(values).__name__}: a dict would give its keys, a set no order. Pass a list."
        )
    texts = values.tolist() if isinstance(values, np.ndarray) or hasattr(values, "to_numpy") else list(values)
    for i, text in enumerate(texts):
        if not isinstance(text, str):
            raise TypeError(
                f"{name}[{i}] expected a string, got {type(text).__name__} {text!r:.60}. "
                "Drop or fill in missing texts (NaN) and pass str."
            )
        problem = text_problem(text)
        if problem:
            raise ValueError(f"{name}[{i}] expected text with content, got {problem}: {text!r:.60}. Drop that pair.")
    return texts


def check_flag(name: str, value: Any) -> bool:
    """A real boolean (``numpy.bool_`` too); strings such as ``"no"`` are refused, not taken as true."""
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    raise TypeError(f"{name} expected True or False, got {type(value).__name__} {value!r:.40}. Pass a bool.")


def normalise_party(name: str) -> str:
    """A party name as a key: Unicode NFKC, zero-width and control characters removed, runs of
    whitespace made one space and stripped, so ``"US"``, ``" US "`` and ``"US\\u200b"`` are one party.

    Example:
        >>> normalise_party(" United\\u00a0States\\u200b ")
        'United States'
    """
    text = unicodedata.normalize("NFKC", name)
    text = "".join(" " if char.isspace() else char for char in text if char.isspace() or has_content(char))
    return " ".join(text.split())

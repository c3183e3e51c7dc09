"""Input checks shared by the entry points: texts, settings (flags, counts, numbers) and party names.

Each check returns the value to use or raises an error that says what was expected, what
came and how to fix it.
"""

from __future__ import annotations

import math
import numbers
import re
import unicodedata
from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np

__all__ = [
    "FUNCTION_WORDS",
    "check_choice",
    "check_flag",
    "check_positive_int",
    "check_positive_number",
    "check_probability",
    "check_real",
    "check_texts",
    "has_content",
    "normalise_party",
    "text_problem",
]

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


def check_positive_int(name: str, value: Any, example: int, *, optional: bool = False) -> int | None:
    """An integer >= 1 (numpy integers too; True is refused); None too when ``optional``.

    Example:
        >>> check_positive_int("top_k", 5, 20)
        5
    """
    if optional and value is None:
        return None
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral) or value < 1:
        also = " or None" if optional else ""
        raise ValueError(f"{name} expected a positive integer{also}, got {value!r:.40}. Use e.g. {name}={example}.")
    return int(value)


def check_positive_number(name: str, value: Any, example: float) -> float:
    """A finite real number > 0 (fractions allowed)."""
    if _is_real(value) and math.isfinite(value) and value > 0:
        return float(value)
    raise ValueError(
        f"{name} expected a positive number (fractions allowed), got {value!r:.40}. Use e.g. {name}={example}."
    )


def check_real(name: str, value: Any, example: float, *, what: str = "a number", optional: bool = False) -> float:
    """Any real number but NaN (True is refused), as a float; ``optional`` says "or None" in the error
    (the caller resolves None first)."""
    if _is_real(value) and not math.isnan(value):
        return float(value)
    also = " or None" if optional else ""
    raise ValueError(f"{name} expected {what}{also}, got {value!r:.40}. Use e.g. {name}={example}.")


def check_probability(name: str, value: Any, example: float, *, optional: bool = False) -> float | None:
    """A real number in [0, 1] as a float; None too when ``optional``."""
    if optional and value is None:
        return None
    if _is_real(value) and 0.0 <= value <= 1.0:
        return float(value)
    also = " or None" if optional else ""
    raise ValueError(f"{name} expected a number in [0, 1]{also}, got {value!r:.40}. Use e.g. {name}={example}.")


def check_choice(name: str, value: Any, choices: Iterable[Any], example: Any = None) -> Any:
    """One of ``choices`` (compared by equality and type, so ``1`` is not ``True``); the error suggests
    ``example`` (default: the first choice)."""
    options = list(choices)
    if any(type(value) is type(c) and value == c for c in options):
        return value
    shown = ", ".join(repr(c) for c in options)
    suggested = options[0] if example is None else example
    raise ValueError(f"{name} expected one of {shown}, got {value!r:.40}. Use e.g. {name}={suggested!r}.")


def _is_real(value: Any) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, (bool, np.bool_))


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

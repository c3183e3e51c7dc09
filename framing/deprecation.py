"""Old names kept working: a `DeprecationWarning` that points at the user's line, and module shims
that serve moved names from their new homes."""

from __future__ import annotations

import sys
import warnings
from collections.abc import Callable, Mapping
from importlib import import_module
from pathlib import Path
from typing import Any

__all__ = ["moved_names", "user_stacklevel", "warn_deprecated"]

_PACKAGE = str(Path(__file__).resolve().parent)
# Messages already given: each once per process (an old name or variable is often read twice per call,
# e.g. by `from framing import old`, which looks the name up twice).
_WARNED: set[str] = set()
# Frames that are not the user's either: the import machinery running `from framing import name`.
_IMPORT_MACHINERY = "<frozen importlib"


def user_stacklevel() -> int:
    """The ``stacklevel`` for a ``warnings.warn`` in the calling function that names the first frame
    outside framing (and outside the import machinery): the user's line, however deep the call."""
    frame, level = sys._getframe(1), 1
    while frame is not None and frame.f_code.co_filename.startswith((_PACKAGE, _IMPORT_MACHINERY)):
        # warnings.warn itself skips the import machinery's frames when it counts the levels
        counted = not frame.f_code.co_filename.startswith(_IMPORT_MACHINERY)
        frame, level = frame.f_back, level + counted
    return level


def warn_deprecated(message: str) -> None:
    """A `DeprecationWarning` with ``message``, attributed to the user's line, once per process."""
    if message in _WARNED:
        return
    _WARNED.add(message)
    warnings.warn(message, DeprecationWarning, stacklevel=user_stacklevel())


def moved_names(module: str, moved: Mapping[str, tuple[str, str]]) -> Callable[[str], Any]:
    """A module ``__getattr__`` (PEP 562) for names that left ``module``: ``old -> (new module, new name)``.

    Each old name warns once per process (`warn_deprecated`).

    Example:
        >>> get = moved_names("framing.example", {"old": ("framing.checks", "check_flag")})
        >>> get("nothing")
        Traceback (most recent call last):
        AttributeError: module 'framing.example' has no attribute 'nothing'
    """

    def __getattr__(name: str) -> Any:
        if name not in moved:
            raise AttributeError(f"module {module!r} has no attribute {name!r}")
        home, new = moved[name]
        warn_deprecated(f"{module}.{name} is deprecated: use `from {home} import {new}`.")
        return getattr(import_module(home), new)

    return __getattr__

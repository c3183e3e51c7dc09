"""From what the caller named to what runs: the scorer, the models loaded once per process, the threshold.

A model given by path, hub id or None (the default) is loaded once and kept, with its score
cache, so that re-running a notebook cell scores only new pairs; the sentence encoder is kept
the same way. A folder whose files change is loaded again.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

import pandas as pd

__all__ = [
    "DEFAULT_THRESHOLD", "LOADED", "LoadedModels", "PairScorer", "check_scorer", "decision_threshold",
    "folder_stamps", "loaded_detector", "resolve_scorer", "scorer_name",
]

#: The decision threshold of a scorer without a calibrator.
DEFAULT_THRESHOLD = 0.5


class PairScorer(Protocol):
    """Anything that scores pairs: a `framing.Detector`, or a fake in tests."""

    def score_pairs(self, texts_a: list[str], texts_b: list[str]) -> pd.DataFrame: ...


class LoadedModels:
    """Models kept by key, the least recently used dropped past ``per_kind`` of a kind.

    Example:
        >>> models = LoadedModels(per_kind=1)
        >>> models.get(("detector", "a"), lambda: "A"), models.get(("detector", "b"), lambda: "B")
        ('A', 'B')
        >>> len(models)
        1
    """

    def __init__(self, per_kind: int = 2) -> None:
        self.per_kind = per_kind
        self._items: OrderedDict[tuple, Any] = OrderedDict()
        self._lock = threading.RLock()  # a load may resolve another model

    def get(self, key: tuple, load: Callable[[], Any]) -> Any:
        """The model under ``key`` (its first item is the kind), loading it with ``load()`` if absent."""
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
            same_kind = [k for k in self._items if k[0] == key[0]]
            for old in same_kind[: max(0, len(same_kind) - self.per_kind + 1)]:
                del self._items[old]
            self._items[key] = value = load()
            return value

    def clear(self) -> None:
        """Forget every loaded model."""
        with self._lock:
            self._items.clear()

    def __len__(self) -> int:
        return len(self._items)


#: The models `framing.compare` (and the prefilter's sentence encoder) loaded in this process.
LOADED = LoadedModels()


def folder_stamps(path: Path, suffixes: frozenset[str] | None = None) -> tuple:
    """(name, modification time) of a folder's files (only ``suffixes`` when given): a changed file, a new key."""
    if not path.is_dir():
        return ()
    return tuple(
        (p.name, p.stat().st_mtime_ns)
        for p in sorted(path.iterdir())
        if p.is_file() and (suffixes is None or p.suffix in suffixes)
    )


def loaded_detector(model: str | Path | None, batch_size: int, precision: str) -> Any:
    """The `framing.Detector` for a path, hub id or None (the default), loaded once per process."""
    from .detector import default_model_path, load

    folder = Path(model).expanduser() if model is not None else default_model_path()
    stamps = folder_stamps(folder, frozenset({".json", ".safetensors"}))
    key = ("detector", str(folder if model is None else model), batch_size, precision, stamps)
    return LOADED.get(key, lambda: load(model, batch_size=batch_size, precision=precision))


def check_scorer(model: Any, scorer: Any) -> None:
    """At most one of ``model`` and ``scorer``; a ``scorer`` must have ``score_pairs``."""
    if scorer is None:
        return
    if model is not None:
        raise ValueError(
            f"compare expected either model or scorer, got both (model={model!r}). Pass only one of them."
        )
    if not callable(getattr(scorer, "score_pairs", None)):
        raise TypeError(
            f"scorer expected an object with score_pairs(texts_a, texts_b), got "
            f"{type(scorer).__name__}. Pass a Detector or such an object."
        )


def resolve_scorer(model: Any, scorer: Any, *, batch_size: int = 32, precision: str = "fp32") -> Any:
    """What scores the pairs: ``scorer`` as given, else a `framing.Detector` for ``model``.

    Raises:
        ValueError: Both ``model`` and ``scorer``.
        TypeError: A ``scorer`` without ``score_pairs``, or a ``model`` of another type.
    """
    check_scorer(model, scorer)
    if scorer is not None:
        return scorer
    from .detector import Detector
    from .nli import NLIModel

    if model is None or isinstance(model, (str, Path)):
        return loaded_detector(model, batch_size, precision)
    if isinstance(model, Detector):
        return model
    if isinstance(model, NLIModel):
        return Detector(model)
    raise TypeError(
        f"model expected a Detector, NLIModel, path, hub id or None, got "
        f"{type(model).__name__}. Use framing.load(...) or pass a checkpoint path."
    )


def decision_threshold(threshold: float | None, scorer: Any) -> float:
    """``threshold`` if given, else the scorer's own (a calibrated `framing.Detector`'s), else 0.5."""
    if threshold is not None:
        return float(threshold)
    own = getattr(scorer, "threshold", None)
    return float(own) if isinstance(own, (int, float)) and not isinstance(own, bool) else DEFAULT_THRESHOLD


def scorer_name(model: Any, scorer: Any) -> str | None:
    """The name of what was asked for, without loading it (for a result with nothing to score)."""
    if scorer is not None:
        return str(getattr(scorer, "name", None) or type(scorer).__name__)
    if isinstance(model, (str, Path)):
        return str(model)
    name = getattr(model, "name", None)
    return None if name is None else str(name)

"""The models loaded once per process: NLI detectors and sentence encoders, kept by key.

A leaf module (it imports nothing from framing), so that the modules that load models
(`framing.resolve`, `framing.embeddings`) share one cache without importing each other.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path
from typing import Any

__all__ = ["LOADED", "LoadedModels", "folder_stamps"]


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


#: The models `framing.compare` (and the prefilter's sentence encoder) loaded in this process. Read
#: as ``loaded.LOADED`` at each use, so a test can swap in a fresh one.
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

"""A cache of one-direction NLI probabilities, keyed by model and (premise, hypothesis).

An in-memory LRU lives on each `Detector`; an optional SQLite file under a folder you
choose keeps scores across sessions. Values are three floats per pair; nothing is pickled.
Re-running `framing.compare` with one new statement then scores only the new pairs.
"""

from __future__ import annotations

import hashlib
import logging
import sqlite3
from collections import OrderedDict
from collections.abc import Sequence
from pathlib import Path

import numpy as np

logger = logging.getLogger(__name__)

__all__ = ["CACHE_FILENAME", "ScoreCache"]

CACHE_FILENAME = "framing-scores.sqlite"
_SQLITE_CHUNK = 500  # keys per SELECT ... IN (...), under SQLite's variable limit


def _digest(model_key: str, premise: str, hypothesis: str) -> str:
    text = "\x1f".join((model_key, premise, hypothesis))
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


class ScoreCache:
    """LRU of ``(model_key, premise, hypothesis) -> (3,) probabilities``, optionally on disk.

    Args:
        maxsize: Pairs kept in memory (least recently used dropped first); 0 keeps none.
        directory: Optional folder for a SQLite file (`CACHE_FILENAME`) that persists scores.

    Example:
        >>> cache = ScoreCache(maxsize=2)
        >>> cache.put("m", ["a"], ["b"], np.array([[0.1, 0.2, 0.7]]))
        >>> out = np.zeros((1, 3)); cache.get("m", ["a"], ["b"], out)
        []
        >>> out.round(1).tolist()
        [[0.1, 0.2, 0.7]]
    """

    def __init__(self, maxsize: int = 100_000, directory: str | Path | None = None) -> None:
        if isinstance(maxsize, bool) or not isinstance(maxsize, int) or maxsize < 0:
            raise ValueError(
                f"cache_size expected a non-negative integer, got {maxsize!r}. Use e.g. 100_000, or 0 "
                "to keep no scores in memory."
            )
        self.maxsize = maxsize
        self.directory = None if directory is None else Path(directory).expanduser()
        self.hits = 0
        self.misses = 0
        self._memory: OrderedDict[tuple[str, str, str], np.ndarray] = OrderedDict()
        self._db: sqlite3.Connection | None = None
        if self.directory is not None:
            self.directory.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(self.directory / CACHE_FILENAME)
            self._db.execute(
                "CREATE TABLE IF NOT EXISTS scores (key TEXT PRIMARY KEY, model TEXT, "
                "entailment REAL, neutral REAL, contradiction REAL)"
            )
            self._db.commit()

    def __len__(self) -> int:
        return len(self._memory)

    def info(self) -> dict[str, int | str | None]:
        """Hits, misses, pairs in memory and the disk file (if any)."""
        disk = None if self.directory is None else str(self.directory / CACHE_FILENAME)
        return {"hits": self.hits, "misses": self.misses, "size": len(self._memory), "maxsize": self.maxsize, "file": disk}

    def clear(self) -> None:
        """Forget all scores, in memory and on disk."""
        self._memory.clear()
        self.hits = self.misses = 0
        if self._db is not None:
            self._db.execute("DELETE FROM scores")
            self._db.commit()

    def get(
        self, model_key: str, premises: Sequence[str], hypotheses: Sequence[str], out: np.ndarray
    ) -> list[int]:
        """Fill ``out[i]`` for every cached pair; return the positions not found."""
        missing: list[int] = []
        for i, (premise, hypothesis) in enumerate(zip(premises, hypotheses)):
            key = (model_key, premise, hypothesis)
            row = self._memory.get(key)
            if row is None:
                missing.append(i)
            else:
                self._memory.move_to_end(key)
                out[i] = row
        if missing and self._db is not None:
            digests: dict[str, list[int]] = {}
            for i in missing:
                digests.setdefault(_digest(model_key, premises[i], hypotheses[i]), []).append(i)
            found: dict[int, np.ndarray] = {}
            keys = list(digests)
            for start in range(0, len(keys), _SQLITE_CHUNK):
                chunk = keys[start : start + _SQLITE_CHUNK]
                rows = self._db.execute(
                    "SELECT key, entailment, neutral, contradiction FROM scores WHERE key IN "
                    f"({','.join('?' * len(chunk))})",
                    chunk,
                ).fetchall()
                for key, *values in rows:
                    for i in digests[key]:
                        found[i] = np.array(values, dtype=np.float64)
            for i, row in found.items():
                out[i] = row
                self._remember((model_key, premises[i], hypotheses[i]), row)
            missing = [i for i in missing if i not in found]
        self.misses += len(missing)
        self.hits += len(premises) - len(missing)
        return missing

    def put(
        self, model_key: str, premises: Sequence[str], hypotheses: Sequence[str], rows: np.ndarray
    ) -> None:
        """Store one ``(3,)`` row per pair."""
        rows = np.asarray(rows, dtype=np.float64)
        for premise, hypothesis, row in zip(premises, hypotheses, rows):
            self._remember((model_key, premise, hypothesis), row.copy())
        if self._db is not None:
            self._db.executemany(
                "INSERT OR REPLACE INTO scores VALUES (?, ?, ?, ?, ?)",
                [
                    (_digest(model_key, p, h), model_key, *map(float, row))
                    for p, h, row in zip(premises, hypotheses, rows)
                ],
            )
            self._db.commit()

    def _remember(self, key: tuple[str, str, str], row: np.ndarray) -> None:
        if self.maxsize == 0:
            return
        self._memory[key] = row
        self._memory.move_to_end(key)
        while len(self._memory) > self.maxsize:
            self._memory.popitem(last=False)

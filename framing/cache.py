"""A cache of one-direction NLI probabilities, keyed by model and (premise, hypothesis).

An in-memory LRU lives on each `Detector`; an optional SQLite file under a folder you
choose keeps scores across sessions and can be shared by threads and processes. Values are
three floats per pair, checked when read; nothing is pickled. Re-running `framing.compare`
with one new statement then scores only the new pairs.
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import logging
import math
import sqlite3
import threading
import weakref
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from .labels import LABELS

logger = logging.getLogger(__name__)

__all__ = ["CACHE_FILENAME", "ScoreCache", "cache_key", "model_key", "model_token", "weights_fingerprint",
           "weights_version"]

CACHE_FILENAME = "framing-scores.sqlite"
_SQLITE_CHUNK = 500  # keys per SELECT ... IN (...), under SQLite's variable limit
# Seconds a writer waits for another process's write to finish before giving up.
BUSY_TIMEOUT_S = 60.0
# A stored row is a probability distribution: each value in [0, 1], the three summing to 1.
_SUM_TOLERANCE = 1e-6


def cache_key(*fields: str) -> str:
    """sha256 of length-prefixed fields: no separator inside a text can make two keys equal."""
    digest = hashlib.sha256()
    for field in fields:
        data = field.encode("utf-8", "surrogatepass")
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
    return digest.hexdigest()


_TOKENS = itertools.count()
_TOKEN_LOCK = threading.Lock()
# model object -> its token; weak, so a freed model's entry goes with it (and a new object never gets its token)
_MODEL_TOKENS: weakref.WeakKeyDictionary[Any, int] = weakref.WeakKeyDictionary()


def model_token(model: Any) -> int:
    """A process-unique number for a model object (unlike ``id``, never reused after it is freed)."""
    with _TOKEN_LOCK:
        token = _MODEL_TOKENS.get(model)
        if token is None:
            token = _MODEL_TOKENS[model] = next(_TOKENS)
        return token


def weights_version(model: Any) -> int:
    """Sum of torch's in-place write counters over all weights: changes whenever one is edited
    in place (``load_state_dict``, ``copy_``, an optimiser step), at no hashing cost."""
    return sum(tensor._version for tensor in model.state_dict(keep_vars=True).values())


def weights_fingerprint(model: Any) -> str:
    """sha256 (16 hex digits) of all weights: on-disk cached scores are tied to exact weights."""
    import torch

    digest = hashlib.sha256()
    for key, tensor in sorted(model.state_dict().items()):
        digest.update(key.encode())
        digest.update(tensor.detach().cpu().contiguous().view(-1).view(torch.uint8).numpy().tobytes())
    return digest.hexdigest()[:16]


def model_key(nli: Any, fingerprint: str) -> str:
    """What an NLI model's cached scores depend on besides the texts: its name, precision, max length,
    label mapping and ``fingerprint`` (of its weights: the object in memory, or a hash of them on disk)."""
    labels = ",".join(f"{label}={nli.label_indices[label]}" for label in LABELS)
    return f"{nli.name}|{nli.precision}|max_length={nli.max_length}|labels={labels}|{fingerprint}"


def valid_row(row: Sequence[float]) -> bool:
    """Whether three stored values are a probability distribution (finite, in [0, 1], sum 1)."""
    if len(row) != 3:
        return False
    values = [float(v) if isinstance(v, (int, float)) else math.nan for v in row]
    return all(0.0 <= v <= 1.0 for v in values) and abs(sum(values) - 1.0) <= _SUM_TOLERANCE


class ScoreCache:
    """LRU of ``(model_key, premise, hypothesis) -> (3,) probabilities``, optionally on disk.

    ``model_key`` names everything the probabilities depend on besides the texts (see
    ``Detector``); rows are stored under `cache_key` of it and the texts, and the model's own
    key is kept per row so that `clear` can forget one model's scores only.

    The SQLite file runs in WAL mode with a busy timeout and one connection per thread, so
    threads and processes can share a folder; `put` commits each call, so an interrupted job
    keeps what it stored. Rows that are not probability distributions (a damaged or edited
    file) are dropped with a warning and scored again. A fault of the file itself (a read-only
    folder, a damaged file, a lock held past the busy timeout) is an error naming the file and
    the remedy: `PermissionError`, `ValueError`, `TimeoutError`.

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
        self._lock = threading.Lock()  # guards the LRU and the counters
        self._local = threading.local()  # one SQLite connection per thread
        self._connections: list[sqlite3.Connection] = []
        if self.directory is not None:
            self._check_folder()
            try:
                self.directory.mkdir(parents=True, exist_ok=True)
            except OSError as error:
                raise PermissionError(
                    f"cache_dir expected a folder this process can create, got {str(self.directory)!r} "
                    f"({error.strerror}). Pass a writable folder, or cache_dir=None to keep scores in memory only."
                ) from error
            with self._guarded():
                self._connect()  # creates the table now: a bad folder or file fails at construction

    @property
    def file(self) -> Path | None:
        """The SQLite file, or None for a memory-only cache."""
        return None if self.directory is None else self.directory / CACHE_FILENAME

    def _check_folder(self) -> None:
        for path in (self.directory, self.file):
            if path.is_symlink():
                raise ValueError(
                    f"cache_dir expected a real folder and file, got the symlink {str(path)!r} -> "
                    f"{str(path.readlink())!r}. Pass the folder the link points to, so that the "
                    "cache never writes through a link."
                )
        if self.directory.exists() and not self.directory.is_dir():
            raise ValueError(
                f"cache_dir expected a folder, got the file {str(self.directory)!r}. Pass a folder "
                "(it is created if missing)."
            )

    @contextlib.contextmanager
    def _guarded(self) -> Iterator[None]:
        """SQLite's faults as errors that name the file and say what to do."""
        try:
            yield
        except sqlite3.Error as error:
            raise self._fault(error) from error

    def _fault(self, error: sqlite3.Error) -> Exception:
        text = " ".join(str(error).split()) or type(error).__name__
        low = text.lower()
        where = f"score cache {self.file}"
        if "locked" in low or "busy" in low:
            return TimeoutError(
                f"{where}: expected its lock within {BUSY_TIMEOUT_S:g} s, got {text!r}: another process (or an open "
                "sqlite3 shell) holds it. Let that process finish or close it, or pass another cache_dir."
            )
        if any(word in low for word in ("readonly", "read-only", "unable to open", "permission", "disk i/o")):
            return PermissionError(
                f"{where}: expected a file and folder this process can write (SQLite also writes "
                f"{CACHE_FILENAME}-wal and -shm beside it), got {text!r}. Make {str(self.directory)!r} writable, "
                "pass another cache_dir, or cache_dir=None to keep scores in memory only."
            )
        if isinstance(error, sqlite3.DatabaseError) and any(
                word in low for word in ("not a database", "malformed", "corrupt", "encrypted")):
            return ValueError(
                f"{where}: expected a framing score cache (SQLite), got a damaged or foreign file ({text!r}). "
                "Delete it (it holds only cached scores, computed again when needed), or pass another cache_dir."
            )
        return OSError(f"{where}: expected a working SQLite file, got {text!r}. Delete the file if it is damaged "
                       "(it holds only cached scores), or pass another cache_dir.")

    def _connect(self) -> sqlite3.Connection:
        db = getattr(self._local, "db", None)
        if db is not None:
            return db
        db = sqlite3.connect(self.file, timeout=BUSY_TIMEOUT_S, check_same_thread=False)
        db.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
        db.execute("PRAGMA journal_mode = WAL")
        db.execute(
            "CREATE TABLE IF NOT EXISTS scores (key TEXT PRIMARY KEY, model TEXT, "
            "entailment REAL, neutral REAL, contradiction REAL)"
        )
        db.execute("CREATE INDEX IF NOT EXISTS scores_model ON scores (model)")
        db.commit()
        self._local.db = db
        with self._lock:
            self._connections.append(db)
        return db

    def __len__(self) -> int:
        return len(self._memory)

    def info(self) -> dict[str, int | str | None]:
        """Hits, misses, pairs in memory and the disk file (if any)."""
        disk = None if self.file is None else str(self.file)
        return {"hits": self.hits, "misses": self.misses, "size": len(self._memory), "maxsize": self.maxsize,
                "file": disk}

    def clear(self, model_key: str | None = None) -> None:
        """Forget scores: one model's (memory and disk) when ``model_key`` is given, else all of
        this cache's memory and every row of its disk file."""
        with self._lock:
            if model_key is None:
                self._memory.clear()
            else:
                for key in [k for k in self._memory if k[0] == model_key]:
                    del self._memory[key]
            self.hits = self.misses = 0
        if self.directory is not None:
            with self._guarded():
                db = self._connect()
                with db:
                    if model_key is None:
                        db.execute("DELETE FROM scores")
                    else:
                        db.execute("DELETE FROM scores WHERE model = ?", (_model_id(model_key),))

    def close(self) -> None:
        """Close the SQLite connections (they reopen on the next use)."""
        with self._lock:
            connections, self._connections = self._connections, []
        for db in connections:
            db.close()
        self._local = threading.local()

    def get(
        self, model_key: str, premises: Sequence[str], hypotheses: Sequence[str], out: np.ndarray
    ) -> list[int]:
        """Fill ``out[i]`` for every cached pair; return the positions not found."""
        missing: list[int] = []
        with self._lock:
            for i, (premise, hypothesis) in enumerate(zip(premises, hypotheses)):
                key = (model_key, premise, hypothesis)
                row = self._memory.get(key)
                if row is None:
                    missing.append(i)
                else:
                    self._memory.move_to_end(key)
                    out[i] = row
        if missing and self.directory is not None:
            with self._guarded():
                found = self._read_disk(model_key, premises, hypotheses, missing)
            for i, row in found.items():
                out[i] = row
            with self._lock:
                for i, row in found.items():
                    self._remember((model_key, premises[i], hypotheses[i]), row)
            missing = [i for i in missing if i not in found]
        with self._lock:
            self.misses += len(missing)
            self.hits += len(premises) - len(missing)
        return missing

    def _read_disk(
        self, model_key: str, premises: Sequence[str], hypotheses: Sequence[str], positions: list[int]
    ) -> dict[int, np.ndarray]:
        digests: dict[str, list[int]] = {}
        for i in positions:
            digests.setdefault(cache_key(model_key, premises[i], hypotheses[i]), []).append(i)
        db = self._connect()
        found: dict[int, np.ndarray] = {}
        bad: list[str] = []
        keys = list(digests)
        for start in range(0, len(keys), _SQLITE_CHUNK):
            chunk = keys[start : start + _SQLITE_CHUNK]
            rows = db.execute(
                "SELECT key, entailment, neutral, contradiction FROM scores WHERE key IN "
                f"({','.join('?' * len(chunk))})",
                chunk,
            ).fetchall()
            for key, *values in rows:
                if not valid_row(values):
                    bad.append(key)
                    continue
                for i in digests[key]:
                    found[i] = np.array(values, dtype=np.float64)
        if bad:
            logger.warning(
                "score cache %s: %d stored row(s) are not probability distributions (finite, in "
                "[0, 1], summing to 1), e.g. a damaged or edited file; they are dropped and scored again",
                self.file,
                len(bad),
            )
            with db:
                db.executemany("DELETE FROM scores WHERE key = ?", [(key,) for key in bad])
        return found

    def put(
        self, model_key: str, premises: Sequence[str], hypotheses: Sequence[str], rows: np.ndarray
    ) -> None:
        """Store one ``(3,)`` row per pair (committed before returning)."""
        rows = np.asarray(rows, dtype=np.float64)
        with self._lock:
            for premise, hypothesis, row in zip(premises, hypotheses, rows):
                self._remember((model_key, premise, hypothesis), row.copy())
        if self.directory is not None:
            model = _model_id(model_key)
            with self._guarded():
                db = self._connect()
                with db:
                    db.executemany(
                        "INSERT OR REPLACE INTO scores VALUES (?, ?, ?, ?, ?)",
                        [
                            (cache_key(model_key, p, h), model, *map(float, row))
                            for p, h, row in zip(premises, hypotheses, rows)
                        ],
                    )

    def _remember(self, key: tuple[str, str, str], row: np.ndarray) -> None:
        if self.maxsize == 0:
            return
        self._memory[key] = row
        self._memory.move_to_end(key)
        while len(self._memory) > self.maxsize:
            self._memory.popitem(last=False)


def _model_id(model_key: str) -> str:
    """The per-row model column: a digest, so that keys holding paths stay out of the file."""
    return cache_key(model_key)[:32]

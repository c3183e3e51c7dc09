"""The score cache's file faults name the file and say what to do (no bare sqlite3 errors)."""

from __future__ import annotations

import sqlite3

import numpy as np
import pytest

from framing import cache as cache_module
from framing.cache import CACHE_FILENAME, ScoreCache

ROW = np.array([[0.1, 0.2, 0.7]])


def test_a_damaged_file_is_named_with_the_remedy(tmp_path):
    (tmp_path / CACHE_FILENAME).write_bytes(b"this is not sqlite " * 200)
    with pytest.raises(ValueError, match=rf"score cache .*{CACHE_FILENAME}: expected a framing score cache \(SQLite\), "
                                         r"got a damaged or foreign file \('file is not a database'\)\. Delete it"):
        ScoreCache(10, tmp_path)


def test_a_read_only_file_is_named_with_the_remedy(tmp_path, monkeypatch):
    ScoreCache(10, tmp_path).put("m", ["a"], ["b"], ROW)  # the file exists, with its table
    connect = sqlite3.connect
    # Read-only as a file system would make it (root ignores chmod, so the connection says it).
    monkeypatch.setattr(cache_module.sqlite3, "connect",
                        lambda path, **kw: connect(f"file:{path}?mode=ro", uri=True, **kw))
    cache = ScoreCache(0, tmp_path)
    out = np.zeros((1, 3))
    assert cache.get("m", ["a"], ["b"], out) == [] and out.tolist() == ROW.tolist()  # reading still works
    with pytest.raises(PermissionError, match=r"score cache .*: expected a file and folder this process can write.*"
                                              r"readonly database.*pass another cache_dir, or cache_dir=None"):
        cache.put("m", ["c"], ["d"], ROW)


def test_a_held_lock_is_named_with_the_remedy(tmp_path, monkeypatch):
    monkeypatch.setattr(cache_module, "BUSY_TIMEOUT_S", 0.2)
    cache = ScoreCache(0, tmp_path)
    other = sqlite3.connect(tmp_path / CACHE_FILENAME)
    other.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(TimeoutError, match=r"score cache .*: expected its lock within .* s, got 'database is "
                                               r"locked': another process .* holds it"):
            cache.put("m", ["a"], ["b"], ROW)
    finally:
        other.rollback()
        other.close()
    cache.put("m", ["a"], ["b"], ROW)  # the lock released, the cache works again


def test_a_folder_that_cannot_be_made_is_named(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(PermissionError, match=r"cache_dir expected a folder this process can create, got .*file/sub"):
        ScoreCache(10, blocker / "sub")

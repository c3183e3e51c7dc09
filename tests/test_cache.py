"""The score cache: keys that include everything a score depends on, values checked on read,
one model's rows cleared, and a folder shared by threads and processes."""

from __future__ import annotations

import logging
import sqlite3
import subprocess
import sys
import textwrap
import threading

import numpy as np
import pandas as pd
import pytest

from framing import detector as detector_module
from framing.cache import CACHE_FILENAME, ScoreCache, cache_key
from framing.detector import Detector
from framing.nli import NLIModel

PREMISES = [
    "The talks were productive.",
    "A man is sleeping.",
    "The door is open.",
    "Sanctions remain in place.",
    "Two children are eating apples.",
    "It is raining heavily outside.",
]
HYPOTHESES = [
    "The results of the talks are extremely worrisome.",
    "A man is awake and running.",
    "The door is closed.",
    "The US made gangster-like demands.",
    "Children are eating.",
    "The weather is dry and sunny.",
]


def _load(path, **kwargs) -> Detector:
    return Detector.from_pretrained(path, check_labels=False, **kwargs)


def _rows(folder) -> list[tuple]:
    with sqlite3.connect(folder / CACHE_FILENAME) as db:
        return db.execute("SELECT key, model, entailment, neutral, contradiction FROM scores").fetchall()


def test_keys_are_length_prefixed_so_separators_in_texts_cannot_collide():
    assert cache_key("m", "a\x1fb", "c") != cache_key("m", "a", "b\x1fc")
    cache = ScoreCache()
    cache.put("m", ["a\x1fb"], ["c"], np.array([[0.2, 0.3, 0.5]]))
    out = np.zeros((1, 3))
    assert cache.get("m", ["a"], ["b\x1fc"], out) == [0]


def test_another_label_mapping_is_another_key(tiny_models, tmp_path):
    folder = tmp_path / "cache"
    det = _load(tiny_models["nli"], cache_dir=folder)
    plain = det.score_pairs(PREMISES, HYPOTHESES)
    nli = det.nli_model
    # The same weights read with entailment and contradiction swapped: different probabilities.
    swapped = dict(nli.label_indices, entailment=nli.label_indices["contradiction"],
                   contradiction=nli.label_indices["entailment"])
    other = NLIModel(nli.model, nli.tokenizer, label_indices=swapped, max_length=nli.max_length, name=nli.name)
    cached = Detector(other, cache_dir=folder).score_pairs(PREMISES, HYPOTHESES)
    uncached = Detector(other, cache_size=0).score_pairs(PREMISES, HYPOTHESES)
    pd.testing.assert_frame_equal(cached, uncached)
    assert not np.allclose(cached["ab_contradiction"], plain["ab_contradiction"])


def test_weights_changed_in_place_are_scored_again(tiny_model, tmp_path):
    import torch

    for cache_dir in (None, tmp_path / "cache"):
        det = _load(tiny_model, cache_dir=cache_dir)
        before = det.score_pairs(PREMISES, HYPOTHESES)
        with torch.no_grad():
            det.nli_model.model.classifier.weight.mul_(-1.0)
        after = det.score_pairs(PREMISES, HYPOTHESES)
        fresh = Detector(det.nli_model, cache_size=0).score_pairs(PREMISES, HYPOTHESES)
        pd.testing.assert_frame_equal(after, fresh)
        assert not np.allclose(after["ab_contradiction"], before["ab_contradiction"])


def test_damaged_rows_are_dropped_with_a_warning_and_scored_again(tiny_models, tmp_path, caplog):
    folder = tmp_path / "cache"
    det = _load(tiny_models["nli"], cache_dir=folder)
    expected = det.score_pairs(PREMISES, HYPOTHESES)
    with sqlite3.connect(folder / CACHE_FILENAME) as db:
        keys = [row[0] for row in db.execute("SELECT key FROM scores ORDER BY key").fetchall()]
        db.execute("UPDATE scores SET contradiction = 42 WHERE key = ?", (keys[0],))
        db.execute("UPDATE scores SET entailment = NULL WHERE key = ?", (keys[1],))
        db.execute("UPDATE scores SET neutral = 0.9 WHERE key = ?", (keys[2],))  # no longer sums to 1
    fresh = _load(tiny_models["nli"], cache_dir=folder)
    with caplog.at_level(logging.WARNING, logger="framing.cache"):
        got = fresh.score_pairs(PREMISES, HYPOTHESES)
    # The three rows are scored again in a smaller batch, whose float32 sums may round differently (seen: 3e-8).
    pd.testing.assert_frame_equal(got, expected, check_exact=False, rtol=0, atol=1e-6)
    assert "3 stored row(s) are not probability distributions" in caplog.text
    assert all(0 <= value <= 1 for row in _rows(folder) for value in row[2:])


def test_clear_cache_forgets_this_models_rows_only(tiny_models, tmp_path):
    folder = tmp_path / "cache"
    first = _load(tiny_models["nli"], cache_dir=folder)
    second = _load(tiny_models["nli"], cache_dir=folder, max_length=32)  # another key
    first.score_pairs(PREMISES, HYPOTHESES)
    second.score_pairs(PREMISES[:2], HYPOTHESES[:2])
    assert len({row[1] for row in _rows(folder)}) == 2
    first.clear_cache()
    rows = _rows(folder)
    assert len(rows) == 4 and len({row[1] for row in rows}) == 1
    assert len(first.cache) == 0
    # The model column holds a digest, not the key (which names paths).
    assert str(tiny_models["nli"]) not in rows[0][1]


def test_symlinked_cache_folder_or_file_is_refused(tmp_path):
    real = tmp_path / "real"
    real.mkdir()
    (tmp_path / "link").symlink_to(real, target_is_directory=True)
    with pytest.raises(ValueError, match="expected a real folder and file, got the symlink"):
        ScoreCache(directory=tmp_path / "link")
    other = tmp_path / "elsewhere.sqlite"
    other.write_bytes(b"")
    folder = tmp_path / "folder"
    folder.mkdir()
    (folder / CACHE_FILENAME).symlink_to(other)
    with pytest.raises(ValueError, match="symlink"):
        ScoreCache(directory=folder)
    assert other.read_bytes() == b""
    file = tmp_path / "file"
    file.write_text("x")
    with pytest.raises(ValueError, match="expected a folder, got the file"):
        ScoreCache(directory=file)


def test_an_interrupt_keeps_the_chunks_already_scored(tiny_models, tmp_path, monkeypatch):
    monkeypatch.setattr(detector_module, "CACHE_WRITE_CHUNK", 4)
    folder = tmp_path / "cache"
    det = _load(tiny_models["nli"], cache_dir=folder)
    real, calls = det.nli_model.predict, []

    def interrupted(premises, hypotheses, **kwargs):
        calls.append(len(premises))
        if len(calls) == 2:
            raise KeyboardInterrupt
        return real(premises, hypotheses, **kwargs)

    monkeypatch.setattr(det.nli_model, "predict", interrupted)
    with pytest.raises(KeyboardInterrupt):
        det.score_pairs(PREMISES, HYPOTHESES)  # 12 one-direction pairs: chunks of 4
    assert len(_rows(folder)) == 4


def test_calibrate_never_leaves_other_threads_uncalibrated(tiny_models, monkeypatch):
    det = _load(tiny_models["nli"])
    labels = [1, 0] * 10
    a, b = (PREMISES * 4)[:20], (HYPOTHESES * 4)[:20]
    det.calibrate(a, b, labels, features="contradiction", method="sigmoid", cv=2)
    attached, seen = det.calibrator, []
    real = det._nli_probs

    def watching(premises, hypotheses):
        seen.append(det.calibrator)  # what another thread would use right now
        return real(premises, hypotheses)

    monkeypatch.setattr(det, "_nli_probs", watching)
    det.calibrate(a, b, labels, features="contradiction", method="sigmoid", cv=2)
    assert seen and all(c is attached for c in seen)
    assert det.calibrator is not attached


def test_four_threads_on_one_folder_match_uncached_scores(tiny_models, tmp_path):
    det = _load(tiny_models["nli"], cache_dir=tmp_path / "cache")
    expected = _load(tiny_models["nli"], cache_size=0).score_pairs(PREMISES, HYPOTHESES)
    results, errors = {}, []

    def work(k: int) -> None:
        try:
            order = np.random.default_rng(k).permutation(len(PREMISES))
            for _ in range(3):
                got = det.score_pairs([PREMISES[i] for i in order], [HYPOTHESES[i] for i in order])
                results[k] = got.set_axis(order).sort_index()
        except Exception as err:  # noqa: BLE001 - reported below
            errors.append(err)

    threads = [threading.Thread(target=work, args=(k,)) for k in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    for got in results.values():
        pd.testing.assert_frame_equal(got, expected, check_exact=True)


_WORKER = textwrap.dedent(
    """
    import sys
    import numpy as np
    from framing.detector import Detector
    model, folder, seed, out = sys.argv[1:]
    premises, hypotheses = {premises!r}, {hypotheses!r}
    det = Detector.from_pretrained(model, check_labels=False, cache_dir=folder)
    order = np.random.default_rng(int(seed)).permutation(len(premises))
    for _ in range(5):
        got = det.score_pairs([premises[i] for i in order], [hypotheses[i] for i in order])
    got.set_axis(order).sort_index().to_json(out, orient="split", double_precision=15)
    """
).format(premises=PREMISES, hypotheses=HYPOTHESES)


def test_two_processes_on_one_folder_match_uncached_scores(tiny_models, tmp_path):
    folder = tmp_path / "cache"
    script = tmp_path / "worker.py"
    script.write_text(_WORKER)
    outs = [tmp_path / f"out{k}.json" for k in range(2)]
    procs = [
        subprocess.Popen([sys.executable, str(script), str(tiny_models["nli"]), str(folder), str(k), str(out)],
                         stderr=subprocess.PIPE, text=True)
        for k, out in enumerate(outs)
    ]
    for proc in procs:
        _, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
    expected = _load(tiny_models["nli"], cache_size=0).score_pairs(PREMISES, HYPOTHESES)
    for out in outs:
        got = pd.read_json(out, orient="split")
        np.testing.assert_allclose(got[expected.columns[:-1]].to_numpy(float),
                                   expected[expected.columns[:-1]].to_numpy(float), rtol=0, atol=1e-14)
    # What the processes stored is what this process computes: read back bit for bit.
    reread = _load(tiny_models["nli"], cache_dir=folder).score_pairs(PREMISES, HYPOTHESES)
    pd.testing.assert_frame_equal(reread, expected, check_exact=True)

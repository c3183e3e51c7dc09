"""The annotators' two scripts (recipes/annotation): sides checked, cross-party pairs listed, labels checked."""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import ROOT

SCRIPTS = ROOT / "recipes" / "annotation"


def _run(script: str, folder) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(SCRIPTS / script), str(folder)], capture_output=True, text=True)


def _story(tmp_path, n: int = 4):
    folder = tmp_path / "story"
    folder.mkdir()
    statements = [{"id": f"s{i}", "outlet": "nyt", "start": 0, "end": 1, "text": f"text {i}"} for i in range(1, n + 1)]
    (folder / "statements.json").write_text(json.dumps(statements))
    return folder


def test_make_pairs_lists_cross_party_pairs_of_kept_statements(tmp_path):
    folder = _story(tmp_path)
    sides = {"parties": ["A", "B"], "statements": {"s1": {"speaker": "x", "party": "A"},
                                                   "s2": {"speaker": "y", "party": "B"},
                                                   "s3": {"speaker": "z", "party": "A"}, "s4": {"drop": "narration"}}}
    (folder / "sides.json").write_text(json.dumps(sides))
    done = _run("make_pairs.py", folder)
    assert done.returncode == 0, done.stderr
    todo = [json.loads(x) for x in (folder / "pairs_todo.jsonl").read_text().splitlines()]
    assert [(p["a"], p["b"]) for p in todo] == [("s1", "s2"), ("s2", "s3")]
    assert all(p["party_a"] != p["party_b"] for p in todo)


def test_make_pairs_refuses_a_missing_statement_or_an_unknown_side(tmp_path):
    folder = _story(tmp_path)
    (folder / "sides.json").write_text(json.dumps({"parties": ["A", "B"], "statements": {
        "s1": {"speaker": "x", "party": "A"}, "s2": {"speaker": "y", "party": "C"}}}))
    done = _run("make_pairs.py", folder)
    assert done.returncode != 0 and "missing ['s3', 's4']" in done.stderr
    (folder / "sides.json").write_text(json.dumps({"parties": ["A", "B"], "statements": {
        f"s{i}": {"speaker": "x", "party": "C"} for i in range(1, 5)}}))
    done = _run("make_pairs.py", folder)
    assert done.returncode != 0 and "is not one of parties" in done.stderr


def test_make_pairs_samples_170_with_a_fixed_seed_and_check_labels_wants_each_once(tmp_path):
    folder = _story(tmp_path, n=40)
    sides = {"parties": ["A", "B"], "statements": {f"s{i}": {"speaker": "x", "party": "AB"[i % 2]}
                                                   for i in range(1, 41)}}
    (folder / "sides.json").write_text(json.dumps(sides))
    assert _run("make_pairs.py", folder).returncode == 0
    first = (folder / "pairs_todo.jsonl").read_text()
    assert _run("make_pairs.py", folder).returncode == 0 and (folder / "pairs_todo.jsonl").read_text() == first
    todo = [json.loads(x) for x in first.splitlines()]
    assert len(todo) == 170 and len({(p["a"], p["b"]) for p in todo}) == 170
    labels = [{"a": p["a"], "b": p["b"], "label": 0, "clear": True, "reason": "different matters"} for p in todo]
    (folder / "labels.jsonl").write_text("\n".join(json.dumps(x) for x in labels[:-1]))
    done = _run("check_labels.py", folder)
    assert done.returncode != 0 and "170 pairs expected once each, got 169" in done.stderr
    (folder / "labels.jsonl").write_text("\n".join(json.dumps(x) for x in labels))
    assert _run("check_labels.py", folder).returncode == 0

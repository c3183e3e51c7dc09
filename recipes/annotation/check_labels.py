"""Usage: python3 check_labels.py STORY_FOLDER  -- checks labels.jsonl covers pairs_todo.jsonl exactly."""
import json
import sys
from pathlib import Path

d = Path(sys.argv[1])
todo = [json.loads(x) for x in open(d / "pairs_todo.jsonl") if x.strip()]
lab = [json.loads(x) for x in open(d / "labels.jsonl") if x.strip()]
want = {(p["a"], p["b"]) for p in todo}
got = [(p["a"], p["b"]) for p in lab]
bad = [p for p in lab if p.get("label") not in (0, 1) or not isinstance(p.get("clear"), bool) or not p.get("reason")]
if set(got) != want or len(got) != len(want) or bad:
    sys.exit(f"labels.jsonl: {len(want)} pairs expected once each, got {len(got)} ({len(set(got) & want)} matching); "
             f"missing {sorted(want - set(got))[:5]}; {len(bad)} rows need label 0/1, clear true/false and a reason")
if (d / "minimal.jsonl").exists():
    for n, line in enumerate(open(d / "minimal.jsonl"), 1):
        if line.strip():
            m = json.loads(line)
            needed = {"statement", "incompatible", "compatible", "different_aspect"}
            assert needed <= m.keys(), f"minimal.jsonl line {n} expected the keys {sorted(needed)}"
print(f"OK: {len(lab)} labels, {sum(p['label'] for p in lab)} clashes")

"""Usage: python3 make_pairs.py STORY_FOLDER
Checks STORY_FOLDER/sides.json against statements.json and writes STORY_FOLDER/pairs_todo.jsonl:
the cross-party pairs to label (all of them, or a fixed random sample of 170 when there are more)."""
import json
import random
import sys
from pathlib import Path

CAP = 170
SEED = 0xDA39A3EE
d = Path(sys.argv[1])
sts = {s["id"]: s for s in json.loads((d / "statements.json").read_text())}
sides = json.loads((d / "sides.json").read_text())
parties = sides["parties"]
assign = sides["statements"]
missing = [i for i in sts if i not in assign]
extra = [i for i in assign if i not in sts]
if missing or extra:
    sys.exit(f"sides.json must give every statement id exactly once: missing {missing}, unknown {extra}")
keep = {}
for i, v in assign.items():
    if "drop" in v:
        continue
    if v.get("party") not in parties:
        sys.exit(f"{i}: party {v.get('party')!r} is not one of parties {parties}; "
                 "use one of them or {\"drop\": \"why\"}")
    if not v.get("speaker"):
        sys.exit(f"{i}: give the speaker")
    keep[i] = v
ids = sorted(keep, key=lambda x: int(x[1:]))
pairs = [(a, b) for n, a in enumerate(ids) for b in ids[n + 1:] if keep[a]["party"] != keep[b]["party"]]
total = len(pairs)
if total > CAP:
    # One fixed seed (the first 8 hex digits of sha1 of the empty string: what the annotators' runs from
    # inside each folder used), so a story's sample is reproducible from its sides.json alone.
    rng = random.Random(SEED)
    pairs = sorted(rng.sample(pairs, CAP), key=lambda p: (int(p[0][1:]), int(p[1][1:])))
with open(d / "pairs_todo.jsonl", "w") as f:
    for a, b in pairs:
        f.write(json.dumps({"a": a, "b": b,
                            "party_a": keep[a]["party"], "text_a": sts[a]["text"],
                            "party_b": keep[b]["party"], "text_b": sts[b]["text"]}, ensure_ascii=False) + "\n")
print(f"{len(keep)} statements kept, {total} cross-party pairs, {len(pairs)} to label in {d/'pairs_todo.jsonl'}")

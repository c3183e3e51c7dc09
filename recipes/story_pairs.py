"""The story-shaped labeled set: cross-party statement pairs inside one BASIL news story.

What `framing.compare` meets in an article: statements by adversaries, most of them about
*different aspects* of one story, a few about the same matter characterised incompatibly.
Hand-labeled blind (no score in sight) by annotators following ``docs/story_pairs.md``: a clash
needs the same matter *and* an incompatible characterisation; adversaries alone are not enough,
a concession is no clash.

The labels live in ``recipes/labels/basil_story_pairs.jsonl`` as *offsets* into the BASIL
articles (one line per story: parties, statements with outlet, character span, speaker and
party, then every cross-party pair with its label, a ``clear`` flag and a reason); the texts are
read at build time from ``../shared/data/framing/basil`` and never copied into the repository.
Stories come from BASIL events other than the 12 held-out ones (refused here). The stories of
BASIL's ``dev`` share (:mod:`recipes.splits`; the model never trained on them) are the
story-shaped dev split, never fitted on; all others (the ``calib`` share, and ``train``-share
stories whose sentences the NLI model's second stage saw with automatic labels) fit the calibrator.

Usage:
    python -m recipes.story_pairs [--out runs/framing]   # writes story_calib.jsonl, story_dev.jsonl
"""

from __future__ import annotations

import argparse
import collections
import hashlib
import json
import zipfile
from pathlib import Path

from recipes.splits import split_of

LABELS_FILE = Path(__file__).resolve().parent / "labels" / "basil_story_pairs.jsonl"
SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
BASIL_ZIP = "framing/basil/basil_articles_annotations.zip"
HELD_OUT = "framing/basil/HELD_OUT_EVENTS.txt"


def article_text(article: dict) -> str:
    """The text offsets refer to: the title, a blank line, then each paragraph's sentences
    joined by spaces, paragraphs separated by blank lines."""
    paragraphs = [" ".join(p) for p in article["body-paragraphs"]]
    return article["title"] + "\n\n" + "\n\n".join(paragraphs) + "\n"


def articles(shared: Path = SHARED) -> dict[tuple[str, str], str]:
    """``{(event, outlet): text}`` for every BASIL article."""
    z = zipfile.ZipFile(shared / BASIL_ZIP)
    out = {}
    for name in sorted(z.namelist()):
        if name.startswith("articles/") and name.endswith(".json"):
            article = json.loads(z.read(name))
            out[(article["triplet-uuid"], article["source"])] = article_text(article)
    return out


def held_out(shared: Path = SHARED) -> set[str]:
    lines = (shared / HELD_OUT).read_text(encoding="utf-8").splitlines()
    return {line.strip() for line in lines if line.strip() and not line.startswith("#")}


def _digest(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:10]


def read_stories(path: Path = LABELS_FILE) -> list[dict]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def pairs(shared: Path = SHARED, path: Path = LABELS_FILE) -> list[dict]:
    """Every labeled pair with its texts, read from the articles at their offsets.

    Raises:
        ValueError: a story among the held-out events, or a span whose text no longer matches
            its recorded digest (the data in ``../shared`` changed).
    """
    texts, banned = articles(shared), held_out(shared)
    out = []
    for story in read_stories(path):
        event = story["event"]
        if event in banned:
            raise ValueError(f"{path}: story {event} is a held-out BASIL event; remove it.")
        statements = {}
        for s in story["statements"]:
            text = texts[(event, s["outlet"])][s["start"]:s["end"]]
            if _digest(text) != s["sha1"]:
                raise ValueError(f"{path}: statement {s['id']} of {event} expected digest {s['sha1']}, "
                                 f"got {_digest(text)} ({text[:60]!r}); ../shared/data/framing/basil changed.")
            statements[s["id"]] = {**s, "text": text}
        for p in story["pairs"]:
            a, b = statements[p["a"]], statements[p["b"]]
            out.append({
                "text_a": a["text"], "text_b": b["text"], "label": int(p["label"]), "clear": bool(p["clear"]),
                "story": event, "group": event, "split": "dev" if split_of("basil", event) == "dev" else "calib",
                "party_a": a["party"], "party_b": b["party"],
                "speaker_a": a["speaker"], "speaker_b": b["speaker"], "id_a": f"{event}:{a['id']}",
                "id_b": f"{event}:{b['id']}", "reason": p["reason"], "annotator": story["annotator"],
                "source": "basil_story", "subset": "story",
            })
    return out


def import_annotations(folder: Path, shared: Path = SHARED, path: Path = LABELS_FILE) -> dict:
    """Turn annotators' files (verbatim texts, ``docs/story_pairs.md``) into the offset form.

    A statement found more than once in its article takes the first occurrence (same text);
    one not found, a pair across one party, or an incomplete set of cross-party pairs is an error.
    """
    texts, banned = articles(shared), held_out(shared)
    counts = collections.Counter()
    lines = []
    for file in sorted(folder.glob("*.json")):
        story = json.loads(file.read_text(encoding="utf-8"))
        event = story["event"]
        if event in banned:
            raise ValueError(f"{file}: {event} is a held-out BASIL event.")
        outlets = {o.lower(): o for (e, o) in texts if e == event}
        statements = []
        for s in story["statements"]:
            outlet = outlets[Path(s["file"]).stem.lower()]
            article = texts[(event, outlet)]
            start = article.find(s["text"])
            if start < 0:
                raise ValueError(f"{file}: statement {s['id']} not found verbatim in {outlet}.")
            end = start + len(s["text"])
            statements.append({"id": s["id"], "outlet": outlet, "start": start, "end": end,
                               "sha1": _digest(s["text"]), "speaker": s["speaker"], "party": s["party"]})
        party = {s["id"]: s["party"] for s in statements}
        expected = {frozenset((a, b)) for a in party for b in party if a < b and party[a] != party[b]}
        got = [frozenset((p["a"], p["b"])) for p in story["pairs"]]
        if set(got) != expected or len(got) != len(expected):
            raise ValueError(f"{file}: pairs expected every cross-party pair once ({len(expected)}), got {len(got)}.")
        pairs_ = [{"a": p["a"], "b": p["b"], "label": int(p["label"]), "clear": bool(p["clear"]),
                   "reason": p["reason"]} for p in story["pairs"]]
        if not pairs_:
            counts["stories_without_pairs"] += 1
            continue
        lines.append({"event": event, "annotator": story["annotator"], "parties": story["parties"],
                      "statements": statements, "pairs": pairs_})
        counts["stories"] += 1
        counts["pairs"] += len(pairs_)
        counts["clashes"] += sum(p["label"] for p in pairs_)
    with open(path, "w", encoding="utf-8") as f:
        for line in lines:
            f.write(json.dumps(line, ensure_ascii=False) + "\n")
    return dict(counts)


def build(out: Path, shared: Path = SHARED) -> dict[str, int]:
    """Write ``story_calib.jsonl`` and ``story_dev.jsonl`` (framing-pair columns) under ``out``."""
    rows = pairs(shared)
    out.mkdir(parents=True, exist_ok=True)
    counts = {}
    for split in ("calib", "dev"):
        chosen = [r for r in rows if r["split"] == split]
        with open(out / f"story_{split}.jsonl", "w", encoding="utf-8") as f:
            for r in chosen:
                f.write(json.dumps(r, ensure_ascii=False) + "\n")
        counts[split] = len(chosen)
    return counts


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=SHARED)
    ap.add_argument("--out", type=Path, default=Path("runs/framing"))
    ap.add_argument("--import-from", type=Path, default=None, help="annotators' folder to import first")
    args = ap.parse_args()
    if args.import_from is not None:
        print("imported:", import_annotations(args.import_from, args.shared))
    print("wrote:", build(args.out, args.shared))


if __name__ == "__main__":
    main()

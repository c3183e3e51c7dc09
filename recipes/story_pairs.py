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
#: Every cross-party pair (or a fixed sample of 170) among the statements `extract_statements` finds.
EXTRACTED_FILE = LABELS_FILE.with_name("basil_story_pairs_extracted.jsonl")
#: A blind second annotator's labels on a sample of the extracted file's pairs (agreement).
SECOND_OPINION_FILE = LABELS_FILE.with_name("basil_story_pairs_extracted_second_opinion.jsonl")
#: Annotator-written sentences against a real statement: incompatible / compatible / other aspect.
MINIMAL_FILE = LABELS_FILE.with_name("basil_minimal_pairs.jsonl")
#: Training stories beside BASIL's own ``calib`` share that fit the calibrator instead (so that it is fitted on
#: extracted statements, what `compare` meets): the first 14 by this salted hash among the train share.
CALIB_SALT, N_CALIB_EXTRA = "story-calib:", 14
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


def story_split(event: str, extra_calib: frozenset[str] = frozenset()) -> str:
    """``dev`` and ``calib`` follow BASIL's shares (:mod:`recipes.splits`); a ``train``-share story
    fits the calibrator when it is one of ``extra_calib``, else it trains the model."""
    split = split_of("basil", event)
    return "calib" if split == "train" and event in extra_calib else split


def extra_calib_stories(events: list[str]) -> frozenset[str]:
    """The `N_CALIB_EXTRA` train-share stories among ``events`` that fit the calibrator."""
    train = sorted({e for e in events if split_of("basil", e) == "train"},
                   key=lambda e: hashlib.sha1((CALIB_SALT + e).encode()).hexdigest())
    return frozenset(train[:N_CALIB_EXTRA])


def _statement_texts(story: dict, texts: dict, path: Path) -> dict[str, dict]:
    """The story's statements with their texts, each checked against its recorded digest."""
    event, out = story["event"], {}
    for s in story["statements"]:
        text = texts[(event, s["outlet"])][s["start"]:s["end"]]
        if _digest(text) != s["sha1"]:
            raise ValueError(f"{path}: statement {s['id']} of {event} expected digest {s['sha1']}, "
                             f"got {_digest(text)} ({text[:60]!r}); ../shared/data/framing/basil changed.")
        out[s["id"]] = {**s, "text": text}
    return out


def pairs(shared: Path = SHARED, path: Path = LABELS_FILE, *, extra_calib: bool = True) -> list[dict]:
    """Every labeled pair with its texts, read from the articles at their offsets.

    A story of the extracted file carries its split; a story of the hand-picked file gets
    `story_split` (its train-share stories train the model). ``selection`` says which file.
    ``extra_calib=False`` gives the train-share stories recorded as calib back to training, so that
    only BASIL's calib share fits the calibrator.

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
        statements = _statement_texts(story, texts, path)
        split = story.get("split") or story_split(event)
        if not extra_calib and split == "calib":
            split = split_of("basil", event)
        for p in story["pairs"]:
            a, b = statements[p["a"]], statements[p["b"]]
            out.append({
                "text_a": a["text"], "text_b": b["text"], "label": int(p["label"]), "clear": bool(p["clear"]),
                "story": event, "group": event, "split": split,
                "party_a": a["party"], "party_b": b["party"],
                "speaker_a": a["speaker"], "speaker_b": b["speaker"], "id_a": f"{event}:{a['id']}",
                "id_b": f"{event}:{b['id']}", "reason": p["reason"], "annotator": story["annotator"],
                "source": "basil_story", "subset": "story", "selection": story.get("selection", "hand-picked"),
            })
    return out


def minimal_pairs(shared: Path = SHARED, path: Path = MINIMAL_FILE) -> list[dict]:
    """Training pairs from the minimal-pair file: a real statement against an annotator's sentence
    in another side's voice: ``incompatible`` is a clash, ``compatible`` and ``different_aspect`` not."""
    texts, banned = articles(shared), held_out(shared)
    out = []
    for story in read_stories(path):
        event = story["event"]
        if event in banned or split_of("basil", event) == "dev":
            raise ValueError(f"{path}: story {event} is held out or a dev story; minimal pairs are training data only.")
        statements = _statement_texts(story, texts, path)
        for m in story["items"]:
            a = statements[m["statement"]]
            for kind in ("incompatible", "compatible", "different_aspect"):
                out.append({"text_a": a["text"], "text_b": m[kind], "label": int(kind == "incompatible"),
                            "kind": kind, "story": event, "group": event, "split": "train",
                            "source": "basil_minimal", "annotator": story["annotator"]})
    return out


def import_extracted(folder: Path, annotators: dict[str, str], shared: Path = SHARED,
                     path: Path = EXTRACTED_FILE, minimal_path: Path = MINIMAL_FILE) -> dict:
    """Turn the annotators' story folders (``statements.json`` from `extract_statements`, their
    ``sides.json``, ``pairs_todo.jsonl``, ``labels.jsonl`` and ``minimal.jsonl``) into offset files.

    Each statement's text must still sit at its offsets; labels must cover the todo pairs exactly.
    Minimal pairs of calib or dev stories are left out (training data only).
    """
    texts, banned = articles(shared), held_out(shared)
    folders = sorted(d for d in folder.iterdir() if (d / "labels.jsonl").is_file())
    extra = extra_calib_stories([e for e, _ in texts if e not in banned and split_of("basil", e) == "train"
                                 and e not in {s["event"] for s in read_stories(LABELS_FILE)}])
    counts = collections.Counter()
    lines, minimal = [], []
    for d in folders:
        event = d.name
        if event in banned:
            raise ValueError(f"{d}: {event} is a held-out BASIL event.")
        found = json.loads((d / "statements.json").read_text(encoding="utf-8"))
        sides = json.loads((d / "sides.json").read_text(encoding="utf-8"))
        todo = [json.loads(x) for x in (d / "pairs_todo.jsonl").read_text(encoding="utf-8").splitlines() if x.strip()] \
            if (d / "pairs_todo.jsonl").is_file() else []
        labels = [json.loads(x) for x in (d / "labels.jsonl").read_text(encoding="utf-8").splitlines() if x.strip()]
        if {(p["a"], p["b"]) for p in labels} != {(p["a"], p["b"]) for p in todo} or len(labels) != len(todo):
            raise ValueError(f"{d}: labels.jsonl expected the {len(todo)} pairs of pairs_todo.jsonl once each, "
                             f"got {len(labels)}.")
        statements = []
        for s in found:
            if texts[(event, s["outlet"])][s["start"]:s["end"]] != s["text"]:
                raise ValueError(f"{d}: statement {s['id']} is not at its offsets in {s['outlet']}.")
            side = sides["statements"][s["id"]]
            if "drop" not in side:
                statements.append({"id": s["id"], "outlet": s["outlet"], "start": s["start"], "end": s["end"],
                                   "sha1": _digest(s["text"]), "speaker": side["speaker"], "party": side["party"]})
        used = {x for p in labels for x in (p["a"], p["b"])}
        split = story_split(event, extra)
        counts[f"{split}_stories"] += 1
        counts["found"] += len(found)
        counts["kept"] += len(statements)
        if labels:
            lines.append({
                "event": event, "annotator": annotators[event], "split": split, "selection": "extracted",
                "found": len(found), "kept": len(statements), "parties": sides["parties"],
                "statements": [s for s in statements if s["id"] in used],
                "pairs": [{"a": p["a"], "b": p["b"], "label": int(p["label"]), "clear": bool(p["clear"]),
                           "reason": p["reason"]} for p in labels],
            })
            counts[f"{split}_pairs"] += len(labels)
            counts[f"{split}_clashes"] += sum(int(p["label"]) for p in labels)
        items = []
        if split == "train" and (d / "minimal.jsonl").is_file():
            items = [json.loads(x) for x in (d / "minimal.jsonl").read_text(encoding="utf-8").splitlines()
                     if x.strip()]
        if items:
            ids = {m["statement"] for m in items}
            minimal.append({"event": event, "annotator": annotators[event],
                            "statements": [s for s in statements if s["id"] in ids],
                            "items": [{k: m[k] for k in ("statement", "side", "incompatible", "compatible",
                                                         "different_aspect")} for m in items]})
            counts["minimal_items"] += len(items)
    for target, rows in ((path, lines), (minimal_path, minimal)):
        with open(target, "w", encoding="utf-8") as f:
            for line in rows:
                f.write(json.dumps(line, ensure_ascii=False) + "\n")
    return dict(counts)


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


def import_second_opinion(folder: Path, annotators: dict[str, str], path: Path = SECOND_OPINION_FILE) -> dict:
    """Store the second annotator's ``labels.jsonl`` of each story folder under ``folder``."""
    lines = []
    for d in sorted(x for x in folder.iterdir() if (x / "labels.jsonl").is_file()):
        labels = [json.loads(x) for x in (d / "labels.jsonl").read_text(encoding="utf-8").splitlines() if x.strip()]
        lines.append({"event": d.name, "annotator": annotators[d.name],
                      "pairs": [{"a": p["a"], "b": p["b"], "label": int(p["label"]), "clear": bool(p["clear"]),
                                 "reason": p["reason"]} for p in labels]})
    with open(path, "w", encoding="utf-8") as f:
        for line in lines:
            f.write(json.dumps(line, ensure_ascii=False) + "\n")
    return {"stories": len(lines), "pairs": sum(len(x["pairs"]) for x in lines)}


def agreement(first: Path = EXTRACTED_FILE, second: Path = SECOND_OPINION_FILE) -> dict:
    """Agreement of the second opinion with the first labels on the pairs both labeled: raw share,
    Cohen's kappa, clashes each found, and the same on the pairs both marked clear."""
    from sklearn.metrics import cohen_kappa_score

    firsts = {(s["event"], p["a"], p["b"]): p for s in read_stories(first) for p in s["pairs"]}
    both = [(firsts[(s["event"], p["a"], p["b"])], p) for s in read_stories(second) for p in s["pairs"]
            if (s["event"], p["a"], p["b"]) in firsts]

    def stats(items: list) -> dict:
        y1, y2 = [a["label"] for a, _ in items], [b["label"] for _, b in items]
        return {"pairs": len(items), "agreement": sum(a == b for a, b in zip(y1, y2)) / len(items),
                "kappa": float(cohen_kappa_score(y1, y2)), "clashes_first": sum(y1), "clashes_second": sum(y2),
                "clashes_both": sum(a == b == 1 for a, b in zip(y1, y2))}

    return {"all": stats(both), "both_clear": stats([x for x in both if x[0]["clear"] and x[1]["clear"]]),
            "stories": len({s["event"] for s in read_stories(second)})}


def build(out: Path, shared: Path = SHARED, *, extra_calib: bool = True) -> dict[str, int]:
    """Write ``story_train.jsonl``, ``story_calib.jsonl``, ``story_dev.jsonl`` (framing-pair columns,
    hand-picked and extracted stories together) and ``story_minimal.jsonl`` under ``out``."""
    rows = pairs(shared, extra_calib=extra_calib) + (
        pairs(shared, EXTRACTED_FILE, extra_calib=extra_calib) if EXTRACTED_FILE.is_file() else [])
    files = {split: [r for r in rows if r["split"] == split] for split in ("train", "calib", "dev")}
    files["minimal"] = minimal_pairs(shared) if MINIMAL_FILE.is_file() else []
    out.mkdir(parents=True, exist_ok=True)
    counts = {}
    for name, chosen in files.items():
        with open(out / f"story_{name}.jsonl", "w", encoding="utf-8") as f:
            for r in chosen:
                f.write(json.dumps(r, ensure_ascii=False) + "\n")
        counts[name] = len(chosen)
    return counts


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=SHARED)
    ap.add_argument("--out", type=Path, default=Path("runs/framing"))
    ap.add_argument("--import-from", type=Path, default=None, help="annotators' folder to import first")
    ap.add_argument("--import-extracted", type=Path, default=None, metavar="FOLDER",
                    help="annotators' story folders (extracted statements) to import first; needs --annotators")
    ap.add_argument("--annotators", type=Path, default=None, help="JSON {story: annotator name}")
    ap.add_argument("--import-second-opinion", type=Path, default=None, metavar="FOLDER",
                    help="a second annotator's story folders to import; needs --second-annotators")
    ap.add_argument("--second-annotators", type=Path, default=None, help="JSON {story: annotator name}")
    ap.add_argument("--agreement", action="store_true", help="print the second opinion's agreement")
    ap.add_argument("--calib-share-only", action="store_true",
                    help="only BASIL's calib share fits the calibrator; the extra calib stories train")
    args = ap.parse_args()
    if args.import_second_opinion is not None:
        names = json.loads(args.second_annotators.read_text(encoding="utf-8"))
        print("imported second opinion:", import_second_opinion(args.import_second_opinion, names))
    if args.agreement:
        print("agreement:", json.dumps(agreement(), indent=1))
    if args.import_from is not None:
        print("imported:", import_annotations(args.import_from, args.shared))
    if args.import_extracted is not None:
        names = json.loads(args.annotators.read_text(encoding="utf-8"))
        print("imported:", import_extracted(args.import_extracted, names, args.shared))
    print("wrote:", build(args.out, args.shared, extra_calib=not args.calib_share_only))


if __name__ == "__main__":
    main()

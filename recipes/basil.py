"""BASIL (``../shared/data/framing/basil``): outlets framing the same event, as sentence pairs.

BASIL annotates, in Fox / HuffPost / NYT articles on 100 events, spans that frame a
target entity positively or negatively. We lift each span to its sentence and pair
sentences *of one event*:

- same target, opposite polarity -> contradictory framing (one frames the target
  positively, the other negatively: the clash the seed shows);
- different targets -> unrelated aspects of one story (not a clash; the seed's
  hardest negatives are of this kind);
- same target, same polarity -> compatible framing.

The event (``triplet-uuid``) is the split group, so no event is in two splits.
"""

from __future__ import annotations

import collections
import itertools
import json
import random
import zipfile
from pathlib import Path

OPPOSITE, OTHER_TARGET, SAME_POLARITY = "opposite", "other_target", "same_polarity"


def events(root: Path) -> dict[str, list[dict]]:
    """``{event: [{sentence, target, polarity, outlet}]}``, one item per (sentence, target)."""
    z = zipfile.ZipFile(root / "framing/basil/basil_articles_annotations.zip")
    names = set(z.namelist())
    out: dict[str, dict[tuple, dict]] = collections.defaultdict(dict)
    for name in sorted(n for n in names if n.startswith("annotations/") and n.endswith("_ann.json")):
        article_name = name.replace("annotations/", "articles/").replace("_ann.json", ".json")
        if article_name not in names:
            continue
        ann, art = json.loads(z.read(name)), json.loads(z.read(article_name))
        sentences = [s for para in art["body-paragraphs"] for s in para]
        event = art["triplet-uuid"]
        for span in ann["phrase-level-annotations"]:
            if span["polarity"] not in ("pos", "neg") or not span["target"]:
                continue
            sentence = _sentence_of(span, sentences)
            if sentence is None:
                continue
            key = (sentence, span["target"])
            # A sentence framing one target both ways is ambiguous: drop it.
            if key in out[event] and out[event][key]["polarity"] != span["polarity"]:
                out[event][key]["polarity"] = None
                continue
            out[event][key] = {"sentence": sentence, "target": span["target"], "polarity": span["polarity"],
                               "outlet": art["source"]}
    return {e: [i for i in items.values() if i["polarity"]] for e, items in sorted(out.items())}


def _sentence_of(span: dict, sentences: list[str]) -> str | None:
    """The sentence that holds the span at its offsets (offsets are within a sentence)."""
    start, end, text = int(span["start"]), int(span["end"]), span["txt"]
    for s in sentences:
        if s[start:end] == text:
            return s
    found = [s for s in sentences if text and text in s]
    return found[0] if len(found) == 1 else None


def pairs(items: list[dict], rng: random.Random, cap: int) -> list[tuple[str, str, str]]:
    """``(sentence_a, sentence_b, kind)`` for one event, at most ``cap`` of each kind."""
    by_kind = collections.defaultdict(list)
    for a, b in itertools.combinations(items, 2):
        if a["sentence"] == b["sentence"]:
            continue
        if a["target"] != b["target"]:
            kind = OTHER_TARGET
        elif a["polarity"] != b["polarity"]:
            kind = OPPOSITE
        else:
            kind = SAME_POLARITY
        by_kind[kind].append((a["sentence"], b["sentence"]) if rng.random() < 0.5 else (b["sentence"], a["sentence"]))
    out = []
    for kind in (OPPOSITE, OTHER_TARGET, SAME_POLARITY):
        chosen = by_kind[kind] if len(by_kind[kind]) <= cap else rng.sample(by_kind[kind], cap)
        out.extend((a, b, kind) for a, b in chosen)
    return out

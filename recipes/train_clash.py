"""Train the scorer on the clash itself: the three-way head learns "clash" as contradiction and "no
clash" as entailment-or-neutral, from pairs shaped like the job.

    .venv/bin/python -m recipes.build_nli_data && .venv/bin/python -m recipes.build_nli_data --stage3 3000
    .venv/bin/python -m recipes.build_framing_pairs --train && .venv/bin/python -m recipes.story_pairs
    nohup .venv/bin/python -m recipes.train_clash --out runs/clash/all > runs/clash_all.log 2>&1 &

Starts from the shipped stage-3 weights (``models/framing-minilm-nli``, or ``--init``) and trains one
pass (:func:`framing.finetune`, partial labels; run the same command again to resume) on:

- **story** pairs: cross-party pairs inside the *train* stories of :mod:`recipes.story_pairs`, both
  directions (clash / no clash); ``--story-pairs N`` keeps whole stories, in a fixed order, up to N
  pairs (the learning curve);
- **minimal** pairs: a real statement against an annotator's sentence in another side's voice
  (incompatible = clash; compatible and different-aspect = no clash), both directions;
- **stance** pairs: the train share of :mod:`recipes.build_framing_pairs` (opposite stance on one
  claim = clash; same stance or unrelated = no clash), one direction, ``--stance N`` of them;
- an **NLI replay**: ``--replay N`` rows of stage 3 (multi-genre MultiNLI and stage-1 NLI / stance),
  three-way labels, so that the head still reads entailment and neutral.

``--without SOURCE`` drops a source (the ablation). Every source is public data whose terms allow
training the shipped weights (``../shared/README.md``); BASIL states no licence and is named in the
model card. Nothing from the dev stories, the held-out BASIL events or the seed is read.
Then ``python -m recipes.clash_eval runs/clash/all`` prints the dev figures.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
RUNS = ROOT / "runs"
SOURCES = ("story", "minimal", "stance", "replay")
SEED = 29


def _read(path: Path) -> list[dict]:
    if not path.is_file():
        raise FileNotFoundError(f"{path} expected; build it first (see python -m recipes.train_clash --help).")
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]


def _both_ways(rows: list[dict], source: str, one_way: bool = False) -> list[dict]:
    """Each pair in both orders, or (``one_way``: half the steps, for a slow base) in one order picked
    by a hash of the pair, so that the model still sees both orders across pairs."""
    out = []
    for r in rows:
        label = "clash" if int(r["label"]) == 1 else "no_clash"
        forward = {"premise": r["text_a"], "hypothesis": r["text_b"], "label": label, "source": source}
        backward = {"premise": r["text_b"], "hypothesis": r["text_a"], "label": label, "source": source}
        if not one_way:
            out += [forward, backward]
        else:
            flip = hashlib.sha1((r["text_a"] + "\x00" + r["text_b"]).encode()).digest()[0] % 2
            out.append(backward if flip else forward)
    return out


def story_subset(rows: list[dict], limit: int | None) -> list[dict]:
    """Whole stories in a fixed (hashed) order until ``limit`` pairs; all rows when ``limit`` is None."""
    if limit is None:
        return rows
    order = sorted({r["story"] for r in rows}, key=lambda s: hashlib.sha1(s.encode()).hexdigest())
    chosen, total = set(), 0
    for story in order:
        if total >= limit:
            break
        chosen.add(story)
        total += sum(r["story"] == story for r in rows)
    return [r for r in rows if r["story"] in chosen]


def training_rows(runs: Path = RUNS, *, stories: Path | None = None, story_pairs: int | None = None,
                  n_stance: int = 6000, n_replay: int = 4000, without: tuple[str, ...] = (),
                  one_way: bool = False) -> pd.DataFrame:
    """The training table (premise, hypothesis, label, source), shuffled with a fixed seed."""
    rng = random.Random(SEED)
    rows: list[dict] = []
    stories = stories or runs / "framing"
    if "story" not in without:
        rows += _both_ways(story_subset(_read(stories / "story_train.jsonl"), story_pairs), "story", one_way)
    if "minimal" not in without:
        rows += _both_ways(_read(stories / "story_minimal.jsonl"), "minimal", one_way)
    if "stance" not in without:
        stance = _read(runs / "framing" / "train.jsonl")
        for r in rng.sample(stance, min(n_stance, len(stance))):
            rows.append({"premise": r["text_a"], "hypothesis": r["text_b"],
                         "label": "clash" if int(r["label"]) == 1 else "no_clash", "source": f"stance:{r['source']}"})
    if "replay" not in without:
        # BASIL's automatic target-polarity rows are left out: the story labels say it better.
        replay = [r for r in _read(runs / "data" / "stage3.jsonl") if not r["source"].startswith("basil")]
        for r in rng.sample(replay, min(n_replay, len(replay))):
            rows.append({"premise": r["premise"], "hypothesis": r["hypothesis"], "label": r["label"],
                         "source": f"replay:{r['source']}"})
    rng.shuffle(rows)
    return pd.DataFrame(rows)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--init", type=Path, default=ROOT / "models" / "framing-minilm-nli")
    ap.add_argument("--stories", type=Path, default=None,
                    help="folder of recipes.story_pairs' files (default runs/framing)")
    ap.add_argument("--story-pairs", type=int, default=None, help="whole train stories up to this many pairs")
    ap.add_argument("--stance", type=int, default=6000)
    ap.add_argument("--replay", type=int, default=4000)
    ap.add_argument("--without", action="append", choices=SOURCES, default=[])
    ap.add_argument("--one-way", action="store_true", help="story and minimal pairs in one order each, not both")
    ap.add_argument("--epochs", type=float, default=1.0)
    ap.add_argument("--lr", type=float, default=2e-5)
    ap.add_argument("--batch-size", type=int, default=16)
    ap.add_argument("--max-length", type=int, default=160)
    ap.add_argument("--lora-rank", type=int, default=None, help="a low-rank adapter of this rank, not all weights")
    args = ap.parse_args()

    import logging

    from framing.training import finetune

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    table = training_rows(stories=args.stories, story_pairs=args.story_pairs, n_stance=args.stance,
                          n_replay=args.replay, without=tuple(args.without), one_way=args.one_way)
    counts = table.groupby(["source", "label"]).size()
    print(f"{len(table)} training rows\n{counts.to_string()}", flush=True)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "data_counts.json").write_text(
        json.dumps({f"{s}|{label}": int(n) for (s, label), n in counts.items()}, indent=1) + "\n")
    finetune(table[["premise", "hypothesis", "label", "source"]], base=args.init, output_dir=args.out,
             epochs=args.epochs, learning_rate=args.lr, batch_size=args.batch_size, max_length=args.max_length,
             bf16=False, save_steps=300, lora_rank=args.lora_rank,
             card_notes="Clash training (recipes/train_clash.py): story, minimal, stance and NLI-replay pairs.")
    print("wrote", args.out, flush=True)


if __name__ == "__main__":
    main()

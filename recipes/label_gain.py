"""What a few labels teach: ROC-AUC and top-10 precision on held-out stories after 25, 50 and 100
labels from other stories, picked by `framing.label_queue` or at random.

    python -m recipes.label_gain [--repeats 5]

Data: the story-shaped labeled set (`recipes.story_pairs`: ``runs/framing/story_calib.jsonl`` to pick
labels from, ``story_dev.jsonl`` to measure on; no story is in both). The user is simulated as
starting from the embedded NLI model *without* its story calibrator (raw mean contradiction
probability), labeling pairs of their own corpus and calling `Detector.calibrate` on them
(features ``pair``, sigmoid, 3 folds). The queue (both strategies) works on that raw score, its
median taken as the threshold. Random picks are repeated ``--repeats`` times (median and range printed); the
queue is deterministic. `measure` is the same measurement as a function (used by
``notebooks/03_your_corpus.ipynb``). The shipped calibrator, fitted on all 1,172 calib pairs, is printed for
reference. Top-10 precision: share of clashes among each dev story's 10 highest-scored pairs,
averaged over stories.
"""

from __future__ import annotations

import argparse
import json
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
RUNS = ROOT / "runs" / "framing"


def read(name: str) -> pd.DataFrame:
    path = RUNS / name
    if not path.is_file():
        raise FileNotFoundError(f"{path} expected, got nothing: build it with python -m recipes.story_pairs")
    return pd.DataFrame([json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()])


def figures(dev: pd.DataFrame, p: np.ndarray) -> tuple[float, float]:
    from sklearn.metrics import roc_auc_score

    top = [g.assign(p=p[g.index]).nlargest(10, "p")["label"].mean() for _, g in dev.groupby("story")]
    return float(roc_auc_score(dev["label"], p)), float(np.mean(top))


def measure(det, calib: pd.DataFrame, dev: pd.DataFrame, sizes=(25, 50, 100), repeats: int = 5) -> pd.DataFrame:
    """Rows of ``labels``, ``picked_by``, ``roc_auc``, ``top10_precision`` (and ``clashes`` picked):
    the detector without its calibrator, then after ``k`` labels from ``calib`` for each size and
    way of picking (figures NaN where a queue holds fewer than 3 of a class: 3 folds cannot fit);
    ``det``'s calibrator is put back at the end."""
    from framing.labeling import label_queue

    dev = dev.reset_index(drop=True)
    calib = calib.reset_index(drop=True)
    shipped, rows = det.calibrator, []
    try:
        if shipped is not None:
            auc, top = figures(dev, det.score_pairs(dev.text_a, dev.text_b)["p_contradiction"].to_numpy())
            rows.append({"labels": len(calib), "picked_by": "all (the attached calibrator)", "roc_auc": auc,
                         "top10_precision": top})
        det.calibrator = None
        auc, top = figures(dev, det.score_pairs(dev.text_a, dev.text_b)["p_contradiction"].to_numpy())
        rows.append({"labels": 0, "picked_by": "none (raw NLI score)", "roc_auc": auc, "top10_precision": top})
        pool = calib.rename(columns={"label": "gold"})
        pool["p_contradiction"] = det.score_pairs(pool.text_a, pool.text_b)["p_contradiction"].to_numpy()
        threshold = float(np.median(pool["p_contradiction"]))

        def after(picked: pd.DataFrame, how: str, k: int) -> None:
            clashes = int(picked.gold.sum())
            if min(clashes, k - clashes) < 3:  # 3 folds need 3 of each class: no calibrator, say so
                rows.append({"labels": k, "picked_by": how, "roc_auc": np.nan, "top10_precision": np.nan,
                             "clashes": clashes})
                return
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # the few-labels warning is the point here
                det.calibrate(picked.text_a.tolist(), picked.text_b.tolist(), picked.gold.tolist(), features="pair",
                              method="sigmoid", cv=3)
            auc, top = figures(dev, det.score_pairs(dev.text_a, dev.text_b)["p_contradiction"].to_numpy())
            det.calibrator = None
            rows.append({"labels": k, "picked_by": how, "roc_auc": auc, "top10_precision": top, "clashes": clashes})

        for k in sizes:
            for strategy in ("spread", "uncertain"):
                queue = label_queue(pool, n=k, threshold=threshold, strategy=strategy)
                queued = queue[["id_a", "id_b"]].merge(pool, on=["id_a", "id_b"], how="left")
                after(queued, f"label_queue {strategy}", k)
            for seed in range(repeats):
                picked = pool.sample(n=k, random_state=seed)
                if min(picked.gold.sum(), k - picked.gold.sum()) >= 3:  # 3 folds need 3 of each class
                    after(picked, f"random (seed {seed})", k)
    finally:
        det.calibrator = shipped
    return pd.DataFrame(rows)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--sizes", type=int, nargs="+", default=[25, 50, 100])
    args = ap.parse_args()
    import framing

    calib, dev = read("story_calib.jsonl"), read("story_dev.jsonl")
    print(f"calib {len(calib)} pairs / {calib.story.nunique()} stories; dev {len(dev)} pairs / "
          f"{dev.story.nunique()} stories, {int(dev.label.sum())} clashes")
    table = measure(framing.load(), calib, dev, sizes=args.sizes, repeats=args.repeats)
    table["way"] = table["picked_by"].str.replace(r" \(seed \d+\)", "", regex=True)
    summary = table.groupby(["labels", "way"], sort=False).agg(
        runs=("roc_auc", "size"), roc_auc=("roc_auc", "median"), roc_auc_min=("roc_auc", "min"),
        roc_auc_max=("roc_auc", "max"), top10_precision=("top10_precision", "median"))
    print(summary.round(3).to_string())


if __name__ == "__main__":
    main()

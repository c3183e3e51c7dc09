"""What a few labels teach: ROC-AUC and top-10 precision on held-out stories after 25, 50 and 100
labels from other stories, picked by `framing.label_queue` or at random.

    python -m recipes.label_gain [--repeats 5]

Data: the story-shaped labeled set (`recipes.story_pairs`: ``runs/framing/story_calib.jsonl`` to pick
labels from, ``story_dev.jsonl`` to measure on; no story is in both). The user is simulated as
starting from the embedded NLI model *without* its story calibrator (raw mean contradiction
probability), labeling pairs of their own corpus and calling `Detector.calibrate` on them
(features ``pair``, sigmoid, 3 folds). The queue (both strategies) works on that raw score, its
median taken as the threshold. Random picks are repeated ``--repeats`` times (median and range printed); the
queue is deterministic. The shipped calibrator, fitted on all 1,172 calib pairs, is printed for
reference. Top-10 precision: share of clashes among each dev story's 10 highest-scored pairs,
averaged over stories.
"""

from __future__ import annotations

import argparse
import json
import statistics
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


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--sizes", type=int, nargs="+", default=[25, 50, 100])
    args = ap.parse_args()
    import framing
    from framing.labeling import label_queue

    calib, dev = read("story_calib.jsonl"), read("story_dev.jsonl").reset_index(drop=True)
    det = framing.load()
    shipped = det.calibrator
    print(f"calib {len(calib)} pairs / {calib.story.nunique()} stories; dev {len(dev)} pairs / "
          f"{dev.story.nunique()} stories, {int(dev.label.sum())} clashes")
    auc, top = figures(dev, det.score_pairs(dev.text_a, dev.text_b)["p_contradiction"].to_numpy())
    print(f"{'shipped calibrator (1,172 labels)':36} ROC-AUC {auc:.3f}  top-10 precision {top:.3f}")
    det.calibrator = None
    raw_dev = det.score_pairs(dev.text_a, dev.text_b)["p_contradiction"].to_numpy()
    auc, top = figures(dev, raw_dev)
    print(f"{'before: no calibrator (0 labels)':36} ROC-AUC {auc:.3f}  top-10 precision {top:.3f}")
    pool = calib.assign(p_contradiction=det.score_pairs(calib.text_a, calib.text_b)["p_contradiction"].to_numpy())
    pool = pool.drop(columns=["label"]).join(calib["label"].rename("gold"))
    threshold = float(np.median(pool["p_contradiction"]))

    def after(rows: pd.DataFrame) -> tuple[float, float]:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # the few-labels warning is the point here
            det.calibrate(rows.text_a.tolist(), rows.text_b.tolist(), rows.gold.tolist(), features="pair",
                          method="sigmoid", cv=3)
        result = figures(dev, det.score_pairs(dev.text_a, dev.text_b)["p_contradiction"].to_numpy())
        det.calibrator = None
        return result

    for k in args.sizes:
        for strategy in ("spread", "uncertain"):
            queue = label_queue(pool, n=k, threshold=threshold, strategy=strategy)
            picked = queue[["id_a", "id_b"]].merge(pool, on=["id_a", "id_b"], how="left")
            auc, top = after(picked)
            print(f"{f'after {k} labels, queue {strategy}':36} ROC-AUC {auc:.3f}  top-10 precision {top:.3f}  "
                  f"({int(picked.gold.sum())} clashes)")
        runs = []
        for seed in range(args.repeats):
            rows = pool.sample(n=k, random_state=seed)
            if rows.gold.nunique() < 2 or min(rows.gold.sum(), k - rows.gold.sum()) < 3:
                continue  # a draw with too few of a class cannot be fitted with 3 folds
            runs.append(after(rows))
        aucs, tops = [r[0] for r in runs], [r[1] for r in runs]
        print(f"{f'after {k} labels, random (x{len(runs)})':36} ROC-AUC {statistics.median(aucs):.3f} "
              f"[{min(aucs):.3f}, {max(aucs):.3f}]  top-10 precision {statistics.median(tops):.3f} "
              f"[{min(tops):.3f}, {max(tops):.3f}]")
    det.calibrator = shipped


if __name__ == "__main__":
    main()

"""What fine-tuning on many clash labels buys: the embedded model fine-tuned on the story-shaped
calib labels (`framing.finetune` on a labeled queue), measured on the held-out dev stories.

    python -m recipes.finetune_gain [--epochs 1] [--out runs/finetune_gain]

Data as in `recipes.label_gain`: ``runs/framing/story_calib.jsonl`` (1,172 labels) to train on,
``story_dev.jsonl`` (other stories) to measure on. Printed: ROC-AUC and top-10 precision of the raw
score (mean contradiction of both directions) and of a pair calibrator fitted on the calib labels,
before and after fine-tuning. The weights go to ``--out`` (outside git), never to ``models/``: the
labels come from BASIL, whose licence is not stated, so they serve measurement only.
"""

from __future__ import annotations

import argparse
import time
import warnings
from pathlib import Path

import pandas as pd

from recipes.label_gain import figures, read


def scores(det, dev: pd.DataFrame, calib: pd.DataFrame) -> list[dict]:
    """Dev figures of ``det``'s raw score, then with a pair calibrator fitted on ``calib``."""
    det.calibrator = None
    raw = figures(dev, det.score_pairs(dev.text_a, dev.text_b)["p_contradiction"].to_numpy())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        det.calibrate(calib.text_a.tolist(), calib.text_b.tolist(), calib.label.tolist(), features="pair",
                      method="sigmoid", groups=calib.story.tolist())
    calibrated = figures(dev, det.score_pairs(dev.text_a, dev.text_b)["p_contradiction"].to_numpy())
    return [{"score": "raw NLI", "roc_auc": raw[0], "top10_precision": raw[1]},
            {"score": "pair calibrator on calib", "roc_auc": calibrated[0], "top10_precision": calibrated[1]}]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--epochs", type=float, default=1.0)
    ap.add_argument("--learning-rate", type=float, default=2e-5)
    ap.add_argument("--out", type=Path, default=Path("runs/finetune_gain"))
    args = ap.parse_args()
    import framing
    from framing.defaults import DEFAULT_MODEL_PATH

    calib, dev = read("story_calib.jsonl"), read("story_dev.jsonl")
    print(f"train on calib {len(calib)} labels ({int(calib.label.sum())} clashes, {calib.story.nunique()} stories); "
          f"measure on dev {len(dev)} pairs ({int(dev.label.sum())} clashes, {dev.story.nunique()} stories)")
    rows = [{"model": "embedded", **row} for row in scores(framing.load(), dev, calib)]
    started = time.time()
    tuned = framing.finetune(calib[["text_a", "text_b", "label"]], base=DEFAULT_MODEL_PATH, output_dir=args.out,
                             epochs=args.epochs, learning_rate=args.learning_rate, batch_size=16, bf16=False,
                             save_steps=100_000)
    minutes = (time.time() - started) / 60
    rows += [{"model": f"fine-tuned ({args.epochs:g} epoch, {minutes:.1f} min)", **row}
             for row in scores(tuned, dev, calib)]
    print(pd.DataFrame(rows).round(3).to_string(index=False))


if __name__ == "__main__":
    main()

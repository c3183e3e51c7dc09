"""Fit the default model's calibrator on the story-shaped calibration split and measure it.

    .venv/bin/python -m recipes.calibrate_default

Fits :meth:`framing.Detector.calibrate` on ``runs/framing/story_calib.jsonl`` (hand-labeled
cross-party pairs inside BASIL stories, :mod:`recipes.story_pairs`): feature set and method
chosen by cross-validated log-loss with folds that keep each story whole, threshold for max
out-of-fold F1. Then it reports, for the calibrator it replaces ("before") and the new one
("after"): the story-shaped **dev** split (all pairs and the clearly labeled ones), the stance
framing **dev** split (``recipes.build_framing_pairs``: opposite stances on one claim, pooled
and per subset), the seed article's hand-labeled pairs, and the largest change of a score when
the two texts of a pair are swapped. Figures go to ``metrics.json`` and the model card.
Missing pair files are built from ``../shared/data`` first.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np
import pandas as pd

from recipes.model_card import render_card

KEYS = ("n", "positives", "roc_auc", "average_precision", "f1", "precision", "recall", "brier", "ece_15")


def _table(rows: dict[str, dict]) -> str:
    out = ["| set | " + " | ".join(KEYS) + " |", "|" + "---|" * (len(KEYS) + 1)]
    for name, r in rows.items():
        cells = (f"{r[k]:.3f}" if isinstance(r[k], float) else str(r[k]) for k in KEYS)
        out.append(f"| {name} | " + " | ".join(cells) + " |")
    return "\n".join(out)


def _threshold_words(fit: dict) -> str:
    """How the threshold was chosen, in words (the F1-optimal one named when it is not the one used)."""
    stats = fit.get("threshold_stats") or {}
    if "f1_threshold" in stats:
        return (f"flag when the calibrated probability is at least {fit['threshold']:.1f}: a flagged pair is more "
                f"likely a clash than not; the out-of-fold F1-optimal threshold would be {stats['f1_threshold']:.3f}")
    return "max out-of-fold F1"


def seed_orderings(y: np.ndarray, p: np.ndarray) -> tuple[int, int]:
    """(clash-above-non-clash orderings right, all such orderings) on the seed's labeled pairs."""
    clash, calm = p[y == 1], p[y == 0]
    return int((clash[:, None] > calm[None, :]).sum()), clash.size * calm.size


def measure(det, sets: dict[str, pd.DataFrame]) -> dict:
    """Reports of ``det`` on every set (with ``subset`` / ``clear`` breakdowns) and the seed."""
    from framing.metrics import calibration_report

    thr = float(det.calibrator.threshold_)
    rows, swap = {}, 0.0
    for name, df in sets.items():
        y = df["label"].to_numpy()
        p = det.score_pairs(list(df["text_a"]), list(df["text_b"]))["p_contradiction"].to_numpy()
        swapped = det.score_pairs(list(df["text_b"]), list(df["text_a"]))["p_contradiction"].to_numpy()
        swap = max(swap, float(np.abs(p - swapped).max()))
        rows[name] = calibration_report(y, p, thr)
        if "clear" in df:
            clear = df["clear"].to_numpy().astype(bool)
            rows[f"{name} (clear labels)"] = calibration_report(y[clear], p[clear], thr)
        if name != "seed" and "subset" in df and df["subset"].nunique() > 1:
            for subset, idx in df.groupby("subset").indices.items():
                rows[f"{name} {subset}"] = calibration_report(y[idx], p[idx], thr)
        if name == "seed":
            right, total = seed_orderings(y, p)
            rows[name]["orderings_right"], rows[name]["orderings"] = right, total
    return {"rows": rows, "max_swap_change": swap}


def main() -> None:
    ap = argparse.ArgumentParser(description="Calibrate the default model.")
    ap.add_argument("--model", type=Path, default=Path("models/framing-minilm-nli"))
    ap.add_argument("--pairs", type=Path, default=Path("runs/framing"))
    ap.add_argument("--before", type=Path, default=None,
                    help="a calibrator.json to report as 'before' (default: the model folder's own)")
    ap.add_argument("--features", default="auto",
                    help="a feature set of framing.features.FEATURE_SETS (default: auto, by cross-validated log-loss); "
                         "'contradiction' keeps the score monotone in the model's own contradiction probability")
    ap.add_argument("--with-stance", action="store_true",
                    help="fit on the stance calib pairs (runs/framing/calib.jsonl) beside the story calib pairs")
    args = ap.parse_args()

    from framing import Detector

    if not (args.pairs / "dev.jsonl").exists():
        from recipes.build_framing_pairs import build

        build(Path(__file__).resolve().parents[2] / "shared" / "data", args.pairs)
    if not (args.pairs / "story_dev.jsonl").exists():
        from recipes.story_pairs import build as build_story

        build_story(args.pairs)
    read = lambda name: pd.read_json(args.pairs / f"{name}.jsonl", lines=True)  # noqa: E731
    calib = read("story_calib")
    if args.with_stance:
        # The stance calib split too (claims and topics never trained on): one calibrator for both jobs.
        stance = read("calib")
        calib = pd.concat([calib, stance.assign(story=stance["group"])], ignore_index=True)
    sets = {"story dev": read("story_dev"), "stance dev": read("dev"),
            "seed": pd.read_json(Path("seeds/seed_pairs.jsonl"), lines=True)}

    det = Detector.from_pretrained(args.model, local_files_only=True)
    if args.before is not None:
        from framing.calibration import ContradictionCalibrator

        det.calibrator = ContradictionCalibrator.load(args.before)
    before = measure(det, sets) if det.calibrator is not None else None
    fit = det.calibrate(list(calib["text_a"]), list(calib["text_b"]), calib["label"].to_numpy(),
                        groups=calib["story"].to_numpy(), features=args.features)
    print("chosen:", fit["features"], fit["method"], "threshold", round(fit["threshold"], 4))
    print("cv log-loss:", json.dumps(fit["cv_log_loss"]))
    after = measure(det, sets)
    for label, result in (("before", before), ("after", after)):
        if result is None:
            continue
        print(f"== {label} (largest change when a pair's texts are swapped: {result['max_swap_change']:.4f})")
        for name, r in result["rows"].items():
            print(f"{name:30s} " + ", ".join(f"{k}={v:.4f}" if isinstance(v, float) else f"{k}={v}"
                                               for k, v in r.items()))

    det.calibrator.save(args.model / "calibrator.json")
    meta_path = args.model / "framing.json"
    meta = json.loads(meta_path.read_text())
    meta["calibrated"] = True
    meta_path.write_text(json.dumps(meta, indent=2) + "\n")

    seed = after["rows"]["seed"]
    markdown = "\n".join([
        f"Fitted with `python -m recipes.calibrate_default` on the **story-shaped calib** split ({len(calib)} "
        f"hand-labeled cross-party pairs from {calib['story'].nunique()} BASIL stories, {int(calib['label'].sum())} "
        "clashes; `recipes/story_pairs.py`, label rules in `docs/story_pairs.md`). Chosen by cross-validated "
        f"log-loss with folds that keep each story whole"
        + (f" among the methods of the feature set `{args.features}` (asked for)" if args.features != "auto" else "")
        + f": features `{fit['features']}`, method `{fit['method']}`; "
        f"decision threshold {fit['threshold']:.3f} ({_threshold_words(fit)}). The features are order-free: "
        f"swapping the two texts of a pair changes its score by at most {after['max_swap_change']:.1e}.",
        "", "Cross-validated log-loss of the candidates: "
        + ", ".join(f"{k} {v:.4f}" for k, v in fit["cv_log_loss"].items()) + ".",
        "", "Held out: the story-shaped **dev** stories (never fitted on), the stance framing **dev** split "
        "(`recipes/build_framing_pairs.py`) and the seed article's pairs:", "", _table(after["rows"]), "",
        f"Seed: {seed['orderings_right']} of {seed['orderings']} clash-above-non-clash orderings right.",
    ] + ([
        "", "The calibrator this one replaced, on the same sets:", "", _table(before["rows"]), "",
        f"(largest change when a pair's texts are swapped: {before['max_swap_change']:.3f}; seed orderings "
        f"{before['rows']['seed']['orderings_right']} of {before['rows']['seed']['orderings']}).",
    ] if before else []))
    metrics_path = args.model / "metrics.json"
    metrics = json.loads(metrics_path.read_text())
    metrics["calibration"] = {
        "fit": {k: v for k, v in fit.items()}, "after": after, "before": before,
        "seed": {**seed}, "markdown": markdown,
    }
    metrics_path.write_text(json.dumps(metrics, indent=1, default=float) + "\n")
    (args.model / "README.md").write_text(render_card(metrics))
    print("wrote", args.model / "calibrator.json")


if __name__ == "__main__":
    main()

"""Fit the default model's calibrator on the framing-pair calibration split and measure it.

    .venv/bin/python -m recipes.calibrate_default

Reads ``runs/framing/{calib,dev}.jsonl`` (built by :mod:`recipes.build_framing_pairs` from
``../shared/data`` if missing; groups disjoint from the model's training groups), fits
:meth:`framing.Detector.calibrate` on the calib split (features and method chosen by
cross-validated log-loss, threshold for max F1), writes ``calibrator.json`` next to the
model, and reports raw vs calibrated ROC-AUC, average precision, F1, Brier and 15-bin
ECE on the dev split, the news (headline vs body) recall at precision >= 0.5, and the
seed article's hand-labeled pairs. Figures go to ``metrics.json`` and the model card.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pandas as pd

from recipes.model_card import render_card

NEWS_HEADLINE_BODY = ("fnc1", "arc")


def _table(rows: dict[str, dict]) -> str:
    keys = ("n", "positives", "roc_auc", "average_precision", "f1", "precision", "recall", "brier", "ece_15")
    out = ["| split | " + " | ".join(keys) + " |", "|" + "---|" * (len(keys) + 1)]
    for name, r in rows.items():
        out.append(f"| {name} | " + " | ".join(f"{r[k]:.3f}" if isinstance(r[k], float) else str(r[k]) for k in keys) + " |")
    return "\n".join(out)


def main() -> None:
    ap = argparse.ArgumentParser(description="Calibrate the default model.")
    ap.add_argument("--model", type=Path, default=Path("models/framing-minilm-nli"))
    ap.add_argument("--pairs", type=Path, default=Path("runs/framing"))
    args = ap.parse_args()

    from framing import Detector
    from framing.metrics import calibration_report, recall_at_precision

    if not (args.pairs / "calib.jsonl").exists():
        from recipes.build_framing_pairs import build

        build(Path(__file__).resolve().parents[2] / "shared" / "data", args.pairs)
    calib = pd.read_json(args.pairs / "calib.jsonl", lines=True)
    dev = pd.read_json(args.pairs / "dev.jsonl", lines=True)
    seed = pd.read_json(Path("seeds/seed_pairs.jsonl"), lines=True)

    det = Detector.from_pretrained(args.model, local_files_only=True)
    det.calibrator = None
    fit = det.calibrate(list(calib["text_a"]), list(calib["text_b"]), calib["label"].to_numpy())
    print("chosen:", fit["features"], fit["method"], "threshold", round(fit["threshold"], 4))
    print("cv log-loss:", json.dumps(fit["cv_log_loss"]))

    scores = det.score_pairs(list(dev["text_a"]), list(dev["text_b"]))
    y = dev["label"].to_numpy()
    raw, cal = scores["p_contradiction_raw"].to_numpy(), scores["p_contradiction"].to_numpy()
    thr = fit["threshold"]
    rows = {"dev raw": calibration_report(y, raw, 0.5), "dev calibrated": calibration_report(y, cal, thr)}
    for subset, idx in dev.groupby("subset").indices.items():
        rows[f"dev {subset} calibrated"] = calibration_report(y[idx], cal[idx], thr)
    news = dev["source"].isin(NEWS_HEADLINE_BODY).to_numpy()
    news_recall = {"raw": recall_at_precision(y[news], raw[news], 0.5),
                   "calibrated": recall_at_precision(y[news], cal[news], 0.5)}
    per_source = {s: calibration_report(y[idx], cal[idx], thr)["roc_auc"] for s, idx in dev.groupby("source").indices.items()}

    seed_scores = det.score_pairs(list(seed["text_a"]), list(seed["text_b"]))
    seed_p = seed_scores["p_contradiction"].to_numpy()
    seed_y = seed["label"].to_numpy()
    lowest_clash, highest_other = float(seed_p[seed_y == 1].min()), float(seed_p[seed_y == 0].max())
    seed_report = calibration_report(seed_y, seed_p, thr)
    for name, r in rows.items():
        print(f"{name:28s} " + ", ".join(f"{k}={v:.4f}" for k, v in r.items() if isinstance(v, float)))
    print("news headline-body recall at precision>=0.5:", news_recall)
    print("dev ROC-AUC per source:", json.dumps({k: round(v, 4) for k, v in per_source.items()}))
    print(f"seed pairs: ROC-AUC {seed_report['roc_auc']:.4f}, lowest clash {lowest_clash:.4f}, highest non-clash {highest_other:.4f}")

    det.calibrator.save(args.model / "calibrator.json")
    meta_path = args.model / "framing.json"
    meta = json.loads(meta_path.read_text())
    meta["calibrated"] = True
    meta_path.write_text(json.dumps(meta, indent=2) + "\n")

    markdown = "\n".join([
        f"Fitted with `python -m recipes.calibrate_default` on the framing-pair **calib** split ({len(calib)} pairs, "
        f"{int(calib['label'].sum())} contradictory; stance groups disjoint from training, see `recipes/build_framing_pairs.py`). "
        f"Chosen by 5-fold cross-validated log-loss: features `{fit['features']}`, method `{fit['method']}`; "
        f"decision threshold {thr:.3f} (max out-of-fold F1).",
        "", "Cross-validated log-loss of the candidates: " + ", ".join(f"{k} {v:.4f}" for k, v in fit["cv_log_loss"].items()) + ".",
        "", f"Held-out **dev** split ({len(dev)} pairs, other claims / topics / article bodies):", "", _table(rows), "",
        f"News headline vs body (FNC-1 + ARC) dev pairs: recall of *disagree* at precision >= 0.5: "
        f"{news_recall['raw']:.3f} raw, {news_recall['calibrated']:.3f} calibrated.",
        "", "Dev ROC-AUC per source: " + ", ".join(f"{k} {v:.3f}" for k, v in per_source.items()) + ".",
        "", f"Seed article ({len(seed)} hand-labeled cross-party pairs, `seeds/seed_pairs.jsonl`): ROC-AUC "
        f"{seed_report['roc_auc']:.3f}; lowest clash {lowest_clash:.3f} vs highest non-clash {highest_other:.3f}.",
    ])
    metrics_path = args.model / "metrics.json"
    metrics = json.loads(metrics_path.read_text())
    metrics["calibration"] = {
        "fit": {k: v for k, v in fit.items()}, "dev": rows, "news_recall_at_p50": news_recall,
        "dev_roc_auc_per_source": per_source, "seed": {**seed_report, "lowest_clash": lowest_clash,
                                                        "highest_non_clash": highest_other},
        "markdown": markdown,
    }
    metrics_path.write_text(json.dumps(metrics, indent=1, default=float) + "\n")
    (args.model / "README.md").write_text(render_card(metrics))
    print("wrote", args.model / "calibrator.json")


if __name__ == "__main__":
    main()

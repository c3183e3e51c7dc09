"""The clash figures of a model on the development sets, raw and calibrated, in one table.

    python -m recipes.clash_eval [MODEL ...] [--out runs/clash_eval.json]

For each model folder (default: the embedded model) it scores, with the calibrator the folder
carries ("calibrated") and without it ("raw": the mean contradiction probability of both directions):

- **story dev**: cross-party pairs inside the dev stories (``runs/framing/story_dev.jsonl``,
  :mod:`recipes.story_pairs`): ROC-AUC on all pairs and on the clearly labeled ones, per selection
  (hand-picked statements / the statements `extract_statements` finds), the mean over stories of
  the share of clashes among each story's 5 highest-scored pairs, ECE (15 bins) and how many pairs
  each story flags at the model's decision threshold;
- **stance dev**: opposite stances on one claim (``runs/framing/dev.jsonl``), pooled and per source;
- **multi-genre NLI dev**: 3-way accuracy on the held-out MultiNLI dev-mismatched share
  (``runs/data/mnli_mm_dev.jsonl``, :mod:`recipes.build_nli_data` ``--stage3``);
- **seed**: clash-above-non-clash orderings on the seed's labeled pairs, and on its clearly
  labeled ones (``seeds/seed_pairs.jsonl``; a check, never a target).

Missing pair files are built from ``../shared/data`` first.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np
import pandas as pd

from recipes.calibrate_default import seed_orderings

ROOT = Path(__file__).resolve().parent.parent
RUNS = ROOT / "runs"
SHARED = ROOT.parent / "shared" / "data"


def _read(path: Path) -> pd.DataFrame:
    return pd.DataFrame([json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()])


def dev_sets(runs: Path = RUNS) -> dict[str, pd.DataFrame]:
    """The story dev, stance dev, multi-genre NLI dev and seed pairs, built where missing."""
    framing_dir, data_dir = runs / "framing", runs / "data"
    if not (framing_dir / "dev.jsonl").is_file():
        from recipes.build_framing_pairs import build

        build(SHARED, framing_dir)
    if not (framing_dir / "story_dev.jsonl").is_file():
        from recipes.story_pairs import build as build_story

        build_story(framing_dir)
    if not (data_dir / "mnli_mm_dev.jsonl").is_file():
        raise FileNotFoundError(f"{data_dir / 'mnli_mm_dev.jsonl'} expected: run python -m recipes.build_nli_data "
                                "and then python -m recipes.build_nli_data --stage3 3000")
    return {"story": _read(framing_dir / "story_dev.jsonl"), "stance": _read(framing_dir / "dev.jsonl"),
            "mnli": _read(data_dir / "mnli_mm_dev.jsonl"), "seed": _read(ROOT / "seeds" / "seed_pairs.jsonl")}


def top_k_precision(story: pd.Series, y: np.ndarray, p: np.ndarray, k: int = 5) -> float:
    """Mean over stories of the share of clashes among the story's ``k`` highest-scored pairs."""
    frame = pd.DataFrame({"story": story.to_numpy(), "y": y, "p": p})
    return float(np.mean([g.nlargest(k, "p")["y"].mean() for _, g in frame.groupby("story")]))


def story_figures(df: pd.DataFrame, p: np.ndarray, threshold: float) -> dict:
    """ROC-AUC (all, clear, per selection), top-5 precision, ECE and flagged pairs per story."""
    from sklearn.metrics import roc_auc_score

    from framing.metrics import expected_calibration_error

    y, clear = df["label"].to_numpy(), df["clear"].to_numpy().astype(bool)
    out = {"n": len(df), "clashes": int(y.sum()), "stories": int(df["story"].nunique()),
           "roc_auc": float(roc_auc_score(y, p)), "roc_auc_clear": float(roc_auc_score(y[clear], p[clear])),
           "top5_precision": top_k_precision(df["story"], y, p), "ece_15": expected_calibration_error(y, p),
           "flagged": int((p >= threshold).sum())}
    for selection, idx in df.groupby("selection").indices.items():
        if len(set(y[idx])) == 2:
            out[f"roc_auc_{selection}"] = float(roc_auc_score(y[idx], p[idx]))
            out[f"top5_precision_{selection}"] = top_k_precision(df["story"].iloc[idx], y[idx], p[idx])
    flagged = pd.Series(p >= threshold).groupby(df["story"].to_numpy()).agg(["sum", "size"])
    out["flagged_per_story"] = {s: f"{int(r['sum'])}/{int(r['size'])}" for s, r in flagged.iterrows()}
    return out


def stance_figures(df: pd.DataFrame, p: np.ndarray) -> dict:
    """Pooled ROC-AUC and one per source; the lowest source named."""
    from sklearn.metrics import roc_auc_score

    y = df["label"].to_numpy()
    per = {s: float(roc_auc_score(y[i], p[i])) for s, i in df.groupby("source").indices.items() if len(set(y[i])) == 2}
    return {"roc_auc": float(roc_auc_score(y, p)), "per_source": per, "lowest": min(per, key=per.get)}


def evaluate_model(folder: Path, sets: dict[str, pd.DataFrame]) -> dict:
    """Raw and calibrated figures of the model in ``folder`` on every dev set."""
    from framing import Detector
    from framing.labels import LABELS
    from framing.resolve import decision_threshold

    det = Detector.from_pretrained(folder, local_files_only=True)
    report = {"model": str(folder)}
    mnli = sets["mnli"]
    probs = det.nli(list(mnli["premise"]), list(mnli["hypothesis"]))
    predicted = np.asarray(LABELS)[probs[list(LABELS)].to_numpy().argmax(axis=1)]
    report["mnli_accuracy"] = float((predicted == mnli["label"].to_numpy()).mean())
    scores = {name: det.score_pairs(list(sets[name]["text_a"]), list(sets[name]["text_b"]))
              for name in ("story", "stance", "seed")}
    threshold = decision_threshold(None, det)
    for kind in ("raw", "calibrated"):
        if kind == "calibrated" and det.calibrator is None:
            continue
        column = "p_contradiction_raw" if kind == "raw" else "p_contradiction"
        p = {name: s[column].to_numpy() for name, s in scores.items()}
        seed_y = sets["seed"]["label"].to_numpy()
        right, total = seed_orderings(seed_y, p["seed"])
        report[kind] = {
            "story": story_figures(sets["story"], p["story"], threshold if kind == "calibrated" else 0.5),
            "stance": stance_figures(sets["stance"], p["stance"]),
            "seed_orderings": f"{right}/{total}",
        }
    report["threshold"] = threshold
    return report


def summary_line(report: dict, kind: str) -> str:
    """One printed line of a report's headline figures."""
    r = report[kind]
    s = r["story"]
    per = ", ".join(f"{k} {v:.2f}" for k, v in r["stance"]["per_source"].items())
    return (f"{kind:10s} story AUC {s['roc_auc']:.3f} / clear {s['roc_auc_clear']:.3f} "
            f"(hand-picked {s.get('roc_auc_hand-picked', float('nan')):.3f}, "
            f"extracted {s.get('roc_auc_extracted', float('nan')):.3f}), top-5 {s['top5_precision']:.3f}, "
            f"ECE {s['ece_15']:.3f}, flagged {s['flagged']}/{s['n']} | stance AUC {r['stance']['roc_auc']:.3f} "
            f"({per}) | seed orderings {r['seed_orderings']} | MNLI-mm acc {report['mnli_accuracy']:.3f}")


def record(folder: Path, name: str, report: dict) -> None:
    """Keep ``report`` as ``name`` under ``clash.results`` of the model folder's ``metrics.json`` and
    render its card again (the card's *Clash results* table lists them in order)."""
    from recipes.model_card import render_card

    path = folder / "metrics.json"
    metrics = json.loads(path.read_text(encoding="utf-8"))
    if "clash" not in metrics:
        raise SystemExit(f"{path} expected a clash stage (python -m recipes.export_clash), got none.")
    metrics["clash"]["results"][name] = report
    path.write_text(json.dumps(metrics, indent=1) + "\n", encoding="utf-8")
    (folder / "README.md").write_text(render_card(metrics), encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("models", nargs="*", type=Path, default=[ROOT / "models" / "framing-minilm-nli"])
    ap.add_argument("--out", type=Path, default=None, help="write the full reports here as JSON")
    ap.add_argument("--name", action="append", default=[], help="a name per model (default: its folder)")
    ap.add_argument("--from-json", type=Path, default=None, help="reports saved by --out instead of evaluating")
    ap.add_argument("--record-into", type=Path, default=None, metavar="MODEL_FOLDER",
                    help="keep the reports under their names in this model's metrics.json and card")
    args = ap.parse_args()
    if args.from_json is not None:
        reports = json.loads(args.from_json.read_text(encoding="utf-8"))
    else:
        sets = dev_sets()
        reports = [evaluate_model(folder, sets) for folder in args.models]
    if args.name and len(args.name) != len(reports):
        raise SystemExit(f"--name expected one name per report ({len(reports)}), got {len(args.name)}.")
    names = args.name or [Path(r["model"]).name for r in reports]
    for name, report in zip(names, reports):
        print(f"== {name} ({report['model']})")
        for kind in ("raw", "calibrated"):
            if kind in report:
                print(summary_line(report, kind))
        if args.record_into is not None:
            record(args.record_into, name, report)
    if args.out is not None:
        args.out.write_text(json.dumps(reports, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()

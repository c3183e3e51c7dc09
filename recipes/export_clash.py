"""Export a clash-trained run (:mod:`recipes.train_clash`) as the default model, stage 4 of its card.

    cp -r models/framing-minilm-nli runs/stage3_model
    .venv/bin/python -m recipes.export_clash --run runs/clash/all --previous runs/stage3_model
    .venv/bin/python -m recipes.calibrate_default
    .venv/bin/python -m recipes.clash_eval models/framing-minilm-nli --name "stage 4 (shipped)" \
        --record-into models/framing-minilm-nli

Keeps the stage-3 model's records (its training, data and earlier stages), measures the run and the
stage-3 model on the same NLI dev rows and on the multi-genre dev split, stores the weights as
:func:`recipes.export_default.write_model` decides (fp16 only if no worse), and writes the clash
stage's hyperparameters and data counts under ``"clash"`` in ``metrics.json``. The calibrator is
fitted afterwards (:mod:`recipes.calibrate_default`); the dev-story figures are recorded by
:mod:`recipes.clash_eval` ``--record-into``.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from recipes.export_default import training_record, write_model
from recipes.model_card import render_card


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--run", type=Path, default=Path("runs/clash/all"))
    ap.add_argument("--previous", type=Path, required=True, help="a copy of the shipped stage-3 model")
    ap.add_argument("--data", type=Path, default=Path("runs/data"))
    ap.add_argument("--out", type=Path, default=Path("models/framing-minilm-nli"))
    args = ap.parse_args()
    if args.previous.resolve() == args.out.resolve():
        raise SystemExit("--previous expected a copy of the shipped model, got the output folder itself "
                         "(exporting replaces it). Copy it first: cp -r models/framing-minilm-nli runs/stage3_model")

    from framing import Detector
    from framing.evaluation import evaluate_nli

    metrics = json.loads((args.previous / "metrics.json").read_text())
    if "clash" in metrics:
        raise SystemExit(f"{args.previous} expected the stage-3 model, got one with a clash stage already.")
    metrics.pop("calibration", None)
    dev, multi_genre = args.data / "dev.jsonl", args.data / "mnli_mm_dev.jsonl"
    before = Detector.from_pretrained(args.previous, local_files_only=True)
    stage3 = {"nli_dev": evaluate_nli(before, dev), "multi_genre_dev": evaluate_nli(before, multi_genre,
                                                                                    by_source=False)["all"]}
    det = Detector.from_pretrained(args.run, local_files_only=True)
    fp32 = evaluate_nli(det, dev)
    print("fp32 dev:", json.dumps(fp32["all"]))
    fp16, use_fp16, speed = write_model(det, args.run, args.out, dev, fp32)

    import torch

    metrics.update({
        "nli_dev": fp32, "nli_dev_fp16_storage": fp16["all"], "storage": "float16" if use_fp16 else "float32",
        "multi_genre_dev": evaluate_nli(det, multi_genre, by_source=False)["all"],
        "speed": {**speed, "threads": torch.get_num_threads(), "torch": torch.__version__},
        "clash": {"training": training_record(args.run)["hyperparameters"], "exported_run": str(args.run),
                  "data_counts": json.loads((args.run / "data_counts.json").read_text()),
                  "stage3": stage3, "results": {}},
    })
    (args.out / "metrics.json").write_text(json.dumps(metrics, indent=1) + "\n")
    (args.out / "README.md").write_text(render_card(metrics))
    print("wrote", args.out)


if __name__ == "__main__":
    main()

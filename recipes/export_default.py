"""Export the trained run into ``models/framing-minilm-nli`` and measure it.

    .venv/bin/python -m recipes.export_default --run runs/stage2 --stage1 runs/default
    .venv/bin/python -m recipes.export_default --run runs/stage3 --previous runs/stage2_model   # stage 3

Evaluates the run on the held-out dev pairs (``runs/data/stage2_dev.jsonl``, or
``dev.jsonl`` when exporting a stage-1 run without ``--stage1``) in fp32 and with
fp16-stored weights, keeps fp16 storage only if it measures no worse (accuracy and
macro-F1 within 0.2 points), measures one-direction throughput at batch 32, writes
the detector folder and ``metrics.json``, and renders the model card
(:mod:`recipes.model_card`). Calibration is a separate step (:mod:`recipes.calibrate_default`).
"""

from __future__ import annotations

import argparse
import json
import shutil
import tempfile
import time
from pathlib import Path

import numpy as np

from recipes.model_card import render_card

TOLERANCE = 0.002


def throughput(detector, premises: list[str], hypotheses: list[str], batch_size: int = 32) -> dict:
    """Pairs per second, one direction, after a warm-up batch; best of 3 runs."""
    detector.nli_model.predict(premises[:batch_size], hypotheses[:batch_size], batch_size=batch_size)
    best = np.inf
    for _ in range(3):
        start = time.perf_counter()
        detector.nli_model.predict(premises, hypotheses, batch_size=batch_size, progress=False)
        best = min(best, time.perf_counter() - start)
    return {"pairs": len(premises), "batch_size": batch_size, "pairs_per_s": round(len(premises) / best, 1)}


def int8_agreement(detector, premises: list[str], hypotheses: list[str]) -> float:
    """Share of pairs whose NLI label (argmax) the int8 copy of ``detector``'s model keeps against fp32."""
    nli = detector.nli_model
    exact = nli.predict(premises, hypotheses, progress=False)
    quantized = type(nli)(nli.model, nli.tokenizer, name=nli.name, label_indices=nli.label_indices,
                          max_length=nli.max_length, precision="int8")
    fast = quantized.predict(premises, hypotheses, progress=False)
    return round(float((exact.argmax(1) == fast.argmax(1)).mean()), 3)


def training_record(run: Path) -> dict:
    """Hyperparameters of the run: ``training.json`` of a finished run, else (a checkpoint
    exported before the schedule ended) the step and epoch reached from ``trainer_state.json``."""
    if (run / "training.json").exists():
        return json.loads((run / "training.json").read_text())
    state = json.loads((run / "trainer_state.json").read_text())
    # The arguments train_default resolved for this run, two folders up (runs/<run>/checkpoints/...).
    args_file = run.parent.parent / "stage_args.json"
    planned = json.loads(args_file.read_text()) if args_file.exists() else {}
    return {"hyperparameters": {
        **planned,
        "stopped_early": f"exported from {run.name}: step {state['global_step']} of {state['max_steps']} "
                         f"(epoch {state['epoch']:.3f}); the rest of the schedule did not run",
        "train_batch_size": state.get("train_batch_size"),
        "last_logged": state["log_history"][-1] if state.get("log_history") else None,
    }}


def stage1_record(folder: Path) -> dict:
    """Hyperparameters of a stage-1 model: its run's ``training.json``, else the record kept in
    the ``metrics.json`` of its export."""
    if (folder / "training.json").exists():
        return training_record(folder)["hyperparameters"]
    return json.loads((folder / "metrics.json").read_text())["training"]


def write_model(det, run: Path, out: Path, dev: Path, fp32: dict) -> tuple[dict, bool, dict]:
    """Replace ``out`` with the run's weights, stored fp16 when that measures no worse on ``dev`` than
    ``fp32`` (within `TOLERANCE`); returns the fp16 figures, whether fp16 was kept, and the speed."""
    from framing import Detector
    from framing.evaluation import evaluate_nli

    with tempfile.TemporaryDirectory() as tmp:
        det.nli_model.model.half()
        det.save_pretrained(tmp)
        det.nli_model.model.float()
        det16 = Detector.from_pretrained(tmp, local_files_only=True)  # fp16 weights, computed in fp32
        fp16 = evaluate_nli(det16, dev)
        print("fp16-stored dev:", json.dumps(fp16["all"]))
        use_fp16 = all(fp32["all"][k] - fp16["all"][k] <= TOLERANCE for k in ("accuracy", "macro_f1"))
        if use_fp16:
            # Stored fp16, computed fp32: plain transformers loaders (dtype="auto") read this field,
            # and fp16 matmuls on CPU are slow.
            config_path = Path(tmp) / "config.json"
            config = json.loads(config_path.read_text())
            config["dtype"] = "float32"
            config_path.write_text(json.dumps(config, indent=2) + "\n")
        else:  # `det` went through fp16 and back: reload the exact weights
            Detector.from_pretrained(run, local_files_only=True).save_pretrained(tmp, overwrite=True)
        # Exporting replaces the folder: a calibrator fitted on the old weights must not survive.
        # (Detector.save_pretrained refuses the default model's folder: the export copies it in.)
        if out.exists():
            shutil.rmtree(out)
        shutil.copytree(tmp, out)
        out.chmod(0o755)  # a temporary folder is private (0700); the model folder is for every user
    chosen = Detector.from_pretrained(out, local_files_only=True)
    rows = [json.loads(line) for line in dev.open()][:2048]
    speed = throughput(chosen, [r["premise"] for r in rows], [r["hypothesis"] for r in rows])
    print("throughput:", speed)
    return fp16, use_fp16, speed


def main() -> None:
    ap = argparse.ArgumentParser(description="Export and measure the default model.")
    ap.add_argument("--run", type=Path, default=Path("runs/default"))
    ap.add_argument("--data", type=Path, default=Path("runs/data"))
    ap.add_argument("--out", type=Path, default=Path("models/framing-minilm-nli"))
    ap.add_argument("--notes", default="", help="history of the run for the card (resumptions, total wall time)")
    ap.add_argument("--stage1", type=Path, default=None,
                    help="the stage-1 model the run started from: its record and dev figures go on the card too")
    ap.add_argument("--previous", type=Path, default=None,
                    help="stage 3: the shipped two-stage model the run started from (its card's records are kept)")
    args = ap.parse_args()
    if args.previous is not None and args.previous.resolve() == args.out.resolve():
        raise SystemExit("--previous expected a copy of the shipped model, got the output folder itself "
                         "(exporting replaces it). Copy it first: cp -r models/framing-minilm-nli runs/stage2_model")

    import torch

    from framing import Detector
    from framing.evaluation import evaluate_nli

    det = Detector.from_pretrained(args.run, local_files_only=True)
    dev = args.data / ("stage2_dev.jsonl" if args.stage1 else "dev.jsonl")
    previous = None
    if args.previous:
        # Stage 3: the stage-2 model's own records, and both models on the same dev rows.
        previous = json.loads((args.previous / "metrics.json").read_text())
        previous.pop("calibration", None)
        before = Detector.from_pretrained(args.previous, local_files_only=True)
        previous["nli_dev_same_rows"] = evaluate_nli(before, dev)
        previous["multi_genre_dev"] = evaluate_nli(before, args.data / "mnli_mm_dev.jsonl", by_source=False)["all"]
    fp32 = evaluate_nli(det, dev)
    print("fp32 dev:", json.dumps(fp32["all"]))
    stage1 = None
    if args.stage1:
        # The same dev rows through the stage-1 model: what the second stage changed.
        stage1 = {"training": stage1_record(args.stage1),
                  "data_counts": json.loads((args.data / "counts.json").read_text())["train"],
                  "nli_dev": evaluate_nli(Detector.from_pretrained(args.stage1, local_files_only=True), dev)}
        print("stage-1 dev:", json.dumps(stage1["nli_dev"]["all"]))

    fp16, use_fp16, speed = write_model(det, args.run, args.out, dev, fp32)

    training = training_record(args.run)
    counts = json.loads((args.data / "counts.json").read_text())
    if stage1:
        stage2 = json.loads((args.data / "counts_stage2.json").read_text())
        counts = {"train": stage2["stage2"], "dev": stage2["stage2_dev"]}
    if previous:
        stage3 = json.loads((args.data / "counts_stage3.json").read_text())
        counts = {"train": stage3["stage3"], "dev": counts["dev"]}
    metrics_path = args.out / "metrics.json"
    metrics = {
        "training": {**training["hyperparameters"], **({"run_history": args.notes} if args.notes else {})},
        "exported_run": str(args.run),
        **({"stage1": stage1} if stage1 else {}),
        **({"previous": previous,
            "multi_genre_dev": evaluate_nli(det, args.data / "mnli_mm_dev.jsonl", by_source=False)["all"]}
           if previous else {}),
        "data_counts": counts,
        "nli_dev": fp32,
        "nli_dev_fp16_storage": fp16["all"],
        "storage": "float16" if use_fp16 else "float32",
        "speed": {**speed, "threads": torch.get_num_threads(), "torch": torch.__version__},
    }
    metrics_path.write_text(json.dumps(metrics, indent=1) + "\n")
    (args.out / "README.md").write_text(render_card(metrics))
    print("wrote", args.out)


if __name__ == "__main__":
    main()

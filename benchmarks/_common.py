"""Shared helpers of the benchmark scripts: the pairs, the machine, a timer. Not part of framing."""

from __future__ import annotations

import json
import os
import platform
import random
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
NLI_DEV = ROOT / "runs" / "data" / "dev.jsonl"
FRAMING_DEV = ROOT / "runs" / "framing" / "dev.jsonl"
THREADS = 2


def setup_threads(threads: int = THREADS) -> None:
    """Pin torch to ``threads`` intra-op threads (the laptop case) before anything runs."""
    import torch

    torch.set_num_threads(threads)


def read_jsonl(path: Path) -> list[dict]:
    if not path.exists():
        hint = "recipes.build_framing_pairs" if "framing" in str(path) else "recipes.build_nli_data"
        raise SystemExit(f"{path} expected, got no such file. Build it with .venv/bin/python -m {hint}.")
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def nli_pairs(n: int = 2000, seed: int = 0) -> tuple[list[str], list[str]]:
    """``n`` (premise, hypothesis) pairs sampled (fixed seed) from the NLI dev set."""
    rows = read_jsonl(NLI_DEV)
    rows = random.Random(seed).sample(rows, min(n, len(rows)))
    return [r["premise"] for r in rows], [r["hypothesis"] for r in rows]


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import torch

    from framing.inference import bf16_supported

    return (
        f"{cpu}, {os.cpu_count()} logical CPUs, torch {torch.__version__} with {torch.get_num_threads()} "
        f"threads, bf16 native: {bf16_supported()}, Python {platform.python_version()}"
    )


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result

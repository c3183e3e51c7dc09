"""What the calibrator's same-matter features cost: `compare` on 1,000 statements, with and without them.

    .venv/bin/python benchmarks/encoder_overhead.py [--statements 1000] [--repeats 3]

Statements are the distinct texts of the stance dev split (``runs/framing/dev.jsonl``), split between
two parties; `compare` runs with its default prefilter. Each run starts with empty score and embedding
caches and alternates the two detectors (the shipped one, and the same NLI model with an NLI-only
order-free calibrator); medians are printed with the ratio. Target: the encoder adds <= 30 %.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time

from _common import FRAMING_DEV, read_jsonl, setup_threads


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--statements", type=int, default=1000)
    ap.add_argument("--repeats", type=int, default=3)
    args = ap.parse_args()
    setup_threads()
    import numpy as np

    import framing
    from framing.embeddings import resolve_encoder

    texts = sorted({t for r in read_jsonl(FRAMING_DEV) for t in (r["text_a"], r["text_b"])})
    texts = random.Random(0).sample(texts, args.statements)
    statements = [{"party": "A" if i % 2 else "B", "text": t} for i, t in enumerate(texts)]
    full = framing.load()
    nli_only = framing.Detector(full.nli_model, calibrator=None)
    rows = [(s["text"], t["text"]) for s, t in zip(statements[::2], statements[1::2])]
    y = np.arange(len(rows)) % 2  # any labels: the fitted map is only timed, not judged
    nli_only.calibrate([a for a, _ in rows][:200], [b for _, b in rows][:200], y[:200], features="symmetric", cv=3)
    encoder = resolve_encoder("minilm")
    times = {"nli": [], "nli+encoder": []}
    n_pairs = 0
    for _ in range(args.repeats):
        for name, det in (("nli", nli_only), ("nli+encoder", full)):
            det.clear_cache()
            encoder.clear_cache()
            start = time.perf_counter()
            df = framing.compare(statements, model=det)
            times[name].append(time.perf_counter() - start)
            n_pairs = len(df)
    nli, both = statistics.median(times["nli"]), statistics.median(times["nli+encoder"])
    print(f"{args.statements} statements, {n_pairs} pairs scored, median of {args.repeats}:")
    print(f"  NLI-only calibrator      {nli:7.2f} s")
    print(f"  with same-matter features {both:7.2f} s")
    print(f"  encoder overhead: {100 * (both / nli - 1):.1f} % (target <= 30 %)")


if __name__ == "__main__":
    main()

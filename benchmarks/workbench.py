"""The analyst's workbench: `compare` and `explain` on the seed, the HTML report's size, CLI start-up.

    .venv/bin/python benchmarks/workbench.py [--repeats 3]

`compare` runs on the seed statements (54 pairs) with the models loaded and the score cache cleared
(target: under 10 s); `explain` runs on the 10 most contradictory pairs of `compare` on the seed statements, with the
detector's score cache cleared before each run (the model and the sentence encoder already
loaded); the median is printed. The report is `framing.report` of `compare` on the seed article
(with a parties mapping, 10 explained cards). Start-up is the wall time of
``python -m framing.cli --help`` in a fresh process (what the ``framing`` console script imports).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

from _common import ROOT, machine, setup_threads

PARTIES = {"Pompeo": "United States", "Nauert": "United States", "Kim Yong Chol": "North Korea"}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, default=3)
    args = ap.parse_args()
    setup_threads()
    import framing

    seeds = framing.repository.seed_folder()
    df = framing.compare(framing.read_jsonl(seeds / "seed_statements.jsonl"))
    from framing.resolve import resolve_scorer

    detector = resolve_scorer(None)  # the detector compare used
    framing.explain(df, detector, top=1)  # warm-up: encoder loaded, threads started
    statements, compares = framing.read_jsonl(seeds / "seed_statements.jsonl"), []
    for _ in range(args.repeats):
        detector.clear_cache()
        start = time.perf_counter()
        framing.compare(statements)
        compares.append(time.perf_counter() - start)
    print(f"compare, seed statements ({len(df)} pairs, {detector.name}): median {statistics.median(compares):.2f} s "
          f"(runs {', '.join(f'{t:.2f}' for t in compares)})")
    times, variants = [], 0
    for _ in range(args.repeats):
        detector.clear_cache()
        start = time.perf_counter()
        out = framing.explain(df, detector, top=10)
        times.append(time.perf_counter() - start)
        variants = 10 + sum(int(e.words["weight"].notna().sum()) for e in out)
    print(f"explain, 10 seed pairs ({variants} pair variants in one score_pairs call): "
          f"median {statistics.median(times):.2f} s (runs {', '.join(f'{t:.2f}' for t in times)})")

    text = (seeds / "000_bce12cd754ad89bf.txt").read_text(encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        article = framing.compare(text, parties=PARTIES)
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        path = framing.report(article, Path(tmp) / "clashes.html", top=10)
        seconds = time.perf_counter() - start
        size = path.stat().st_size
    print(f"report of the seed article ({len(article)} pairs, 10 cards): {size / 1024:.1f} KB, "
          f"written in {seconds:.2f} s")

    starts = []
    for _ in range(max(3, args.repeats)):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "framing.cli", "--help"], cwd=ROOT, check=True, capture_output=True)
        starts.append(time.perf_counter() - start)
    print(f"framing --help start-up: median {statistics.median(starts):.2f} s "
          f"(runs {', '.join(f'{t:.2f}' for t in starts)})")
    print(f"machine: {machine()}; load average {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()

"""What a pair of long statements costs: sentence pairs scored and seconds, by length.

    .venv/bin/python benchmarks/long_text_cost.py [--lengths 2500 5000 10000 25000 50000]

Both sides are built from the seed article's sentences (side b in reverse order), cut to each
length in characters. For each length it prints the sentence grid (every sentence of a against
every sentence of b, what was scored before the cap), the pairs scored now (`closest_pairs`) and
the seconds of one `NLIModel.predict` on the embedded model; at the shortest length it also times
the whole grid, for the ratio.
"""

from __future__ import annotations

import argparse
import time

from _common import ROOT, setup_threads


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--lengths", type=int, nargs="+", default=[2500, 5000, 10000, 25000, 50000])
    args = ap.parse_args()
    setup_threads()
    from framing import inference
    from framing.inference import split_sentences
    from framing.nli import NLIModel

    nli = NLIModel.from_pretrained(ROOT / "models" / "framing-minilm-nli", check_labels=False)
    sentences = split_sentences((ROOT / "seeds" / "000_bce12cd754ad89bf.txt").read_text(encoding="utf-8"))
    article = " ".join(sentences * 60)
    backwards = " ".join(list(reversed(sentences)) * 60)
    print(f"{'chars':>6} {'grid':>9} {'scored':>7} {'seconds':>8}")
    for n in args.lengths:
        a, b = article[:n], backwards[:n]
        grid = len(split_sentences(a)) * len(split_sentences(b))
        scored = len(nli.sentence_pairs(a, b))
        start = time.perf_counter()
        nli.predict([a], [b])
        seconds = time.perf_counter() - start
        print(f"{n:>6} {grid:>9,} {scored:>7,} {seconds:>8.2f}")
    n = min(args.lengths)
    cap, inference.FULL_GRID_MAX = inference.FULL_GRID_MAX, 10**9
    start = time.perf_counter()
    nli.predict([article[:n]], [backwards[:n]])
    whole = time.perf_counter() - start
    inference.FULL_GRID_MAX = cap
    start = time.perf_counter()
    nli.predict([article[:n]], [backwards[:n]])
    capped = time.perf_counter() - start
    print(f"at {n} chars: whole grid {whole:.2f} s, capped {capped:.2f} s, ratio {whole / capped:.1f}x")


if __name__ == "__main__":
    main()

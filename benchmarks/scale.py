"""`compare` on 100, 1,000 and 10,000 statements split across 2-5 parties: wall time, memory, pairs.

Statements are distinct hypotheses (then short premises) of ``runs/data/dev.jsonl``, given
to 2, 3 or 5 parties at random (fixed seed); the embedded default model scores them on 2
threads. Peak memory: the process's maximum resident set (``ru_maxrss``, monotone, so sizes
run in increasing order) and the Python-level peak during the call (``tracemalloc``).

Run: ``.venv/bin/python benchmarks/scale.py [--sizes 100 1000 10000] [--precision fp32]``
"""

from __future__ import annotations

import argparse
import random
import resource
import time
import tracemalloc

from _common import NLI_DEV, THREADS, machine, read_jsonl, setup_threads

PARTIES = {100: 2, 1000: 3, 10000: 5}


def statements(n: int, seed: int = 0) -> list[dict]:
    rows = read_jsonl(NLI_DEV)
    texts = list(dict.fromkeys(r["hypothesis"].strip() for r in rows))
    texts += [t for t in dict.fromkeys(r["premise"].strip() for r in rows) if len(t.split()) <= 40]
    texts = list(dict.fromkeys(texts))
    if len(texts) < n:
        raise SystemExit(f"statements expected {n} distinct texts, got {len(texts)} in {NLI_DEV}.")
    rng = random.Random(seed)
    texts = rng.sample(texts, n)
    k = PARTIES.get(n, 2 + n % 4)
    return [{"party": f"party-{rng.randrange(k)}", "text": t} for t in texts]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[100, 1000, 10000])
    parser.add_argument("--precision", default="fp32")
    parser.add_argument("--top-k", type=int, default=None, help="prefilter top_k (default: framing's)")
    parser.add_argument("--prefilter", default="auto", choices=["auto", "on", "off"])
    parser.add_argument("--model", default=None)
    args = parser.parse_args()
    setup_threads()
    import framing
    from framing.pairing import DEFAULT_TOP_K

    det = framing.load(args.model, precision=args.precision, cache_size=0)
    prefilter = {"auto": "auto", "on": True, "off": False}[args.prefilter]
    top_k = args.top_k or DEFAULT_TOP_K
    print(f"machine: {machine()}")
    print(f"model: {det.name} ({det.precision}), {THREADS} threads, prefilter={args.prefilter}, top_k={top_k}")
    print("\n| statements | parties | candidate pairs | pairs scored | pruned | wall s | "
          "pairs/s | max RSS MiB | Python peak MiB |")
    print("|---|---|---|---|---|---|---|---|---|")
    for n in args.sizes:
        items = statements(n)
        tracemalloc.start()
        start = time.perf_counter()
        df = framing.compare(items, model=det, prefilter=prefilter, top_k=top_k)
        wall = time.perf_counter() - start
        _, python_peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        a = df.attrs
        print(
            f"| {n:,} | {len({s['party'] for s in items})} | {a['n_candidate_pairs']:,} | {a['n_pairs']:,} | "
            f"{a['n_pairs_pruned']:,} | {wall:.1f} | {a['n_pairs'] / wall:.0f} | {rss:.0f} | "
            f"{python_peak / 2**20:.0f} |",
            flush=True,
        )


if __name__ == "__main__":
    main()

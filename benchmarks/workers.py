"""Batch-parallel CPU workers vs one forward pass at a time, same pairs, same process.

`NLIModel.predict` with ``cpu_workers=1`` (every torch thread on one batch) and with the default
(one single-thread worker per torch thread, each on its own batches), alternated ``--repeats``
times so both see the same machine load. Prints each paired ratio and whether the scores agree.

Run: ``.venv/bin/python benchmarks/workers.py [--n 1000] [--repeats 4]``
"""

from __future__ import annotations

import argparse

import numpy as np

from _common import machine, nli_pairs, setup_threads, timed


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--repeats", type=int, default=4)
    args = ap.parse_args()
    setup_threads()
    import framing

    print("machine:", machine())
    nli = framing.load().nli_model
    premises, hypotheses = nli_pairs(args.n)
    nli.predict(premises[:64], hypotheses[:64], progress=False)  # warm-up
    ratios = []
    for _ in range(args.repeats):
        nli.cpu_workers = 1
        serial, a = timed(lambda: nli.predict(premises, hypotheses, progress=False))
        nli.cpu_workers = None
        parallel, b = timed(lambda: nli.predict(premises, hypotheses, progress=False))
        ratios.append(serial / parallel)
        print(f"{args.n} pairs: 1 worker {serial:.2f} s, workers {parallel:.2f} s, "
              f"ratio {serial / parallel:.2f}, max abs diff {np.abs(a - b).max():.1e}")
    print(f"median ratio {np.median(ratios):.2f}")


if __name__ == "__main__":
    main()

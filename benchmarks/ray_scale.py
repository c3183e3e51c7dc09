"""`framing.distributed.compare` on local Ray vs plain `compare`: pairs, pairs/s, peak memory.

Statements are built from the shared stance corpora (read from ``../shared/data``, never
copied): every FNC-1 and ARC article body is an *event*; its sentences and the headlines /
claims written about it are that event's statements, each given to one of ``--parties``
parties at random (fixed seed). Blocks are events (``block_by="event"``).

Three parts:

1. **Pairing** at every ``--sizes`` (default 10,000 and 100,000 statements): candidate
   cross-party pairs and pairs kept, with ``prefilter="auto"`` (what `compare` does) and
   ``prefilter=True``, counted with `framing.pairing.make_pairs` per event, exactly as the workers
   list them. This is what the 10**6 estimate in docs/scaling.md scales up.
2. **Pipeline cost without a model** at the same sizes: a constant scorer, so the time left
   is reading, shuffling, pairing, writing Parquet (distributed) or pairing and building
   frames (plain `framing.compare` on each event in one process).
3. **Scoring with the model** on ``--score-statements`` statements (whole events, default
   1,000), ``prefilter=True``.

Parts 2 and 3 run `distributed.compare` (Parquet output) with 1 worker of 2 torch threads
and 2 workers of 1 thread each, then plain `compare` per event; they report wall time,
pairs/s, the driver's peak RSS and the largest Ray worker's peak RSS (sampled every 0.2 s),
and check that every run gave the same pairs.

Run: ``.venv/bin/python benchmarks/ray_scale.py [--sizes 10000 100000] [--score-statements 1000]
[--workers 1 2] [--model PATH]`` (needs ``pip install -e ".[ray]"``). Not a test: timings on
a shared 2-core machine are noisy; compare ratios within one run.
"""

from __future__ import annotations

import argparse
import random
import re
import tempfile
import threading
import time
from collections import defaultdict

import pandas as pd

from _common import ROOT, machine, setup_threads

DATA = ROOT.parent / "shared" / "data" / "stance"
_WORDS = re.compile(r"\w+")


def corpus_events() -> dict[str, list[str]]:
    """Event -> distinct statements (article sentences of 5-60 words, then the headlines on it)."""
    from framing.inference import split_sentences

    events: dict[str, list[str]] = defaultdict(list)
    for name, bodies, stances in (
        ("fnc", DATA / "fnc1" / "train_bodies.csv", DATA / "fnc1" / "train_stances.csv.zip"),
        ("arc", DATA / "arc_stance" / "arc_bodies.csv", DATA / "arc_stance" / "arc_stances_train.csv"),
    ):
        if not bodies.exists():
            raise SystemExit(f"{bodies} expected (the shared stance corpora), got no such file.")
        for body_id, body in pd.read_csv(bodies).itertuples(index=False):
            for sentence in split_sentences(" ".join(str(body).split())):
                if 5 <= len(_WORDS.findall(sentence)) <= 60:
                    events[f"{name}-{body_id}"].append(sentence)
        for headline, body_id, _ in pd.read_csv(stances).itertuples(index=False):
            events[f"{name}-{body_id}"].append(str(headline).strip())
    return {event: list(dict.fromkeys(texts)) for event, texts in events.items() if len(texts) >= 2}


def statements(events: dict[str, list[str]], n: int, parties: int, seed: int = 0) -> list[dict]:
    """Whole events, in a fixed random order, until ``n`` statements (the last event cut)."""
    rng = random.Random(seed)
    order = sorted(events)
    rng.shuffle(order)
    rows: list[dict] = []
    for event in order:
        for text in events[event]:
            rows.append(
                {"id": f"{len(rows)}", "event": event, "party": f"party-{rng.randrange(parties)}", "text": text}
            )
            if len(rows) == n:
                return rows
    if len(rows) < n:
        raise SystemExit(f"statements expected {n:,}, got only {len(rows):,} from the corpora.")
    return rows


def by_event(rows: list[dict]) -> list[list[dict]]:
    blocks: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        blocks[row["event"]].append(row)
    return list(blocks.values())


def pairing_table(events: dict[str, list[str]], sizes: list[int], parties: int) -> None:
    from framing.pairing import make_pairs
    from framing.statements import to_statements

    if not sizes:
        return
    print("\n### Pairing per event (no model)\n")
    print(
        "| statements | events | mean statements/event | prefilter | candidate pairs | pairs kept | kept/statement "
        "| pairing s |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for n in sizes:
        blocks = by_event(statements(events, n, parties))
        for prefilter in ("auto", True):
            start = time.perf_counter()
            candidates = kept = 0
            for block in blocks:
                pairing = make_pairs(to_statements(block), prefilter=prefilter)
                candidates += pairing.n_candidates or 0
                kept += len(pairing.pairs)
            wall = time.perf_counter() - start
            print(
                f"| {n:,} | {len(blocks):,} | {n / len(blocks):.0f} | {prefilter} | {candidates:,} | {kept:,} | "
                f"{kept / n:.1f} | {wall:.1f} |",
                flush=True,
            )


class PeakRSS:
    """Peak resident memory of this process and of the largest Ray worker, sampled in a thread."""

    def __init__(self) -> None:
        import psutil

        self.psutil, self.me = psutil, psutil.Process()
        self.driver = self.worker = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.driver = max(self.driver, self.me.memory_info().rss)
            for proc in self.psutil.process_iter(["name", "cmdline", "memory_info"]):
                title = " ".join(proc.info["cmdline"] or [proc.info["name"] or ""])
                if title.startswith("ray::") and proc.info["memory_info"] is not None:
                    self.worker = max(self.worker, proc.info["memory_info"].rss)
            self._stop.wait(0.2)

    def __enter__(self) -> PeakRSS:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


class ConstantScorer:
    """Scores nothing (p = 0.5): what is left of a run is the pipeline's own cost."""

    name = "constant"

    def score_pairs(self, texts_a, texts_b):
        n = len(texts_a)
        return pd.DataFrame(
            {"p_contradiction": [0.5] * n, "ab_contradiction": [0.5] * n, "ba_contradiction": [0.5] * n}
        )


def plain(rows: list[dict], **kw) -> tuple[float, int, set, int]:
    """`framing.compare` on each event in this process: wall s, pairs, their ids, peak RSS."""
    import framing

    with PeakRSS() as memory:
        start = time.perf_counter()
        frames = [framing.compare(b, **kw) for b in by_event(rows) if len({r["party"] for r in b}) > 1]
        wall = time.perf_counter() - start
    ids = {(a, b) for f in frames for a, b in zip(f["id_a"], f["id_b"])}
    return wall, sum(len(f) for f in frames), ids, memory.driver


def distributed_run(rows: list[dict], workers: int, **kw) -> tuple[float, int, set, PeakRSS]:
    from framing import distributed

    with tempfile.TemporaryDirectory() as out, PeakRSS() as memory:
        start = time.perf_counter()
        # 2 cores: 1 worker x 2 threads, or 2 workers x 1 thread.
        summary = distributed.compare(
            rows, block_by="event", output=out, num_workers=workers, cpus_per_worker=max(1, 2 // workers), **kw
        )
        wall = time.perf_counter() - start
        got = pd.read_parquet(out, columns=["id_a", "id_b"])
    ids = {(a, b) for a, b in zip(got["id_a"].astype(object), got["id_b"].astype(object))}
    return wall, summary["n_pairs"], ids if len(ids) == len(got) else set(), memory


def table(title: str, rows: list[dict], workers: list[int], **kw) -> None:
    print(f"\n### {title}\n")
    print("| run | pairs | wall s | pairs/s | wall / plain | driver peak RSS MiB | largest worker peak RSS MiB |")
    print("|---|---|---|---|---|---|---|")
    import ray

    # Distributed first (the driver has not loaded torch yet), then Ray is shut down so that
    # its processes do not share the cores with plain compare.
    # 4 logical CPUs on the 2 cores, so that the light read / shuffle / pairing tasks are not
    # blocked behind the workers' CPU reservations.
    ray.init(num_cpus=4, include_dashboard=False, log_to_driver=False)
    ray.data.DataContext.get_current().enable_progress_bars = False
    runs = [distributed_run(rows, w, **kw) for w in workers]
    ray.shutdown()
    model = kw.pop("model", None)
    if kw.get("scorer") is None:
        import framing

        kw["model"] = framing.load(model)  # loaded outside the timing, with the default cache as on the workers
    wall, n, ids, rss = plain(rows, **kw)
    print(
        f"| plain compare per event, 1 process | {n:,} | {wall:.1f} | {n / wall:.0f} | 1.00 | {rss / 2**20:.0f} | - |"
    )
    for w, (dwall, dn, dids, memory) in zip(workers, runs):
        note = "" if dids == ids and dn == n else " **pairs differ from plain compare**"
        print(
            f"| distributed, {w} worker(s) | {dn:,} | {dwall:.1f} | {dn / dwall:.0f} | {dwall / wall:.2f} | "
            f"{memory.driver / 2**20:.0f} | {memory.worker / 2**20:.0f} |{note}",
            flush=True,
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[10_000, 100_000])
    parser.add_argument("--score-statements", type=int, default=1_000)
    parser.add_argument("--workers", type=int, nargs="*", default=[1, 2])
    parser.add_argument("--parties", type=int, default=20)
    parser.add_argument("--model", default=None)
    args = parser.parse_args()
    setup_threads()
    events = corpus_events()
    print(f"machine: {machine()}")
    print(
        f"corpus: {len(events):,} events, {sum(map(len, events.values())):,} distinct statements; "
        f"{args.parties} parties at random"
    )
    pairing_table(events, args.sizes, args.parties)
    for n in args.sizes:
        table(
            f"Pipeline cost without a model: {n:,} statements, prefilter=True, constant scorer",
            statements(events, n, args.parties),
            args.workers,
            scorer=ConstantScorer(),
            prefilter=True,
        )
    rows = statements(events, args.score_statements, args.parties, seed=1)
    table(
        f"Scoring with the model: {len(rows):,} statements in {len(by_event(rows))} events, prefilter=True, fp32",
        rows,
        args.workers,
        model=args.model,
        prefilter=True,
    )


if __name__ == "__main__":
    main()

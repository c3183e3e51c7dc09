"""Recall of the topic prefilter on the labeled framing pairs, and the share of pairs it removes.

Each labeled pair (text_a, text_b, label) of ``runs/framing/dev.jsonl`` is read as a statement
of party A and one of party B. Two settings:

* ``per-group``: one `compare` call per group (one event or debate topic), as an analyst would
  run it on one story;
* ``pooled``: all groups in one call (a batch job mixing many topics), the hard case.

Recall = share of label-1 (contradictory framing) pairs still there after the prefilter;
removed = share of all cross-party candidate pairs the prefilter drops.

With ``--encoder FOLDER`` (a sentence-embedding model, e.g. ``--encoder minilm`` for the
packaged all-MiniLM-L6-v2, the encoder of the default calibrator) the same is measured with mean-pooled
sentence embeddings passed to ``topic_prefilter(..., embeddings=...)`` instead of TF-IDF.

Run: ``.venv/bin/python benchmarks/prefilter_recall.py [--data runs/framing/dev.jsonl] [--encoder minilm]``
(build the data with ``.venv/bin/python -m recipes.build_framing_pairs`` if it is missing).
"""

from __future__ import annotations

import argparse
import json
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from framing.pairing import DEFAULT_MIN_SIMILARITY, DEFAULT_TOP_K, count_pairs, topic_prefilter

ROOT = Path(__file__).resolve().parent.parent


def read_groups(path: Path) -> dict[str, list[dict]]:
    groups: dict[str, list[dict]] = defaultdict(list)
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                row = json.loads(line)
                groups[row["group"]].append(row)
    return groups


def statements_of(rows: list[dict]) -> tuple[list[str], list[str], dict[str, int], dict[str, int]]:
    """Texts and parties (A = text_a side, B = text_b side), and each side's text -> index."""
    side_a = {r["text_a"]: None for r in rows}
    side_b = {r["text_b"]: None for r in rows}
    texts = list(side_a) + list(side_b)
    parties = ["A"] * len(side_a) + ["B"] * len(side_b)
    index_a = {t: i for i, t in enumerate(side_a)}
    index_b = {t: len(side_a) + i for i, t in enumerate(side_b)}
    return texts, parties, index_a, index_b


def embed(texts: list[str], folder: str) -> Any:
    """Embeddings of ``texts`` by `framing.embeddings.SentenceEncoder` (``"minilm"``: the packaged base encoder)."""
    import torch

    from framing.embeddings import SentenceEncoder, default_encoder_path

    torch.set_num_threads(2)
    try:
        path = default_encoder_path() if folder == "minilm" else folder
    except ImportError as error:
        raise SystemExit(str(error)) from None
    return SentenceEncoder.from_pretrained(path).encode(texts)


def measure(runs: list[list[dict]], top_k: int, min_similarity: float, vectors: dict | None = None) -> dict[str, float]:
    positives = kept_positives = candidates = kept = 0
    start = time.perf_counter()
    for rows in runs:
        texts, parties, index_a, index_b = statements_of(rows)
        embeddings = None if vectors is None else [vectors[t] for t in texts]
        pairs = set(topic_prefilter(texts, parties, top_k=top_k, min_similarity=min_similarity, embeddings=embeddings))
        candidates += count_pairs(parties)
        kept += len(pairs)
        for row in rows:
            if row["label"] == 1:
                i, j = sorted((index_a[row["text_a"]], index_b[row["text_b"]]))
                positives += 1
                kept_positives += (i, j) in pairs
    return {
        "recall": kept_positives / max(positives, 1),
        "removed": 1 - kept / max(candidates, 1),
        "positives": positives,
        "candidates": candidates,
        "kept": kept,
        "seconds": time.perf_counter() - start,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT / "runs" / "framing" / "dev.jsonl")
    parser.add_argument("--top-k", type=int, nargs="*", default=[1, 3, 5, DEFAULT_TOP_K, 20, 50])
    parser.add_argument("--min-similarity", type=float, nargs="*", default=[DEFAULT_MIN_SIMILARITY, 0.1, 1.01])
    parser.add_argument("--encoder", default=None, help="sentence encoder folder, or 'minilm'")
    args = parser.parse_args()
    groups = read_groups(args.data)
    vectors = None
    if args.encoder:
        texts = sorted({t for rows in groups.values() for r in rows for t in (r["text_a"], r["text_b"])})
        vectors = dict(zip(texts, embed(texts, args.encoder)))
        print(f"similarity: mean-pooled embeddings of {args.encoder}")
    else:
        print("similarity: TF-IDF word 1-2 grams, sublinear tf")
    settings = {"per-group": list(groups.values()), "pooled": [[r for rows in groups.values() for r in rows]]}
    print(f"data: {args.data} ({sum(map(len, groups.values()))} pairs, {len(groups)} groups)")
    print(f"defaults: top_k={DEFAULT_TOP_K}, min_similarity={DEFAULT_MIN_SIMILARITY}")
    print("| setting | top_k | min_similarity | recall (label 1) | pairs removed | candidates | kept | s |")
    print("|---|---|---|---|---|---|---|---|")
    for name, runs in settings.items():
        for top_k in args.top_k:
            for floor in args.min_similarity:
                r = measure(runs, top_k, floor, vectors)
                floor_text = "off" if floor > 1 else f"{floor:g}"
                print(
                    f"| {name} | {top_k} | {floor_text} | {r['recall']:.1%} ({r['positives']} pairs) | "
                    f"{r['removed']:.1%} | {r['candidates']:,} | {r['kept']:,} | {r['seconds']:.1f} |"
                )


if __name__ == "__main__":
    main()

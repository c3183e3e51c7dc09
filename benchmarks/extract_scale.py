"""Extraction time against text length: one long text vs its articles one at a time.

    .venv/bin/python benchmarks/extract_scale.py [--words 6000 12500 25000 50000]

The text is BASIL articles (not the held-out events) joined by blank lines, in archive order,
cut at whole articles near each word count. For each size it prints the seconds of one
`extract_statements` call on the whole text, the seconds of one call per article, and their
ratio (target: at most 2x at 50,000 words).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import warnings
import zipfile

from _common import ROOT

sys.path.insert(0, str(ROOT))
from recipes.eval_extract import BASIL_FILE, DEFAULT_SHARED, load_article  # noqa: E402


def articles() -> list[str]:
    held_file = DEFAULT_SHARED / "data" / "framing" / "basil" / "HELD_OUT_EVENTS.txt"
    held = {line.strip() for line in held_file.read_text().splitlines() if line.strip() and not line.startswith("#")}
    with zipfile.ZipFile(DEFAULT_SHARED / BASIL_FILE) as archive:
        names = sorted(n[len("articles/") : -len(".json")] for n in archive.namelist()
                       if n.startswith("articles/") and n.endswith(".json"))
        events = {n: json.loads(archive.read(f"articles/{n}.json"))["triplet-uuid"] for n in names}
    return [load_article("basil:" + n) for n in names if events[n] not in held]


def first_words(pool: list[str], target: int) -> tuple[list[str], int]:
    """The first articles of ``pool`` up to about ``target`` words, and their word count."""
    chosen, words = [], 0
    for text in pool:
        if words >= target:
            break
        chosen.append(text)
        words += len(text.split())
    return chosen, words


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--words", type=int, nargs="+", default=[6000, 12500, 25000, 50000])
    args = ap.parse_args()
    from framing.extract import extract_statements

    pool = articles()
    print(f"{'words':>6} {'articles':>8} {'whole s':>8} {'one by one s':>12} {'ratio':>6} {'statements':>10}")
    for target in args.words:
        chosen, words = first_words(pool, target)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            start = time.perf_counter()
            found = extract_statements("\n\n".join(chosen))
            whole = time.perf_counter() - start
            start = time.perf_counter()
            for text in chosen:
                extract_statements(text)
            apart = time.perf_counter() - start
        print(f"{words:>6} {len(chosen):>8} {whole:>8.2f} {apart:>12.2f} {whole / apart:>6.2f} {len(found):>10}")


if __name__ == "__main__":
    main()

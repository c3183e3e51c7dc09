"""The parser and hybrid extractors' speed: seconds per 1,000 words and growth with text length, against the rules.

    .venv/bin/python benchmarks/parser_speed.py [--words 1000 4000 16000] [--threads 2]

BASIL articles (not the held-out events) are joined to about each word count. For each size it prints,
for ``extract_statements(method="parser")``, ``method="rules"`` and ``method="hybrid"`` (both, combined),
the seconds per 1,000 words on one call (the spaCy pipeline is loaded once before timing, as in a
long-running process), the ratio of that figure to the smallest size's (linear in length: about 1.0;
target: under 1 s per 1,000 words on 2 cores), and `extract_articles` on the same articles one stream
(``nlp.pipe``) against one call per article (parser).
"""

from __future__ import annotations

import argparse
import os
import time
import warnings

from extract_scale import articles, first_words

from _common import machine


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--words", type=int, nargs="+", default=[1000, 4000, 16000])
    ap.add_argument("--threads", type=int, default=2, help="BLAS / OpenMP threads (default 2: the laptop case)")
    args = ap.parse_args()
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(var, str(args.threads))
    from framing.extract import extract_articles, extract_statements
    from framing.extract.pipeline import load_pipeline, model_description

    start = time.perf_counter()
    load_pipeline()
    print(f"{machine()}; {model_description()} loaded in {time.perf_counter() - start:.2f} s")
    pool = articles()
    print(f"{'words':>6} {'arts':>4} {'parser s/1k':>11} {'ratio':>6} {'rules s/1k':>10} {'ratio':>6} "
          f"{'hybrid s/1k':>11} {'ratio':>6} {'pipe s':>7} {'apart s':>7} {'pipe/apart':>10}")
    base: dict[str, float] = {}
    for target in args.words:
        chosen, words = first_words(pool, target)
        joined = "\n\n".join(chosen)
        per_k = {}
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for method in ("parser", "rules", "hybrid"):
                start = time.perf_counter()
                extract_statements(joined, method=method)
                per_k[method] = (time.perf_counter() - start) / (words / 1000)
                base.setdefault(method, per_k[method])
            start = time.perf_counter()
            extract_articles(chosen, method="parser")
            piped = time.perf_counter() - start
            start = time.perf_counter()
            for text in chosen:
                extract_statements(text, method="parser")
            apart = time.perf_counter() - start
        print(f"{words:>6} {len(chosen):>4} {per_k['parser']:>11.3f} {per_k['parser'] / base['parser']:>6.2f} "
              f"{per_k['rules']:>10.3f} {per_k['rules'] / base['rules']:>6.2f} "
              f"{per_k['hybrid']:>11.3f} {per_k['hybrid'] / base['hybrid']:>6.2f} {piped:>7.2f} {apart:>7.2f} "
              f"{piped / apart:>10.2f}")


if __name__ == "__main__":
    main()

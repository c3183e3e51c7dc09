"""What bf16 and int8 cost in accuracy, against the exact fp32 path, with the default model.

* NLI: accuracy on the 3-way rows (entailment / neutral / contradiction) of ``runs/data/dev.jsonl``
  (one direction, premise -> hypothesis), per precision, and the change in points;
* framing: share of calibrated decisions (``is_contradiction`` at the calibrator's threshold) on
  ``runs/framing/dev.jsonl`` that differ from fp32, plus F1 of each precision on its labels.

Targets: <= 0.5 accuracy points and <= 2 % flipped decisions.

Run: ``.venv/bin/python benchmarks/accuracy.py [--n-nli 0] [--n-framing 0]`` (0 = all rows)
"""

from __future__ import annotations

import argparse
import random

import numpy as np

from _common import FRAMING_DEV, NLI_DEV, THREADS, machine, read_jsonl, setup_threads, timed

PRECISIONS = ("fp32", "bf16", "int8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n-nli", type=int, default=0)
    parser.add_argument("--n-framing", type=int, default=0)
    parser.add_argument("--model", default=None)
    args = parser.parse_args()
    setup_threads()
    import framing
    from framing.labels import LABELS

    nli_rows = [r for r in read_jsonl(NLI_DEV) if r["label"] in LABELS]
    if args.n_nli:
        nli_rows = random.Random(0).sample(nli_rows, min(args.n_nli, len(nli_rows)))
    pairs = read_jsonl(FRAMING_DEV)
    if args.n_framing:
        pairs = random.Random(0).sample(pairs, min(args.n_framing, len(pairs)))
    gold = np.array([LABELS.index(r["label"]) for r in nli_rows])
    y = np.array([int(r["label"]) for r in pairs])
    print(f"machine: {machine()}")
    print(f"{len(nli_rows)} 3-way NLI rows ({NLI_DEV.name}), {len(pairs)} framing pairs ({FRAMING_DEV.name}), "
          f"{THREADS} threads")

    premises, hypotheses = [r["premise"] for r in nli_rows], [r["hypothesis"] for r in nli_rows]
    results = {}
    for precision in PRECISIONS:
        det = framing.load(args.model, precision=precision, cache_size=0)
        seconds, probs = timed(lambda det=det: det.nli(premises, hypotheses).to_numpy())
        scores = det.score_pairs([r["text_a"] for r in pairs], [r["text_b"] for r in pairs])
        threshold = float(det.calibrator.threshold_) if det.calibrated else 0.5
        decision = scores["p_contradiction"].to_numpy() >= threshold
        results[precision] = (probs.argmax(1), decision, seconds, threshold, det.calibrated, det.precision)

    base_pred, base_decision = results["fp32"][0], results["fp32"][1]
    base_acc = (base_pred == gold).mean()
    print("\n| precision | NLI accuracy | change (points) | NLI argmax = fp32 | framing decisions flipped vs fp32 "
          "| framing F1 | NLI s |")
    print("|---|---|---|---|---|---|---|")
    for precision, (pred, decision, seconds, _threshold, _calibrated, used) in results.items():
        acc = (pred == gold).mean()
        tp = int((decision & (y == 1)).sum())
        f1 = 2 * tp / max(1, int(decision.sum()) + int((y == 1).sum()))
        print(
            f"| {precision}{'' if used == precision else f' (ran as {used})'} | {acc:.2%} | "
            f"{100 * (acc - base_acc):+.2f} | {(pred == base_pred).mean():.2%} | "
            f"{(decision != base_decision).mean():.2%} ({int((decision != base_decision).sum())}) | {f1:.3f} | "
            f"{seconds:.0f} |"
        )
    print(f"\ndecision threshold {results['fp32'][3]:.3f} (calibrated: {results['fp32'][4]})")


if __name__ == "__main__":
    main()

"""Pairs/s against a FLOP estimate of the model, as a share of this machine's measured GEMM peak.

FLOP estimate per pair: 2 x non-embedding parameters x tokens (the attention score matmuls,
~4 x layers x hidden x tokens^2, are small at these lengths and left out). Reported for the
real tokens and for the padded tokens the batches actually run, and as executed: with the
[CLS]-only last layer (`framing.cls_forward`) every token but [CLS] only runs that layer's key and
value projections. The peak is the best of
``torch.mm`` on square and model-shaped fp32 (and bf16) matrices on 2 threads. Also measures the
batch size and thread count choices of `NLIModel.predict`.

Run: ``.venv/bin/python benchmarks/flops.py [--n 1000]``
"""

from __future__ import annotations

import argparse

import numpy as np

from _common import THREADS, machine, nli_pairs, setup_threads, timed


def gemm_peak(dtype, shapes, repeats: int = 5) -> float:
    import torch

    best = 0.0
    for m, k, n in shapes:
        a, b = torch.randn(m, k).to(dtype), torch.randn(k, n).to(dtype)
        torch.mm(a, b)
        for _ in range(repeats):
            seconds, _ = timed(lambda a=a, b=b: torch.mm(a, b))
            best = max(best, 2 * m * k * n / seconds)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--model", default=None)
    args = parser.parse_args()
    setup_threads()
    import torch

    import framing

    det = framing.load(args.model, cache_size=0)
    nli = det.nli_model
    model = nli.model
    embedding = sum(p.numel() for p in model.get_input_embeddings().parameters())
    base = getattr(model, model.base_model_prefix)
    all_embeddings = sum(p.numel() for p in base.embeddings.parameters()) if hasattr(base, "embeddings") else embedding
    total = sum(p.numel() for p in model.parameters())
    params = total - all_embeddings
    hidden = model.config.hidden_size
    premises, hypotheses = nli_pairs(args.n)
    encoded = nli._encode(list(zip(premises, hypotheses)))
    lengths = np.array([len(ids) for ids in encoded["input_ids"]])
    bs = det.settings.batch_size
    ordered = np.sort(lengths)
    padded = sum(int(ordered[i : i + bs].max()) * len(ordered[i : i + bs]) for i in range(0, len(ordered), bs))

    print(f"machine: {machine()}")
    print(f"model: {det.name}: {total / 1e6:.1f} M parameters, {params / 1e6:.1f} M outside the embeddings")
    print(f"{len(lengths)} pairs, mean {lengths.mean():.1f} tokens (padded in length-sorted batches of {bs}: "
          f"{padded / len(lengths):.1f})")

    nli.predict(premises[:32], hypotheses[:32])
    seconds, _ = timed(lambda: nli.predict(premises, hypotheses, batch_size=bs))
    rate = len(lengths) / seconds
    flops_real = 2 * params * lengths.sum() / seconds
    flops_padded = 2 * params * padded / seconds
    layers = model.config.num_hidden_layers
    attention = sum(4 * layers * hidden * int(L) ** 2 for L in lengths) / seconds
    from framing import cls_forward

    skipped = 0  # weights of the last layer that only [CLS] runs on the CLS-only path
    if nli.cls_only_last_layer and cls_forward.supports(model):
        last = base.encoder.layer[-1]
        key_value = sum(p.numel() for m in (last.attention.self.key, last.attention.self.value) for p in m.parameters())
        skipped = sum(p.numel() for p in last.parameters()) - key_value
    flops_executed = 2 * ((params - skipped) * padded + skipped * len(lengths)) / seconds

    square = [(1024, 1024, 1024), (2048, 2048, 2048)]
    shaped = [(2048, hidden, hidden), (2048, hidden, 4 * hidden), (2048, 4 * hidden, hidden)]
    peak32 = gemm_peak(torch.float32, square + shaped)
    peak16 = gemm_peak(torch.bfloat16, square + shaped)
    print("\n| quantity | value |\n|---|---|")
    print(f"| fp32 pairs/s ({THREADS} threads, batch {bs}) | {rate:.0f} |")
    print(f"| GFLOP/s, real tokens (2 x params x tokens) | {flops_real / 1e9:.1f} |")
    print(f"| GFLOP/s, padded tokens | {flops_padded / 1e9:.1f} |")
    print(f"| + attention matmuls (4 x layers x hidden x len^2) | {attention / 1e9:.1f} |")
    print(f"| measured fp32 GEMM peak, GFLOP/s | {peak32 / 1e9:.1f} |")
    print(f"| GFLOP/s executed (padded tokens, CLS-only last layer: {skipped / 1e6:.2f} M weights skipped per token) "
          f"| {flops_executed / 1e9:.1f} |")
    print(f"| share of fp32 peak (real / padded / executed) | {flops_real / peak32:.0%} / "
          f"{flops_padded / peak32:.0%} / {flops_executed / peak32:.0%} |")
    print(f"| measured bf16 GEMM peak, GFLOP/s | {peak16 / 1e9:.1f} |")

    sample_p, sample_h = premises[:400], hypotheses[:400]
    print("\n| batch size | pairs/s (fp32, 2 threads) |\n|---|---|")
    for size in (8, 16, 32, 64, 128):
        seconds, _ = timed(lambda size=size: nli.predict(sample_p, sample_h, batch_size=size))
        print(f"| {size} | {len(sample_p) / seconds:.0f} |")
    print("\n| threads | pairs/s (fp32, batch 32) |\n|---|---|")
    for threads in (1, 2):
        torch.set_num_threads(threads)
        seconds, _ = timed(lambda: nli.predict(sample_p, sample_h, batch_size=32))
        print(f"| {threads} | {len(sample_p) / seconds:.0f} |")
    torch.set_num_threads(THREADS)


if __name__ == "__main__":
    main()

"""framing's NLI scoring vs the tools users would pick instead, same pairs, same model, one process.

Peers: the Hugging Face ``pipeline("text-classification")`` fed ``{"text": a, "text_pair": b}``,
and sentence-transformers ``CrossEncoder.predict`` (install with ``pip install -e ".[bench]"``).
All score one direction (premise -> hypothesis) of the same pairs with the embedded default
model (``framing.load()``) on 2 threads, batch size 32; framing also in bf16 and int8.

Run: ``.venv/bin/python benchmarks/vs_peers.py [--n 2000] [--repeats 3]`` (timed runs alternate between the scorers)
"""

from __future__ import annotations

import argparse
import tempfile
import warnings
from pathlib import Path

import numpy as np

from _common import THREADS, machine, nli_pairs, setup_threads, timed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--repeats", type=int, default=1, help="timed runs per scorer, alternated; medians shown")
    parser.add_argument("--model", default=None, help="default: the embedded model (framing.load())")
    args = parser.parse_args()
    setup_threads()
    import torch
    from transformers import pipeline

    import framing
    from framing.defaults import default_model

    path = str(args.model or default_model())
    premises, hypotheses = nli_pairs(args.n)
    pairs = list(zip(premises, hypotheses))
    warm = slice(0, 32)
    bs = args.batch_size
    print(f"machine: {machine()}")
    print(f"model: {path}; {len(pairs)} pairs from runs/data/dev.jsonl (seed 0), batch size {bs}, {THREADS} threads")

    probe = framing.load(args.model, cache_size=0, check_labels=False).nli_model
    lengths = [len(ids) for ids in probe._encode(pairs)["input_ids"]]
    over = sum(length > probe.max_length for length in lengths)
    print(f"mean {np.mean(lengths):.1f} tokens per pair; {over} pair(s) over max_length={probe.max_length} "
          "(framing splits those into sentence pairs, the peers truncate them)")
    del probe

    scorers: list[tuple[str, object]] = []  # (label, pairs -> probabilities), each warmed up once
    detectors = {}
    for precision in ("fp32", "bf16", "int8"):
        try:
            det = framing.load(args.model, precision=precision, cache_size=0, batch_size=bs)
        except ValueError as refused:  # int8 on a model whose int8 labels disagree with fp32
            print(f"framing {precision}: refused ({refused})")
            continue
        detectors[precision] = det
        det.nli_model.predict(premises[warm], hypotheses[warm])
        label = f"framing {det.precision}" + (" (exact)" if precision == "fp32" else "")
        scorers.append((label, lambda subset, nli=det.nli_model: nli.predict(
            [a for a, _ in subset], [b for _, b in subset], batch_size=bs)))
    order = detectors["fp32"].nli_model._order

    from framing.adapters import is_adapter_folder

    if is_adapter_folder(Path(path)):  # the peers load whole weights: give them the merged model framing runs
        merged = tempfile.mkdtemp(prefix="vs_peers_")
        detectors["fp32"].nli_model.model.save_pretrained(merged)
        detectors["fp32"].nli_model.tokenizer.save_pretrained(merged)
        path = merged
    # fp32 like framing: the shipped weights are stored fp16, which would otherwise load (slowly) as fp16.
    pipe = pipeline("text-classification", model=path, tokenizer=path, device=-1, top_k=None, dtype=torch.float32)
    id2label = pipe.model.config.id2label
    names = [id2label[i] for i in order]

    def run_pipe(subset):
        out = pipe([{"text": a, "text_pair": b} for a, b in subset], batch_size=bs, truncation=True)
        return np.array([[{d["label"]: d["score"] for d in row}[name] for name in names] for row in out])

    run_pipe(pairs[warm])
    scorers.append(("HF pipeline fp32", run_pipe))

    try:
        from sentence_transformers import CrossEncoder
    except ImportError:
        print("sentence-transformers is not installed: pip install -e '.[bench]' (CrossEncoder row skipped)")
    else:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            cross = CrossEncoder(path, device="cpu", model_kwargs={"dtype": torch.float32})

        def run_cross(subset):
            logits = cross.predict(subset, batch_size=bs, convert_to_numpy=True, show_progress_bar=False)
            return torch.softmax(torch.as_tensor(np.asarray(logits), dtype=torch.float64), dim=-1).numpy()[:, order]

        run_cross(pairs[warm])
        scorers.append(("sentence-transformers CrossEncoder fp32", run_cross))

    # Timed runs alternate between the scorers, so a slow spell of the machine hits all of them.
    times: dict[str, list[float]] = {label: [] for label, _ in scorers}
    outputs: dict[str, np.ndarray] = {}
    for _ in range(max(1, args.repeats)):
        for label, score in scorers:
            seconds, outputs[label] = timed(lambda score=score: score(pairs))
            times[label].append(seconds)
    rows = [(label, float(np.median(times[label])), outputs[label]) for label, _ in scorers]
    exact = rows[0][2]
    if args.repeats > 1:
        print(f"median of {args.repeats} alternated runs; framing fp32 runs: "
              + ", ".join(f"{t:.1f}" for t in times[rows[0][0]]) + " s")

    det = detectors["fp32"]
    seconds_both, _ = timed(lambda: det.score_pairs(premises, hypotheses))

    base = rows[0][1]
    pipe_s = next(s for name, s, _ in rows if name.startswith("HF pipeline"))
    cross_s = next((s for name, s, _ in rows if name.startswith("sentence-transformers")), float("nan"))
    print()
    print("| scorer | seconds | pairs/s | x pipeline | x CrossEncoder | max abs diff vs framing fp32 "
          "| argmax agreement |")
    print("|---|---|---|---|---|---|---|")
    for name, seconds, probs in rows:
        diff = np.abs(probs - exact).max()
        agree = (probs.argmax(1) == exact.argmax(1)).mean()
        print(
            f"| {name} | {seconds:.1f} | {len(pairs) / seconds:.0f} | {pipe_s / seconds:.2f} | "
            f"{cross_s / seconds:.2f} | {diff:.4f} | {agree:.1%} |"
        )
    print(
        f"\nframing score_pairs (both directions, {2 * len(pairs)} forward rows, fp32): {seconds_both:.1f} s, "
        f"{len(pairs) / seconds_both:.0f} pairs/s"
    )
    print(f"exact-path ratios: {pipe_s / base:.2f}x pipeline (target >= 3), "
          f"{cross_s / base:.2f}x CrossEncoder (target >= 1.5)")


if __name__ == "__main__":
    main()

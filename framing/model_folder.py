"""A detector's folder: a Hugging Face model folder (config, safetensors weights, tokenizer) plus
``framing.json`` (format version, label names, settings) and, when calibrated, ``calibrator.json``;
how its files are read and how a save replaces them atomically. JSON and safetensors only.

Beside `framing.checkpoints`, which checks the Hugging Face files; `framing.detector` builds a
`Detector` from what is read here.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from . import defaults
from .checkpoints import TOKENIZER_FILES
from .labels import LABELS

__all__ = [
    "CALIBRATOR_JSON", "FORMAT_VERSION", "FRAMING_JSON", "SAVED_FILES", "check_save_folder", "optional_file",
    "read_settings", "save_atomically", "write_folder",
]

FORMAT_VERSION = 1
FRAMING_JSON = "framing.json"
CALIBRATOR_JSON = "calibrator.json"
#: What a detector save writes: ``save_pretrained(overwrite=True)`` replaces these (and removes the
#: ones this save does not write, such as stale weight shards); other files in the folder stay.
SAVED_FILES = frozenset({
    "config.json", "generation_config.json", FRAMING_JSON, CALIBRATOR_JSON,
    "model.safetensors", "model.safetensors.index.json",
    "tokenizer_config.json", "special_tokens_map.json", "added_tokens.json", "merges.txt", "chat_template.jinja",
    *TOKENIZER_FILES,
})
WEIGHT_SHARD = re.compile(r"model-\d{5}-of-\d{5}\.safetensors")


def optional_file(
    source: str, folder: Path | None, filename: str, *, revision: str | None, local_files_only: bool
) -> Path | None:
    """Path of an optional file in a model folder (``folder``) or hub repo, or None if it has none."""
    if folder is not None:
        candidate = folder / filename
        return candidate if candidate.is_file() else None
    from huggingface_hub import hf_hub_download
    from huggingface_hub.errors import (
        EntryNotFoundError,
        LocalEntryNotFoundError,
        RepositoryNotFoundError,
    )

    try:
        return Path(hf_hub_download(source, filename, revision=revision, local_files_only=local_files_only))
    except (EntryNotFoundError, LocalEntryNotFoundError, RepositoryNotFoundError):
        # No such file (or repo): loading the model itself then gives the precise error.
        return None


def read_meta(path: Path) -> dict[str, Any]:
    """The ``framing.json`` object, or a ValueError naming the file (and the line) and the fix."""
    fix = "Save the detector again with save_pretrained(), or fix the file."
    try:
        saved = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise ValueError(
            f"{path}: expected JSON, got invalid JSON at line {error.lineno}, column {error.colno} "
            f"({error.msg}). {fix}"
        ) from error
    except UnicodeDecodeError as error:
        raise ValueError(f"{path}: expected UTF-8 JSON text, got undecodable bytes ({error.reason}). {fix}") from error
    if not isinstance(saved, dict) or not isinstance(saved.get("settings", {}), dict):
        got = type(saved).__name__ if not isinstance(saved, dict) else f"settings {saved['settings']!r}"
        raise ValueError(f"{path}: expected a JSON object with format_version and a settings object, got {got}. {fix}")
    return saved


def check_save_folder(directory: Path, overwrite: bool) -> None:
    """Refuse the embedded and default models, symlinks, files, and (unless ``overwrite``) non-empty folders."""
    target = directory.resolve()
    default = defaults.default_model()
    refused = {p.resolve() for p in [defaults.DEFAULT_MODEL_PATH, *defaults.embedded_folders()]}
    refused |= {default.resolve()} if isinstance(default, Path) else set()
    if target in refused:
        raise ValueError(
            f"save_pretrained expected a folder other than the default or an embedded model's, got "
            f"{str(directory)!r}. Those are rebuilt by their recipes only: save to another folder (and point "
            f"{defaults.MODEL_ENV} at it to make it the default)."
        )
    if directory.is_symlink():
        raise ValueError(
            f"save_pretrained expected a real folder, got the symlink {str(directory)!r} -> {str(target)!r}. "
            "framing never writes through symlinks: pass the folder itself."
        )
    if directory.exists() and not directory.is_dir():
        raise ValueError(f"save_pretrained expected a folder, got the file {str(directory)!r}. Pass a folder path.")
    entries = sorted(p.name for p in directory.iterdir()) if directory.is_dir() else []
    if entries and not overwrite:
        shown = entries[:5] + (["..."] if len(entries) > 5 else [])
        raise FileExistsError(
            f"save_pretrained expected a new or empty folder, got {str(directory)!r} holding {len(entries)} "
            f"entries ({', '.join(shown)}). Pass overwrite=True to replace the model files there (other files "
            "are kept), or save to another folder."
        )


def read_settings(path: Path) -> dict[str, Any]:
    """The ``settings`` object of a ``framing.json``, refused when the file is of a newer format."""
    saved = read_meta(path)
    version = saved.get("format_version")
    if not isinstance(version, int) or version > FORMAT_VERSION:
        raise ValueError(
            f"{path}: format_version expected an integer <= {FORMAT_VERSION}, "
            f"got {version!r}. Upgrade framing-clash to read this detector."
        )
    return saved.get("settings", {})


def write_meta(folder: Path, label_indices: Mapping[str, int], settings: Mapping[str, Any], calibrated: bool) -> None:
    """``folder``'s ``framing.json``: the format version, the labels by index, the settings, whether calibrated."""
    meta = {"format_version": FORMAT_VERSION, "labels": list(LABELS), "label_indices": dict(label_indices),
            "settings": dict(settings), "calibrated": calibrated}
    (folder / FRAMING_JSON).write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")


def write_folder(folder: Path, nli: Any, settings: Mapping[str, Any], calibrator: Any) -> None:
    """All files of a detector (its NLI model, ``settings``, its calibrator or None) into an empty ``folder``."""
    nli.save_pretrained(folder)
    write_meta(folder, nli.label_indices, settings, calibrated=calibrator is not None)
    if calibrator is not None:
        target = folder / CALIBRATOR_JSON
        if hasattr(calibrator, "save"):
            calibrator.save(target)
        else:
            target.write_text(json.dumps(calibrator.to_dict(), indent=2), encoding="utf-8")


def save_atomically(directory: str | Path, write: Callable[[Path], None], *, overwrite: bool) -> Path:
    """Run ``write(staging)`` into a temporary folder beside ``directory``, then move its files in: a
    failed save leaves the folder as it was. See `framing.Detector.save_pretrained` for what is refused
    and what ``overwrite`` replaces."""
    directory = Path(directory).expanduser()
    check_save_folder(directory, overwrite)
    directory.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{directory.name}.saving-", dir=directory.parent))
    try:
        write(staging)
        written = {p.name for p in staging.iterdir()}
        present = [p.name for p in directory.iterdir()] if directory.is_dir() else []
        stale = {name for name in present if name in SAVED_FILES or WEIGHT_SHARD.fullmatch(name)}
        links = sorted(n for n in written | stale if (directory / n).is_symlink())
        if links:
            raise ValueError(
                f"save_pretrained expected real files in {str(directory)!r}, got symlinks {links}. "
                "framing never writes through symlinks: remove them, or save to another folder."
            )
        directory.mkdir(exist_ok=True)
        for name in sorted(stale - written):
            (directory / name).unlink()
        for name in sorted(written):
            os.replace(staging / name, directory / name)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return directory

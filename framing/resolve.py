"""From what the caller named to what runs: the one way from a ``model`` argument to a scorer
(`resolve_scorer`) and the one rule for its decision threshold (`decision_threshold`).

``None`` means the default model (`framing.defaults`: ``$FRAMING_MODEL``, else the embedded
``framing-mpnet-clash``). A model given by path, hub id or None is loaded once and kept
(`framing.loaded.LOADED`), with its score cache, so that re-running a notebook cell scores only new
pairs. A folder whose files change is loaded again. `framing.compare`, `framing.compare_corpus`,
`framing.evaluate`, the command line and the Ray workers all go through `resolve_scorer`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Protocol

import pandas as pd

from . import loaded
from .defaults import MODEL_ENV, default_model, embedded, model_env
from .detector import CALIBRATOR_JSON, Detector
from .nli import NLIModel

__all__ = [
    "DEFAULT_THRESHOLD", "PairScorer", "check_scorer", "decision_threshold", "load", "loaded_detector",
    "model_name", "resolve_scorer", "saved_calibrator", "scorer_name",
]

#: The decision threshold of a scorer without a calibrator.
DEFAULT_THRESHOLD = 0.5


def load(name_or_path: str | Path | None = None, **kwargs: Any) -> Any:
    """Load a `framing.Detector`: the default model, a detector folder, an NLI checkpoint or a hub id.

    Args:
        name_or_path: None for the default model (see `default_model`: ``$FRAMING_MODEL``, else
            the embedded ``models/framing-mpnet-clash``); an embedded model by name
            (``"framing-minilm-nli"``, about 9x faster on CPU); a folder; or a hub id.
        **kwargs: Passed to `framing.Detector.from_pretrained` (``local_files_only``, ``revision``,
            ``device``, ``label_map``, ``precision``, ``cache_size``, ``cache_dir``, ...).

    Raises:
        FileNotFoundError: ``None`` was given but the default model folder is not there.

    Example:
        >>> det = framing.load()  # doctest: +SKIP
        >>> det = framing.load("cross-encoder/nli-deberta-v3-base", device="cuda")  # doctest: +SKIP
    """
    if name_or_path is None:
        name_or_path = default_model()
        if isinstance(name_or_path, str):  # a hub id from $FRAMING_MODEL: if it fails, say where it came from
            _check_env_hub_id(name_or_path, kwargs)
            try:
                return Detector.from_pretrained(name_or_path, **kwargs)
            except (OSError, ValueError) as error:
                raise FileNotFoundError(
                    f"default model expected from ${MODEL_ENV}={name_or_path!r}, got no folder of that name here "
                    f"and no hub model that loads ({type(error).__name__}: {error}). Point {MODEL_ENV} at the "
                    "model folder (an absolute path is safest) or at a hub id this machine can reach."
                ) from error
        if isinstance(name_or_path, Path) and not name_or_path.is_dir():
            got = "a file" if name_or_path.exists() else "no such folder"
            if model_env():
                where = f"(from ${MODEL_ENV}); point it at the model folder"
            else:
                where = f"(framing ships it: reinstall framing-clash, or use a clone), or set {MODEL_ENV}=<folder>"
            raise FileNotFoundError(
                f"default model expected at {str(name_or_path)!r}, got {got} {where}; or pass a checkpoint: "
                "framing.load('path/to/nli-checkpoint') or a hub id such as "
                "framing.load('cross-encoder/nli-MiniLM2-L6-H768')."
            )
    return Detector.from_pretrained(embedded(name_or_path), **kwargs)


def _check_env_hub_id(value: str, kwargs: dict[str, Any]) -> None:
    """Fail at once, naming the variable and the folder it was read against, when ``$FRAMING_MODEL``
    is neither a folder here nor a hub model that can be had (cached, or the hub answers): a
    relative folder set in another directory would otherwise wait out the hub client's retries."""
    from huggingface_hub import HfApi, constants, try_to_load_from_cache

    revision = kwargs.get("revision")
    if isinstance(try_to_load_from_cache(value, "config.json", revision=revision), str):
        return
    if kwargs.get("local_files_only") or constants.HF_HUB_OFFLINE:
        problem = "it is not in the Hugging Face cache (offline)"
    else:
        try:
            HfApi().model_info(value, revision=revision, timeout=10)
            return
        except Exception as error:  # whatever the probe meets, the model cannot be had from here
            problem = f"the hub has no model of that name or cannot be reached ({type(error).__name__}: {error})"
    folder = Path.cwd() / Path(value).expanduser()
    raise FileNotFoundError(
        f"default model expected from ${MODEL_ENV}={value!r}, got no folder {str(folder)!r} (a relative path is read "
        f"from the current folder, {str(Path.cwd())!r}) and no hub model: {problem}. Point {MODEL_ENV} at the model "
        "folder with an absolute path, or at a hub id this machine can reach."
    )


class PairScorer(Protocol):
    """Anything that scores pairs: a `framing.Detector`, or a fake in tests."""

    def score_pairs(self, texts_a: list[str], texts_b: list[str]) -> pd.DataFrame: ...


def loaded_detector(
    model: str | Path | None, batch_size: int = 32, precision: str = "fp32", device: str | None = None
) -> Detector:
    """The `framing.Detector` for a path, hub id or None (the default), loaded once per process."""
    target = Path(embedded(model)).expanduser() if model is not None else default_model()
    stamps = loaded.folder_stamps(Path(target), frozenset({".json", ".safetensors"}))
    key = ("detector", str(target if model is None else model), batch_size, precision, device, stamps)
    return loaded.LOADED.get(key, lambda: load(model, batch_size=batch_size, precision=precision, device=device))


def check_scorer(model: Any, scorer: Any) -> None:
    """At most one of ``model`` and ``scorer``; a ``scorer`` must have ``score_pairs``."""
    if scorer is None:
        return
    if model is not None:
        raise ValueError(
            f"compare expected either model or scorer, got both (model={model!r}). Pass only one of them."
        )
    if not callable(getattr(scorer, "score_pairs", None)):
        raise TypeError(
            f"scorer expected an object with score_pairs(texts_a, texts_b), got "
            f"{type(scorer).__name__}. Pass a Detector or such an object."
        )


def resolve_scorer(
    model: Any, scorer: Any = None, *, batch_size: int = 32, precision: str = "fp32", device: str | None = None
) -> Any:
    """What scores the pairs: ``scorer`` as given, else a `framing.Detector` for ``model``: a
    Detector as given, an `NLIModel` wrapped (uncalibrated), a path, hub id or None loaded once per
    process with ``batch_size``, ``precision`` and ``device`` (`loaded_detector`).

    Raises:
        ValueError: Both ``model`` and ``scorer``.
        TypeError: A ``scorer`` without ``score_pairs``, or a ``model`` of another type.
    """
    check_scorer(model, scorer)
    if scorer is not None:
        return scorer
    if model is None or isinstance(model, (str, Path)):
        return loaded_detector(model, batch_size, precision, device)
    if isinstance(model, Detector):
        return model
    if isinstance(model, NLIModel):
        return Detector(model)
    raise TypeError(
        f"model expected a Detector, NLIModel, path, hub id or None, got "
        f"{type(model).__name__}. Use framing.load(...) or pass a checkpoint path."
    )


def decision_threshold(threshold: float | None, scorer: Any) -> float:
    """The one rule for ``is_contradiction``'s cut-off: ``threshold`` if given, else the calibrator's
    ``threshold_``, else `DEFAULT_THRESHOLD` (0.5).

    ``scorer`` is what scores the pairs (a `framing.Detector` or any scorer: its ``calibrator``), a
    calibrator itself (`saved_calibrator`), or None.

    Example:
        >>> decision_threshold(None, None), decision_threshold(0.7, None)
        (0.5, 0.7)
    """
    if threshold is not None:
        return float(threshold)
    calibrator = getattr(scorer, "calibrator", scorer)
    own = getattr(calibrator, "threshold_", None)
    return float(own) if isinstance(own, (int, float)) and not isinstance(own, bool) else DEFAULT_THRESHOLD


def saved_calibrator(model: str | Path | None) -> Any:
    """The calibrator saved in a local model folder (None when it has none), read without the weights:
    what a process that leaves the loading to others (the Ray driver) can know of a model's threshold.

    Raises:
        LookupError: ``model`` names no local folder (a hub id: only whoever loads it reads its files).
    """
    folder = Path(default_model()) if model is None else Path(embedded(model)).expanduser()
    if not folder.is_dir():
        raise LookupError(f"model expected a local folder to read {CALIBRATOR_JSON} from, got {str(model)!r}.")
    if not (folder / CALIBRATOR_JSON).is_file():
        return None
    from .calibration import ContradictionCalibrator  # scikit-learn: only for calibrated models

    return ContradictionCalibrator.load(folder / CALIBRATOR_JSON)


def model_name(name: str | Path) -> str:
    """How a result names a model: an existing local folder as its absolute path (so a result read
    back elsewhere still finds it), a hub id or a scorer's name as given."""
    path = Path(name).expanduser()
    try:
        return str(path.resolve()) if str(name).strip() and path.is_dir() else str(name)
    except OSError:  # pragma: no cover - an unreadable path: keep what was given
        return str(name)


def scorer_name(model: Any, scorer: Any) -> str | None:
    """The name of what was asked for (a `model_name`), without loading it: the scorer's ``name``
    (else its class), or the model's path, hub id or ``name``; None for the default model."""
    if scorer is not None:
        return model_name(str(getattr(scorer, "name", None) or type(scorer).__name__))
    if isinstance(model, (str, Path)):
        return model_name(model)
    name = getattr(model, "name", None)
    return None if name is None else model_name(str(name))

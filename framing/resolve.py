"""From what the caller named to what runs: the default model, the scorer, the models loaded once
per process, the threshold.

``None`` means the default model: ``$FRAMING_MODEL`` (a folder or hub id) when set, else the
embedded ``models/framing-minilm-nli``. A model given by path, hub id or None is loaded once and
kept, with its score cache, so that re-running a notebook cell scores only new pairs; the
sentence encoder is kept the same way. A folder whose files change is loaded again.
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

import pandas as pd

__all__ = [
    "DEFAULT_MODEL_NAME",
    "DEFAULT_MODEL_PATH",
    "MODEL_ENV",
    "default_model",
    "load",
    "DEFAULT_THRESHOLD", "LOADED", "LoadedModels", "PairScorer", "check_scorer", "decision_threshold",
    "folder_stamps", "loaded_detector", "model_name", "resolve_scorer", "scorer_name",
]

DEFAULT_MODEL_NAME = "framing-minilm-nli"
#: The embedded default model, next to the source (a clone or an editable install).
DEFAULT_MODEL_PATH = Path(__file__).resolve().parent.parent / "models" / DEFAULT_MODEL_NAME
#: Environment variable naming the model that ``None`` means: a folder or a hub id.
MODEL_ENV = "FRAMING_MODEL"
# Its name before 0.2: still read, with a DeprecationWarning, when MODEL_ENV is not set.
_OLD_MODEL_ENV = "FRAMING_DEFAULT_MODEL"
#: The decision threshold of a scorer without a calibrator.
DEFAULT_THRESHOLD = 0.5


def _model_env() -> tuple[str, str]:
    """(variable, value) of the environment's model choice; value "" when none is set."""
    value = os.environ.get(MODEL_ENV, "").strip()
    if value:
        return MODEL_ENV, value
    old = os.environ.get(_OLD_MODEL_ENV, "").strip()
    if old:
        from .deprecation import warn_deprecated

        warn_deprecated(f"{_OLD_MODEL_ENV} is deprecated: set {MODEL_ENV}={old} instead (a model folder or hub id).")
    return _OLD_MODEL_ENV, old


def default_model() -> str | Path:
    """What ``model=None`` loads: ``$FRAMING_MODEL`` when set (a folder as a resolved `Path`, a hub
    id as a string), else `DEFAULT_MODEL_PATH`. The old ``$FRAMING_DEFAULT_MODEL`` is always a folder."""
    from .checkpoints import looks_local

    variable, value = _model_env()
    if not value:
        return DEFAULT_MODEL_PATH
    path = Path(value).expanduser()
    if variable == _OLD_MODEL_ENV or path.exists() or looks_local(value):
        return path.resolve()
    return value


def load(name_or_path: str | Path | None = None, **kwargs: Any) -> Any:
    """Load a `framing.Detector`: the default model, a detector folder, an NLI checkpoint or a hub id.

    Args:
        name_or_path: None for the default model (see `default_model`: ``$FRAMING_MODEL``, else
            the embedded ``models/framing-minilm-nli``).
        **kwargs: Passed to `framing.Detector.from_pretrained` (``local_files_only``, ``revision``,
            ``device``, ``label_map``, ``precision``, ``cache_size``, ``cache_dir``, ...).

    Raises:
        FileNotFoundError: ``None`` was given but the default model folder is not there.

    Example:
        >>> det = framing.load()  # doctest: +SKIP
        >>> det = framing.load("cross-encoder/nli-deberta-v3-base", device="cuda")  # doctest: +SKIP
    """
    from .detector import Detector

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
            variable, value = _model_env()
            if value:
                where = f"(from ${variable}); point it at the model folder"
            else:
                where = f"(the repository's models/: use a clone or an editable install), or set {MODEL_ENV}=<folder>"
            raise FileNotFoundError(
                f"default model expected at {str(name_or_path)!r}, got {got} {where}; or pass a checkpoint: "
                "framing.load('path/to/nli-checkpoint') or a hub id such as "
                "framing.load('cross-encoder/nli-MiniLM2-L6-H768')."
            )
    return Detector.from_pretrained(name_or_path, **kwargs)


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


class LoadedModels:
    """Models kept by key, the least recently used dropped past ``per_kind`` of a kind.

    Example:
        >>> models = LoadedModels(per_kind=1)
        >>> models.get(("detector", "a"), lambda: "A"), models.get(("detector", "b"), lambda: "B")
        ('A', 'B')
        >>> len(models)
        1
    """

    def __init__(self, per_kind: int = 2) -> None:
        self.per_kind = per_kind
        self._items: OrderedDict[tuple, Any] = OrderedDict()
        self._lock = threading.RLock()  # a load may resolve another model

    def get(self, key: tuple, load: Callable[[], Any]) -> Any:
        """The model under ``key`` (its first item is the kind), loading it with ``load()`` if absent."""
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
            same_kind = [k for k in self._items if k[0] == key[0]]
            for old in same_kind[: max(0, len(same_kind) - self.per_kind + 1)]:
                del self._items[old]
            self._items[key] = value = load()
            return value

    def clear(self) -> None:
        """Forget every loaded model."""
        with self._lock:
            self._items.clear()

    def __len__(self) -> int:
        return len(self._items)


#: The models `framing.compare` (and the prefilter's sentence encoder) loaded in this process.
LOADED = LoadedModels()


def folder_stamps(path: Path, suffixes: frozenset[str] | None = None) -> tuple:
    """(name, modification time) of a folder's files (only ``suffixes`` when given): a changed file, a new key."""
    if not path.is_dir():
        return ()
    return tuple(
        (p.name, p.stat().st_mtime_ns)
        for p in sorted(path.iterdir())
        if p.is_file() and (suffixes is None or p.suffix in suffixes)
    )


def loaded_detector(model: str | Path | None, batch_size: int, precision: str) -> Any:
    """The `framing.Detector` for a path, hub id or None (the default), loaded once per process."""
    target = Path(model).expanduser() if model is not None else default_model()
    stamps = folder_stamps(Path(target), frozenset({".json", ".safetensors"}))
    key = ("detector", str(target if model is None else model), batch_size, precision, stamps)
    return LOADED.get(key, lambda: load(model, batch_size=batch_size, precision=precision))


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


def resolve_scorer(model: Any, scorer: Any, *, batch_size: int = 32, precision: str = "fp32") -> Any:
    """What scores the pairs: ``scorer`` as given, else a `framing.Detector` for ``model``.

    Raises:
        ValueError: Both ``model`` and ``scorer``.
        TypeError: A ``scorer`` without ``score_pairs``, or a ``model`` of another type.
    """
    check_scorer(model, scorer)
    if scorer is not None:
        return scorer
    from .detector import Detector
    from .nli import NLIModel

    if model is None or isinstance(model, (str, Path)):
        return loaded_detector(model, batch_size, precision)
    if isinstance(model, Detector):
        return model
    if isinstance(model, NLIModel):
        return Detector(model)
    raise TypeError(
        f"model expected a Detector, NLIModel, path, hub id or None, got "
        f"{type(model).__name__}. Use framing.load(...) or pass a checkpoint path."
    )


def decision_threshold(threshold: float | None, scorer: Any) -> float:
    """``threshold`` if given, else the scorer's own: its ``threshold`` (a `framing.Detector`'s), or
    its calibrator's ``threshold_`` (another scorer with a calibrator); else 0.5."""
    if threshold is not None:
        return float(threshold)
    own = getattr(scorer, "threshold", None)
    if own is None:
        own = getattr(getattr(scorer, "calibrator", None), "threshold_", None)
    return float(own) if isinstance(own, (int, float)) and not isinstance(own, bool) else DEFAULT_THRESHOLD


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

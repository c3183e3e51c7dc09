"""What ``model=None`` means: the default model, named by ``$FRAMING_MODEL`` or embedded with framing.

A leaf module (it imports only `framing.checkpoints`, itself a leaf), so that the detector, which
refuses to save over the default model, and `framing.resolve`, which loads it, both read it here.
"""

from __future__ import annotations

import os
from pathlib import Path

from .checkpoints import looks_local
from .deprecation import warn_deprecated

__all__ = ["DEFAULT_MODEL_NAME", "DEFAULT_MODEL_PATH", "MODEL_ENV", "default_model", "model_env"]

DEFAULT_MODEL_NAME = "framing-minilm-nli"
_PACKAGE = Path(__file__).resolve().parent
_IN_WHEEL, _IN_CLONE = _PACKAGE / "models" / DEFAULT_MODEL_NAME, _PACKAGE.parent / "models" / DEFAULT_MODEL_NAME
#: The embedded default model: inside the installed package (a wheel carries ``models/`` as
#: ``framing/models/``), else next to the source (a clone or an editable install).
DEFAULT_MODEL_PATH = _IN_WHEEL if _IN_WHEEL.is_dir() else _IN_CLONE
#: Environment variable naming the model that ``None`` means: a folder or a hub id.
MODEL_ENV = "FRAMING_MODEL"
# Its name before 0.2: still read, with a DeprecationWarning, when MODEL_ENV is not set.
_OLD_MODEL_ENV = "FRAMING_DEFAULT_MODEL"


def model_env() -> tuple[str, str]:
    """(variable, value) of the environment's model choice; value "" when none is set."""
    value = os.environ.get(MODEL_ENV, "").strip()
    if value:
        return MODEL_ENV, value
    old = os.environ.get(_OLD_MODEL_ENV, "").strip()
    if old:
        warn_deprecated(f"{_OLD_MODEL_ENV} is deprecated: set {MODEL_ENV}={old} instead (a model folder or hub id).")
    return _OLD_MODEL_ENV, old


def default_model() -> str | Path:
    """What ``model=None`` loads: ``$FRAMING_MODEL`` when set (a folder as a resolved `Path`, a hub
    id as a string), else `DEFAULT_MODEL_PATH`. The old ``$FRAMING_DEFAULT_MODEL`` is always a folder."""
    variable, value = model_env()
    if not value:
        return DEFAULT_MODEL_PATH
    path = Path(value).expanduser()
    if variable == _OLD_MODEL_ENV or path.exists() or looks_local(value):
        return path.resolve()
    return value

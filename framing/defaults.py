"""What ``model=None`` means: the default model, named by ``$FRAMING_MODEL`` or embedded with framing.

A leaf module (it imports only `framing.checkpoints`, itself a leaf), so that the detector, which
refuses to save over the default model, and `framing.resolve`, which loads it, both read it here.
"""

from __future__ import annotations

import os
from pathlib import Path

from .checkpoints import looks_local

__all__ = ["DEFAULT_MODEL_NAME", "DEFAULT_MODEL_PATH", "MODEL_ENV", "default_model", "model_env"]

DEFAULT_MODEL_NAME = "framing-minilm-nli"
_PACKAGE = Path(__file__).resolve().parent
_IN_WHEEL, _IN_CLONE = _PACKAGE / "models" / DEFAULT_MODEL_NAME, _PACKAGE.parent / "models" / DEFAULT_MODEL_NAME
#: The embedded default model: inside the installed package (a wheel carries ``models/`` as
#: ``framing/models/``), else next to the source (a clone or an editable install).
DEFAULT_MODEL_PATH = _IN_WHEEL if _IN_WHEEL.is_dir() else _IN_CLONE
#: Environment variable naming the model that ``None`` means: a folder or a hub id.
MODEL_ENV = "FRAMING_MODEL"


def model_env() -> str:
    """The model ``$FRAMING_MODEL`` names (a folder or hub id), "" when it is not set."""
    return os.environ.get(MODEL_ENV, "").strip()


def default_model() -> str | Path:
    """What ``model=None`` loads: ``$FRAMING_MODEL`` when set (a folder as a resolved `Path`, a hub
    id as a string), else `DEFAULT_MODEL_PATH`."""
    value = model_env()
    if not value:
        return DEFAULT_MODEL_PATH
    path = Path(value).expanduser()
    if path.exists() or looks_local(value):
        return path.resolve()
    return value

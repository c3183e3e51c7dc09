"""What ``model=None`` means: the default model, named by ``$FRAMING_MODEL`` or embedded with framing.

A leaf module (it imports only `framing.checkpoints`, itself a leaf), so that the detector, which
refuses to save over the default model, and `framing.resolve`, which loads it, both read it here.
"""

from __future__ import annotations

import os
from pathlib import Path

from .checkpoints import looks_local

__all__ = ["DEFAULT_MODEL_NAME", "DEFAULT_MODEL_PATH", "EMBEDDED_MODELS", "MODEL_ENV", "default_model",
           "embedded", "embedded_folders", "model_env"]

#: The models framing ships, by name: the default (all-mpnet-base-v2 with a clash-trained adapter) and
#: the MiniLM model, about 9x faster on CPU, for large corpora.
EMBEDDED_MODELS = ("framing-mpnet-clash", "framing-minilm-nli")
DEFAULT_MODEL_NAME = EMBEDDED_MODELS[0]
_PACKAGE = Path(__file__).resolve().parent
#: Where the embedded models are: inside the installed package (a wheel carries ``models/`` as
#: ``framing/models/``), else next to the source (a clone or an editable install).
_MODELS = _PACKAGE / "models" if (_PACKAGE / "models").is_dir() else _PACKAGE.parent / "models"
DEFAULT_MODEL_PATH = _MODELS / DEFAULT_MODEL_NAME
#: Environment variable naming the model that ``None`` means: a folder or a hub id.
MODEL_ENV = "FRAMING_MODEL"


def model_env() -> str:
    """The model ``$FRAMING_MODEL`` names (a folder or hub id), "" when it is not set."""
    return os.environ.get(MODEL_ENV, "").strip()


def embedded(name_or_path: str | Path) -> str | Path:
    """The folder of an embedded model given by its bare name (``"framing-minilm-nli"``) when no folder of
    that name is in the current directory; anything else as given."""
    if isinstance(name_or_path, str) and name_or_path in EMBEDDED_MODELS and not Path(name_or_path).exists():
        return _MODELS / name_or_path
    return name_or_path


def embedded_folders() -> list[Path]:
    """The folders of the embedded models (never written to but by their recipes)."""
    return [_MODELS / name for name in EMBEDDED_MODELS]


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

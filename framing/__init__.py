"""framing: find contradictory framing between parties' statements with an NLI model.

Example:
    >>> import framing
    >>> df = framing.compare([
    ...     {"party": "United States", "text": "The talks were productive."},
    ...     {"party": "North Korea", "text": "The results of the talks are extremely worrisome."},
    ... ])  # doctest: +SKIP

The names here are the workflow: compare statements or articles, read and explain the result,
label pairs and calibrate or fine-tune on them. Everything else lives in its module
(``framing.plots.heatmap``, ``framing.nli.NLIModel``, ...; ``docs/architecture.md`` maps them).
Importing this package does not import torch or scikit-learn; models load on first use, and
`evaluate` and `finetune` import their module when first used.
"""

import warnings
from importlib import import_module
from typing import Any

from . import plots, repository  # noqa: F401 (framing.plots.heatmap, framing.repository.seed_folder)
from .cards import cards
from .compare import compare
from .corpus import compare_corpus
from .detector import Detector
from .explain import explain
from .extract import extract_statements
from .labeling import label_queue, read_labels
from .report import report
from .resolve import load
from .statements import Statement, read_jsonl
from .summary import summary

__version__ = "0.1.0"

# name -> module, imported on first access (PEP 562): these modules import scikit-learn.
_LAZY = {"evaluate": "evaluation", "finetune": "training"}

# Top-level names of 0.1 that moved to their module: still reachable here, with a DeprecationWarning.
_MOVED = {
    "COLUMNS": "frames", "CONTEXT_COLUMNS": "frames", "OUTPUT_COLUMNS": "frames",
    "Cards": "cards",
    "DEFAULT_MODEL_NAME": "resolve", "DEFAULT_MODEL_PATH": "resolve",
    "LABELS": "labels", "resolve_label_indices": "labels",
    "ContradictionCalibrator": "calibration",
    "Explanation": "explain", "explanation_frame": "explain",
    "NLIModel": "nli",
    "Pairing": "pairing", "make_pairs": "pairing", "topic_prefilter": "pairing",
    "Settings": "detector",
    "clashes_over_time": "corpus",
    "heatmap": "plots", "score_distribution": "plots",
    "nli_features": "features",
    "reliability_figure": "metrics",
    "report_html": "report",
    "seed_folder": "repository",
    "split_sentences": "inference",
    "to_statements": "statements", "write_jsonl": "statements",
}
_RENAMED = {"normalize_text": ("pairing", "normalise_text")}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        value = getattr(import_module(f"{__name__}.{_LAZY[name]}"), name)
        globals()[name] = value
        return value
    if name in _MOVED or name in _RENAMED:
        module, new = _RENAMED.get(name, (_MOVED.get(name), name))
        warnings.warn(f"framing.{name} is deprecated: use `from framing.{module} import {new}`.", DeprecationWarning,
                      stacklevel=2)
        return getattr(import_module(f"{__name__}.{module}"), new)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))


__all__ = [
    "Detector",
    "Statement",
    "__version__",
    "cards",
    "compare",
    "compare_corpus",
    "evaluate",
    "explain",
    "extract_statements",
    "finetune",
    "label_queue",
    "load",
    "read_jsonl",
    "read_labels",
    "report",
    "summary",
]

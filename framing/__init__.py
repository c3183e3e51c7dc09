"""framing: find contradictory framing between parties' statements with an NLI model.

Example:
    >>> import framing
    >>> df = framing.compare([
    ...     {"party": "United States", "text": "The talks were productive."},
    ...     {"party": "North Korea", "text": "The results of the talks are extremely worrisome."},
    ... ])  # doctest: +SKIP

The names here are the workflow: compare statements or articles, read and explain the result,
label pairs and calibrate or fine-tune on them. Everything else lives in its module: import it
from there, ``from framing.plots import heatmap`` (``docs/architecture.md`` maps them). No module
takes a function's name: ``framing.explain`` is the function and `framing.explaining` its module
(``from framing.explaining import Explanation``); likewise `framing.comparing`,
`framing.quote_cards`, `framing.reporting` and `framing.summarising`.
Importing this package does not import torch or scikit-learn; models load on first use, and
`evaluate` and `finetune` import their module when first used.
"""

from importlib import import_module as _import_module
from typing import Any as _Any

from . import plots, repository  # noqa: F401 (framing.plots.heatmap, framing.repository.seed_folder)
from .comparing import compare
from .corpus import compare_corpus
from .deprecation import moved_names as _moved_names
from .detector import Detector
from .explaining import explain
from .extract import extract_statements
from .labeling import label_queue, read_labels
from .quote_cards import cards
from .reporting import report
from .resolve import load
from .statements import Statement, read_jsonl
from .summarising import summary
from .version import __version__

# name -> module, imported on first access (PEP 562): these modules import scikit-learn.
_LAZY = {"evaluate": "evaluation", "finetune": "training"}

# Top-level names of 0.1 that moved to their module: still reachable here, with a DeprecationWarning.
_MOVED = {
    "COLUMNS": "frames", "CONTEXT_COLUMNS": "frames", "OUTPUT_COLUMNS": "frames",
    "Cards": "quote_cards",
    "DEFAULT_MODEL_NAME": "defaults", "DEFAULT_MODEL_PATH": "defaults",
    "LABELS": "labels", "resolve_label_indices": "labels",
    "ContradictionCalibrator": "calibration",
    "Explanation": "explaining", "explanation_frame": "explaining",
    "NLIModel": "nli",
    "Pairing": "pairing", "make_pairs": "pairing", "topic_prefilter": "pairing",
    "Settings": "detector",
    "clashes_over_time": "corpus",
    "heatmap": "plots", "score_distribution": "plots",
    "nli_features": "features",
    "reliability_figure": "metrics",
    "report_html": "reporting",
    "seed_folder": "repository",
    "split_sentences": "inference",
    "to_statements": "statements", "write_jsonl": "statements",
}
_moved = _moved_names(__name__, {
    **{name: (f"{__name__}.{module}", name) for name, module in _MOVED.items()},
    "normalize_text": (f"{__name__}.pairing", "normalise_text"),
})


def __getattr__(name: str) -> _Any:
    if name in _LAZY:
        value = getattr(_import_module(f"{__name__}.{_LAZY[name]}"), name)
        globals()[name] = value
        return value
    return _moved(name)


def __dir__() -> list[str]:
    return sorted({name for name in globals() if not name.startswith("_")} | set(_LAZY) | {"__version__"})


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

"""framing: find contradictory framing between parties' statements with an NLI model.

Example:
    >>> import framing
    >>> df = framing.compare([
    ...     {"party": "United States", "text": "The talks were productive."},
    ...     {"party": "North Korea", "text": "The results of the talks are extremely worrisome."},
    ... ])  # doctest: +SKIP

Importing this package does not import torch or scikit-learn; models load on first use, and
the names below that need scikit-learn (`evaluate`, `finetune`, `ContradictionCalibrator`,
`reliability_figure`) import their module when first used.
"""

from importlib import import_module
from typing import Any

from .cards import Cards, cards
from .compare import compare
from .corpus import clashes_over_time, compare_corpus
from .detector import DEFAULT_MODEL_NAME, DEFAULT_MODEL_PATH, Detector, Settings, load
from .frames import COLUMNS, CONTEXT_COLUMNS, OUTPUT_COLUMNS
from .explain import Explanation, explain, explanation_frame
from .extract import extract_statements
from .features import nli_features
from .inference import split_sentences
from .labeling import label_queue, read_labels
from .labels import LABELS, resolve_label_indices
from .nli import NLIModel
from .pairing import Pairing, make_pairs, normalize_text, topic_prefilter
from .plots import heatmap, score_distribution
from .report import report, report_html
from .repository import seed_folder
from .statements import Statement, read_jsonl, to_statements, write_jsonl
from .summary import summary

__version__ = "0.1.0"

# name -> module, imported on first access (PEP 562). None of these modules is named like a
# function of the package, so importing a module never shadows a name here.
_LAZY = {
    "ContradictionCalibrator": "calibration",
    "evaluate": "evaluation",
    "finetune": "training",
    "reliability_figure": "metrics",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        value = getattr(import_module(f"{__name__}.{_LAZY[name]}"), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))


__all__ = [
    "COLUMNS",
    "Cards",
    "CONTEXT_COLUMNS",
    "OUTPUT_COLUMNS",
    "DEFAULT_MODEL_NAME",
    "DEFAULT_MODEL_PATH",
    "LABELS",
    "ContradictionCalibrator",
    "Detector",
    "Explanation",
    "NLIModel",
    "Pairing",
    "Settings",
    "Statement",
    "__version__",
    "cards",
    "clashes_over_time",
    "compare",
    "compare_corpus",
    "evaluate",
    "explain",
    "explanation_frame",
    "extract_statements",
    "finetune",
    "heatmap",
    "label_queue",
    "load",
    "make_pairs",
    "nli_features",
    "normalize_text",
    "read_jsonl",
    "read_labels",
    "reliability_figure",
    "report",
    "report_html",
    "resolve_label_indices",
    "score_distribution",
    "seed_folder",
    "split_sentences",
    "summary",
    "to_statements",
    "topic_prefilter",
    "write_jsonl",
]

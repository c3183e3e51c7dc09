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

def __getattr__(name: str) -> _Any:
    if name in _LAZY:
        value = getattr(_import_module(f"{__name__}.{_LAZY[name]}"), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


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

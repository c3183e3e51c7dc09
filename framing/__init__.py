"""framing: find contradictory framing between parties' statements with an NLI model.

Example:
    >>> import framing
    >>> df = framing.compare([
    ...     {"party": "United States", "text": "The talks were productive."},
    ...     {"party": "North Korea", "text": "The results of the talks are extremely worrisome."},
    ... ])  # doctest: +SKIP

Importing this package does not import torch; models load on first use.
"""

from .calibration import ContradictionCalibrator
from .compare import COLUMNS, CONTEXT_COLUMNS, OUTPUT_COLUMNS, compare
from .detector import DEFAULT_MODEL_NAME, DEFAULT_MODEL_PATH, Detector, Settings, load, nli_features
from .evaluation import evaluate
from .explain import Explanation, explain, explanation_frame
from .extract import extract_statements
from .nli import LABELS, NLIModel, resolve_label_indices, split_sentences
from .pairing import Pairing, make_pairs, normalize_text, topic_prefilter
from .statements import Statement, read_jsonl, to_statements, write_jsonl
from .training import finetune

__version__ = "0.1.0"


__all__ = [
    "COLUMNS",
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
    "compare",
    "evaluate",
    "explain",
    "explanation_frame",
    "extract_statements",
    "finetune",
    "load",
    "make_pairs",
    "nli_features",
    "normalize_text",
    "read_jsonl",
    "resolve_label_indices",
    "split_sentences",
    "to_statements",
    "topic_prefilter",
    "write_jsonl",
]

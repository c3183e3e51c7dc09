"""The three NLI label names, and how a checkpoint's own labels are matched to them.

`resolve_label_indices` finds the entailment / neutral / contradiction outputs of a model by name
(never by position); `check_label_mapping` scores probe pairs with an obvious answer to catch a
mapping that is inverted all the same.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

logger = logging.getLogger(__name__)

__all__ = [
    "LABELS", "PROBES_CONTRADICTION", "PROBES_ENTAILMENT", "check_label_mapping", "normalise_id2label",
    "resolve_label_indices",
]

#: Column order of every NLI probability array: index 0, 1, 2.
LABELS: tuple[str, str, str] = ("entailment", "neutral", "contradiction")

# Pairs with an obvious answer, used at load time to catch an inverted label mapping.
PROBES_CONTRADICTION: tuple[tuple[str, str], ...] = (
    ("A man is sleeping.", "A man is awake and running."),
    ("The door is open.", "The door is closed."),
    ("It is raining heavily outside.", "The weather is dry and sunny."),
)
PROBES_ENTAILMENT: tuple[tuple[str, str], ...] = (
    ("A dog runs in a park.", "An animal is outside."),
    ("A woman is playing a guitar on stage.", "A woman is playing an instrument."),
    ("Two children are eating apples.", "Children are eating."),
)

_GENERIC_LABEL = re.compile(r"^label_?\d+$")


def _canonical(name: str) -> str | None:
    """Map a label name to one of `LABELS`, or None. 'not_entailment' is *not* entailment."""
    key = re.sub(r"[^a-z]", "", str(name).lower())
    if key.startswith("contradict") or key in {"contra", "contradiction"}:
        return "contradiction"
    if key.startswith("entail"):  # 'notentailment' does not start with 'entail'
        return "entailment"
    if key.startswith("neutral") or key == "neut":
        return "neutral"
    return None


def normalise_id2label(id2label: Mapping[Any, Any]) -> dict[int, str]:
    """``config.id2label`` with int keys and str names (saved configs may have str keys)."""
    return {int(index): str(name) for index, name in id2label.items()}


def resolve_label_indices(
    id2label: Mapping[Any, Any], label_map: Mapping[Any, Any] | None = None
) -> dict[str, int]:
    """Find the entailment / neutral / contradiction output indices of a model.

    Names are matched in any case and spelling (``CONTRADICTION``, ``contradiction``,
    ``contradict``, ``entail``, ``Neutral``); ``not_entailment`` is never read as
    entailment. Generic names (``LABEL_0``) need ``label_map``, in either direction:
    ``{"contradiction": 0, "neutral": 1, "entailment": 2}`` or
    ``{"LABEL_0": "contradiction", ...}`` (or ``{0: "contradiction", ...}``).

    Args:
        id2label: ``config.id2label`` of the model (keys may be int or str).
        label_map: Optional explicit mapping, see above; it overrides the names.

    Returns:
        ``{"entailment": i, "neutral": j, "contradiction": k}``.

    Raises:
        ValueError: Not a 3-way classifier, unrecognised or duplicated names, or a bad
            ``label_map``; the message lists the labels found.

    Example:
        >>> resolve_label_indices({0: "CONTRADICTION", 1: "ENTAILMENT", 2: "NEUTRAL"})
        {'entailment': 1, 'neutral': 2, 'contradiction': 0}
        >>> resolve_label_indices({0: "LABEL_0", 1: "LABEL_1", 2: "LABEL_2"},
        ...                       {"contradiction": 0, "neutral": 1, "entailment": 2})
        {'entailment': 2, 'neutral': 1, 'contradiction': 0}
    """
    labels = normalise_id2label(id2label)
    found = [labels[i] for i in sorted(labels)]
    if len(labels) != 3:
        raise ValueError(
            f"model labels expected 3 (entailment, neutral, contradiction), got {len(labels)}: "
            f"{found}. This checkpoint is not a 3-way NLI classifier; use an NLI model such as "
            "one fine-tuned on SNLI/MNLI, or fine-tune one with framing.finetune."
        )
    by_name = {name.lower(): index for index, name in labels.items()}
    resolved: dict[str, int] = {}
    if label_map:
        for key, value in label_map.items():
            if isinstance(value, (int, np.integer)) and not isinstance(value, bool):
                target, index = _canonical(str(key)), int(value)  # {"contradiction": 0}
            elif isinstance(value, str):
                target = _canonical(value)  # {"LABEL_0": "contradiction"} or {0: "contradiction"}
                if isinstance(key, (int, np.integer)):
                    index = int(key)
                elif str(key).lower() in by_name:
                    index = by_name[str(key).lower()]
                elif str(key).isdigit():
                    index = int(key)
                else:
                    raise ValueError(
                        f"label_map key expected one of the model labels {found} or an index, "
                        f"got {key!r}. Use e.g. label_map={{'{found[0]}': 'contradiction', ...}}."
                    )
            else:
                target, index = None, -1
            if target is None or index not in labels:
                raise ValueError(
                    f"label_map entry expected a label name from {list(LABELS)} and an index in "
                    f"{sorted(labels)}, got {key!r}: {value!r}. Use e.g. "
                    "label_map={'contradiction': 0, 'neutral': 1, 'entailment': 2}."
                )
            resolved[target] = index
    else:
        for index, name in labels.items():
            target = _canonical(name)
            if target is None:
                continue
            if target in resolved:
                raise ValueError(
                    f"model labels expected one label per class, got two names for {target!r} "
                    f"in {found}. Pass label_map={{'contradiction': i, 'neutral': j, "
                    "'entailment': k}} to choose."
                )
            resolved[target] = index

    missing = [name for name in LABELS if name not in resolved]
    if missing:
        if all(_GENERIC_LABEL.match(name.lower()) for name in found) and not label_map:
            how = (
                "These generic names do not say which is which: pass label_map with the "
                "indices from the model card, e.g. "
                "label_map={'contradiction': 0, 'neutral': 1, 'entailment': 2}."
            )
        else:
            how = (
                "Pass label_map={'contradiction': i, 'neutral': j, 'entailment': k} if this "
                "is an NLI model with unusual label names."
            )
        raise ValueError(
            f"model labels expected {list(LABELS)}, got {found} (no {missing} label found). {how}"
        )
    if len(set(resolved.values())) != 3:
        raise ValueError(
            f"label mapping expected three distinct indices, got {resolved} for labels {found}. "
            "Give each of entailment, neutral and contradiction its own index."
        )
    return {name: resolved[name] for name in LABELS}


def check_label_mapping(
    predict: Callable[[list[str], list[str]], np.ndarray],
    *,
    name: str | None,
    id2label: Mapping[int, str],
    label_indices: Mapping[str, int],
) -> bool:
    """Score the probe pairs with ``predict``; warn (log) if contradiction looks swapped with another label.

    Args:
        predict: ``(premises, hypotheses) -> (n, 3)`` probabilities in `LABELS` order.
        name, id2label, label_indices: The model's name, own labels and resolved mapping, for the warning.

    Returns:
        True when the contradiction probability is higher on the contradiction probes
        than on the entailment probes, as it should be.
    """
    pairs = PROBES_CONTRADICTION + PROBES_ENTAILMENT
    probs = predict([p for p, _ in pairs], [h for _, h in pairs])
    n = len(PROBES_CONTRADICTION)
    contra = probs[:n, LABELS.index("contradiction")]
    entail = probs[n:, LABELS.index("contradiction")]
    ok = bool(contra.mean() > entail.mean())
    if not ok:
        logger.warning(
            "label mapping of %s looks inverted: P(contradiction) is %.2f on obvious "
            "contradictions but %.2f on obvious entailments (labels %s resolved as %s). "
            "Check config.id2label or pass label_map=...; an untrained model also shows this.",
            name,
            contra.mean(),
            entail.mean(),
            id2label,
            label_indices,
        )
    return ok

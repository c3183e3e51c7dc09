"""Deterministic, group-aware splits shared by every data builder.

A group (a claim, a topic, an article body) lands wholly in one split, so that
no topic seen in training is used to calibrate or evaluate. The bucket comes
from a hash of ``source`` and the group key, stable across runs and machines.
"""

from __future__ import annotations

import hashlib

#: Percent of groups per split: train the model / fit the calibrator / evaluate.
SPLIT_SHARES = (("train", 70), ("calib", 15), ("dev", 15))


def split_of(source: str, group: object) -> str:
    """Return ``"train"``, ``"calib"`` or ``"dev"`` for a group of a source.

    Example:
        >>> split_of("fnc1", 712) in {"train", "calib", "dev"}
        True
    """
    digest = hashlib.sha1(f"{source}\x00{group}".encode()).hexdigest()
    bucket = int(digest[:8], 16) % 100
    edge = 0
    for name, share in SPLIT_SHARES:
        edge += share
        if bucket < edge:
            return name
    raise AssertionError("SPLIT_SHARES must sum to 100")

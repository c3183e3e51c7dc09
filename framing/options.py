"""The settings of a compare run, checked in one place.

`framing.compare` and `framing.distributed.compare` both build a `CompareOptions` and call
`CompareOptions.validate`, so a setting means the same and is refused the same way on either.
"""

from __future__ import annotations

import dataclasses
import warnings
from dataclasses import dataclass
from typing import Any

from .checks import check_choice, check_flag, check_positive_int, check_probability, check_real
from .embeddings import EMBEDDING_MIN_SIMILARITY, check_encoder, measured_min_similarity
from .inference import PRECISIONS
from .pairing import DEFAULT_MIN_SIMILARITY, DEFAULT_TOP_K, PREFILTER_CHOICES

__all__ = ["CompareOptions"]


@dataclass(frozen=True)
class CompareOptions:
    """How pairs are formed, scored and decided; see `framing.compare` for each field.

    ``min_similarity=None`` means the prefilter's default floor: TF-IDF's, or the measured
    floor of the packaged encoder; `validate` fills it in.

    Example:
        >>> CompareOptions(top_k=5).validate().min_similarity
        0.2
    """

    threshold: float | None = None
    within_party: bool = False
    prefilter: bool | str = "auto"
    top_k: int = DEFAULT_TOP_K
    min_similarity: float | None = None
    prefilter_encoder: Any = None
    precision: str = "fp32"
    batch_size: int = 32
    progress: bool | None = None

    def validate(self, *, stacklevel: int = 1) -> CompareOptions:
        """These options checked, with the prefilter floor resolved; raises on the first bad one.

        ``stacklevel``: frames above the caller that the prefilter warning names (as in ``warnings.warn``).

        Raises:
            TypeError: ``within_party`` or ``progress`` is not a bool, or ``prefilter_encoder``
                is not a name, folder or `framing.embeddings.SentenceEncoder`.
            ValueError: A threshold outside [0, 1], a ``top_k`` / ``batch_size`` below 1, an
                unknown ``prefilter`` or ``precision``, a NaN ``min_similarity``, or an encoder
                without a measured floor and no ``min_similarity``.
        """
        check_probability("threshold", self.threshold, 0.5, optional=True)
        within_party = check_flag("within_party", self.within_party)
        check_choice("prefilter", self.prefilter, PREFILTER_CHOICES, "auto")
        top_k = check_positive_int("top_k", self.top_k, DEFAULT_TOP_K)
        batch_size = check_positive_int("batch_size", self.batch_size, 32)
        check_choice("precision", self.precision, PRECISIONS)
        progress = None if self.progress is None else check_flag("progress", self.progress)
        check_encoder(self.prefilter_encoder)
        if self.prefilter_encoder is not None and self.prefilter is False:
            warnings.warn("prefilter_encoder is ignored with prefilter=False (every pair is scored).", UserWarning,
                          stacklevel=stacklevel + 1)
        return dataclasses.replace(
            self,
            threshold=None if self.threshold is None else float(self.threshold),
            within_party=within_party,
            top_k=top_k,
            batch_size=batch_size,
            progress=progress,
            min_similarity=self._floor(),
        )

    def _floor(self) -> float:
        # Any real number: above 1 keeps no pair by similarity alone.
        value = self.min_similarity
        if value is None:
            if self.prefilter_encoder is None:
                return DEFAULT_MIN_SIMILARITY
            value = measured_min_similarity(self.prefilter_encoder)
            if value is None:
                raise ValueError(
                    f"min_similarity expected with prefilter_encoder={self.prefilter_encoder!r}, got None: the "
                    f"default floor ({EMBEDDING_MIN_SIMILARITY}) was measured for the packaged all-MiniLM-L6-v2 "
                    "only. Pass a cosine floor chosen for this encoder, e.g. min_similarity=0.3."
                )
        return check_real("min_similarity", value, DEFAULT_MIN_SIMILARITY, what="a number (a cosine similarity)",
                          optional=True)

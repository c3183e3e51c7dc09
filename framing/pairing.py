"""Which statements to compare: deduplicate, then pair across parties (pure Python, no torch)."""

from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import dataclass, field, replace

from .statements import Statement

logger = logging.getLogger(__name__)

__all__ = ["Pairing", "make_pairs", "normalize_text"]

_SPACE = re.compile(r"\s+")
# Quote marks differ between outlets quoting the same words; they are not content.
_QUOTES = str.maketrans({c: "" for c in "\"'\u2018\u2019\u201c\u201d\u00ab\u00bb`"})


def normalize_text(text: str) -> str:
    """Normalise a text for duplicate detection: NFKC, case-folded, quotes and spacing removed.

    Example:
        >>> normalize_text('  The talks were "Productive". ')
        'the talks were productive.'
    """
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES).casefold()
    return _SPACE.sub(" ", text).strip()


@dataclass
class Pairing:
    """The result of `make_pairs`.

    Attributes:
        statements: The deduplicated statements, in first-seen order. A kept statement
            that absorbed duplicates has ``meta["n_duplicates"]`` set to their count.
        pairs: Unordered index pairs ``(i, j)`` into ``statements``, ``i < j``, each once.
        duplicates: ``(kept, dropped)`` positions in the *input* list for every collapsed
            duplicate (same party and same normalised text).
    """

    statements: list[Statement]
    pairs: list[tuple[int, int]]
    duplicates: list[tuple[int, int]] = field(default_factory=list)

    @property
    def n_duplicates(self) -> int:
        """How many input statements were collapsed into an earlier one."""
        return len(self.duplicates)

    @property
    def parties(self) -> list[str]:
        """The distinct parties, in first-seen order."""
        return list(dict.fromkeys(s.party or "" for s in self.statements))


def make_pairs(statements: list[Statement], *, within_party: bool = False) -> Pairing:
    """Deduplicate statements and list the pairs to score.

    Duplicates (same party, same `normalize_text`) collapse into the first one. By
    default only statements of *different* parties are paired; ``(a, b)`` and ``(b, a)``
    are one pair. With a single party and ``within_party=False`` there is nothing to
    compare: ``pairs`` is empty (`framing.compare` then warns and returns an empty frame).

    Args:
        statements: Statements, e.g. from `framing.to_statements`.
        within_party: Also pair statements of the same party.

    Returns:
        A `Pairing` with the deduplicated statements, the pairs and what was collapsed.

    Example:
        >>> from framing import Statement
        >>> p = make_pairs([Statement("Productive.", "US"), Statement("productive.", "US"),
        ...                 Statement("Regrettable.", "NK")])
        >>> p.pairs, p.duplicates
        ([(0, 1)], [(0, 1)])
    """
    kept: list[Statement] = []
    kept_input_index: list[int] = []
    seen: dict[tuple[str | None, str], int] = {}
    duplicates: list[tuple[int, int]] = []
    for i, statement in enumerate(statements):
        key = (statement.party, normalize_text(statement.text))
        if key in seen:
            first = seen[key]
            duplicates.append((kept_input_index[first], i))
            meta = kept[first].meta
            meta["n_duplicates"] = meta.get("n_duplicates", 0) + 1
            continue
        seen[key] = len(kept)
        kept_input_index.append(i)
        # A copy with its own meta dict: counting duplicates must not touch the caller's objects.
        kept.append(replace(statement, meta=dict(statement.meta)))
    if duplicates:
        logger.info("collapsed %d duplicate statement(s)", len(duplicates))

    pairs = [
        (i, j)
        for i in range(len(kept))
        for j in range(i + 1, len(kept))
        if within_party or kept[i].party != kept[j].party
    ]
    return Pairing(statements=kept, pairs=pairs, duplicates=duplicates)

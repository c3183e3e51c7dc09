"""What the rules share while they read one article: the text, its people, its sentences and
quotes, the statements found so far and the sentence subjects seen (for pronouns and descriptions).

Example:
    >>> article = Article("Mike Pompeo spoke. He left.")
    >>> article.sent_spans = [(0, 18), (19, 27)]
    >>> article.sentence_index(20), article.sentence_end(3)
    (1, 18)
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from .people import Registry
from .scanning import mask_abbreviations


@dataclass
class Found:
    """A statement found by a rule, before it becomes a `framing.Statement`."""

    start: int
    end: int
    speaker: str | None
    mention: str | None
    party: str | None
    direct: bool
    rule: str
    verb: str | None = None
    context: str = ""  # words around the speaker mention, for the party
    anchor: int = -1  # position of the speaker mention
    title_context: str = ""  # the speaker's titles and appositives without other people's names (for parties=)
    kind: str = "none"  # person / org / role / none
    principal: str | None = None  # whom the speaker speaks for ("a spokesman for Mr. Reid" -> Harry Reid)


class Article:
    """One article being read: the state every rule reads and the statements they add."""

    def __init__(self, text: str):
        self.text = text
        self.masked = mask_abbreviations(text)
        self.registry = Registry(text)
        self.found: list[Found] = []
        self.sent_spans: list[tuple[int, int]] = []
        self.subjects: list[tuple[int, str, str]] = []  # (position, speaker, kind)
        self.quote_spans: list[tuple[int, int]] = []  # double-quoted passages
        self.sole_subjects: set[int] = set()  # positions of sentence subjects that name one person alone
        self.principals: dict[str, str | None] = {}  # speaker -> whom they speak for (see speakers.principal_of)
        self.agents: dict[tuple[str, str], str | None] | None = None  # (role, principal) -> the agent named
        self.aides: list[tuple[int, re.Match]] | None = None  # every "<name>, an aide to <name>" (made on first use)
        self._starts: list[int] = []

    def sentence_index(self, pos: int) -> int | None:
        """The index in ``sent_spans`` of the sentence holding ``pos``, or None."""
        if len(self._starts) != len(self.sent_spans):
            self._starts = [a for a, _ in self.sent_spans]
        k = bisect.bisect_right(self._starts, pos) - 1
        if k >= 0 and self.sent_spans[k][0] <= pos < self.sent_spans[k][1]:
            return k
        return None

    def sentence_end(self, pos: int) -> int:
        """The end of the sentence holding ``pos`` (the text's end if none does)."""
        k = self.sentence_index(pos)
        return self.sent_spans[k][1] if k is not None else len(self.text)

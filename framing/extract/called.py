"""The "called" family: the words a speaker called something, quoted ('what it called
"rapacious"', 'describing it as "x" and "y"') or not ("a move that Obama's team has called a breach
of protocol", "calling it an affront to ...", "China denounces the pact as irresponsible").

Example:
    >>> from .article import Article
    >>> article = Article("China denounced the pact as irresponsible and dangerous.")
    >>> called_unquoted(article, 0, len(article.text) - 1, [])
    [(28, 55)]
    >>> [(f.speaker, f.rule, article.text[f.start:f.end]) for f in article.found]
    [('China', 'called_unquoted', 'irresponsible and dangerous')]
"""

from __future__ import annotations

import re

from .article import Article
from .mentions import subject_before, subject_of_verb
from .recording import record, unclaimed_matches

# A "called" verb before a quoted word ('what it called "rapacious"', 'deemed "x"', 'referred to it as "y"').
CALL_RE = re.compile(
    r"\b(?:call(?:s|ed|ing)?|describ(?:e|es|ed|ing)\s+(?:it|them|him|her|this|that|the\s+\w+)\s+as|"
    r"(?:denounc|dismiss)(?:e|es|ed|ing)?\s+[^,.;]{1,60}?\s+as|dubb?(?:s|ed|ing)?|brand(?:s|ed|ing)?|label(?:s|ed|led|ing)?|"
    r"term(?:s|ed|ing)?|deem(?:s|ed|ing)?|refer(?:s|red|ring)?\s+to\s+[^,.;]{1,60}?\s+as)\b",
    re.IGNORECASE,
)

# 'a move that Obama's team has called a breach of protocol': the speaker between "that" and the verb
_CALLED_IN_RELATIVE_RE = re.compile(
    r"\b(?:that|what|which)\s+(?P<subj>[^,;“”\"]{1,60}?)\s+(?:has\s+|had\s+|have\s+)?"
    r"(?P<verb>called|calls|described\s+as|dubbed|branded)\s+(?!on\b|for\b|it\b)(?P<x>[^,;.“”\"‘’']{3,120})"
)
# 'calling it an affront to ...'
_CALLING_IT_RE = re.compile(
    r"\b(?P<verb>calling|called|calls)\s+(?:it|them|him|her|this|that)\s+(?P<x>(?:an?|the)\s+[^,;.“”\"‘’']{3,120})"
)
# 'China denounces the pact as irresponsible'
_DESCRIBED_AS_RE = re.compile(
    r"\b(?P<verb>denounc\w*|describ\w*|condemn\w*|brand\w*)\s+[^,;.“”\"]{1,60}?\s+as\s+(?P<x>[^,;.“”\"‘’']{3,120})"
)


def called_unquoted(article: Article, s_start: int, s_end: int, claimed: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Record the unquoted "called" words in ``[s_start, s_end)`` that start outside ``claimed``;
    return their spans."""
    out: list[tuple[int, int]] = []
    patterns = (_CALLED_IN_RELATIVE_RE, _CALLING_IT_RE, _DESCRIBED_AS_RE)
    for pattern, m in unclaimed_matches(article, s_start, s_end, patterns, claimed, out):
        a, b = s_start + m.start("x"), s_start + m.end("x")
        v = s_start + m.start("verb")
        if pattern is _CALLED_IN_RELATIVE_RE:
            mention, pos, ctx = subject_before(article, s_start + m.start("subj"), v)
        else:
            mention, pos, ctx = subject_of_verb(article, s_start, v, s_start + m.end("verb"))
        if not mention:
            continue
        record(article, a, b, mention, pos, ctx, direct=False, rule="called_unquoted", verb="call")
        out.append((a, b))
    return out

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
from .mentions import clause_subject, participle_subject, subject_before, subject_of_verb
from .recording import record, unclaimed_matches
from .scanning import Quote
from .speakers import resolve

# A "called" verb before a quoted word ('what it called "rapacious"', 'deemed "x"', 'referred to it as "y"').
CALL_RE = re.compile(
    r"\b(?:call(?:s|ed|ing)?|describ(?:e|es|ed|ing)\s+(?:it|them|him|her|this|that|the\s+\w+)\s+as|"
    r"(?:denounc|dismiss)(?:e|es|ed|ing)?\s+[^,.;]{1,60}?\s+as|dubb?(?:s|ed|ing)?|brand(?:s|ed|ing)?|label(?:s|ed|led|ing)?|"
    r"term(?:s|ed|ing)?|deem(?:s|ed|ing)?|refer(?:s|red|ring)?\s+to\s+[^,.;]{1,60}?\s+as)\b",
    re.IGNORECASE,
)

_SENTENCE_PUNCT_RE = re.compile(r"[.;!?]")
_CALL_ON_RE = re.compile(r"\bcall(?:s|ed|ing)?\s+(?:on|for)\b", re.IGNORECASE)  # an urging, not a name
_WHAT_BEFORE_RE = re.compile(r"\b(?:what|that|which)\s+([^,;]{1,80}?)\s*$")  # 'what it called "..."'
_QUOTE_JOINER_RE = re.compile(r"\s*(?:,|and|or|,\s*and)\s*")  # 'as "x" and "y"'


def called_quote(article: Article, quote: Quote, q_idx: int, quotes: list[Quote], s_start: int) -> bool:
    """'what it called "rapacious"', 'describing it as "x" and "y"': record the quoted words (and a
    quote joined to them by "and"/"or") by the caller; True when recorded."""
    text = article.text
    before = text[s_start : quote.outer_start]
    calls = list(CALL_RE.finditer(before))
    if not calls:
        return False
    call = calls[-1]
    between = article.masked[s_start + call.end() : quote.outer_start]
    if len(between.split()) > 8 or _SENTENCE_PUNCT_RE.search(between) or _CALL_ON_RE.search(before[call.start() :]):
        return False
    c_start = s_start + call.start()
    word = call.group(0).lower()
    what = _WHAT_BEFORE_RE.search(before[: call.start()])
    if what:
        mention, pos, ctx = subject_before(article, s_start + what.start(1), c_start)
    elif word.endswith("ing") or word.startswith(("describing", "denouncing")):
        mention, pos, ctx = participle_subject(article, s_start, c_start)
    else:
        mention, pos, ctx = clause_subject(article, s_start, c_start)
    if not mention:
        return False
    resolved = resolve(article, mention, pos, ctx)
    record(article, quote.start, quote.end, mention, pos, ctx, direct=True, rule="called", verb="call",
           resolved=resolved)
    # 'as "x" and "y"': the next quote belongs to the same call
    if q_idx + 1 < len(quotes):
        nxt = quotes[q_idx + 1]
        if _QUOTE_JOINER_RE.fullmatch(text[quote.outer_end : nxt.outer_start]):
            record(article, nxt.start, nxt.end, mention, pos, ctx, direct=True, rule="called", verb="call",
                   resolved=resolved)
    return True


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


def called_unquoted(
    article: Article, s_start: int, s_end: int, claimed: list[tuple[int, int]]
) -> list[tuple[int, int]]:
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

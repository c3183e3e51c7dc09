"""Nominal and blame reports: "claims by X that ...", "X's assertion that ...", "in X's words, ...",
"X accused Y of ...", "X blamed Y for ..." (and the same with quoted words, a direct statement).

Example:
    >>> from .article import Article
    >>> article = Article("Critics rejected claims by the White House that the plan was legal.")
    >>> nominal_reports(article, 0, len(article.text) - 1, [])
    [(48, 66)]
    >>> [(f.speaker, article.text[f.start:f.end]) for f in article.found]
    [('White House', 'the plan was legal')]
"""

from __future__ import annotations

import re

from .article import Article
from .mentions import subject_of_verb
from .recording import record, unclaimed_matches

# The reported words: up to a clause end (sentence end, ";", a spaced dash, ", but/which/while ..."),
# never into a quote.
_CLAUSE = (r"(?P<x>[^;“”\"]{3,200}?)(?=\s*(?:[.;!?](?:\s|$)|,\s+(?:but|which|while|who|according|saying|adding)\b|"
           r"\s[—–]\s|[“”\"]|$))")
# "X accused Y of ...", "X blamed Y for ...": the words after "of" / "for"
_ACCUSED_OF_RE = re.compile(
    r"\b(?P<verb>accus(?:e|es|ed|ing))\s+(?!of\b)[^,;.“”\"]{1,60}?(?<![A-Z][a-z])\s+of\s+" + _CLAUSE
)
_BLAMED_FOR_RE = re.compile(
    r"\b(?P<verb>blam(?:e|es|ed|ing)|criticiz(?:e|es|ed|ing)|criticis(?:e|es|ed|ing)|fault(?:s|ed|ing)?)"
    r"\s+(?!for\b)[^,;.“”\"]{1,60}?\s+for\s+" + _CLAUSE
)
# the same with quoted words: "accused her of “disregarding basic security protocols”" (direct)
_BLAMED_FOR_QUOTE_RE = re.compile(
    r"\b(?P<verb>accus(?:e|es|ed|ing)|blam(?:e|es|ed|ing)|criticiz(?:e|es|ed|ing)|criticis(?:e|es|ed|ing))"
    r"\s+[^,;.“”\"]{1,60}?\s+(?:of|for)\s+[“\"](?P<x>[^”\"]{3,200})[”\"]"
)
# "claims by the GOP that ...", "the assertion by X that ..."
_CLAIMS_BY_RE = re.compile(
    r"\b(?P<verb>claims?|assertions?|allegations?|charges?|insistence|arguments?)\s+by\s+"
    r"(?P<subj>[^,;“”\"]{1,60}?)\s+that\s+" + _CLAUSE
)
# "X's claim that ...", "in X's words, ..."
_POSSESSIVE_CLAIM_RE = re.compile(
    r"(?P<subj>\b(?:[A-Z][\w.\-]*\s+){0,3}[A-Z][\w.\-]*)['’]s?\s+(?P<verb>claims?|assertions?|allegations?|"
    r"insistence|argument)\s+that\s+" + _CLAUSE
)
_IN_WORDS_RE = re.compile(
    r"\b[Ii]n\s+(?P<subj>(?:[A-Z][\w.\-]*\s+){0,3}[A-Z][\w.\-]*)['’]s?\s+(?P<verb>words),\s+" + _CLAUSE
)
# Forms whose "subj" group names the holder of the claim (the others take the subject of the verb).
_NAMED_HOLDER = (_CLAIMS_BY_RE, _POSSESSIVE_CLAIM_RE, _IN_WORDS_RE)


def nominal_reports(
    article: Article, s_start: int, s_end: int, claimed: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    """Record the nominal and blame reports in ``[s_start, s_end)`` that start outside ``claimed``;
    return their spans."""
    out: list[tuple[int, int]] = []
    patterns = (_ACCUSED_OF_RE, _BLAMED_FOR_RE, _BLAMED_FOR_QUOTE_RE, *_NAMED_HOLDER)
    for pattern, m in unclaimed_matches(article, s_start, s_end, patterns, claimed, out):
        a, b = s_start + m.start("x"), s_start + m.end("x")
        v = s_start + m.start("verb")
        if pattern in _NAMED_HOLDER:
            # "claims by the GOP that", "Pelosi's claim that": the named holder speaks
            mention, pos, ctx = m.group("subj").strip(), s_start + m.start("subj"), ""
        elif m.group("verb").endswith("ing") and not article.text[s_start:v].rstrip().endswith(","):
            continue  # "indictments accusing X of ...": the noun's content, not a speaker's words
        else:
            mention, pos, ctx = subject_of_verb(article, s_start, v, s_start + m.end("verb"))
        if not mention:
            continue
        verb = m.group("verb").lower().rstrip("s")
        record(article, a, b, mention, pos, ctx, direct=pattern is _BLAMED_FOR_QUOTE_RE, rule="nominal", verb=verb)
        out.append((a, b))
    return out

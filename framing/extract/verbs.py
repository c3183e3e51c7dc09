"""The reporting verbs of a passage ("said", "told", "vowed to", "called on", "made it clear"), with
their lemma and the kind of complement they take (see `lexicon.VERBS`).

Example:
    >>> from .article import Article
    >>> article = Article("Pompeo said the talks went well.")
    >>> reporting_verbs(article, 0, len(article.text))
    [(7, 11, 'say', 'say')]
"""

from __future__ import annotations

import re

from .article import Article
from .lexicon import AUXILIARIES, VERBS

# Multi-word reporting phrases, returned as one verb: "made it (loud and) clear that", "makes the case that".
_PHRASE_VERBS_RE = re.compile(
    r"\b(?:make|makes|made|making)\s+(?:(?:it|very|abundantly|crystal|perfectly|loud\s+and)\s+)*clear\b"
    r"|\b(?:make|makes|made|making)\s+the\s+case\b"
)


_PAST_TENSE_RE = re.compile(r"[a-z]{3,}ed")


def verb_like(tok: str) -> bool:
    """A reporting verb or a past-tense / auxiliary form: where a subject noun phrase ends."""
    low = tok.lower()
    return low in VERBS or low in AUXILIARIES or bool(_PAST_TENSE_RE.fullmatch(low))



_WORD_RE = re.compile(r"(?<![\w-])([A-Za-z]+)(?![\w-])")
_NOUN_BEFORE_RE = re.compile(r"(?:\b(?:the|a|an|his|her|its|their|our)|['’]s)\s+$")
_NEGATION_BEFORE_RE = re.compile(
    r"\b(?:short\s+of|refus\w*\s+to|declin\w*\s+to|not|didn[’']t|never)\s+$",
    re.IGNORECASE,
)
_ON_OR_FOR_RE = re.compile(r"\s+(?:on|for)\b", re.IGNORECASE)
_PASSIVE_BEFORE_RE = re.compile(r"\b(?:is|was|are|were|be|been|being|so)[-\s]+$")
_FOR_RE = re.compile(r"\s+for\b", re.IGNORECASE)
_COPULA_OR_COMMA_END_RE = re.compile(r"(?:\b(?:is|are|was|were|been|be)|,)\s*$")


def reporting_verbs(article: Article, start: int, end: int) -> list[tuple[int, int, str, str]]:
    """``(start, end, lemma, kind)`` of each reporting verb in ``[start, end)``, in text order; nouns
    ("the report"), passives ("is said to") and negated verbs ("declined to say") left out."""
    out = []
    for match in _WORD_RE.finditer(article.text[start:end]):
        word = match.group(1)
        low = word.lower()
        after = article.text[start + match.end() : end]
        if low in {"call", "calls", "called", "calling"} and _ON_OR_FOR_RE.match(after):
            lemma, kind = "call on", "inf"  # "called on Trump to cancel ...", "called for Akin to drop out"
            if (low == "calling" and _FOR_RE.match(after)
                    and not _COPULA_OR_COMMA_END_RE.search(article.text[start : start + match.start()])):
                continue  # "conservatives calling for Steele to step down" describes a group, it reports no one
        elif low not in VERBS:
            continue
        else:
            lemma, kind = VERBS[low]
        a = start + match.start()
        before = article.text[max(start, a - 12) : a].lower()
        if _PASSIVE_BEFORE_RE.search(before) and kind != "inf":
            continue  # passive "is said to", "so-called"
        if _NOUN_BEFORE_RE.search(before):
            continue  # a noun: "the report", "a tweet", "Tsai's promise"
        if _NEGATION_BEFORE_RE.search(article.text[max(start, a - 20) : a]):
            continue  # negated: "stopped short of calling on Akin to resign", "declined to say"
        out.append((a, start + match.end(), lemma, kind))
    for match in _PHRASE_VERBS_RE.finditer(article.text, start, end):
        out.append((match.start(), match.end(), "make clear", "say"))
    return sorted(out)

def is_participle(article: Article, v_start: int, v_end: int) -> bool:
    """A participle ("saying", "making it clear"): its subject is found elsewhere."""
    return article.text[v_start:v_end].split()[0].lower().endswith("ing")

"""Direct quotes: is a quote a statement, and who said it. Tried in turn: the attribution after it
('"...," Ms. Rice said', '"...," said Josh Earnest'), before it ('he said: "..."'), a signature line
under a quote paragraph ('— Sen. X, in a tweet'), a quoted "called" word (see `called`), a
parenthetical attribution elsewhere in the sentence ('Her comments, said X, are "..."'), and a
whole-sentence quote that continues the previous quote's speaker.

Example:
    >>> from .article import Article
    >>> from .scanning import find_quotes
    >>> article = Article('"We will not give in," the minister said.')
    >>> quotes = find_quotes(article.text, 0, len(article.text))
    >>> quote_statement(article, quotes[0], 0, quotes, 0, len(article.text), len(article.text), None)
    ('minister', 'role', '')
    >>> [(f.rule, article.text[f.start:f.end]) for f in article.found]
    [('quote_after', 'We will not give in')]
"""

from __future__ import annotations

import re

from .article import Article
from .called import called_quote
from .lexicon import VERBS
from .mentions import clause_subject, named_chain, participle_subject, subject_before
from .recording import record
from .scanning import Quote
from .speakers import resolve
from .verbs import is_participle, reporting_verbs

# Reporting verbs that are never nouns ("said", "told", "warned", not "report"): one inside an inverted
# attribution ends the speaker ('said Akin said of ...').
_SECOND_VERB_RE = re.compile(r"\s(?:" + "|".join(sorted(
    (f for f in VERBS if (f != VERBS[f][0] and not f.endswith(("ing", "s"))) or f == "says"), key=len, reverse=True))
    + r")\b")
# a programme or title: 'on ABC's "This Week,"', 'on "Fox News Sunday"'
_PROGRAMME_BEFORE_RE = re.compile(r"\b(?:on|to|in|at|from|with|of)\s+(?:the\s+)?(?:[A-Z][\w.]*['’]s\s+(?:the\s+)?)?$")
_WINDOW_STOP_RE = re.compile(r"[.!?;\"“”]")
# the speaker of an inverted attribution, up to punctuation or a preposition / relative word
_INVERTED_SPEAKER_RE = re.compile(
    r"\s*([^,.;:!?“”\"]{1,80}?)(?=\s*(?:[,.;:!?]|$|\s+(?:as|in|on|at|when|while|during|"
    r"after|before|attributed|who|which|that|to|near)\b))"
)
_APPOSITIVE_AFTER_RE = re.compile(r"\s*,([^,.;]{1,80})")
_NAME_ONLY_RE = re.compile(r"(?:[A-Z][\w.’'\-]*\s+){1,3}[A-Z][\w’'\-]*")  # "Nick Merrill", "Elijah E. Cummings"
_SPACED_DASH_RE = re.compile(r"\s(?:--|—|―|–)\s")
_PARENTHETICAL_ATTRIBUTION_RE = re.compile(r",\s*(?:said|says|added|told)\s+([^,]{2,60}),")
_APPOSITIVE_BETWEEN_COMMAS_RE = re.compile(r",([^,]{1,80}),")
# a quote paragraph signed on the next line: '"..."\n\n— Sen. Tom Cotton, in a tweet'
_SIGNATURE_RE = re.compile(r"[ \t]*\n\s*(?:--|—|―|–)\s*([^,\n(]{2,80}?)\s*(?:[,(]([^\n]{0,80}))?(?:\n|$)")

Resolved = tuple[str | None, str, str]


#: Words that open a new clause after a quote ('"..." and Jones replied'): its verb is not the quote's.
_NEW_CLAUSE_WORDS = frozenset({"and", "but", "while", "whereas", "yet"})


def names_a_programme(text: str, quote: Quote, s_start: int) -> bool:
    """'on ABC's "This Week,"', 'on "Fox News Sunday"': a short title-case quote after a preposition
    (``s_start``: where its sentence starts). Both extractors leave these out."""
    inner = text[quote.start : quote.end].strip(" ,.")
    return bool(_PROGRAMME_BEFORE_RE.search(text[max(s_start, quote.outer_start - 40) : quote.outer_start])
                and 1 <= len(inner.split()) <= 6 and all(w[:1].isupper() or w.lower() in {"the", "of", "and", "a"}
                                                         for w in inner.split()))


def _attribution_after(article: Article, quote: Quote, p_end: int) -> Resolved | None:
    """'"...," Ms. Rice said' / '"...", read a North Korean statement' / '"...," said Josh Earnest, ...'."""
    text = article.text
    window = article.masked[quote.outer_end : min(p_end, quote.outer_end + 160)]
    stop = _WINDOW_STOP_RE.search(window)
    window_end = quote.outer_end + (stop.start() if stop else len(window))
    verbs = [v for v in reporting_verbs(article, quote.outer_end, window_end) if v[3] != "inf"]
    if not verbs:
        return None
    v_start, v_end, lemma, _ = verbs[0]
    gap = text[quote.outer_end : v_start]
    if not gap.replace(",", " ").split():  # only commas and whitespace (a line break too) between them
        # inverted: '"...," said Josh Earnest, the White House press secretary'
        m = _INVERTED_SPEAKER_RE.match(article.masked[v_end:window_end + 1])
        if not (m and m.group(1).strip()):
            return None
        mention = text[v_end + m.start(1) : v_end + m.end(1)]
        again = _SECOND_VERB_RE.search(mention)
        if again and again.start() > 0:
            mention = mention[: again.start()]  # a typo such as 'said Akin said of ...'
        pos = v_end + m.start(1)
        rest = text[v_end + m.end(1) : min(p_end, v_end + m.end(1) + 100)]
        app = _APPOSITIVE_AFTER_RE.match(rest)
        ctx = mention + (" " + app.group(1) if app else "")
        named = app.group(1).strip() if app else ""
        if (mention[:1].islower() and _NAME_ONLY_RE.fullmatch(named) and article.registry.lookup(named)):
            # '"...," said the spokesman, Nick Merrill.': the name after the description speaks
            mention, pos = named, v_end + m.end(1) + app.start(1) + app.group(1).index(named)
    elif gap.split()[0].lower() in _NEW_CLAUSE_WORDS:
        # 'Smith said "..." and Jones replied': the verb after the quote opens another speaker's clause
        return None
    elif (len(gap.split()) <= 12 or named_chain(article, gap)) and not _SPACED_DASH_RE.search(gap):
        mention, pos, ctx = subject_before(article, quote.outer_end, v_start)
        if not mention:
            return None
    else:
        return None
    resolved = resolve(article, mention, pos, ctx)
    record(article, quote.start, quote.end, mention, pos, ctx, direct=True, rule="quote_after", verb=lemma,
           resolved=resolved)
    return resolved


def _attribution_before(article: Article, quote: Quote, s_start: int) -> Resolved | None:
    """'he said: "..."', 'X said in a statement that "..."': the last reporting verb before the quote."""
    text = article.text
    for v_start, v_end, lemma, kind in reversed(reporting_verbs(article, s_start, quote.outer_start)):
        gap = text[v_end : quote.outer_start]
        words = gap.split()
        if kind == "inv":
            return None
        ok = (not gap.strip()) or gap.rstrip().endswith((",", ":")) and len(words) <= 8 or (
            len(words) <= 6 and words and words[-1].lower() in {"that", "to", "simply", "only"})
        if not ok:
            return None
        if is_participle(article, v_start, v_end):
            mention, pos, ctx = participle_subject(article, s_start, v_start)
        else:
            mention, pos, ctx = clause_subject(article, s_start, v_start)
        resolved = resolve(article, mention, pos, ctx)
        record(article, quote.start, quote.end, mention, pos, ctx, direct=True, rule="quote_before", verb=lemma,
               resolved=resolved)
        return resolved
    return None


def _parenthetical_attribution(article: Article, quote: Quote, s_start: int, s_end: int) -> Resolved | None:
    """'Her comments, said X, are "..."': an attribution between commas before the quote."""
    text = article.text
    paren = _PARENTHETICAL_ATTRIBUTION_RE.search(text[s_start:s_end])
    if not paren or not quote.double or s_start + paren.start() > quote.outer_start:
        return None
    mention = paren.group(1)
    pos = s_start + paren.start(1)
    rest = text[s_start + paren.end(1) :]
    app = _APPOSITIVE_BETWEEN_COMMAS_RE.match(rest)
    ctx = app.group(1) if app else ""
    resolved = resolve(article, mention, pos, ctx)
    record(article, quote.start, quote.end, mention, pos, ctx, direct=True, rule="quote_parenthetical",
           resolved=resolved)
    return resolved


def _signature(article: Article, quote: Quote, s_start: int) -> Resolved | None:
    """A quote that is its whole paragraph, signed on the next line by a dash and the speaker."""
    text = article.text
    line_start = text.rfind("\n", 0, quote.outer_start) + 1
    sign = _SIGNATURE_RE.match(text, quote.outer_end)
    if text[max(s_start, line_start) : quote.outer_start].strip() or not sign:
        return None
    mention, pos, ctx = sign.group(1), sign.start(1), " ".join(g for g in sign.groups() if g)
    resolved = resolve(article, mention, pos, ctx)
    record(article, quote.start, quote.end, mention, pos, ctx, direct=True, rule="quote_signed", resolved=resolved)
    return resolved


def _continuation(article: Article, quote: Quote, s_start: int, last_speaker: Resolved | None) -> Resolved | None:
    """An unattributed quote that is a whole sentence: the previous quote's speaker goes on (or, for a
    long one with no speaker before it, an unattributed statement)."""
    text = article.text
    if not quote.double:
        return None
    words = text[quote.start : quote.end].split()
    if text[s_start : quote.outer_start].strip() or len(words) < 4:
        return None
    if last_speaker is not None and last_speaker[0] is not None:
        speaker, kind, extra = last_speaker
        record(article, quote.start, quote.end, speaker, quote.outer_start, extra, direct=True, rule="continuation",
               resolved=(speaker, kind, extra))
        return last_speaker
    if len(words) >= 6:
        record(article, quote.start, quote.end, None, -1, "", direct=True, rule="unattributed",
               resolved=(None, "none", ""))
    return None


def quote_statement(article: Article, quote: Quote, q_idx: int, quotes: list[Quote], s_start: int, s_end: int,
                    p_end: int, last_speaker: Resolved | None) -> Resolved | None:
    """Decide whether a quote of the sentence ``[s_start, s_end)`` is a statement and attribute it.
    Returns the resolved speaker (which a following quote may continue), else None."""
    if names_a_programme(article.text, quote, s_start):
        return None
    resolved = (_attribution_after(article, quote, p_end) if quote.closed else None) or _attribution_before(
        article, quote, s_start) or (_signature(article, quote, s_start) if quote.closed else None)
    if resolved:
        return resolved
    if called_quote(article, quote, q_idx, quotes, s_start):
        return None
    return _parenthetical_attribution(article, quote, s_start, s_end) or _continuation(
        article, quote, s_start, last_speaker)

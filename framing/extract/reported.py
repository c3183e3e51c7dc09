"""Reported (indirect) speech in one sentence: headlines such as "Reid: ..." or "Fox to Trump:
...", "..., according to X.", then for each reporting verb a trailing attribution ("<clause>, X
said.") or a forward clause ("X said (on Sunday) (that) <clause>", "X vowed to <clause>", "X told Y
that <clause>"); the unquoted "called" and nominal forms close the sentence.

Example:
    >>> from .article import Article
    >>> article = Article("Pompeo said on Sunday that sanctions will remain.")
    >>> reported_speech(article, 0, len(article.text), [], False)
    [(27, 48)]
    >>> [(f.speaker, f.rule, f.verb) for f in article.found]
    [('Pompeo', 'indirect', 'say')]
"""

from __future__ import annotations

import re

from .article import Article
from .called import CALL_RE, called_unquoted
from .lexicon import ADVERBIAL_STARTERS, CLAUSE_STARTERS, DETERMINERS, LEADING_SKIP, NEED_THAT, OBJECT_VERBS, VERBS
from .mentions import participle_subject, sentence_subject, subject_before, verb_clause_start
from .nominal import nominal_reports
from .recording import record
from .scanning import ALL_QUOTES, Quote, is_cap
from .verbs import is_participle, reporting_verbs

# Where a reported clause ends: ", saying/adding ..." and ", but admitted ..." (a new statement); a ';', a
# spaced dash, ", but he ..." and '," despite ...' (the reporter's aside); '...,” the White House said.' (a
# trailing attribution of the whole sentence); ': "' (the quote is a statement of its own).
_CLAUSE_STOP_RE = re.compile(
    r",\s+(?:saying|adding|noting|insisting|arguing|warning|calling|describing|according|referring|"
    r"(?:has\s+|had\s+)?(?:said|says|told|added|argued|insisted|warned))\b"
    # the reporter's contrast with another speaker: "... is non-negotiable, while Democrats have said ..."
    r"|,\s+while\s+(?:[A-Z][\w.’'\-]*|the|some|many|other|most)\s+(?:[\w.’'\-]+\s+){0,3}?(?:has\s+|have\s+|had\s+)?"
    r"(?:said|say|says|argued|argue|insisted|insist|claimed|claim|warned|contended|maintained|countered)\b"
    # a second report by a pronoun: "..., and they acknowledged that ..." (speech verbs only)
    r"|,\s+(?:but|and)\s+(?:he|she|they|we)\s+(?:also\s+|later\s+)?(?:said|added|argued|acknowledged|insisted|"
    r"warned|told|noted|stressed|claimed|conceded|admitted|countered)\b"
    # a second report of the same subject with no comma: "... has discriminatory policies and said it ..."
    # (verbs of a clause only: in "said Ryan called him and told him to ..." the told is Ryan's)
    r"|(?<=[\w’])\s+and\s+(?:also\s+|later\s+)?(?:said|added|argued|insisted|claimed|denied|noted|stressed)\b"
    # a second report after a comma, also one inside a closing quote ('... "stolen," and urged ...')
    r"|(?:,|(?<=,[”\"]))\s+(?:but|and)\s+(?:also\s+|later\s+)?(?:"
    + "|".join(sorted((f for f in VERBS if f != VERBS[f][0] and not f.endswith("ing")), key=len, reverse=True))
    + r")\b|,\s+but\s+(?:he|she|they|it|we)\s|;|\s(?:--|—|―|–)\s|[,”\"]\s+despite\b"
    r"|(?P<trail>,[”\"]?\s+(?:(?:the|a|an)\s+)?(?:[\w.’'\-]+\s+){0,4}(?:said|says|added|wrote)\s*$)"
    r"|(?P<colon>:\s*[“\"])"
)
# Setting adjuncts after a to-infinitive: a time or "in an interview ...".
_INF_ADJUNCT_RE = re.compile(
    r"\s+(?:(?:earlier|later)\s+)?(?:on\s+)?(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day|today|yesterday|tonight)\b"
    r"|\s+(?:earlier|later)\s+(?:this|last|that)\s+(?:week|month|year|morning|day)\b"
    r"|\s+(?:in|during|on)\s+(?:an?|the|his|her|their|its)\s+(?:[\w’'\-]+\s+){0,3}(?:interview|statement|speech|"
    r"address|appearance|show|broadcast|call|letter|tweet|post|conference|meeting|rally|op-ed|program|programme)\b",
    re.IGNORECASE,
)
_TIME_HEAD = re.compile(
    r"^(?:\s*,?\s*(?:on|in|at|this|last|late|early|earlier|later|also|again|then|only|hours|"
    r"(?:mon|tues|wednes|thurs|fri|satur|sun)day|morning|night|evening|afternoon|week|today|yesterday|"
    r"tonight|in\s+a\s+(?:statement|letter|tweet|post|speech|interview|video|release)|"
    r"to\s+reporters|to\s+journalists|on\s+twitter|publicly|privately|flatly|firmly|repeatedly|"
    r"the\s+same\s+day|(?:jan|feb|march|april|may|june|july|aug|sept|oct|nov|dec)\w*\.?(?:\s+\d+)?)\b)+",
    re.IGNORECASE,
)


# ---- whole-sentence forms --------------------------------------------------------------------

# headline "Reid: Mosque Should Be Built Someplace Else"; "Mitt To Akin: Drop Out" and
# "Former Mexican President Fox to Trump: We won't pay": the speaker is before "to"
_HEADLINE_COLON_RE = re.compile(
    r"\s*((?:[A-Z][\w.’'\-]*\s?){1,5}?)(?:\s*\b[Tt]o\s+(?:[A-Z][\w.’'\-]*\s?){1,3})?:\s+(\S.*)"
)
_LETTERS_RE = re.compile(r"[A-Za-z]+")
# "..., according to X."
_ACCORDING_TO_RE = re.compile(r",\s*according\s+to\s+([^,.;]{2,80})[.,]?\s*$")
# '"...," Biden said, according to AFP' is Biden's; polls and data say nothing
_SAID_AT_END_RE = re.compile(r"\b(?:said|says|told|added|wrote|tweeted)\s*$")
# '"...," said Trump in an interview, according to TIME': the quote has its speaker already
_QUOTE_ATTRIBUTED_RE = re.compile(r"[,?!][”\"]\s+(?:(?:[A-Z][\w.’'\-]*\s+){1,3})?(?:said|says|told|added|wrote)\b")
_DATA_SOURCE_RE = re.compile(r"(?:the\s+|an?\s+|\w+\s+){0,2}(?:polls?|surveys?|data|figures|estimates|statistics)\b",
                             re.IGNORECASE)


class _Sentence:
    """One sentence under these rules: its span, its paragraph's quotes, and the spans claimed so far."""

    def __init__(self, article: Article, start: int, end: int, quotes: list[Quote], headline: bool):
        self.article, self.start, self.end, self.quotes, self.headline = article, start, end, quotes, headline
        self.claimed: list[tuple[int, int]] = []
        self._in_quote = [(q.start, q.end) for q in quotes]
        text = article.text
        self.body_end = end  # without the closing punctuation (unless a quote closes there)
        while self.body_end > start and text[self.body_end - 1] in " .!?\"'”’»)":
            if text[self.body_end - 1] in "\"'”’»" and self.inside_quote(self.body_end - 2):
                break
            self.body_end -= 1
        self.verbs: list[tuple[int, int, str, str]] = []

    def inside_quote(self, pos: int) -> bool:
        return any(a <= pos < b for a, b in self._in_quote)


def _headline_report(sentence: _Sentence) -> tuple[int, int] | None:
    """'Reid: Mosque Should Be Built Someplace Else': the words after the colon, by the name before it."""
    text, s_start = sentence.article.text, sentence.start
    hm = _HEADLINE_COLON_RE.match(text[s_start : sentence.end])
    if (hm and hm.group(1).split()[0].lower() not in LEADING_SKIP
            and not any(w.lower() in VERBS for w in _LETTERS_RE.findall(hm.group(2)))
            and not CALL_RE.search(hm.group(2))):
        a = s_start + hm.start(2)
        record(sentence.article, a, sentence.body_end, hm.group(1).strip(), s_start + hm.start(1), "", direct=False,
               rule="headline")
        return a, sentence.body_end
    return None


def _according_to(sentence: _Sentence) -> tuple[int, int] | None:
    """'<clause>, according to X.': the clause, by X."""
    text, s_start = sentence.article.text, sentence.start
    acc = _ACCORDING_TO_RE.search(text[s_start : sentence.end])
    before = text[s_start : s_start + acc.start()] if acc else ""
    if acc is None or _SAID_AT_END_RE.search(before) or _QUOTE_ATTRIBUTED_RE.search(before) or _DATA_SOURCE_RE.match(
            acc.group(1)):
        return None
    a0, a1 = s_start, s_start + acc.start()
    record(sentence.article, a0, a1, acc.group(1).strip(), s_start + acc.start(1), "", direct=False,
           rule="according_to")
    return a0, a1


# ---- trailing attribution: "<clause>, X said (on Sunday | as ...)." ----------------------------

_TOLD_SHORT_OBJECT_RE = re.compile(r"\s*(?:[\w’'.\-]+\s*){1,4}[.!?]?\s*")
_SETTING_AFTER_VERB_RE = re.compile(
    r"\s*(?:,|(?:,\s*)?(?:on|in|at|during|as|while|when|after|before|near|from|with|via|through|to\s+(?:reporters|journalists))\b|"
    r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day|today|yesterday|tonight|hours|later|earlier)\b|[.!?])",
    re.IGNORECASE,
)
_TO_NAME_RE = re.compile(r"\s*to\s+(?:[A-Z][\w.’'\-]*\s*){1,4}[.!?]?\s*")  # "..., X confirmed to Fox News."
# 'said on Monday that ...', 'said on ABC he ...': a clause follows
_THAT_SOON_RE = re.compile(r"[^.;!?“”\"]{0,60}?\bthat\s")
_ON_SHOW_PRONOUN_RE = re.compile(r"\s*(?:on|to)\s+(?:[A-Z][\w.’'\-]*\s+){1,3}(?:he|she|they|it|we|i)\s")
# 'Practically speaking, he continued, impeachment is ...'
_COMMA_LOWER_RE = re.compile(r"\s*,\s*(?![“\"‘'])(?!(?:according|\w+ing)\b)[a-z]")
_PRONOUN_COMMA_END_RE = re.compile(r",\s*(?:he|she|they)\s+$")
_LEADING_CONJUNCTION_RE = re.compile(r"\s*(?:And|But|So|Still|Yet)\s+")
# the verb's words are a direct quote: left to the quote rules
_QUOTE_RULES = object()


def _ends_the_sentence(sentence: _Sentence, verb: tuple[int, int, str, str], tail: str) -> bool:
    """Only a setting follows the verb ("said.", "said on Sunday.", "told reporters."): an attribution
    of what came before it."""
    v_start, _, _, kind = verb
    short = not tail.strip(" .!?\"”’") or (kind == "tell" and _TOLD_SHORT_OBJECT_RE.fullmatch(tail)) or (
        _SETTING_AFTER_VERB_RE.match(tail)) or _TO_NAME_RE.fullmatch(tail)
    if short and (_THAT_SOON_RE.match(tail) or _ON_SHOW_PRONOUN_RE.match(tail)):
        return False
    if short and _COMMA_LOWER_RE.match(tail) and _PRONOUN_COMMA_END_RE.search(
            sentence.article.text[sentence.start : v_start]):
        return False
    return bool(short)


def _trailing_report(sentence: _Sentence, verb: tuple[int, int, str, str]) -> tuple[int, int] | object | None:
    """'<clause>, X said.': record the clause before the speaker and return its span; `_QUOTE_RULES`
    when that clause is a quote; None when no speaker stands after a comma."""
    article, s_start = sentence.article, sentence.start
    text = article.text
    v_start, _, lemma, _ = verb
    mention, pos, ctx = subject_before(article, s_start, v_start)
    comma = text[s_start:pos].rstrip().endswith(",") if mention else False
    if mention and not comma and text[s_start:pos].rstrip().endswith((",”", ',"')):
        # 'Biden told Netanyahu that he expects “...,” the White House said.': a report of a
        # report (a plain '"...," she said' is left to the quote rules)
        comma = any(v[0] < v_start and v[3] in {"say", "tell"} for v in sentence.verbs)
    if not (mention and comma and pos - s_start > 12):
        return None
    a0 = verb_clause_start(article, s_start, pos)  # after a ';' or dash: "...; most would ..., analysts say"
    a1 = s_start + text[s_start:pos].rstrip().rfind(",")
    clause = text[a0:a1].strip()
    starts_quoted = clause[:1] in ALL_QUOTES
    whole_quote = starts_quoted and any(abs(q.outer_start - a0) <= 1 and q.outer_end >= a1 - 1 for q in sentence.quotes)
    if whole_quote or any(q.outer_start <= a0 + 1 and q.outer_end >= a1 - 1 for q in sentence.quotes):
        return _QUOTE_RULES
    lead = _LEADING_CONJUNCTION_RE.match(text[a0:a1])
    if lead:
        a0 += lead.end()
    first = _FIRST_WORD_RE.match(text, a0, a1)
    if first and first.group(1).lower() in ADVERBIAL_STARTERS and "," not in text[a0:a1]:
        return None  # "When asked about it, Smith said ...": the clause sets the scene; what follows is said
    record(article, a0, a1, mention, pos, ctx, direct=False, rule="trailing", verb=lemma)
    return a0, a1


# ---- forward: "X said (on Sunday) (that) <clause>" ---------------------------------------------

# 'Her comments, said Josh Earnest, ..., are "..."': left to the quote rules
_PARENTHETICAL_SAID_RE = re.compile(r"\s+[^,;.“”\"]{2,60},")
_TO_INFINITIVE_RE = re.compile(r"[^.;:!?]{0,60}?\b((?:not\s+)?to)\s+(?!(?:a|an|the|his|her|their|its)\s)[a-z]")
_HEADLINE_TO_RE = re.compile(r"[^.;:!?]{0,60}?\b(To)\s+[A-Z]")
_TO_QUOTE_RE = re.compile(r"[^.;:!?“”\"]{0,60}?\b(?:not\s+)?to\s+[“\"]")
_INFINITIVE_THAT_RE = re.compile(r"[^.;!?]{0,40}?\b(that)\s+")
_TOLD_THAT_RE = re.compile(r"[^.;!?]{0,120}?\bthat\s+")
_ENDS_IN_PREPOSITION_RE = re.compile(r"\b(?:on|in|at|to)\s*$", re.IGNORECASE)
_SHOW_NAME_RE = re.compile(r"\s*[“\"]?[A-Z][\w.’'\-]*(?:\s+[A-Z][\w.’'\-]*){0,3},?[”\"]?")
_CLAUSE_AFTER_SHOW_RE = re.compile(r"\s*,?\s*(?:that|he|she|they|it|we|I)\s")
_THAT_RE = re.compile(r"\s*,?\s*(?:[a-z]+ly\s+)?that\s+")  # "stated plainly that ..."
_FIRST_WORD_RE = re.compile(r"\s*(?:,\s*)?([\w’'.\-]+)")
_CONTRACTION_RE = re.compile(r"[’'](?:ll|d|s|re|ve|m)$")  # "they’ll"
_PARENTHETICAL_RE = re.compile(r"\s*,\s*(?![“\"‘'])(?=\w)")
_SUBJECT_COMMA_END_RE = re.compile(r",\s*(?:he|she|they|[A-Z][\w.’'\-]*)\s+$")
# up to four words, numbers included ("more than 3,400 rockets have"), then an auxiliary
_WORDS_THEN_AUXILIARY_RE = re.compile(
    r"\s*(?:[a-z0-9][\w’',\-]*\s+){1,4}(?:had|has|have|was|were|is|are|will|would|could|"
    r"should|must|can|may|might|did|do|does)\b"
)


def _infinitive_start(sentence: _Sentence, verb: tuple[int, int, str, str]) -> int | None:
    """'vowed (not) to <clause>', else 'vowed that <clause>'."""
    _, v_end, lemma, _ = verb
    mtail = sentence.article.masked[v_end : sentence.end]
    inf = _TO_INFINITIVE_RE.match(mtail) or (_HEADLINE_TO_RE.match(mtail) if sentence.headline else None)
    if inf is not None:
        return v_end + inf.start(1)
    if lemma == "challenge":
        return None  # "challenged the notion that X" disputes X
    if _TO_QUOTE_RE.match(mtail):
        return None  # 'vowed to “impeach ...”': the quote is the statement (quote rules)
    that = _INFINITIVE_THAT_RE.match(mtail)
    if that is None or sentence.inside_quote(v_end + that.start(1)):
        return None  # (a "that" inside a quote opens no clause)
    return v_end + that.end()


def _told_start(sentence: _Sentence, verb: tuple[int, int, str, str]) -> int | None:
    """'told <object> that <clause>'."""
    v_end = verb[1]
    that = _TOLD_THAT_RE.match(sentence.article.masked[v_end : sentence.end])
    return None if that is None else v_end + that.end()


def _said_start(sentence: _Sentence, verb: tuple[int, int, str, str], tail: str) -> int | None:
    """'said (on Sunday) (that) <clause>': after the setting, a "that" or the first word of a clause."""
    text = sentence.article.text
    v_start, v_end, lemma, _ = verb
    skip = _TIME_HEAD.match(tail)
    offset = skip.end() if skip else 0
    if skip and _ENDS_IN_PREPOSITION_RE.search(skip.group(0)):
        # "said on ABC he ...", 'said on "Fox News Sunday" that ...'; else no clause follows
        show = _SHOW_NAME_RE.match(tail[offset:])
        if not show or not _CLAUSE_AFTER_SHOW_RE.match(tail[offset + show.end():]):
            return None
        offset += show.end()
    rest = tail[offset:]
    that = _THAT_RE.match(rest)
    if that:
        return v_end + offset + that.end()
    if lemma in NEED_THAT:
        return None
    first = _FIRST_WORD_RE.match(rest)
    if not first:
        return None
    word = _CONTRACTION_RE.sub("", first.group(1))
    parenthetical = _PARENTHETICAL_RE.match(rest)
    if parenthetical and not _SUBJECT_COMMA_END_RE.search(text[sentence.start : v_start]):
        parenthetical = None
    if parenthetical:
        # 'Practically speaking, he continued, impeachment is only possible ...'
        return v_end + offset + parenthetical.end()
    if word.lower() not in CLAUSE_STARTERS and not is_cap(word) and not _WORDS_THEN_AUXILIARY_RE.match(rest):
        return None  # 'authorities had identified ...' is a clause; 'denied a request' is not
    if rest.lstrip()[:1] in ",:":
        return None  # 'said, "..."' is a direct quote
    if lemma in OBJECT_VERBS and word.lower() in DETERMINERS:
        return None  # 'denied a request to ...', 'confirmed the deal': an object, not a clause
    return v_end + offset + first.start(1)


def _clause_start(sentence: _Sentence, verb: tuple[int, int, str, str], tail: str) -> int | None:
    """Where the reported clause after the verb starts, or None when none follows."""
    text = sentence.article.text
    v_start, v_end, _, kind = verb
    if text[sentence.start : v_start].rstrip().endswith(",") and _PARENTHETICAL_SAID_RE.match(
            sentence.article.masked[v_end : sentence.end]) and any(
            q.outer_start > v_end for q in sentence.quotes if sentence.start <= q.outer_start < sentence.end):
        return None  # 'Her comments, said Josh Earnest, ..., are "..."': left to the quote rules
    if kind == "inf":
        return _infinitive_start(sentence, verb)
    if kind == "tell":
        return _told_start(sentence, verb)
    return _said_start(sentence, verb, tail)


def _clause_end(sentence: _Sentence, kind: str, clause_start: int) -> tuple[int, Quote | None]:
    """Where the clause ends: the sentence end or where `_CLAUSE_STOP_RE` says (outside quotes), and
    the quote that follows a colon there, if any."""
    text = sentence.article.text
    clause_end = sentence.body_end
    colon_quote = None
    for stop in _CLAUSE_STOP_RE.finditer(text, clause_start, sentence.body_end):
        if sentence.inside_quote(stop.end() - 1 if stop.group("trail") else stop.start()):
            continue
        clause_end = stop.start()
        if stop.group("colon"):
            colon_quote = next((q for q in sentence.quotes if q.outer_start == stop.end() - 1), None)
        break
    if kind == "inf":
        # "vowed to remain in the race earlier Tuesday on the radio show ...": the setting is not the vow
        adjunct = _INF_ADJUNCT_RE.search(text, clause_start, clause_end)
        if adjunct:
            clause_end = adjunct.start()
    return clause_end, colon_quote


def _is_new_clause(sentence: _Sentence, clause_start: int, clause_end: int) -> bool:
    """Two words or more (any in a headline), not one quote (a direct quote), not claimed before."""
    if clause_end <= clause_start:
        return False
    clause = sentence.article.text[clause_start:clause_end].strip()
    if len(clause.split()) < 2 and not sentence.headline:
        return False
    # a clause that is just one quote stays a direct quote
    if clause[:1] in ALL_QUOTES and any(
        q.outer_start <= clause_start + 1 and q.outer_end >= clause_end - 1 for q in sentence.quotes
    ):
        return False
    return not any(a <= clause_start < b for a, b in sentence.claimed)


_GOING_ON_TO_RE = re.compile(r"\b(?:going|went|goes)\s+on\s+to\s+$")
_AFTER_CONJUNCTION_RE = re.compile(r"(?:\b(?:and|but)\s+(?:\w+\s+){0,2}|,\s*)$")


def _forward_speaker(sentence: _Sentence, verb: tuple[int, int, str, str]) -> tuple[str | None, int, str] | None:
    """Who speaks with a forward clause: the subject of a participle's verb, else the noun phrase
    before the verb (the sentence subject after "and"/"but"/a comma); None when there is none."""
    article, s_start = sentence.article, sentence.start
    v_start, v_end, _, _ = verb
    before = article.text[s_start:v_start]
    if is_participle(article, v_start, v_end) or _GOING_ON_TO_RE.search(before):
        # ", saying ...", "..., going on to suggest Romney had ...": the subject of the verb before
        return participle_subject(article, s_start, v_start)
    mention, pos, ctx = subject_before(article, verb_clause_start(article, s_start, v_start), v_start)
    if mention is None and _AFTER_CONJUNCTION_RE.search(before):
        mention, pos, ctx = sentence_subject(article, s_start, v_start)
    return None if mention is None else (mention, pos, ctx)


def _forward_report(sentence: _Sentence, verb: tuple[int, int, str, str], tail: str) -> None:
    """'X said (that) <clause>': record the clause (and a quote after its colon) and claim them."""
    article = sentence.article
    kind, lemma = verb[3], verb[2]
    clause_start = _clause_start(sentence, verb, tail)
    if clause_start is None:
        return
    clause_end, colon_quote = _clause_end(sentence, kind, clause_start)
    if not _is_new_clause(sentence, clause_start, clause_end):
        return
    speaker = _forward_speaker(sentence, verb)
    if speaker is None:
        return
    mention, pos, ctx = speaker
    n_found = len(article.found)
    record(article, clause_start, clause_end, mention, pos, ctx, direct=False, rule="indirect", verb=lemma)
    sentence.claimed.append((clause_start, clause_end))
    if colon_quote is not None and len(article.found) > n_found:
        # 'said that Obama could help: "I'm sure he has great influence ..."': the same speaker's quote
        f = article.found[-1]
        record(article, colon_quote.start, colon_quote.end, f.mention, f.anchor, ctx, direct=True,
               rule="quote_before", verb=lemma, resolved=(f.speaker, f.kind, ""))
        sentence.claimed.append((colon_quote.start, colon_quote.end))


# ---- the sentence ------------------------------------------------------------------------------


def reported_speech(article: Article, s_start: int, s_end: int, quotes: list[Quote],
                    headline: bool) -> list[tuple[int, int]]:
    """Record the reported speech of one sentence; return the spans it claimed (quotes inside them
    are absorbed). ``headline``: the sentence is on the article's first line."""
    sentence = _Sentence(article, s_start, s_end, quotes, headline)
    whole = (_headline_report(sentence) if headline else None) or _according_to(sentence)
    if whole:
        return [whole]
    text = article.text
    sentence.verbs = [v for v in reporting_verbs(article, s_start, s_end) if not sentence.inside_quote(v[0])]
    for verb in sentence.verbs:
        v_start, v_end, _, kind = verb
        if kind == "inv":
            continue
        tail = text[v_end:s_end]
        if _ends_the_sentence(sentence, verb, tail) and kind != "inf" and not is_participle(article, v_start, v_end):
            trailing = _trailing_report(sentence, verb)
            if trailing is _QUOTE_RULES:
                continue
            if trailing is not None:
                sentence.claimed.append(trailing)
                continue
            if not tail.strip(" .!?\"”’"):
                continue
        _forward_report(sentence, verb, tail)
    sentence.claimed += called_unquoted(article, s_start, sentence.body_end, sentence.claimed)
    sentence.claimed += nominal_reports(article, s_start, sentence.body_end, sentence.claimed)
    return sentence.claimed

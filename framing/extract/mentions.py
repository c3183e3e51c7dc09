"""The words that name a speaker: the noun phrase right before a reporting verb, a sentence's
subject, the subject of a participle (", saying ..."), and where a verb's clause starts.

Each finder returns ``(mention, position, context)``: the mention as written, its offset, and the
appositives and parentheticals around it (party clues).

Example:
    >>> from .article import Article
    >>> article = Article("Sen. John Smith (D-N.Y.) said it was over.")
    >>> subject_before(article, 0, 25)
    ('Sen. John Smith', 0, ' (D-N.Y.)')
"""

from __future__ import annotations

import re

from .article import Article
from .lexicon import ADVERBS, AGENT_ROLES, DEMONSTRATIVES, LEADING_SKIP, NEED_THAT, NP_WORDS, PRONOUNS, TRAIL_SKIP
from .scanning import INITIAL_RE, POSSESSIVE_END_RE, is_cap, tokens
from .verbs import is_participle, reporting_verbs, verb_like

# A name, then a chain of appositives up to a comma: "Elliott Maynard, a Republican trying to unseat
# Representative Nick Rahall, a Democrat, in West Virginia," (the name is the speaker).
_NAME_CHAIN_RE = re.compile(
    r"\s*((?:[A-Z][\w.’'\-]*\s+){0,3}[A-Z][\w.’'\-]*),(\s+(?:a|an|the)\s(?:[^.;:!?]|(?<=\b[A-Z])\.)*),\s*$"
)


_AND_COLLEAGUES_RE = re.compile(r"\s+(?:and|along\s+with)\s+(?:his|her|their)\s+(?:colleagues|allies|aides|team)\s*$")
_TIME_AGO_RE = re.compile(
    r"\s(?:a|an|one|two|three|four|five|six|several|few|\d+)\s+(?:hour|day|week|month|year)s?\s+"
    r"(?:ago|earlier|later|before)\s*$"
)
_NUMBER_RE = re.compile(r"\d[\w.,:\-]*")
_ADVERB_LY_RE = re.compile(r"[a-z]{3,}ly")
_RELATIVE_START_RE = re.compile(r"\s*(?:who|which|whose)\b")
_CAPITALISED_NAME_RE = re.compile(r"(?:[A-Z][\w.’'\-]*\s*){1,4}")
_LOWER_WORD_RE = re.compile(r"[a-z][\w\-]*")
# "The lawyer for Mrs. Clinton, David Kendall, said": the head ends in an agent role and its principal
_AGENT_FOR_END_RE = re.compile(
    r"\b(?:" + "|".join(sorted(AGENT_ROLES)) + r")\s+(?:for|to)\s+(?:[A-Z][\w.’'\-]*\s*){1,4}$")


def subject_before(article: Article, start: int, end: int) -> tuple[str | None, int, str]:
    """The speaker noun phrase that ends right before ``end`` (a reporting verb).

    Returns (mention, position, context) where context holds appositives and
    parentheticals for the party.
    """
    seg = article.text[start:end]
    # "Steny Hoyer, D-Md., and his colleagues said": the named person speaks
    along = _AND_COLLEAGUES_RE.search(seg)
    if along:
        seg = seg[: along.start()]
    # "Felipe Calderón, who a week ago asserted": a time phrase, not part of the speaker
    ago = _TIME_AGO_RE.search(seg)
    if ago:
        seg = seg[: ago.start()]
    # "Elliott Maynard, a Republican trying to unseat Representative Nick Rahall, a Democrat, in West
    # Virginia, said": a named person, then a chain of appositives; the first name speaks
    after_quote = max(seg.rfind("”"), seg.rfind('"')) + 1  # '"...," Elliott Maynard, a ..., said'
    chain = named_chain(article, seg[after_quote:])
    if chain:
        # only the name's own appositive describes it ("John Smith, the chairman who hired Tom
        # Jones, a Democrat, said": Jones's "a Democrat" is no clue to Smith's party)
        return chain.group(1), start + after_quote + chain.start(1), chain.group(2).split(",")[0]
    toks = tokens(seg)
    context = ""
    while toks and (toks[-1][0].lower() in TRAIL_SKIP or _NUMBER_RE.fullmatch(toks[-1][0])
                    or _ADVERB_LY_RE.fullmatch(toks[-1][0])):
        toks.pop()
    # parenthetical "(D-N.Y.)" or "(R-Ariz.)"
    while toks and toks[-1][0].startswith("("):
        context += " " + toks[-1][0]
        toks.pop()
    if toks and toks[-1][0].lower() in {"and", "but", "or"}:
        return None, -1, context  # "... stood firm and said": the sentence subject speaks
    if len(toks) >= 2 and toks[-1][0].lower() in {"who", "which"} and toks[-2][0] == ",":
        toks = toks[:-2]  # "Kim Yong Chol, who mused that ..."
    if toks and toks[-1][0] == ",":
        # appositive: ", the White House press secretary," or ", R-S.C.,"
        commas = [k for k, t in enumerate(toks[:-1]) if t[0] == ","]
        if commas:
            first = commas[-1]
            appositive = seg[toks[first][2] : toks[-1][1]]
            relative = _RELATIVE_START_RE.match(appositive)
            name = appositive.strip()
            agent_head = _AGENT_FOR_END_RE.search(seg[: toks[first][1]])
            if (not relative and first > 0 and (toks[first - 1][0][:1].islower() or agent_head)
                    and article.registry.lookup(name)
                    and _CAPITALISED_NAME_RE.fullmatch(name)):
                # "the coalition's executive director, Matt Brooks, said": the name is the speaker; the
                # position stays the head's (the trailing rule looks for a comma before the speaker)
                head, head_pos, _ = subject_before(article, start, start + toks[first][1])
                context += " " + seg[: toks[first][1]]
                return name, head_pos if head else start + toks[first][2] + appositive.index(name), context
            if len(appositive.split()) <= 14 or relative:
                if not relative:  # "X, who said ...," is no description of X
                    context += " " + appositive
                toks = toks[:first]
                while toks and toks[-1][0].startswith("("):
                    context += " " + toks[-1][0]
                    toks.pop()
        else:
            return None, -1, context
    if not toks:
        return None, -1, context
    last = toks[-1][0]
    if last.lower() in PRONOUNS:
        return last, start + toks[-1][1], context
    k = len(toks)
    while k > 0:
        tok = toks[k - 1][0]
        low = tok.lower()
        if is_cap(tok) or low in NP_WORDS or INITIAL_RE.fullmatch(tok) or POSSESSIVE_END_RE.search(tok) and is_cap(tok):
            k -= 1
            continue
        if tok == "-" or tok == "’" or tok == "'":
            k -= 1
            continue
        break
    # "a lawyer for Mrs. Clinton": the lawyer speaks, not the person they speak for
    if k >= 2 and toks[k - 1][0].lower() in {"for", "to"} and toks[k - 2][0].lower() in AGENT_ROLES:
        k -= 2
        while k > 0 and toks[k - 1][0].lower() in NP_WORDS and not is_cap(toks[k - 1][0]):
            k -= 1
    # "Iran's new political leader": up to two adjectives after a capitalised possessive
    for n_adj in (1, 2):
        owner = toks[k - n_adj - 1][0] if k > n_adj else ""
        if (len(toks) > k > n_adj and POSSESSIVE_END_RE.search(owner) and is_cap(owner)
                and all(_LOWER_WORD_RE.fullmatch(t[0]) for t in toks[k - n_adj : k])):
            k -= n_adj + 1
            while k > 0 and is_cap(toks[k - 1][0]):
                k -= 1
            break
    chunk = toks[k:]
    while chunk and (chunk[0][0].lower() in {"and", "of", "-"} or chunk[0][0].lower() in LEADING_SKIP):
        chunk = chunk[1:]
    if not chunk:
        return None, -1, context
    if all(t[0].lower() in {"the", "a", "an", "and", "of"} for t in chunk):
        return None, -1, context
    if not any(is_cap(t[0]) or t[0].lower() in NP_WORDS - {"the", "a", "an", "of", "and", "new"} for t in chunk):
        return None, -1, context
    mention = seg[chunk[0][1] : chunk[-1][2]]
    return mention, start + chunk[0][1], context

_CONJUNCTION_START_RE = re.compile(r"\s*(?:and|or|but)\b")


def named_chain(article: Article, seg: str) -> re.Match | None:
    """``seg`` is a known person's name and then two or more appositives, up to a comma."""
    chain = _NAME_CHAIN_RE.match(seg)
    pieces = chain.group(2).split(",")[1:] if chain else []
    if any(_CONJUNCTION_START_RE.match(p) or (p.split() and verb_like(p.split()[0])) for p in pieces):
        return None
    if chain and chain.group(2).count(",") >= 1 and len(chain.group(2).split()) <= 40:
        name = article.registry.lookup(chain.group(1))
        if name and name in article.registry.people:
            return chain
    return None

# a leading participial clause ("After calling ..., French officials", "Even before the nomination, ...")
_LEADING_CLAUSE_RE = re.compile(
    r"\s*(?:(?:Even|Just|Shortly|Long|Soon)\s+[a-z]+|After|Before|While|When|Despite|Speaking)\b"
    r"[^,]*(?:,[”\"]?|[”\"])\s*"
)
_OPENING_ADJUNCT_RE = re.compile(
    r"\s*(?:In|On|At|For|During|Later|Earlier|Over|Since|After|Before)\s[^,.;:“”\"]{1,40},\s*")
_PLACE_AFTER_RE = re.compile(r"\s+(?:in|from|at)\s+(?:the\s+)?((?:[A-Z][\w.’'\-]*\s?){1,4})")
_TRAILING_PARENTHETICAL_RE = re.compile(r"\s*(\([^()]*\))\s*$")
_APPOSITIVE_RE = re.compile(r"([^,]{1,120}),")
_LOWER_WORD_OR_POSSESSIVE_RE = re.compile(r"[a-z][a-z\-]*(?:['’]s)?")


def sentence_subject(article: Article, s_start: int, limit: int) -> tuple[str | None, int, str]:
    """The first noun phrase of a sentence followed by a verb-like word (the main subject)."""
    seg = article.text[s_start:limit]
    # skip a leading participial clause ("After calling ..., French officials", "Even before the
    # nomination, Ms. McCaskill ...")
    lead = _LEADING_CLAUSE_RE.match(seg)
    # a short opening adjunct: "In a statement later in the day, the first lady ..."
    adjunct = _OPENING_ADJUNCT_RE.match(seg)
    if adjunct and article.registry.person_mentions(s_start, s_start + adjunct.end()):
        adjunct = None  # "Earlier Senator John Smith, a Republican, ...": the name is the subject
    lead = lead or adjunct
    offset = lead.end() if lead else 0
    toks = tokens(seg[offset:])
    k = 0
    while k < len(toks) and toks[k][0].lower() in LEADING_SKIP | {","}:
        k += 1
    j = k
    while j < len(toks) and (
        is_cap(toks[j][0]) or toks[j][0].lower() in NP_WORDS or INITIAL_RE.fullmatch(toks[j][0])
        or toks[j][0].startswith("(")
    ):
        j += 1
    if j == k:
        if k < len(toks) and toks[k][0].lower() in PRONOUNS:
            return toks[k][0], s_start + offset + toks[k][1], ""
        return None, -1, ""
    if j - k == 1 and toks[k][0].lower() in DEMONSTRATIVES:
        # "The committee's ranking Republican", "That cable": a bare determiner is no subject; take
        # the lowercase words after it (a possessive, adjectives, the noun) up to the verb, then
        # any capitalised or role words ("... ranking Republican")
        m = j
        while (m < len(toks) and m - j < 3 and _LOWER_WORD_OR_POSSESSIVE_RE.fullmatch(toks[m][0])
               and not verb_like(toks[m][0]) and toks[m][0].lower() not in ADVERBS):
            m += 1
        while m < len(toks) and (is_cap(toks[m][0]) or toks[m][0].lower() in NP_WORDS):
            m += 1
        if m > j and not verb_like(toks[m - 1][0]):
            j = m
    context = ""
    # appositive right after the subject
    if j < len(toks) and toks[j][0] == ",":
        rest = seg[offset + toks[j][2] :]
        app = _APPOSITIVE_RE.match(rest)
        if app:
            context = app.group(1)
            named = article.registry.lookup(app.group(1).strip())
            if named in article.registry.people and toks[k][0].lower() in DEMONSTRATIVES:
                # "the first lady, Melania Trump, questioned ...": the name is the subject
                described = seg[offset + toks[k][1] : offset + toks[j - 1][2]]
                at = offset + toks[j][2] + len(app.group(1)) - len(app.group(1).lstrip())
                return app.group(1).strip(), s_start + at, described
    # "Other officials in the GOP ...": the place they are in is a party clue
    place = _PLACE_AFTER_RE.match(seg[offset + toks[j - 1][2] :])
    if place:
        context += " " + place.group(1)
    mention = seg[offset + toks[k][1] : offset + toks[j - 1][2]]
    # drop trailing parentheticals from the mention, keep them for the party
    paren = _TRAILING_PARENTHETICAL_RE.search(mention)
    if paren:
        context += " " + paren.group(1)
        mention = mention[: paren.start()]
    return mention, s_start + offset + toks[k][1], context

def verb_clause_start(article: Article, s_start: int, v_start: int) -> int:
    """Start of the clause that holds the verb: after the last ';', '—' or 'and/but <subject>'."""
    seg = article.text[s_start:v_start]
    cut = max(seg.rfind(";"), seg.rfind("—"), seg.rfind("―"), seg.rfind(" – "))
    return s_start + cut + 1 if cut >= 0 else s_start

_TIME_CLAUSE_START_RE = re.compile(r"\s*(?:After|Before|While|When|Despite)\b")
# finite verbs whose subject a participle after them shares
_FINITE_VERB_RE = re.compile(
    r"\b(?:[a-z]+ed|turned|said|told|spoke|took|made|gave|came|went|met|wrote|won|lost|"
    r"fired|declared|announced|criticised|criticized|called|held|sent)\b"
)


def participle_subject(article: Article, s_start: int, v_start: int) -> tuple[str | None, int, str]:
    """Subject of ', saying ...': the subject of the nearest reporting verb before it, else of
    the nearest finite verb, else the sentence subject."""
    seg = article.text[s_start:v_start]
    if _TIME_CLAUSE_START_RE.match(seg) and "," not in seg:
        return sentence_subject(article, s_start, article.sentence_end(s_start))
    verbs = [v for v in reporting_verbs(article, s_start, v_start) if not is_participle(article, v[0], v[1])]
    verbs = [v for v in verbs if v[2] in NEED_THAT] + [v for v in verbs if v[2] not in NEED_THAT]
    finite = [
        (s_start + m.start(), s_start + m.end())
        for m in _FINITE_VERB_RE.finditer(seg)
    ]
    for a, _b in [(v[0], v[1]) for v in reversed(verbs)] + list(reversed(finite)):
        mention, pos, ctx = subject_before(article, verb_clause_start(article, s_start, a), a)
        if mention:
            return mention, pos, ctx
    return sentence_subject(article, s_start, v_start)


# A relative clause before the verb has a subject of its own ("Iowa, where caucusgoers describe ...").
_RELATIVE_BEFORE_RE = re.compile(r",\s*(?:where|which|who|whose|when)\b")


def subject_of_verb(article: Article, s_start: int, v_start: int, v_end: int) -> tuple[str | None, int, str]:
    """The speaker of a "called" or blame verb at ``[v_start, v_end)``: for a participle the subject
    of the verb before it, else the noun phrase before the verb, else the sentence subject unless a
    relative clause has its own ("Iowa, where caucusgoers describe themselves as ...")."""
    if article.text[v_start:v_end].endswith("ing"):
        return participle_subject(article, s_start, v_start)
    mention, pos, ctx = subject_before(article, verb_clause_start(article, s_start, v_start), v_start)
    if mention is None and not _RELATIVE_BEFORE_RE.search(article.text[s_start:v_start]):
        mention, pos, ctx = sentence_subject(article, s_start, v_start)
    return mention, pos, ctx


def clause_subject(article: Article, s_start: int, v_start: int) -> tuple[str | None, int, str]:
    """The noun phrase right before the verb at ``v_start`` in its clause, else the sentence subject."""
    mention, pos, ctx = subject_before(article, verb_clause_start(article, s_start, v_start), v_start)
    if mention is None:
        return sentence_subject(article, s_start, v_start)
    return mention, pos, ctx

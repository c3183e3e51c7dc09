"""Who a mention is: a person of the registry (full names, surnames, titles, descriptions such as
"the Arizona Republican", pronouns when one candidate is clear), an institution or a role; the
words that give a person's party; and whom a speaker speaks for ("an aide to Mr. Reid").

Example:
    >>> from .article import Article
    >>> article = Article("US Secretary of State Mike Pompeo arrived. Mr. Pompeo said so.")
    >>> resolve(article, "Mr. Pompeo", 43, "")
    ('Mike Pompeo', 'person', 'Mr. Pompeo')
"""

from __future__ import annotations

import re

from .article import Article
from .lexicon import (
    AGENT_ROLES,
    COUNTRY_WORDS,
    LEADING_SKIP,
    NP_WORDS,
    PRONOUNS,
    ROLE_HEADS,
    ROLE_NORMAL,
    ROLE_SYNONYMS,
    TITLE_ELECT,
    TITLES,
)
from .mentions import sentence_subject
from .parties import DEM_RE, REP_RE, party_from_words
from .people import WORD_CHAR
from .scanning import POSSESSIVE_END_RE, clean_tok, is_abbreviation_word, is_cap, tokens

# "<name>, a top adviser to <name>": the comma onwards (the first name is checked per speaker).
_AIDE_TO = re.compile(
    r",\s+(?:a|an|the)?\s*(?:[\w\-]+\s+){0,3}?(?:spokes(?:man|woman|person)|adviser|advisor|aide|press\s+secretary|"
    r"chief\s+of\s+staff|campaign\s+manager|lawyer|attorney|deputy)\s+(?:to|for)\s+((?:[A-Z][\w.\-]*\s?){1,4})(?![’'\w])"
)


_THE_START_RE = re.compile(r"^(?:the|The)\s+")


def _korea(article: Article, mention: str) -> str:
    """'the South' / 'the North' name the Koreas in a text about them."""
    bare = _THE_START_RE.sub("", mention.strip())
    if bare in {"South", "North"} and f"{bare} Korea" in article.text:
        return f"{bare} Korea"
    return ""

_ARTICLE_START_RE = re.compile(r"^(?:[Tt]he|[Aa]n?)\s+")
_DEFINITE_RE = re.compile(r"[Tt]he\s")
_POSSESSIVE_DESCRIPTION_RE = re.compile(r"[A-Z][\w.]*['’]s\s+(?:[a-z][\w\-]*\s+){0,3}[a-z][\w\-]*")


_AGENT_WORDS = "|".join(sorted(AGENT_ROLES))
_NAME_WORDS = r"(?:[A-Z][\w.’'\-]*\s?){1,4}"
# "a lawyer for Mrs. Clinton" as a mention: the role and the principal
_AGENT_MENTION_RE = re.compile(rf"(?:[a-z][\w\-]*\s+){{0,2}}?({_AGENT_WORDS})\s+(?:for|to)\s+({_NAME_WORDS})")
# where the text names the agent: "the lawyer for Mrs. Clinton, David Kendall," or "David Kendall, a lawyer
# for Mrs. Clinton"
_NAMED_AGENT_RE = re.compile(
    rf"\b(?:[Tt]he|[Aa]n?)\s+(?:[a-z][\w\-]*\s+){{0,2}}?(?P<r1>{_AGENT_WORDS})\s+(?:for|to)\s+(?P<p1>{_NAME_WORDS}),"
    rf"\s+(?P<n1>{_NAME_WORDS}),|(?P<n2>{_NAME_WORDS}),\s+(?:a|an|the)\s+(?:[a-z][\w\-]*\s+){{0,2}}?"
    rf"(?P<r2>{_AGENT_WORDS})\s+(?:for|to)\s+(?P<p2>{_NAME_WORDS})"
)


def agent_of(article: Article, role: str, principal: str) -> str | None:
    """The one person the text names as ``role`` of ``principal`` ("David Kendall, a lawyer for Mrs. Clinton"),
    else None; the text is read once."""
    return _agents(article).get((role.lower(), principal))


def _agents(article: Article) -> dict[tuple[str, str], str | None]:
    if article.agents is None:
        article.agents = {}
        for m in _NAMED_AGENT_RE.finditer(article.text):
            r, p, n = (m.group("r1"), m.group("p1"), m.group("n1")) if m.group("r1") else (
                m.group("r2"), m.group("p2"), m.group("n2"))
            who, whom = article.registry.lookup(n.strip().rstrip(".,")), article.registry.lookup(p.strip().rstrip(".,"))
            if who and whom and who != whom and who in article.registry.people:
                key = (r.lower(), whom)
                article.agents[key] = who if article.agents.get(key, who) == who else None
    return article.agents


def resolve(article: Article, mention: str | None, position: int, context: str) -> tuple[str | None, str, str]:
    """Mention -> (speaker, kind, extra context). kind: person/org/role/none."""
    if not mention:
        return None, "none", ""
    m = mention.strip().strip(",")
    low = m.lower()
    if low in PRONOUNS:
        return _pronoun(article, low, position)
    definite = bool(_DEFINITE_RE.match(m))
    m = _ARTICLE_START_RE.sub("", m)
    agent = _AGENT_MENTION_RE.fullmatch(m)
    principal = article.registry.lookup(agent.group(2).strip()) if agent else None
    if agent and principal:
        # "a lawyer for Mrs. Clinton" is the lawyer: the one named so, else the role
        holder = agent_of(article, agent.group(1), principal)
        return (holder, "person", m) if holder else (m, "role", principal)
    name = article.registry.lookup(m)
    if name:
        extra = m if m != name else ""
        return name, "person", extra
    if definite:
        holder = _description(article, m, position)
        if holder:
            return holder, "person", m
    elif _POSSESSIVE_DESCRIPTION_RE.fullmatch(m):
        # "Iran's new political leader": a description of someone named before
        holder = _description(article, m, position, backward_only=True)
        if holder:
            return holder, "person", m
    if m in article.registry.acronyms:
        full = article.registry.acronyms[m]
        return m, "org", full
    if _korea(article, m):
        return m, "org", _korea(article, m)
    words = m.lower().split()
    if words and all(w in NP_WORDS or w in TITLES for w in words):
        holder = article.registry.role_holder(m)
        if holder:
            return holder, "person", m
        return m, "role", ""
    return m, "org", ""

def _description(article: Article, mention: str, position: int, backward_only: bool = False) -> str | None:
    """'the Arizona Republican', 'the senator', 'the presumptive Republican nominee' -> the person.

    The one holder of that title in the article, else the most recent person who spoke or was
    the subject in the last four sentences and whose title and party do not contradict it.
    ``backward_only``: only the latter (a possessive description, "Iran's new leader", names
    someone already introduced; "Taiwan's president" before any name stays a description).
    """
    words = mention.lower().split()
    if not 1 <= len(words) <= 5 or words[-1] not in ROLE_HEADS:
        return None  # plurals ("the senators") are not one person
    if any(w in {"of", "and", "for"} for w in words):
        return None  # "the secretary of state" and the like are left to role_holder
    head = words[-1]
    want = party_from_words(mention)

    def contradicts(name: str) -> bool:
        has = party_from_words(" ".join(article.registry.people[name].roles) + " "
                                + party_context(article, name, "person"))
        return want is not None and has is not None and has != want

    title = ROLE_SYNONYMS.get(head, head)
    if head not in {"republican", "democrat", "nominee", "candidate", "lawmaker"} and not backward_only:
        holder = article.registry.role_holder(title)
        if holder:
            return None if contradicts(holder) else holder
    idx = article.sentence_index(position)
    if idx is None:
        return None
    window = article.sent_spans[max(0, idx - 4)][0]
    cands = [(f.anchor, f.speaker) for f in article.found if f.speaker in article.registry.people]
    cands += [(pos, name) for pos, name, kind in article.subjects if kind == "person"]
    for pos, name in sorted(cands, reverse=True):
        if not window <= pos < position:
            continue
        person = article.registry.people[name]
        titled = {w for r in person.roles for w in r.split()} | {
            ROLE_NORMAL[w] for r in person.roles for w in r.split() if w in ROLE_NORMAL}
        if head in {"senator", "governor", "president", "justice", "judge", "mayor", "speaker", "chairman",
                    "chairwoman", "representative", "congressman", "congresswoman"} and title not in titled:
            continue
        if contradicts(name):
            continue
        return name
    return None

# a relative clause, an aside between dashes, an "including" list: its names are no rivals
_ASIDE_RE = re.compile(r",\s*(?:which|who|whose)\b[^,;]*(?:,|$)|\s[―—]\s[^―—]*?(?:\s[―—]\s|$)|\bincluding\b[^,;]*")
_POSSESSIVE_NAME_RE = re.compile(r"(?:[A-Z][\w.\-]*\s)*[A-Z][\w.\-]*['’]s\b")
# what the subject said or thought ("expressed disbelief that X would ...", "said that X ..."), up to the
# next clause: the names in it are what the subject spoke of, no rival antecedents
_COMPLEMENT_CLAUSE_RE = re.compile(r"\s(?:that|whether)\s[^;]*?(?=,\s*(?:and|but)\s|;|$)")


def _pronoun(article: Article, pronoun: str, position: int) -> tuple[str | None, str, str]:
    """A pronoun -> the speaker it refers to when one candidate is clear, else no one."""
    kind = PRONOUNS[pronoun]
    if kind in {"s", "p"} and pronoun != "they":
        return None, "none", ""
    # window: the current sentence and the previous one (two for a unique candidate)
    idx = article.sentence_index(position)
    if idx is None:
        return None, "none", ""
    win1 = article.sent_spans[max(0, idx - 1)][0]
    win2 = article.sent_spans[max(0, idx - 2)][0]
    if kind == "n" or kind == "p":
        for found in reversed(article.found):
            if found.anchor >= win1 and found.anchor < position and found.speaker:
                person = found.speaker in article.registry.people
                if kind == "n" and not person:
                    return found.speaker, "org", found.context
                if kind == "p" and not person and found.speaker.lower().endswith("s"):
                    return found.speaker, "org", found.context
        for pos, speaker, skind in reversed(article.subjects):
            if win1 <= pos < position and skind == "org":
                if kind == "n" and not speaker.lower().endswith("s"):
                    return speaker, "org", ""
                if kind == "p" and speaker.lower().endswith("s"):
                    return speaker, "org", ""
        return None, "none", ""

    def compatible(name: str) -> bool:
        person = article.registry.people.get(name)
        if person is None:
            return False
        return person.gender in (None, kind)

    # the nearest speaker mention first (statements are not found in text order within a sentence)
    for found in sorted(article.found, key=lambda f: f.anchor, reverse=True):
        if win1 <= found.anchor < position and found.speaker and found.speaker in article.registry.people:
            if compatible(found.speaker):
                return found.speaker, "person", ""
            break
    # the person who was the subject of the previous sentence, when no one else is named there
    # ("He also referred to ... ." "…," he said); "Trump met Kim and Moon. He said" stays unclear
    for pos, name, skind in reversed(article.subjects):
        if win1 <= pos < position and skind == "person" and name in article.registry.people:
            k = article.sentence_index(pos)
            if compatible(name) and k is not None and k != idx and pos in article.sole_subjects:
                a, b = article.sent_spans[k]
                # a possessive modifier ("on Sean Hannity's radio show") is no rival antecedent
                # names in a relative clause, an aside or an "including" list are no rivals either
                asides = [(pos + m.start(), pos + m.end()) for m in _ASIDE_RE.finditer(article.text[pos:b])]
                asides += [(pos + m.start(), pos + m.end())
                           for m in _COMPLEMENT_CLAUSE_RE.finditer(article.text[pos:b])]
                mentions = article.registry.person_mentions(a, b)
                # the surname inside the subject's own full name ("Trump" in "Melania Trump") is no rival
                asides += [(p, p + len(name)) for p, n in mentions if n == name]
                others = {n for p, n in mentions
                          if not any(x <= p < y for x, y in asides)
                          if n != name and not any(x <= p < y for x, y in article.quote_spans)
                          and not _POSSESSIVE_NAME_RE.match(article.text[p : p + 40])}
                if not others:
                    return name, "person", ""
            break
    names = {name for pos, name in article.registry.person_mentions(win2, position)
             if not any(a <= pos < b for a, b in article.quote_spans)}
    names |= {s for pos, s, k in article.subjects if win2 <= pos < position and k == "person"}
    cands = [n for n in names if compatible(n)]
    if len(cands) == 1:
        return cands[0], "person", ""
    return None, "none", ""

def _title_before(article: Article, pos: int) -> str:
    """The title words right before a name: 'US Secretary of State', 'Republican Sen.'."""
    seg = article.text[max(0, pos - 80) : pos].rsplit("\n", 1)[-1]
    toks = tokens(seg)
    k = len(toks)
    while k > 0:
        tok = toks[k - 1][0]
        w = TITLE_ELECT.sub("", clean_tok(tok).rstrip(".").lower())
        if tok.endswith(".") and not is_abbreviation_word(tok):
            break
        if (w in TITLES or (w in NP_WORDS and w not in {"and", "the", "a", "an"})
                or tok in COUNTRY_WORDS or clean_tok(tok) in COUNTRY_WORDS
                or w in {"u.s", "us"} or DEM_RE.fullmatch(tok) or REP_RE.fullmatch(tok)
                or (is_cap(tok) and w not in LEADING_SKIP and not POSSESSIVE_END_RE.search(tok) and k < len(toks))):
            k -= 1
            continue
        if POSSESSIVE_END_RE.search(tok) and is_cap(tok):
            k -= 1  # "South Korea's", "Obama's"
            continue
        break
    return seg[toks[k][1] :] if k < len(toks) else ""

# a parenthetical, an appositive or "of <Place>" after a name
_APPOSITIVE_AFTER_NAME_RE = re.compile(
    r"\s*(\([^()]{1,40}\)(?:\s*,[^,.;]{1,100}(?:,|\.))?|,[^,.;]{1,100}(?:,|\.)|"
    r"\s+of\s+[A-Z][\w ]{2,30})"
)
_RELATIVE_AFTER_RE = re.compile(r"\s*,\s*(?:who|which|whose)\b")


def party_context(article: Article, speaker: str | None, kind: str) -> str:
    """Everything the text says next to a person's name (titles before it, appositives after it, at
    every mention, and the descriptions resolved to them), for their party; made once per person."""
    if not speaker or kind != "person":
        return ""
    person = article.registry.people[speaker]
    if not person.party_context:
        text = article.text
        contexts = []
        keys = [speaker, speaker.split()[-1]]
        for key in keys:
            for at in article.registry.key_positions(key):
                before = _title_before(article, at)
                # the words after the name, never past the end of its line (the headline)
                after = text[at + len(key) : at + len(key) + 120].split("\n", 1)[0]
                app = _APPOSITIVE_AFTER_NAME_RE.match(after)
                appositive = app.group(1) if app else ""
                if _RELATIVE_AFTER_RE.match(appositive):
                    appositive = ""  # a relative clause, not a description of the person
                contexts.append(before + " " + appositive)
        person.party_context = contexts
    return " || ".join(person.party_context + person.described)

# ---- statements -----------------------------------------------------------------



def principal_of(article: Article, speaker: str | None) -> str | None:
    """The person a speaker speaks for, from an appositive after the speaker's name:
    "Jim Manley, a top adviser to Mr. Reid" -> "Harry Reid" (who then lends his party)."""
    if not speaker or speaker not in article.registry.people:
        return None
    if speaker not in article.principals:  # once per speaker, not per statement
        article.principals[speaker] = _principal_in_text(article, speaker) or next(
            (whom for (_, whom), who in _agents(article).items() if who == speaker), None)
    return article.principals[speaker]

_CAPITALISED_RUN_END_RE = re.compile(r"(?:[A-Z][\w.’'\-]*\s+){0,3}$")


def _principal_in_text(article: Article, speaker: str) -> str | None:
    if article.aides is None:  # every "<name>, an aide to <name>" of the text, found in one pass
        article.aides = [(m.start(), m) for m in _AIDE_TO.finditer(article.text)]
    for key in (speaker, speaker.split()[-1]):
        for at, match in article.aides:
            start = at - len(key)  # the name must end right at the comma, as a whole word
            if start < 0 or article.text[start:at] != key or (start and WORD_CHAR.match(article.text, start - 1)):
                continue
            run = _CAPITALISED_RUN_END_RE.search(article.text[max(0, start - 200) : start]).group(0)
            if key != speaker and article.registry.lookup(run + key) != speaker:
                continue  # "Jane Smith, a spokeswoman for ..." is not John Smith
            name = article.registry.lookup(match.group(1).strip().rstrip(".,"))
            if name and name != speaker:
                return name
    return None

def without_other_names(article: Article, context: str, speaker: str | None) -> str:
    """``context`` with the names of people other than the speaker blanked out, so that a user's
    ``parties`` key such as "Trump" is not matched in "McCain, who criticised Trump"."""
    return article.registry.blank_names(context, speaker.lower() if speaker else "")


_THE_DESCRIPTION_RE = re.compile(r"\s*(?:[A-Z][\w’'\-]*\s+)?The\s+((?:[\w\-]+\s+){0,4})")
_SEVERAL_PEOPLE_RE = re.compile(r"\s(?:and|or|with)\s|,")


def note_sentence_subject(article: Article, s_start: int, s_end: int) -> None:
    """Remember the subject of each sentence for pronoun resolution."""
    mention, pos, _ = sentence_subject(article, s_start, s_end)
    described = _THE_DESCRIPTION_RE.match(article.text[s_start:s_end])
    if described and (not mention or len(mention.split()) <= 1):
        words = described.group(1).split()
        heads = [j for j, w in enumerate(words) if w.lower() in ROLE_HEADS]
        if heads:
            # "The liberal icon justice had ...": a description of someone named before
            mention, pos = "the " + " ".join(words[: heads[0] + 1]), s_start + described.start(1)
    if mention and mention.lower() in PRONOUNS and mention.lower() in {"he", "she"}:
        speaker, kind, _ = resolve(article, mention, pos, "")
        if speaker and kind == "person":
            article.subjects.append((pos, speaker, kind))
            article.sole_subjects.add(pos)
    elif mention and mention.lower() not in PRONOUNS:
        speaker, kind, extra = resolve(article, mention, pos, "")
        if speaker and kind in {"person", "org"}:
            article.subjects.append((pos, speaker, kind))
            if kind == "person" and not _SEVERAL_PEOPLE_RE.search(mention):
                article.sole_subjects.add(pos)
        if kind == "person" and extra and party_from_words(extra):
            article.registry.people[speaker].described.append(extra)

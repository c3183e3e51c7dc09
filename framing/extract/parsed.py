"""Who said what on a dependency parse: the parser extractor behind ``extract_statements(method="parser")``.

Each paragraph is parsed by spaCy (`pipeline`). In each sentence a reporting verb (the rules' lexicon,
`lexicon.VERBS`, tagged as a verb, not negated, not passive) gives a statement: its complement clause
(``ccomp``), its to-infinitive (``vowed to``, ``urged X to``), the clause before it (``..., X said``) or
the quote it introduces; ``according to X`` gives the rest of the sentence; ``call`` / ``describe as``
give their quoted or unquoted complement. A quote no verb claims continues the previous quote's speaker.
The speaker is the verb's subject: a named person (``PERSON`` entity, resolved to the fullest form of
the name in the article), a role resolved to the one person the article gave that title or appositive
(``the attorney general`` -> Eric Holder), a pronoun resolved to the last person or group that spoke or was
a subject, or an organisation / group as written. What the text says about each speaker (titles,
appositives, ``a spokesman for X``, party labels) is kept for `sides`.

Example:
    >>> from .pipeline import parse_texts  # doctest: +SKIP
    >>> text = "Sanctions will stay, Secretary of State Mike Pompeo said."
    >>> [(f.speaker, text[f.start:f.end]) for f in read_parsed(text, parse_texts([text]))]  # doctest: +SKIP
    [('Mike Pompeo', 'Sanctions will stay')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from .article import Found
from .lexicon import NEED_THAT, OBJECT_VERBS, VERBS
from .recording import is_fragment
from .scanning import Quote, find_quotes, paragraph_spans, strip_span

# Verbs whose oprd / "as" complement is what the speaker "called" something.
_CALL_VERBS = {"call", "calls", "called", "calling", "describe", "describes", "described", "describing",
               "dub", "dubbed", "deem", "deemed", "label", "labeled", "labelled", "denounce", "denounced",
               "dismiss", "dismissed", "brand", "branded", "term", "termed"}
_PRONOUNS = {"he": "m", "she": "f", "him": "m", "her": "f"}
_GROUP_PRONOUNS = {"they", "it", "we"}
_ENTITY_SPEAKERS = {"PERSON", "ORG", "GPE", "NORP"}
# Heads of a speaker phrase that name a role (resolved to the person given that title, if any).
ROLE_WORDS = {
    "president", "secretary", "minister", "spokesman", "spokeswoman", "spokesperson", "adviser", "advisor",
    "senator", "congressman", "congresswoman", "representative", "governor", "mayor", "leader", "speaker",
    "chairman", "chairwoman", "director", "ambassador", "general", "chief", "official", "aide", "envoy",
    "lawyer", "attorney", "judge", "justice", "premier", "chancellor", "candidate", "nominee", "lawmaker",
    "commander", "prosecutor", "counsel", "host", "anchor", "journalist", "founder", "head", "executive",
    "king", "prince", "queen", "pope", "sheriff", "whip",
}
_ABBREVIATED = {"sen": "senator", "rep": "representative", "gov": "governor", "gen": "general",
                "pres": "president", "amb": "ambassador"}
_GENDER_TITLES = {"mr": "m", "mrs": "f", "ms": "f", "miss": "f", "spokesman": "m", "spokeswoman": "f",
                  "congressman": "m", "congresswoman": "f", "chairman": "m", "chairwoman": "f"}
_TRIM_WORDS = {"that", "whether", "if"}
_NOT_SPEAKERS = {"who", "which", "that", "what", "there", "this", "i", "you", "one", "everyone", "nobody"}
_GENERIC = {"analysts", "experts", "critics", "observers", "people", "some", "others", "many", "residents",
            "sources", "reports", "report", "polls", "poll", "data", "studies", "study", "surveys", "survey"}
_HEADLINE_COLON_RE = re.compile(r"^([^:\n“”\"]{2,60}?):\s+(\S.*)$")


@dataclass
class Person:
    """A person the article names: the fullest name, what the text says about them, and where."""

    name: str
    descriptions: list[str] = field(default_factory=list)
    gender: str | None = None
    principal: str | None = None


class Reader:
    """The state of one article read on its parse: people, recent subjects and the statements found."""

    def __init__(self, text: str):
        self.text = text
        self.people: dict[str, Person] = {}  # full name -> Person
        self.surnames: dict[str, str] = {}  # last word (lower) -> full name
        self.recent: list[tuple[int, str, str]] = []  # (sentence number, speaker, kind)
        self.found: list[Found] = []
        self.sentence_no = 0
        self.org_descriptions: dict[str, list[str]] = {}
        self.last_quote: tuple | None = None  # (speaker, kind, description, principal) of the last quote

    # ---- people -------------------------------------------------------------------------
    def person(self, raw: str) -> str:
        """The fullest form of a name the article gives ("Pompeo" -> "Mike Pompeo")."""
        name = _clean_name(raw)
        last = name.split()[-1].lower() if name.split() else name.lower()
        full = self.surnames.get(last)
        if full and (name.lower() in full.lower() or len(name.split()) == 1):
            return full
        return name

    def add_person(self, raw: str, description: str, gender: str | None, principal: str | None) -> str:
        name = _clean_name(raw)
        if not name:
            return name
        last = name.split()[-1].lower()
        known = self.surnames.get(last)
        if known and (len(name) <= len(known)) and name.lower() in known.lower():
            name = known
        elif known and known.lower() in name.lower():
            self.people[name] = self.people.pop(known)
            self.people[name].name = name
            for key, value in list(self.surnames.items()):
                if value == known:
                    self.surnames[key] = name
        self.surnames.setdefault(last, name)
        if len(name.split()) > 1 and self.surnames[last] != name and len(name) > len(self.surnames[last]):
            self.surnames[last] = name
        person = self.people.setdefault(name, Person(name))
        if description and description not in person.descriptions:
            person.descriptions.append(description)
        if gender and not person.gender:
            person.gender = gender
        if principal and not person.principal:
            person.principal = principal
        return name

    def role_holder(self, role_words: list[str]) -> str | None:
        """The one person whose titles or appositives hold all of ``role_words`` (the latest named if several)."""
        if not role_words:
            return None
        hits = []
        for name, person in self.people.items():
            words = set()
            for description in person.descriptions:
                words.update(_words(description))
            if all(w in words for w in role_words):
                hits.append(name)
        if len(hits) == 1:
            return hits[0]
        if hits:
            for _, speaker, _kind in reversed(self.recent):
                if speaker in hits:
                    return speaker
        return None

    def note(self, speaker: str | None, kind: str) -> None:
        if speaker:
            self.recent.append((self.sentence_no, speaker, kind))
            del self.recent[:-30]

    def antecedent(self, pronoun: str) -> tuple[str | None, str]:
        """The speaker a pronoun refers back to: the latest person (he / she, gender-compatible) or group."""
        gender = _PRONOUNS.get(pronoun)
        for number, speaker, kind in reversed(self.recent):
            if self.sentence_no - number > 3:
                break
            if gender:
                if kind != "person":
                    continue
                known = self.people.get(speaker)
                if known and known.gender and known.gender != gender:
                    continue
                return speaker, kind
            if kind != "person":
                return speaker, kind
        return None, "none"


def _clean_name(raw: str) -> str:
    name = re.sub(r"['’]s?$", "", raw.strip())
    name = re.sub(r"^(?:the|a|an)\s+", "", name, flags=re.IGNORECASE)
    name = re.sub(r"^(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen)\.?\s+", "", name)
    return name.strip(" ,.;:\"“”'’‘")


def _words(text: str) -> set[str]:
    out = set()
    for word in re.findall(r"[A-Za-z]+", text.lower()):
        out.add(_ABBREVIATED.get(word, word))
    return out


# ---------------------------------------------------------------------------------------------
# spans and tokens
# ---------------------------------------------------------------------------------------------
def _span(doc: Any, first: int, last: int) -> tuple[int, int]:
    """Character span of tokens ``first..last`` (inclusive) in the paragraph."""
    return doc[first].idx, doc[last].idx + len(doc[last].text)


def _ent_of(tok: Any) -> Any:
    for ent in tok.doc.ents:
        if ent.start <= tok.i < ent.end:
            return ent
    return None


def _speech(tok: Any) -> tuple[str, str] | None:
    """(lemma, kind) when ``tok`` is a reporting verb used as a verb, not negated and not passive."""
    low = tok.lower_
    if low not in VERBS or not tok.tag_.startswith("VB"):
        return None
    if any(c.dep_ in ("neg", "auxpass") for c in tok.children):
        return None
    head = tok.head
    if tok.dep_ == "xcomp" and head.lower_ in {"declined", "declines", "refused", "refuses", "decline", "refuse"}:
        return None
    if tok.dep_ in ("amod", "compound"):
        return None
    return VERBS[low]


def _subject(verb: Any) -> Any:
    """The subject token of a verb, inherited from the verb it is coordinated with or modifies."""
    seen = 0
    tok = verb
    while seen < 4:
        for child in tok.children:
            if child.dep_ in ("nsubj", "nsubjpass") and child.dep_ != "nsubjpass":
                return child
        if tok.dep_ == "relcl" and tok.head.pos_ in ("NOUN", "PROPN"):
            return tok.head
        if tok.dep_ in ("conj", "advcl", "xcomp") and tok.head is not tok:
            tok = tok.head
            seen += 1
            continue
        return None
    return None


def _complement(verb: Any, kind: str) -> Any:
    """The head of what a reporting verb reports: a clause, or for ``inf`` verbs the infinitive."""
    if kind == "inf" or verb.lower_.startswith("call"):
        for child in verb.children:
            if child.dep_ in ("xcomp", "ccomp") and any(g.lower_ == "to" for g in child.children):
                return child
        for child in verb.children:
            if child.dep_ == "prep" and child.lower_ in ("on", "for"):
                for tok in child.subtree:
                    if tok.dep_ in ("xcomp", "relcl", "acl", "ccomp") and any(g.lower_ == "to" for g in tok.children):
                        return tok
        for child in verb.children:
            if child.dep_ == "dobj":
                for tok in child.children:
                    if tok.dep_ in ("relcl", "acl", "xcomp") and any(g.lower_ == "to" for g in tok.children):
                        return tok
    for child in verb.children:
        if child.dep_ == "ccomp":
            return child
    if kind == "tell":
        for child in verb.children:
            if child.dep_ in ("dobj", "dative"):
                for tok in child.children:
                    if tok.dep_ in ("ccomp", "relcl"):
                        return tok
    return None


def _called(verb: Any) -> Any:
    """The complement of ``call X Y`` / ``describe X as Y``."""
    if verb.lower_ not in _CALL_VERBS:
        return None
    for child in verb.children:
        if child.dep_ == "oprd":
            return child
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ == "as":
            objects = [g for g in child.children if g.dep_ == "pobj"]
            if objects:
                return objects[0]
    for child in verb.children:
        if child.dep_ == "ccomp" and verb.lower_.startswith("call"):
            return child
    return None


# ---------------------------------------------------------------------------------------------
# the speaker of a subject token
# ---------------------------------------------------------------------------------------------
def _phrase(tok: Any) -> tuple[int, int]:
    """Token range of a subject noun phrase without relative clauses and the verb's other material."""
    first = tok.i
    for child in tok.lefts:
        if child.dep_ in ("det", "compound", "amod", "nmod", "poss", "nummod", "quantmod", "case", "advmod"):
            first = min(first, child.left_edge.i)
    last = tok.i
    for child in tok.rights:
        if child.i != last + 1 or child.dep_ not in ("prep", "compound", "case"):
            continue
        if child.dep_ == "prep" and tok.ent_type_ == "PERSON" and child.lower_ != "of":
            continue  # "Bloomberg at the convention" says nothing about Bloomberg
        last = child.right_edge.i
    return first, last


def _description(tok: Any) -> tuple[str, str | None]:
    """What the text says about the subject next to it: titles, appositives, parentheses; and a principal
    (``a spokesman for X``, ``X's spokesman``, ``an aide to X``)."""
    doc = tok.doc
    first, last = _phrase(tok)
    parts = [doc[first : last + 1].text]
    principal = None
    for child in tok.children:
        if child.dep_ in ("appos", "npadvmod") or (child.dep_ == "punct" and child.text == "("):
            parts.append(doc[child.left_edge.i : child.right_edge.i + 1].text)
    if tok.dep_ == "appos":
        head = tok.head
        a, b = _phrase(head)
        parts.append(doc[a : b + 1].text)
    # "(D-Ill.)" right after the name
    after = doc[tok.i + 1 : min(len(doc), tok.i + 8)].text
    paren = re.match(r"\s*\(([^()]{1,30})\)", after)
    if paren:
        parts.append(paren.group(1))
    text = " ".join(parts)
    role_heads = [tok] + [c for c in tok.children if c.dep_ == "appos"] + ([tok.head] if tok.dep_ == "appos" else [])
    for head in role_heads:
        for child in head.children:
            if child.dep_ == "prep" and child.lower_ in ("for", "to") and head.lower_ in _AGENT_HEADS:
                objects = [g for g in child.children if g.dep_ == "pobj"]
                if objects:
                    principal = doc[objects[0].left_edge.i : objects[0].right_edge.i + 1].text
            if child.dep_ == "poss" and head.lower_ in _AGENT_HEADS:
                principal = doc[child.left_edge.i : child.i + 1].text
    return text, principal


_AGENT_HEADS = {"spokesman", "spokeswoman", "spokesperson", "spokesmen", "aide", "aides", "adviser", "advisers",
                "advisor", "lawyer", "lawyers", "attorney", "representative", "representatives", "official",
                "officials", "secretary", "team", "campaign", "office", "staff", "allies", "ally", "envoy",
                "associate", "associates"}


def resolve_subject(reader: Reader, tok: Any) -> tuple[str | None, str, str, str | None]:
    """``(speaker, kind, description, principal)`` for a subject token; kind is person / org / role / none."""
    low = tok.lower_
    if tok.pos_ == "PRON" or low in _PRONOUNS or low in _GROUP_PRONOUNS:
        if low in _PRONOUNS:
            speaker, kind = reader.antecedent(low)
            return speaker, kind, "", None
        if low in ("they", "it"):
            speaker, kind = reader.antecedent(low)
            return speaker, kind, "", None
        return None, "none", "", None
    if low in _NOT_SPEAKERS:
        return None, "none", "", None
    description, principal = _description(tok)
    # a name in apposition speaks: "the coalition's executive director, Matt Brooks, said"
    for child in tok.children:
        if child.dep_ == "appos" and child.ent_type_ == "PERSON":
            ent = _ent_of(child)
            name = reader.add_person(ent.text if ent else child.text, description, _gender(tok), principal)
            return name, "person", description, principal
    ent = _ent_of(tok)
    if ent is not None and ent.label_ == "PERSON":
        name = reader.add_person(ent.text, description, _gender(tok), principal)
        return name, "person", description, principal
    if ent is not None and ent.label_ in _ENTITY_SPEAKERS and tok.i == ent.end - 1:
        name = _clean_name(ent.text)
        reader.org_descriptions.setdefault(name, []).append(description)
        return name, "org", description, principal
    first, last = _phrase(tok)
    words = [t for t in tok.doc[first : tok.i + 1] if t.dep_ not in ("det", "poss", "case") and not t.is_punct]
    role = " ".join(t.text for t in words).strip()
    if tok.lower_ in ROLE_WORDS or tok.lower_.rstrip("s") in ROLE_WORDS:
        holder = reader.role_holder(sorted(_words(role) - {"the", "a", "an", "top", "former", "senior"}))
        if holder is None and tok.lower_ in ROLE_WORDS:
            holder = _possessive_holder(reader, tok)
        if holder is not None:
            return holder, "person", description, principal
        if not principal:
            for child in tok.children:
                if child.dep_ == "poss" and child.ent_type_ in ("PERSON", "ORG", "GPE", "NORP"):
                    principal = child.text
        return (_clean_name(role) or None), "role", description, principal
    if not role or low in _GENERIC:
        return (_clean_name(role) or None), "group", description, principal
    return _clean_name(role) or None, "org", description, principal


def _possessive_holder(reader: Reader, tok: Any) -> str | None:
    """``Iran's new president`` / ``the president``: the latest speaker named with that role word."""
    word = tok.lower_
    for _, speaker, kind in reversed(reader.recent):
        person = reader.people.get(speaker)
        if kind == "person" and person and any(word in _words(d) for d in person.descriptions):
            return speaker
    return None


def _gender(tok: Any) -> str | None:
    for t in tok.doc[max(0, tok.left_edge.i - 1) : tok.i + 1]:
        g = _GENDER_TITLES.get(t.lower_.rstrip("."))
        if g:
            return g
    return None


# ---------------------------------------------------------------------------------------------
# reading an article
# ---------------------------------------------------------------------------------------------
def paragraphs_of(text: str) -> list[tuple[int, int]]:
    """The paragraph spans the parser reads (lines, as the rules read them)."""
    return paragraph_spans(text)


def read_parsed(text: str, docs: list[Any]) -> list[Found]:
    """Every statement found on the parse of ``text`` (one Doc per paragraph of `paragraphs_of`)."""
    reader = Reader(text)
    spans = paragraphs_of(text)
    if len(spans) != len(docs):
        raise ValueError(f"read_parsed expected one parse per paragraph ({len(spans)}), got {len(docs)}.")
    _register_people(reader, docs)
    previous_quote_speaker: tuple[str | None, str, str, str | None] | None = None
    for number, ((p_start, p_end), doc) in enumerate(zip(spans, docs)):
        quotes = [q for q in find_quotes(text, p_start, p_end) if q.double or number == 0]
        previous_quote_speaker = _read_paragraph(reader, doc, p_start, quotes, number == 0, previous_quote_speaker)
    for f in reader.found:  # a person's side is read from all that the text says about them
        person = reader.people.get(f.speaker) if f.kind == "person" else None
        if person is not None:
            f.context = f.title_context = " ; ".join(person.descriptions)
            f.principal = f.principal or person.principal
    return reader.found


def _register_people(reader: Reader, docs: list[Any]) -> None:
    """Every PERSON named, with titles and appositives, before any statement is read (for roles)."""
    for doc in docs:
        for ent in doc.ents:
            if ent.label_ != "PERSON" or len(ent.text) < 3:
                continue
            root = ent.root
            description, principal = _description(root)
            reader.add_person(ent.text, description, _gender(root), principal)


def _read_paragraph(reader: Reader, doc: Any, offset: int, quotes: list[Quote], headline: bool,
                    carried: tuple | None) -> tuple | None:
    text = reader.text
    claimed: list[tuple[int, int]] = []  # spans (absolute) already a statement
    used_quotes: set[int] = set()
    reader.last_quote = carried
    n_before = len(reader.found)
    if headline:
        _headline_colon(reader, doc, offset)
    for sent in doc.sents:
        reader.sentence_no += 1
        s_start, s_end = offset + sent.start_char, offset + sent.end_char
        root = sent.root
        subj = _subject(root) if root.pos_ in ("VERB", "AUX") else None
        for tok in sent:
            if _inside(quotes, offset + tok.idx):
                continue  # a verb inside a quote is the quoted speaker's, not an attribution
            got = _speech(tok)
            if tok.lower_ == "according" and tok.nbor(1).lower_ == "to" if tok.i + 1 < len(doc) else False:
                _according(reader, doc, sent, tok, offset, quotes, claimed)
                continue
            if got is None:
                call = _called(tok) if tok.tag_.startswith("VB") else None
                if call is not None:
                    _call_statement(reader, doc, tok, call, offset, quotes, used_quotes, claimed)
                continue
            lemma, kind = got
            _verb_statement(reader, doc, sent, tok, lemma, kind, offset, quotes, used_quotes, claimed)
        # quotes of this sentence no verb claimed
        for q_idx, quote in enumerate(quotes):
            if q_idx in used_quotes or not (s_start < quote.outer_end <= s_end + 1 or (
                    not quote.closed and s_start <= quote.outer_start < s_end)):
                continue
            if any(a <= quote.start and quote.end <= b for a, b in claimed):
                used_quotes.add(q_idx)
                continue
            got = _attribute_quote(reader, doc, sent, quote, offset)
            if got is None and reader.last_quote is not None and len(text[quote.start : quote.end].split()) >= 3:
                got = reader.last_quote
                rule = "continuation"
            elif got is None:
                if len(text[quote.start : quote.end].split()) < 6 or not _whole_sentence(text, quote, s_start, s_end):
                    continue
                got = (None, "none", "", None)
                rule = "quote_unattributed"
            else:
                rule = "quote"
            used_quotes.add(q_idx)
            speaker, kind, description, principal = got[:4]
            verb = got[4] if len(got) > 4 else None
            _add(reader, quote.start, quote.end, speaker, kind, description, principal, direct=True, rule=rule,
                 verb=verb)
            claimed.append((quote.start, quote.end))
        if subj is not None and root.pos_ in ("VERB", "AUX"):
            speaker, kind, _, _ = _peek_subject(reader, subj)
            if speaker and kind in ("person", "org"):
                reader.note(speaker, kind)
    # a paragraph with a quote hands its speaker on to an unattributed quote opening the next one
    if any(f.direct for f in reader.found[n_before:]) or (quotes and not quotes[-1].closed):
        return reader.last_quote
    return None


def _peek_subject(reader: Reader, tok: Any) -> tuple[str | None, str, str, str | None]:
    ent = _ent_of(tok)
    if ent is not None and ent.label_ == "PERSON":
        return reader.person(ent.text), "person", "", None
    if ent is not None and ent.label_ in ("ORG", "GPE", "NORP"):
        return _clean_name(ent.text), "org", "", None
    return None, "none", "", None


def _inside(quotes: list[Quote], pos: int) -> bool:
    return any(q.double and q.start <= pos < q.end for q in quotes)


def _whole_sentence(text: str, quote: Quote, s_start: int, s_end: int) -> bool:
    before = text[s_start : quote.outer_start].strip()
    after = text[quote.outer_end : s_end].strip(" .,!?\n")
    return len(before) <= 2 and len(after) <= 2


def _quote_over(quotes: list[Quote], start: int, end: int) -> int | None:
    """The quote that covers ``[start, end)`` (give or take its marks and punctuation)."""
    for k, quote in enumerate(quotes):
        if quote.outer_start <= start + 2 and end - 2 <= quote.outer_end and quote.end - quote.start > 0:
            inner = max(0, min(end, quote.end) - max(start, quote.start))
            if inner >= 0.6 * (end - start):
                return k
    return None


def _content(reader: Reader, doc: Any, head: Any, verb: Any, offset: int) -> tuple[int, int] | None:
    """Absolute span of a complement's subtree, without ``that`` and outer punctuation; never over the verb."""
    toks = [t for t in head.subtree]
    first, last = toks[0].i, toks[-1].i
    if first <= verb.i <= last:
        if head.i > verb.i:
            first = verb.i + 1
        else:
            last = verb.i - 1
    while first <= last and (doc[first].lower_ in _TRIM_WORDS or doc[first].is_punct or doc[first].is_space):
        first += 1
    while last >= first and (doc[last].is_punct or doc[last].is_space) and doc[last].text not in ")":
        last -= 1
    if last < first:
        return None
    start, end = _span(doc, first, last)
    # a clause before the verb ("..., X said"): stop at the subject's comma
    start, end = strip_span(reader.text, offset + start, offset + end, trailing=" ,;:—–-\"“”'’")
    while start < end and reader.text[start] in "\"“”'‘’":
        start += 1
    return (start, end) if end > start else None


def _verb_statement(reader: Reader, doc: Any, sent: Any, verb: Any, lemma: str, kind: str, offset: int,
                    quotes: list[Quote], used_quotes: set[int], claimed: list[tuple[int, int]]) -> None:
    subject = _subject(verb)
    if kind == "inv" and subject is None:
        return
    head = _complement(verb, kind)
    if head is not None and lemma in NEED_THAT | OBJECT_VERBS:
        marks = [c for c in head.children if c.dep_ == "mark" and c.lower_ == "that"]
        if lemma in NEED_THAT and not marks:
            head = None
    if head is None and kind == "tell":
        head = _complement(verb, "say")
    span = _content(reader, doc, head, verb, offset) if head is not None else None
    if span is None:
        span = _before_attribution(reader, doc, sent, verb, subject, offset)
        rule = "trailing"
    else:
        rule = "reported" if head.i > verb.i else "trailing"
    if span is None:
        return
    start, end = span
    q = _quote_over(quotes, start, end)
    direct = False
    if q is not None:
        start, end = quotes[q].start, quotes[q].end
        start, end = strip_span(reader.text, start, end)
        used_quotes.add(q)
        direct = True
        rule = "quote_verb"
    elif is_fragment(reader.text[start:end], complement=kind == "inf"):
        return
    if any(a <= start and end <= b for a, b in claimed):
        return
    if subject is None:
        speaker, kind_, description, principal = None, "none", "", None
    else:
        speaker, kind_, description, principal = resolve_subject(reader, subject)
    if speaker is not None and speaker.lower() in _GENERIC | {"polls", "poll"} and lemma != "say":
        return
    _add(reader, start, end, speaker, kind_, description, principal, direct=direct, rule=rule, verb=lemma)
    claimed.append((start, end))
    # quotes inside an indirect clause belong to it
    for k, quote in enumerate(quotes):
        if start <= quote.start and quote.end <= end:
            used_quotes.add(k)


def _before_attribution(reader: Reader, doc: Any, sent: Any, verb: Any, subject: Any, offset: int
                        ) -> tuple[int, int] | None:
    """``<clause>, X said (on Sunday).``: the clause before the comma that opens the attribution."""
    if subject is None:
        return None
    left = min(verb.i, subject.left_edge.i)
    # the attribution must close the sentence (only adverbials after the verb)
    for tok in doc[verb.i + 1 : sent.end]:
        if tok.dep_ in ("ccomp", "dobj", "xcomp") and tok.head is verb:
            return None
    k = left - 1
    while k >= sent.start and doc[k].is_space:
        k -= 1
    if k < sent.start or doc[k].text not in (",", "—", "–", "--", ":"):
        if not (k >= sent.start and doc[k].text in ("”", '"', "’") and k - 1 >= sent.start
                and doc[k - 1].text in (",", "?", "!")):
            return None
    first = sent.start
    for j in range(k - 1, sent.start - 1, -1):
        if doc[j].text in (";",):
            first = j + 1
            break
    if k - 1 < first:
        return None
    start, end = _span(doc, first, k - 1)
    start, end = strip_span(reader.text, offset + start, offset + end, trailing=" ,;:—–-\"“”'’")
    while start < end and reader.text[start] in "\"“”'‘’":
        start += 1
    return (start, end) if end > start else None


def _attribute_quote(reader: Reader, doc: Any, sent: Any, quote: Quote, offset: int) -> tuple | None:
    """The speaker of a quote from a reporting verb right after its closing mark or right before its opening."""
    q_start, q_end = quote.outer_start - offset, quote.outer_end - offset
    after = [t for t in sent if t.idx >= q_end][:10]
    opening = next((t for t in doc if t.idx >= q_start), None)
    opening_sent = opening.sent if opening is not None else sent
    before = [t for t in opening_sent if t.idx + len(t.text) <= q_start][-12:]
    for tok in after:
        if tok.is_punct and tok.text in ".;" or tok.text in ("“", '"') and tok.idx > q_end + 1:
            break
        got = _speech(tok) or (("call", "say") if tok.lower_ in ("wrote", "writes", "tweeted") else None)
        if got:
            subject = _subject(tok)
            if subject is not None:
                return (*resolve_subject(reader, subject), got[0])
    for tok in reversed(before):
        got = _speech(tok)
        if got:
            subject = _subject(tok)
            if subject is not None:
                return (*resolve_subject(reader, subject), got[0])
            break
    return None


def _call_statement(reader: Reader, doc: Any, verb: Any, head: Any, offset: int, quotes: list[Quote],
                    used_quotes: set[int], claimed: list[tuple[int, int]]) -> None:
    """``what it called "rapacious" demands``: the quoted words (or the unquoted complement of a speech verb)."""
    first, last = head.left_edge.i, head.right_edge.i
    a, b = _span(doc, first, last)
    a, b = offset + a, offset + b
    inside = [k for k, q in enumerate(quotes) if a <= q.outer_start and q.outer_end <= b + 1 and k not in used_quotes]
    if not inside:
        return
    subject = _subject(verb)
    if subject is None:
        return
    speaker, kind, description, principal = resolve_subject(reader, subject)
    for k in inside:
        quote = quotes[k]
        start, end = strip_span(reader.text, quote.start, quote.end)
        if end <= start or any(x <= start and end <= y for x, y in claimed):
            continue
        used_quotes.add(k)
        _add(reader, start, end, speaker, kind, description, principal, direct=True, rule="called", verb="call")
        claimed.append((start, end))


def _according(reader: Reader, doc: Any, sent: Any, tok: Any, offset: int, quotes: list[Quote],
               claimed: list[tuple[int, int]]) -> None:
    """``..., according to X`` / ``According to X, ...``: the rest of the sentence is X's."""
    to = tok.nbor(1)
    objects = [c for c in to.children if c.dep_ == "pobj"] or [c for c in tok.children if c.dep_ == "pobj"]
    if not objects:
        return
    obj = objects[0]
    if obj.lower_ in _GENERIC or obj.lower_ in {"polls", "data", "figures", "estimates", "records"}:
        return
    phrase_end = obj.right_edge.i
    if tok.i - 1 >= sent.start and doc[tok.i - 1].text in (",", "—"):
        first, last = sent.start, tok.i - 2
    elif tok.i == sent.start:
        first, last = phrase_end + 1, sent.end - 1
    else:
        return
    while first <= last and (doc[first].is_punct or doc[first].is_space):
        first += 1
    while last >= first and (doc[last].is_punct or doc[last].is_space):
        last -= 1
    if last - first < 2:
        return
    start, end = _span(doc, first, last)
    start, end = offset + start, offset + end
    if any(a <= start < b for a, b in claimed):
        return  # "'...,' Biden said, according to AFP": the quote has its speaker
    speaker, kind, description, principal = resolve_subject(reader, obj)
    _add(reader, start, end, speaker, kind, description, principal, direct=False, rule="according", verb="say")
    claimed.append((start, end))


def _headline_colon(reader: Reader, doc: Any, offset: int) -> None:
    """``Name: words`` in a headline (up to five words before the colon) is Name's statement."""
    line = doc.text
    match = _HEADLINE_COLON_RE.match(line)
    if not match or len(match.group(1).split()) > 5:
        return
    who = re.split(r"\s+(?:to|To)\s+", match.group(1))[0]
    ents = [e for e in doc.ents if e.end_char <= len(who) and e.label_ in _ENTITY_SPEAKERS]
    if ents:
        speaker = reader.person(ents[0].text) if ents[0].label_ == "PERSON" else _clean_name(ents[0].text)
        kind = "person" if ents[0].label_ == "PERSON" else "org"
    else:
        speaker, kind = _clean_name(who), "role"
    start, end = strip_span(reader.text, offset + match.start(2), offset + match.end(2), trailing=" ,;:.—–-\"“”'’")
    while start < end and reader.text[start] in "\"“”'‘’":
        start += 1
    if end - start > 3:
        _add(reader, start, end, speaker, kind, match.group(1), None, direct=False, rule="headline", verb="say")


def _add(reader: Reader, start: int, end: int, speaker: str | None, kind: str, description: str,
         principal: str | None, *, direct: bool, rule: str, verb: str | None) -> None:
    reader.found.append(Found(
        start=start, end=end, speaker=speaker, mention=speaker, party=None, direct=direct, rule=rule, verb=verb,
        context=description, anchor=start, title_context=description, kind=kind, principal=principal,
    ))
    if kind in ("person", "org", "role"):
        reader.note(speaker, kind if kind != "role" else "person")
    if direct:
        reader.last_quote = (speaker, kind, description, principal)

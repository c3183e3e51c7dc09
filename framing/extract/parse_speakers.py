"""On a dependency parse: the reader's state for one article (the people it names, who spoke last), the
tokens around a reporting verb (its subject, complement, "called" object) and who a subject token is.

What `framing.extract.parsed` reads statements with; split from it so each module has one job.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from .article import Found
from .lexicon import VERBS

__all__ = [
    "ENTITY_SPEAKERS", "GENERIC_SPEAKERS", "Person", "ROLE_WORDS", "Reader", "called_of", "clean_name",
    "complement_of", "description_of", "entity_of", "gender_of", "phrase_of", "resolve_subject", "span_of",
    "speech_verb", "subject_of",
]

# Verbs whose oprd / "as" complement is what the speaker "called" something.
_CALL_VERBS = {"call", "calls", "called", "calling", "describe", "describes", "described", "describing",
               "dub", "dubbed", "deem", "deemed", "label", "labeled", "labelled", "denounce", "denounced",
               "dismiss", "dismissed", "brand", "branded", "term", "termed"}
_PRONOUNS = {"he": "m", "she": "f", "him": "m", "her": "f"}
_GROUP_PRONOUNS = {"they", "it", "we"}
ENTITY_SPEAKERS = {"PERSON", "ORG", "GPE", "NORP"}
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
_RELATIVE_PRONOUNS = {"who", "which", "that"}
_NOT_SPEAKERS = {"who", "which", "that", "what", "there", "this", "i", "you", "one", "everyone", "nobody"}
GENERIC_SPEAKERS = {"analysts", "experts", "critics", "observers", "people", "some", "others", "many", "residents",
            "sources", "reports", "report", "polls", "poll", "data", "studies", "study", "surveys", "survey"}


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
        self.mentions: list[tuple[int, str]] = []  # (sentence number, person) for each person named outside quotes

    # ---- people -------------------------------------------------------------------------
    def person(self, raw: str) -> str:
        """The fullest form of a name the article gives ("Pompeo" -> "Mike Pompeo")."""
        name = clean_name(raw)
        last = name.split()[-1].lower() if name.split() else name.lower()
        full = self.surnames.get(last)
        if full and (name.lower() in full.lower() or len(name.split()) == 1):
            return full
        return name

    def add_person(self, raw: str, description: str, gender: str | None, principal: str | None) -> str:
        name = clean_name(raw)
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
        """The speaker a pronoun refers back to: the latest person (he / she, gender-compatible) or group
        that spoke or was a subject in the last three sentences; else, for he / she, the one compatible person
        named in this sentence or the one before. A person he / she resolves to learns that gender.

        When the sentence of the latest compatible person gives another compatible person the same place (two
        speakers, a coordinated subject: ``Kono and Kang met ... He said``), he / she is one of them only if the
        text shows that person's gender and not the other's; else the pronoun is left unresolved."""
        gender = _PRONOUNS.get(pronoun)
        for number, speaker, kind in reversed(self.recent):
            if self.sentence_no - number > 3:
                break
            if gender:
                if kind != "person" or not self._compatible(speaker, gender):
                    continue
                rivals = {s for n, s, k in self.recent if n == number and k == "person" and self._compatible(s, gender)}
                if len(rivals) > 1:
                    shown = [s for s in rivals if self._shown(s, gender)]
                    return (shown[0], kind) if len(shown) == 1 else (None, "none")
                return self._learn(speaker, gender), kind
            if kind != "person":
                return speaker, kind
        if gender:
            named = {name for number, name in self.mentions if self.sentence_no - number <= 2}
            fits = [name for name in named if self._compatible(name, gender)]
            if len(fits) == 1:
                return self._learn(fits[0], gender), "person"
        return None, "none"

    def _shown(self, name: str, gender: str) -> bool:
        known = self.people.get(name)
        return known is not None and known.gender == gender

    def _compatible(self, name: str, gender: str) -> bool:
        known = self.people.get(name)
        return not (known and known.gender and known.gender != gender)

    def _learn(self, name: str, gender: str) -> str:
        known = self.people.get(name)
        if known is not None and known.gender is None:
            known.gender = gender
        return name

    def known_person(self, tok: Any) -> str | None:
        """The full name of a person the article names when ``tok`` is that person's name though the entity
        recogniser gave it another label or none (``Schiff`` read as an organisation)."""
        if tok.pos_ != "PROPN":
            return None
        ent = entity_of(tok)
        raw = ent.text if ent is not None and ent.label_ in ENTITY_SPEAKERS else tok.text
        name = clean_name(raw)
        words = name.split()
        if not words or words[-1].lower() not in self.surnames:
            return None
        full = self.surnames[words[-1].lower()]
        if len(words) > 1 and name.lower() not in full.lower():
            return None
        return full

    def latest_person(self, within: int) -> str | None:
        """The latest person who spoke or was a subject in the last ``within`` sentences."""
        for number, speaker, kind in reversed(self.recent):
            if self.sentence_no - number > within:
                break
            if kind == "person":
                return speaker
        return None


def clean_name(raw: str) -> str:
    """A name as a speaker: without a possessive, a leading article or a short title."""
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
def span_of(doc: Any, first: int, last: int) -> tuple[int, int]:
    """Character span of tokens ``first..last`` (inclusive) in the paragraph."""
    return doc[first].idx, doc[last].idx + len(doc[last].text)


def entity_of(tok: Any) -> Any:
    """The named entity a token is part of, or None."""
    for ent in tok.doc.ents:
        if ent.start <= tok.i < ent.end:
            return ent
    return None


def speech_verb(tok: Any) -> tuple[str, str] | None:
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


def subject_of(verb: Any) -> Any:
    """The subject token of a verb, inherited from the verb it is coordinated with or modifies."""
    seen = 0
    tok = verb
    while seen < 4:
        for child in tok.children:
            if child.dep_ in ("nsubj", "nsubjpass") and child.dep_ != "nsubjpass":
                if child.lower_ in _RELATIVE_PRONOUNS and tok.dep_ == "relcl" and tok.head.pos_ in ("NOUN", "PROPN"):
                    return tok.head  # "Kim Yong Chol, who mused that ...": the noun the clause is about
                return child
        if tok.dep_ == "relcl" and tok.head.pos_ in ("NOUN", "PROPN"):
            return tok.head
        if tok.dep_ in ("conj", "advcl", "xcomp") and tok.head is not tok:
            tok = tok.head
            seen += 1
            continue
        return None
    return None


def complement_of(verb: Any, kind: str) -> Any:
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
        if child.dep_ == "ccomp" and not _label_of(child, verb):
            return child
    if kind == "tell":
        for child in verb.children:
            if child.dep_ in ("dobj", "dative"):
                for tok in child.children:
                    if tok.dep_ in ("ccomp", "relcl"):
                        return tok
    return None


def _label_of(clause: Any, verb: Any) -> bool:
    """``Why it matters: X said ...``: a colon after the clause announces what follows, so the clause is a label,
    not what the verb after it reports."""
    last = clause.right_edge.i
    while last > clause.i and clause.doc[last].is_space:
        last -= 1
    return clause.i < verb.i and any(t.text == ":" for t in clause.doc[last : verb.i])


def called_of(verb: Any) -> Any:
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
def phrase_of(tok: Any) -> tuple[int, int]:
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


def description_of(tok: Any) -> tuple[str, str | None]:
    """What the text says about the subject next to it: titles, appositives, parentheses; and a principal
    (``a spokesman for X``, ``X's spokesman``, ``an aide to X``)."""
    doc = tok.doc
    first, last = phrase_of(tok)
    parts = [doc[first : last + 1].text]
    principal = None
    for child in tok.children:
        if child.dep_ in ("appos", "npadvmod") or (child.dep_ == "punct" and child.text == "("):
            parts.append(doc[child.left_edge.i : child.right_edge.i + 1].text)
    if tok.dep_ == "appos":
        head = tok.head
        a, b = phrase_of(head)
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
    description, principal = description_of(tok)
    # a name in apposition speaks: "the coalition's executive director, Matt Brooks, said"
    for child in tok.children:
        if child.dep_ == "appos" and child.ent_type_ == "PERSON":
            ent = entity_of(child)
            name = reader.add_person(ent.text if ent else child.text, description, gender_of(tok), principal)
            return name, "person", description, principal
    ent = entity_of(tok)
    if ent is not None and ent.label_ == "PERSON":
        name = reader.add_person(ent.text, description, gender_of(tok), principal)
        return name, "person", description, principal
    known = reader.known_person(tok)
    if known is not None:
        return reader.add_person(known, description, gender_of(tok), principal), "person", description, principal
    issuer = _issuer(tok)
    if issuer is not None:  # "a statement from the GOP", "a group of 64 House Democrats"
        return resolve_subject(reader, issuer)
    named = _named_in_prep(tok)
    if named is not None:  # "the lawyer for Mrs. Clinton, David Kendall, said"
        ent = entity_of(named)
        name = reader.add_person(ent.text if ent else named.text, description, gender_of(tok), principal)
        return name, "person", description, principal
    party_noun = tok.lower_ in _PARTY_NOUNS and _definite(tok)  # "the Democrat": a person, not the party
    if ent is not None and ent.label_ in ENTITY_SPEAKERS and tok.i == ent.end - 1 and not party_noun:
        name = clean_name(ent.text)
        reader.org_descriptions.setdefault(name, []).append(description)
        return name, "org", description, principal
    first, last = phrase_of(tok)
    words = [t for t in tok.doc[first : tok.i + 1] if t.dep_ not in ("det", "poss", "case") and not t.is_punct]
    role = " ".join(t.text for t in words).strip()
    if tok.lower_ in ROLE_WORDS or tok.lower_.rstrip("s") in ROLE_WORDS or tok.lower_ in _PARTY_NOUNS:
        holder = reader.role_holder(sorted(_words(role) - {"the", "a", "an", "top", "former", "senior"}))
        if holder is None and (tok.lower_ in ROLE_WORDS or tok.lower_ in _PARTY_NOUNS):
            holder = _possessive_holder(reader, tok)
        if holder is None and tok.lower_ in _DESCRIPTIVE_ROLES and _definite(tok):
            # "Sen. Brian Schatz said ... The Democrat argued": a definite description of the person just named
            holder = reader.latest_person(2)
        if holder is not None:
            return holder, "person", description, principal
        if not principal:
            for child in tok.children:
                if child.dep_ == "poss" and child.ent_type_ in ("PERSON", "ORG", "GPE", "NORP"):
                    principal = child.text
        return (clean_name(role) or None), "role", description, principal
    if not role or low in GENERIC_SPEAKERS or not any(_names(t) for t in words):
        # a phrase that names no one ("the opinion", "a Thursday press release") describes; it names no organisation
        return (clean_name(role) or None), "group", description, principal
    return clean_name(role) or None, "org", description, principal


# Statements, documents and groups whose "from X" / "of X" is who speaks.
_ISSUED = {"statement", "statements", "response", "memo", "letter", "release", "message", "email", "e-mail",
           "tweet", "post", "group", "coalition", "delegation"}
# Party nouns used as descriptions ("The Arizona Republican said").
_PARTY_NOUNS = {"republican", "democrat"}
# Descriptions that may name the person just introduced (not someone's agent, whose name would differ).
_DESCRIPTIVE_ROLES = _PARTY_NOUNS | {
    "president", "leader", "nominee", "candidate", "senator", "congressman", "congresswoman", "lawmaker",
    "journalist", "governor", "mayor", "chairman", "chairwoman", "speaker", "premier", "chancellor", "minister",
    "host", "anchor", "founder"}


def _names(tok: Any) -> bool:
    """A word that names: part of a person, organisation or place entity, or a proper noun outside a date."""
    if tok.ent_type_:
        return tok.ent_type_ in ENTITY_SPEAKERS
    return tok.pos_ == "PROPN" or (tok.is_title and not tok.is_sent_start)


def _definite(tok: Any) -> bool:
    """``the X`` or ``Iran's X``: a description that points back to someone, not ``a X``."""
    return any(c.dep_ == "poss" or (c.dep_ == "det" and c.lower_ in ("the", "this")) for c in tok.children)


def _issuer(tok: Any) -> Any:
    """``a terse response from the GOP`` / ``a memo from the Office of Legal Counsel`` / ``a group of House
    Democrats``: the named issuer of a statement or the members of a group, when the text names them."""
    if tok.lower_ not in _ISSUED:
        return None
    for child in tok.children:
        if child.dep_ == "prep" and child.lower_ in ("from", "by", "of"):
            for obj in child.children:
                if obj.dep_ == "pobj" and (obj.ent_type_ in ENTITY_SPEAKERS or obj.pos_ == "PROPN"):
                    return obj
    return None


def _named_in_prep(tok: Any) -> Any:
    """``the lawyer for Mrs. Clinton, David Kendall``: a second person's name in apposition to the object
    of the role's ``for`` / ``to`` (a person is not in apposition to another person: the name is the role's)."""
    if tok.lower_ not in ROLE_WORDS and tok.lower_.rstrip("s") not in ROLE_WORDS:
        return None
    for child in tok.children:
        if child.dep_ != "prep" or child.lower_ not in ("for", "to", "of"):
            continue
        for obj in child.children:
            if obj.dep_ != "pobj" or obj.ent_type_ != "PERSON":
                continue
            for app in obj.children:
                if app.dep_ == "appos" and app.ent_type_ == "PERSON":
                    return app
    return None


def _possessive_holder(reader: Reader, tok: Any) -> str | None:
    """``Iran's new president`` / ``the president``: the latest speaker named with that role word."""
    word = tok.lower_
    for _, speaker, kind in reversed(reader.recent):
        person = reader.people.get(speaker)
        if kind == "person" and person and any(word in _words(d) for d in person.descriptions):
            return speaker
    return None


def gender_of(tok: Any) -> str | None:
    """``"m"`` or ``"f"`` from a title just before or in a speaker phrase (Mr, Mrs, spokeswoman), else None."""
    for t in tok.doc[max(0, tok.left_edge.i - 1) : tok.i + 1]:
        g = _GENDER_TITLES.get(t.lower_.rstrip("."))
        if g:
            return g
    return None

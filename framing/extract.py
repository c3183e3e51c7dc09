"""Who said what: statements with speaker and party, straight from a news article.

`extract_statements` is a rule-based extractor (regular expressions and heuristics, pure
Python, no parser model). It finds

* direct quotes in straight or curly quotes, with the attribution before or after the quote,
  quotes interrupted by their attribution (``"...," he said, "..."``) and quotes that continue
  the previous speaker's quote;
* quoted words a speaker "called" something (``what it called "rapacious" demands``);
* indirect speech after a reporting verb (``Pompeo said on Sunday that ...``, ``... , the
  spokesman said.``, ``vowed to ...``, ``according to ...``) and headlines such as
  ``"North Korea says ..."`` or ``"Reid: ..."``;

and resolves the speaker (full name, surname, title + name, ``Mr``/``Ms``, roles such as
``"the secretary of state"``, pronouns when one candidate is clear, institutions such as
``"a North Korean statement"``) and the party: first from the user's ``parties`` mapping
(case-insensitive, partial names), else from nationality, country, capital and organisation
words next to the name (``"US Secretary of State"``, ``"North Korean official"``,
``"(D-N.Y.)"``), else ``None`` with a warning that lists the speakers left without a party.

Offsets: every statement satisfies ``text[s.start:s.end] == s.text`` on the text passed in.
HTML entities (``&quot;``, ``&#8220;`` ...) are unescaped for the analysis only; offsets and
``Statement.text`` stay in the original string, and the unescaped text is kept in
``meta["unescaped"]`` when it differs.

The method, the measured precision/recall and the known error classes are in
``docs/extraction.md``.
"""

from __future__ import annotations

import bisect
import functools
import html
import logging
import re
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from .checks import FUNCTION_WORDS
from .statements import Statement

logger = logging.getLogger(__name__)

__all__ = ["extract_statements", "unmapped_speakers"]

# --------------------------------------------------------------------------------------
# Lexicons
# --------------------------------------------------------------------------------------

_DOUBLE_OPEN = "“„«"
_DOUBLE_CLOSE = "”»"
_ALL_QUOTES = "\"'“”„«»‘’"

# Reporting verbs: inflected forms -> lemma.  "kind" decides the complement:
#   "say": a clause, with or without "that";  "tell": an object, then a clause;
#   "inf": a to-infinitive ("vowed to", "urged X to");  "inv": only in "…," read X.
_VERBS: dict[str, tuple[str, str]] = {}


def _add_verbs(kind: str, *groups: str) -> None:
    for group in groups:
        forms = group.split()
        for form in forms:
            _VERBS[form] = (forms[0], kind)


_add_verbs(
    "say",
    "say says said saying",
    "add adds added adding",
    "warn warns warned warning",
    "claim claims claimed claiming",
    "insist insists insisted insisting",
    "argue argues argued arguing",
    "deny denies denied denying",
    "confirm confirms confirmed confirming",
    "announce announces announced announcing",
    "stated",
    "imply implies implied implying",
    "chime chimes chimed",
    "continue continues continued",
    "note noted noting",
    "explain explains explained explaining",
    "suggest suggests suggested suggesting",
    "stress stresses stressed stressing",
    "predict predicts predicted predicting",
    "acknowledge acknowledges acknowledged acknowledging",
    "admit admits admitted admitting",
    "assert asserts asserted asserting",
    "declare declares declared declaring",
    "contend contends contended contending",
    "allege alleges alleged alleging",
    "muse muses mused musing",
    "reply replies replied replying",
    "respond responds responded responding",
    "complain complains complained complaining",
    "concede concedes conceded conceding",
    "caution cautions cautioned cautioning",
    "recall recalls recalled recalling",
    "reiterate reiterates reiterated reiterating",
    "emphasize emphasizes emphasized emphasizing emphasise emphasises emphasised emphasising",
    "tweet tweets tweeted tweeting",
    "write writes wrote writing",
    "report reports reported",
    "believe believes believed",
    "agree agrees agreed",
    "signal signals signaled signalled",
    "estimate estimates estimated",
    "charge charges charged charging",
    "reason reasons reasoned reasoning",
    "told",
)
_add_verbs("tell", "tell tells telling", "assure assures assured assuring", "remind reminds reminded reminding",
           "inform informs informed informing")
_add_verbs("inf", "vow vows vowed vowing", "urge urges urged urging", "pledge pledges pledged pledging",
           "threaten threatens threatened threatening", "presses pressed",
           "challenge challenges challenged challenging")
_add_verbs("say", "promise promises promised promising")
_add_verbs("inv", "read reads")
# "told" takes an object too; keep it in "tell" (the object, then an optional "that").
_VERBS["told"] = ("tell", "tell")
# Verbs that take a clause only with an explicit "that" (too often used otherwise).
# Verbs that take an object as often as a clause: without "that", "denied a request" is no statement.
_OBJECT_VERBS = {"deny", "confirm", "announce", "acknowledge", "admit", "reiterate", "stress", "emphasize", "predict",
                 "explain", "concede", "declare", "continue", "make clear"}
_DETERMINERS = {"a", "an", "the", "his", "her", "its", "their", "our", "my", "this", "these", "those", "any", "all",
                "no", "some"}
_NEED_THAT = {"promise", "report", "believe", "agree", "signal", "estimate", "write", "note", "recall", "respond", "reply",
              "charge", "reason"}  # "charged with", "the reason": only "charged that" is speech
# Multi-word reporting phrases, returned as one verb: "made it (loud and) clear that", "makes the case that".
_PHRASE_VERBS_RE = re.compile(
    r"\b(?:make|makes|made|making)\s+(?:(?:it|very|abundantly|crystal|perfectly|loud\s+and)\s+)*clear\b"
    r"|\b(?:make|makes|made|making)\s+the\s+case\b"
)

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
    r"|,\s+(?:but|and)\s+(?:also\s+|later\s+)?(?:"
    + "|".join(sorted((f for f in _VERBS if f != _VERBS[f][0] and not f.endswith("ing")), key=len, reverse=True))
    + r")\b|,\s+but\s+(?:he|she|they|it|we)\s|;|\s(?:--|—|―|–)\s|[,”\"]\s+despite\b"
    r"|(?P<trail>,[”\"]?\s+(?:(?:the|a|an)\s+)?(?:[\w.’'\-]+\s+){0,4}(?:said|says|added|wrote)\s*$)"
    r"|(?P<colon>:\s*[“\"])"
)
# Reporting verbs that are never nouns ("said", "told", "warned", not "report"): one inside an inverted
# attribution ends the speaker ('said Akin said of ...').
_SECOND_VERB_RE = re.compile(r"\s(?:" + "|".join(sorted(
    (f for f in _VERBS if (f != _VERBS[f][0] and not f.endswith(("ing", "s"))) or f == "says"), key=len, reverse=True))
    + r")\b")
# Setting adjuncts after a to-infinitive: a time or "in an interview ...".
_INF_ADJUNCT_RE = re.compile(
    r"\s+(?:(?:earlier|later)\s+)?(?:on\s+)?(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day|today|yesterday|tonight)\b"
    r"|\s+(?:earlier|later)\s+(?:this|last|that)\s+(?:week|month|year|morning|day)\b"
    r"|\s+(?:in|during|on)\s+(?:an?|the|his|her|their|its)\s+(?:[\w’'\-]+\s+){0,3}(?:interview|statement|speech|"
    r"address|appearance|show|broadcast|call|letter|tweet|post|conference|meeting|rally|op-ed|program|programme)\b",
    re.IGNORECASE,
)

_CALL_RE = re.compile(
    r"\b(?:call(?:s|ed|ing)?|describ(?:e|es|ed|ing)\s+(?:it|them|him|her|this|that|the\s+\w+)\s+as|"
    r"(?:denounc|dismiss)(?:e|es|ed|ing)?\s+[^,.;]{1,60}?\s+as|dubb?(?:s|ed|ing)?|brand(?:s|ed|ing)?|label(?:s|ed|led|ing)?|"
    r"term(?:s|ed|ing)?|deem(?:s|ed|ing)?|refer(?:s|red|ring)?\s+to\s+[^,.;]{1,60}?\s+as)\b",
    re.IGNORECASE,
)

_TITLES = {
    "mr", "mr.", "ms", "ms.", "mrs", "mrs.", "dr", "dr.", "sen", "sen.", "sens.", "rep", "rep.", "reps.", "gov",
    "gov.", "gen", "gen.", "lt.", "col.", "adm.", "president", "vice", "secretary", "minister", "prime",
    "foreign", "senator", "governor", "speaker", "chairman", "chairwoman", "chancellor", "leader", "minority",
    "majority", "national", "security", "adviser", "advisor", "deputy", "attorney", "general", "special",
    "counsel", "ambassador", "chief", "justice", "judge", "mayor", "press", "spokesman", "spokeswoman",
    "spokesperson", "sheriff", "king", "queen", "prince", "pope", "supreme", "premier", "defense", "defence",
    "state", "of", "former", "top", "senior", "house", "senate", "director", "commander", "envoy", "interim",
    "acting", "whip", "pm", "editor", "publisher", "columnist", "host", "anchor", "correspondent",
}
# "president-elect", "senator-elect" are titles too
_TITLE_ELECT = re.compile(r"-elect$")
# US states: a place, never a person; skipped before a title ("Vermont Sen. Bernie Sanders").
_US_STATES = {
    "Alabama", "Alaska", "Arizona", "Arkansas", "California", "Colorado", "Connecticut", "Delaware", "Florida",
    "Georgia", "Hawaii", "Idaho", "Illinois", "Indiana", "Iowa", "Kansas", "Kentucky", "Louisiana", "Maine",
    "Maryland", "Massachusetts", "Michigan", "Minnesota", "Mississippi", "Missouri", "Montana", "Nebraska",
    "Nevada", "New Hampshire", "New Jersey", "New Mexico", "New York", "North Carolina", "North Dakota", "Ohio",
    "Oklahoma", "Oregon", "Pennsylvania", "Rhode Island", "South Carolina", "South Dakota", "Tennessee", "Texas",
    "Utah", "Vermont", "Virginia", "Washington", "West Virginia", "Wisconsin", "Wyoming",
}
# News outlets whose names hold a place word ("Washington Post"): not a party clue.
_MEDIA_RE = re.compile(
    r"\b(?:Washington|New\s+York|Los\s+Angeles|Chicago|Boston|Wall\s+Street|Financial|Weekly|Daily|Sunday)\s+"
    r"(?:Post|Times|Examiner|Journal|Globe|Tribune|Standard|Beacon|Free\s+Beacon|Caller|Wire|News|Herald|Telegraph)\b"
    r"|\bFox\s+News(?:\s+Sunday)?\b"
)
_ABBREVIATIONS = {
    "mr", "ms", "mrs", "dr", "sen", "sens", "rep", "reps", "gov", "gen", "lt", "col", "adm", "st", "jr", "sr",
    "no", "vs", "inc", "corp", "co", "ltd", "mt", "ft", "u.s", "u.n", "u.k", "e.g", "i.e", "a.m", "p.m",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "prof", "sgt", "capt",
    "calif", "ariz", "mass", "conn", "ill", "fla", "wash", "mich", "minn", "tenn", "wis", "ky", "ga", "pa",
    "va", "md", "del", "colo", "nev", "okla", "ore", "ala", "ark", "miss", "mo", "neb", "kan", "ind", "vt",
    "n.y", "n.j", "n.h", "n.c", "s.c", "r.i", "d.c",
}
_NOT_NAME = {
    "korea", "korean", "house", "department", "committee", "court", "party", "agency", "news", "times",
    "post", "journal", "street", "university", "council", "ministry", "office", "union", "nations", "states",
    "kingdom", "republic", "administration", "congress", "senate", "peninsula", "sea", "strait", "day",
    "war", "summit", "emirate", "force", "forces", "army", "navy", "guard", "staff", "chiefs", "bank",
    "foundation", "institute", "association", "network", "press", "tv", "program", "show", "airport",
    "embassy", "capitol", "hill", "department's", "service", "intelligence", "affairs", "network", "center",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february",
    "march", "april", "may", "june", "july", "august", "september", "october", "november", "december",
}
_WEEKDAYS_MONTHS = {w for w in _NOT_NAME if w.endswith("day") or w in {
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december"}}

# Country / nationality / capital / organisation words -> party (longest first in the regex).
_COUNTRY_WORDS: dict[str, str] = {}


def _add_country(party: str, *words: str) -> None:
    for word in words:
        _COUNTRY_WORDS[word] = party


_add_country("United States", "United States", "U.S.", "US", "USA", "U.S.A.", "American", "Americans",
             "Washington", "White House", "State Department", "state department", "Pentagon",
             "Department of State", "Secretary of State", "secretary of state", "CIA", "FBI",
             "Justice Department", "Department of Justice", "administration", "Trump administration",
             "Obama administration", "Biden administration", "Bush administration")
_add_country("North Korea", "North Korea", "North Korean", "North Koreans", "Pyongyang", "DPRK", "KCNA")
_add_country("South Korea", "South Korea", "South Korean", "South Koreans", "Seoul")
_add_country("China", "China", "Chinese", "Beijing", "PRC")
_add_country("Taiwan", "Taiwan", "Taiwanese", "Taipei")
_add_country("Japan", "Japan", "Japanese", "Tokyo")
_add_country("Russia", "Russia", "Russian", "Russians", "Moscow", "Kremlin")
_add_country("Ukraine", "Ukraine", "Ukrainian", "Ukrainians", "Kyiv", "Kiev")
_add_country("Israel", "Israel", "Israeli", "Israelis", "Jerusalem")
_add_country("Palestine", "Palestinian", "Palestinians", "Gaza")
_add_country("Hamas", "Hamas")
_add_country("Iran", "Iran", "Iranian", "Iranians", "Tehran")
_add_country("Iraq", "Iraq", "Iraqi", "Baghdad")
_add_country("Syria", "Syria", "Syrian", "Damascus")
_add_country("Turkey", "Turkey", "Turkish", "Ankara")
_add_country("Saudi Arabia", "Saudi Arabia", "Saudi", "Riyadh")
_add_country("Afghanistan", "Afghanistan", "Afghan", "Kabul")
_add_country("Taliban", "Taliban")
_add_country("Pakistan", "Pakistan", "Pakistani", "Islamabad")
_add_country("India", "India", "Indian", "New Delhi")
_add_country("United Kingdom", "United Kingdom", "UK", "U.K.", "Britain", "British", "London", "Downing Street")
_add_country("France", "France", "French", "Paris", "Elysee", "Élysée")
_add_country("Germany", "Germany", "German", "Berlin")
_add_country("Mexico", "Mexico", "Mexican", "Mexicans", "Mexico City")
_add_country("Canada", "Canada", "Canadian", "Ottawa")
_add_country("Australia", "Australia", "Australian", "Canberra")
_add_country("Cuba", "Cuba", "Cuban", "Havana")
_add_country("Venezuela", "Venezuela", "Venezuelan", "Caracas")
_add_country("European Union", "European Union", "EU", "E.U.", "Brussels", "European Commission")
_add_country("United Nations", "United Nations", "UN", "U.N.")
_add_country("NATO", "NATO")

_COUNTRY_RE = re.compile(
    r"(?<![\w.])(?:" + "|".join(re.escape(w) for w in sorted(_COUNTRY_WORDS, key=len, reverse=True))
    + r")(?![\w-])(?:['’]s)?"
)
_DEM_RE = re.compile(r"\bD-[A-Z]|\bDemocrat(?:s|ic)?\b|\bDems?\b")
_REP_RE = re.compile(r"\bR-[A-Z]|\bRepublicans?\b|\bGOP\b|\bG\.O\.P\.")

# Words that may sit inside a speaker noun phrase besides capitalised words.
_NP_WORDS = {
    "the", "a", "an", "of", "and", "senior", "top", "former", "chief", "foreign", "state", "department",
    "ministry", "spokesman", "spokeswoman", "spokesperson", "spokespeople", "official", "officials",
    "source", "sources", "statement", "report", "team", "military", "minister", "secretary", "president",
    "leader", "leaders", "adviser", "advisers", "advisor", "aide", "aides", "ambassador", "envoy", "coast",
    "guard", "government", "administration", "press", "deputy", "prime", "unnamed", "anonymous", "white",
    "house", "intelligence", "authorities", "police", "lawmakers", "senators", "members", "committee", "office",
    "agency", "analysts", "experts", "diplomat", "diplomats", "negotiator", "negotiators", "campaign",
    "lawyer", "lawyers", "attorney", "attorneys", "prosecutors", "prosecutor", "court", "judge", "governor",
    "mayor", "council", "commander", "generals", "general", "staff", "spokesmen", "representative",
    "representatives", "state-run", "state-owned", "news", "agency's", "media", "regime", "veteran",
    "national", "security", "defense", "defence", "ministry's", "board", "chairman", "director", "people",
    "residents", "activists", "critics", "supporters", "observers", "white-house", "release", "letter",
    "tweet", "post", "memo", "communique", "announcement", "response", "terse", "new", "highest-ranking",
    "senior-level", "high-level", "u.s.", "state's", "country's", "nominee", "nominees", "candidate", "candidates", "senator",
    "senators", "lawmaker", "congressman", "congresswoman", "whip", "republican", "republicans", "democrat",
    "democrats", "democratic", "gop", "presumptive", "ranking", "editorial", "interim", "acting",
    # lowercase heads of descriptions ("the House speaker continued", "the Mexican-born journalist told")
    "speaker", "chairwoman", "journalist", "reporter", "host", "anchor", "columnist", "commentator",
    "correspondent", "analyst", "expert", "strategist", "executive", "activist", "coalition", "group",
    "organization", "organisation", "company", "presidential", "vice-presidential", "gubernatorial",
    "congressional",
}
# Roles that speak for nobody in particular: "analysts say" does not take the last institution's party.
_GENERIC_GROUPS = {"analysts", "analyst", "experts", "expert", "critics", "observers", "activists", "supporters",
                   "residents", "people", "journalist", "reporter", "columnist", "commentator", "strategist"}
# A description of a person already named ("the Arizona Republican", "the senator", "the presumptive
# Republican nominee"): a head noun from this set, after "the" and up to three other words.
_ROLE_HEADS = {
    "senator", "congressman", "congresswoman", "lawmaker", "representative", "republican", "democrat",
    "nominee", "candidate", "president", "governor", "chairman", "chairwoman", "speaker", "justice", "judge",
    "mayor", "leader", "journalist", "reporter", "host", "anchor", "columnist",
}
# A description's head and the title that names its holder: "the congresswoman" is a "Rep.".
_ROLE_SYNONYMS = {"congressman": "representative", "congresswoman": "representative"}
# Title abbreviations -> the role noun used in descriptions.
_ROLE_NORMAL = {"sen.": "senator", "sen": "senator", "sens.": "senator", "rep.": "representative",
                "rep": "representative", "gov.": "governor", "gov": "governor", "pm": "prime minister"}
_PRONOUNS = {"he": "m", "she": "f", "they": "p", "it": "n", "we": "p", "i": "s"}
# A name, then a chain of appositives up to a comma: "Elliott Maynard, a Republican trying to unseat
# Representative Nick Rahall, a Democrat, in West Virginia," (the name is the speaker).
_NAME_CHAIN_RE = re.compile(r"\s*((?:[A-Z][\w.’'\-]*\s+){0,3}[A-Z][\w.’'\-]*),(\s+(?:a|an|the)\s(?:[^.;:!?]|(?<=\b[A-Z])\.)*),\s*$")
_AUXILIARIES = {"has", "have", "had", "was", "is", "were", "are", "would", "will", "did", "does", "do", "may", "might",
                "could", "should", "can", "must"}
_DEMONSTRATIVES = {"the", "that", "this", "these", "those"}
_ADVERBS = {"again", "also", "then", "still", "never", "now", "once", "later", "soon", "often", "just", "already",
            "even", "repeatedly", "quickly", "immediately", "publicly", "privately", "previously", "recently",
            "reportedly", "initially", "finally", "subsequently", "similarly", "separately"}
_LEADING_SKIP = {
    "but", "and", "still", "however", "despite", "after", "before", "while", "when", "meanwhile", "also",
    "so", "yet", "then", "earlier", "later", "hours", "now", "instead", "indeed", "separately", "moreover",
    "in", "on", "at", "as", "if", "though", "although", "because",
}
_TRAIL_SKIP = {
    "also", "later", "then", "now", "previously", "recently", "repeatedly", "again", "only", "has", "have",
    "had", "was", "is", "were", "are", "would", "will", "did", "does", "do", "not", "further", "sharply",
    "tersely", "publicly", "privately", "reportedly", "earlier", "once", "never", "long", "often", "quickly",
    "immediately", "on", "in", "this", "last", "late", "early", "morning", "night", "evening", "afternoon",
    "week", "month", "year", "today", "yesterday", "tonight", "day", "hours", "days", "weeks", "ago",
    "simply", "just", "first", "already", "even", "still", "formally", "officially", "flatly", "firmly",
    "angrily", "bluntly", "openly", "may", "might", "could", "should", "can", "must", "been", "being",
} | _WEEKDAYS_MONTHS
_CLAUSE_STARTERS = {
    "he", "she", "it", "they", "we", "i", "you", "the", "a", "an", "his", "her", "its", "their", "our", "my",
    "this", "that", "these", "those", "there", "such", "no", "nobody", "nothing", "some", "any", "all",
    "both", "if", "while", "although", "though", "because", "since", "what", "when", "before", "after",
    "north", "south", "only", "even", "mr", "mr.", "ms", "ms.", "mrs.",
}
_TIME_HEAD = re.compile(
    r"^(?:\s*,?\s*(?:on|in|at|this|last|late|early|earlier|later|also|again|then|only|hours|"
    r"(?:mon|tues|wednes|thurs|fri|satur|sun)day|morning|night|evening|afternoon|week|today|yesterday|"
    r"tonight|in\s+a\s+(?:statement|letter|tweet|post|speech|interview|video|release)|"
    r"to\s+reporters|to\s+journalists|on\s+twitter|publicly|privately|flatly|firmly|repeatedly|"
    r"the\s+same\s+day|(?:jan|feb|march|april|may|june|july|aug|sept|oct|nov|dec)\w*\.?(?:\s+\d+)?)\b)+",
    re.IGNORECASE,
)
_TOKEN_RE = re.compile(r"\((?:[^()]{0,40})\)|[^\W\d_][\w.’'\-]*|\d[\w.,:\-]*|[^\w\s]")
_ENTITY_RE = re.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});?")


@dataclass
class _Quote:
    start: int  # first character inside the marks
    end: int  # one past the last character inside the marks
    outer_start: int  # the opening mark
    outer_end: int  # one past the closing mark (== end when unclosed)
    double: bool
    closed: bool


@dataclass
class _Person:
    name: str
    gender: str | None = None  # "m", "f" or None
    party_context: list[str] = field(default_factory=list)
    roles: set[str] = field(default_factory=set)
    described: list[str] = field(default_factory=list)  # descriptions resolved to this person ("the GOP chairman")


@dataclass
class _Found:
    start: int
    end: int
    speaker: str | None
    mention: str | None
    party: str | None
    direct: bool
    rule: str
    verb: str | None = None
    context: str = ""  # words around the speaker mention, for the party
    anchor: int = -1  # position of the speaker mention
    title_context: str = ""  # the speaker's titles and appositives without other people's names (for parties=)
    kind: str = "none"  # person / org / role / none
    principal: str | None = None  # whom the speaker speaks for ("a spokesman for Mr. Reid" -> Harry Reid)


# --------------------------------------------------------------------------------------
# Text helpers
# --------------------------------------------------------------------------------------


def _unescape_with_map(text: str) -> tuple[str, list[tuple[int, int]] | None]:
    """Unescape HTML entities; return the clean text and, per clean character, its original span.

    The map is None when the text has no entity (the common case: offsets are unchanged).
    """
    if "&" not in text or not _ENTITY_RE.search(text):
        return text, None
    pieces: list[str] = []
    spans: list[tuple[int, int]] = []
    pos = 0
    for match in _ENTITY_RE.finditer(text):
        replacement = html.unescape(match.group(0))
        if replacement == match.group(0):
            continue
        pieces.append(text[pos : match.start()])
        spans.extend((k, k + 1) for k in range(pos, match.start()))
        pieces.append(replacement)
        spans.extend([(match.start(), match.end())] * len(replacement))
        pos = match.end()
    pieces.append(text[pos:])
    spans.extend((k, k + 1) for k in range(pos, len(text)))
    return "".join(pieces), spans


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """Spans of non-empty lines (news paragraphs and the headline)."""
    spans = []
    for match in re.finditer(r"[^\n\r]+", text):
        if match.group(0).strip():
            spans.append((match.start(), match.end()))
    return spans


def _find_quotes(text: str, start: int, end: int) -> list[_Quote]:
    """Quoted passages in one paragraph: double quotes, then single quotes outside them."""
    quotes: list[_Quote] = []
    open_at = -1
    for i in range(start, end):
        ch = text[i]
        if ch not in '"“”„«»':
            continue
        prev = text[i - 1] if i > start else " "
        nxt = text[i + 1] if i + 1 < end else " "
        if open_at < 0:
            if ch in _DOUBLE_OPEN or (ch == '"' and (prev.isspace() or prev in "([{—–-:,;/" or i == start)):
                open_at = i
            elif ch == '"' and not nxt.isalnum():
                continue  # stray closing mark
            elif ch == '"':
                open_at = i
        else:
            closing = ch in _DOUBLE_CLOSE or ch == '"'
            if ch in _DOUBLE_OPEN and not (prev.isspace() or i == start):
                closing = True
            if ch in _DOUBLE_OPEN and closing is False:
                open_at = i  # an opening mark inside an open quote: restart from here
                continue
            if closing:
                quotes.append(_Quote(open_at + 1, i, open_at, i + 1, True, True))
                open_at = -1
    if open_at >= 0:
        # Unbalanced: the quote runs to the end of the paragraph (multi-paragraph quotes, cut text).
        stop = end
        while stop > open_at + 1 and text[stop - 1].isspace():
            stop -= 1
        if stop > open_at + 1:
            quotes.append(_Quote(open_at + 1, stop, open_at, stop, True, False))
    # Single quotes: an opening mark after a space, a closing mark before a space/punctuation.
    inside = [(q.outer_start, q.outer_end) for q in quotes]
    open_at = -1
    for i in range(start, end):
        ch = text[i]
        if ch not in "'‘’":
            continue
        if any(a <= i < b for a, b in inside):
            continue
        prev = text[i - 1] if i > start else " "
        nxt = text[i + 1] if i + 1 < end else " "
        if open_at < 0:
            if (prev.isspace() or prev in "([{—–-:,;" or i == start) and nxt.isalnum() and ch != "’":
                open_at = i
        else:
            if not nxt.isalnum() and not prev.isspace() and ch != "‘":
                if i - open_at <= 120:
                    quotes.append(_Quote(open_at + 1, i, open_at, i + 1, False, True))
                open_at = -1
            elif text[open_at:i].count(".") and i - open_at > 120:
                open_at = -1
    quotes.sort(key=lambda q: q.outer_start)
    return quotes


def _is_abbreviation(text: str, dot: int) -> bool:
    """True if the '.' at ``dot`` ends an abbreviation or an initial, not a sentence."""
    j = dot
    while j > 0 and (text[j - 1].isalpha() or text[j - 1] == "."):
        j -= 1
    word = text[j:dot].lower()
    if not word:
        return False
    if word in _ABBREVIATIONS or word.rstrip(".") in _ABBREVIATIONS:
        return True
    if len(word) == 1 and text[j].isupper():
        return True  # an initial: "Susan E. Rice"
    if "." in word and len(word) <= 6:
        return True  # "U.S", "a.m", "R-S.C" pieces
    return False


def _sentences(text: str, start: int, end: int, quotes: list[_Quote]) -> list[tuple[int, int]]:
    """Sentence spans inside a paragraph; never split inside a double-quoted passage."""
    blocked = [(q.start, q.end) for q in quotes if q.double]
    spans = []
    sent_start = start
    for match in re.finditer(r"[.!?]+[\"'”’»)]*(?=\s+[\"“‘'(\[]?[A-Z0-9])", text[start:end]):
        cut = start + match.end()
        punct = start + match.start()
        if any(a < punct < b - 1 for a, b in blocked) and not any(b == cut - 1 or b == cut for a, b in blocked):
            continue
        if text[punct] == "." and match.end() - match.start() == 1 and _is_abbreviation(text, punct):
            continue
        spans.append((sent_start, cut))
        sent_start = cut
        while sent_start < end and text[sent_start].isspace():
            sent_start += 1
    if sent_start < end:
        spans.append((sent_start, end))
    return spans


def _strip_span(text: str, start: int, end: int, *, trailing: str = " ,;:—–-") -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in trailing):
        end -= 1
    return start, end


def _tokens(s: str) -> list[tuple[str, int, int]]:
    return [(m.group(0), m.start(), m.end()) for m in _TOKEN_RE.finditer(s)]


def _is_abbreviation_word(word: str) -> bool:
    """'Mr.', 'Sen.', 'U.S.', 'E.' (an initial) are abbreviations; 'Sunday.' is not."""
    low = word.lower().rstrip(".")
    return low in _ABBREVIATIONS or bool(re.fullmatch(r"(?:[a-z]\.)*[a-z]", low)) and len(low) <= 5


def _title_case_lines(text: str) -> list[tuple[int, int]]:
    """The headline's span when it is in title case (names cannot be told from words there)."""
    spans = []
    for match in list(re.finditer(r"[^\n]+", text))[:1]:
        words = [w for w in re.findall(r"[^\W\d_][\w’'\-]*", match.group(0)) if len(w) > 3]
        if (len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.7 * len(words)
                and not match.group(0).rstrip().endswith(".")):
            spans.append((match.start(), match.end()))
    return spans


def _in_spans(pos: int, spans: list[tuple[int, int]]) -> bool:
    return any(a <= pos < b for a, b in spans)


def _mask_abbreviations(text: str) -> str:
    """Same-length copy of ``text`` where the dots of abbreviations and initials are '·'."""
    return re.sub(
        r"(?<![\w.])(?:(?:Mr|Ms|Mrs|Dr|Sens?|Reps?|Gov|Gen|Lt|Col|Adm|St|Jr|Sr|Sgt|Capt|Prof|No|Inc|Corp|"
        r"Calif|Ariz|Mass|Conn|Ill|Fla|Wash|Mich|Minn|Tenn|Wis|Colo|Nev|Okla|Ala|Ark|Miss|Neb|Kan|Ind|Vt|Va|Md|Pa|Ga|Ky|Mo)"
        r"\.|(?:[A-Z]\.)+(?:[A-Z]\b)?)",
        lambda m: m.group(0).replace(".", "·"),
        text,
    )


def _clean_tok(tok: str) -> str:
    tok = re.sub(r"['’]s$", "", tok)
    return tok.rstrip("’'")


def _verb_like(tok: str) -> bool:
    """A reporting verb or a past-tense / auxiliary form: where a subject noun phrase ends."""
    low = tok.lower()
    return low in _VERBS or low in _AUXILIARIES or bool(re.fullmatch(r"[a-z]{3,}ed", low))


def _is_cap(tok: str) -> bool:
    return bool(tok) and tok[0].isupper()


# --------------------------------------------------------------------------------------
# Entities: people named in the text, their roles, gender and party clues
# --------------------------------------------------------------------------------------


# "<name>, a top adviser to <name>": the comma onwards (the first name is checked per speaker).
_AIDE_TO = re.compile(
    r",\s+(?:a|an|the)?\s*(?:[\w\-]+\s+){0,3}?(?:spokes(?:man|woman|person)|adviser|advisor|aide|press\s+secretary|"
    r"chief\s+of\s+staff|campaign\s+manager|lawyer|attorney|deputy)\s+(?:to|for)\s+((?:[A-Z][\w.\-]*\s?){1,4})(?![’'\w])"
)
# The reported words of a nominal or blame form: up to a clause end (sentence end, ";", a spaced dash,
# ", but/which/while ..."), never into a quote.
_CLAUSE = (r"(?P<x>[^;“”\"]{3,200}?)(?=\s*(?:[.;!?](?:\s|$)|,\s+(?:but|which|while|who|according|saying|adding)\b|"
           r"\s[—–]\s|[“”\"]|$))")
_NOMINAL_VERBS = {"claim", "claims", "assertion", "assertions", "allegation", "allegations", "charge", "charges",
                  "insistence", "argument", "arguments", "words"}
_WORD_RE = re.compile(r"[\w][\w\-’'.]*")
_WORD_CHAR = re.compile(r"\w")
_HEAD = re.compile(r"(?<!\w)\w+")  # a word start and its first run of word characters


def _last_word(text: str) -> str:
    """The last word of a name, or a word of a mention, without a possessive or a final dot."""
    words = text.split()
    word = words[-1] if words else text
    return re.sub(r"(?:['’]s)?\.?$", "", word)


@functools.lru_cache(maxsize=None)
def _name_at_end(low_name: str) -> re.Pattern:
    """A mention ends with this (lower-case) name, maybe with ``'s`` or ``jr.`` after it."""
    return re.compile(r"(?<!\w)" + re.escape(low_name) + r"(?:['’]s)?(?:\s+(?:jr|sr)\.?)?$")


# A reported clause has at least this many words ("it was inappropriate") or two content words
# ("Drop Out"); a "called X" complement may be one word ("as irresponsible").
MIN_CLAUSE_WORDS = 3
_FUNCTION_WORDS = FUNCTION_WORDS | _DETERMINERS | {"not"}
_DANGLING = _DETERMINERS | {"of", "and", "or", "but", "with", "by"}  # not "to", "in": "than he needed to"
# A speaker is a name, an office or an institution: not a lone determiner, pronoun or quantifier,
# and not a dateline ("WASHINGTON").
_NOT_SPEAKERS = _DETERMINERS | {"another", "several", "many", "few", "both", "each", "other", "others", "such",
                                "there", "here", "it", "what", "which", "who"}


def _is_fragment(text: str, *, complement: bool) -> bool:
    """A reported span that is no claim: only function words ("the"), cut off after one ("to cancel
    the"), or too short for a clause ("the stakes")."""
    words = re.findall(r"[^\W\d_][\w’'\-]*|\d[\d,.]*", text.lower())
    content = sum(word not in _FUNCTION_WORDS for word in words)
    if not content or words[-1] in _DANGLING:
        return True
    return not complement and len(words) < MIN_CLAUSE_WORDS and content < 2  # "Drop Out" is a claim


def _can_speak(speaker: str) -> bool:
    words = speaker.split()
    if len(words) == 1 and (words[0].lower() in _NOT_SPEAKERS or (words[0].isupper() and len(words[0]) > 4
                                                                  and words[0].isalpha())):
        return False  # a short all-caps word is an acronym (NATO, GOP); a long one a dateline
    return True


class _Registry:
    """People named in the article, built once from the whole text."""

    def __init__(self, text: str):
        self.text = text
        self.people: dict[str, _Person] = {}
        self.by_last: dict[str, list[str]] = {}
        self.by_first: dict[str, list[str]] = {}
        self.acronyms: dict[str, str] = {}
        self.roles: dict[str, list[str]] = {}
        self._multiword_by_last: dict[str, list[str]] = {}
        self._scan()
        self._index()

    def _index(self) -> None:
        """Lookups that stay fast however many people a long text names: names by their last
        word (lower case), and one pattern that finds any name or last name in a passage."""
        self._order = {name: k for k, name in enumerate(self.people)}
        self._positions: dict[str, list[int]] | None = None
        self._by_last_lower: dict[str, list[str]] = {}
        for name in self.people:
            self._by_last_lower.setdefault(_last_word(name.lower()), []).append(name)
        self._holders: dict[str, list[str]] = {}
        for name in self.people:
            for key in dict.fromkeys((name, name.split()[-1])):
                self._holders.setdefault(key, []).append(name)
        keys = sorted(self._holders, key=len, reverse=True)
        self._keys_by_head: dict[str, list[str]] = {}  # first \w+ run -> keys, longest first
        for key in keys:
            head = _HEAD.match(key)
            self._keys_by_head.setdefault(head.group(0) if head else "", []).append(key)

    def _scan(self) -> None:
        text = self.text
        headline = _title_case_lines(text)
        toks = [t for t in _tokens(text) if not _in_spans(t[1], headline)]
        i = 0
        n = len(toks)
        while i < n:
            tok = toks[i][0]
            if not _is_cap(tok):
                i += 1
                continue
            j = i
            run = []
            while j < n and (_is_cap(toks[j][0]) or re.fullmatch(r"[A-Z]\.", toks[j][0])):
                run.append(j)
                word = toks[j][0]
                # stop a run at a possessive, a sentence end or punctuation between tokens
                if re.search(r"['’]s$", word) or (word.endswith(".") and not _is_abbreviation_word(word)):
                    j += 1
                    break
                if j + 1 < n and (toks[j + 1][1] - toks[j][2] > 1 or text[toks[j][2] : toks[j + 1][1]].strip()):
                    j += 1
                    break
                j += 1
            self._add_run([toks[k] for k in run], toks[max(0, i - 5) : i])
            i = max(j, i + 1)
        # a one-word name ("Mr. Pompeo") joins the one full name that ends with it
        for name in [n for n in self.people if " " not in n]:
            full = [n for n in self.by_last.get(name, []) if " " in n]
            if len(full) == 1 and not [n for n in self.by_first.get(name, []) if " " in n]:
                person, target = self.people.pop(name), self.people[full[0]]
                target.roles |= person.roles
                self.by_last[name] = full
                self.by_first.pop(name, None)
                for key, holders in self.roles.items():
                    self.roles[key] = list(dict.fromkeys(full[0] if h == name else h for h in holders))
        self.roles = {k: v for k, v in self.roles.items() if k not in {"of", "the", "state", "house", "senate"}}
        for match in re.finditer(r"((?:(?:[A-Z][\w’']*|of|and|for)\s+){1,7}[A-Z][\w’']*)\s+\(([A-Z]{2,6})\)", text):
            self.acronyms[match.group(2)] = match.group(1)
        # Gender from the first "Mr./Ms./Mrs. <last name>", else "spokeswoman <name>": one pass each
        # over the text (a search per person grows with people x text).
        titled: dict[str, str] = {}  # every prefix of the word after a title -> the first title
        for match in re.finditer(r"\b(Mr|Ms|Mrs)\.?\s+([^\W\d_][\w\-’'.]*)", text):
            word = match.group(2)
            for k in range(1, len(word) + 1):
                titled.setdefault(word[:k], match.group(1))
        women = [m.end() for m in re.finditer(r"(?:spokeswoman|chairwoman|congresswoman|businesswoman)\s+", text)]
        for name, person in self.people.items():
            title = titled.get(name.split()[-1])
            if title is not None:
                person.gender = "m" if title == "Mr" else "f"
            elif any(text.startswith(name, at) for at in women):
                person.gender = "f"

    def _add_run(self, run: list[tuple[str, int, int]], before: list[tuple[str, int, int]]) -> None:
        words = [t[0] if _is_abbreviation_word(t[0]) else _clean_tok(t[0].rstrip(".")) for t in run]
        # strip titles, nationality words and sentence-initial function words at the front
        k = 0
        while k + 1 < len(words) and f"{words[k]} {words[k + 1]}" in _COUNTRY_WORDS:
            k += 2  # "South Korean Foreign Minister ..."
        for size in (2, 1):  # "Vermont Sen. Bernie Sanders", "West Virginia Gov. Jim Justice"
            if (len(words) > k + size and " ".join(words[k : k + size]) in _US_STATES
                    and words[k + size].lower().rstrip(".") in _TITLES):
                k += size
                break
        while k < len(words) and (
            words[k].lower().rstrip(".") in _TITLES or words[k].lower() in _TITLES
            or words[k] in _COUNTRY_WORDS or words[k].lower() in _LEADING_SKIP
            or words[k].lower() in {"the", "a", "an", "u.s"}
        ):
            k += 1
        inner = [j for j in range(k, len(words) - 2) if words[j].lower().rstrip(".") in _TITLES - {"of", "state"}]
        if inner and not any(w.lower() in _NOT_NAME for w in words[inner[-1] + 1 :]):
            k = inner[-1] + 1  # "Weekly Standard Editor Bill Kristol", "Supreme Court Justice Ruth Bader Ginsburg"
        name_words = words[k:]
        while name_words and name_words[-1] in {"Jr.", "Sr.", "Jr", "Sr", "II", "III"}:
            name_words = name_words[:-1] if len(name_words) > 2 else name_words
            break
        core = [w for w in name_words if w not in {"Jr.", "Sr.", "Jr", "Sr"}]
        # words before the run that belong to the title: "Secretary of State", "U.S. President"
        pre = []
        for tok in reversed(before):
            w = _clean_tok(tok[0]).rstrip(",")
            if _TITLE_ELECT.sub("", w.lower()) in _TITLES or w in _COUNTRY_WORDS or w.lower() in {"u.s.", "us"}:
                pre.insert(0, w)
            else:
                break
        title_words = pre + words[:k]
        titled = any(w.lower().rstrip(".") in _TITLES - {"of", "state", "house", "senate", "top", "former", "senior"}
                     for w in title_words)
        if len(core) == 1 and titled and words[k - 1].lower().rstrip(".") in _TITLES:
            pass  # "President Obama", "Mr. Fox": a one-word name after a title
        elif len(core) < 2 or len(core) > 4:
            return
        if any(w.lower() in _NOT_NAME or w.lower() in _TITLES or any(p in _COUNTRY_WORDS for p in w.split("-"))
               for w in core):
            return
        if " ".join(core) in _US_STATES or core[-1].lower() in {"republican", "democrat", "republicans", "democrats"}:
            return  # a place, or "the Arizona Republican" (a description, not a name)
        if any(not re.fullmatch(r"[^\W\d_][\w\-’'.]*", w) for w in core):
            return
        name = " ".join(name_words)
        if name not in self.people:
            # merge "Mike Pompeo" into an existing longer name and vice versa (the first one named)
            for other in self._multiword_by_last.get(core[-1], ()):
                if other in self.people and other.split()[0] == core[0]:
                    name = other if len(other) >= len(name) else name
                    break
        if name not in self.people and " " in name:
            self._multiword_by_last.setdefault(name.split()[-1], []).append(name)
        person = self.people.setdefault(name, _Person(name))
        last = core[-1]
        first = core[0]
        self.by_last.setdefault(last, [])
        if name not in self.by_last[last]:
            self.by_last[last].append(name)
        self.by_first.setdefault(first, [])
        if name not in self.by_first[first]:
            self.by_first[first].append(name)
        title = " ".join(w for w in title_words if w.lower().rstrip(".") not in {"mr", "ms", "mrs", "dr"}).lower()
        if title:
            person.roles.add(title)
            plain = re.sub(r"^(?:u\.s\.|us|american|former|top|senior)\s+", "", title)
            keys = {title, plain}
            if not re.match(r"(?:vice|deputy|former|assistant)\b", plain):
                keys.add(plain.split()[-1])
                if " of " in plain:
                    keys.add(plain.split(" of ")[0].split()[-1])
            keys |= {_ROLE_NORMAL[w] for w in title.split() if w in _ROLE_NORMAL}
            for key in keys:
                self.roles.setdefault(key, [])
                if name not in self.roles[key]:
                    self.roles[key].append(name)

    def lookup(self, mention: str) -> str | None:
        """The full name of the person a mention refers to, or None."""
        low = mention.lower()
        best = None
        candidates = {n for word in _WORD_RE.findall(low) for n in self._by_last_lower.get(_last_word(word), ())}
        for name in sorted(candidates, key=self._order.__getitem__):
            if _name_at_end(name.lower()).search(low):
                if best is None or len(name) > len(best):
                    best = name
        if best:
            return best
        raw = re.findall(r"[^\W\d_][\w\-’'.]*", mention)
        while raw and raw[-1] in {"Jr.", "Sr.", "Jr", "Sr"}:
            raw = raw[:-1]
        if not raw or re.search(r"['’]s$", raw[-1]):
            return None
        words = [_clean_tok(w) for w in raw][-1:]
        for word in reversed(words):
            cands = self.by_last.get(word, [])
            if len(cands) == 1:
                return cands[0]
            if len(cands) > 1:
                return None
        for word in reversed(words):
            cands = self.by_first.get(word, [])
            if len(cands) == 1 and not self.by_last.get(word):
                return cands[0]
        return None

    def role_holder(self, mention: str) -> str | None:
        """A role such as 'the secretary of state' -> the one person named with that title."""
        role = re.sub(r"^(?:the|a|an)\s+", "", mention.strip().lower())
        role = re.sub(r"^(?:u\.s\.|us|american)\s+", "", role)
        for key in (role, role.split()[-1] if role.split() else role):
            cands = self.roles.get(key, [])
            if key == "president":
                # prefer a president not introduced with a foreign nationality word
                cands = [c for c in cands if not any(
                    r for r in self.people[c].roles if re.search(r"\b(?!american\b)(?:" + "|".join(
                        re.escape(w.lower()) for w in _COUNTRY_WORDS if w[0].isupper() and " " not in w
                    ) + r")\b", r))] or cands
            if len(cands) == 1:
                return cands[0]
        return None

    def keys_at(self, text: str, at: int) -> list[str]:
        """The names and last names that occur in ``text`` at ``at`` as whole words, longest first."""
        head = _HEAD.match(text, at)
        if head is None:
            return []
        return [key for key in self._keys_by_head.get(head.group(0), ())
                if text.startswith(key, at) and not _WORD_CHAR.match(text, at + len(key))]

    def blank_names(self, text: str, keep: str = "") -> str:
        """``text`` with each name or last name (longest first, left to right) replaced by a space,
        except those inside ``keep`` (lower case)."""
        parts, last = [], 0
        for word in _HEAD.finditer(text):
            if word.start() < last:
                continue
            keys = self.keys_at(text, word.start())
            if keys and keys[0].lower() not in keep:
                parts.append(text[last : word.start()] + " ")
                last = word.start() + len(keys[0])
            elif keys:
                parts.append(text[last : word.start() + len(keys[0])])
                last = word.start() + len(keys[0])
        return "".join(parts) + text[last:]

    def key_positions(self, key: str) -> list[int]:
        """Start of every whole-word occurrence of a name or last name in the text (one pass
        over the text for all keys, made on first use)."""
        if self._positions is None:
            self._positions = {}
            for word in _HEAD.finditer(self.text):
                for candidate in self.keys_at(self.text, word.start()):
                    self._positions.setdefault(candidate, []).append(word.start())
        return self._positions.get(key, [])

    def person_mentions(self, start: int, end: int) -> list[tuple[int, str]]:
        """(position, full name) of every person mention between ``start`` and ``end``."""
        seg = self.text[start:end]
        found = set()
        for word in _HEAD.finditer(seg):
            for key in self.keys_at(seg, word.start()):
                found.update((start + word.start(), name) for name in self._holders[key])
        return sorted(found)


def _party_from_words(context: str) -> str | None:
    """Party from nationality, country, capital, organisation and US party words in ``context``."""
    if not context:
        return None
    context = _MEDIA_RE.sub(" ", context)
    dem = _DEM_RE.search(context)
    rep = _REP_RE.search(context)
    if dem and not rep:
        return "Democrats"
    if rep and not dem:
        return "Republicans"
    if dem and rep:
        return "Democrats" if dem.start() < rep.start() else "Republicans"
    match = _COUNTRY_RE.search(context)
    if match:
        word = re.sub(r"['’]s$", "", match.group(0))
        return _COUNTRY_WORDS.get(word)
    return None


def _user_party(parties: Mapping[str, str], *names: str | None) -> str | None:
    """Case-insensitive, partial-name lookup in the user's mapping (longest key first)."""
    keys = sorted(parties, key=len, reverse=True)
    for name in names:
        if not name:
            continue
        low = name.lower()
        for key in keys:
            k = key.lower().strip()
            if not k:
                continue
            if re.search(r"(?<!\w)" + re.escape(k) + r"(?!\w)", low):
                return parties[key]
        for key in keys:
            k = key.lower().strip()
            if len(low) >= 4 and re.search(r"(?<!\w)" + re.escape(low) + r"(?!\w)", k):
                return parties[key]
    return None


# --------------------------------------------------------------------------------------
# The extractor
# --------------------------------------------------------------------------------------


class _Extractor:
    def __init__(self, text: str):
        self.text = text
        self.masked = _mask_abbreviations(text)
        self.registry = _Registry(text)
        self.found: list[_Found] = []
        self.sent_spans: list[tuple[int, int]] = []
        self.subjects: list[tuple[int, str, str]] = []  # (position, speaker, kind)
        self.quote_spans: list[tuple[int, int]] = []  # double-quoted passages
        self.sole_subjects: set[int] = set()  # positions of sentence subjects that name one person alone
        self.principals: dict[str, str | None] = {}  # speaker -> whom they speak for (see _principal)
        self._aides: list[tuple[int, re.Match]] | None = None

    # ---- speaker noun phrases ----------------------------------------------------------

    def _subject_before(self, start: int, end: int) -> tuple[str | None, int, str]:
        """The speaker noun phrase that ends right before ``end`` (a reporting verb).

        Returns (mention, position, context) where context holds appositives and
        parentheticals for the party.
        """
        seg = self.text[start:end]
        # "Steny Hoyer, D-Md., and his colleagues said": the named person speaks
        along = re.search(r"\s+(?:and|along\s+with)\s+(?:his|her|their)\s+(?:colleagues|allies|aides|team)\s*$", seg)
        if along:
            seg = seg[: along.start()]
        # "Felipe Calderón, who a week ago asserted": a time phrase, not part of the speaker
        ago = re.search(r"\s(?:a|an|one|two|three|four|five|six|several|few|\d+)\s+(?:hour|day|week|month|year)s?\s+"
                        r"(?:ago|earlier|later|before)\s*$", seg)
        if ago:
            seg = seg[: ago.start()]
        # "Elliott Maynard, a Republican trying to unseat Representative Nick Rahall, a Democrat, in West
        # Virginia, said": a named person, then a chain of appositives; the first name speaks
        after_quote = max(seg.rfind("”"), seg.rfind('"')) + 1  # '"...," Elliott Maynard, a ..., said'
        chain = self._named_chain(seg[after_quote:])
        if chain:
            # only the name's own appositive describes it ("John Smith, the chairman who hired Tom
            # Jones, a Democrat, said": Jones's "a Democrat" is no clue to Smith's party)
            return chain.group(1), start + after_quote + chain.start(1), chain.group(2).split(",")[0]
        toks = _tokens(seg)
        context = ""
        while toks and (toks[-1][0].lower() in _TRAIL_SKIP or re.fullmatch(r"\d[\w.,:\-]*", toks[-1][0])
                        or re.fullmatch(r"[a-z]{3,}ly", toks[-1][0])):
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
                relative = re.match(r"\s*(?:who|which|whose)\b", appositive)
                name = appositive.strip()
                if (not relative and first > 0 and toks[first - 1][0][:1].islower() and self.registry.lookup(name)
                        and re.fullmatch(r"(?:[A-Z][\w.’'\-]*\s*){1,4}", name)):
                    # "the coalition's executive director, Matt Brooks, said": the name is the speaker; the
                    # position stays the head's (the trailing rule looks for a comma before the speaker)
                    head, head_pos, _ = self._subject_before(start, start + toks[first][1])
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
        if last.lower() in _PRONOUNS:
            return last, start + toks[-1][1], context
        k = len(toks)
        while k > 0:
            tok = toks[k - 1][0]
            low = tok.lower()
            if _is_cap(tok) or low in _NP_WORDS or re.fullmatch(r"[A-Z]\.", tok) or re.search(r"['’]s$", tok) and _is_cap(tok):
                k -= 1
                continue
            if tok == "-" or tok == "’" or tok == "'":
                k -= 1
                continue
            break
        # "Iran's new political leader": up to two adjectives after a capitalised possessive
        for n_adj in (1, 2):
            owner = toks[k - n_adj - 1][0] if k > n_adj else ""
            if (len(toks) > k > n_adj and re.search(r"['’]s$", owner) and _is_cap(owner)
                    and all(re.fullmatch(r"[a-z][\w\-]*", t[0]) for t in toks[k - n_adj : k])):
                k -= n_adj + 1
                while k > 0 and _is_cap(toks[k - 1][0]):
                    k -= 1
                break
        chunk = toks[k:]
        while chunk and (chunk[0][0].lower() in {"and", "of", "-"} or chunk[0][0].lower() in _LEADING_SKIP):
            chunk = chunk[1:]
        if not chunk:
            return None, -1, context
        if all(t[0].lower() in {"the", "a", "an", "and", "of"} for t in chunk):
            return None, -1, context
        if not any(_is_cap(t[0]) or t[0].lower() in _NP_WORDS - {"the", "a", "an", "of", "and", "new"} for t in chunk):
            return None, -1, context
        mention = seg[chunk[0][1] : chunk[-1][2]]
        return mention, start + chunk[0][1], context

    def _named_chain(self, seg: str) -> re.Match | None:
        """``seg`` is a known person's name and then two or more appositives, up to a comma."""
        chain = _NAME_CHAIN_RE.match(seg)
        pieces = chain.group(2).split(",")[1:] if chain else []
        if any(re.match(r"\s*(?:and|or|but)\b", p) or (p.split() and _verb_like(p.split()[0])) for p in pieces):
            return None
        if chain and chain.group(2).count(",") >= 1 and len(chain.group(2).split()) <= 40:
            name = self.registry.lookup(chain.group(1))
            if name and name in self.registry.people:
                return chain
        return None

    def _sentence_subject(self, s_start: int, limit: int) -> tuple[str | None, int, str]:
        """The first noun phrase of a sentence followed by a verb-like word (the main subject)."""
        seg = self.text[s_start:limit]
        # skip a leading participial clause ("After calling ..., French officials", "Even before the
        # nomination, Ms. McCaskill ...")
        lead = re.match(r"\s*(?:(?:Even|Just|Shortly|Long|Soon)\s+[a-z]+|After|Before|While|When|Despite|Speaking)\b"
                        r"[^,]*(?:,[”\"]?|[”\"])\s*", seg)
        # a short opening adjunct: "In a statement later in the day, the first lady ..."
        adjunct = re.match(r"\s*(?:In|On|At|During|Later|Earlier)\s[^,.;:“”\"]{1,40},\s*", seg)
        if adjunct and self.registry.person_mentions(s_start, s_start + adjunct.end()):
            adjunct = None  # "Earlier Senator John Smith, a Republican, ...": the name is the subject
        lead = lead or adjunct
        offset = lead.end() if lead else 0
        toks = _tokens(seg[offset:])
        k = 0
        while k < len(toks) and toks[k][0].lower() in _LEADING_SKIP | {","}:
            k += 1
        j = k
        while j < len(toks) and (
            _is_cap(toks[j][0]) or toks[j][0].lower() in _NP_WORDS or re.fullmatch(r"[A-Z]\.", toks[j][0])
            or toks[j][0].startswith("(")
        ):
            j += 1
        if j == k:
            if k < len(toks) and toks[k][0].lower() in _PRONOUNS:
                return toks[k][0], s_start + offset + toks[k][1], ""
            return None, -1, ""
        if j - k == 1 and toks[k][0].lower() in _DEMONSTRATIVES:
            # "The committee's ranking Republican", "That cable": a bare determiner is no subject; take
            # the lowercase words after it (a possessive, adjectives, the noun) up to the verb, then
            # any capitalised or role words ("... ranking Republican")
            m = j
            while (m < len(toks) and m - j < 3 and re.fullmatch(r"[a-z][a-z\-]*(?:['’]s)?", toks[m][0])
                   and not _verb_like(toks[m][0]) and toks[m][0].lower() not in _ADVERBS):
                m += 1
            while m < len(toks) and (_is_cap(toks[m][0]) or toks[m][0].lower() in _NP_WORDS):
                m += 1
            if m > j and not _verb_like(toks[m - 1][0]):
                j = m
        context = ""
        # appositive right after the subject
        if j < len(toks) and toks[j][0] == ",":
            rest = seg[offset + toks[j][2] :]
            app = re.match(r"([^,]{1,120}),", rest)
            if app:
                context = app.group(1)
                named = self.registry.lookup(app.group(1).strip())
                if named in self.registry.people and toks[k][0].lower() in _DEMONSTRATIVES:
                    # "the first lady, Melania Trump, questioned ...": the name is the subject
                    described = seg[offset + toks[k][1] : offset + toks[j - 1][2]]
                    at = offset + toks[j][2] + len(app.group(1)) - len(app.group(1).lstrip())
                    return app.group(1).strip(), s_start + at, described
        # "Other officials in the GOP ...": the place they are in is a party clue
        place = re.match(r"\s+(?:in|from|at)\s+(?:the\s+)?((?:[A-Z][\w.’'\-]*\s?){1,4})",
                         seg[offset + toks[j - 1][2] :])
        if place:
            context += " " + place.group(1)
        mention = seg[offset + toks[k][1] : offset + toks[j - 1][2]]
        # drop trailing parentheticals from the mention, keep them for the party
        paren = re.search(r"\s*(\([^()]*\))\s*$", mention)
        if paren:
            context += " " + paren.group(1)
            mention = mention[: paren.start()]
        return mention, s_start + offset + toks[k][1], context

    def _korea(self, mention: str) -> str:
        """'the South' / 'the North' name the Koreas in a text about them."""
        bare = re.sub(r"^(?:the|The)\s+", "", mention.strip())
        if bare in {"South", "North"} and f"{bare} Korea" in self.text:
            return f"{bare} Korea"
        return ""

    def _resolve(self, mention: str | None, position: int, context: str) -> tuple[str | None, str, str]:
        """Mention -> (speaker, kind, extra context). kind: person/org/role/none."""
        if not mention:
            return None, "none", ""
        m = mention.strip().strip(",")
        low = m.lower()
        if low in _PRONOUNS:
            return self._pronoun(low, position)
        definite = bool(re.match(r"[Tt]he\s", m))
        m = re.sub(r"^(?:[Tt]he|[Aa]n?)\s+", "", m)
        name = self.registry.lookup(m)
        if name:
            extra = m if m != name else ""
            return name, "person", extra
        if definite:
            holder = self._description(m, position)
            if holder:
                return holder, "person", m
        elif re.fullmatch(r"[A-Z][\w.]*['’]s\s+(?:[a-z][\w\-]*\s+){0,3}[a-z][\w\-]*", m):
            # "Iran's new political leader": a description of someone named before
            holder = self._description(m, position, backward_only=True)
            if holder:
                return holder, "person", m
        if m in self.registry.acronyms:
            full = self.registry.acronyms[m]
            return m, "org", full
        if self._korea(m):
            return m, "org", self._korea(m)
        words = m.lower().split()
        if words and all(w in _NP_WORDS or w in _TITLES for w in words):
            holder = self.registry.role_holder(m)
            if holder:
                return holder, "person", m
            return m, "role", ""
        return m, "org", ""

    def _description(self, mention: str, position: int, backward_only: bool = False) -> str | None:
        """'the Arizona Republican', 'the senator', 'the presumptive Republican nominee' -> the person.

        The one holder of that title in the article, else the most recent person who spoke or was
        the subject in the last four sentences and whose title and party do not contradict it.
        ``backward_only``: only the latter (a possessive description, "Iran's new leader", names
        someone already introduced; "Taiwan's president" before any name stays a description).
        """
        words = mention.lower().split()
        if not 1 <= len(words) <= 5 or words[-1] not in _ROLE_HEADS:
            return None  # plurals ("the senators") are not one person
        if any(w in {"of", "and", "for"} for w in words):
            return None  # "the secretary of state" and the like are left to role_holder
        head = words[-1]
        want = _party_from_words(mention)

        def contradicts(name: str) -> bool:
            has = _party_from_words(" ".join(self.registry.people[name].roles) + " "
                                    + self._party_context(name, "person"))
            return want is not None and has is not None and has != want

        title = _ROLE_SYNONYMS.get(head, head)
        if head not in {"republican", "democrat", "nominee", "candidate", "lawmaker"} and not backward_only:
            holder = self.registry.role_holder(title)
            if holder:
                return None if contradicts(holder) else holder
        idx = self._sentence_index(position)
        if idx is None:
            return None
        window = self.sent_spans[max(0, idx - 4)][0]
        cands = [(f.anchor, f.speaker) for f in self.found if f.speaker in self.registry.people]
        cands += [(pos, name) for pos, name, kind in self.subjects if kind == "person"]
        for pos, name in sorted(cands, reverse=True):
            if not window <= pos < position:
                continue
            person = self.registry.people[name]
            titled = {w for r in person.roles for w in r.split()} | {
                _ROLE_NORMAL[w] for r in person.roles for w in r.split() if w in _ROLE_NORMAL}
            if head in {"senator", "governor", "president", "justice", "judge", "mayor", "speaker", "chairman",
                        "chairwoman", "representative", "congressman", "congresswoman"} and title not in titled:
                continue
            if contradicts(name):
                continue
            return name
        return None

    def _pronoun(self, pronoun: str, position: int) -> tuple[str | None, str, str]:
        kind = _PRONOUNS[pronoun]
        if kind in {"s", "p"} and pronoun != "they":
            return None, "none", ""
        # window: the current sentence and the previous one (two for a unique candidate)
        idx = self._sentence_index(position)
        if idx is None:
            return None, "none", ""
        win1 = self.sent_spans[max(0, idx - 1)][0]
        win2 = self.sent_spans[max(0, idx - 2)][0]
        if kind == "n" or kind == "p":
            for found in reversed(self.found):
                if found.anchor >= win1 and found.anchor < position and found.speaker:
                    person = found.speaker in self.registry.people
                    if kind == "n" and not person:
                        return found.speaker, "org", found.context
                    if kind == "p" and not person and found.speaker.lower().endswith("s"):
                        return found.speaker, "org", found.context
            for pos, speaker, skind in reversed(self.subjects):
                if win1 <= pos < position and skind == "org":
                    if kind == "n" and not speaker.lower().endswith("s"):
                        return speaker, "org", ""
                    if kind == "p" and speaker.lower().endswith("s"):
                        return speaker, "org", ""
            return None, "none", ""

        def compatible(name: str) -> bool:
            person = self.registry.people.get(name)
            if person is None:
                return False
            return person.gender in (None, kind)

        # the nearest speaker mention first (statements are not found in text order within a sentence)
        for found in sorted(self.found, key=lambda f: f.anchor, reverse=True):
            if win1 <= found.anchor < position and found.speaker and found.speaker in self.registry.people:
                if compatible(found.speaker):
                    return found.speaker, "person", ""
                break
        # the person who was the subject of the previous sentence, when no one else is named there
        # ("He also referred to ... ." "…," he said); "Trump met Kim and Moon. He said" stays unclear
        for pos, name, skind in reversed(self.subjects):
            if win1 <= pos < position and skind == "person" and name in self.registry.people:
                k = self._sentence_index(pos)
                if compatible(name) and k is not None and k != idx and pos in self.sole_subjects:
                    a, b = self.sent_spans[k]
                    # a possessive modifier ("on Sean Hannity's radio show") is no rival antecedent
                    # names in a relative clause, an aside or an "including" list are no rivals either
                    asides = [(pos + m.start(), pos + m.end()) for m in re.finditer(
                        r",\s*(?:which|who|whose)\b[^,;]*(?:,|$)|\s[―—]\s[^―—]*?(?:\s[―—]\s|$)|\bincluding\b[^,;]*",
                        self.text[pos:b])]
                    others = {n for p, n in self.registry.person_mentions(a, b)
                              if not any(x <= p < y for x, y in asides)
                              if n != name and not any(x <= p < y for x, y in self.quote_spans)
                              and not re.match(r"(?:[A-Z][\w.\-]*\s)*[A-Z][\w.\-]*['’]s\b", self.text[p : p + 40])}
                    if not others:
                        return name, "person", ""
                break
        names = {name for pos, name in self.registry.person_mentions(win2, position)
                 if not any(a <= pos < b for a, b in self.quote_spans)}
        names |= {s for pos, s, k in self.subjects if win2 <= pos < position and k == "person"}
        cands = [n for n in names if compatible(n)]
        if len(cands) == 1:
            return cands[0], "person", ""
        return None, "none", ""

    def _title_before(self, pos: int) -> str:
        """The title words right before a name: 'US Secretary of State', 'Republican Sen.'."""
        seg = self.text[max(0, pos - 80) : pos].rsplit("\n", 1)[-1]
        toks = _tokens(seg)
        k = len(toks)
        while k > 0:
            tok = toks[k - 1][0]
            w = _TITLE_ELECT.sub("", _clean_tok(tok).rstrip(".").lower())
            if tok.endswith(".") and not _is_abbreviation_word(tok):
                break
            if (w in _TITLES or (w in _NP_WORDS and w not in {"and", "the", "a", "an"}) or tok in _COUNTRY_WORDS or _clean_tok(tok) in _COUNTRY_WORDS
                    or w in {"u.s", "us"} or _DEM_RE.fullmatch(tok) or _REP_RE.fullmatch(tok)
                    or (_is_cap(tok) and w not in _LEADING_SKIP and not re.search(r"['’]s$", tok) and k < len(toks))):
                k -= 1
                continue
            if re.search(r"['’]s$", tok) and _is_cap(tok):
                k -= 1  # "South Korea's", "Obama's"
                continue
            break
        return seg[toks[k][1] :] if k < len(toks) else ""

    def _party_context(self, speaker: str | None, kind: str) -> str:
        if not speaker or kind != "person":
            return ""
        person = self.registry.people[speaker]
        if not person.party_context:
            text = self.text
            contexts = []
            keys = [speaker, speaker.split()[-1]]
            for key in keys:
                for at in self.registry.key_positions(key):
                    before = self._title_before(at)
                    # the words after the name, never past the end of its line (the headline)
                    after = text[at + len(key) : at + len(key) + 120].split("\n", 1)[0]
                    app = re.match(r"\s*(\([^()]{1,40}\)(?:\s*,[^,.;]{1,100}(?:,|\.))?|,[^,.;]{1,100}(?:,|\.)|"
                                   r"\s+of\s+[A-Z][\w ]{2,30})", after)
                    appositive = app.group(1) if app else ""
                    if re.match(r"\s*,\s*(?:who|which|whose)\b", appositive):
                        appositive = ""  # a relative clause, not a description of the person
                    contexts.append(before + " " + appositive)
            person.party_context = contexts
        return " || ".join(person.party_context + person.described)

    # ---- statements -----------------------------------------------------------------

    def _add(self, start: int, end: int, mention: str | None, position: int, context: str, *, direct: bool,
             rule: str, verb: str | None = None, resolved: tuple[str | None, str, str] | None = None) -> None:
        start, end = _strip_span(self.text, start, end)
        if end - start < 2:
            return
        if not direct and _is_fragment(self.text[start:end], complement=rule in ("called", "called_unquoted")):
            return  # "the", "to cancel the": a fragment, not a claim (a quoted word may be one)
        if resolved is None:
            resolved = self._resolve(mention, position, context)
        speaker, kind, extra = resolved
        if speaker and not _can_speak(speaker):
            speaker, kind, extra = None, "none", ""  # "The", "This", a dateline: no one said it
        pronoun = (mention or "").strip().lower()
        if kind == "person" and pronoun in {"he", "she"} and speaker in self.registry.people:
            person = self.registry.people[speaker]
            person.gender = person.gender or _PRONOUNS[pronoun]  # "she told ..." tells a later "he" it is not her
        if kind == "person" and extra and _party_from_words(extra) and speaker in self.registry.people:
            self.registry.people[speaker].described.append(extra)  # "the Arizona Republican" said ...
        full_context = " ".join(x for x in (mention or "", context, extra) if x)
        if kind == "person":
            person_ctx = self._party_context(speaker, kind)
            party = _party_from_words(full_context) or _party_from_words(person_ctx)
        else:
            party = _party_from_words(full_context)
            if kind == "role" and party is None and (mention or "").split()[-1].lower() not in _GENERIC_GROUPS:
                # a bare "the spokesman": speaks for the institution last quoted
                for found in reversed(self.found):
                    if found.speaker and found.speaker not in self.registry.people and found.party:
                        party = found.party
                        break
        principal = self._principal(speaker) if kind == "person" else None
        if party is None and principal:
            party = _party_from_words(self._party_context(principal, "person"))
        if kind == "person" and speaker:
            self.subjects.append((position, speaker, "person"))
        elif kind == "org" and speaker:
            self.subjects.append((position, speaker, "org"))
        context = full_context + " " + self._party_context(speaker, kind)
        self.found.append(_Found(start, end, speaker, mention, party, direct, rule, verb, context, position,
                                 self._without_other_names(context, speaker), kind, principal))

    def _principal(self, speaker: str | None) -> str | None:
        """The person a speaker speaks for, from an appositive after the speaker's name:
        "Jim Manley, a top adviser to Mr. Reid" -> "Harry Reid" (who then lends his party)."""
        if not speaker or speaker not in self.registry.people:
            return None
        if speaker not in self.principals:  # once per speaker, not per statement
            self.principals[speaker] = self._principal_in_text(speaker)
        return self.principals[speaker]

    def _principal_in_text(self, speaker: str) -> str | None:
        if self._aides is None:  # every "<name>, an aide to <name>" of the text, found in one pass
            self._aides = [(m.start(), m) for m in _AIDE_TO.finditer(self.text)]
        for key in (speaker, speaker.split()[-1]):
            for at, match in self._aides:
                start = at - len(key)  # the name must end right at the comma, as a whole word
                if start < 0 or self.text[start:at] != key or (start and _WORD_CHAR.match(self.text, start - 1)):
                    continue
                run = re.search(r"(?:[A-Z][\w.’'\-]*\s+){0,3}$", self.text[max(0, start - 200) : start]).group(0)
                if key != speaker and self.registry.lookup(run + key) != speaker:
                    continue  # "Jane Smith, a spokeswoman for ..." is not John Smith
                name = self.registry.lookup(match.group(1).strip().rstrip(".,"))
                if name and name != speaker:
                    return name
        return None

    def _without_other_names(self, context: str, speaker: str | None) -> str:
        """``context`` with the names of people other than the speaker blanked out, so that a user's
        ``parties`` key such as "Trump" is not matched in "McCain, who criticised Trump"."""
        return self.registry.blank_names(context, speaker.lower() if speaker else "")

    def run(self) -> list[_Found]:
        text = self.text
        paragraphs = _paragraphs(text)
        all_quotes: list[tuple[int, list[_Quote]]] = []
        for p_start, p_end in paragraphs:
            quotes = _find_quotes(text, p_start, p_end)
            all_quotes.append((p_start, quotes))
            self.quote_spans.extend((q.start, q.end) for q in quotes if q.double)
            self.sent_spans.extend(_sentences(text, p_start, p_end, quotes))
        prev_par_quote_speaker: tuple[str | None, str, str] | None = None
        sent_starts = [start for start, _ in self.sent_spans]  # in text order, as paragraphs are
        for (p_start, p_end), (_, quotes) in zip(paragraphs, all_quotes):
            first_line = p_start == paragraphs[0][0]
            sents = self.sent_spans[bisect.bisect_left(sent_starts, p_start) : bisect.bisect_left(sent_starts, p_end)]
            used_quotes: set[int] = set()
            last_quote_speaker = prev_par_quote_speaker
            par_had_quote_stmt = False
            for s_start, s_end in sents:
                self._subject_note(s_start, s_end)
                n_before = len(self.found)
                indirect = self._indirect(s_start, s_end, quotes, first_line)
                for q_idx, quote in enumerate(quotes):
                    if not (s_start <= quote.outer_start < s_end) or q_idx in used_quotes:
                        continue
                    if any(a <= quote.start and quote.end <= b for a, b in indirect):
                        used_quotes.add(q_idx)
                        continue
                    got = self._quote(quote, q_idx, quotes, s_start, s_end, p_end, last_quote_speaker)
                    if got:
                        used_quotes.add(q_idx)
                        if quote.double:
                            last_quote_speaker = got
                            par_had_quote_stmt = True
                # a sentence-level indirect statement sets the speaker a following quote continues
                new = self.found[n_before:]
                if new and not par_had_quote_stmt:
                    f = new[-1]
                    sent_has_quote = any(s_start <= q.outer_start < s_end for q in quotes)
                    if sent_has_quote:
                        last_quote_speaker = (f.speaker, "person" if f.speaker in self.registry.people else "org",
                                              "")
            # a paragraph that ends inside (or right after) a quote hands its speaker on
            prev_par_quote_speaker = last_quote_speaker if (quotes and (par_had_quote_stmt or last_quote_speaker)) else None
            if quotes and not quotes[-1].closed and last_quote_speaker:
                prev_par_quote_speaker = last_quote_speaker
            elif not quotes:
                prev_par_quote_speaker = None
        # a person's party is the same in every statement: fill it from all that the text says about them
        for f in self.found:
            if f.kind == "person" and f.party is None and f.speaker in self.registry.people:
                f.party = _party_from_words(self._party_context(f.speaker, "person"))
                f.title_context = self._without_other_names(f.context + " " + self._party_context(f.speaker, "person"),
                                                            f.speaker)
        return self.found

    def _subject_note(self, s_start: int, s_end: int) -> None:
        """Remember the subject of each sentence for pronoun resolution."""
        mention, pos, _ = self._sentence_subject(s_start, s_end)
        described = re.match(r"\s*(?:[A-Z][\w’'\-]*\s+)?The\s+((?:[\w\-]+\s+){0,4})", self.text[s_start:s_end])
        if described and (not mention or len(mention.split()) <= 1):
            words = described.group(1).split()
            heads = [j for j, w in enumerate(words) if w.lower() in _ROLE_HEADS]
            if heads:
                # "The liberal icon justice had ...": a description of someone named before
                mention, pos = "the " + " ".join(words[: heads[0] + 1]), s_start + described.start(1)
        if mention and mention.lower() in _PRONOUNS and mention.lower() in {"he", "she"}:
            speaker, kind, _ = self._resolve(mention, pos, "")
            if speaker and kind == "person":
                self.subjects.append((pos, speaker, kind))
                self.sole_subjects.add(pos)
        elif mention and mention.lower() not in _PRONOUNS:
            speaker, kind, extra = self._resolve(mention, pos, "")
            if speaker and kind in {"person", "org"}:
                self.subjects.append((pos, speaker, kind))
                if kind == "person" and not re.search(r"\s(?:and|or|with)\s|,", mention):
                    self.sole_subjects.add(pos)
            if kind == "person" and extra and _party_from_words(extra):
                self.registry.people[speaker].described.append(extra)

    def _verbs_in(self, start: int, end: int) -> list[tuple[int, int, str, str]]:
        out = []
        for match in re.finditer(r"(?<![\w-])([A-Za-z]+)(?![\w-])", self.text[start:end]):
            word = match.group(1)
            low = word.lower()
            after = self.text[start + match.end() : end]
            if low in {"call", "calls", "called", "calling"} and re.match(r"\s+(?:on|for)\b", after, re.IGNORECASE):
                lemma, kind = "call on", "inf"  # "called on Trump to cancel ...", "called for Akin to drop out"
                if (low == "calling" and re.match(r"\s+for\b", after, re.IGNORECASE) and not re.search(
                        r"(?:\b(?:is|are|was|were|been|be)|,)\s*$", self.text[start : start + match.start()])):
                    continue  # "conservatives calling for Steele to step down" describes a group, it reports no one
            elif low not in _VERBS:
                continue
            else:
                lemma, kind = _VERBS[low]
            a = start + match.start()
            before = self.text[max(start, a - 12) : a].lower()
            if re.search(r"\b(?:is|was|are|were|be|been|being|so)[-\s]+$", before) and kind != "inf":
                continue  # passive "is said to", "so-called"
            if re.search(r"(?:\b(?:the|a|an|his|her|its|their|our)|['’]s)\s+$", before):
                continue  # a noun: "the report", "a tweet", "Tsai's promise"
            if re.search(r"\b(?:short\s+of|refus\w*\s+to|declin\w*\s+to|not|didn[’']t|never)\s+$",
                         self.text[max(start, a - 20) : a], re.IGNORECASE):
                continue  # negated: "stopped short of calling on Akin to resign", "declined to say"
            out.append((a, start + match.end(), lemma, kind))
        for match in _PHRASE_VERBS_RE.finditer(self.text, start, end):
            out.append((match.start(), match.end(), "make clear", "say"))
        return sorted(out)

    def _ing(self, v_start: int, v_end: int) -> bool:
        """A participle ("saying", "making it clear"): its subject is found elsewhere."""
        return self.text[v_start:v_end].split()[0].lower().endswith("ing")

    def _indirect(self, s_start: int, s_end: int, quotes: list[_Quote], headline: bool) -> list[tuple[int, int]]:
        """Indirect speech in one sentence; returns the spans it claimed (quotes inside them are absorbed)."""
        text = self.text
        claimed: list[tuple[int, int]] = []
        in_quote = [(q.start, q.end) for q in quotes]

        def inside_quote(pos: int) -> bool:
            return any(a <= pos < b for a, b in in_quote)

        body_end = s_end
        while body_end > s_start and text[body_end - 1] in " .!?\"'”’»)":
            if text[body_end - 1] in "\"'”’»" and inside_quote(body_end - 2):
                break
            body_end -= 1
        # headline "Reid: Mosque Should Be Built Someplace Else"; "Mitt To Akin: Drop Out" and
        # "Former Mexican President Fox to Trump: We won't pay": the speaker is before "to"
        if headline:
            hm = re.match(r"\s*((?:[A-Z][\w.’'\-]*\s?){1,5}?)(?:\s*\b[Tt]o\s+(?:[A-Z][\w.’'\-]*\s?){1,3})?:\s+(\S.*)",
                          text[s_start:s_end])
            if (hm and hm.group(1).split()[0].lower() not in _LEADING_SKIP
                    and not any(w.lower() in _VERBS for w in re.findall(r"[A-Za-z]+", hm.group(2)))
                    and not _CALL_RE.search(hm.group(2))):
                a = s_start + hm.start(2)
                self._add(a, body_end, hm.group(1).strip(), s_start + hm.start(1), "", direct=False, rule="headline")
                claimed.append((a, body_end))
                return claimed
        # "..., according to X."
        acc = re.search(r",\s*according\s+to\s+([^,.;]{2,80})[.,]?\s*$", text[s_start:s_end])
        if acc and (re.search(r"\b(?:said|says|told|added|wrote|tweeted)\s*$", text[s_start : s_start + acc.start()])
                    or re.match(r"(?:the\s+|an?\s+|\w+\s+){0,2}(?:polls?|surveys?|data|figures|estimates|statistics)\b",
                                acc.group(1), re.IGNORECASE)):
            acc = None  # '"...," Biden said, according to AFP' is Biden's; polls and data say nothing
        if acc:
            a0 = s_start
            a1 = s_start + acc.start()
            mention = acc.group(1).strip()
            self._add(a0, a1, mention, s_start + acc.start(1), "", direct=False, rule="according_to")
            claimed.append((a0, a1))
            return claimed
        verbs = [v for v in self._verbs_in(s_start, s_end) if not inside_quote(v[0])]
        for v_start, v_end, lemma, kind in verbs:
            if kind == "inv":
                continue
            tail = text[v_end:s_end]
            tail_start = v_end
            # trailing attribution: "<clause>, X said (on Sunday | as ...)." or "..., X confirmed to Fox News."
            tail_is_short = not tail.strip(" .!?\"”’") or (
                kind == "tell" and re.fullmatch(r"\s*(?:[\w’'.\-]+\s*){1,4}[.!?]?\s*", tail)) or re.match(
                r"\s*(?:,|(?:,\s*)?(?:on|in|at|during|as|while|when|after|before|near|from|with|via|through|to\s+(?:reporters|journalists))\b|"
                r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day|today|yesterday|tonight|hours|later|earlier)\b|[.!?])",
                tail, re.IGNORECASE) or re.fullmatch(r"\s*to\s+(?:[A-Z][\w.’'\-]*\s*){1,4}[.!?]?\s*", tail)
            if tail_is_short and (re.match(r"[^.;!?“”\"]{0,60}?\bthat\s", tail) or re.match(
                    r"\s*(?:on|to)\s+(?:[A-Z][\w.’'\-]*\s+){1,3}(?:he|she|they|it|we|i)\s", tail)):
                tail_is_short = False  # 'said on Monday that ...', 'said on ABC he ...': a clause follows
            if tail_is_short and re.match(r"\s*,\s*(?![“\"‘'])(?!(?:according|\w+ing)\b)[a-z]", tail) and re.search(
                    r",\s*(?:he|she|they)\s+$", text[s_start:v_start]):
                tail_is_short = False  # 'Practically speaking, he continued, impeachment is ...'

            if tail_is_short and kind != "inf" and not self._ing(v_start, v_end):
                mention, pos, ctx = self._subject_before(s_start, v_start)
                comma = text[s_start:pos].rstrip().endswith(",") if mention else False
                if mention and not comma and text[s_start:pos].rstrip().endswith((",”", ',"')):
                    # 'Biden told Netanyahu that he expects “...,” the White House said.': a report of a
                    # report (a plain '"...," she said' is left to the quote rules)
                    comma = any(v[0] < v_start and v[3] in {"say", "tell"} for v in verbs)
                if mention and comma and pos - s_start > 12:
                    a0 = self._clause_start(s_start, pos)  # after a ';' or dash: "...; most would ..., analysts say"
                    a1 = s_start + text[s_start:pos].rstrip().rfind(",")
                    clause = text[a0:a1].strip()
                    starts_quoted = clause[:1] in _ALL_QUOTES
                    whole_quote = starts_quoted and any(
                        abs(q.outer_start - a0) <= 1 and q.outer_end >= a1 - 1 for q in quotes)
                    if whole_quote:
                        continue  # a direct quote: left to the quote rules
                    if any(q.outer_start <= a0 + 1 and q.outer_end >= a1 - 1 for q in quotes):
                        continue
                    lead = re.match(r"\s*(?:And|But|So|Still|Yet)\s+", text[a0:a1])
                    if lead:
                        a0 += lead.end()
                    self._add(a0, a1, mention, pos, ctx, direct=False, rule="trailing", verb=lemma)
                    claimed.append((a0, a1))
                    continue
                if not tail.strip(" .!?\"”’"):
                    continue
            # forward: "X said (on Sunday) (that) <clause>"
            clause_start = None
            mtail = self.masked[v_end:s_end]
            if text[s_start:v_start].rstrip().endswith(",") and re.match(r"\s+[^,;.“”\"]{2,60},", mtail) and any(
                    q.outer_start > v_end for q in quotes if s_start <= q.outer_start < s_end):
                continue  # 'Her comments, said Josh Earnest, ..., are "..."': left to the quote rules
            if kind == "inf":
                inf = re.match(r"[^.;:!?]{0,60}?\b((?:not\s+)?to)\s+(?!(?:a|an|the|his|her|their|its)\s)[a-z]", mtail) or (
                    re.match(r"[^.;:!?]{0,60}?\b(To)\s+[A-Z]", mtail) if headline else None)
                if inf is None:
                    if lemma == "challenge":
                        continue  # "challenged the notion that X" disputes X
                    if re.match(r"[^.;:!?“”\"]{0,60}?\b(?:not\s+)?to\s+[“\"]", mtail):
                        continue  # 'vowed to “impeach ...”': the quote is the statement (quote rules)
                    that = re.match(r"[^.;!?]{0,40}?\b(that)\s+", mtail)
                    if that is None or inside_quote(tail_start + that.start(1)):
                        continue  # (a "that" inside a quote opens no clause)
                    clause_start = tail_start + that.end()
                else:
                    clause_start = tail_start + inf.start(1)
            elif kind == "tell":
                that = re.match(r"[^.;!?]{0,120}?\bthat\s+", mtail)
                if that is None:
                    continue
                clause_start = tail_start + that.end()
            else:
                skip = _TIME_HEAD.match(tail)
                offset = skip.end() if skip else 0
                if skip and re.search(r"\b(?:on|in|at|to)\s*$", skip.group(0), re.IGNORECASE):
                    # "said on ABC he ...", 'said on "Fox News Sunday" that ...'; else no clause follows
                    show = re.match(r"\s*[“\"]?[A-Z][\w.’'\-]*(?:\s+[A-Z][\w.’'\-]*){0,3},?[”\"]?", tail[offset:])
                    if not show or not re.match(r"\s*,?\s*(?:that|he|she|they|it|we|I)\s", tail[offset + show.end():]):
                        continue
                    offset += show.end()
                rest = tail[offset:]
                that = re.match(r"\s*,?\s*(?:[a-z]+ly\s+)?that\s+", rest)  # "stated plainly that ..."
                if that:
                    clause_start = tail_start + offset + that.end()
                elif lemma in _NEED_THAT:
                    continue
                else:
                    first = re.match(r"\s*(?:,\s*)?([\w’'.\-]+)", rest)
                    if not first:
                        continue
                    word = re.sub(r"[’'](?:ll|d|s|re|ve|m)$", "", first.group(1))  # "they’ll"
                    parenthetical = re.match(r"\s*,\s*(?![“\"‘'])(?=\w)", rest)
                    if parenthetical and not re.search(r",\s*(?:he|she|they|[A-Z][\w.’'\-]*)\s+$", text[s_start:v_start]):
                        parenthetical = None
                    if parenthetical:
                        # 'Practically speaking, he continued, impeachment is only possible ...'
                        clause_start = tail_start + offset + parenthetical.end()
                    else:
                        if word.lower() not in _CLAUSE_STARTERS and not _is_cap(word) and not re.match(
                                # up to four words, numbers included ("more than 3,400 rockets have")
                                r"\s*(?:[a-z0-9][\w’',\-]*\s+){1,4}(?:had|has|have|was|were|is|are|will|would|could|"
                                r"should|must|can|may|might|did|do|does)\b", rest):
                            continue  # 'authorities had identified ...' is a clause; 'denied a request' is not
                        if rest.lstrip()[:1] in ",:":
                            continue  # 'said, "..."' is a direct quote
                        if lemma in _OBJECT_VERBS and word.lower() in _DETERMINERS:
                            continue  # 'denied a request to ...', 'confirmed the deal': an object, not a clause
                        clause_start = tail_start + offset + first.start(1)
            # the clause ends at the sentence end or where _CLAUSE_STOP_RE says (outside quotes)
            clause_end = body_end
            colon_quote = None
            for stop in _CLAUSE_STOP_RE.finditer(text, clause_start, body_end):
                if inside_quote(stop.end() - 1 if stop.group("trail") else stop.start()):
                    continue
                clause_end = stop.start()
                if stop.group("colon"):
                    colon_quote = next((q for q in quotes if q.outer_start == stop.end() - 1), None)
                break
            if kind == "inf":
                # "vowed to remain in the race earlier Tuesday on the radio show ...": the setting is not the vow
                adjunct = _INF_ADJUNCT_RE.search(text, clause_start, clause_end)
                if adjunct:
                    clause_end = adjunct.start()
            if clause_end <= clause_start:
                continue
            clause = text[clause_start:clause_end].strip()
            if len(clause.split()) < 2 and not headline:
                continue
            # a clause that is just one quote stays a direct quote
            if clause[:1] in _ALL_QUOTES and any(
                q.outer_start <= clause_start + 1 and q.outer_end >= clause_end - 1 for q in quotes
            ):
                continue
            if any(a <= clause_start < b for a, b in claimed):
                continue
            # the speaker
            if v_start > s_start and re.search(r"(?:,|\band|\bbut)\s*$", text[s_start:v_start]) and lemma in _VERBS.get(
                text[v_start:v_end].lower(), ("", ""))[:1] and self._ing(v_start, v_end):
                mention, pos, ctx = self._participle_subject(s_start, v_start)
            elif self._ing(v_start, v_end) or re.search(r"\b(?:going|went|goes)\s+on\s+to\s+$",
                                                         text[s_start:v_start]):
                # "..., going on to suggest Romney had ...": the subject of the verb before
                mention, pos, ctx = self._participle_subject(s_start, v_start)
            else:
                mention, pos, ctx = self._subject_before(self._clause_start(s_start, v_start), v_start)
                if mention is None and re.search(r"(?:\b(?:and|but)\s+(?:\w+\s+){0,2}|,\s*)$", text[s_start:v_start]):
                    mention, pos, ctx = self._sentence_subject(s_start, v_start)
                if mention is None:
                    continue
            n_found = len(self.found)
            self._add(clause_start, clause_end, mention, pos, ctx, direct=False, rule="indirect", verb=lemma)
            claimed.append((clause_start, clause_end))
            if colon_quote is not None and len(self.found) > n_found:
                # 'said that Obama could help: "I'm sure he has great influence ..."': the same speaker's quote
                f = self.found[-1]
                self._add(colon_quote.start, colon_quote.end, f.mention, f.anchor, ctx, direct=True,
                          rule="quote_before", verb=lemma, resolved=(f.speaker, f.kind, ""))
                claimed.append((colon_quote.start, colon_quote.end))
        claimed += self._called_unquoted(s_start, body_end, claimed)
        return claimed

    def _called_unquoted(self, s_start: int, s_end: int, claimed: list[tuple[int, int]]) -> list[tuple[int, int]]:
        # also the nominal and blame forms: "claims by X that ...", "X accused Y of ...", "in X's words, ..."
        """'a move that Obama's team has called a breach of protocol', 'calling it an affront to ...',
        'China denounces the pact as irresponsible': the unquoted words are the statement."""
        seg = self.masked[s_start:s_end]
        out = []
        patterns = [
            ("rel", r"\b(?:that|what|which)\s+(?P<subj>[^,;“”\"]{1,60}?)\s+(?:has\s+|had\s+|have\s+)?"
                    r"(?P<verb>called|calls|described\s+as|dubbed|branded)\s+(?!on\b|for\b|it\b)(?P<x>[^,;.“”\"‘’']{3,120})"),
            ("obj", r"\b(?P<verb>calling|called|calls)\s+(?:it|them|him|her|this|that)\s+(?P<x>(?:an?|the)\s+[^,;.“”\"‘’']{3,120})"),
            ("as", r"\b(?P<verb>denounc\w*|describ\w*|condemn\w*|brand\w*)\s+[^,;.“”\"]{1,60}?\s+as\s+(?P<x>[^,;.“”\"‘’']{3,120})"),
            # "X accused Y of ...", "X blamed Y for ...": the words after "of" / "for"
            ("blame", r"\b(?P<verb>accus(?:e|es|ed|ing))\s+(?!of\b)[^,;.“”\"]{1,60}?(?<![A-Z][a-z])\s+of\s+" + _CLAUSE),
            ("blame", r"\b(?P<verb>blam(?:e|es|ed|ing)|criticiz(?:e|es|ed|ing)|criticis(?:e|es|ed|ing)|fault(?:s|ed|ing)?)"
                      r"\s+(?!for\b)[^,;.“”\"]{1,60}?\s+for\s+" + _CLAUSE),
            # the same with quoted words: "accused her of “disregarding basic security protocols”" (direct)
            ("blame_quote", r"\b(?P<verb>accus(?:e|es|ed|ing)|blam(?:e|es|ed|ing)|criticiz(?:e|es|ed|ing)|criticis(?:e|es|ed|ing))"
                            r"\s+[^,;.“”\"]{1,60}?\s+(?:of|for)\s+[“\"](?P<x>[^”\"]{3,200})[”\"]"),
            # "claims by the GOP that ...", "the assertion by X that ..."
            ("rel", r"\b(?P<verb>claims?|assertions?|allegations?|charges?|insistence|arguments?)\s+by\s+"
                    r"(?P<subj>[^,;“”\"]{1,60}?)\s+that\s+" + _CLAUSE),
            # "X's claim that ...", "in X's words, ..."
            ("rel", r"(?P<subj>\b(?:[A-Z][\w.\-]*\s+){0,3}[A-Z][\w.\-]*)['’]s?\s+(?P<verb>claims?|assertions?|allegations?|"
                    r"insistence|argument)\s+that\s+" + _CLAUSE),
            ("rel", r"\b[Ii]n\s+(?P<subj>(?:[A-Z][\w.\-]*\s+){0,3}[A-Z][\w.\-]*)['’]s?\s+(?P<verb>words),\s+" + _CLAUSE),
        ]
        for kind, pattern in patterns:
            for m in re.finditer(pattern, seg):
                a, b = s_start + m.start("x"), s_start + m.end("x")
                if any(x <= a < y for x, y in claimed + out):
                    continue
                v = s_start + m.start("verb")
                if kind.startswith("blame") and m.group("verb").endswith("ing") and not self.text[s_start:v].rstrip().endswith(","):
                    continue  # "indictments accusing X of ...": the noun's content, not a speaker's words
                if kind == "rel" and m.group("verb").lower() in _NOMINAL_VERBS:
                    # "claims by the GOP that", "Pelosi's claim that": the named holder speaks
                    mention, pos, ctx = m.group("subj").strip(), s_start + m.start("subj"), ""
                elif kind == "rel":
                    mention, pos, ctx = self._subject_before(s_start + m.start("subj"), v)
                elif self.text[v : s_start + m.end("verb")].endswith("ing"):
                    mention, pos, ctx = self._participle_subject(s_start, v)
                else:
                    mention, pos, ctx = self._subject_before(self._clause_start(s_start, v), v)
                    if mention is None and not re.search(r",\s*(?:where|which|who|whose|when)\b",
                                                         self.text[s_start:v]):
                        # the sentence subject, unless a relative clause has its own ("Iowa, where
                        # caucusgoers describe themselves as ...")
                        mention, pos, ctx = self._sentence_subject(s_start, v)
                if not mention:
                    continue
                if kind.startswith("blame") or m.group("verb").lower() in _NOMINAL_VERBS:
                    verb = m.group("verb").lower().rstrip("s")
                    self._add(a, b, mention, pos, ctx, direct=kind == "blame_quote", rule="nominal", verb=verb)
                else:
                    self._add(a, b, mention, pos, ctx, direct=False, rule="called_unquoted", verb="call")
                out.append((a, b))
        return out

    def _clause_start(self, s_start: int, v_start: int) -> int:
        """Start of the clause that holds the verb: after the last ';', '—' or 'and/but <subject>'."""
        seg = self.text[s_start:v_start]
        cut = max(seg.rfind(";"), seg.rfind("—"), seg.rfind("―"), seg.rfind(" – "))
        return s_start + cut + 1 if cut >= 0 else s_start

    def _participle_subject(self, s_start: int, v_start: int) -> tuple[str | None, int, str]:
        """Subject of ', saying ...': the subject of the nearest reporting verb before it, else of
        the nearest finite verb, else the sentence subject."""
        seg = self.text[s_start:v_start]
        if re.match(r"\s*(?:After|Before|While|When|Despite)\b", seg) and "," not in seg:
            return self._sentence_subject(s_start, self._sentence_end(s_start))
        verbs = [v for v in self._verbs_in(s_start, v_start) if not self._ing(v[0], v[1])]
        verbs = [v for v in verbs if v[2] in _NEED_THAT] + [v for v in verbs if v[2] not in _NEED_THAT]
        finite = [
            (s_start + m.start(), s_start + m.end())
            for m in re.finditer(r"\b(?:[a-z]+ed|turned|said|told|spoke|took|made|gave|came|went|met|wrote|won|lost|"
                                 r"fired|declared|announced|criticised|criticized|called|held|sent)\b", seg)
        ]
        for a, _b in [(v[0], v[1]) for v in reversed(verbs)] + list(reversed(finite)):
            mention, pos, ctx = self._subject_before(self._clause_start(s_start, a), a)
            if mention:
                return mention, pos, ctx
        return self._sentence_subject(s_start, v_start)

    def _sentence_index(self, pos: int) -> int | None:
        if not hasattr(self, "_starts") or len(self._starts) != len(self.sent_spans):
            self._starts = [a for a, _ in self.sent_spans]
        k = bisect.bisect_right(self._starts, pos) - 1
        if k >= 0 and self.sent_spans[k][0] <= pos < self.sent_spans[k][1]:
            return k
        return None

    def _sentence_end(self, pos: int) -> int:
        k = self._sentence_index(pos)
        return self.sent_spans[k][1] if k is not None else len(self.text)

    def _quote(self, quote: _Quote, q_idx: int, quotes: list[_Quote], s_start: int, s_end: int, p_end: int,
               last_speaker: tuple[str | None, str, str] | None) -> tuple[str | None, str, str] | None:
        """Decide whether a quote is a statement and attribute it. Returns the resolved speaker."""
        text = self.text
        inner = text[quote.start : quote.end].strip(" ,.")
        if (re.search(r"\b(?:on|to|in|at|from|with|of)\s+(?:the\s+)?(?:[A-Z][\w.]*['’]s\s+(?:the\s+)?)?$",
                      text[max(s_start, quote.outer_start - 40) : quote.outer_start])
                and 1 <= len(inner.split()) <= 6 and all(w[:1].isupper() or w.lower() in {"the", "of", "and", "a"}
                                                         for w in inner.split())):
            return None  # a programme or title: 'on ABC's "This Week,"', 'on "Fox News Sunday"'
        # 1. trailing attribution: '"...," Ms. Rice said' / '"...", read a North Korean statement'
        if quote.closed:
            window = self.masked[quote.outer_end : min(p_end, quote.outer_end + 160)]
            stop = re.search(r"[.!?;\"“”]", window)
            window_end = quote.outer_end + (stop.start() if stop else len(window))
            verbs = [v for v in self._verbs_in(quote.outer_end, window_end) if v[3] != "inf"]
            if verbs:
                v_start, v_end, lemma, kind = verbs[0]
                gap = text[quote.outer_end : v_start]
                if not gap.strip(" ,"):
                    # inverted: '"...," said Josh Earnest, the White House press secretary'
                    m = re.match(r"\s*([^,.;:!?“”\"]{1,80}?)(?=\s*(?:[,.;:!?]|$|\s+(?:as|in|on|at|when|while|during|"
                                 r"after|before|attributed|who|which|that|to|near)\b))", self.masked[v_end:window_end + 1])
                    if m and m.group(1).strip():
                        mention = text[v_end + m.start(1) : v_end + m.end(1)]
                        again = _SECOND_VERB_RE.search(mention)
                        if again and again.start() > 0:
                            mention = mention[: again.start()]  # a typo such as 'said Akin said of ...'
                        pos = v_end + m.start(1)
                        rest = text[v_end + m.end(1) : min(p_end, v_end + m.end(1) + 100)]
                        app = re.match(r"\s*,([^,.;]{1,80})", rest)
                        ctx = mention + (" " + app.group(1) if app else "")
                        resolved = self._resolve(mention, pos, ctx)
                        self._add(quote.start, quote.end, mention, pos, ctx, direct=True, rule="quote_after",
                                  verb=lemma, resolved=resolved)
                        return resolved
                elif (len(gap.split()) <= 12 or self._named_chain(gap)) and not re.search(r"\s(?:--|—|―|–)\s", gap):
                    mention, pos, ctx = self._subject_before(quote.outer_end, v_start)
                    if mention:
                        resolved = self._resolve(mention, pos, ctx)
                        self._add(quote.start, quote.end, mention, pos, ctx, direct=True, rule="quote_after",
                                  verb=lemma, resolved=resolved)
                        return resolved
        # 2. attribution before: 'he said: "..."', 'X said in a statement that "..."'
        before = text[s_start : quote.outer_start]
        for v_start, v_end, lemma, kind in reversed(self._verbs_in(s_start, quote.outer_start)):
            gap = text[v_end : quote.outer_start]
            words = gap.split()
            if kind == "inv":
                break
            ok = (not gap.strip()) or gap.rstrip().endswith((",", ":")) and len(words) <= 8 or (
                len(words) <= 6 and words and words[-1].lower() in {"that", "to", "simply", "only"})
            if not ok:
                break
            if self._ing(v_start, v_end):
                mention, pos, ctx = self._participle_subject(s_start, v_start)
            else:
                mention, pos, ctx = self._subject_before(self._clause_start(s_start, v_start), v_start)
                if mention is None:
                    mention, pos, ctx = self._sentence_subject(s_start, v_start)
            resolved = self._resolve(mention, pos, ctx)
            self._add(quote.start, quote.end, mention, pos, ctx, direct=True, rule="quote_before", verb=lemma,
                      resolved=resolved)
            return resolved
        # 3. a "called" fragment: 'what it called "rapacious"', 'describing it as "x" and "y"'
        calls = list(_CALL_RE.finditer(before))
        if calls:
            call = calls[-1]
            between = self.masked[s_start + call.end() : quote.outer_start]
            if len(between.split()) <= 8 and not re.search(r"[.;!?]", between) and not re.search(
                r"\bcall(?:s|ed|ing)?\s+(?:on|for)\b", before[call.start() :], re.IGNORECASE
            ):
                c_start = s_start + call.start()
                word = call.group(0).lower()
                what = re.search(r"\b(?:what|that|which)\s+([^,;]{1,80}?)\s*$", before[: call.start()])
                if what:
                    mention, pos, ctx = self._subject_before(s_start + what.start(1), c_start)
                elif word.endswith("ing") or word.startswith(("describing", "denouncing")):
                    mention, pos, ctx = self._participle_subject(s_start, c_start)
                else:
                    mention, pos, ctx = self._subject_before(self._clause_start(s_start, c_start), c_start)
                    if mention is None:
                        mention, pos, ctx = self._sentence_subject(s_start, c_start)
                if mention:
                    resolved = self._resolve(mention, pos, ctx)
                    self._add(quote.start, quote.end, mention, pos, ctx, direct=True, rule="called",
                              verb="call", resolved=resolved)
                    # 'as "x" and "y"': the next quote belongs to the same call
                    if q_idx + 1 < len(quotes):
                        nxt = quotes[q_idx + 1]
                        if re.fullmatch(r"\s*(?:,|and|or|,\s*and)\s*", text[quote.outer_end : nxt.outer_start]):
                            self._add(nxt.start, nxt.end, mention, pos, ctx, direct=True, rule="called",
                                      verb="call", resolved=resolved)
                    return None
        # 4. a parenthetical attribution elsewhere in the sentence: 'Her comments, said X, are "..."'
        paren = re.search(r",\s*(?:said|says|added|told)\s+([^,]{2,60}),", text[s_start:s_end])
        if paren and quote.double and not (s_start + paren.start() > quote.outer_start):
            mention = paren.group(1)
            pos = s_start + paren.start(1)
            rest = text[s_start + paren.end(1) :]
            app = re.match(r",([^,]{1,80}),", rest)
            ctx = app.group(1) if app else ""
            resolved = self._resolve(mention, pos, ctx)
            self._add(quote.start, quote.end, mention, pos, ctx, direct=True, rule="quote_parenthetical",
                      resolved=resolved)
            return resolved
        # 5. an unattributed quote that is a whole sentence: continues the previous quote's speaker
        if not quote.double:
            return None
        whole = not text[s_start : quote.outer_start].strip() and len(quote_text_words := text[quote.start : quote.end].split()) >= 4
        if not whole:
            return None
        if last_speaker is not None and last_speaker[0] is not None:
            speaker, kind, extra = last_speaker
            self._add(quote.start, quote.end, speaker, quote.outer_start, extra, direct=True, rule="continuation",
                      resolved=(speaker, kind, extra))
            return last_speaker
        if len(quote_text_words) >= 6:
            self._add(quote.start, quote.end, None, -1, "", direct=True, rule="unattributed",
                      resolved=(None, "none", ""))
        return None


def extract_statements(
    text: str,
    *,
    parties: Mapping[str, str] | None = None,
    source: str | None = None,
    strict: bool = False,
) -> list[Statement]:
    """Find who said what in a news article: statements with speaker, party and offsets.

    Args:
        text: The article (headline and body; paragraphs on separate lines). HTML entities
            are allowed; offsets always point into this exact string.
        parties: Optional mapping from a speaker or organisation to a party, e.g.
            ``{"Pompeo": "United States", "Kim Yong Chol": "North Korea"}``. Keys match
            case-insensitively and partially ("Pompeo" matches "Mike Pompeo", "state
            department" matches "A state department spokesperson"); the mapping wins over
            what the text says.
        source: Optional name of the article, copied to ``Statement.source`` and used in ids.
        strict: With ``parties``, take parties from the mapping only: a speaker the mapping lacks
            gets ``party=None`` instead of a party guessed from the text ("McCain" ->
            "Republicans"), so no party pair appears that the mapping did not ask for.

    Returns:
        The statements in text order. Each has ``text == article[start:end]``, ``speaker``
        (a full name when the article gives one, the institution or role otherwise, ``None``
        when the text does not make it clear), ``party`` (``None`` when neither the mapping
        nor the text gives one), ``sentence``, ``direct`` (``True`` for a quote) and
        ``meta`` with the ``rule`` and reporting ``verb`` that found it and ``party_from``
        (``"mapping"``, ``"text"`` or ``None``). An empty or
        whitespace-only text, or a text without statements, gives ``[]``.

    Raises:
        TypeError: if ``text`` is not a string or ``parties`` is not a mapping of strings.

    Warns:
        UserWarning: once, naming the speakers left without a party (the most frequent first),
            so they can be mapped; `unmapped_speakers` gives them as data.

    Example:
        >>> article = ('Sanctions will remain in place, US Secretary of State Mike Pompeo said. '
        ...            '"The results of the talks are extremely worrisome," read a North Korean statement.')
        >>> for s in extract_statements(article):
        ...     print(s.speaker, "|", s.party, "|", s.text, "|", s.direct)
        Mike Pompeo | United States | Sanctions will remain in place | False
        North Korean statement | North Korea | The results of the talks are extremely worrisome | True
        >>> s = extract_statements(article)[0]
        >>> article[s.start:s.end] == s.text
        True
    """
    if not isinstance(text, str):
        raise TypeError(
            f"`text` expected a string (the article), got {type(text).__name__} {repr(text)[:60]}. "
            "Pass the article's text, e.g. open(path, encoding='utf-8').read()."
        )
    if not isinstance(strict, bool):
        raise TypeError(f"`strict` expected True or False, got {type(strict).__name__} {strict!r:.40}.")
    if parties is not None:
        if not isinstance(parties, Mapping):
            raise TypeError(
                f"`parties` expected a mapping of speaker or organisation -> party, got "
                f"{type(parties).__name__} {repr(parties)[:60]}. Pass e.g. {{'Pompeo': 'United States'}}."
            )
        bad = {k: v for k, v in parties.items() if not isinstance(k, str) or not isinstance(v, str)}
        if bad:
            raise TypeError(
                f"`parties` expected string keys and values, got {repr(bad)[:80]}. "
                "Map names to party names, e.g. {'Pompeo': 'United States'}."
            )
    if not text.strip():
        logger.debug("extract_statements: empty text, no statements")
        return []
    clean, index = _unescape_with_map(text)
    found = _Extractor(clean).run()
    found.sort(key=lambda f: (f.start, f.end))
    # drop exact duplicates and statements nested inside another one
    kept: list[_Found] = []
    for f in found:
        if kept and f.start >= kept[-1].start and f.end <= kept[-1].end:
            continue
        kept.append(f)
    sentence_spans: list[tuple[int, int]] = []
    for p_start, p_end in _paragraphs(clean):
        sentence_spans.extend(_sentences(clean, p_start, p_end, _find_quotes(clean, p_start, p_end)))

    starts = [a for a, _ in sentence_spans]
    ends = [b for _, b in sentence_spans]

    def span_of(a: int, b: int) -> tuple[int, int]:
        """Clean [a, b) -> original [start, end)."""
        if index is None:
            return a, b
        return index[a][0], index[b - 1][1]

    statements: list[Statement] = []
    for i, f in enumerate(kept):
        start, end = span_of(f.start, f.end)
        k = bisect.bisect_right(starts, f.start) - 1
        s_sent = sentence_spans[k] if k >= 0 and sentence_spans[k][1] > f.start else (f.start, f.end)
        k = bisect.bisect_left(ends, f.end)
        e_sent = sentence_spans[k] if k < len(sentence_spans) and sentence_spans[k][0] < f.end else s_sent
        sentence = text[span_of(s_sent[0], e_sent[1])[0] : span_of(s_sent[0], e_sent[1])[1]]
        party = None if strict and parties else f.party
        party_from = "text" if party is not None else None
        if parties:
            mapped = _user_party(parties, f.speaker, f.mention)
            if mapped is None and f.speaker is not None:
                mapped = _user_party(parties, f.title_context)
            if mapped is None and f.principal is not None:
                mapped = _user_party(parties, f.principal)
            if mapped is not None:
                party, party_from = mapped, "mapping"
        piece = text[start:end]
        meta: dict = {"rule": f.rule, "party_from": party_from}
        if f.verb:
            meta["verb"] = f.verb
        if f.mention and f.mention != f.speaker:
            meta["mention"] = f.mention
        if index is not None and clean[f.start : f.end] != piece:
            meta["unescaped"] = clean[f.start : f.end]
        statements.append(
            Statement(
                text=piece,
                party=party,
                id=f"{source}#{i}" if source else f"s{i}",
                source=source,
                speaker=f.speaker,
                start=start,
                end=end,
                sentence=sentence.strip(),
                direct=f.direct,
                meta=meta,
            )
        )
    missing = unmapped_speakers(statements)
    if missing:
        top = list(missing.items())[:UNMAPPED_LISTED]
        listing = ", ".join(f"{name!r} ({n})" for name, n in top)
        more = f" and {len(missing) - len(top)} more" if len(missing) > len(top) else ""
        warnings.warn(
            f"extract_statements: no party found for {sum(missing.values())} statement(s) by {len(missing)} speaker(s): "
            f"{listing}{more}. Map them with parties={{'<speaker or organisation>': '<party>'}}; "
            "framing.extract.unmapped_speakers(statements) lists them all.",
            UserWarning,
            stacklevel=2,
        )
    logger.debug("extract_statements: %d statements from %d characters", len(statements), len(text))
    return statements


# Speakers named in the no-party warning; the rest are counted.
UNMAPPED_LISTED = 8


def unmapped_speakers(statements: Sequence[Statement]) -> dict[str, int]:
    """Speakers of statements without a party and how many each has, most first (``None`` speakers
    as ``"(unknown speaker)"``): what to add to ``parties=``.

    Example:
        >>> unmapped_speakers([Statement("a b.", None, speaker="Kristol"), Statement("c d.", "US")])
        {'Kristol': 1}
    """
    counts: dict[str, int] = {}
    for statement in statements:
        if statement.party is None:
            key = statement.speaker or "(unknown speaker)"
            counts[key] = counts.get(key, 0) + 1
    return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))

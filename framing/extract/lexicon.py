"""Word lists of the extractor: reporting verbs, titles, places, party and country words, and the
small function-word sets the speaker rules use.

Data only; the patterns built from these lists sit next to the rules that use them.

Example:
    >>> VERBS["warned"], VERBS["told"], VERBS["vowed"]
    (('warn', 'say'), ('tell', 'tell'), ('vow', 'inf'))
    >>> COUNTRY_WORDS["Pyongyang"]
    'North Korea'
"""

from __future__ import annotations

import re

# Reporting verbs: inflected forms -> lemma.  "kind" decides the complement:
#   "say": a clause, with or without "that";  "tell": an object, then a clause;
#   "inf": a to-infinitive ("vowed to", "urged X to");  "inv": only in "…," read X.
VERBS: dict[str, tuple[str, str]] = {}


def _add_verbs(kind: str, *groups: str) -> None:
    for group in groups:
        forms = group.split()
        for form in forms:
            VERBS[form] = (forms[0], kind)


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
VERBS["told"] = ("tell", "tell")
# Verbs that take an object as often as a clause: without "that", "denied a request" is no statement.
OBJECT_VERBS = {"deny", "confirm", "announce", "acknowledge", "admit", "reiterate", "stress", "emphasize", "predict",
                "explain", "concede", "declare", "continue", "make clear"}
DETERMINERS = {"a", "an", "the", "his", "her", "its", "their", "our", "my", "this", "these", "those", "any", "all",
               "no", "some"}
# Verbs that take a clause only with an explicit "that" (too often used otherwise).
NEED_THAT = {"promise", "report", "believe", "agree", "signal", "estimate", "write", "note", "recall", "respond",
             "reply", "charge", "reason"}  # "charged with", "the reason": only "charged that" is speech

TITLES = {
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
TITLE_ELECT = re.compile(r"-elect$")
# US states: a place, never a person; skipped before a title ("Vermont Sen. Bernie Sanders").
US_STATES = {
    "Alabama", "Alaska", "Arizona", "Arkansas", "California", "Colorado", "Connecticut", "Delaware", "Florida",
    "Georgia", "Hawaii", "Idaho", "Illinois", "Indiana", "Iowa", "Kansas", "Kentucky", "Louisiana", "Maine",
    "Maryland", "Massachusetts", "Michigan", "Minnesota", "Mississippi", "Missouri", "Montana", "Nebraska",
    "Nevada", "New Hampshire", "New Jersey", "New Mexico", "New York", "North Carolina", "North Dakota", "Ohio",
    "Oklahoma", "Oregon", "Pennsylvania", "Rhode Island", "South Carolina", "South Dakota", "Tennessee", "Texas",
    "Utah", "Vermont", "Virginia", "Washington", "West Virginia", "Wisconsin", "Wyoming",
}
ABBREVIATIONS = {
    "mr", "ms", "mrs", "dr", "sen", "sens", "rep", "reps", "gov", "gen", "lt", "col", "adm", "st", "jr", "sr",
    "no", "vs", "inc", "corp", "co", "ltd", "mt", "ft", "u.s", "u.n", "u.k", "e.g", "i.e", "a.m", "p.m",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "prof", "sgt", "capt",
    "calif", "ariz", "mass", "conn", "ill", "fla", "wash", "mich", "minn", "tenn", "wis", "ky", "ga", "pa",
    "va", "md", "del", "colo", "nev", "okla", "ore", "ala", "ark", "miss", "mo", "neb", "kan", "ind", "vt",
    "n.y", "n.j", "n.h", "n.c", "s.c", "r.i", "d.c",
}
NOT_NAME = {
    "korea", "korean", "house", "department", "committee", "court", "party", "agency", "news", "times",
    "post", "journal", "street", "university", "council", "ministry", "office", "union", "nations", "states",
    "kingdom", "republic", "administration", "congress", "senate", "peninsula", "sea", "strait", "day",
    "war", "summit", "emirate", "force", "forces", "army", "navy", "guard", "staff", "chiefs", "bank",
    "foundation", "institute", "association", "network", "press", "tv", "program", "show", "airport",
    "embassy", "capitol", "hill", "department's", "service", "intelligence", "affairs", "center",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february",
    "march", "april", "may", "june", "july", "august", "september", "october", "november", "december",
}
_WEEKDAYS_MONTHS = {w for w in NOT_NAME if w.endswith("day") or w in {
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december"}}

# Country / nationality / capital / organisation words -> party (longest first in the regex).
COUNTRY_WORDS: dict[str, str] = {}


def _add_country(party: str, *words: str) -> None:
    for word in words:
        COUNTRY_WORDS[word] = party


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

# Words that may sit inside a speaker noun phrase besides capitalised words.
NP_WORDS = {
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
    "senior-level", "high-level", "u.s.", "state's", "country's", "nominee", "nominees", "candidate", "candidates",
    "senator", "lawmaker", "congressman", "congresswoman", "whip", "republican", "republicans", "democrat",
    "democrats", "democratic", "gop", "presumptive", "ranking", "editorial", "interim", "acting",
    # lowercase heads of descriptions ("the House speaker continued", "the Mexican-born journalist told")
    "speaker", "chairwoman", "journalist", "reporter", "host", "anchor", "columnist", "commentator",
    "correspondent", "analyst", "expert", "strategist", "executive", "activist", "coalition", "group",
    "organization", "organisation", "company", "presidential", "vice-presidential", "gubernatorial",
    "congressional",
}
# Roles that speak for nobody in particular: "analysts say" does not take the last institution's party.
GENERIC_GROUPS = {"analysts", "analyst", "experts", "expert", "critics", "observers", "activists", "supporters",
                  "residents", "people", "journalist", "reporter", "columnist", "commentator", "strategist"}
# A description of a person already named ("the Arizona Republican", "the senator", "the presumptive
# Republican nominee"): a head noun from this set, after "the" and up to three other words.
ROLE_HEADS = {
    "senator", "congressman", "congresswoman", "lawmaker", "representative", "republican", "democrat",
    "nominee", "candidate", "president", "governor", "chairman", "chairwoman", "speaker", "justice", "judge",
    "mayor", "leader", "journalist", "reporter", "host", "anchor", "columnist",
}
# Who speaks for someone else: "a lawyer for Mrs. Clinton" is the lawyer, not Mrs. Clinton.
AGENT_ROLES = {"lawyer", "attorney", "spokesman", "spokeswoman", "spokesperson", "adviser", "advisor", "aide"}
# A description's head and the title that names its holder: "the congresswoman" is a "Rep.".
ROLE_SYNONYMS = {"congressman": "representative", "congresswoman": "representative"}
# Title abbreviations -> the role noun used in descriptions.
ROLE_NORMAL = {"sen.": "senator", "sen": "senator", "sens.": "senator", "rep.": "representative",
                "rep": "representative", "gov.": "governor", "gov": "governor", "pm": "prime minister"}
PRONOUNS = {"he": "m", "she": "f", "they": "p", "it": "n", "we": "p", "i": "s"}
AUXILIARIES = {"has", "have", "had", "was", "is", "were", "are", "would", "will", "did", "does", "do", "may", "might",
                "could", "should", "can", "must"}
DEMONSTRATIVES = {"the", "that", "this", "these", "those"}
ADVERBS = {"again", "also", "then", "still", "never", "now", "once", "later", "soon", "often", "just", "already",
            "even", "repeatedly", "quickly", "immediately", "publicly", "privately", "previously", "recently",
            "reportedly", "initially", "finally", "subsequently", "similarly", "separately"}
LEADING_SKIP = {
    "but", "and", "still", "however", "despite", "after", "before", "while", "when", "meanwhile", "also",
    "so", "yet", "then", "earlier", "later", "hours", "now", "instead", "indeed", "separately", "moreover",
    "in", "on", "at", "as", "if", "though", "although", "because",
}
TRAIL_SKIP = {
    "also", "later", "then", "now", "previously", "recently", "repeatedly", "again", "only", "has", "have",
    "had", "was", "is", "were", "are", "would", "will", "did", "does", "do", "not", "further", "sharply",
    "tersely", "publicly", "privately", "reportedly", "earlier", "once", "never", "long", "often", "quickly",
    "immediately", "on", "in", "this", "last", "late", "early", "morning", "night", "evening", "afternoon",
    "week", "month", "year", "today", "yesterday", "tonight", "day", "hours", "days", "weeks", "ago",
    "simply", "just", "first", "already", "even", "still", "formally", "officially", "flatly", "firmly",
    "angrily", "bluntly", "openly", "may", "might", "could", "should", "can", "must", "been", "being",
} | _WEEKDAYS_MONTHS
CLAUSE_STARTERS = {
    "he", "she", "it", "they", "we", "i", "you", "the", "a", "an", "his", "her", "its", "their", "our", "my",
    "this", "that", "these", "those", "there", "such", "no", "nobody", "nothing", "some", "any", "all",
    "both", "if", "while", "although", "though", "because", "since", "what", "when", "before", "after",
    "north", "south", "only", "even", "mr", "mr.", "ms", "ms.", "mrs.",
}
# Words that open an adverbial clause or phrase ("As she tried to speak", "When asked", "On Thursday night",
# "after the attack"): such a span modifies the reporting verb and is no claim of its own.
ADVERBIAL_STARTERS = {
    "as", "when", "while", "after", "before", "if", "unless", "until", "once", "because", "since", "although",
    "though", "whereas", "rather", "instead", "despite", "asked", "on", "in", "at", "during", "following",
    "amid", "upon", "with", "without", "throughout",
}

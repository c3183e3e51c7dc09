"""A statement a rule found, checked and recorded: fragments and non-speakers dropped, the speaker
resolved, its party taken from the words around it, the person it speaks for, and the sentence
subject noted for later pronouns.

Example:
    >>> is_fragment("to cancel the", complement=False), is_fragment("it was inappropriate", complement=False)
    (True, False)
    >>> is_quantity("1.43 million cables"), is_quantity("a disaster in the making")
    (True, False)
    >>> can_speak("WASHINGTON"), can_speak("NATO")
    (False, True)
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from ..checks import FUNCTION_WORDS
from .article import Article, Found
from .lexicon import ADVERBIAL_STARTERS, AUXILIARIES, DETERMINERS, GENERIC_GROUPS, PRONOUNS
from .parties import party_from_words
from .scanning import strip_span
from .speakers import party_context, principal_of, resolve, without_other_names

# A reported clause has at least this many words ("it was inappropriate") or two content words
# ("Drop Out"); a "called X" complement may be one word ("as irresponsible").
MIN_CLAUSE_WORDS = 3
# A span opening with an adverbial word ("after the attack") is no clause up to this many words unless it
# has an auxiliary or a comma ("before leaving he was seeking ...", "if it fails, we ...").
MAX_ADVERBIAL_WORDS = 6
_FUNCTION_WORDS = FUNCTION_WORDS | DETERMINERS | {"not"}
_DANGLING = DETERMINERS | {"of", "and", "or", "but", "with", "by"}  # not "to", "in": "than he needed to"
# A speaker is a name, an office or an institution: not a lone determiner, pronoun or quantifier,
# and not a dateline ("WASHINGTON").
_NOT_SPEAKERS = DETERMINERS | {"another", "several", "many", "few", "both", "each", "other", "others", "such",
                                "there", "here", "it", "what", "which", "who",
                                # a sentence's opening preposition or conjunction ("For months, Trump ...")
                                "for", "by", "from", "about", "and", "or", "but", "so", "yet"} | ADVERBIAL_STARTERS


_WORD_OR_NUMBER_RE = re.compile(r"[^\W\d_][\w’'\-]*|\d[\d,.]*")


def is_fragment(text: str, *, complement: bool) -> bool:
    """A reported span that is no claim: only function words ("the"), cut off after one ("to cancel
    the"), or too short for a clause ("the stakes")."""
    words = _WORD_OR_NUMBER_RE.findall(text.lower())
    content = sum(word not in _FUNCTION_WORDS for word in words)
    if not content or words[-1] in _DANGLING:
        return True
    if (not complement and words[0] in ADVERBIAL_STARTERS and len(words) <= MAX_ADVERBIAL_WORDS and "," not in text
            and not any(word in AUXILIARIES for word in words)):
        return True  # "after the attack", "As she tried to speak": an adverbial, not a claim
    return not complement and len(words) < MIN_CLAUSE_WORDS and content < 2  # "Drop Out" is a claim


# A short quoted noun phrase with a number ("1.43 million cables", "$2 billion") reports a count, not a view.
MAX_QUANTITY_WORDS = 4
_NUMERAL_RE = re.compile(r"\d")


def is_quantity(text: str) -> bool:
    """A short quote that is a number and its noun ("1.43 million cables"): a figure, no claim or evaluation."""
    words = _WORD_OR_NUMBER_RE.findall(text.lower())
    return (0 < len(words) <= MAX_QUANTITY_WORDS and any(_NUMERAL_RE.match(w) for w in words)
            and not any(w in AUXILIARIES or w in PRONOUNS for w in words))


def can_speak(speaker: str) -> bool:
    """A speaker is a name, an office or an institution: not a lone determiner or pronoun, not a dateline."""
    words = speaker.split()
    if len(words) == 1 and (words[0].lower() in _NOT_SPEAKERS or (words[0].isupper() and len(words[0]) > 4
                                                                  and words[0].isalpha())):
        return False  # a short all-caps word is an acronym (NATO, GOP); a long one a dateline
    return True



def record(article: Article, start: int, end: int, mention: str | None, position: int, context: str, *, direct: bool,
           rule: str, verb: str | None = None, resolved: tuple[str | None, str, str] | None = None) -> None:
    """Add the statement ``[start, end)`` said by ``mention`` (at ``position``) to ``article.found``:
    stripped, dropped if it is a fragment (not for quotes), its speaker resolved (or ``resolved``
    taken as is), its party from the words around the speaker, its principal's, or, for a bare role,
    the institution quoted last."""
    start, end = strip_span(article.text, start, end)
    if end - start < 2:
        return
    if not direct and is_fragment(article.text[start:end], complement=rule in ("called", "called_unquoted")):
        return  # "the", "to cancel the": a fragment, not a claim (a quoted word may be one)
    if direct and is_quantity(article.text[start:end]):
        return  # a quoted figure ("1.43 million cables") is no statement
    if resolved is None:
        resolved = resolve(article, mention, position, context)
    speaker, kind, extra = resolved
    if speaker and not can_speak(speaker):
        speaker, kind, extra = None, "none", ""  # "The", "This", a dateline: no one said it
    pronoun = (mention or "").strip().lower()
    if kind == "person" and pronoun in {"he", "she"} and speaker in article.registry.people:
        person = article.registry.people[speaker]
        person.gender = person.gender or PRONOUNS[pronoun]  # "she told ..." tells a later "he" it is not her
    if kind == "person" and extra and party_from_words(extra) and speaker in article.registry.people:
        article.registry.people[speaker].described.append(extra)  # "the Arizona Republican" said ...
    full_context = " ".join(x for x in (mention or "", context, extra) if x)
    if kind == "person":
        person_ctx = party_context(article, speaker, kind)
        party = party_from_words(full_context) or party_from_words(person_ctx)
    else:
        party = party_from_words(full_context)
        if (kind == "role" and party is None and not extra
                and (mention or "").split()[-1].lower() not in GENERIC_GROUPS):
            # a bare "the spokesman": speaks for the institution last quoted
            for found in reversed(article.found):
                if found.speaker and found.speaker not in article.registry.people and found.party:
                    party = found.party
                    break
    principal = principal_of(article, speaker) if kind == "person" else None
    if party is None and principal:
        party = party_from_words(party_context(article, principal, "person"))
    if kind == "person" and speaker:
        article.subjects.append((position, speaker, "person"))
    elif kind == "org" and speaker:
        article.subjects.append((position, speaker, "org"))
    context = full_context + " " + party_context(article, speaker, kind)
    article.found.append(Found(start, end, speaker, mention, party, direct, rule, verb, context, position,
                               without_other_names(article, context, speaker), kind, principal))


def unclaimed_matches(
    article: Article, s_start: int, s_end: int, patterns: Sequence[re.Pattern],
    claimed: list[tuple[int, int]], out: list[tuple[int, int]],
) -> Iterator[tuple[re.Pattern, re.Match]]:
    """``(pattern, match)`` for each match of ``patterns`` (one pattern after the other) in the masked
    sentence ``[s_start, s_end)`` whose ``x`` group starts outside the spans of ``claimed`` and ``out``
    (read again at each match: the caller appends to ``out`` what it records)."""
    seg = article.masked[s_start:s_end]
    for pattern in patterns:
        for m in pattern.finditer(seg):
            a = s_start + m.start("x")
            if any(x <= a < y for x, y in claimed + out):
                continue
            yield pattern, m

"""Parties: from the words around a speaker (nationality, country, capital, organisation, US party
words) and from the user's ``parties=`` mapping.

Example:
    >>> party_from_words("a North Korean statement"), party_from_words("Sen. John Smith (D-N.Y.)")
    ('North Korea', 'Democrats')
    >>> user_party({"Pompeo": "United States"}, "Mike Pompeo")
    'United States'
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from .lexicon import COUNTRY_WORDS
from .scanning import POSSESSIVE_END_RE

# News outlets whose names hold a place word ("Washington Post"): not a party clue.
MEDIA_RE = re.compile(
    r"\b(?:Washington|New\s+York|Los\s+Angeles|Chicago|Boston|Wall\s+Street|Financial|Weekly|Daily|Sunday)\s+"
    r"(?:Post|Times|Examiner|Journal|Globe|Tribune|Standard|Beacon|Free\s+Beacon|Caller|Wire|News|Herald|Telegraph)\b"
    r"|\bFox\s+News(?:\s+Sunday)?\b"
)
_COUNTRY_RE = re.compile(
    r"(?<![\w.])(?:" + "|".join(re.escape(w) for w in sorted(COUNTRY_WORDS, key=len, reverse=True))
    + r")(?![\w-])(?:['’]s)?"
)
DEM_RE = re.compile(r"\bD-[A-Z]|\bDemocrat(?:s|ic)?\b|\bDems?\b")
REP_RE = re.compile(r"\bR-[A-Z]|\bRepublicans?\b|\bGOP\b|\bG\.O\.P\.")


def party_from_words(context: str) -> str | None:
    """Party from nationality, country, capital, organisation and US party words in ``context``."""
    if not context:
        return None
    context = MEDIA_RE.sub(" ", context)
    dem = DEM_RE.search(context)
    rep = REP_RE.search(context)
    if dem and not rep:
        return "Democrats"
    if rep and not dem:
        return "Republicans"
    if dem and rep:
        return "Democrats" if dem.start() < rep.start() else "Republicans"
    match = _COUNTRY_RE.search(context)
    if match:
        word = POSSESSIVE_END_RE.sub("", match.group(0))
        return COUNTRY_WORDS.get(word)
    return None


def user_party(parties: Mapping[str, str], *names: str | None) -> str | None:
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

"""Sides: which side each speaker of an article is on, from what the text says or from the analyst's map.

Without a mapping a speaker's side comes from the words the text puts next to them, with a confidence:
a party label (``D-Ill.``, ``Democrat of Illinois``, ``Republican Sen.``) 0.9; a country, capital or
organisation (``US Secretary of State``, ``North Korean official``, ``White House``) 0.8; the side of whom
they speak for (``a spokesman for X``, ``X's adviser``) 0.8; a US executive office (``the attorney
general``, ``the national security adviser``, ``administration officials``) 0.7; a head of state or
government with no country next to them (``President X``) 0.6 for the United States in a story of the
White House or the administration, else 0.4, the country the article names most.
Speakers whose words give the same side are one camp: the president, his adviser and administration
officials all come out ``United States`` unless the text gives one of them another side. A state's
office (``Texas Gov.``, ``New York Attorney General``) is that state's side, 0.8. A named speaker the text
ties to nothing is a side of their own, 0.2, so that their words are still paired; an unnamed one
(``officials``, ``critics``) stays without a side.

With ``parties=`` the analyst's names are the sides: a speaker the map names is on that side; a speaker it
does not name joins a side only when the text ties them to it (their title or employer holds a key, they
speak for someone mapped, or their office puts them in the same camp as mapped speakers, and that camp
maps to one side only); anyone else stays unattributed and is listed. No side appears that the analyst did
not name, unless ``extra_sides=True``.

Example:
    >>> side_from_words("Sen. Dick Durbin, Democrat of Illinois")
    ('Democrats', 0.9)
    >>> side_from_words("the attorney general")
    ('United States', 0.7)
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from .article import Found
from .lexicon import COUNTRY_WORDS, US_STATES
from .parties import DEM_RE, MEDIA_RE, REP_RE, party_from_words, user_party

__all__ = ["SideTable", "assign_sides", "side_from_words", "write_parties"]

# Offices of the US executive: a speaker holding one is "United States" when no country is named.
_US_OFFICE_RE = re.compile(
    r"\b(?:attorneys?\s+general|national\s+security\s+advis[eo]rs?|press\s+secretary|white\s+house|"
    r"administration|secretary\s+of\s+(?:state|defen[cs]e|the\s+treasury|homeland\s+security|energy|labor)|"
    r"(?:defen[cs]e|treasury|homeland\s+security|energy|commerce)\s+secretary|state\s+department|pentagon|"
    r"justice\s+department|department\s+of\s+(?:justice|state|defen[cs]e)|vice\s+president|fbi|cia|"
    r"joint\s+chiefs|surgeon\s+general|first\s+lady|oval\s+office)\b",
    re.IGNORECASE,
)
_HEAD_OF_STATE_RE = re.compile(r"\b(?:president|prime\s+minister|premier|foreign\s+minister|chancellor)\b",
                               re.IGNORECASE)
_CANDIDATE_RE = re.compile(r"\b(?:candidate|nominee|campaign|hopeful|presidential|senator|sen\.|rep\.|"
                           r"congress(?:man|woman)|lawmakers?|leader|speaker)\b", re.IGNORECASE)
# A state's own office ("Texas Gov.", "New York Attorney General Letitia James", "the governor of Texas"):
# the state's side, not the federal executive's.
_STATES = "|".join(sorted(US_STATES, key=len, reverse=True))
_STATE_OFFICE_RE = re.compile(
    r"\b(" + _STATES + r")(?:['’]s?)?\s+(?:state\s+)?(?:Gov\.|Governor|"
    r"Lt\.\s+Gov\.|Lieutenant\s+Governor|Attorney\s+General|AG|Secretary\s+of\s+State|Comptroller|Treasurer|"
    r"state\s+(?:Sen\.|Senator|Rep\.|Representative|officials?|health\s+department))"
    r"|\b(?:governor|attorney\s+general)\s+of\s+(" + _STATES + r")\b",
    re.IGNORECASE,
)
# Who comments on a story rather than takes part in it: no side of their own.
_ONLOOKER_RE = re.compile(r"\b(?:historian|professor|scholar|researcher|economist|pollster|"
                          r"university|college)s?\b", re.IGNORECASE)
# Confidence of each kind of evidence (see the module docstring).
CONFIDENCE = {"party": 0.9, "name": 0.9, "place": 0.8, "principal": 0.8, "office": 0.7, "executive": 0.6,
              "country": 0.4, "camp": 0.3, "self": 0.2}
# A story about the US executive: there, "President X" with no other country is the US president.
_US_EXECUTIVE_RE = re.compile(r"\b(?:White House|Oval Office|(?:Obama|Trump|Biden|Bush|Clinton) administration)\b")
# A camp joins a mapped side only on evidence at least this strong.
TIE_CONFIDENCE = 0.5


def side_from_words(words: str, *, article: str = "") -> tuple[str | None, float]:
    """A side and its confidence from what the text says about a speaker (``(None, 0.0)`` when nothing)."""
    if not words:
        return None, 0.0
    has_party = bool(DEM_RE.search(words) or REP_RE.search(words))
    state = _STATE_OFFICE_RE.search(words)
    if state and not has_party:
        name = state.group(1) or state.group(2)
        return next(s for s in US_STATES if s.lower() == name.lower()), CONFIDENCE["place"]
    us_office = _US_OFFICE_RE.search(words)
    side = party_from_words(words)
    if us_office and not _CANDIDATE_RE.search(words) and side in (None, "Democrats", "Republicans", "United States"):
        # the executive speaks for the country even when the text gives the president's party
        return "United States", CONFIDENCE["office"] if side is None else CONFIDENCE["place"]
    if side is not None:
        return side, CONFIDENCE["party"] if has_party else CONFIDENCE["place"]
    if article and re.search(r"\bpresident\b", words, re.IGNORECASE) and _US_EXECUTIVE_RE.search(article):
        return "United States", CONFIDENCE["executive"]  # a president in a story of the White House
    if article and _HEAD_OF_STATE_RE.search(words):
        counts = Counter(COUNTRY_WORDS[m.group(0)] for m in _COUNTRY_WORD_RE.finditer(article))
        if counts:
            country, _ = counts.most_common(1)[0]
            return country, CONFIDENCE["country"]
    return None, 0.0


_COUNTRY_WORD_RE = re.compile(
    r"(?<![\w.])(?:" + "|".join(re.escape(w) for w in sorted(COUNTRY_WORDS, key=len, reverse=True)
                                if w[0].isupper() and w not in ("US", "UN", "EU", "UK")) + r")(?![\w-])"
)


@dataclass
class SideTable:
    """The speaker -> side table of one extraction: the side used, its confidence and where it came from."""

    rows: dict[str, tuple[str | None, float, str | None]]  # speaker -> (side, confidence, from)

    def mapping(self) -> dict[str, str | None]:
        """Speaker -> side (``None`` for the unattributed): what `write_parties` writes."""
        return {speaker: side for speaker, (side, _, _) in self.rows.items()}


def _text_sides(found: Sequence[Found], article: str) -> dict[str, tuple[str | None, float]]:
    """Each speaker's side from the text, camps grouped through whom they speak for."""
    words: dict[str, list[str]] = {}
    principals: dict[str, str] = {}
    given: dict[str, str] = {}
    for f in found:
        if f.speaker is None:
            continue
        words.setdefault(f.speaker, [])
        if f.context and f.context not in words[f.speaker]:
            words[f.speaker].append(f.context)
        if f.principal and f.speaker not in principals:
            principals[f.speaker] = f.principal
        if f.party and f.speaker not in given:
            given[f.speaker] = f.party
    out: dict[str, tuple[str | None, float]] = {}
    for speaker, contexts in words.items():
        if speaker in given:  # the rules' own reading of the words next to the speaker
            out[speaker] = (given[speaker], CONFIDENCE["place"])
            continue
        side, confidence = side_from_words(" ".join([*contexts, speaker]), article=article)
        out[speaker] = (side, confidence)
    # whom they speak for: "a spokesman for Mr. Reid" is on Reid's side
    for speaker, principal in principals.items():
        side, confidence = out.get(speaker, (None, 0.0))
        if confidence >= CONFIDENCE["principal"]:
            continue
        holder = next((s for s in out if principal.lower() in s.lower() or s.lower() in principal.lower()), None)
        p_side, p_conf = out.get(holder, (None, 0.0)) if holder and holder != speaker else side_from_words(principal)
        if p_side is not None:
            out[speaker] = (p_side, min(CONFIDENCE["principal"], max(p_conf, CONFIDENCE["office"])))
    # whom they speak for, when the text gives that person no side: one camp named after them
    # ("a spokesman for Mr. Reid" and Reid himself are "Harry Reid"'s camp, 0.3)
    for speaker, principal in principals.items():
        if out.get(speaker, (None, 0.0))[0] is not None:
            continue
        holder = next((s for s in out if s != speaker and _same_name(principal, s)), None)
        if holder is not None and out[holder][0] is not None:
            continue
        camp = holder or re.sub(r"^(?:the|Mr\.?|Mrs\.?|Ms\.?)\s+|['’]s?$", "", principal.strip(), flags=re.IGNORECASE)
        if not any(word[:1].isupper() for word in camp.split()):  # "her", "the country's leader": no one named
            continue
        out[speaker] = (camp, CONFIDENCE["camp"])
        if holder is not None:
            out[holder] = (camp, CONFIDENCE["camp"])
    # a named speaker the text ties to no one is a side of their own, so that their words are paired;
    # an unnamed "officials" / "Other lawmakers" and an onlooker (a historian, a newspaper) stay without one
    kinds = {f.speaker: f.kind for f in found if f.speaker is not None}
    for speaker, (side, _) in out.items():
        if speaker in principals:
            continue  # whom they speak for names their camp
        tokens = speaker.split()
        # a capital that opens the phrase may only open the sentence ("Other lawmakers"): it names someone
        # when the phrase is one word, an acronym ("LGBT activists") or a possessive ("James's office")
        first = tokens[0] if tokens else ""
        named = any(t[:1].isupper() for t in tokens[1:]) or first[:1].isupper() and (
            len(tokens) == 1 and kinds.get(speaker) in ("person", "org") or (first.isupper() and len(first) > 1)
            or first.endswith(("'s", "’s")))
        onlooker = MEDIA_RE.search(speaker) or _ONLOOKER_RE.search(" ".join([*words.get(speaker, []), speaker]))
        if side is None and named and not onlooker:
            out[speaker] = (speaker, CONFIDENCE["self"])
    return out



def _same_name(principal: str, speaker: str) -> bool:
    """``Mr. Reid`` / ``Reid's`` and ``Harry Reid``: the principal's last word is the speaker's last word."""
    p = re.findall(r"[A-Za-z][\w-]*", principal)
    q = re.findall(r"[A-Za-z][\w-]*", speaker)
    return bool(p and q) and p[-1].lower() == q[-1].lower()


def assign_sides(
    found: Sequence[Found],
    article: str,
    parties: Mapping[str, str | None] | None = None,
    *,
    strict: bool = False,
    extra_sides: bool = False,
) -> SideTable:
    """The side of each speaker in ``found``: from the text, or within the analyst's ``parties``.

    ``strict`` takes sides from the map's names, titles and principals only (no camp ties); ``extra_sides``
    lets a speaker the map cannot place keep the side the text gives (a side the analyst did not name).
    """
    text = _text_sides(found, article)
    rows: dict[str, tuple[str | None, float, str | None]] = {}
    if not parties:
        for speaker, (side, confidence) in text.items():
            rows[speaker] = (side, confidence, "text" if side else None)
        return SideTable(rows)
    named = {k: v for k, v in parties.items() if v}
    refused = {k.lower() for k, v in parties.items() if not v}  # the analyst said: no side
    analyst = {v.lower(): v for v in named.values()}
    info: dict[str, Found] = {}
    for f in found:
        if f.speaker is not None:
            info.setdefault(f.speaker, f)
    for speaker, f in info.items():
        if speaker.lower() in refused:
            rows[speaker] = (None, 1.0, "mapping")
            continue
        side = user_party(named, speaker, f.mention) if named else None
        if side is not None:
            rows[speaker] = (side, 1.0, "mapping")
            continue
        side = user_party(named, f.title_context) if named and f.title_context else None
        if side is None and f.principal and named:
            side = user_party(named, f.principal)
        if side is not None:
            rows[speaker] = (side, CONFIDENCE["principal"], "tie")
            continue
        rows[speaker] = (None, 0.0, None)
    if not strict:
        # a camp the text gives (office, country, party label) that the analyst's map places on one side
        camps: dict[str, set[str]] = {}
        for speaker, (side, _, _) in rows.items():
            t_side, t_conf = text.get(speaker, (None, 0.0))
            if side is not None and t_side is not None and t_conf >= TIE_CONFIDENCE:
                camps.setdefault(t_side, set()).add(side)
        for speaker, (side, _, origin) in list(rows.items()):
            if side is not None or origin == "mapping":
                continue
            t_side, t_conf = text.get(speaker, (None, 0.0))
            if t_side is None or t_conf < TIE_CONFIDENCE:
                continue
            if t_side.lower() in analyst:
                rows[speaker] = (analyst[t_side.lower()], t_conf, "tie")
            elif len(camps.get(t_side, ())) == 1:
                rows[speaker] = (next(iter(camps[t_side])), t_conf, "tie")
            elif (keyed := user_party(named, t_side)) is not None:
                rows[speaker] = (keyed, t_conf, "tie")
    if extra_sides:
        for speaker, (side, _, _) in list(rows.items()):
            t_side, t_conf = text.get(speaker, (None, 0.0))
            if side is None and t_side is not None:
                rows[speaker] = (t_side, t_conf, "text")
    return SideTable(rows)


def write_parties(table: SideTable | Mapping[str, str | None], path: str | Path) -> Path:
    """Write a speaker -> side table as a parties map (JSON) to edit and pass back with ``parties=``.

    Unattributed speakers are written with ``null``: give them a side, or leave ``null`` to keep them out.
    """
    from ..files import atomic_path

    mapping = table.mapping() if isinstance(table, SideTable) else dict(table)
    path = Path(path)
    with atomic_path(path) as temporary:  # the old map stays whole if writing fails
        temporary.write_text(json.dumps(mapping, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path

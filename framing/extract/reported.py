"""Reported (indirect) speech in one sentence: "X said (that) ...", "..., X said.", "X vowed to
...", "..., according to X." and headlines such as "Reid: ..." or "Fox to Trump: ...".
"""

from __future__ import annotations

import re

from .article import Article
from .called import CALL_RE, called_unquoted
from .lexicon import (
    CLAUSE_STARTERS,
    DETERMINERS,
    LEADING_SKIP,
    NEED_THAT,
    OBJECT_VERBS,
    VERBS,
)
from .mentions import (
    participle_subject,
    sentence_subject,
    subject_before,
    verb_clause_start,
)
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
    r"|,\s+(?:but|and)\s+(?:also\s+|later\s+)?(?:"
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


def reported_speech(article: Article, s_start: int, s_end: int, quotes: list[Quote], headline: bool) -> list[tuple[int, int]]:
    """Indirect speech in one sentence; returns the spans it claimed (quotes inside them are absorbed)."""
    text = article.text
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
        if (hm and hm.group(1).split()[0].lower() not in LEADING_SKIP
                and not any(w.lower() in VERBS for w in re.findall(r"[A-Za-z]+", hm.group(2)))
                and not CALL_RE.search(hm.group(2))):
            a = s_start + hm.start(2)
            record(article, a, body_end, hm.group(1).strip(), s_start + hm.start(1), "", direct=False, rule="headline")
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
        record(article, a0, a1, mention, s_start + acc.start(1), "", direct=False, rule="according_to")
        claimed.append((a0, a1))
        return claimed
    verbs = [v for v in reporting_verbs(article, s_start, s_end) if not inside_quote(v[0])]
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

        if tail_is_short and kind != "inf" and not is_participle(article, v_start, v_end):
            mention, pos, ctx = subject_before(article, s_start, v_start)
            comma = text[s_start:pos].rstrip().endswith(",") if mention else False
            if mention and not comma and text[s_start:pos].rstrip().endswith((",”", ',"')):
                # 'Biden told Netanyahu that he expects “...,” the White House said.': a report of a
                # report (a plain '"...," she said' is left to the quote rules)
                comma = any(v[0] < v_start and v[3] in {"say", "tell"} for v in verbs)
            if mention and comma and pos - s_start > 12:
                a0 = verb_clause_start(article, s_start, pos)  # after a ';' or dash: "...; most would ..., analysts say"
                a1 = s_start + text[s_start:pos].rstrip().rfind(",")
                clause = text[a0:a1].strip()
                starts_quoted = clause[:1] in ALL_QUOTES
                whole_quote = starts_quoted and any(
                    abs(q.outer_start - a0) <= 1 and q.outer_end >= a1 - 1 for q in quotes)
                if whole_quote:
                    continue  # a direct quote: left to the quote rules
                if any(q.outer_start <= a0 + 1 and q.outer_end >= a1 - 1 for q in quotes):
                    continue
                lead = re.match(r"\s*(?:And|But|So|Still|Yet)\s+", text[a0:a1])
                if lead:
                    a0 += lead.end()
                record(article, a0, a1, mention, pos, ctx, direct=False, rule="trailing", verb=lemma)
                claimed.append((a0, a1))
                continue
            if not tail.strip(" .!?\"”’"):
                continue
        # forward: "X said (on Sunday) (that) <clause>"
        clause_start = None
        mtail = article.masked[v_end:s_end]
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
            elif lemma in NEED_THAT:
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
                    if word.lower() not in CLAUSE_STARTERS and not is_cap(word) and not re.match(
                            # up to four words, numbers included ("more than 3,400 rockets have")
                            r"\s*(?:[a-z0-9][\w’',\-]*\s+){1,4}(?:had|has|have|was|were|is|are|will|would|could|"
                            r"should|must|can|may|might|did|do|does)\b", rest):
                        continue  # 'authorities had identified ...' is a clause; 'denied a request' is not
                    if rest.lstrip()[:1] in ",:":
                        continue  # 'said, "..."' is a direct quote
                    if lemma in OBJECT_VERBS and word.lower() in DETERMINERS:
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
        if clause[:1] in ALL_QUOTES and any(
            q.outer_start <= clause_start + 1 and q.outer_end >= clause_end - 1 for q in quotes
        ):
            continue
        if any(a <= clause_start < b for a, b in claimed):
            continue
        # the speaker
        if v_start > s_start and re.search(r"(?:,|\band|\bbut)\s*$", text[s_start:v_start]) and lemma in VERBS.get(
            text[v_start:v_end].lower(), ("", ""))[:1] and is_participle(article, v_start, v_end):
            mention, pos, ctx = participle_subject(article, s_start, v_start)
        elif is_participle(article, v_start, v_end) or re.search(r"\b(?:going|went|goes)\s+on\s+to\s+$",
                                                     text[s_start:v_start]):
            # "..., going on to suggest Romney had ...": the subject of the verb before
            mention, pos, ctx = participle_subject(article, s_start, v_start)
        else:
            mention, pos, ctx = subject_before(article, verb_clause_start(article, s_start, v_start), v_start)
            if mention is None and re.search(r"(?:\b(?:and|but)\s+(?:\w+\s+){0,2}|,\s*)$", text[s_start:v_start]):
                mention, pos, ctx = sentence_subject(article, s_start, v_start)
            if mention is None:
                continue
        n_found = len(article.found)
        record(article, clause_start, clause_end, mention, pos, ctx, direct=False, rule="indirect", verb=lemma)
        claimed.append((clause_start, clause_end))
        if colon_quote is not None and len(article.found) > n_found:
            # 'said that Obama could help: "I'm sure he has great influence ..."': the same speaker's quote
            f = article.found[-1]
            record(article, colon_quote.start, colon_quote.end, f.mention, f.anchor, ctx, direct=True,
                      rule="quote_before", verb=lemma, resolved=(f.speaker, f.kind, ""))
            claimed.append((colon_quote.start, colon_quote.end))
    claimed += called_unquoted(article, s_start, body_end, claimed)
    claimed += nominal_reports(article, s_start, body_end, claimed)
    return claimed

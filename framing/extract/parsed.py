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
appositives, ``a spokesman for X``, party labels) is kept for `side_assignment`. The reader's state and who a
subject token is live in `parse_speakers`; this module reads the statements.

Example:
    >>> from .pipeline import parse_texts  # doctest: +SKIP
    >>> text = "Sanctions will stay, Secretary of State Mike Pompeo said."
    >>> [(f.speaker, text[f.start:f.end]) for f in read_parsed(text, parse_texts([text]))]  # doctest: +SKIP
    [('Mike Pompeo', 'Sanctions will stay')]
"""

from __future__ import annotations

import re
from typing import Any

from .article import Found
from .direct import names_a_programme
from .lexicon import NEED_THAT, OBJECT_VERBS
from .parse_speakers import (
    ENTITY_SPEAKERS,
    GENERIC_SPEAKERS,
    Reader,
    called_of,
    clean_name,
    complement_of,
    description_of,
    entity_of,
    gender_of,
    phrase_of,
    resolve_subject,
    span_of,
    speech_verb,
    subject_of,
)
from .recording import is_fragment
from .scanning import Quote, find_quotes, paragraph_spans, strip_span

_TRIM_WORDS = {"that", "whether", "if"}
_HEADLINE_COLON_RE = re.compile(r"^([^:\n“”\"]{2,60}?):\s+(\S.*)$")


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
        previous_start = spans[number - 1][0] if number else p_start
        previous_quote_speaker = _read_paragraph(reader, doc, p_start, quotes, number == 0, previous_quote_speaker,
                                                 previous_start)
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
            description, principal = description_of(root)
            reader.add_person(ent.text, description, gender_of(root), principal)


def _read_paragraph(reader: Reader, doc: Any, offset: int, quotes: list[Quote], headline: bool,
                    carried: tuple | None, previous_start: int) -> tuple | None:
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
        subj = subject_of(root) if root.pos_ in ("VERB", "AUX") else None
        for tok in sent:
            if _inside(quotes, offset + tok.idx):
                continue  # a verb inside a quote is the quoted speaker's, not an attribution
            got = speech_verb(tok)
            if tok.lower_ == "according" and tok.nbor(1).lower_ == "to" if tok.i + 1 < len(doc) else False:
                _according(reader, doc, sent, tok, offset, quotes, claimed)
                continue
            if got is None:
                call = called_of(tok) if tok.tag_.startswith("VB") else None
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
            if any(a <= quote.start and quote.end <= b for a, b in claimed) or names_a_programme(
                    text, quote, s_start):
                used_quotes.add(q_idx)
                continue
            got = _attribute_quote(reader, doc, sent, quote, offset)
            rule = "quote"
            whole = _whole_sentence(text, quote, s_start, s_end)
            if got is None and not whole and _quoted_words(text, quote) and not any(
                    s_start <= a < s_end or s_start < b <= s_end for a, b in claimed):
                got = _sentence_subject(reader, subj, quote.outer_start - offset)
                rule = "quote_subject"
            if got is None and reader.last_quote is not None and len(text[quote.start : quote.end].split()) >= 3:
                got = reader.last_quote
                rule = "continuation"
            elif got is None:
                if len(text[quote.start : quote.end].split()) < 6 or not whole:
                    continue
                got = _last_speaker(reader, quote.start, previous_start)
                rule = "quote_unattributed" if got is None else "continuation"
                got = got or (None, "none", "", None)
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
            if kind == "person":  # each person of a coordinated subject is as likely a "he" / "she" after
                for other in _coordinated_people(reader, subj):
                    reader.note(other, "person")
        for ent in sent.ents:  # every person named outside quotes, for he / she
            if ent.label_ == "PERSON" and not _inside(quotes, offset + ent.start_char) and len(ent.text) >= 3:
                reader.mentions.append((reader.sentence_no, reader.person(ent.text)))
    # a paragraph with a quote hands its speaker on to an unattributed quote opening the next one
    if any(f.direct for f in reader.found[n_before:]) or (quotes and not quotes[-1].closed):
        return reader.last_quote
    return None


def _peek_subject(reader: Reader, tok: Any) -> tuple[str | None, str, str, str | None]:
    ent = entity_of(tok)
    if ent is not None and ent.label_ == "PERSON":
        return reader.person(ent.text), "person", "", None
    known = reader.known_person(tok)
    if known is not None:
        return known, "person", "", None
    if ent is not None and ent.label_ in ("ORG", "GPE", "NORP"):
        return clean_name(ent.text), "org", "", None
    return None, "none", "", None


def _coordinated_people(reader: Reader, subj: Any) -> list[str]:
    """The other people a coordinated subject names (``Kono and Kang Kyung Wha received``)."""
    first, _ = phrase_of(subj)
    toks = list(subj.doc[first : subj.i + 1]) + [t for c in subj.children if c.dep_ in ("cc", "conj")
                                               for t in c.subtree]
    if not any(t.dep_ == "cc" and t.lower_ in ("and", "or") for t in toks):
        return []
    own = entity_of(subj)
    ents = {entity_of(t) for t in toks if t.ent_type_ == "PERSON"} - {own, None}
    return [reader.person(e.text) for e in sorted(ents, key=lambda e: e.start) if len(e.text) >= 3]


def _quoted_words(text: str, quote: Quote) -> bool:
    """Four words or more, not a title in capitals (``"Face the Nation"``): words someone may have said."""
    words = text[quote.start : quote.end].split()
    return len(words) >= 4 and not all(w[:1].isupper() or w.lower() in ("the", "of", "and", "a", "to", "in")
                                       for w in words)


def _sentence_subject(reader: Reader, subj: Any, quote_at: int) -> tuple | None:
    """``Clinton called the massacre an "act of terror"``: a quote inside a sentence that no reporting verb
    claims is the words of the sentence's subject, when that is a person or a named organisation before it."""
    if subj is None or subj.i >= len(subj.doc) or subj.idx >= quote_at:
        return None
    if subj.pos_ == "PRON" and subj.lower_ not in ("he", "she"):
        return None
    speaker, kind, description, principal = resolve_subject(reader, subj)
    if speaker is None or kind not in ("person", "org") or (kind == "org" and subj.ent_type_ not in ENTITY_SPEAKERS):
        return None
    return speaker, kind, description, principal


def _last_speaker(reader: Reader, before: int, since: int) -> tuple | None:
    """The speaker of the last statement before ``before`` (from ``since`` on: this paragraph or the one before),
    whom a whole-sentence quote with no attribution goes on quoting."""
    earlier = [f for f in reader.found if since <= f.start < before and f.speaker is not None]
    if not earlier:
        return None
    last = max(earlier, key=lambda f: f.start)
    if last.kind not in ("person", "org", "group"):
        return None
    return last.speaker, last.kind, last.context, last.principal


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
    start, end = span_of(doc, first, last)
    # a clause before the verb ("..., X said"): stop at the subject's comma
    start, end = strip_span(reader.text, offset + start, offset + end, trailing=" ,;:—–-\"“”'’")
    while start < end and reader.text[start] in "\"“”'‘’":
        start += 1
    return (start, end) if end > start else None


def _verb_statement(reader: Reader, doc: Any, sent: Any, verb: Any, lemma: str, kind: str, offset: int,
                    quotes: list[Quote], used_quotes: set[int], claimed: list[tuple[int, int]]) -> None:
    subject = subject_of(verb)
    if kind == "inv" and subject is None:
        return
    head = complement_of(verb, kind)
    if head is not None and lemma in NEED_THAT | OBJECT_VERBS:
        marks = [c for c in head.children if c.dep_ == "mark" and c.lower_ == "that"]
        if lemma in NEED_THAT and not marks:
            head = None
    if head is None and kind == "tell":
        head = complement_of(verb, "say")
    span = _content(reader, doc, head, verb, offset) if head is not None else None
    if span is None:
        span = _before_attribution(reader, doc, sent, verb, subject, offset)
        rule = "clause_before"  # whatever precedes ", X said": not parsed as the verb's complement
    else:
        rule = "reported" if head.i > verb.i else "trailing"
    if span is None or (span[1] <= verb.idx + offset and reader.text[span[1] : verb.idx + offset].lstrip()[:1] == ":"):
        return  # "What they're saying: ..., X said": the words before a colon are a label
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
    if speaker is not None and speaker.lower() in GENERIC_SPEAKERS | {"polls", "poll"} and lemma != "say":
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
    if k < sent.start or doc[k].text not in (",", "—", "–", "--"):  # a colon opens what follows: a label
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
    start, end = span_of(doc, first, k - 1)
    start, end = strip_span(reader.text, offset + start, offset + end, trailing=" ,;:—–-\"“”'’")
    while start < end and reader.text[start] in "\"“”'‘’":
        start += 1
    return (start, end) if end > start else None


def _attribute_quote(reader: Reader, doc: Any, sent: Any, quote: Quote, offset: int) -> tuple | None:
    """The speaker of a quote from a reporting verb right after its closing mark or right before its opening."""
    q_start, q_end = quote.outer_start - offset, quote.outer_end - offset
    after = [t for t in sent if t.idx >= q_end][:10]
    closing = reader.text[max(quote.start, quote.end - 2) : quote.outer_end]
    if not after and sent.end < len(doc) and any(c in "?!," for c in closing):
        # '"... ?" an emotional Mr. Obama said': the parser ends the sentence at the question mark
        nxt = doc[sent.end]
        if nxt.text[:1].islower():
            after = [t for t in doc[sent.end :] if t.idx >= q_end][:10]
    opening = next((t for t in doc if t.idx >= q_start), None)
    opening_sent = opening.sent if opening is not None else sent
    before = [t for t in opening_sent if t.idx + len(t.text) <= q_start][-12:]
    for tok in after:
        if tok.is_punct and tok.text in ".;" or tok.text in ("“", '"') and tok.idx > q_end + 1:
            break
        got = speech_verb(tok) or (("call", "say") if tok.lower_ in ("wrote", "writes", "tweeted") else None)
        if got:
            subject = subject_of(tok)
            if subject is not None:
                return (*resolve_subject(reader, subject), got[0])
    for tok in reversed(before):
        got = speech_verb(tok)
        if got:
            subject = subject_of(tok)
            if subject is not None:
                return (*resolve_subject(reader, subject), got[0])
            break
    return None


def _call_statement(reader: Reader, doc: Any, verb: Any, head: Any, offset: int, quotes: list[Quote],
                    used_quotes: set[int], claimed: list[tuple[int, int]]) -> None:
    """``what it called "rapacious" demands``: the quoted words (or the unquoted complement of a speech verb)."""
    first, last = head.left_edge.i, head.right_edge.i
    a, b = span_of(doc, first, last)
    a, b = offset + a, offset + b
    inside = [k for k, q in enumerate(quotes) if a <= q.outer_start and q.outer_end <= b + 1 and k not in used_quotes]
    if not inside:
        return
    subject = subject_of(verb)
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
    if obj.lower_ in GENERIC_SPEAKERS or obj.lower_ in {"polls", "data", "figures", "estimates", "records"}:
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
    start, end = span_of(doc, first, last)
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
    ents = [e for e in doc.ents if e.end_char <= len(who) and e.label_ in ENTITY_SPEAKERS]
    if ents:
        speaker = reader.person(ents[0].text) if ents[0].label_ == "PERSON" else clean_name(ents[0].text)
        kind = "person" if ents[0].label_ == "PERSON" else "org"
    else:
        speaker, kind = clean_name(who), "role"
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

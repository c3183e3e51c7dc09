"""The public entry points: `extract_statements` (checks its arguments, reads the article, turns
what the rules found into statements (`framing.Statement`) with offsets into the original text, parties from
the mapping, and one warning for the speakers left without a party) and `unmapped_speakers`."""

from __future__ import annotations

import bisect
import logging
import warnings
from collections.abc import Mapping, Sequence
from pathlib import Path

from ..checks import normalise_party
from ..statements import Statement
from .article import Found
from .hybrid import combine
from .parties import user_party
from .reading import read_article
from .scanning import find_quotes, paragraph_spans, sentences_in, unescape_with_map
from .side_assignment import assign_sides, write_parties

logger = logging.getLogger("framing.extract")

__all__ = ["DEFAULT_METHOD", "METHODS", "UNMAPPED_LISTED", "check_method", "extract_articles", "extract_statements",
           "sides", "unmapped_speakers"]


def extract_statements(
    text: str,
    *,
    parties: Mapping[str, str | None] | None = None,
    source: str | None = None,
    strict: bool = False,
    method: str | None = None,
    extra_sides: bool = False,
) -> list[Statement]:
    """Find who said what in a news article: statements with speaker, party and offsets.

    Args:
        text: The article (headline and body; paragraphs on separate lines). HTML entities
            are allowed; offsets always point into this exact string.
        parties: Optional mapping from a speaker or organisation to a party, e.g.
            ``{"Pompeo": "United States", "Kim Yong Chol": "North Korea"}``. Keys match
            case-insensitively and partially ("Pompeo" matches "Mike Pompeo", "state
            department" matches "A state department spokesperson"); the mapping wins over
            what the text says. With a map its names are the sides: a speaker it does not name
            joins a side only when the text ties them to it (title, employer, "a spokesman for X",
            an office in the same camp as mapped speakers), else stays without a party. A key
            mapped to ``None`` keeps that speaker out.
        source: Optional name of the article, copied to ``Statement.source`` and used in ids.
        strict: With ``parties``, take parties from the mapping only: a speaker the mapping lacks
            gets ``party=None`` instead of a party guessed from the text ("McCain" ->
            "Republicans"), so no party pair appears that the mapping did not ask for.
        method: ``"hybrid"`` (the default: the rules' statements, the parser's speaker where the rules
            have none, and what only the parser finds when a reporting verb's complement gives it),
            ``"rules"`` (regular expressions, pure Python, about 13x faster) or ``"parser"`` (spaCy's
            dependency parse and entities). ``None`` is `DEFAULT_METHOD`.
        extra_sides: With ``parties``, let a speaker the map cannot place keep the side the text
            gives, a side the analyst did not name (the behaviour before sides were the analyst's).

    Returns:
        The statements in text order. Each has ``text == article[start:end]``, ``speaker``
        (a full name when the article gives one, the institution or role otherwise, ``None``
        when the text does not make it clear), ``party`` (``None`` when neither the mapping
        nor the text gives one), ``sentence``, ``direct`` (``True`` for a quote) and
        ``meta`` with the ``rule`` and reporting ``verb`` that found it and ``party_from``
        (``"mapping"``, ``"tie"``: the text ties an unmapped speaker to a mapped side, ``"text"`` or
        ``None``) with ``side_confidence``. An empty or
        whitespace-only text, or a text without statements, gives ``[]``.

    Raises:
        TypeError: if ``text`` is not a string or ``parties`` is not a mapping of strings.
        ValueError: if ``method`` is not ``"rules"``, ``"parser"``, ``"hybrid"`` or None.
        ImportError: for ``method="parser"`` or ``"hybrid"`` without spaCy and its English model, with the install
            command.

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
    _check_arguments(text, parties, strict, extra_sides)
    parties = _normalised(parties)
    method = check_method(method)
    if not text.strip():
        logger.debug("extract_statements: empty text, no statements")
        return []
    clean, index = unescape_with_map(text)
    found = _found_all([clean], method)[0]
    statements = _statements(text, clean, index, found, parties=parties, source=source, strict=strict,
                             extra_sides=extra_sides)
    _warn_unmapped(statements, stacklevel=3)
    logger.debug("extract_statements: %d statements from %d characters", len(statements), len(text))
    return statements


def extract_articles(
    texts: Sequence[str],
    *,
    parties: Mapping[str, str | None] | None = None,
    sources: Sequence[str | None] | None = None,
    strict: bool = False,
    method: str | None = None,
    extra_sides: bool = False,
) -> list[list[Statement]]:
    """`extract_statements` for many articles at once: the parser reads all their paragraphs in one
    ``nlp.pipe`` stream. One list of statements per text, in order; one warning for all.

    Example:
        >>> [len(s) for s in extract_articles(["Pompeo said that the talks went well.", ""], method="rules")]
        [1, 0]
    """
    if isinstance(texts, str) or not isinstance(texts, Sequence):
        raise TypeError(f"`texts` expected a list of articles (strings), got {type(texts).__name__} "
                        f"{repr(texts)[:60]}. For one article use extract_statements(text).")
    if sources is not None and len(sources) != len(texts):
        raise ValueError(f"`sources` expected one name per text ({len(texts)}), got {len(sources)}.")
    for text in texts:
        _check_arguments(text, parties, strict, extra_sides)
    parties = _normalised(parties)
    method = check_method(method)
    cleaned = [unescape_with_map(text) if text.strip() else ("", None) for text in texts]
    found_all = _found_all([clean for clean, _ in cleaned], method)
    out = []
    for k, (text, (clean, index), found) in enumerate(zip(texts, cleaned, found_all)):
        source = sources[k] if sources is not None else None
        out.append(_statements(text, clean, index, found, parties=parties, source=source, strict=strict,
                               extra_sides=extra_sides) if clean else [])
    _warn_unmapped([s for statements in out for s in statements], stacklevel=3)
    return out


# The extractor `extract_statements` uses when ``method`` is None.
DEFAULT_METHOD = "hybrid"
METHODS = ("rules", "parser", "hybrid")


def check_method(method: str | None) -> str:
    """``method`` checked: one of `METHODS` (None gives `DEFAULT_METHOD`)."""
    if method is None:
        return DEFAULT_METHOD
    if method not in METHODS:
        raise ValueError(f"`method` expected one of {', '.join(map(repr, METHODS))}, got {method!r:.40}. "
                         f"Leave it out for the default ({DEFAULT_METHOD!r}).")
    return method


def _found_all(cleaned: Sequence[str], method: str) -> list[list[Found]]:
    """What ``method`` finds in each (unescaped) text; an empty text gives nothing."""
    if method == "rules":
        return [read_article(text) if text else [] for text in cleaned]
    parsed = _parse_all(cleaned)
    if method == "parser":
        return parsed
    return [combine(text, read_article(text), found) if text else [] for text, found in zip(cleaned, parsed)]


def _parse_all(cleaned: Sequence[str]) -> list[list[Found]]:
    """The parser extractor on many texts: every paragraph of every text in one `nlp.pipe` stream."""
    from .parsed import paragraphs_of, read_parsed
    from .pipeline import parse_texts

    spans = [paragraphs_of(text) if text else [] for text in cleaned]
    docs = parse_texts([text[a:b] for text, pieces in zip(cleaned, spans) for a, b in pieces])
    out, k = [], 0
    for text, pieces in zip(cleaned, spans):
        out.append(read_parsed(text, docs[k : k + len(pieces)]) if pieces else [])
        k += len(pieces)
    return out


def _check_arguments(text: object, parties: object, strict: object, extra_sides: object) -> None:
    if not isinstance(text, str):
        raise TypeError(
            f"`text` expected a string (the article), got {type(text).__name__} {repr(text)[:60]}. "
            "Pass the article's text, e.g. open(path, encoding='utf-8').read()."
        )
    for name, flag in (("strict", strict), ("extra_sides", extra_sides)):
        if not isinstance(flag, bool):
            raise TypeError(f"`{name}` expected True or False, got {type(flag).__name__} {flag!r:.40}.")
    if parties is not None:
        if not isinstance(parties, Mapping):
            raise TypeError(
                f"`parties` expected a mapping of speaker or organisation -> party, got "
                f"{type(parties).__name__} {repr(parties)[:60]}. Pass e.g. {{'Pompeo': 'United States'}}."
            )
        bad = {k: v for k, v in parties.items() if not isinstance(k, str) or not isinstance(v, (str, type(None)))}
        if bad:
            raise TypeError(
                f"`parties` expected string keys and values (or None: no side), got {repr(bad)[:80]}. "
                "Map names to party names, e.g. {'Pompeo': 'United States'}."
            )


def _normalised(parties: Mapping[str, str | None] | None) -> dict[str, str | None] | None:
    """"Pompeo\u200b" matches "Pompeo": names as the text is scanned (zero-width characters dropped)."""
    if parties is None:
        return None
    return {normalise_party(k): None if v is None else normalise_party(v) for k, v in parties.items()}


def _statements(text: str, clean: str, index: list | None, found: list[Found], *,
                parties: Mapping[str, str | None] | None, source: str | None, strict: bool,
                extra_sides: bool) -> list[Statement]:
    """What the rules or the parser found, as statements with offsets into ``text`` and sides."""
    found = sorted(found, key=lambda f: (f.start, f.end))
    # drop exact duplicates and statements nested inside another one
    kept: list[Found] = []
    for f in found:
        if kept and f.start >= kept[-1].start and f.end <= kept[-1].end:
            continue
        kept.append(f)
    sentence_spans: list[tuple[int, int]] = []
    for p_start, p_end in paragraph_spans(clean):
        sentence_spans.extend(sentences_in(clean, p_start, p_end, find_quotes(clean, p_start, p_end)))

    starts = [a for a, _ in sentence_spans]
    ends = [b for _, b in sentence_spans]

    def span_of(a: int, b: int) -> tuple[int, int]:
        """Clean [a, b) -> original [start, end)."""
        if index is None:
            return a, b
        return index[a][0], index[b - 1][1]

    table = assign_sides(kept, clean, parties, strict=strict, extra_sides=extra_sides)
    analyst = {v for v in (parties or {}).values() if v}
    statements: list[Statement] = []
    for i, f in enumerate(kept):
        start, end = span_of(f.start, f.end)
        k = bisect.bisect_right(starts, f.start) - 1
        s_sent = sentence_spans[k] if k >= 0 and sentence_spans[k][1] > f.start else (f.start, f.end)
        k = bisect.bisect_left(ends, f.end)
        e_sent = sentence_spans[k] if k < len(sentence_spans) and sentence_spans[k][0] < f.end else s_sent
        sentence = text[span_of(s_sent[0], e_sent[1])[0] : span_of(s_sent[0], e_sent[1])[1]]
        if f.speaker is not None:
            party, confidence, party_from = table.rows[f.speaker]
        else:  # no speaker: the side the rules read next to the statement, if the analyst's map allows it
            party, confidence, party_from = f.party, 0.5, "text"
            if parties:
                named = {k: v for k, v in parties.items() if v}
                keyed = user_party(named, f.title_context) if f.title_context and named else None
                if keyed is not None:
                    party, party_from = keyed, "tie"
                elif not extra_sides and (strict or party not in analyst):
                    party = None
            if party is None:
                confidence, party_from = 0.0, None
        piece = text[start:end]
        meta: dict = {"rule": f.rule, "party_from": party_from, "side_confidence": round(float(confidence), 2)}
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
    return statements


def _warn_unmapped(statements: Sequence[Statement], *, stacklevel: int) -> None:
    missing = unmapped_speakers(statements)
    if missing:
        top = list(missing.items())[:UNMAPPED_LISTED]
        listing = ", ".join(f"{name!r} ({n})" for name, n in top)
        more = f" and {len(missing) - len(top)} more" if len(missing) > len(top) else ""
        warnings.warn(
            f"extract_statements: no party found for {sum(missing.values())} statement(s) "
            f"by {len(missing)} speaker(s): "
            f"{listing}{more}. Map them with parties={{'<speaker or organisation>': '<party>'}}; "
            "framing.extract.unmapped_speakers(statements) lists them all.",
            UserWarning,
            stacklevel=stacklevel,
        )


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


def sides(
    statements: str | Sequence[Statement],
    *,
    parties: Mapping[str, str | None] | None = None,
    path: str | Path | None = None,
    method: str | None = None,
) -> dict[str, str | None]:
    """The speaker -> side table of an article (or of extracted statements), optionally written as a parties map.

    Args:
        statements: The article text (extracted first with `extract_statements`) or its statements.
        parties: The analyst's map, as for `extract_statements`.
        path: When given, the table is written there as JSON (unattributed speakers as ``null``), a map the
            analyst can edit and pass back: ``extract_statements(text, parties=json.load(open(path)))``.
        method: ``"rules"``, ``"parser"`` or ``"hybrid"`` for an article (the default extractor when None).

    Returns:
        Speaker -> side (``None`` when the speaker has no side), in order of first statement.

    Example:
        >>> sides([Statement("Taxes will rise.", "Democrats", speaker="Dick Durbin")])
        {'Dick Durbin': 'Democrats'}
    """
    if isinstance(statements, str):
        statements = extract_statements(statements, parties=parties, method=method)
    elif not isinstance(statements, Sequence) or not all(isinstance(s, Statement) for s in statements):
        raise TypeError(
            f"`statements` expected an article (str) or a list of framing.Statement, got "
            f"{type(statements).__name__} {repr(statements)[:60]}. Pass extract_statements(text) or the text."
        )
    table: dict[str, str | None] = {}
    for statement in statements:
        if statement.speaker is not None and statement.speaker not in table:
            table[statement.speaker] = statement.party
    if path is not None:
        write_parties(table, path)
    return table

"""The public entry points: `extract_statements` (checks its arguments, reads the article, turns
what the rules found into statements (`framing.Statement`) with offsets into the original text, parties from
the mapping, and one warning for the speakers left without a party) and `unmapped_speakers`."""

from __future__ import annotations

import bisect
import logging
import warnings
from collections.abc import Mapping, Sequence

from ..checks import normalise_party
from ..statements import Statement
from .article import Found
from .parties import user_party
from .reading import read_article
from .scanning import find_quotes, paragraph_spans, sentences_in, unescape_with_map

logger = logging.getLogger("framing.extract")

__all__ = ["UNMAPPED_LISTED", "extract_statements", "unmapped_speakers"]


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
        # "Pompeo\u200b" matches "Pompeo": names as the text is scanned (zero-width characters dropped)
        parties = {normalise_party(k): normalise_party(v) for k, v in parties.items()}
    if not text.strip():
        logger.debug("extract_statements: empty text, no statements")
        return []
    clean, index = unescape_with_map(text)
    found = read_article(clean)
    found.sort(key=lambda f: (f.start, f.end))
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
            mapped = user_party(parties, f.speaker, f.mention)
            if mapped is None and f.speaker is not None:
                mapped = user_party(parties, f.title_context)
            if mapped is None and f.principal is not None:
                mapped = user_party(parties, f.principal)
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
            f"extract_statements: no party found for {sum(missing.values())} statement(s) "
            f"by {len(missing)} speaker(s): "
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

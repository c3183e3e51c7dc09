"""The reading order: paragraph by paragraph, sentence by sentence, the rule families applied in
turn, and a quote's speaker handed on to the quotes that continue it.

Example:
    >>> [(f.rule, f.speaker) for f in read_article('"We are ready," Mr. Kim said. "The talks will start very soon."')]
    [('quote_after', 'Kim'), ('continuation', 'Kim')]
"""

from __future__ import annotations

import bisect

from .article import Article, Found
from .direct import quote_statement
from .parties import party_from_words
from .reported import reported_speech
from .scanning import Quote, find_quotes, paragraph_spans, sentences_in
from .speakers import note_sentence_subject, party_context, without_other_names


def read_article(text: str) -> list[Found]:
    """Every statement the rules find in ``text``, paragraph by paragraph and sentence by sentence:
    reported speech first, then the quotes the reported clauses did not absorb."""
    article = Article(text)
    paragraphs = paragraph_spans(text)
    all_quotes: list[tuple[int, list[Quote]]] = []
    for p_start, p_end in paragraphs:
        quotes = find_quotes(text, p_start, p_end)
        all_quotes.append((p_start, quotes))
        article.quote_spans.extend((q.start, q.end) for q in quotes if q.double)
        article.sent_spans.extend(sentences_in(text, p_start, p_end, quotes))
    prev_par_quote_speaker: tuple[str | None, str, str] | None = None
    sent_starts = [start for start, _ in article.sent_spans]  # in text order, as paragraphs are
    for (p_start, p_end), (_, quotes) in zip(paragraphs, all_quotes):
        first_line = p_start == paragraphs[0][0]
        sents = article.sent_spans[bisect.bisect_left(sent_starts, p_start) : bisect.bisect_left(sent_starts, p_end)]
        used_quotes: set[int] = set()
        last_quote_speaker = prev_par_quote_speaker
        par_had_quote_stmt = False
        for s_start, s_end in sents:
            note_sentence_subject(article, s_start, s_end)
            n_before = len(article.found)
            indirect = reported_speech(article, s_start, s_end, quotes, first_line)
            for q_idx, quote in enumerate(quotes):
                if not (s_start <= quote.outer_start < s_end) or q_idx in used_quotes:
                    continue
                if any(a <= quote.start and quote.end <= b for a, b in indirect):
                    used_quotes.add(q_idx)
                    continue
                got = quote_statement(article, quote, q_idx, quotes, s_start, s_end, p_end, last_quote_speaker)
                if got:
                    used_quotes.add(q_idx)
                    if quote.double:
                        last_quote_speaker = got
                        par_had_quote_stmt = True
            # a sentence-level indirect statement sets the speaker a following quote continues
            new = article.found[n_before:]
            if new and not par_had_quote_stmt:
                f = new[-1]
                sent_has_quote = any(s_start <= q.outer_start < s_end for q in quotes)
                if sent_has_quote:
                    last_quote_speaker = (f.speaker, "person" if f.speaker in article.registry.people else "org",
                                          "")
        # a paragraph that ends inside (or right after) a quote hands its speaker on
        prev_par_quote_speaker = last_quote_speaker if (quotes and (par_had_quote_stmt or last_quote_speaker)) else None
        if quotes and not quotes[-1].closed and last_quote_speaker:
            prev_par_quote_speaker = last_quote_speaker
        elif not quotes:
            prev_par_quote_speaker = None
    # a person's party is the same in every statement: fill it from all that the text says about them
    for f in article.found:
        if f.kind == "person" and f.party is None and f.speaker in article.registry.people:
            f.party = party_from_words(party_context(article, f.speaker, "person"))
            context = f.context + " " + party_context(article, f.speaker, "person")
            f.title_context = without_other_names(article, context, f.speaker)
    return article.found

"""Direct quotes: is a quote a statement, and who said it. The attribution after it ('"...," Ms.
Rice said', '"...," said Josh Earnest'), before it ('he said: "..."'), a quoted "called" word, a
parenthetical attribution elsewhere in the sentence, and whole-sentence quotes that continue the
previous quote's speaker.
"""

from __future__ import annotations

import re

from .article import Article
from .called import CALL_RE
from .lexicon import VERBS
from .mentions import (
    named_chain,
    participle_subject,
    sentence_subject,
    subject_before,
    verb_clause_start,
)
from .recording import record
from .scanning import Quote
from .speakers import resolve
from .verbs import is_participle, reporting_verbs

# Reporting verbs that are never nouns ("said", "told", "warned", not "report"): one inside an inverted
# attribution ends the speaker ('said Akin said of ...').
_SECOND_VERB_RE = re.compile(r"\s(?:" + "|".join(sorted(
    (f for f in VERBS if (f != VERBS[f][0] and not f.endswith(("ing", "s"))) or f == "says"), key=len, reverse=True))
    + r")\b")


def quote_statement(article: Article, quote: Quote, q_idx: int, quotes: list[Quote], s_start: int, s_end: int, p_end: int,
           last_speaker: tuple[str | None, str, str] | None) -> tuple[str | None, str, str] | None:
    """Decide whether a quote is a statement and attribute it. Returns the resolved speaker."""
    text = article.text
    inner = text[quote.start : quote.end].strip(" ,.")
    if (re.search(r"\b(?:on|to|in|at|from|with|of)\s+(?:the\s+)?(?:[A-Z][\w.]*['’]s\s+(?:the\s+)?)?$",
                  text[max(s_start, quote.outer_start - 40) : quote.outer_start])
            and 1 <= len(inner.split()) <= 6 and all(w[:1].isupper() or w.lower() in {"the", "of", "and", "a"}
                                                     for w in inner.split())):
        return None  # a programme or title: 'on ABC's "This Week,"', 'on "Fox News Sunday"'
    # 1. trailing attribution: '"...," Ms. Rice said' / '"...", read a North Korean statement'
    if quote.closed:
        window = article.masked[quote.outer_end : min(p_end, quote.outer_end + 160)]
        stop = re.search(r"[.!?;\"“”]", window)
        window_end = quote.outer_end + (stop.start() if stop else len(window))
        verbs = [v for v in reporting_verbs(article, quote.outer_end, window_end) if v[3] != "inf"]
        if verbs:
            v_start, v_end, lemma, kind = verbs[0]
            gap = text[quote.outer_end : v_start]
            if not gap.strip(" ,"):
                # inverted: '"...," said Josh Earnest, the White House press secretary'
                m = re.match(r"\s*([^,.;:!?“”\"]{1,80}?)(?=\s*(?:[,.;:!?]|$|\s+(?:as|in|on|at|when|while|during|"
                             r"after|before|attributed|who|which|that|to|near)\b))", article.masked[v_end:window_end + 1])
                if m and m.group(1).strip():
                    mention = text[v_end + m.start(1) : v_end + m.end(1)]
                    again = _SECOND_VERB_RE.search(mention)
                    if again and again.start() > 0:
                        mention = mention[: again.start()]  # a typo such as 'said Akin said of ...'
                    pos = v_end + m.start(1)
                    rest = text[v_end + m.end(1) : min(p_end, v_end + m.end(1) + 100)]
                    app = re.match(r"\s*,([^,.;]{1,80})", rest)
                    ctx = mention + (" " + app.group(1) if app else "")
                    resolved = resolve(article, mention, pos, ctx)
                    record(article, quote.start, quote.end, mention, pos, ctx, direct=True, rule="quote_after",
                              verb=lemma, resolved=resolved)
                    return resolved
            elif (len(gap.split()) <= 12 or named_chain(article, gap)) and not re.search(r"\s(?:--|—|―|–)\s", gap):
                mention, pos, ctx = subject_before(article, quote.outer_end, v_start)
                if mention:
                    resolved = resolve(article, mention, pos, ctx)
                    record(article, quote.start, quote.end, mention, pos, ctx, direct=True, rule="quote_after",
                              verb=lemma, resolved=resolved)
                    return resolved
    # 2. attribution before: 'he said: "..."', 'X said in a statement that "..."'
    before = text[s_start : quote.outer_start]
    for v_start, v_end, lemma, kind in reversed(reporting_verbs(article, s_start, quote.outer_start)):
        gap = text[v_end : quote.outer_start]
        words = gap.split()
        if kind == "inv":
            break
        ok = (not gap.strip()) or gap.rstrip().endswith((",", ":")) and len(words) <= 8 or (
            len(words) <= 6 and words and words[-1].lower() in {"that", "to", "simply", "only"})
        if not ok:
            break
        if is_participle(article, v_start, v_end):
            mention, pos, ctx = participle_subject(article, s_start, v_start)
        else:
            mention, pos, ctx = subject_before(article, verb_clause_start(article, s_start, v_start), v_start)
            if mention is None:
                mention, pos, ctx = sentence_subject(article, s_start, v_start)
        resolved = resolve(article, mention, pos, ctx)
        record(article, quote.start, quote.end, mention, pos, ctx, direct=True, rule="quote_before", verb=lemma,
                  resolved=resolved)
        return resolved
    # 3. a "called" fragment: 'what it called "rapacious"', 'describing it as "x" and "y"'
    calls = list(CALL_RE.finditer(before))
    if calls:
        call = calls[-1]
        between = article.masked[s_start + call.end() : quote.outer_start]
        if len(between.split()) <= 8 and not re.search(r"[.;!?]", between) and not re.search(
            r"\bcall(?:s|ed|ing)?\s+(?:on|for)\b", before[call.start() :], re.IGNORECASE
        ):
            c_start = s_start + call.start()
            word = call.group(0).lower()
            what = re.search(r"\b(?:what|that|which)\s+([^,;]{1,80}?)\s*$", before[: call.start()])
            if what:
                mention, pos, ctx = subject_before(article, s_start + what.start(1), c_start)
            elif word.endswith("ing") or word.startswith(("describing", "denouncing")):
                mention, pos, ctx = participle_subject(article, s_start, c_start)
            else:
                mention, pos, ctx = subject_before(article, verb_clause_start(article, s_start, c_start), c_start)
                if mention is None:
                    mention, pos, ctx = sentence_subject(article, s_start, c_start)
            if mention:
                resolved = resolve(article, mention, pos, ctx)
                record(article, quote.start, quote.end, mention, pos, ctx, direct=True, rule="called",
                          verb="call", resolved=resolved)
                # 'as "x" and "y"': the next quote belongs to the same call
                if q_idx + 1 < len(quotes):
                    nxt = quotes[q_idx + 1]
                    if re.fullmatch(r"\s*(?:,|and|or|,\s*and)\s*", text[quote.outer_end : nxt.outer_start]):
                        record(article, nxt.start, nxt.end, mention, pos, ctx, direct=True, rule="called",
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
        resolved = resolve(article, mention, pos, ctx)
        record(article, quote.start, quote.end, mention, pos, ctx, direct=True, rule="quote_parenthetical",
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
        record(article, quote.start, quote.end, speaker, quote.outer_start, extra, direct=True, rule="continuation",
                  resolved=(speaker, kind, extra))
        return last_speaker
    if len(quote_text_words) >= 6:
        record(article, quote.start, quote.end, None, -1, "", direct=True, rule="unattributed",
                  resolved=(None, "none", ""))
    return None

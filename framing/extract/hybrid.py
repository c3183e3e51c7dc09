"""The hybrid extractor behind ``extract_statements(method="hybrid")``: the rules' statements, with the
parser's speaker where the rules found none, plus the statements only the parser found when its evidence
is strong.

The rules are the base: on the articles they were written on their spans and speakers are the more precise,
and a statement only they find is kept. The parser adds what the rules miss, but only where it read the
syntax of reporting itself:

* a statement both find (their spans overlap over half the shorter one) keeps the rules' span; its speaker is
  the rules' unless the rules found no speaker, or only a role (``the top general``) where the parser names a
  person (``Frank McKenzie``): a name beats a description;
* a statement only the parser finds is kept when a reporting verb's complement clause (``X said that ...``,
  ``..., X said``) or ``according to X`` gives it, the verb's subject names a speaker, and it is not in the
  headline (title case misleads the tagger; the rules read headlines with their own patterns). Where it
  overlaps statements of the rules, the two disagree on where a statement ends and the rules' cut stays,
  except when the rules found only quotes inside the parser's clause (``X said one target was a "planner,"
  and one a "facilitator."``) with no other speaker: a quote inside a reported clause is part of it. The parser's quotes
  attributed by position and its clauses before ``, X said`` that are no complement (``Asked why ..., X
  said``) are left out: there it errs most.

Example:
    >>> from .article import Found
    >>> text = "Headline\\n\\nWe will win, he said. Jen Psaki said that the talks went very well."
    >>> rules = [Found(10, 21, None, None, None, False, "trailing", kind="none")]
    >>> parsed = [Found(10, 21, "Joe Biden", "Joe Biden", None, False, "trailing", kind="person"),
    ...           Found(text.index("the talks"), len(text) - 1, "Jen Psaki", "Jen Psaki", None, False, "reported",
    ...                 kind="person")]
    >>> [(f.speaker, f.rule, text[f.start:f.end]) for f in combine(text, rules, parsed)]
    [('Joe Biden', 'trailing', 'We will win'), ('Jen Psaki', 'parser:reported', 'the talks went very well')]
"""

from __future__ import annotations

import dataclasses

from .article import Found
from .scanning import paragraph_spans

# Parser rules whose statement rests on a reporting verb's own complement (or "according to").
STRONG_RULES = ("reported", "trailing", "according")
# Speaker kinds that name someone (the parser's "none" and "group" do not).
_NAMED = ("person", "org", "role")
# Characters of a rules quote that may stick out of the parser's clause (its closing punctuation).
_SLACK = 2


def combine(text: str, rules: list[Found], parsed: list[Found]) -> list[Found]:
    """The rules' statements with better speakers from ``parsed``, and the strong parser-only statements."""
    body = paragraph_spans(text)[0][1] if text.strip() else 0
    added, replaced = [], set()
    for found in parsed:
        if not _strong(found, body):
            continue
        touched = [k for k, other in enumerate(rules) if _overlap(found, other) > 0]
        if all(_quote_inside(rules[k], found) for k in touched):
            added.append(dataclasses.replace(found, rule=f"parser:{found.rule}"))
            replaced.update(touched)
    out = []
    for k, found in enumerate(rules):
        if k in replaced:
            continue
        partner = _partner(found, parsed)
        out.append(_with_speaker(found, partner) if partner is not None and _prefer(partner, found) else found)
    return sorted(out + added, key=lambda f: (f.start, f.end))


def _overlap(a: Found, b: Found) -> int:
    return min(a.end, b.end) - max(a.start, b.start)


def _quote_inside(quote: Found, clause: Found) -> bool:
    """``quote`` lies inside the reported ``clause`` and the rules give it no other speaker."""
    return (quote.direct and not clause.direct and _overlap(quote, clause) >= quote.end - quote.start - _SLACK
            and quote.speaker in (None, clause.speaker))


def _partner(found: Found, parsed: list[Found]) -> Found | None:
    """The parser's statement that overlaps ``found`` most, when it covers half the shorter of the two."""
    best = max(parsed, key=lambda other: _overlap(found, other), default=None)
    if best is None:
        return None
    shorter = min(found.end - found.start, best.end - best.start)
    return best if _overlap(found, best) * 2 >= shorter else None


def _prefer(parsed: Found, rules: Found) -> bool:
    """The parser's speaker over the rules': the rules have none, or only a role where the parser names a person."""
    if parsed.speaker is None:
        return False
    return rules.speaker is None or (rules.kind == "role" and parsed.kind == "person")


def _with_speaker(found: Found, speaker: Found) -> Found:
    """``found`` said by ``speaker``'s speaker, with what the parser read about them (for the sides)."""
    return dataclasses.replace(
        found, speaker=speaker.speaker, mention=speaker.mention, party=speaker.party, context=speaker.context,
        anchor=speaker.anchor, title_context=speaker.title_context, kind=speaker.kind, principal=speaker.principal)


def _strong(found: Found, body: int) -> bool:
    """A parser statement resting on a reporting verb's complement, with a named speaker, outside the headline."""
    return found.rule in STRONG_RULES and found.speaker is not None and found.kind in _NAMED and found.start >= body

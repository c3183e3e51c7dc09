"""The hybrid extractor (``method="hybrid"``): how `framing.extract.hybrid.combine` joins what the rules and the
parser found (on hand-made finds, no spaCy needed), then the whole extractor on short texts written for the test."""

import pytest
from extract_helpers import check_offsets, quiet

from framing.extract.article import Found
from framing.extract.hybrid import combine

TEXT = ("Council delays vote\n\n"
        'Dan Ortiz said the vote would wait. "We need more time to read it," he said. The mayor told reporters that '
        "the budget was balanced.")
HEADLINE_END = TEXT.index("\n")


def at(needle: str, speaker: str | None, kind: str, rule: str, *, direct: bool = False) -> Found:
    start = TEXT.index(needle)
    return Found(start, start + len(needle), speaker, speaker, None, direct, rule, kind=kind)


def said(found: list[Found]) -> list[tuple[str | None, str, str]]:
    return [(f.speaker, f.rule, TEXT[f.start : f.end]) for f in found]


def test_a_statement_both_find_keeps_the_rules_span_and_named_speaker():
    rules = [at("the vote would wait", "Dan Ortiz", "person", "indirect")]
    parsed = [at("Dan Ortiz said the vote would wait", "Council", "org", "reported")]
    assert said(combine(TEXT, rules, parsed)) == [("Dan Ortiz", "indirect", "the vote would wait")]


@pytest.mark.parametrize(
    ("rules_speaker", "rules_kind", "parser_speaker", "parser_kind", "speaker"),
    [
        (None, "none", "Dan Ortiz", "person", "Dan Ortiz"),  # the rules found no speaker: the parser's
        ("council member", "role", "Dan Ortiz", "person", "Dan Ortiz"),  # a name beats a role
        ("council member", "role", "Council", "org", "council member"),  # an organisation does not
        ("Dan Ortiz", "person", "Mayor Lee", "person", "Dan Ortiz"),  # two names: the rules'
        ("Dan Ortiz", "person", None, "none", "Dan Ortiz"),
    ],
)
def test_the_speaker_of_a_statement_both_find(rules_speaker, rules_kind, parser_speaker, parser_kind, speaker):
    needle = "We need more time to read it"
    rules = [at(needle, rules_speaker, rules_kind, "quote_after", direct=True)]
    parsed = [at(needle, parser_speaker, parser_kind, "quote_verb", direct=True)]
    (found,) = combine(TEXT, rules, parsed)
    assert (found.speaker, found.rule, found.direct) == (speaker, "quote_after", True)
    assert found.kind == (parser_kind if speaker == parser_speaker != rules_speaker else rules_kind)


def test_a_statement_only_the_parser_finds_needs_a_reporting_verbs_complement_and_a_speaker():
    rules = [at("We need more time to read it", "Dan Ortiz", "person", "quote_after", direct=True)]
    parsed = [
        at("the budget was balanced", "mayor", "role", "reported"),  # kept
        at("the vote would wait", None, "none", "reported"),  # no speaker
        at("Dan Ortiz said the vote", "Dan Ortiz", "person", "clause_before"),  # no complement of the verb
        at("Council delays vote", "Council", "org", "reported"),  # in the headline
    ]
    assert said(combine(TEXT, rules, parsed)) == [
        ("Dan Ortiz", "quote_after", "We need more time to read it"),
        ("mayor", "parser:reported", "the budget was balanced"),
    ]


def test_where_the_two_cut_a_statement_differently_the_rules_cut_stays():
    rules = [at("the budget was balanced", "mayor", "role", "indirect")]
    parsed = [at("reporters that the budget", "mayor", "role", "reported")]  # overlaps, under half of it
    assert said(combine(TEXT, rules, parsed)) == [("mayor", "indirect", "the budget was balanced")]


def test_quotes_inside_the_parsers_reported_clause_are_part_of_it():
    text = 'Headline\n\nOfficials said one target was a "planner," and one a "facilitator."'
    clause = text.index("one target")
    parsed = [Found(clause, len(text) - 1, "Officials", "Officials", None, False, "reported", kind="org")]
    quotes = [Found(text.index(word), text.index(word) + len(word), None, None, None, True, "quote_after")
              for word in ("planner", "facilitator.")]
    assert [(f.speaker, text[f.start : f.end]) for f in combine(text, quotes, parsed)] == [
        ("Officials", 'one target was a "planner," and one a "facilitator.')]
    # a quote the rules give to someone else keeps its speaker: the readings conflict and the rules' quotes stay
    # (the one without a speaker takes the clause's, as any statement both find)
    quotes[0].speaker = "Ann Lee"
    assert [(f.speaker, f.rule) for f in combine(text, quotes, parsed)] == [
        ("Ann Lee", "quote_after"), ("Officials", "quote_after")]


def test_the_hybrid_extractor_on_an_article():
    pytest.importorskip("spacy")
    text = ("Vote delayed\n\nCouncil member Dan Ortiz later told reporters the vote would be delayed until spring. "
            '"We need more time," he said.')
    stmts = quiet(text, method="hybrid", parties={"Ortiz": "Council"})
    check_offsets(text, stmts)
    assert [(s.speaker, s.party, s.text, s.direct) for s in stmts] == [
        ("Dan Ortiz", "Council", "the vote would be delayed until spring", False),
        ("Dan Ortiz", "Council", "We need more time", True),
    ]
    assert [s.meta["rule"] for s in stmts] == ["parser:reported", "quote_after"]
    assert quiet("  ", method="hybrid") == []

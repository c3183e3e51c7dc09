"""The parser extractor's speakers (``method="parser"``): relative clauses, names the entity recogniser
mislabels, pronouns after a name that was no subject, descriptions of the person just named, an apposition
inside a role's object, issuers of statements, quotes no verb claims and quotes after a question mark.

Each text is written for the test; the parser needs the `parser` extra (spaCy and its small English model)."""

import pytest
from extract_helpers import check_offsets, quiet

pytest.importorskip("spacy")


def speaker_of(text: str, needle: str) -> str | None:
    stmts = quiet(text, method="parser")
    check_offsets(text, stmts)
    hits = [s for s in stmts if needle in s.text]
    assert hits, [s.text for s in stmts]
    return hits[0].speaker


@pytest.mark.parametrize(
    ("text", "needle", "speaker"),
    [
        # the subject of a relative clause is the noun it modifies, not "who"
        ("The mayor met Jane Holloway, who said that the bridge would reopen in May.", "the bridge would reopen",
         "Jane Holloway"),
        # the one person named (as an object, not a subject) in the sentence before the pronoun
        ("The committee questioned Mark Tillman on Monday. Asked about the vote, he said the plan would fail.",
         "the plan would fail", "Mark Tillman"),
        # a definite description of the person just named
        ("Sen. Laura Beckett said on Monday that the tax would hurt farmers. The Democrat argued that the money "
         "should go to schools.", "the money should go to schools", "Laura Beckett"),
        # a name in apposition to the role's "for" object names the role, not the object
        ("The lawyer for Mrs. Ortega, David Kessler, said that his client had done nothing wrong.",
         "his client had done nothing wrong", "David Kessler"),
        # the issuer of a statement speaks
        ("A statement from the Red Cross said that the convoy had reached the city.", "the convoy had reached",
         "Red Cross"),
    ],
)
def test_parser_resolves_the_speaker(text, needle, speaker):
    assert speaker_of(text, needle) == speaker


def test_a_quote_no_verb_claims_is_the_subjects_words():
    text = ("Governor Alice Brand spoke after the storm. Mayor Tom Reyes later pleaded with residents not to "
            '"panic or turn against each other in this hour" in a radio interview.')
    assert speaker_of(text, "turn against each other") == "Tom Reyes"


def test_short_or_title_quotes_in_a_sentence_stay_out():
    text = 'Mayor Tom Reyes appeared on "Meet the Press" on Sunday and praised the "quick" repairs.'
    assert [s.text for s in quiet(text, method="parser")] == []


def test_an_unattributed_quote_paragraph_goes_on_with_the_last_speaker():
    text = ("Officials met in the capital on Tuesday.\n\n"
            "Finance Minister Paula Grant said the budget would be balanced by next year.\n\n"
            '"We have made hard choices and we will not go back on them now."')
    assert speaker_of(text, "hard choices") == "Paula Grant"


def test_an_attribution_after_a_question_mark_the_parser_split():
    text = ('Senator Ruth Okafor visited the school. "Can we say we have done enough for these children?" '
            "an emotional Mr. Okafor said after the visit.")
    assert speaker_of(text, "done enough") == "Ruth Okafor"


def test_a_programme_named_in_quotes_is_no_statement():
    text = ('"We will rebuild the bridge this year," Mayor Tom Reyes said on NBC\'s "Meet the Press" on Sunday.')
    stmts = quiet(text, method="parser")
    assert [s.text for s in stmts] == ["We will rebuild the bridge this year"]
    assert stmts[0].speaker == "Tom Reyes"


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        # two people of unknown gender share the subject: "he" could be either, so no one
        ("Omar Haddad and Dana Whitfield reviewed the budget on Monday. He said the deficit would grow.", None),
        # the text shows one of them to be a woman: "he" is the other
        ("Omar Haddad and Mrs. Dana Whitfield reviewed the budget on Monday. He said the deficit would grow.",
         "Omar Haddad"),
        # one subject of unknown gender and no rival: "he" is that person
        ("Omar Haddad reviewed the budget on Monday. He said the deficit would grow.", "Omar Haddad"),
    ],
)
def test_he_or_she_is_left_unresolved_between_people_of_equal_standing(text, speaker):
    assert speaker_of(text, "the deficit would grow") == speaker


def test_a_clause_before_a_colon_is_a_label_not_a_statement():
    text = "Council raises fees\n\nWhy it matters: Ann Lee said that costs will rise."
    found = [(s.speaker, s.text) for s in quiet(text, method="parser")]
    assert found == [("Ann Lee", "costs will rise")]


def test_a_phrase_that_names_no_one_is_a_description_not_an_organisation():
    from framing.extract.parsed import paragraphs_of, read_parsed
    from framing.extract.pipeline import parse_texts

    text = ("A Thursday press release said that the plant would close. The Acme Corporation said that the "
            "plant would reopen.")
    docs = parse_texts([text[a:b] for a, b in paragraphs_of(text)])
    kinds = {text[f.start : f.end]: f.kind for f in read_parsed(text, docs)}
    assert kinds == {"the plant would close": "group", "the plant would reopen": "org"}

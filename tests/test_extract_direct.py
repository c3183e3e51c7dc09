"""Tests for framing.extract: direct quotes and their attribution (framing.extract.direct)."""

from __future__ import annotations

from extract_helpers import by_text, check_offsets, quiet


def test_direct_quotes_before_after_and_split():
    text = (
        '"We will not give in," the minister said. '
        'She said: "The talks were productive." '
        '\u201cIt is a start,\u201d she added, \u201cbut only a start.\u201d'
    )
    stmts = quiet(text)
    check_offsets(text, stmts)
    assert [s.text for s in stmts] == [
        "We will not give in",
        "The talks were productive.",
        "It is a start",
        "but only a start.",
    ]
    assert all(s.direct for s in stmts)


def test_parenthetical_attribution_and_colleagues():
    text = (
        "Practically speaking, he continued, impeachment is only possible with public support.\n\n"
        "House Majority Leader Steny Hoyer, D-Md., and his colleagues said Democrats backed the efforts."
    )
    stmts = quiet(text)
    assert by_text(stmts, "impeachment").text.startswith("impeachment is only possible")
    hoyer = by_text(stmts, "backed the efforts")
    assert (hoyer.speaker, hoyer.party) == ("Steny Hoyer", "Democrats")


def test_inverted_attribution_stops_at_a_second_verb():
    text = 'Todd Akin spoke on Sunday.\n\n"That is really rare," said Akin said of the cases.'
    assert quiet(text)[0].speaker == "Todd Akin"
    text = 'The report came out in 2010.\n\n"The funds would remain solvent for 75 years," said the report.'
    assert quiet(text)[0].speaker == "report"  # a noun, not a second verb


def test_quote_attribution_does_not_cross_a_dash():
    text = ("House Speaker Nancy Pelosi spoke on Friday.\n\n"
            "The congresswoman vowed to “impeach that man,” referring to Trump ― Pelosi said it was a free speech issue.")
    stmts = quiet(text)
    assert by_text(stmts, "impeach that man").speaker != "Nancy Pelosi"
    assert by_text(stmts, "free speech").text == "it was a free speech issue"


def test_a_name_after_an_inverted_description_is_the_speaker():
    text = ("Governor Ray Cole met the board on Monday. “The vote is up to them,” said the spokeswoman, "
            "Dana Ortiz. “We will wait for their decision.”")
    stmts = quiet(text)
    assert [s.speaker for s in stmts if s.direct] == ["Dana Ortiz", "Dana Ortiz"], [(s.text, s.speaker) for s in stmts]


def test_a_quoted_figure_is_no_statement():
    text = ('Senator Jane Roe spoke on Monday.\n\nThe senator tried to explain that "2.5 million letters" reach '
            'the office every year. "It is a disgrace," she said.')
    texts = [s.text for s in quiet(text)]
    assert "2.5 million letters" not in texts and "It is a disgrace" in texts


def test_two_quotes_of_two_speakers_in_one_sentence_keep_their_own_speakers():
    for text in ('Senator Ann Smith said "the deal is dead" and Governor Bob Jones replied "the deal is alive."',
                 'Senator Ann Smith called the deal "dead," but Governor Bob Jones said it was "alive."',
                 'Senator Ann Smith said "the deal is dead," while Governor Bob Jones insisted "it is alive."'):
        stmts = quiet(text)
        check_offsets(text, stmts)
        assert by_text(stmts, "dead").speaker == "Ann Smith", text
        assert by_text(stmts, "alive").speaker == "Bob Jones", text


def test_a_no_break_space_between_quote_and_verb_reads_as_an_inverted_attribution():
    # '"...,"\xa0said X' once raised IndexError (the gap was not empty after strip(" ,") but had no words)
    import framing

    text = 'Officials met on Tuesday.\n\n"The plan will not work, and everyone knows it,"\xa0said Maria Lopez, the mayor.\n'
    (statement,) = framing.extract_statements(text, method="rules")
    assert statement.speaker == "Maria Lopez" and statement.text == "The plan will not work, and everyone knows it"


def test_a_quote_paragraph_signed_on_the_next_line_is_the_signers():
    text = ("Lawmakers reacted on Friday.\n\n“The new tariff is a tax on every family in the state.”\n\n"
            "— Sen. Maria Lopez, in a tweet, May 3\n\nThe vote is on Monday.")
    stmts = quiet(text)
    check_offsets(text, stmts)
    quote = by_text(stmts, "tax on every family")
    assert (quote.speaker, quote.direct, quote.meta["rule"]) == ("Maria Lopez", True, "quote_signed")
    # a dash inside the paragraph is no signature
    inline = quiet("“The tariff is a tax,” — and that was all. The mayor said it would pass.")
    assert all(s.meta["rule"] != "quote_signed" for s in inline)

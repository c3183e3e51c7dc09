"""Tests for framing.extract: the 'called' family and the nominal and blame reports
(framing.extract.called, framing.extract.nominal).
"""

from __future__ import annotations

import pytest
from extract_helpers import by_text, check_offsets, quiet

from framing.extract import extract_statements


def test_called_fragments_and_headline():
    text = (
        "Taiwan won't bow to China, President Tsai says\n\n"
        'China denounced the pact, describing it as "extremely irresponsible" and "narrow-minded".'
    )
    stmts = quiet(text, parties={"tsai": "Taiwan"})
    check_offsets(text, stmts)
    assert stmts[0].text == "Taiwan won't bow to China" and stmts[0].party == "Taiwan"
    assert [s.text for s in stmts[1:]] == ["extremely irresponsible", "narrow-minded"]
    assert {s.speaker for s in stmts[1:]} == {"China"}


def test_called_for_x_to_is_an_urging_but_a_group_calling_for_is_not():
    stmts = quiet("Mitt Romney on Tuesday called for Todd Akin to drop out of the Senate race.")
    assert by_text(stmts, "drop out").text == "to drop out of the Senate race"
    assert not quiet("Bill Kristol, who led the conservatives calling for Steele to step down, spoke later.")


def test_deemed_and_referred_to_as_work_like_called():
    text = (
        'Michael Bloomberg spoke at length. He deemed the economic plan "a con" and "a disaster."\n\n'
        "Since taking office Donald Trump has referred to some nations as “poor countries” in meetings."
    )
    stmts = quiet(text)
    assert [s.text for s in stmts if s.meta["rule"] == "called"][:2] == ["a con", "a disaster."]
    assert by_text(stmts, "poor countries").speaker == "Donald Trump"


def test_challenged_x_to_and_dismissed_x_as():
    text = (
        "Mosque\n\nIn a number of releases, Republican House and Senate candidates challenged Democrats like "
        "Mr. Reid to make their positions clear.\n\n"
        "Rick Santorum dismissed the president's agenda as being based in \"some phony theology.\""
    )
    stmts = quiet(text)
    challenge = by_text(stmts, "positions clear")
    assert challenge.text == "to make their positions clear"
    assert (challenge.speaker, challenge.party) == ("Republican House and Senate candidates", "Republicans")
    assert by_text(stmts, "phony theology").speaker == "Rick Santorum"


@pytest.mark.parametrize(
    "article, text, speaker, direct",
    [
        ("Senator John Smith accused the governor of hiding the budget numbers from voters.",
         "hiding the budget numbers from voters", "John Smith", False),
        ("Republicans blamed the president for the shutdown of the government.",
         "the shutdown of the government", "Republicans", False),
        ("Trump criticized Attorney General Jeff Sessions for not pursuing investigations of his opponents.",
         "not pursuing investigations of his opponents", "Trump", False),
        ("Democrats rejected claims by the GOP that the bill would raise taxes on the middle class.",
         "the bill would raise taxes on the middle class", "GOP", False),
        ("Union leaders accused the mayor of ignoring the Sept. 4 report on unsafe bridges.",
         "ignoring the Sept. 4 report on unsafe bridges", "Union leaders", False),
        ("In Pelosi's words, the plan is a betrayal of working families.",
         "the plan is a betrayal of working families", "Pelosi", False),
        ("The senator accused her of “disregarding basic security protocols” in the affair.",
         "disregarding basic security protocols", None, True),
    ],
)
def test_nominal_and_blame_reports_are_statements(article, text, speaker, direct):
    found = [s for s in extract_statements(article) if s.text == text]
    assert len(found) == 1, [s.text for s in extract_statements(article)]
    assert found[0].direct is direct and found[0].meta["rule"] == "nominal"
    if speaker:
        assert found[0].speaker == speaker


def test_blame_forms_skip_names_with_of_and_nouns_with_participles():
    article = ("Rice sharply criticized Prime Minister Benjamin Netanyahu of Israel on Tuesday over his plans. "
               "Indictments were announced Friday accusing a dozen officers of hacking party emails.")
    assert [s for s in extract_statements(article) if s.meta["rule"] == "nominal"] == []

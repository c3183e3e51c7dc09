"""Tests for framing.extract: parties from the words around a speaker and from the parties= mapping
(framing.extract.parties).
"""

from __future__ import annotations

import pytest
from extract_helpers import by_text, quiet


def test_context_stops_at_the_headline_and_mapping_keys_ignore_other_names():
    text = (
        "John McCain, Top Democrats Call On Trump To Cancel Putin Meeting\n\n"
        "Sen. John McCain (R-Ariz.) said the talks should not go ahead.\n\n"
        "McCain said Putin must be held to account."
    )
    for parties in (None, {"Trump": "United States", "Putin": "Russia"}):
        stmts = quiet(text, parties=parties, extra_sides=parties is not None)
        held = by_text(stmts, "held to account")
        assert (held.speaker, held.party) == ("John McCain", "Republicans")
    # with the analyst's map alone, McCain's side is one the analyst did not name: he stays without one
    held = by_text(quiet(text, parties={"Trump": "United States", "Putin": "Russia"}), "held to account")
    assert (held.speaker, held.party) == ("John McCain", None)


def test_mapping_key_still_matches_the_speakers_own_title():
    text = '"Allowing this to go on weakens the relationship," said Josh Earnest, the White House press secretary.'
    stmts = quiet(text, parties={"White House": "United States"})
    assert stmts[0].party == "United States"


@pytest.mark.parametrize(
    ("text", "needle", "party"),
    [
        ("Rep. Adam Schiff (Calif.), the ranking Democrat on the committee, said the panel is ready.", "panel", "Democrats"),
        ("Sen. Jim DeMint, R-S.C., said Steele must apologize to the troops.", "apologize", "Republicans"),
        ("Democratic Rep. Ted Lieu said the summit was a mistake.", "summit", "Democrats"),
        ('"We are willing to take this offer," Sen. Chris Murphy, a Connecticut Democrat, told reporters.', "offer",
         "Democrats"),
        ("A Kremlin spokesman said the talks were useful.", "useful", "Russia"),
        ("The Washington Post reported that the deal was close.", "deal", None),
    ],
)
def test_party_words_next_to_the_speaker(text, needle, party):
    assert by_text(quiet(text), needle).party == party


def test_later_mentions_take_the_first_mentions_party():
    text = (
        "Sen. John McCain, R-Ariz., said Steele's comments were wrong.\n\n"
        "The Arizona Republican said Steele needs to assess his future.\n\n"
        "McCain said the party must win in November.\n\n"
        '"We need a focused chairman," the senator said.'
    )
    stmts = quiet(text)
    for needle in ("assess his future", "must win", "focused chairman"):
        s = by_text(stmts, needle)
        assert (s.speaker, s.party) == ("John McCain", "Republicans"), needle


def test_hamas_is_a_party_of_its_own():
    assert quiet("Hamas said it would honor the agreement.")[0].party == "Hamas"
    assert quiet("A Palestinian official said the talks failed.")[0].party == "Palestine"


def test_place_after_a_plural_subject_is_a_party_clue():
    text = "Other officials in the GOP were less forgiving, suggesting that Akin could no longer win."
    assert by_text(quiet(text), "no longer win").party == "Republicans"


def test_presidential_inside_a_title_keeps_the_party_word():
    text = "Presumptive GOP presidential nominee Mitt Romney said Akin should quit."
    assert quiet(text)[0].party == "Republicans"

"""Sides: from the text without a mapping, the analyst's names only with one, the parties map round trip,
and the parser extractor's contract (both extractors run; the parser needs the `parser` extra)."""

import json

import pytest
from extract_helpers import check_offsets, quiet

from framing.extract import extract_statements, sides, write_parties
from framing.extract.side_assignment import side_from_words

METHODS = ["rules", "parser"]

# One camp (the president, his attorney general, his adviser, administration officials), a senator with a
# party label, a foreign head of government.
STORY = (
    "Attorney General Eric Holder said the inquiry would go on.\n"
    "President Obama said the White House would not meet Netanyahu before the election.\n"
    "Obama's national security adviser, Susan Rice, said the speech was destructive.\n"
    "Administration officials said they would not meet him to avoid influencing the vote.\n"
    "Sen. Dick Durbin, Democrat of Illinois, said the invitation was a mistake.\n"
    "Israeli Prime Minister Benjamin Netanyahu said Iran was a threat to the world.\n"
)
CAMP = {"Eric Holder", "Obama", "Susan Rice", "Administration officials"}


@pytest.mark.parametrize("method", METHODS)
def test_sides_from_the_text_group_one_camp_and_read_labels(method):
    table = quiet_sides(STORY, method=method)
    assert {table[s] for s in CAMP} == {"United States"}  # the president, his AG and adviser, his officials
    assert table["Dick Durbin"] == "Democrats" and table["Benjamin Netanyahu"] == "Israel"
    stmts = quiet(STORY, method=method)
    check_offsets(STORY, stmts)
    assert all(s.party is not None and 0 < s.meta["side_confidence"] <= 1 for s in stmts)


@pytest.mark.parametrize("method", METHODS)
def test_a_mapping_defines_the_sides_and_the_text_ties_the_camp(method):
    parties = {"Obama": "Obama administration", "Netanyahu": "Israel"}
    stmts = quiet(STORY, parties=parties, method=method)
    assert {s.party for s in stmts} <= {"Obama administration", "Israel", None}  # no side the analyst did not name
    by_speaker = {s.speaker: (s.party, s.meta["party_from"]) for s in stmts}
    assert by_speaker["Obama"] == ("Obama administration", "mapping")
    for speaker in CAMP - {"Obama"}:  # office, "Obama's adviser", "administration officials" tie them
        assert by_speaker[speaker] == ("Obama administration", "tie"), speaker
    assert by_speaker["Dick Durbin"] == (None, None)  # a Democrat: not a side the analyst named
    with pytest.warns(UserWarning, match="'Dick Durbin' \\(1\\)"):
        extract_statements(STORY, parties=parties, method=method)
    extra = quiet(STORY, parties=parties, method=method, extra_sides=True)
    assert {s.speaker: s.party for s in extra}["Dick Durbin"] == "Democrats"  # asked for


@pytest.mark.parametrize("method", METHODS)
def test_two_mapped_sides_in_one_camp_tie_no_one(method):
    # the text puts Holder and Obama in one camp, but the analyst split it: Rice cannot be placed by the camp
    text = ("Attorney General Eric Holder said the inquiry would go on.\n"
            "President Obama said the White House would wait.\n"
            "The national security adviser, Susan Rice, said the speech was destructive.\n")
    table = quiet_sides(text, method=method, parties={"Holder": "Justice", "Obama": "White House staff"})
    assert table["Eric Holder"] == "Justice" and table["Obama"] == "White House staff"
    assert table["Susan Rice"] is None


@pytest.mark.parametrize("method", METHODS)
def test_the_parties_map_round_trip(tmp_path, method):
    path = tmp_path / "parties.json"
    table = quiet_sides(STORY, method=method, parties={"Obama": "Obama administration"}, path=path)
    written = json.loads(path.read_text())
    assert written == table and written["Benjamin Netanyahu"] is None  # unattributed: null, to fill in
    written["Benjamin Netanyahu"] = "Israel"  # the analyst's edit
    again = quiet_sides(STORY, method=method, parties=written)
    assert again == written
    write_parties(again, path)
    assert json.loads(path.read_text()) == again


def test_bad_inputs_say_what_was_expected():
    with pytest.raises(ValueError, match="`method` expected one of 'rules', 'parser', 'hybrid', got 'spacy'"):
        extract_statements(STORY, method="spacy")
    with pytest.raises(TypeError, match="`extra_sides` expected True or False"):
        extract_statements(STORY, extra_sides="yes")
    with pytest.raises(TypeError, match="`parties` expected string keys and values"):
        extract_statements(STORY, parties={"Obama": 3})
    with pytest.raises(TypeError, match="`statements` expected an article"):
        sides(42)


def test_side_from_words_confidences():
    assert side_from_words("Sen. Dick Durbin, Democrat of Illinois") == ("Democrats", 0.9)
    assert side_from_words("US Secretary of State Mike Pompeo") == ("United States", 0.8)
    assert side_from_words("the attorney general") == ("United States", 0.7)
    assert side_from_words("President Tsai", article="Taiwan said. Taiwan and China.") == ("Taiwan", 0.4)
    assert side_from_words("analysts") == (None, 0.0)


# ---- the parser extractor's own forms ------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "needle", "speaker", "direct"),
    [
        ("Sanctions will stay in place, Secretary of State Mike Pompeo said on Sunday.", "Sanctions will stay",
         "Mike Pompeo", False),
        ('"We are ready for talks," said Josh Earnest, the White House press secretary.', "We are ready",
         "Josh Earnest", True),
        ("The talks failed, according to a North Korean spokesman.", "The talks failed", "North Korean spokesman",
         False),
        ("Mike Pompeo arrived on Friday. He said the meeting was productive.", "the meeting was productive",
         "Mike Pompeo", False),
        ("Attorney General Eric Holder spoke on Monday. The attorney general said the case was closed.",
         "the case was closed", "Eric Holder", False),
        ("Senator Rand Paul vowed to block the nominee.", "block the nominee", "Rand Paul", False),
    ],
)
def test_parser_finds_speakers_by_parse(text, needle, speaker, direct):
    stmts = quiet(text, method="parser")
    check_offsets(text, stmts)
    hit = [s for s in stmts if needle in s.text]
    assert hit, [s.text for s in stmts]
    assert (hit[0].speaker, hit[0].direct) == (speaker, direct)


def test_parser_keeps_the_output_contract():
    text = ('North Korea says talks were regrettable\n\n"We will not give in," Kim Yong Chol said. '
            '"The demands are gangster-like."\n\nPompeo did not say when talks would resume.')
    stmts = quiet(text, method="parser", source="nk")
    check_offsets(text, stmts)
    assert [s.id for s in stmts] == [f"nk#{i}" for i in range(len(stmts))]
    assert [(s.speaker, s.direct) for s in stmts] == [
        ("North Korea", False), ("Kim Yong Chol", True), ("Kim Yong Chol", True)]  # a negated verb is no statement
    assert all(s.sentence and s.meta["rule"] for s in stmts)
    assert quiet("", method="parser") == [] and quiet("No one spoke.", method="parser") == []


def quiet_sides(text, **kwargs):
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return sides(text, **kwargs)


@pytest.mark.parametrize("method", ["rules", "parser", "hybrid"])
def test_a_camp_is_named_after_a_name_never_after_a_description(method):
    text = ("Kim Yong Chol, a top adviser to the country's leader, said the talks had failed.\n\n"
            "John Smith, a spokesman for Senator Harry Reid, said the vote would pass.")
    got = {s.speaker: s.party for s in quiet(text, method=method)}
    assert got["Kim Yong Chol"] in (None, "Kim Yong Chol")  # never a side called "country's leader"
    assert got["John Smith"] in ("Harry Reid", "Senator Harry Reid")


@pytest.mark.parametrize("method", METHODS)
def test_a_spokesman_and_the_person_he_speaks_for_are_one_camp_when_the_text_names_no_side(method):
    text = ("Harold Quinn said on Monday that the mine would stay open.\n"
            "Jim Barlow, a spokesman for Mr. Quinn, said that the workers would be paid in full.\n"
            "Sheriff Dana Wells said the protest had been peaceful.\n")
    table = quiet_sides(text, method=method)
    assert table["Jim Barlow"] == table["Harold Quinn"] == "Harold Quinn"  # one camp, named after the principal
    assert table.get("Dana Wells") == "Dana Wells"  # nothing ties her to anyone: a side of her own
    stmts = quiet(text, method=method)
    assert {s.meta["side_confidence"] for s in stmts if s.speaker == "Jim Barlow"} == {0.3}


def test_a_states_own_office_is_that_states_side_not_the_federal_executive():
    assert side_from_words("Texas Gov. Greg Abbott") == ("Texas", 0.8)
    assert side_from_words("a spokesman for the New York attorney general's office") == ("New York", 0.8)
    assert side_from_words("the governor of Rhode Island") == ("Rhode Island", 0.8)
    assert side_from_words("the attorney general") == ("United States", 0.7)  # no state: the federal office
    assert side_from_words("Texas Democrat Jane Doe")[0] == "Democrats"  # a party label wins


@pytest.mark.parametrize("method", METHODS)
def test_onlookers_and_unnamed_speakers_get_no_side_of_their_own(method):
    text = ("Mayor Tom Hale said the bridge was safe.\n\n"
            "Historian Ann Wu of Brown University said the bridge was a landmark.\n\n"
            "Officials said the bridge would close, according to the Washington Post.")
    table = quiet_sides(text, method=method)
    assert table["Tom Hale"] == "Tom Hale"
    assert table.get("Ann Wu") is None and table.get("Officials") is None

"""Tests for framing.extract: reported speech: forward clauses, trailing attributions, headlines,
'according to' (framing.extract.reported).
"""

from __future__ import annotations

from extract_helpers import by_text, check_offsets, quiet


def test_indirect_speech_and_trailing_attribution():
    text = (
        "US Secretary of State Mike Pompeo said on Sunday that sanctions will remain in place. "
        "The demands were gangster-like, a North Korean official told reporters. "
        "South Korean Foreign Minister Kang Kyung Wha warned that talks could stall."
    )
    stmts = quiet(text)
    check_offsets(text, stmts)
    got = [(s.text, s.speaker, s.party, s.direct) for s in stmts]
    assert got == [
        ("sanctions will remain in place", "Mike Pompeo", "United States", False),
        ("The demands were gangster-like", "North Korean official", "North Korea", False),
        ("talks could stall", "Kang Kyung Wha", "South Korea", False),
    ]


def test_call_on_and_press_to_are_urgings():
    text = (
        "Senators called on President Trump to cancel his meeting with Putin.\n\n"
        "A group of 64 House Democrats pressed the leader to address the debt limit."
    )
    stmts = quiet(text)
    assert by_text(stmts, "cancel his meeting").text.startswith("to cancel")
    assert by_text(stmts, "address the debt limit").text.startswith("to address")
    headline = quiet("Top Democrats Call On Trump To Cancel Putin Meeting\n\nThe meeting is on Monday.")
    assert headline and headline[0].text == "To Cancel Putin Meeting"


def test_span_fixes_relative_who_said_show_names_and_dashes():
    text = (
        "DeMint, who said Afghanistan is a war the United States must win, said Steele needs to refocus.\n\n"
        'Speaking on ABC\'s "This Week," Sen. John McCain, R-Ariz., said the comments were inaccurate.\n\n'
        'Bill Kristol said on "Fox News Sunday" that Steele still needs to go -- though he said Steele tried.'
    )
    texts = [s.text for s in quiet(text)]
    assert "Afghanistan is a war the United States must win" in texts
    assert "Steele needs to refocus" in texts
    assert "This Week" not in texts and "Fox News Sunday" not in texts
    assert "Steele still needs to go" in texts
    assert "the comments were inaccurate" in texts


def test_clause_starts_contractions_plain_nouns_and_objects():
    text = (
        "Senate Democrats say they’ll agree to a proposal by Republicans.\n\n"
        "Cyril Ramaphosa said authorities had identified the planners.\n\n"
        "The former adviser denied a request to turn over documents.\n\n"
        "Flynn’s lawyer said on Monday that Flynn would not comply."
    )
    texts = [s.text for s in quiet(text)]
    assert "they’ll agree to a proposal by Republicans" in texts
    assert "authorities had identified the planners" in texts
    assert not any("a request" in t for t in texts)
    assert "Flynn would not comply" in texts
    assert not any(t.startswith("Flynn’s lawyer") for t in texts)


def test_clause_ends_at_semicolons_dashes_but_he_and_a_second_reporting_verb():
    text = (
        "Republicans said the Senate should vote on the bills; most would cut regulations.\n\n"
        "The senator has said he will stay out of the race, but he appears in a new ad.\n\n"
        "Akin claimed he would help the party by staying in, but admitted that no senator had called him.\n\n"
        "The mayor said the city was safe — a claim critics dispute."
    )
    texts = [s.text for s in quiet(text)]
    assert "the Senate should vote on the bills" in texts
    assert "he will stay out of the race" in texts
    assert "he would help the party by staying in" in texts
    assert "no senator had called him" in texts
    assert "the city was safe" in texts


def test_trailing_attribution_after_a_semicolon_and_generic_groups_take_no_party():
    text = "House Republicans said the Senate should act; most bills would cut spending, analysts say."
    analysts = by_text(quiet(text), "most bills")
    assert analysts.text == "most bills would cut spending"
    assert (analysts.speaker, analysts.party) == ("analysts", None)  # not the Republicans quoted before


def test_a_report_of_a_report_goes_to_the_outer_speaker():
    text = "President Joe Biden told the prime minister that he expects “a ceasefire soon,” the White House said."
    stmts = quiet(text)
    assert len(stmts) == 1
    assert stmts[0].speaker == "White House" and stmts[0].text.startswith("President Joe Biden told")
    # a plain quote keeps its own rule and stays direct
    plain = quiet("The decision has “injected partisanship into the relationship,” Ms. Rice said.")
    assert plain[0].direct and plain[0].text == "injected partisanship into the relationship"


def test_infinitive_quotes_and_setting_adjuncts():
    text = (
        "The new congresswoman vowed to “impeach the president,” referring to Trump.\n\n"
        "Akin had also vowed to remain in the race earlier Tuesday on a radio show.\n\n"
        "Romney urged him to step aside in an interview with a local station."
    )
    stmts = quiet(text)
    quote = by_text(stmts, "impeach the president")
    assert quote.direct and quote.text == "impeach the president"
    assert by_text(stmts, "remain in the race").text == "to remain in the race"
    assert by_text(stmts, "step aside").text == "to step aside"


def test_new_reporting_verbs_and_phrases():
    text = (
        "Michael Bloomberg also charged that Trump had left behind many bankruptcies.\n\n"
        "Nancy Pelosi reasoned that the comments do not matter.\n\n"
        "Vicente Fox made it loud and clear that he won’t pay for the wall.\n\n"
        "Michael Bloomberg often makes the case that immigration helps the economy.\n\n"
        "Claire McCaskill made clear she believed in the old rules.\n\n"
        "Claire McCaskill made clear her support for the nominee."
    )
    texts = [s.text for s in quiet(text)]
    for clause in ("Trump had left behind many bankruptcies", "the comments do not matter",
                   "he won’t pay for the wall", "immigration helps the economy", "she believed in the old rules"):
        assert clause in texts
    assert not any("her support" in t for t in texts)  # an object, not a clause
    assert not quiet("Bloomberg was charged with fraud.")


def test_headline_x_to_y_colon_gives_the_speaker_before_to():
    text = "Mitt To Akin: Drop Out\n\nMitt Romney said Todd Akin should leave the race."
    head = quiet(text)[0]
    assert (head.text, head.speaker) == ("Drop Out", "Mitt Romney")
    text = "Former Mexican President Fox to Trump: We won't pay for it\n\nVicente Fox said he would not pay."
    head = quiet(text)[0]
    assert (head.text, head.speaker) == ("We won't pay for it", "Vicente Fox")


def test_according_to_after_a_said_attribution_or_a_poll():
    text = (
        'Joe Biden visited Mexico.\n\n"Some of the rhetoric is dangerous," Biden said, according to AFP.\n\n'
        "Each of the measures has broad support, according to polls."
    )
    stmts = quiet(text)
    assert by_text(stmts, "rhetoric").speaker == "Joe Biden"
    assert not any("broad support" in s.text for s in stmts)


def test_time_phrase_before_the_verb_is_not_the_speaker():
    text = "The comments echo those of Felipe Calderón, who a week ago asserted that Mexico will not pay."
    assert by_text(quiet(text), "Mexico will not pay").speaker == "Felipe Calderón"


def test_clause_opened_by_a_number_or_quantity():
    stmts = quiet("Israel has said more than 3,400 rockets have hit its towns.")
    assert by_text(stmts, "rockets").text == "more than 3,400 rockets have hit its towns"
    # "more" with no verb after it is an object, not a clause
    assert not quiet("Susan Rice warned the visit was bad, adding more acrimony to the visit.")[1:]


def test_going_on_to_suggest_takes_the_subject_of_the_verb_before():
    text = (
        "Todd Akin refused to quit on Tuesday.\n\n"
        '"There has to be room," he said, going on to suggest Romney had made a bigger deal of it.'
    )
    assert by_text(quiet(text), "bigger deal").speaker == "Todd Akin"


def test_trailing_attribution_to_an_outlet():
    text = "The ad is costing the group $1 million, the organization confirmed to Fox News."
    stmts = quiet(text)
    assert stmts and stmts[0].text == "The ad is costing the group $1 million"


def test_indirect_clause_ending_in_a_colon_quote():
    text = "Mr. Boehner said that Mr. Obama could help: “I’m sure he has great influence over there.”"
    stmts = quiet(text)
    assert [s.text for s in stmts] == ["Mr. Obama could help", "I’m sure he has great influence over there."]
    assert [s.direct for s in stmts] == [False, True]
    assert {s.speaker for s in stmts} == {"Boehner"}


def test_negated_reporting_is_no_statement():
    text = (
        "Romney had stopped short of calling on Akin to resign.\n\n"
        "The campaign declined to say where the ad would run.\n\n"
        "Perry was not suggesting that anyone be rounded up."
    )
    assert quiet(text) == []


def test_continued_with_an_object_and_adverb_before_that():
    assert not quiet("Akin, however, continued his refusal to step down on Tuesday.")
    stmts = quiet("Speaker Nancy Pelosi stated plainly that any deal would not include money for a wall.")
    assert stmts[0].text == "any deal would not include money for a wall"


def test_the_heldout4_rules_stay_narrow():
    # "challenged the notion that X" disputes X; "challenged X to a debate" is no statement
    assert not quiet("Senator John Smith challenged the notion that taxes must rise.")
    assert not quiet("Senator John Smith challenged Tom Jones to a debate.")
    # an aide's principal: not another person of the same surname, not a possessive
    smiths = ("Jane Smith, a spokeswoman for Mr. Obama, declined to comment.\n\n"
              "“The bill will fail,” said John Smith, a retired teacher.")
    assert by_text(quiet(smiths, parties={"Obama": "Dems"}), "bill will fail").party is None
    rival = "Barack Obama, a Democrat, spoke.\n\n“We will win,” said Jim Manley, an adviser to Obama's rival."
    assert by_text(quiet(rival), "We will win").party == "Jim Manley"  # not Obama's side: one of his own
    # an opening adjunct that holds a name is no adjunct
    earlier = ("Senator Tom Jones, a Democrat, spoke first.\n\nEarlier Senator John Smith, a Republican, "
               "criticized the bill. “It will fail,” he said.")
    assert by_text(quiet(earlier), "It will fail").speaker == "John Smith"
    # a coordination or a finite verb ends an appositive chain
    both = "John Smith, a Republican from Texas, and Tom Jones, a Democrat, said the bill would fail."
    assert by_text(quiet(both), "the bill would fail").speaker != "John Smith"
    hired = "John Smith, the chairman who had hired Tom Jones, a Democrat, said the bill would fail."
    assert by_text(quiet(hired), "the bill would fail").party != "Democrats"
    # only the aside is skipped: a rival in the main clause keeps the pronoun unresolved
    met = ("Republicans called on Rep. Adam Schiff (D-Calif.) to resign.\n\nSchiff met with Donald Trump on "
           "Monday.\n\n“I don’t think it’s OK,” he said.")
    assert by_text(quiet(met), "OK").speaker is None
    # an adverb ends a determiner phrase, so "The liberal justice" still names the justice
    justice = ("Justice Ruth Bader Ginsburg spoke about Donald Trump.\n\nThe liberal justice repeatedly "
               "criticized the nominee. “I can not imagine it,” she said.")
    assert by_text(quiet(justice), "imagine").speaker == "Ruth Bader Ginsburg"


def test_a_reported_clause_stops_at_a_contrast_and_a_pronoun_led_report():
    text = (
        "Shutdown talks\n\nPresident Donald Trump said Wednesday that funding for the wall is non-negotiable, while "
        "Democrats have said they will fund border security.\n\n"
        "Officials said the gunman had pledged allegiance to the group, and they acknowledged that he was known."
    )
    stmts = quiet(text)
    assert by_text(stmts, "non-negotiable").text == "funding for the wall is non-negotiable"
    assert by_text(stmts, "pledged allegiance").text == "the gunman had pledged allegiance to the group"
    # the speaker's own contrast or a second action stays in the clause
    for whole in ("he would raise taxes on the rich, while lowering them for the middle class",
                  "the economy grew, while inflation fell to its lowest level",
                  "the protesters had blocked the road, and they threatened to return on Monday",
                  "the workers were promised raises, and they agreed to end the strike"):
        assert [s.text for s in quiet(f"Title\n\nThe mayor said {whole}.")] == [whole]


def test_an_adverbial_clause_or_phrase_is_no_statement():
    # a scene-setting clause before "X said" and a time phrase after "said" are not what was said
    asked = quiet("When asked about the budget, Mayor Ann Lee said, “We will balance it by June.”")
    assert [s.text for s in asked] == ["We will balance it by June."]
    assert quiet("Mayor Ann Lee said after the council vote.") == []
    # a clause with its own verb after the adverbial word is still a claim
    kept = quiet("Mayor Ann Lee said before leaving town the budget would be balanced.")
    assert [s.text for s in kept] == ["before leaving town the budget would be balanced"]


def test_according_to_after_an_attributed_quote_keeps_the_quoted_speaker():
    text = "“The plan will fail,” said Mayor Ann Lee in a radio interview, according to the Gazette."
    stmts = quiet(text)
    assert [(s.text, s.speaker) for s in stmts] == [("The plan will fail", "Ann Lee")], [(s.text, s.speaker) for s in stmts]


def test_a_second_report_of_the_same_subject_is_a_statement_of_its_own():
    text = "The senator's office denied that the club has unfair rules and said it does have minority members."
    stmts = quiet(text)
    check_offsets(text, stmts)
    assert [s.text for s in stmts] == ["the club has unfair rules", "it does have minority members"]
    quoted = 'For months, Mr. Hale claimed the count had been "rigged," and urged his followers to march on the capitol.'
    stmts = quiet(quoted)
    assert {s.speaker for s in stmts} == {"Hale"}  # never "For"
    assert by_text(stmts, "march").text == "to march on the capitol"
    # "told" after "and" may belong to the reported clause's own subject: it stays inside
    nested = "Mr. Hale said the mayor called him and told him to resign."
    assert [s.text for s in quiet(nested)] == ["the mayor called him and told him to resign"]

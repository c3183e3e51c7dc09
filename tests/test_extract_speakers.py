"""Tests for framing.extract: speaker resolution: names, titles, descriptions, pronouns, principals
(framing.extract.speakers, mentions).
"""

from __future__ import annotations

from extract_helpers import by_text, quiet


def test_speaker_resolution_surname_title_role_and_pronoun():
    text = (
        "Secretary of State Mike Pompeo arrived on Friday.\n\n"
        '"We made progress," Mr. Pompeo said.\n\n'
        "The secretary of state said the talks would continue.\n\n"
        '"It will take time," he said.'
    )
    stmts = quiet(text)
    assert [s.speaker for s in stmts] == ["Mike Pompeo"] * 3
    assert {s.party for s in stmts} == {"United States"}


def test_ambiguous_pronoun_gives_no_speaker():
    text = (
        "Donald Trump met Kim Jong Un and Moon Jae-in in Singapore. "
        "He said the talks were a success."
    )
    stmts = quiet(text)
    assert len(stmts) == 1 and stmts[0].speaker is None and stmts[0].party is None


def test_an_agent_for_someone_speaks_for_them_not_as_them():
    named = ("Senator Jane Roe (D-Vt.) spoke on Monday. The lawyer for Ms. Roe, Tom Kerr, said that the records "
             "were complete.\n\nIn a letter on Friday, a lawyer for Ms. Roe said there was no need to hand over "
             "the server.")
    stmts = quiet(named, parties={"Roe": "Democrats"})
    assert [(s.speaker, s.party) for s in stmts] == [("Tom Kerr", "Democrats")] * 2
    # no name given: the role speaks
    unnamed = named.replace("The lawyer for Ms. Roe, Tom Kerr, said", "She said")
    assert by_text(quiet(unnamed), "no need").speaker == "lawyer for Ms. Roe"


def test_a_description_gives_its_party_to_the_person():
    text = (
        "Donald Trump told the Times that it was inappropriate.\n\n"
        '"I think it is a disgrace," the presumptive Republican nominee said.'
    )
    stmts = quiet(text)
    assert len(stmts) == 2
    assert all((s.speaker, s.party) == ("Donald Trump", "Republicans") for s in stmts), [(s.speaker, s.party) for s in stmts]


def test_pronoun_after_a_sole_subject_and_names_inside_quotes_do_not_count():
    text = (
        "The liberal icon justice Ruth Bader Ginsburg spoke on Saturday.\n\n"
        "The justice had kicked off the storm with comments to a newspaper.\n\n"
        '"I can not imagine the country with Donald Trump as our president," she said.'
    )
    stmts = quiet(text)
    assert by_text(stmts, "imagine").speaker == "Ruth Bader Ginsburg"


def test_appositive_name_after_a_role_is_the_speaker():
    text = '"These ads give voice to many doubts," the coalition\'s executive director, Matt Brooks, said.'
    stmts = quiet(text)
    assert len(stmts) == 1 and stmts[0].direct and stmts[0].speaker == "Matt Brooks"


def test_lowercase_description_heads_resolve():
    text = (
        "House Speaker Nancy Pelosi is not upset over the remark by Michigan Rep. Rashida Tlaib.\n\n"
        "The new Democratic congresswoman vowed to “stop him” at a rally on Friday.\n\n"
        "“I don’t like that language,” the House speaker continued, noting that she doesn’t police colleagues."
    )
    stmts = quiet(text)
    assert by_text(stmts, "stop him").speaker == "Rashida Tlaib"  # "the congresswoman": the one Rep.
    assert by_text(stmts, "police colleagues").speaker == "Nancy Pelosi"
    text = (
        "Jorge Ramos returned to the room.\n\n"
        "“He tried to silence me,” the Mexican-born journalist told a reporter."
    )
    assert by_text(quiet(text), "silence me").speaker == "Jorge Ramos"


def test_possessive_descriptions_and_elect_titles():
    text = (
        "Iran's president-elect Ebrahim Raisi said on Monday that he would not meet Biden.\n\n"
        "Iran's new political leader said Washington should return to the deal."
    )
    stmts = quiet(text)
    assert by_text(stmts, "not meet Biden").party == "Iran"  # "Iran's president-elect"
    deal = by_text(stmts, "return to the deal")
    assert (deal.speaker, deal.party) == ("Ebrahim Raisi", "Iran")
    # a possessive description before any name stays a description
    assert quiet("Taiwan’s president on Sunday vowed to defend the island.")[0].speaker != "Tsai Ing-wen"


def test_pronouns_take_the_nearest_speaker_and_learn_gender():
    text = (
        "House Speaker Nancy Pelosi spoke about Rep. Rashida Tlaib.\n\n"
        "The congresswoman vowed to “fight on,” and then Pelosi said it was a free speech issue.\n\n"
        "“I’m not in the censorship business,” she told a reporter.\n\n"
        "“It is no worse than what the president has said,” she concluded.\n\n"
        "Since taking office he has referred to critics as “losers,” a tape shows. Donald Trump did not reply."
    )
    stmts = quiet(text)
    assert by_text(stmts, "censorship").speaker == "Nancy Pelosi"  # the nearest speaker, not the quote's
    assert by_text(stmts, "losers").speaker != "Nancy Pelosi"  # "she" earlier: Pelosi is not "he"


def test_possessive_name_is_no_rival_antecedent():
    text = (
        "Todd Akin continued to resist on Tuesday in an interview on Sean Hannity's radio show.\n\n"
        '"It still seems to me that there has to be room to broaden the campaign," he said.'
    )
    assert by_text(quiet(text), "broaden the campaign").speaker == "Todd Akin"


def test_leading_even_before_clause_and_relative_clause_subjects():
    text = ("Even before the nomination, Ms. Claire McCaskill drew ire by expressing support for a hearing, "
            "before making clear she believed in the old rules.")
    assert by_text(quiet(text), "old rules").speaker == "Claire McCaskill"
    text = ("The Perry campaign did not say much, but the focus has been Iowa, where many voters describe "
            "themselves as Christian evangelicals.")
    assert not any("evangelicals" in s.text for s in quiet(text))


def test_an_aide_takes_the_party_of_the_person_he_speaks_for():
    text = (
        "Reid opposes mosque\n\n"
        "Harry Reid, the Senate Democratic leader, said through a spokesman that the center should move.\n\n"
        "“The First Amendment protects freedom of religion,” said Jim Manley, a top adviser to Mr. Reid."
    )
    quote = by_text(quiet(text), "First Amendment")
    assert (quote.speaker, quote.party) == ("Jim Manley", "Democrats")  # from "Senate Democratic leader"
    mapped = by_text(quiet(text.replace("Senate Democratic leader", "majority leader"), parties={"Reid": "Dems"}),
                      "First Amendment")
    assert (mapped.speaker, mapped.party) == ("Jim Manley", "Dems")  # from the user's mapping of Reid
    # an aide of nobody named is a side of his own, not one named after "the committee"
    alone = by_text(quiet("“It is fine,” said Jim Manley, a top adviser to the committee."), "It is fine")
    assert (alone.speaker, alone.party) == ("Jim Manley", "Jim Manley")


def test_a_name_before_a_chain_of_appositives_is_the_speaker():
    text = (
        "Mosque fight\n\n“Ground zero is hallowed ground,” Elliott Maynard, a Republican trying to unseat "
        "Representative Nick J. Rahall II, a Democrat, in West Virginia’s Third District, said in a statement. "
        "“Would they allow a temple in Mecca?”"
    )
    stmts = quiet(text)
    assert [(s.text, s.speaker, s.party, s.direct) for s in stmts] == [
        ("Ground zero is hallowed ground", "Elliott Maynard", "Republicans", True),
        ("Would they allow a temple in Mecca?", "Elliott Maynard", "Republicans", True),
    ]


def test_a_determiner_phrase_subject_is_read_to_its_noun():
    text = (
        "McCaul report\n\nRep. Michael McCaul, R-Texas, released a report on Monday.\n\n"
        "The committee's ranking Republican, during an appearance on a morning show, laid out its key points "
        "and asserted that the CCP is likely \"very concerned\" by its findings.\n\n"
        "Another issue dealt with an Aug. 16 cable. That cable summarized a meeting and warned the consulate "
        "could not defend against an attack."
    )
    stmts = quiet(text)
    ccp = by_text(stmts, "the CCP is likely")
    assert (ccp.speaker, ccp.party) == ("Michael McCaul", "Republicans")
    assert by_text(stmts, "the consulate could not").speaker == "That cable"


def test_pronouns_after_an_opening_adjunct_an_apposition_and_an_aside():
    first_lady = (
        "Trump lashes out\n\nIn a statement later in the day, the first lady, Melania Trump, questioned "
        "Ms. Griffin’s sanity. “That photo is very disturbing,” she said."
    )
    assert by_text(quiet(first_lady), "very disturbing").speaker == "Melania Trump"
    aside = (
        "Schiff resign\n\nRepublicans called on Rep. Adam Schiff (D-Calif.) to resign.\n\n"
        "Schiff, in response to his critics, doubled down on the investigation, which indicted several "
        "people ― including several close to Donald Trump.\n\n“I don’t think it’s OK,” he said Thursday."
    )
    ok = by_text(quiet(aside), "OK")
    assert (ok.speaker, ok.party) == ("Adam Schiff", "Democrats")
    # a rival named in the main clause still leaves the pronoun unresolved
    rival = aside.replace("which indicted several people ― including several close to Donald Trump",
                          "and Donald Trump answered him")
    assert by_text(quiet(rival), "OK").speaker is None
    # a name in what the subject said ("expressed doubt that Mr. Ross ...") is no rival either
    said_of = ("Governor Tom Hale spoke on Monday.\n\nOn Tuesday, Mr. Hale expressed doubt that Mr. Ross would "
               "sign the bill. He suggested that Mr. Ross was only stalling to win votes.")
    assert by_text(quiet(said_of), "only stalling").speaker == "Tom Hale"


def test_an_honorific_surname_shared_with_a_full_name_gives_her_no_gender():
    # "Mr. Baker" is the bare "Baker"; it does not make Jane Baker a "he", nor is the "Baker" inside
    # her own name a rival antecedent for the "she" that follows
    text = (
        "President Baker praised the plan on Monday, and Mr. Baker took questions with his son, Tom Baker.\n\n"
        "In a speech later that day, the mayor, Jane Baker, questioned Ms. Hill’s figures. "
        "“The plan is a good one,” she said."
    )
    assert by_text(quiet(text), "good one").speaker == "Jane Baker"

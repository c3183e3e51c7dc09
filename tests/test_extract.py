"""Tests for framing.extract: who said what, with speaker, party and offsets."""

from __future__ import annotations

import doctest
import hashlib
import importlib
import json
import pkgutil
import time
import warnings
from pathlib import Path

import pytest

import framing.extract
from framing.extract import extract_statements, unmapped_speakers
from framing.extract.recording import can_speak, is_fragment
from framing.statements import Statement

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_bce12cd754ad89bf.txt"
GOLD = ROOT / "tests" / "data" / "extract_gold" / "gold.jsonl"
SHARED = ROOT.parent / "shared"


def _quiet(text: str, **kwargs) -> list[Statement]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return extract_statements(text, **kwargs)


def _by_text(statements: list[Statement], needle: str) -> Statement:
    hits = [s for s in statements if needle in s.text]
    assert hits, f"no statement contains {needle!r}: {[s.text for s in statements]}"
    return hits[0]


def _check_offsets(text: str, statements: list[Statement]) -> None:
    for s in statements:
        assert text[s.start : s.end] == s.text
        assert s.start < s.end
        assert s.text in s.sentence or s.sentence in text


@pytest.fixture(scope="module")
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


EXTRACT_MODULES = ["framing.extract"] + [f"framing.extract.{m.name}" for m in pkgutil.iter_modules(framing.extract.__path__)]


@pytest.mark.parametrize("name", EXTRACT_MODULES)
def test_doctest_examples(name):
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0


def test_seed_finds_both_sides_with_parties(seed_text):
    stmts = _quiet(seed_text, parties={"Pompeo": "United States", "Kim Yong Chol": "North Korea"}, source="seed")
    _check_offsets(seed_text, stmts)
    productive = _by_text(stmts, "productive")
    assert (productive.speaker, productive.party, productive.direct) == ("Mike Pompeo", "United States", True)
    rapacious = _by_text(stmts, "rapacious")
    assert (rapacious.speaker, rapacious.party) == ("North Korea", "North Korea")
    worrisome = _by_text(stmts, "extremely worrisome")
    assert worrisome.party == "North Korea" and worrisome.direct
    sanctions = _by_text(stmts, "Sanctions on North Korea will remain")
    assert (sanctions.speaker, sanctions.party, sanctions.direct) == ("Mike Pompeo", "United States", False)
    headline = stmts[0]
    assert headline.speaker == "North Korea" and "gangsters" in headline.text
    nauert = _by_text(stmts, "working groups")
    assert nauert.speaker == "Heather Nauert" and nauert.party == "United States"
    assert all(s.source == "seed" and s.id.startswith("seed#") for s in stmts)
    assert [s.start for s in stmts] == sorted(s.start for s in stmts)


def test_seed_party_from_text_alone(seed_text):
    stmts = _quiet(seed_text)
    assert _by_text(stmts, "Sanctions on North Korea").party == "United States"  # "US Secretary of State"
    assert _by_text(stmts, "extremely worrisome").party == "North Korea"  # "a North Korean statement"
    # "the spokesman" with no named holder speaks for the institution quoted before it
    assert _by_text(stmts, "failed to consolidate mutual trust").party == "North Korea"


def test_direct_quotes_before_after_and_split():
    text = (
        '"We will not give in," the minister said. '
        'She said: "The talks were productive." '
        '\u201cIt is a start,\u201d she added, \u201cbut only a start.\u201d'
    )
    stmts = _quiet(text)
    _check_offsets(text, stmts)
    assert [s.text for s in stmts] == [
        "We will not give in",
        "The talks were productive.",
        "It is a start",
        "but only a start.",
    ]
    assert all(s.direct for s in stmts)


def test_indirect_speech_and_trailing_attribution():
    text = (
        "US Secretary of State Mike Pompeo said on Sunday that sanctions will remain in place. "
        "The demands were gangster-like, a North Korean official told reporters. "
        "South Korean Foreign Minister Kang Kyung Wha warned that talks could stall."
    )
    stmts = _quiet(text)
    _check_offsets(text, stmts)
    got = [(s.text, s.speaker, s.party, s.direct) for s in stmts]
    assert got == [
        ("sanctions will remain in place", "Mike Pompeo", "United States", False),
        ("The demands were gangster-like", "North Korean official", "North Korea", False),
        ("talks could stall", "Kang Kyung Wha", "South Korea", False),
    ]


def test_called_fragments_and_headline():
    text = (
        "Taiwan won't bow to China, President Tsai says\n\n"
        'China denounced the pact, describing it as "extremely irresponsible" and "narrow-minded".'
    )
    stmts = _quiet(text, parties={"tsai": "Taiwan"})
    _check_offsets(text, stmts)
    assert stmts[0].text == "Taiwan won't bow to China" and stmts[0].party == "Taiwan"
    assert [s.text for s in stmts[1:]] == ["extremely irresponsible", "narrow-minded"]
    assert {s.speaker for s in stmts[1:]} == {"China"}


def test_speaker_resolution_surname_title_role_and_pronoun():
    text = (
        "Secretary of State Mike Pompeo arrived on Friday.\n\n"
        '"We made progress," Mr. Pompeo said.\n\n'
        "The secretary of state said the talks would continue.\n\n"
        '"It will take time," he said.'
    )
    stmts = _quiet(text)
    assert [s.speaker for s in stmts] == ["Mike Pompeo"] * 3
    assert {s.party for s in stmts} == {"United States"}


def test_ambiguous_pronoun_gives_no_speaker():
    text = (
        "Donald Trump met Kim Jong Un and Moon Jae-in in Singapore. "
        "He said the talks were a success."
    )
    stmts = _quiet(text)
    assert len(stmts) == 1 and stmts[0].speaker is None and stmts[0].party is None


def test_user_mapping_is_case_insensitive_partial_and_wins():
    text = "A state department spokesperson said the meeting went well. Kim Yong Chol said the talks were regrettable."
    stmts = _quiet(text, parties={"STATE DEPARTMENT": "USA", "kim yong": "DPRK"})
    assert [s.party for s in stmts] == ["USA", "DPRK"]


def test_warning_lists_unattributed_speakers():
    text = "Jane Doe said the plan would fail. John Roe said the plan was fine."
    with pytest.warns(UserWarning, match=r"no party found .*'Jane Doe'.*'John Roe'"):
        stmts = extract_statements(text)
    assert [s.party for s in stmts] == [None, None]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        extract_statements(text, parties={"Doe": "A", "Roe": "B"})


@pytest.mark.parametrize("text", ["", "   \n\n  ", "The sky was blue and nothing happened.", "No quotes here at all"])
def test_empty_or_statement_free_text_gives_empty_list_without_warning(text):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert extract_statements(text) == []


@pytest.mark.parametrize("bad", [None, 42, b"bytes", ["a list"]])
def test_non_string_text_raises_clear_type_error(bad):
    with pytest.raises(TypeError, match=r"`text` expected a string"):
        extract_statements(bad)


def test_bad_parties_raise_type_error():
    with pytest.raises(TypeError, match=r"`parties` expected a mapping"):
        extract_statements("X said Y.", parties=[("Pompeo", "US")])
    with pytest.raises(TypeError, match=r"string keys and values"):
        extract_statements("X said Y.", parties={"Pompeo": 1})


@pytest.mark.parametrize(
    "text",
    [
        '"This quote never closes, said nobody',
        'He said "one" and "two and then "three',
        "\u201cOpen curly only. Pompeo said that it was fine.",
        'Closing only" said the man.',
        "'single 'quotes' everywhere' he said '",
        '"' * 50,
    ],
)
def test_unbalanced_quotes_do_not_crash(text):
    stmts = _quiet(text)
    _check_offsets(text, stmts)


def test_html_entities_keep_offsets_into_the_original():
    text = "&ldquo;The talks were productive &amp; useful,&rdquo; Mike Pompeo said. &#8220;Yes,&#8221; he said."
    stmts = _quiet(text, parties={"Pompeo": "United States"})
    assert stmts, "entities should not hide the quotes"
    _check_offsets(text, stmts)
    first = stmts[0]
    assert first.speaker == "Mike Pompeo"
    assert "&amp;" in first.text
    assert first.meta["unescaped"] == "The talks were productive & useful"
    assert stmts[1].text == "Yes" and stmts[1].speaker == "Mike Pompeo"


def test_non_english_text_does_not_crash():
    for text in [
        "Er sagte: \u201eDas ist gut\u201c, sagte Merkel. Die Gespr\u00e4che seien produktiv, sagte Scholz.",
        "\u5317\u671d\u9bae\u306f\u300c\u907a\u61be\u3060\u300d\u3068\u8ff0\u3079\u305f\u3002",
        "\u0421\u0435\u043a\u0440\u0435\u0442\u0430\u0440\u044c \u0441\u043a\u0430\u0437\u0430\u043b: \u00ab\u041f\u0435\u0440\u0435\u0433\u043e\u0432\u043e\u0440\u044b \u0431\u044b\u043b\u0438 \u0442\u0440\u0443\u0434\u043d\u044b\u043c\u0438\u00bb.",
        "\u0627\u0644\u0645\u062a\u062d\u062f\u062b \u0642\u0627\u0644 \u0625\u0646 \u0627\u0644\u0645\u062d\u0627\u062f\u062b\u0627\u062a \u0645\u062b\u0645\u0631\u0629",
    ]:
        stmts = _quiet(text)
        _check_offsets(text, stmts)


def test_long_article_is_fast_and_scales_linearly(seed_text):
    small = "\n\n".join([seed_text] * 2)  # ~10k characters
    big = "\n\n".join([seed_text] * 22)  # ~100k characters
    assert len(big) >= 100_000

    def timed(text: str) -> tuple[float, int]:
        start = time.perf_counter()
        n = len(_quiet(text))
        return time.perf_counter() - start, n

    timed(small)  # warm the regex cache
    t_small, n_small = timed(small)
    t_big, n_big = timed(big)
    assert n_big == 11 * n_small  # the same statements, repeated
    # generous bounds: the spec asks for well under a second per 10k characters
    assert t_big / (len(big) / 10_000) < 1.0
    assert t_big < 40 * max(t_small, 1e-3)  # ~11x the text: far from quadratic (121x)


# ---- the hand-annotated gold -------------------------------------------------------------


def _gold() -> list[dict]:
    return [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_gold_file_holds_only_offsets_labels_and_short_excerpts():
    records = _gold()
    assert len(records) >= 11
    assert {r["split"] for r in records} == {"dev", "heldout", "heldout2", "heldout3", "heldout4", "heldout5", "heldout6"}
    assert sum(r["split"] == "heldout" for r in records) >= 4
    assert sum(r["split"] == "heldout2" for r in records) >= 6
    assert sum(r["split"] == "heldout3" for r in records) >= 10
    assert sum(r["split"] == "heldout4" for r in records) >= 10
    assert sum(r["split"] == "heldout5" for r in records) >= 9
    assert sum(r["split"] == "heldout6" for r in records) >= 10
    assert len({r["source"].split(":")[0] for r in records}) == 3  # seed, BASIL and NeuS
    for r in records:
        assert set(r) == {"source", "path", "sha256", "chars", "split", "parties", "statements"}
        assert len(r["sha256"]) == 64
        for s in r["statements"]:
            assert set(s) == {"start", "end", "speaker", "party", "direct", "excerpt"}
            assert 0 <= s["start"] < s["end"] <= r["chars"]
            assert len(s["excerpt"]) <= 200


@pytest.mark.skipif(not (SHARED / "data").is_dir(), reason="../shared/data is not available")
def test_gold_offsets_match_the_shared_articles_and_quality_holds():
    from recipes.eval_extract import evaluate, load_article

    from recipes.eval_extract import held_out_events

    records = _gold()
    held = held_out_events(SHARED)
    assert not [r["source"] for r in records if any(event in r["source"] for event in held)]
    with pytest.raises(ValueError, match="held-out one"):
        load_article(f"basil:2015/{sorted(held)[0]}_1", SHARED)
    for r in records:
        text = load_article(r["source"], SHARED)
        assert hashlib.sha256(text.encode("utf-8")).hexdigest() == r["sha256"]
        for s in r["statements"]:
            assert text[s["start"] : s["end"]][:200] == s["excerpt"]
    scores = evaluate(records, shared=SHARED, use_parties=True)
    assert scores["f1"] >= 0.80
    assert scores["speaker_acc"] >= 0.80
    heldout = evaluate([r for r in records if r["split"] == "heldout"], shared=SHARED, use_parties=True)
    assert heldout["f1"] >= 0.80
    heldout2 = evaluate([r for r in records if r["split"] == "heldout2"], shared=SHARED, use_parties=True)
    assert heldout2["f1"] >= 0.80
    assert heldout2["party_acc"] >= 0.85
    heldout3 = evaluate([r for r in records if r["split"] == "heldout3"], shared=SHARED, use_parties=True)
    assert heldout3["f1"] >= 0.80
    assert heldout3["party_acc"] >= 0.85
    heldout4 = evaluate([r for r in records if r["split"] == "heldout4"], shared=SHARED, use_parties=True)
    assert heldout4["f1"] >= 0.80  # blind run: 0.817
    assert heldout4["party_acc"] >= 0.85  # blind run: 0.854
    heldout5 = evaluate([r for r in records if r["split"] == "heldout5"], shared=SHARED, use_parties=True)
    assert heldout5["f1"] >= 0.80  # blind run: 0.806
    # blind run: 0.910 (0.898 after later span fixes); 0.890 once its held-out BASIL article left the gold
    assert heldout5["party_acc"] >= 0.88
    heldout6 = evaluate([r for r in records if r["split"] == "heldout6"], shared=SHARED, use_parties=True)
    assert heldout6["f1"] >= 0.66  # blind run: 0.68 (recall 0.55: the new reporting forms); raise with fixes
    assert heldout6["party_acc"] >= 0.85  # blind run: 0.89


# ---- party attribution and span fixes found on the second blind held-out set ----------------------


def test_context_stops_at_the_headline_and_mapping_keys_ignore_other_names():
    text = (
        "John McCain, Top Democrats Call On Trump To Cancel Putin Meeting\n\n"
        "Sen. John McCain (R-Ariz.) said the talks should not go ahead.\n\n"
        "McCain said Putin must be held to account."
    )
    for parties in (None, {"Trump": "United States", "Putin": "Russia"}):
        stmts = _quiet(text, parties=parties)
        held = _by_text(stmts, "held to account")
        assert (held.speaker, held.party) == ("John McCain", "Republicans")


def test_mapping_key_still_matches_the_speakers_own_title():
    text = '"Allowing this to go on weakens the relationship," said Josh Earnest, the White House press secretary.'
    stmts = _quiet(text, parties={"White House": "United States"})
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
    assert _by_text(_quiet(text), needle).party == party


def test_later_mentions_take_the_first_mentions_party():
    text = (
        "Sen. John McCain, R-Ariz., said Steele's comments were wrong.\n\n"
        "The Arizona Republican said Steele needs to assess his future.\n\n"
        "McCain said the party must win in November.\n\n"
        '"We need a focused chairman," the senator said.'
    )
    stmts = _quiet(text)
    for needle in ("assess his future", "must win", "focused chairman"):
        s = _by_text(stmts, needle)
        assert (s.speaker, s.party) == ("John McCain", "Republicans"), needle


def test_a_description_gives_its_party_to_the_person():
    text = (
        "Donald Trump told the Times that it was inappropriate.\n\n"
        '"I think it is a disgrace," the presumptive Republican nominee said.'
    )
    stmts = _quiet(text)
    assert len(stmts) == 2
    assert all((s.speaker, s.party) == ("Donald Trump", "Republicans") for s in stmts), [(s.speaker, s.party) for s in stmts]


def test_pronoun_after_a_sole_subject_and_names_inside_quotes_do_not_count():
    text = (
        "The liberal icon justice Ruth Bader Ginsburg spoke on Saturday.\n\n"
        "The justice had kicked off the storm with comments to a newspaper.\n\n"
        '"I can not imagine the country with Donald Trump as our president," she said.'
    )
    stmts = _quiet(text)
    assert _by_text(stmts, "imagine").speaker == "Ruth Bader Ginsburg"


def test_call_on_and_press_to_are_urgings():
    text = (
        "Senators called on President Trump to cancel his meeting with Putin.\n\n"
        "A group of 64 House Democrats pressed the leader to address the debt limit."
    )
    stmts = _quiet(text)
    assert _by_text(stmts, "cancel his meeting").text.startswith("to cancel")
    assert _by_text(stmts, "address the debt limit").text.startswith("to address")
    headline = _quiet("Top Democrats Call On Trump To Cancel Putin Meeting\n\nThe meeting is on Monday.")
    assert headline and headline[0].text == "To Cancel Putin Meeting"


def test_span_fixes_relative_who_said_show_names_and_dashes():
    text = (
        "DeMint, who said Afghanistan is a war the United States must win, said Steele needs to refocus.\n\n"
        'Speaking on ABC\'s "This Week," Sen. John McCain, R-Ariz., said the comments were inaccurate.\n\n'
        'Bill Kristol said on "Fox News Sunday" that Steele still needs to go -- though he said Steele tried.'
    )
    texts = [s.text for s in _quiet(text)]
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
    texts = [s.text for s in _quiet(text)]
    assert "they’ll agree to a proposal by Republicans" in texts
    assert "authorities had identified the planners" in texts
    assert not any("a request" in t for t in texts)
    assert "Flynn would not comply" in texts
    assert not any(t.startswith("Flynn’s lawyer") for t in texts)


def test_parenthetical_attribution_and_colleagues():
    text = (
        "Practically speaking, he continued, impeachment is only possible with public support.\n\n"
        "House Majority Leader Steny Hoyer, D-Md., and his colleagues said Democrats backed the efforts."
    )
    stmts = _quiet(text)
    assert _by_text(stmts, "impeachment").text.startswith("impeachment is only possible")
    hoyer = _by_text(stmts, "backed the efforts")
    assert (hoyer.speaker, hoyer.party) == ("Steny Hoyer", "Democrats")


# ---- fixes found on the third blind held-out set (heldout3) ----------------------------------------


def test_clause_ends_at_semicolons_dashes_but_he_and_a_second_reporting_verb():
    text = (
        "Republicans said the Senate should vote on the bills; most would cut regulations.\n\n"
        "The senator has said he will stay out of the race, but he appears in a new ad.\n\n"
        "Akin claimed he would help the party by staying in, but admitted that no senator had called him.\n\n"
        "The mayor said the city was safe — a claim critics dispute."
    )
    texts = [s.text for s in _quiet(text)]
    assert "the Senate should vote on the bills" in texts
    assert "he will stay out of the race" in texts
    assert "he would help the party by staying in" in texts
    assert "no senator had called him" in texts
    assert "the city was safe" in texts


def test_trailing_attribution_after_a_semicolon_and_generic_groups_take_no_party():
    text = "House Republicans said the Senate should act; most bills would cut spending, analysts say."
    analysts = _by_text(_quiet(text), "most bills")
    assert analysts.text == "most bills would cut spending"
    assert (analysts.speaker, analysts.party) == ("analysts", None)  # not the Republicans quoted before


def test_a_report_of_a_report_goes_to_the_outer_speaker():
    text = "President Joe Biden told the prime minister that he expects “a ceasefire soon,” the White House said."
    stmts = _quiet(text)
    assert len(stmts) == 1
    assert stmts[0].speaker == "White House" and stmts[0].text.startswith("President Joe Biden told")
    # a plain quote keeps its own rule and stays direct
    plain = _quiet("The decision has “injected partisanship into the relationship,” Ms. Rice said.")
    assert plain[0].direct and plain[0].text == "injected partisanship into the relationship"


def test_infinitive_quotes_and_setting_adjuncts():
    text = (
        "The new congresswoman vowed to “impeach the president,” referring to Trump.\n\n"
        "Akin had also vowed to remain in the race earlier Tuesday on a radio show.\n\n"
        "Romney urged him to step aside in an interview with a local station."
    )
    stmts = _quiet(text)
    quote = _by_text(stmts, "impeach the president")
    assert quote.direct and quote.text == "impeach the president"
    assert _by_text(stmts, "remain in the race").text == "to remain in the race"
    assert _by_text(stmts, "step aside").text == "to step aside"


def test_called_for_x_to_is_an_urging_but_a_group_calling_for_is_not():
    stmts = _quiet("Mitt Romney on Tuesday called for Todd Akin to drop out of the Senate race.")
    assert _by_text(stmts, "drop out").text == "to drop out of the Senate race"
    assert not _quiet("Bill Kristol, who led the conservatives calling for Steele to step down, spoke later.")


def test_deemed_and_referred_to_as_work_like_called():
    text = (
        'Michael Bloomberg spoke at length. He deemed the economic plan "a con" and "a disaster."\n\n'
        "Since taking office Donald Trump has referred to some nations as “poor countries” in meetings."
    )
    stmts = _quiet(text)
    assert [s.text for s in stmts if s.meta["rule"] == "called"][:2] == ["a con", "a disaster."]
    assert _by_text(stmts, "poor countries").speaker == "Donald Trump"


def test_new_reporting_verbs_and_phrases():
    text = (
        "Michael Bloomberg also charged that Trump had left behind many bankruptcies.\n\n"
        "Nancy Pelosi reasoned that the comments do not matter.\n\n"
        "Vicente Fox made it loud and clear that he won’t pay for the wall.\n\n"
        "Michael Bloomberg often makes the case that immigration helps the economy.\n\n"
        "Claire McCaskill made clear she believed in the old rules.\n\n"
        "Claire McCaskill made clear her support for the nominee."
    )
    texts = [s.text for s in _quiet(text)]
    for clause in ("Trump had left behind many bankruptcies", "the comments do not matter",
                   "he won’t pay for the wall", "immigration helps the economy", "she believed in the old rules"):
        assert clause in texts
    assert not any("her support" in t for t in texts)  # an object, not a clause
    assert not _quiet("Bloomberg was charged with fraud.")


def test_headline_x_to_y_colon_gives_the_speaker_before_to():
    text = "Mitt To Akin: Drop Out\n\nMitt Romney said Todd Akin should leave the race."
    head = _quiet(text)[0]
    assert (head.text, head.speaker) == ("Drop Out", "Mitt Romney")
    text = "Former Mexican President Fox to Trump: We won't pay for it\n\nVicente Fox said he would not pay."
    head = _quiet(text)[0]
    assert (head.text, head.speaker) == ("We won't pay for it", "Vicente Fox")


def test_inverted_attribution_stops_at_a_second_verb():
    text = 'Todd Akin spoke on Sunday.\n\n"That is really rare," said Akin said of the cases.'
    assert _quiet(text)[0].speaker == "Todd Akin"
    text = 'The report came out in 2010.\n\n"The funds would remain solvent for 75 years," said the report.'
    assert _quiet(text)[0].speaker == "report"  # a noun, not a second verb


def test_appositive_name_after_a_role_is_the_speaker():
    text = '"These ads give voice to many doubts," the coalition\'s executive director, Matt Brooks, said.'
    stmts = _quiet(text)
    assert len(stmts) == 1 and stmts[0].direct and stmts[0].speaker == "Matt Brooks"


def test_lowercase_description_heads_resolve():
    text = (
        "House Speaker Nancy Pelosi is not upset over the remark by Michigan Rep. Rashida Tlaib.\n\n"
        "The new Democratic congresswoman vowed to “stop him” at a rally on Friday.\n\n"
        "“I don’t like that language,” the House speaker continued, noting that she doesn’t police colleagues."
    )
    stmts = _quiet(text)
    assert _by_text(stmts, "stop him").speaker == "Rashida Tlaib"  # "the congresswoman": the one Rep.
    assert _by_text(stmts, "police colleagues").speaker == "Nancy Pelosi"
    text = (
        "Jorge Ramos returned to the room.\n\n"
        "“He tried to silence me,” the Mexican-born journalist told a reporter."
    )
    assert _by_text(_quiet(text), "silence me").speaker == "Jorge Ramos"


def test_possessive_descriptions_and_elect_titles():
    text = (
        "Iran's president-elect Ebrahim Raisi said on Monday that he would not meet Biden.\n\n"
        "Iran's new political leader said Washington should return to the deal."
    )
    stmts = _quiet(text)
    assert _by_text(stmts, "not meet Biden").party == "Iran"  # "Iran's president-elect"
    deal = _by_text(stmts, "return to the deal")
    assert (deal.speaker, deal.party) == ("Ebrahim Raisi", "Iran")
    # a possessive description before any name stays a description
    assert _quiet("Taiwan’s president on Sunday vowed to defend the island.")[0].speaker != "Tsai Ing-wen"


def test_according_to_after_a_said_attribution_or_a_poll():
    text = (
        'Joe Biden visited Mexico.\n\n"Some of the rhetoric is dangerous," Biden said, according to AFP.\n\n'
        "Each of the measures has broad support, according to polls."
    )
    stmts = _quiet(text)
    assert _by_text(stmts, "rhetoric").speaker == "Joe Biden"
    assert not any("broad support" in s.text for s in stmts)


def test_time_phrase_before_the_verb_is_not_the_speaker():
    text = "The comments echo those of Felipe Calderón, who a week ago asserted that Mexico will not pay."
    assert _by_text(_quiet(text), "Mexico will not pay").speaker == "Felipe Calderón"


def test_clause_opened_by_a_number_or_quantity():
    stmts = _quiet("Israel has said more than 3,400 rockets have hit its towns.")
    assert _by_text(stmts, "rockets").text == "more than 3,400 rockets have hit its towns"
    # "more" with no verb after it is an object, not a clause
    assert not _quiet("Susan Rice warned the visit was bad, adding more acrimony to the visit.")[1:]


def test_going_on_to_suggest_takes_the_subject_of_the_verb_before():
    text = (
        "Todd Akin refused to quit on Tuesday.\n\n"
        '"There has to be room," he said, going on to suggest Romney had made a bigger deal of it.'
    )
    assert _by_text(_quiet(text), "bigger deal").speaker == "Todd Akin"


def test_trailing_attribution_to_an_outlet():
    text = "The ad is costing the group $1 million, the organization confirmed to Fox News."
    stmts = _quiet(text)
    assert stmts and stmts[0].text == "The ad is costing the group $1 million"


def test_hamas_is_a_party_of_its_own():
    assert _quiet("Hamas said it would honor the agreement.")[0].party == "Hamas"
    assert _quiet("A Palestinian official said the talks failed.")[0].party == "Palestine"


def test_place_after_a_plural_subject_is_a_party_clue():
    text = "Other officials in the GOP were less forgiving, suggesting that Akin could no longer win."
    assert _by_text(_quiet(text), "no longer win").party == "Republicans"


def test_indirect_clause_ending_in_a_colon_quote():
    text = "Mr. Boehner said that Mr. Obama could help: “I’m sure he has great influence over there.”"
    stmts = _quiet(text)
    assert [s.text for s in stmts] == ["Mr. Obama could help", "I’m sure he has great influence over there."]
    assert [s.direct for s in stmts] == [False, True]
    assert {s.speaker for s in stmts} == {"Boehner"}


def test_pronouns_take_the_nearest_speaker_and_learn_gender():
    text = (
        "House Speaker Nancy Pelosi spoke about Rep. Rashida Tlaib.\n\n"
        "The congresswoman vowed to “fight on,” and then Pelosi said it was a free speech issue.\n\n"
        "“I’m not in the censorship business,” she told a reporter.\n\n"
        "“It is no worse than what the president has said,” she concluded.\n\n"
        "Since taking office he has referred to critics as “losers,” a tape shows. Donald Trump did not reply."
    )
    stmts = _quiet(text)
    assert _by_text(stmts, "censorship").speaker == "Nancy Pelosi"  # the nearest speaker, not the quote's
    assert _by_text(stmts, "losers").speaker != "Nancy Pelosi"  # "she" earlier: Pelosi is not "he"


def test_possessive_name_is_no_rival_antecedent():
    text = (
        "Todd Akin continued to resist on Tuesday in an interview on Sean Hannity's radio show.\n\n"
        '"It still seems to me that there has to be room to broaden the campaign," he said.'
    )
    assert _by_text(_quiet(text), "broaden the campaign").speaker == "Todd Akin"


def test_quote_attribution_does_not_cross_a_dash():
    text = ("House Speaker Nancy Pelosi spoke on Friday.\n\n"
            "The congresswoman vowed to “impeach that man,” referring to Trump ― Pelosi said it was a free speech issue.")
    stmts = _quiet(text)
    assert _by_text(stmts, "impeach that man").speaker != "Nancy Pelosi"
    assert _by_text(stmts, "free speech").text == "it was a free speech issue"


def test_negated_reporting_is_no_statement():
    text = (
        "Romney had stopped short of calling on Akin to resign.\n\n"
        "The campaign declined to say where the ad would run.\n\n"
        "Perry was not suggesting that anyone be rounded up."
    )
    assert _quiet(text) == []


def test_continued_with_an_object_and_adverb_before_that():
    assert not _quiet("Akin, however, continued his refusal to step down on Tuesday.")
    stmts = _quiet("Speaker Nancy Pelosi stated plainly that any deal would not include money for a wall.")
    assert stmts[0].text == "any deal would not include money for a wall"


def test_leading_even_before_clause_and_relative_clause_subjects():
    text = ("Even before the nomination, Ms. Claire McCaskill drew ire by expressing support for a hearing, "
            "before making clear she believed in the old rules.")
    assert _by_text(_quiet(text), "old rules").speaker == "Claire McCaskill"
    text = ("The Perry campaign did not say much, but the focus has been Iowa, where many voters describe "
            "themselves as Christian evangelicals.")
    assert not any("evangelicals" in s.text for s in _quiet(text))


def test_presidential_inside_a_title_keeps_the_party_word():
    text = "Presumptive GOP presidential nominee Mitt Romney said Akin should quit."
    assert _quiet(text)[0].party == "Republicans"


# ---- fixes found on the fourth blind held-out set (heldout4) ----------------------------------------


def test_an_aide_takes_the_party_of_the_person_he_speaks_for():
    text = (
        "Reid opposes mosque\n\n"
        "Harry Reid, the Senate Democratic leader, said through a spokesman that the center should move.\n\n"
        "“The First Amendment protects freedom of religion,” said Jim Manley, a top adviser to Mr. Reid."
    )
    quote = _by_text(_quiet(text), "First Amendment")
    assert (quote.speaker, quote.party) == ("Jim Manley", "Democrats")  # from "Senate Democratic leader"
    mapped = _by_text(_quiet(text.replace("Senate Democratic leader", "majority leader"), parties={"Reid": "Dems"}),
                      "First Amendment")
    assert (mapped.speaker, mapped.party) == ("Jim Manley", "Dems")  # from the user's mapping of Reid
    # an aide of nobody named keeps no party
    alone = _by_text(_quiet("“It is fine,” said Jim Manley, a top adviser to the committee."), "It is fine")
    assert (alone.speaker, alone.party) == ("Jim Manley", None)


def test_a_name_before_a_chain_of_appositives_is_the_speaker():
    text = (
        "Mosque fight\n\n“Ground zero is hallowed ground,” Elliott Maynard, a Republican trying to unseat "
        "Representative Nick J. Rahall II, a Democrat, in West Virginia’s Third District, said in a statement. "
        "“Would they allow a temple in Mecca?”"
    )
    stmts = _quiet(text)
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
    stmts = _quiet(text)
    ccp = _by_text(stmts, "the CCP is likely")
    assert (ccp.speaker, ccp.party) == ("Michael McCaul", "Republicans")
    assert _by_text(stmts, "the consulate could not").speaker == "That cable"


def test_pronouns_after_an_opening_adjunct_an_apposition_and_an_aside():
    first_lady = (
        "Trump lashes out\n\nIn a statement later in the day, the first lady, Melania Trump, questioned "
        "Ms. Griffin’s sanity. “That photo is very disturbing,” she said."
    )
    assert _by_text(_quiet(first_lady), "very disturbing").speaker == "Melania Trump"
    aside = (
        "Schiff resign\n\nRepublicans called on Rep. Adam Schiff (D-Calif.) to resign.\n\n"
        "Schiff, in response to his critics, doubled down on the investigation, which indicted several "
        "people ― including several close to Donald Trump.\n\n“I don’t think it’s OK,” he said Thursday."
    )
    ok = _by_text(_quiet(aside), "OK")
    assert (ok.speaker, ok.party) == ("Adam Schiff", "Democrats")
    # a rival named in the main clause still leaves the pronoun unresolved
    rival = aside.replace("which indicted several people ― including several close to Donald Trump",
                          "and Donald Trump answered him")
    assert _by_text(_quiet(rival), "OK").speaker is None


def test_challenged_x_to_and_dismissed_x_as():
    text = (
        "Mosque\n\nIn a number of releases, Republican House and Senate candidates challenged Democrats like "
        "Mr. Reid to make their positions clear.\n\n"
        "Rick Santorum dismissed the president's agenda as being based in \"some phony theology.\""
    )
    stmts = _quiet(text)
    challenge = _by_text(stmts, "positions clear")
    assert challenge.text == "to make their positions clear"
    assert (challenge.speaker, challenge.party) == ("Republican House and Senate candidates", "Republicans")
    assert _by_text(stmts, "phony theology").speaker == "Rick Santorum"


def test_the_heldout4_rules_stay_narrow():
    # "challenged the notion that X" disputes X; "challenged X to a debate" is no statement
    assert not _quiet("Senator John Smith challenged the notion that taxes must rise.")
    assert not _quiet("Senator John Smith challenged Tom Jones to a debate.")
    # an aide's principal: not another person of the same surname, not a possessive
    smiths = ("Jane Smith, a spokeswoman for Mr. Obama, declined to comment.\n\n"
              "“The bill will fail,” said John Smith, a retired teacher.")
    assert _by_text(_quiet(smiths, parties={"Obama": "Dems"}), "bill will fail").party is None
    rival = "Barack Obama, a Democrat, spoke.\n\n“We will win,” said Jim Manley, an adviser to Obama's rival."
    assert _by_text(_quiet(rival), "We will win").party is None
    # an opening adjunct that holds a name is no adjunct
    earlier = ("Senator Tom Jones, a Democrat, spoke first.\n\nEarlier Senator John Smith, a Republican, "
               "criticized the bill. “It will fail,” he said.")
    assert _by_text(_quiet(earlier), "It will fail").speaker == "John Smith"
    # a coordination or a finite verb ends an appositive chain
    both = "John Smith, a Republican from Texas, and Tom Jones, a Democrat, said the bill would fail."
    assert _by_text(_quiet(both), "the bill would fail").speaker != "John Smith"
    hired = "John Smith, the chairman who had hired Tom Jones, a Democrat, said the bill would fail."
    assert _by_text(_quiet(hired), "the bill would fail").party != "Democrats"
    # only the aside is skipped: a rival in the main clause keeps the pronoun unresolved
    met = ("Republicans called on Rep. Adam Schiff (D-Calif.) to resign.\n\nSchiff met with Donald Trump on "
           "Monday.\n\n“I don’t think it’s OK,” he said.")
    assert _by_text(_quiet(met), "OK").speaker is None
    # an adverb ends a determiner phrase, so "The liberal justice" still names the justice
    justice = ("Justice Ruth Bader Ginsburg spoke about Donald Trump.\n\nThe liberal justice repeatedly "
               "criticized the nominee. “I can not imagine it,” she said.")
    assert _by_text(_quiet(justice), "imagine").speaker == "Ruth Bader Ginsburg"


def test_a_reported_clause_stops_at_a_contrast_and_a_pronoun_led_report():
    text = (
        "Shutdown talks\n\nPresident Donald Trump said Wednesday that funding for the wall is non-negotiable, while "
        "Democrats have said they will fund border security.\n\n"
        "Officials said the gunman had pledged allegiance to the group, and they acknowledged that he was known."
    )
    stmts = _quiet(text)
    assert _by_text(stmts, "non-negotiable").text == "funding for the wall is non-negotiable"
    assert _by_text(stmts, "pledged allegiance").text == "the gunman had pledged allegiance to the group"
    # the speaker's own contrast or a second action stays in the clause
    for whole in ("he would raise taxes on the rich, while lowering them for the middle class",
                  "the economy grew, while inflation fell to its lowest level",
                  "the protesters had blocked the road, and they threatened to return on Monday",
                  "the workers were promised raises, and they agreed to end the strike"):
        assert [s.text for s in _quiet(f"Title\n\nThe mayor said {whole}.")] == [whole]


# ---- issue 15: nominal and blame forms, fragments, speakers that cannot speak, a strict mapping ----


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


def test_fragments_and_non_speakers_are_dropped():
    assert is_fragment("to cancel the", complement=False) and is_fragment("the stakes", complement=False)
    assert is_fragment("the", complement=True) and not is_fragment("irresponsible", complement=True)
    assert not is_fragment("it was inappropriate", complement=False)
    assert not can_speak("The") and not can_speak("WASHINGTON") and not can_speak("Several")
    assert can_speak("NATO") and can_speak("Mike Pompeo") and can_speak("the White House")


def test_strict_mapping_never_guesses_a_party_and_unmapped_speakers_are_data():
    article = ('"The talks were productive," Secretary of State Mike Pompeo said. '
               'Republican Sen. John McCain said the summit was a mistake.')
    loose = extract_statements(article, parties={"Pompeo": "United States"})
    assert {s.speaker: s.party for s in loose}["John McCain"] == "Republicans"
    with pytest.warns(UserWarning, match=r"no party found for 1 statement\(s\) by 1 speaker\(s\): 'John McCain' \(1\)"):
        strict = extract_statements(article, parties={"Pompeo": "United States"}, strict=True)
    assert {s.speaker: (s.party, s.meta["party_from"]) for s in strict} == {
        "Mike Pompeo": ("United States", "mapping"), "John McCain": (None, None)}
    assert unmapped_speakers(strict) == {"John McCain": 1}
    with pytest.raises(TypeError, match="`strict` expected True or False"):
        extract_statements(article, strict="yes")

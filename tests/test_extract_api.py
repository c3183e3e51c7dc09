"""Tests for framing.extract: the public API: arguments, warnings, offsets, the seed article, speed,
and every module's doctests.
"""

from __future__ import annotations

import doctest
import importlib
import pkgutil
import time
import warnings

import pytest
from extract_helpers import SEED, by_text, check_offsets, quiet

import framing.extract
from framing.extract import extract_statements, unmapped_speakers
from framing.extract.recording import can_speak, is_fragment


@pytest.fixture(scope="module")
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


EXTRACT_MODULES = ["framing.extract"] + [f"framing.extract.{m.name}" for m in pkgutil.iter_modules(framing.extract.__path__)]


@pytest.mark.parametrize("name", EXTRACT_MODULES)
def test_doctest_examples(name):
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0


def test_seed_finds_both_sides_with_parties(seed_text):
    stmts = quiet(seed_text, parties={"Pompeo": "United States", "Kim Yong Chol": "North Korea"}, source="seed")
    check_offsets(seed_text, stmts)
    productive = by_text(stmts, "productive")
    assert (productive.speaker, productive.party, productive.direct) == ("Mike Pompeo", "United States", True)
    rapacious = by_text(stmts, "rapacious")
    assert (rapacious.speaker, rapacious.party) == ("North Korea", "North Korea")
    worrisome = by_text(stmts, "extremely worrisome")
    assert worrisome.party == "North Korea" and worrisome.direct
    sanctions = by_text(stmts, "Sanctions on North Korea will remain")
    assert (sanctions.speaker, sanctions.party, sanctions.direct) == ("Mike Pompeo", "United States", False)
    headline = stmts[0]
    assert headline.speaker == "North Korea" and "gangsters" in headline.text
    nauert = by_text(stmts, "working groups")
    assert nauert.speaker == "Heather Nauert" and nauert.party == "United States"
    assert all(s.source == "seed" and s.id.startswith("seed#") for s in stmts)
    assert [s.start for s in stmts] == sorted(s.start for s in stmts)


def test_seed_party_from_text_alone(seed_text):
    stmts = quiet(seed_text)
    assert by_text(stmts, "Sanctions on North Korea").party == "United States"  # "US Secretary of State"
    assert by_text(stmts, "extremely worrisome").party == "North Korea"  # "a North Korean statement"
    # "the spokesman" with no named holder speaks for the institution quoted before it
    assert by_text(stmts, "failed to consolidate mutual trust").party == "North Korea"


def test_user_mapping_is_case_insensitive_partial_and_wins():
    text = "A state department spokesperson said the meeting went well. Kim Yong Chol said the talks were regrettable."
    stmts = quiet(text, parties={"STATE DEPARTMENT": "USA", "kim yong": "DPRK"})
    assert [s.party for s in stmts] == ["USA", "DPRK"]


def test_warning_lists_unattributed_speakers():
    text = "Some officials said the plan would fail. Critics said the plan was fine."
    with pytest.warns(UserWarning, match=r"no party found .*'Critics'.*'Some officials'"):
        stmts = extract_statements(text)
    assert [s.party for s in stmts] == [None, None]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        extract_statements(text, parties={"officials": "A", "critics": "B"})


def test_named_speakers_the_text_ties_to_no_one_are_sides_of_their_own():
    text = "Jane Doe said the plan would fail. John Roe said the plan was fine."
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no one is left out, so no warning
        stmts = extract_statements(text)
    assert [(s.speaker, s.party) for s in stmts] == [("Jane Doe", "Jane Doe"), ("John Roe", "John Roe")]
    # with a map, an unmapped name is not made a side the analyst did not name
    with pytest.warns(UserWarning, match="John Roe"):
        stmts = extract_statements(text, parties={"Doe": "A"})
    assert [s.party for s in stmts] == ["A", None]


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
    stmts = quiet(text)
    check_offsets(text, stmts)


def test_html_entities_keep_offsets_into_the_original():
    text = "&ldquo;The talks were productive &amp; useful,&rdquo; Mike Pompeo said. &#8220;Yes,&#8221; he said."
    stmts = quiet(text, parties={"Pompeo": "United States"})
    assert stmts, "entities should not hide the quotes"
    check_offsets(text, stmts)
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
        stmts = quiet(text)
        check_offsets(text, stmts)


def test_long_article_is_fast_and_scales_linearly(seed_text):
    small = "\n\n".join([seed_text] * 2)  # ~10k characters
    big = "\n\n".join([seed_text] * 22)  # ~100k characters
    assert len(big) >= 100_000

    def timed(text: str) -> tuple[float, int]:
        start = time.perf_counter()
        n = len(quiet(text))
        return time.perf_counter() - start, n

    timed(small)  # warm the regex cache
    t_small, n_small = timed(small)
    t_big, n_big = timed(big)
    assert n_big == 11 * n_small  # the same statements, repeated
    # generous bounds: the spec asks for well under a second per 10k characters
    assert t_big / (len(big) / 10_000) < 1.0
    assert t_big < 40 * max(t_small, 1e-3)  # ~11x the text: far from quadratic (121x)


def test_fragments_and_non_speakers_are_dropped():
    assert is_fragment("to cancel the", complement=False) and is_fragment("the stakes", complement=False)
    assert is_fragment("the", complement=True) and not is_fragment("irresponsible", complement=True)
    assert not is_fragment("it was inappropriate", complement=False)
    assert not can_speak("The") and not can_speak("WASHINGTON") and not can_speak("Several")
    assert can_speak("NATO") and can_speak("Mike Pompeo") and can_speak("the White House")


def test_strict_mapping_never_guesses_a_party_and_unmapped_speakers_are_data():
    article = ('"The talks were productive," Secretary of State Mike Pompeo said. '
               'Republican Sen. John McCain said the summit was a mistake.')
    loose = extract_statements(article, parties={"Pompeo": "United States"}, extra_sides=True)
    assert {s.speaker: s.party for s in loose}["John McCain"] == "Republicans"
    with pytest.warns(UserWarning, match="'John McCain' \\(1\\)"):  # the analyst's sides only: McCain is listed
        default = extract_statements(article, parties={"Pompeo": "United States"})
    assert {s.speaker: s.party for s in default}["John McCain"] is None
    with pytest.warns(UserWarning, match=r"no party found for 1 statement\(s\) by 1 speaker\(s\): 'John McCain' \(1\)"):
        strict = extract_statements(article, parties={"Pompeo": "United States"}, strict=True)
    assert {s.speaker: (s.party, s.meta["party_from"]) for s in strict} == {
        "Mike Pompeo": ("United States", "mapping"), "John McCain": (None, None)}
    assert unmapped_speakers(strict) == {"John McCain": 1}
    with pytest.raises(TypeError, match="`strict` expected True or False"):
        extract_statements(article, strict="yes")

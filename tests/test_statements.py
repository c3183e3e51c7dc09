import json
import math
import re

import pandas as pd
import pytest

from framing import Statement, read_jsonl
from framing.statements import to_statements, write_jsonl

from conftest import SEEDS


def test_list_of_dicts_keeps_fields_and_meta():
    out = to_statements(
        [{"party": "United States", "text": "Productive talks.", "speaker": "Pompeo", "outlet": "AP"}]
    )
    assert out == [
        Statement("Productive talks.", "United States", speaker="Pompeo", meta={"outlet": "AP"})
    ]


def test_tuples_statements_and_party_dict():
    tuples = to_statements([("US", "Productive."), ["NK", "Regrettable."]])
    assert [(s.party, s.text) for s in tuples] == [("US", "Productive."), ("NK", "Regrettable.")]
    original = Statement("Productive.", "US", meta={"k": 1})
    copied = to_statements([original])[0]
    assert copied == original and copied is not original and copied.meta is not original.meta
    by_party = to_statements({"US": ["a", "b"], "NK": ("c",)})
    assert [(s.party, s.text) for s in by_party] == [("US", "a"), ("US", "b"), ("NK", "c")]


def test_dataframe_with_column_mapping():
    frame = pd.DataFrame({"quote": ["Productive.", "Regrettable."], "side": ["US", "NK"], "x": [1, 2]})
    out = to_statements(frame, columns={"text": "quote", "party": "side"})
    assert [(s.party, s.text, s.meta) for s in out] == [
        ("US", "Productive.", {"x": 1}),
        ("NK", "Regrettable.", {"x": 2}),
    ]


def test_dataframe_missing_columns_lists_expected_found_and_suggests_mapping():
    frame = pd.DataFrame({"quote": ["Productive."], "side": ["US"]})
    with pytest.raises(ValueError) as error:
        to_statements(frame)
    message = str(error.value)
    assert "expected ['text', 'party']" in message
    assert "got ['quote', 'side']" in message
    assert "columns={'text': 'quote', 'party': 'side'}" in message


def test_dataframe_suggestion_uses_close_matches():
    frame = pd.DataFrame({"Text": ["a"], "parties": ["US"]})
    with pytest.raises(ValueError, match=r"columns=\{'text': 'Text', 'party': 'parties'\}"):
        to_statements(frame)


def test_dataframe_nan_text_names_row():
    frame = pd.DataFrame({"text": ["ok", float("nan")], "party": ["US", "NK"]}, index=[10, 11])
    with pytest.raises(ValueError, match=r"row 11: `text` expected a non-empty string, got nan"):
        to_statements(frame)


@pytest.mark.parametrize(
    ("data", "error", "pattern"),
    [
        ([], ValueError, r"expected at least one statement, got none"),
        ({}, ValueError, r"expected at least one statement, got none"),
        (pd.DataFrame({"text": [], "party": []}), ValueError, r"at least one statement"),
        ([{"party": "US", "text": None}], ValueError, r"row 0: `text` expected a non-empty string, got None"),
        ([{"party": "US", "text": "   "}], ValueError, r"row 0: `text` expected a non-empty string, got '   '"),
        ([{"party": "US", "text": math.nan}], ValueError, r"row 0: `text` expected .* got nan"),
        ([("US", "ok"), ("NK", 42)], TypeError, r"row 1: `text` expected a string, got int 42"),
        ([{"party": None, "text": "ok"}], ValueError, r"row 0: `party` expected a non-empty string, got None"),
        ([{"party": "", "text": "ok"}], ValueError, r"row 0: `party` expected a non-empty string"),
        ([{"party": 3, "text": "ok"}], TypeError, r"row 0: `party` expected a string, got int 3"),
        ([{"text": "ok"}], ValueError, r"row 0: keys expected \['text', 'party'\], got \['text'\]"),
        (["just a string"], TypeError, r"row 0: expected a dict, a \(party, text\) tuple or a Statement, got str"),
        ("a string", TypeError, r"statements expected a list of dicts.*got str 'a string'"),
        (42, TypeError, r"got int 42"),
        ({"US": "not a list"}, TypeError, r"expected a list of texts for party 'US', got str"),
        ({"US": ["ok", None]}, ValueError, r"party 'US' item 1: `text` expected a non-empty string, got None"),
        ([Statement("", "US")], ValueError, r"row 0: `text` expected a non-empty string"),
    ],
)
def test_bad_input_errors_name_the_row(data, error, pattern):
    with pytest.raises(error, match=pattern):
        to_statements(data)


def test_unknown_column_mapping_field():
    with pytest.raises(ValueError, match=r"`columns` keys expected Statement fields .* got \['quote'\]"):
        to_statements([("US", "ok")], columns={"quote": "text"})


def test_jsonl_round_trip(tmp_path):
    path = tmp_path / "out" / "s.jsonl"
    write_jsonl(path, [Statement("Productive.", "US", speaker="Pompeo"), {"party": "NK", "text": "Bad."}])
    assert read_jsonl(path) == [
        {"text": "Productive.", "party": "US", "speaker": "Pompeo"},
        {"party": "NK", "text": "Bad."},
    ]


def test_read_jsonl_errors_give_file_and_line(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"party": "US", "text": "ok"}\n\n{"party": oops}\n')
    with pytest.raises(ValueError, match=rf"{re.escape(str(path))}:3: expected one JSON object per line, got invalid JSON"):
        read_jsonl(path)
    path.write_text('{"party": "US", "text": "ok"}\n[1, 2]\n')
    with pytest.raises(ValueError, match=rf"{re.escape(str(path))}:2: expected a JSON object, got list"):
        read_jsonl(path)


def test_write_jsonl_rejects_non_records(tmp_path):
    with pytest.raises(TypeError, match=r"record 0: expected a dict or Statement, got int"):
        write_jsonl(tmp_path / "x.jsonl", [1])
    with pytest.raises(TypeError, match=r"record 0: expected JSON-serialisable values"):
        write_jsonl(tmp_path / "x.jsonl", [{"text": object()}])


def test_seed_statements_are_verbatim_and_readable():
    article = (SEEDS / "000_bce12cd754ad89bf.txt").read_text(encoding="utf-8")
    rows = read_jsonl(SEEDS / "seed_statements.jsonl")
    statements = to_statements(rows)
    assert {s.party for s in statements} == {"United States", "North Korea"}
    for row in rows:
        assert {"party", "speaker", "text"} <= set(row)
        assert row["text"] in article, row["text"]
    assert json.loads((SEEDS / "seed_statements.jsonl").read_text().splitlines()[0])["party"]


def test_party_names_are_normalised_and_the_given_name_kept():
    statements = to_statements([("US", "a."), (" US ", "b."), ("US\u200b", "c."), ("North\u00a0Korea", "d.")])
    assert [s.party for s in statements] == ["US", "US", "US", "North Korea"]
    assert [s.meta.get("party_given") for s in statements] == [None, " US ", "US\u200b", "North\u00a0Korea"]
    with pytest.raises(ValueError, match=r"`party` expected a name, got only whitespace, control or zero-width"):
        to_statements([("\u200b\u200c", "a.")])


@pytest.mark.parametrize(
    "text, reason",
    [("\u200b\u2060", "only whitespace, control or zero-width"), ("\x00\x07 ", "only whitespace, control"),
     ("ok \ud800", "a lone surrogate")],
)
def test_texts_without_content_or_with_lone_surrogates_are_refused(text, reason):
    with pytest.raises(ValueError, match=rf"row 0: `text` expected a non-empty string, got .*\({reason}"):
        to_statements([("US", text)])


def test_duplicate_ids_are_refused():
    rows = [{"id": "s1", "party": "US", "text": "a."}, {"id": "s2", "party": "NK", "text": "b."},
            {"id": "s1", "party": "NK", "text": "c."}]
    with pytest.raises(ValueError, match=r"row 2: `id` expected to be unique, got 's1' again \(first at row 0\)"):
        to_statements(rows)

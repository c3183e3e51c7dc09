"""Issue 25's silently-wrong cases: each is now refused with a clear error, or right."""

from __future__ import annotations

import pandas as pd
import pytest

import framing
from framing.statements import to_statements


def test_a_column_mapping_to_a_missing_column_is_refused(fake_scorer):
    frame = pd.DataFrame({"party": ["US", "NK"], "text": ["The talks were productive.", "The talks failed."]})
    with pytest.raises(ValueError, match=r"columns expected names of the DataFrame's columns, got \{'party': 'side'\}, "
                                         r"not among \['party', 'text'\]\. Fix the name"):
        framing.compare(frame, columns={"party": "side"}, scorer=fake_scorer)
    records = frame.to_dict(orient="records")
    with pytest.raises(ValueError, match=r"row 0: columns=\{'party': 'side'\} expected a key 'side', got keys "
                                         r"\['party', 'text'\]: its 'party' would be read from the key 'party'"):
        to_statements(records, columns={"party": "side"})


def test_a_renamed_key_wins_over_the_fields_own_name():
    rows = [{"party": "Republican", "side": "US", "text": "The talks were productive."}]
    [statement] = to_statements(rows, columns={"party": "side"})
    assert statement.party == "US" and statement.meta == {"party_unmapped": "Republican"}
    [from_frame] = to_statements(pd.DataFrame(rows), columns={"party": "side"})
    assert from_frame.party == "US" and from_frame.meta == {"party_unmapped": "Republican"}


def test_nli_refuses_strings_it_would_read_character_by_character(tiny_detector):
    with pytest.raises(TypeError, match=r"premises expected a sequence of texts, got one str 'ab'.*Wrap it in a list"):
        tiny_detector.nli("ab", "cd")
    with pytest.raises(TypeError, match=r"hypotheses expected a sequence of texts"):
        tiny_detector.nli(["ab"], "cd")
    assert tiny_detector.nli(["the talks"], ["the results"]).shape == (1, 3)


@pytest.mark.parametrize("row", [
    ("The talks were productive.", "US"),
    ("The talks were productive and the results encouraging, the envoy said on Sunday in the park", "North Korea"),
    ('"We made progress," he said.', "United States"),
])
def test_a_swapped_party_text_tuple_is_refused(row):
    with pytest.raises(ValueError, match=r"row 0: a \(party, text\) tuple expected the party first, got party .* "
                                         r"they look swapped.*or pass \{'party': \.\.\., 'text': \.\.\.\} dicts"):
        to_statements([row])
    [statement] = to_statements([{"party": row[0], "text": row[1]}])  # dicts say which is which
    assert statement.party == row[0]


@pytest.mark.parametrize("row", [
    ("US", "The talks were productive."),
    ("Democratic People's Republic of Korea", "No."),
    ("Ministry of Foreign Affairs", "Regrettable!"),
    ("North Korea", "talks"),
    ("text", "US"),  # nothing tells these apart: read as written
])
def test_ordinary_tuples_are_read_as_written(row):
    [statement] = to_statements([row])
    assert (statement.party, statement.text) == row


def test_finetune_refuses_zero_epochs_before_reading_anything(tmp_path):
    for options, name in (({"epochs": 0}, "epochs"), ({"epochs": -1.0}, "epochs"), ({"learning_rate": 0}, "learning_rate"),
                          ({"batch_size": 0}, "batch_size"), ({"max_length": 0.5}, "max_length")):
        with pytest.raises(ValueError, match=rf"{name} expected a positive"):
            framing.finetune("no/such/pairs.jsonl", base="no/such/model", output_dir=tmp_path / "run", **options)
    assert not (tmp_path / "run").exists()


def test_zero_width_characters_do_not_split_a_name():
    article = ('Sanctions will remain in place, US Secretary of State Mike Pom\u200bpeo said. '
               '"The talks are worrisome," Pompeo said. "We are ready," Kim Yong\u00adChol said.')
    found = framing.extract_statements(article, parties={"Pompeo\u200b": "United States\u200b", "Kim": "NK"})
    assert [s.speaker for s in found] == ["Mike Pompeo", "Mike Pompeo", "Kim YongChol"]
    assert [s.party for s in found] == ["United States", "United States", "NK"]
    assert all(article[s.start:s.end] == s.text for s in found)  # offsets still point into the article
    statements = to_statements([{"party": "US", "speaker": "Pom\u200bpeo", "text": "The talks were productive."},
                                {"party": "US", "speaker": " Pompeo ", "text": "Sanctions remain."}])
    assert {s.speaker for s in statements} == {"Pompeo"}
    assert statements[0].meta["speaker_given"] == "Pom\u200bpeo"

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


# compare_corpus: dates and stories ------------------------------------------------------------
TALK = ('Pompeo said the talks were productive. "The talks were regrettable," a North Korean statement said.')
CORPUS_PARTIES = {"Pompeo": "United States", "North Korean": "North Korea"}


@pytest.mark.parametrize("value, expected", [
    (20180707, "2018-07-07T00:00:00"), (20180707.0, "2018-07-07T00:00:00"), ("20180707", "2018-07-07T00:00:00"),
    ("2018-07-07", "2018-07-07T00:00:00"), (pd.Timestamp("2018-07-07 10:00"), "2018-07-07T10:00:00"),
    (None, None), (float("nan"), None), (pd.NaT, None), ("", None),
])
def test_article_dates_are_read_as_written(value, expected):
    from framing.corpus import corpus_statements

    [statement, *_] = corpus_statements([{"source": "a", "text": TALK, "date": value}], parties=CORPUS_PARTIES)
    assert statement.meta["date"] == expected


@pytest.mark.parametrize("value", [1531440000, 20181399, 2018.5, True])
def test_a_number_that_is_no_yyyymmdd_date_is_refused(value):
    from framing.corpus import corpus_statements

    with pytest.raises(ValueError, match=r"articles\[0\]: 'date' expected a date"):
        corpus_statements([{"source": "a", "text": TALK, "date": value}], parties=CORPUS_PARTIES)


def test_articles_without_a_story_are_grouped_and_said_never_dropped(tiny_detector):
    from framing.corpus import compare_corpus

    frame = pd.DataFrame([
        {"source": "given", "text": TALK, "story": "story-1", "date": 20180707},
        {"source": "empty", "text": TALK.replace("talks", "results"), "story": float("nan"), "date": 20180708},
    ])
    with pytest.warns(UserWarning, match=r"articles expected a story for all or for none, got 1 of 2 without one "
                                         r"\('empty'\)"):
        df = compare_corpus(frame, parties=CORPUS_PARTIES, model=tiny_detector)
    assert df.attrs["stories"] == {"story-1": ["given"], "story-2": ["empty"]}  # a formed name never a given one
    assert df.attrs["story_grouping"] == "given+encoder" and set(df["story"]) == {"story-1", "story-2"}
    assert set(df["date"].str[:10]) == {"2018-07-07", "2018-07-08"}
    with pytest.raises(TypeError, match=r"articles\[0\]: 'story' expected a name \(a string or an integer\), got list"):
        compare_corpus([{"source": "x", "text": TALK, "story": ["a"]}], model=tiny_detector)


# labels -------------------------------------------------------------------------------------
def test_a_pair_labeled_both_ways_is_refused_naming_both_rows(tmp_path):
    from framing.labeling import read_labels

    queue = pd.DataFrame({"text_a": ["Talks good.", "Rain.", "Talks failed."],
                          "text_b": ["Talks failed.", "Sun.", "Talks good."], "label": ["1", "0", "no"]})
    with pytest.raises(ValueError, match=r"rows 0 and 2: label expected one answer per pair, got 1 and 0 for the same "
                                         r"pair \('Talks failed\.' / 'Talks good\.'\)\. Keep one"):
        read_labels(queue)
    path = tmp_path / "labels.csv"
    queue.to_csv(path, index=False)
    with pytest.raises(ValueError, match=r"rows 0 and 2 of '.*labels\.csv' \(its lines 2 and 4\)"):
        read_labels(path)
    assert read_labels(queue.assign(label=["1", "0", "yes"]))["label"].tolist() == [1, 0, 1]  # agreeing: kept


def test_label_queue_leaves_out_pairs_without_a_score():
    from framing.labeling import label_queue

    df = pd.DataFrame({"text_a": [f"talks {i} good" for i in range(6)], "text_b": [f"rain {i}" for i in range(6)],
                       "p_contradiction": [0.9, float("nan"), 0.1, None, 0.5, "high"]})
    with pytest.warns(UserWarning, match=r"got 3 without one \(NaN or not a number\); they are left out"):
        queue = label_queue(df, n=6, max_similarity=1.0)
    assert sorted(queue["p_contradiction"].tolist()) == [0.1, 0.5, 0.9]


# files and models -----------------------------------------------------------------------------
def test_saved_weights_are_as_readable_as_the_other_files(tiny_detector, tmp_path):
    import os
    import stat

    folder = tiny_detector.save_pretrained(tmp_path / "saved")
    umask = os.umask(0)
    os.umask(umask)
    modes = {p.name: stat.S_IMODE(p.stat().st_mode) for p in folder.iterdir()}
    assert modes["model.safetensors"] == modes["config.json"] == 0o666 & ~umask, modes


@pytest.mark.parametrize("model", [123, 4.5, ["models/x"]])
def test_a_model_of_the_wrong_type_fails_fast(model, tmp_path):
    import time

    pairs = tmp_path / "pairs.jsonl"
    pairs.write_text('{"text_a": "a b", "text_b": "c d", "label": 1}\n')
    start = time.perf_counter()
    with pytest.raises(TypeError, match=rf"model expected a Detector, NLIModel, path, hub id or None, got "
                                        rf"{type(model).__name__}"):
        framing.evaluate(pairs, model=model)  # resolved as compare resolves it
    with pytest.raises(TypeError, match="model expected a folder path"):
        framing.load(model)
    assert time.perf_counter() - start < 5  # no hub retries


def test_a_relative_framing_model_that_is_no_folder_fails_fast(monkeypatch, tmp_path):
    import time

    from huggingface_hub import HfApi

    probes = []

    def unreachable(self, repo, **kwargs):
        probes.append((repo, kwargs.get("timeout")))
        raise OSError("Name or service not known")

    monkeypatch.setattr(HfApi, "model_info", unreachable)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("FRAMING_MODEL", "models/framing-minilm-nli")
    start = time.perf_counter()
    with pytest.raises(FileNotFoundError, match=r"default model expected from \$FRAMING_MODEL='models/framing-minilm-nli"
                                                rf"', got no folder '{tmp_path}/models/framing-minilm-nli' \(a relative "
                                                rf"path is read from the current folder, '{tmp_path}'\) and no hub model: "
                                                r"the hub has no model of that name or cannot be reached.*absolute path"):
        framing.load()
    assert probes == [("models/framing-minilm-nli", 10)] and time.perf_counter() - start < 5

"""Many articles: per-article extraction, quotes merged across outlets, pairs within stories, timelines."""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

from framing.corpus import (
    clashes_over_time,
    compare_corpus,
    corpus_statements,
    group_stories,
    timeline_figure,
    write_statements,
)

TALKS = [
    {"source": "nyt-1", "outlet": "NYT", "date": "2018-07-07", "story": "talks",
     "text": 'Pompeo said the talks were productive. "The talks were regrettable," a North Korean statement said.'},
    {"source": "fox-1", "outlet": "Fox", "date": "2018-07-08", "story": "talks",
     "text": '"The talks were regrettable," a North Korean statement said. The US made gangster-like demands, '
             'North Korea said.'},
    {"source": "ap-2", "outlet": "AP", "date": "2018-07-09", "story": "sanctions",
     "text": "Sanctions remain in place, Pompeo said. North Korea said the sanctions were extremely worrisome."},
]
PARTIES = {"Pompeo": "United States", "North Korea": "North Korea", "North Korean": "North Korea"}


def _statements():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return corpus_statements(TALKS, parties=PARTIES)


def test_the_same_quote_from_two_outlets_is_one_statement_with_both_reports():
    statements = _statements()
    regrettable = [s for s in statements if "regrettable" in s.text]
    assert len(regrettable) == 1
    reports = regrettable[0].meta["reports"]
    assert [r["source"] for r in reports] == ["nyt-1", "fox-1"]
    assert regrettable[0].meta["outlets"] == ["Fox", "NYT"] and regrettable[0].meta["date"].startswith("2018-07-07")
    fox = TALKS[1]["text"]
    assert fox[reports[1]["start"] : reports[1]["end"]] == regrettable[0].text  # offsets into each article


def test_pairs_stay_within_stories_and_carry_dates(tiny_detector):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        df = compare_corpus(TALKS, parties=PARTIES, model=tiny_detector, prefilter=False)
    assert set(df["story"]) == {"talks", "sanctions"}
    by_story = df.groupby("story")
    for story, rows in by_story:
        texts = set(rows.text_a) | set(rows.text_b)
        if story == "sanctions":
            assert all("anction" in t for t in texts)  # nothing from the talks story
    assert df.attrs["story_grouping"] == "given" and df.attrs["stories"]["talks"] == ["nyt-1", "fox-1"]
    assert df.attrs["n_reports_merged"] == 1  # the quote both NYT and Fox carry
    assert (df["date"] >= df["date_a"]).all() and (df["date"] >= df["date_b"]).all()
    one_party = [{**article, "text": "Sanctions remain in place, Pompeo said."} for article in TALKS]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        empty = compare_corpus(one_party, parties=PARTIES, model=tiny_detector)
    assert empty.empty and list(empty.columns) == list(df.columns)  # no pairs, the same columns
    # ... and compare's attrs: the model and threshold a pair would have been scored with
    assert set(df.attrs) <= set(empty.attrs)
    assert (empty.attrs["model"], empty.attrs["threshold"]) == (df.attrs["model"], df.attrs["threshold"])
    table = clashes_over_time(df, freq="D")
    assert set(table.columns) == {"period", "pair", "pairs", "flagged", "max_p"}
    assert table["pairs"].sum() == len(df)
    assert timeline_figure(df).axes[0].get_ylabel() == "flagged clashes"


def test_stories_are_formed_by_the_encoder_when_not_given(tiny_models):
    articles = [{k: v for k, v in a.items() if k != "story"} for a in TALKS]
    stories = group_stories(articles, encoder=tiny_models["nli"], similarity=0.99999)
    assert set(stories) == {"nyt-1", "fox-1", "ap-2"} and all(v.startswith("story-") for v in stories.values())
    assert group_stories(articles[:1]) == {"nyt-1": "story-1"}


def test_bad_articles_are_named():
    with pytest.raises(TypeError, match="articles expected a non-empty list"):
        compare_corpus("not a list of articles.txt")
    with pytest.raises(ValueError, match=r"articles\[1\]: 'source' expected to be unique, got 'nyt-1' again"):
        corpus_statements([TALKS[0], TALKS[0]])
    with pytest.raises(ValueError, match=r"articles\[0\]: 'date' expected a date"):
        corpus_statements([{**TALKS[0], "date": "someday"}])


def test_merged_statements_go_to_jsonl_for_ray(tmp_path):
    path = write_statements(_statements(), tmp_path / "statements.jsonl")
    rows = pd.read_json(path, lines=True)
    assert {"text", "party", "story", "date", "outlets", "n_reports"} <= set(rows.columns)
    with pytest.raises(FileExistsError):
        write_statements(_statements(), path)


def test_articles_come_from_jsonl_or_parquet_files(tmp_path):
    pytest.importorskip("pyarrow")
    from framing.statements import write_jsonl

    write_jsonl(tmp_path / "articles.jsonl", TALKS)
    pd.DataFrame(TALKS).to_parquet(tmp_path / "articles.parquet")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        expected = [(s.party, s.text) for s in corpus_statements(TALKS, parties=PARTIES)]
        for name in ("articles.jsonl", "articles.parquet"):
            assert [(s.party, s.text) for s in corpus_statements(tmp_path / name, parties=PARTIES)] == expected

"""Property tests (hypothesis) for the readers of issue 25: `to_statements`, `read_labels`, the
command line's input loaders, and `compare_corpus`'s dates and stories. Every input is read as
written or refused with an error that names where; none is read silently wrong."""

from __future__ import annotations

import codecs
import datetime as dt
import json
import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from framing.checks import has_content
from framing.cli import _read_input
from framing.corpus import _articles, group_stories
from framing.labeling import read_labels
from framing.statements import to_statements

LETTERS = "abcXYZ éüß中 ,;\"'.!?\n"
TEXTS = st.text(st.sampled_from(LETTERS), min_size=1, max_size=30).filter(lambda t: has_content(t) and t.strip())
NAMES = st.sampled_from(["US", "North Korea", "NA", "None", "1", "Café", "中国", "US;UK", 'Say "no"'])
# Temporary folders inside hypothesis examples: one per example, from pytest's factory.
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@SETTINGS
@given(st.lists(st.tuples(NAMES, TEXTS), min_size=1, max_size=8),
       st.sampled_from(["party", "side"]), st.sampled_from(["text", "quote"]), st.booleans())
def test_renamed_columns_are_read_or_refused_never_ignored(rows, party_key, text_key, frame):
    """A renamed key is read when present and refused when absent; dicts are read as written."""
    records = [{party_key: party, text_key: text} for party, text in rows]
    data = pd.DataFrame(records) if frame else records
    columns = {"party": "side", "text": "quote"}  # asks for both renames, whatever the keys are
    if (party_key, text_key) != ("side", "quote"):
        with pytest.raises(ValueError, match=r"columns(=\{'\w+': '\w+'\})? expected"):
            to_statements(data, columns=columns)
        return
    statements = to_statements(data, columns=columns)
    assert [(s.party, s.text) for s in statements] == [(" ".join(p.split()), t) for p, t in rows]


@SETTINGS
@given(st.lists(st.tuples(st.sampled_from(["Talks good.", "Rain.", "Sun came out", "Talks failed."]),
                          st.sampled_from(["Talks failed.", "Sun.", "Talks good.", "More rain"]),
                          st.sampled_from(["1", "0", "yes", "No", "clash", "no clash", "", " ", "maybe", "1.0"])),
                min_size=1, max_size=10))
def test_labels_are_read_as_written_or_refused_naming_the_row(rows):
    frame = pd.DataFrame(rows, columns=["text_a", "text_b", "label"])
    yes, no = {"1", "yes", "clash", "1.0"}, {"0", "no", "no clash"}
    answers: dict[tuple[str, str], set[int]] = {}
    bad = None
    for i, (a, b, label) in enumerate(rows):
        token = label.strip().lower()
        if token and token not in yes | no and bad is None:
            bad = i
        if token in yes | no:
            answers.setdefault(tuple(sorted((a, b))), set()).add(int(token in yes))
    if bad is not None:
        with pytest.raises(ValueError, match=rf"row {bad}: label expected 1/0"):
            read_labels(frame)
        return
    if any(len(found) > 1 for found in answers.values()):
        with pytest.raises(ValueError, match=r"rows \d+ and \d+: label expected one answer per pair"):
            read_labels(frame)
        return
    labeled = read_labels(frame)
    kept = [(a, b, int(label.strip().lower() in yes)) for a, b, label in rows if label.strip()]
    assert list(zip(labeled["text_a"], labeled["text_b"], labeled["label"])) == kept


def _write(path, records, form, encoding):
    if form == "jsonl":
        text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    elif form == "json":
        text = json.dumps(records, ensure_ascii=False, indent=1)
    else:
        text = pd.DataFrame(records).to_csv(index=False, sep=form)
    data = text.encode(encoding.replace("-bom", ""))
    path.write_bytes((codecs.BOM_UTF8 if encoding == "utf-8-bom" else b"") + data)


@SETTINGS
@given(st.lists(st.tuples(NAMES, TEXTS), min_size=1, max_size=8),
       st.sampled_from(["jsonl", "json", ",", ";"]), st.sampled_from(["utf-8", "utf-8-bom", "utf-16", "latin-1"]))
def test_the_command_lines_statement_files_round_trip_in_any_accepted_form(tmp_path_factory, rows, form, encoding):
    folder = tmp_path_factory.mktemp("cli-input")
    path = folder / ("statements." + {"jsonl": "jsonl", "json": "json"}.get(form, "csv"))
    records = [{"party": party, "text": text} for party, text in rows]
    if encoding == "latin-1" and any(not (p + t).isascii() for p, t in rows):
        if not all((p + t).encode("latin-1", errors="ignore").decode("latin-1") == p + t for p, t in rows):
            return  # not writable in Latin-1 at all: nothing to read
        _write(path, records, form, encoding)
        with pytest.raises(ValueError, match=rf"{path.name}:\d+: expected UTF-8 text, got byte 0x[0-9a-f]{{2}}.*Save "
                                             r"it as UTF-8"):
            _read_input(str(path))
        return
    _write(path, records, form, encoding)
    statements = to_statements(_read_input(str(path)))
    assert [(s.party, s.text) for s in statements] == [(" ".join(p.split()), t) for p, t in rows]


def _yyyymmdd(day: dt.date) -> int:
    return day.year * 10000 + day.month * 100 + day.day


DAYS = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31))
DATES = st.one_of(
    DAYS.map(lambda d: ("int", d, _yyyymmdd(d))),
    DAYS.map(lambda d: ("float", d, float(_yyyymmdd(d)))),
    DAYS.map(lambda d: ("iso", d, d.isoformat())),
    DAYS.map(lambda d: ("timestamp", d, pd.Timestamp(d))),
    st.sampled_from([("missing", None, None), ("missing", None, float("nan")), ("missing", None, pd.NaT)]),
    st.integers(min_value=-10**12, max_value=10**12).filter(
        lambda n: not (10000101 <= n <= 99991231)).map(lambda n: ("bad", None, n)),
)


@SETTINGS
@given(DATES)
def test_article_dates_are_that_day_missing_or_refused(case):
    kind, day, value = case
    article = [{"source": "a", "text": "Talks went on.", "date": value}]
    if kind == "bad":
        with pytest.raises(ValueError, match=r"articles\[0\]: 'date' expected a date"):
            _articles(article)
        return
    [record] = _articles(article)
    assert record["date"] == (None if day is None else pd.Timestamp(day).isoformat())


STORIES = st.sampled_from(["talks", "story-1", "story-2", 7, np.int64(3), None, float("nan"), "", "  "])


@SETTINGS
@given(st.lists(STORIES, min_size=1, max_size=8).filter(
    lambda s: sum(v is None or (isinstance(v, float) and v != v) or (isinstance(v, str) and not v.strip())
                  for v in s) <= 1))
def test_every_article_keeps_a_story_and_formed_names_never_take_a_given_one(stories):
    # At most one article without a story: the encoder is not needed to group a single one.
    articles = [{"source": f"s{i}", "text": "Talks went on.", "story": story} for i, story in enumerate(stories)]
    empty = [i for i, s in enumerate(stories) if s is None or (isinstance(s, float) and s != s)
             or (isinstance(s, str) and not s.strip())]
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        grouped = group_stories(pd.DataFrame(articles) if len(stories) % 2 else articles)
    assert set(grouped) == {a["source"] for a in articles}  # no article dropped
    given_names = {str(s) for i, s in enumerate(stories) if i not in empty}
    for i in empty:
        assert str(grouped[f"s{i}"]) not in given_names
    mixed = bool(empty) and len(empty) < len(stories)
    assert any("expected a story for all or for none" in str(w.message) for w in seen) == mixed

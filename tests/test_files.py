"""framing.files and the readers built on it: encodings, byte-order marks, ';' CSVs, atomic writes."""

from __future__ import annotations

import codecs
import json
import os
import stat

import pandas as pd
import pytest

import framing
from framing.files import atomic_path, check_not_input, read_csv, read_text, same_file, text_lines
from framing.labeling import read_labels
from framing.pair_tables import read_table

ROWS = [{"party": "US", "text": "The talks were productive."}, {"party": "NK", "text": "Café talks failed."}]
JSONL = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in ROWS)


@pytest.mark.parametrize("encoding, bom", [("utf-8", b""), ("utf-8", codecs.BOM_UTF8), ("utf-16", b""),
                                           ("utf-16-be", codecs.BOM_UTF16_BE), ("utf-32", b"")])
def test_a_byte_order_mark_is_honoured(tmp_path, encoding, bom):
    path = tmp_path / "s.jsonl"
    path.write_bytes(bom + JSONL.encode(encoding))
    assert framing.read_jsonl(path) == ROWS
    assert read_text(path) == JSONL
    assert [line for _, line in text_lines(path)] == JSONL.splitlines()


def test_latin1_is_refused_with_the_file_line_and_fix(tmp_path):
    path = tmp_path / "s.jsonl"
    path.write_bytes(JSONL.encode("latin-1"))
    with pytest.raises(ValueError, match=r"s\.jsonl:2: expected UTF-8 text, got byte 0xe9, which reads as 'é' in "
                                         r"Latin-1 / Windows-1252 \(column 29\)\. Save it as UTF-8.*iconv"):
        framing.read_jsonl(path)
    with pytest.raises(ValueError, match=r"s\.jsonl:2: expected UTF-8 text"):
        read_text(path)


@pytest.mark.parametrize("data, pattern", [
    (JSONL.encode("utf-16-le"), r":1: expected UTF-8 text, got NUL bytes: a binary file, or text in UTF-16 without"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff", r"s.jsonl:3: expected UTF-8 text, got NUL bytes.*if it is text, save it as UTF-8"),
])
def test_binary_or_utf16_without_a_mark_is_refused(tmp_path, data, pattern):
    path = tmp_path / "s.jsonl"
    path.write_bytes(data)
    with pytest.raises(ValueError, match=pattern):
        framing.read_jsonl(path)
    with pytest.raises(ValueError, match=pattern):
        read_text(path)


@pytest.mark.parametrize("sep", [",", ";", "\t", "|"])
def test_csv_separator_is_found_from_the_header(tmp_path, sep):
    path = tmp_path / "s.csv"
    frame = pd.DataFrame({"party": ["US", "NK"], "text": ["Talks; good, fine.", "Talks failed."]})
    frame.to_csv(path, sep=sep, index=False)
    pd.testing.assert_frame_equal(read_csv(path), frame)


def test_a_csv_that_does_not_parse_names_the_file_and_line(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("party,text\nUS,ok\nNK,a,b,c\n")
    with pytest.raises(ValueError, match=r"bad\.csv: expected a table with the same number of ','-separated fields "
                                         r"on every line, got .*line 3"):
        read_csv(path)
    (tmp_path / "empty.csv").write_text("")
    with pytest.raises(ValueError, match="empty.csv: expected a CSV table with a header line"):
        read_csv(tmp_path / "empty.csv")


def test_pair_tables_and_label_files_read_bom_and_semicolons(tmp_path):
    queue = pd.DataFrame({"text_a": ["Talks good.", "Rain."], "text_b": ["Talks failed.", "Sun."], "label": ["1", "0"]})
    path = tmp_path / "labels.csv"
    path.write_bytes(codecs.BOM_UTF8 + queue.to_csv(sep=";", index=False).encode())
    assert read_labels(path)["label"].tolist() == [1, 0]
    assert list(read_table(path).columns) == ["text_a", "text_b", "label"]
    as_json = tmp_path / "pairs.json"
    as_json.write_bytes(queue.to_json(orient="records").encode("utf-16"))
    assert read_table(as_json)["text_a"].tolist() == ["Talks good.", "Rain."]
    latin = tmp_path / "latin.csv"
    latin.write_bytes("text_a;text_b;label\nCafé;b;1\n".encode("latin-1"))
    with pytest.raises(ValueError, match=r"latin\.csv:2: expected UTF-8 text.*Save it as UTF-8"):
        read_labels(latin)
    with pytest.raises(ValueError, match=r"latin\.csv:2: expected UTF-8 text"):
        read_table(latin)


def test_atomic_path_replaces_whole_or_not_at_all(tmp_path):
    target = tmp_path / "out.csv"
    target.write_text("old")
    os.chmod(target, 0o640)
    with pytest.raises(RuntimeError), atomic_path(target) as temporary:
        temporary.write_text("half")
        raise RuntimeError("interrupted")
    assert target.read_text() == "old" and sorted(p.name for p in tmp_path.iterdir()) == ["out.csv"]
    with atomic_path(target) as temporary:
        temporary.write_text("new")
    assert target.read_text() == "new" and stat.S_IMODE(target.stat().st_mode) == 0o640  # the old file's mode
    fresh = tmp_path / "fresh.csv"
    with atomic_path(fresh) as temporary:
        temporary.write_text("x")
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o666 & ~umask  # what a new file gets, not 0600
    with pytest.raises(IsADirectoryError, match="expected a file name, got the folder"), atomic_path(tmp_path):
        pass


def test_an_output_is_never_one_of_the_inputs(tmp_path):
    source = tmp_path / "in.jsonl"
    source.write_text("{}\n")
    link = tmp_path / "link.jsonl"
    link.symlink_to(source)
    hard = tmp_path / "hard.jsonl"
    os.link(source, hard)
    for output in (source, tmp_path / "." / "in.jsonl", link, hard):
        assert same_file(output, source)
        with pytest.raises(ValueError, match=r"-o expected a file other than the input, got .* which is the input"):
            check_not_input(output, [("input", source)])
    check_not_input(tmp_path / "out.jsonl", [("input", source), ("--parties file", None)])


def test_a_pair_table_keeps_texts_that_pandas_would_take_for_missing(tmp_path):
    path = tmp_path / "pairs.csv"
    path.write_text("text_a,text_b,label\nNA,None,1\nnull,talks,0\n")
    table = read_table(path)
    assert table["text_a"].tolist() == ["NA", "null"] and table["text_b"].tolist() == ["None", "talks"]
    assert table["label"].tolist() == [1, 0]

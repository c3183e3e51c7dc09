"""The command line and the files it reads and writes (run in-process: `framing.cli.main`).

It never writes over an input, writes what the output's suffix says, writes through a temporary
file, and names the file, the line and the fix for input it cannot read.
"""

from __future__ import annotations

import json
import shutil

import pandas as pd
import pytest

import framing
from framing.cli import main

from conftest import SEEDS

ARTICLE = SEEDS / "000_bce12cd754ad89bf.txt"
STATEMENTS = SEEDS / "seed_statements.jsonl"


def run(capsys, *args) -> tuple[int, str]:
    status = main([str(a) for a in args])
    return status, capsys.readouterr().err


def error_line(err: str, command: str) -> str:
    [line] = [line for line in err.splitlines() if ": error: " in line]
    assert line.startswith(f"framing {command}: error: ") and "Traceback" not in err
    return line


@pytest.mark.parametrize("command, name", [("compare", "mine.jsonl"), ("extract", "art.jsonl")])
def test_an_input_is_never_the_output(tmp_path, capsys, command, name):
    source = tmp_path / name
    shutil.copy(STATEMENTS if command == "compare" else ARTICLE, source)
    before = source.read_bytes()
    link = tmp_path / f"link-{name}"
    link.symlink_to(source)
    for output in (source, tmp_path / "." / name, link):
        status, err = run(capsys, command, source, "-o", output)  # refused before any model loads
        assert status == 1
        assert "-o expected a file other than the input" in error_line(err, command)
    assert source.read_bytes() == before


@pytest.mark.parametrize("command, output, expected", [
    ("extract", "art.txt", "-o expected a file ending in .jsonl, got"),
    ("extract", "ex.csv", "ex.csv': the suffix says what is written. "
                          "Name it e.g. ex.jsonl"),
    ("compare", "out.parquet", "-o expected a file ending in .csv, .jsonl, .html, .htm"),
])
def test_the_output_suffix_says_what_is_written(tmp_path, capsys, command, output, expected):
    status, err = run(capsys, command, ARTICLE, "-o", tmp_path / output)
    assert status == 1 and expected in error_line(err, command)
    assert not (tmp_path / output).exists()


def test_an_interrupted_write_leaves_the_old_output(tmp_path, capsys, monkeypatch, tiny_models):
    out = tmp_path / "clashes.csv"
    out.write_text("the user's earlier results\n")

    def half_then_interrupt(self, path, **_):
        open(path, "w").write("party_a,par")
        raise KeyboardInterrupt

    monkeypatch.setattr(pd.DataFrame, "to_csv", half_then_interrupt)
    with pytest.raises(KeyboardInterrupt):
        main(["compare", str(STATEMENTS), "--model", str(tiny_models["nli"]), "-o", str(out), "-q"])
    assert out.read_text() == "the user's earlier results\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["clashes.csv"]  # no temporary file left


def test_compare_reads_semicolon_csv_and_writes_htm(tmp_path, capsys, tiny_models):
    source = tmp_path / "statements.csv"
    source.write_bytes(b"\xef\xbb\xbf" + pd.DataFrame(framing.read_jsonl(STATEMENTS)).to_csv(sep=";", index=False)
                       .encode())
    out = tmp_path / "clashes.htm"
    status, err = run(capsys, "compare", source, "--model", tiny_models["nli"], "-o", out, "--no-explain")
    assert status == 0, err
    assert "54 pairs scored" in err and out.read_text().startswith("<!DOCTYPE html>")


def test_unreadable_inputs_name_the_file_line_and_fix(tmp_path, capsys):
    latin = tmp_path / "article.txt"
    latin.write_bytes(ARTICLE.read_text().replace("Pompeo", "Pompéo").encode("latin-1", errors="replace"))
    status, err = run(capsys, "extract", latin, "-o", tmp_path / "s.jsonl")
    line = error_line(err, "extract")
    assert status == 1 and "article.txt:" in line and "expected UTF-8 text, got byte 0xe9" in line
    assert "Save it as UTF-8" in line
    binary = tmp_path / "statements.jsonl"
    binary.write_bytes(b"\x00\x01\x02")
    status, err = run(capsys, "compare", binary, "-o", tmp_path / "x.csv")
    assert status == 1 and "statements.jsonl:1: expected UTF-8 text, got NUL bytes" in error_line(err, "compare")
    broken = tmp_path / "statements.json"
    broken.write_text('[\n{"party": "US", "text": "ok"},\n{"party": }\n]')
    status, err = run(capsys, "compare", broken, "-o", tmp_path / "x.csv")
    assert status == 1 and "statements.json:3: expected JSON" in error_line(err, "compare")


@pytest.mark.parametrize("mapping, expected", [
    ({"Pompeo": ["United States"]}, "--parties expected a party name (a string, or null: no side) for each "
                                    "speaker, got 'Pompeo': list ['United States']"),
    ({"Pompeo": 3}, "got 'Pompeo': int 3"),
    (["Pompeo", "United States"], "--parties expected a JSON object of speaker -> party, e.g. "
                                  '{"Pompeo": "United States"}, got a JSON list'),
])
def test_parties_of_the_wrong_type_say_which_entry(tmp_path, capsys, mapping, expected):
    parties = tmp_path / "parties.json"
    parties.write_text(json.dumps(mapping))
    status, err = run(capsys, "extract", ARTICLE, "--parties", parties, "-o", tmp_path / "s.jsonl")
    assert status == 1 and expected in error_line(err, "extract")


def test_report_refuses_a_data_file_name_unless_told(tmp_path, fake_scorer):
    df = framing.compare([("US", "The talks were productive."), ("NK", "The talks were not productive.")],
                         scorer=fake_scorer)
    data = tmp_path / "x.jsonl"
    data.write_text('{"keep": "me"}\n')
    with pytest.raises(ValueError, match=r"report expected a path ending in \.html or \.htm, got .*x\.jsonl.*"
                                         r"Name it e\.g\. 'x\.html', or pass any_suffix=True"):
        framing.report(df, data, explanations=False)
    assert data.read_text() == '{"keep": "me"}\n'
    page = framing.report(df, tmp_path / "page.txt", any_suffix=True, explanations=False)
    assert page.read_text().startswith("<!DOCTYPE html>")
    assert framing.report(df, tmp_path / "page.HTM", explanations=False).is_file()


@pytest.mark.parametrize("command", ["compare", "extract"])
def test_the_parties_table_is_never_written_over_an_input_or_the_output(tmp_path, capsys, command):
    parties = tmp_path / "map.json"
    parties.write_text(json.dumps({"Pompeo": "United States"}))
    before = parties.read_bytes()
    out = tmp_path / ("out.jsonl" if command == "extract" else "out.csv")
    # (-o never ends in .json, so the suffix rule keeps the table off the output too.)
    for target in (parties, tmp_path / "." / "map.json"):
        status, err = run(capsys, command, ARTICLE, "--parties", parties, "-o", out, "--write-parties", target)
        assert status == 1 and "--write-parties expected a file other than the --parties file" in error_line(err,
                                                                                                        command)
    status, err = run(capsys, command, ARTICLE, "--parties", parties, "-o", out, "--write-parties", tmp_path / "m.txt")
    assert status == 1 and "--write-parties expected a file ending in .json" in error_line(err, command)
    assert parties.read_bytes() == before and not out.exists()

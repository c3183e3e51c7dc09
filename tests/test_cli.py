"""The `framing` command line, run as a subprocess: compare, extract, evaluate, calibrate."""

import json
import os
import subprocess
import sys

import pandas as pd
import pytest

import framing

from conftest import ROOT, SEEDS

ARTICLE = SEEDS / "000_bce12cd754ad89bf.txt"
PARTIES = {"Pompeo": "United States", "Nauert": "United States", "Kim Yong Chol": "North Korea"}


def cli(*args, module: str = "framing.cli", cwd=None) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "HF_HUB_OFFLINE": "1"}
    return subprocess.run([sys.executable, "-m", module, *map(str, args)], capture_output=True, text=True,
                          env=env, cwd=cwd or ROOT, timeout=600)


@pytest.fixture
def parties_file(tmp_path):
    path = tmp_path / "parties.json"
    path.write_text(json.dumps(PARTIES))
    return path


def test_help_lists_the_commands():
    result = cli("--help")
    assert result.returncode == 0 and result.stderr == ""
    for command in ("compare", "extract", "evaluate", "calibrate"):
        assert command in result.stdout


def test_console_script_is_declared():
    text = (ROOT / "pyproject.toml").read_text()
    assert '[project.scripts]\nframing = "framing.cli:main"' in text


def test_extract_writes_statements_with_offsets(tmp_path, parties_file):
    out = tmp_path / "statements.jsonl"
    result = cli("extract", ARTICLE, "--parties", parties_file, "-o", out)
    assert result.returncode == 0, result.stderr
    rows = framing.read_jsonl(out)
    text = ARTICLE.read_text()
    assert len(rows) > 5 and all(text[r["start"]:r["end"]] == r["text"] for r in rows)
    assert "statements" in result.stderr and "written to" in result.stderr


def test_compare_statements_to_csv_quietly(tmp_path, tiny_models):
    out = tmp_path / "clashes.csv"
    result = cli("compare", SEEDS / "seed_statements.jsonl", "--model", tiny_models["nli"], "-o", out, "--quiet")
    assert result.returncode == 0, result.stderr
    assert result.stderr == "" and result.stdout == ""
    df = pd.read_csv(out)
    assert list(df.columns) == list(framing.frames.OUTPUT_COLUMNS) and len(df) == 54
    assert df["p_contradiction"].is_monotonic_decreasing


def test_compare_csv_statements_to_jsonl(tmp_path, tiny_models):
    source = tmp_path / "statements.csv"
    pd.DataFrame(framing.read_jsonl(SEEDS / "seed_statements.jsonl")).to_csv(source, index=False)
    out = tmp_path / "clashes.jsonl"
    result = cli("compare", source, "--model", tiny_models["nli"], "-o", out)
    assert result.returncode == 0, result.stderr
    assert len(framing.read_jsonl(out)) == 54
    assert "54 pairs scored" in result.stderr and "Traceback" not in result.stderr


def test_compare_article_to_an_html_report(tmp_path, tiny_models, parties_file):
    out = tmp_path / "clashes.html"
    result = cli("compare", ARTICLE, "--parties", parties_file, "--model", tiny_models["nli"], "-o", out, "--top", "3")
    assert result.returncode == 0, result.stderr
    page = out.read_text()
    assert "000_bce12cd754ad89bf.txt" in page  # the article's name is each statement's source
    assert page.count('<article class="framing-card">') == 3 and "Highlighted words" in page  # explained
    # The extractor's warning about statements without a party: one line, no source lines.
    warning = [line for line in result.stderr.splitlines() if "warning" in line]
    assert warning and all(line.startswith("framing compare: warning: ") for line in warning)
    from test_report import run_chromium  # the page the command wrote, opened in a real browser

    dom = run_chromium(tmp_path, "--dump-dom", out.as_uri())
    assert dom.returncode == 0 and dom.stdout.count('<article class="framing-card">') == 3, dom.stderr[-2000:]


@pytest.mark.parametrize(
    "args, message",
    [
        (("compare", "nowhere.txt", "-o", "x.csv"), "input expected an existing file, got 'nowhere.txt'"),
        (("compare", SEEDS / "seed_statements.jsonl", "-o", "x.parquet"), "-o expected a file ending in .csv"),
        (("compare", ARTICLE, "--parties", SEEDS / "LABELS.md", "-o", "x.csv"), "--parties expected a readable JSON"),
        (("compare", SEEDS / "seed_pairs.jsonl", "--model", "MODEL", "-o", "x.csv"), "keys expected ['text', 'party']"),
        (("extract", "nowhere.txt", "-o", "x.jsonl"), "input expected an existing file"),
        (("evaluate", SEEDS / "seed_statements.jsonl", "--model", "MODEL"), "pairs expected columns"),
        (("calibrate", SEEDS / "seed_statements.jsonl", "-o", "out"), "pairs expected columns ['text_a', 'text_b', 'label']"),
    ],
)
def test_bad_input_gives_one_line_and_status_1(args, message, tiny_models, tmp_path):
    args = [str(tiny_models["nli"]) if a == "MODEL" else a for a in args]
    result = cli(*args, cwd=tmp_path)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    [line] = [line for line in result.stderr.splitlines() if "error" in line]
    assert line.startswith(f"framing {args[0]}: error: ") and message in line, result.stderr


def test_compare_refuses_an_article_that_is_only_a_path(tmp_path, tiny_models):
    # A .txt whose content is a file name: compare's hint reaches the user as one line.
    wrong = tmp_path / "wrong.txt"
    wrong.write_text("notes/x.txt")
    result = cli("compare", wrong, "--model", tiny_models["nli"], "-o", tmp_path / "x.csv")
    assert result.returncode == 1 and "looks like a file name" in result.stderr


def test_python_m_framing_runs_the_command_line_without_a_runpy_warning(tiny_models, tmp_path):
    pairs = tmp_path / "pairs.jsonl"
    pairs.write_text("".join(json.dumps({"text_a": a, "text_b": b, "label": y}) + "\n" for a, b, y in
                             [("the talks were good", "the talks were bad", 1), ("a dog runs", "the sun is out", 0)]))
    result = cli("evaluate", pairs, "--model", tiny_models["nli"], module="framing")
    assert result.returncode == 0, result.stderr
    assert "RuntimeWarning" not in result.stderr and "roc_auc=" in result.stdout
    help_run = cli("--help", module="framing")
    assert help_run.returncode == 0 and help_run.stderr == "" and "python -m framing" in help_run.stdout


def test_calibrate_then_evaluate(tiny_models, tmp_path):
    good = [(f"the talks were good number {i}", f"the talks were bad number {i}", 1) for i in range(15)]
    calm = [(f"a dog runs in park {i}", f"the sun is out {i}", 0) for i in range(15)]
    pairs = tmp_path / "pairs.jsonl"
    pairs.write_text("".join(json.dumps({"text_a": a, "text_b": b, "label": y, "story": i % 5}) + "\n"
                             for i, (a, b, y) in enumerate(good + calm)))
    out = tmp_path / "calibrated"
    result = cli("calibrate", pairs, "--model", tiny_models["nli"], "-o", out, "--features", "contradiction",
                 "--groups", "story", "--cv", "3")
    assert result.returncode == 0, result.stderr
    fit = json.loads(result.stdout)
    assert fit["features"] == "contradiction" and 0 <= fit["threshold"] <= 1
    assert (out / "calibrator.json").is_file() and (out / "framing.json").is_file()
    report = cli("evaluate", pairs, "--model", out, "--json")
    assert report.returncode == 0, report.stderr
    assert json.loads(report.stdout)["calibrated"]["n"] == 30


def test_extract_writes_the_parties_map_to_edit_and_pass_back(tmp_path, parties_file):
    out, table = tmp_path / "statements.jsonl", tmp_path / "sides.json"
    result = cli("extract", ARTICLE, "--parties", parties_file, "-o", out, "--write-parties", table)
    assert result.returncode == 0, result.stderr
    sides = json.loads(table.read_text())
    assert sides["Mike Pompeo"] == "United States" and set(sides.values()) <= {*PARTIES.values(), None}
    again = cli("extract", ARTICLE, "--parties", table, "-o", out)  # the map passed back, nulls included
    assert again.returncode == 0, again.stderr
    rows = [r for r in framing.read_jsonl(out) if r.get("speaker")]
    assert {r["speaker"]: r.get("party") for r in rows} == sides

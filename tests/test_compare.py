import subprocess
import sys
import warnings

import numpy as np
import pandas as pd
import pytest

import framing
from framing import compare
from framing.frames import COLUMNS, OUTPUT_COLUMNS

from conftest import ROOT


def test_compare_with_fake_scorer_sorted_and_documented(fake_scorer, seed_statements):
    df = compare(seed_statements, scorer=fake_scorer)
    assert list(df.columns) == list(OUTPUT_COLUMNS)
    n_us = sum(r["party"] == "United States" for r in seed_statements)
    n_nk = len(seed_statements) - n_us
    assert len(df) == n_us * n_nk
    assert (df["party_a"] != df["party_b"]).all()
    assert df["p_contradiction"].is_monotonic_decreasing
    assert (df["is_contradiction"] == (df["p_contradiction"] >= 0.5)).all()
    top = df.iloc[0]
    assert {top["text_a"], top["text_b"]} & {
        "While we are encouraged by the progress of these talks, progress alone does not justify "
        "the relaxation of the existing sanctions regime",
        '"productive" talks',
    }
    assert df.attrs == {
        "framing_version": framing.__version__,
        "n_statements": len(seed_statements),
        "n_duplicates_collapsed": 0,
        "n_pairs": len(df),
        "n_candidate_pairs": len(df),
        "n_pairs_pruned": 0,
        "prefilter": False,
        "prefilter_similarity": None,
        "min_similarity": 0.2,
        "threshold": 0.5,
        "within_party": False,
        "n_unattributed": 0,
        "model": "rule-scorer",
        "calibrated": False,
        "sides": {},
    }


def test_compare_issue_example(fake_scorer):
    df = compare(
        [
            {"party": "United States", "text": "The talks were productive."},
            {"party": "North Korea", "text": "The results of the talks are extremely worrisome."},
            {"party": "North Korea", "text": "The US made gangster-like demands."},
        ],
        scorer=fake_scorer,
    )
    assert len(df) == 2
    assert df.loc[0, "text_b"] == "The results of the talks are extremely worrisome."
    assert df.loc[0, "p_contradiction"] == pytest.approx(0.9)
    assert bool(df.loc[0, "is_contradiction"]) and not bool(df.loc[1, "is_contradiction"])


def test_compare_duplicates_scored_once(fake_scorer):
    df = compare([("US", "Productive."), ("US", "productive."), ("NK", "Regrettable.")], scorer=fake_scorer)
    assert len(df) == 1
    assert df.attrs["n_duplicates_collapsed"] == 1
    assert df.attrs["n_statements"] == 3
    assert len(fake_scorer.calls) == 1 and len(fake_scorer.calls[0][0]) == 1


def test_compare_threshold_and_columns_mapping(fake_scorer):
    frame = pd.DataFrame({"quote": ["Talks were productive.", "Talks were regrettable."], "side": ["US", "NK"]})
    df = compare(frame, scorer=fake_scorer, threshold=0.95, columns={"text": "quote", "party": "side"})
    assert df.loc[0, "p_contradiction"] == pytest.approx(0.9)
    assert not df["is_contradiction"].any()
    assert df.attrs["threshold"] == 0.95


def test_single_party_warns_and_returns_empty_frame(fake_scorer):
    with pytest.warns(UserWarning, match=r"at least two parties, got 1 \(\['US'\]\).*within_party=True"):
        df = compare([("US", "a"), ("US", "b")], scorer=fake_scorer)
    assert df.empty and list(df.columns) == list(OUTPUT_COLUMNS)
    assert df["p_contradiction"].dtype == np.float64
    assert df.attrs["n_pairs"] == 0 and df.attrs["model"] == "rule-scorer"
    assert fake_scorer.calls == []


def test_single_party_within_party(fake_scorer):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        df = compare([("US", "The door is open."), ("US", "The door is closed.")], scorer=fake_scorer, within_party=True)
    assert len(df) == 1 and df.loc[0, "p_contradiction"] == pytest.approx(0.9)


@pytest.mark.parametrize(
    ("kwargs", "error", "pattern"),
    [
        ({"threshold": 1.5}, ValueError, r"threshold expected a number in \[0, 1\] or None, got 1.5"),
        ({"threshold": "high"}, ValueError, r"got 'high'"),
        ({"model": "x"}, ValueError, r"compare expected either model or scorer, got both"),
    ],
)
def test_bad_options(fake_scorer, kwargs, error, pattern):
    with pytest.raises(error, match=pattern):
        compare([("US", "a"), ("NK", "b")], scorer=fake_scorer, **kwargs)


def test_empty_input_is_an_error(fake_scorer):
    with pytest.raises(ValueError, match=r"statements expected at least one statement, got none"):
        compare([], scorer=fake_scorer)


def test_bad_scorer_output():
    class Broken:
        def score_pairs(self, a, b):
            return pd.DataFrame({"score": [0.1] * len(a)})

    with pytest.raises(TypeError, match=r"score_pairs expected to return a DataFrame with a 'p_contradiction' column, got DataFrame with columns \['score'\]"):
        compare([("US", "a"), ("NK", "b")], scorer=Broken())


def test_bad_model_type():
    with pytest.raises(TypeError, match=r"model expected a Detector, NLIModel, path, hub id or None, got int"):
        compare([("US", "a"), ("NK", "b")], model=3)


def test_compare_without_torch():
    code = """
import sys, pandas as pd, framing
class S:
    def score_pairs(self, a, b):
        return pd.DataFrame({"p_contradiction": [0.7] * len(a)})
df = framing.compare([("US", "a"), ("NK", "b")], scorer=S())
assert df.loc[0, "p_contradiction"] == 0.7 and df["ab_contradiction"].isna().all()
assert "torch" not in sys.modules and "transformers" not in sys.modules, "torch imported"
"""
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_compare_with_tiny_detector(tiny_detector, seed_statements):
    df = compare(seed_statements, model=tiny_detector)
    assert list(df.columns) == list(OUTPUT_COLUMNS)
    assert len(df) == 54 and df["p_contradiction"].is_monotonic_decreasing
    assert df["p_contradiction"].between(0, 1).all()
    np.testing.assert_allclose(df["p_contradiction"], (df["ab_contradiction"] + df["ba_contradiction"]) / 2)
    assert df.attrs["calibrated"] is False and df.attrs["model"] == tiny_detector.name


def test_compare_loads_model_path(tiny_models):
    df = compare([("US", "The talks were productive."), ("NK", "The talks were regrettable.")], model=str(tiny_models["nli"]))
    assert len(df) == 1 and df.attrs["model"] == str(tiny_models["nli"])


def test_compare_accepts_an_article_and_extracts_statements(fake_scorer):
    from pathlib import Path

    text = (Path(__file__).resolve().parents[1] / "seeds" / "000_bce12cd754ad89bf.txt").read_text()
    with pytest.warns(UserWarning, match="no party found for") as caught:
        df = framing.compare(text, scorer=fake_scorer, parties={"Pompeo": "United States", "Kim Yong Chol": "North Korea"})
    assert len(df) > 0 and df.attrs["n_statements"] > 2
    # Statements left unpaired are counted, never dropped silently.
    assert df.attrs["n_unattributed"] > 0 and str(df.attrs["n_unattributed"]) in str(caught[0].message)
    assert set(df["party_a"]) | set(df["party_b"]) >= {"United States", "North Korea"}
    assert (df["party_a"] != df["party_b"]).all()
    assert df.attrs["threshold"] == 0.5  # the fake scorer has no calibrator


def test_compare_article_without_statements_warns_and_returns_empty(fake_scorer):
    with pytest.warns(UserWarning, match="expected an article with attributed statements, got 0"):
        df = framing.compare("The weather was mild all week.", scorer=fake_scorer)
    assert df.empty and list(df.columns) == list(framing.frames.OUTPUT_COLUMNS)
    full = framing.compare([("A", "x y"), ("B", "y z")], scorer=fake_scorer)
    assert set(df.attrs) == set(full.attrs)


def test_compare_rows_carry_each_sides_context_from_an_article(fake_scorer):
    text = (ROOT / "seeds" / "000_bce12cd754ad89bf.txt").read_text()
    with pytest.warns(UserWarning, match="no party found for"):
        df = framing.compare(text, scorer=fake_scorer, parties={"Pompeo": "United States", "Kim Yong Chol": "North Korea"},
                             source="seed.txt")
    assert (df["source_a"] == "seed.txt").all() and df["id_a"].str.startswith("seed.txt#").all()
    assert list(df.columns[: len(COLUMNS)]) == list(COLUMNS)  # the old columns first, in order
    assert list(df.columns[len(COLUMNS):-1]) == list(framing.frames.CONTEXT_COLUMNS)
    assert df.columns[-1] == "model" and (df["model"] == "rule-scorer").all()
    for side in "ab":
        # The offsets point at the statement in the article, for every row.
        for row in df.itertuples():
            start, end = getattr(row, f"start_{side}"), getattr(row, f"end_{side}")
            assert text[start:end] == getattr(row, f"text_{side}")
            assert getattr(row, f"text_{side}") in getattr(row, f"sentence_{side}")
        assert df[f"direct_{side}"].dtype == "boolean" and df[f"direct_{side}"].notna().all()
        assert df[f"start_{side}"].dtype == "Int64"
    assert df["direct_a"].any() or df["direct_b"].any()


def test_compare_context_columns_are_missing_for_plain_statements(fake_scorer):
    rows = [
        {"party": "US", "text": "The talks were productive.", "source": "briefing.txt", "direct": True},
        {"party": "NK", "text": "The talks were regrettable."},
    ]
    df = framing.compare(rows, scorer=fake_scorer)
    assert df.loc[0, "source_a"] == "briefing.txt" and df.loc[0, "source_b"] is None
    assert bool(df.loc[0, "direct_a"]) and df["direct_b"].isna().all()
    assert df[["start_a", "end_a", "start_b", "end_b"]].isna().all().all()


@pytest.mark.parametrize("text", ["notes/x.txt", "statements.jsonl", " pairs.CSV ", "data.json"])
def test_compare_refuses_a_file_name_as_article(fake_scorer, text):
    with pytest.raises(ValueError, match=r"looks like a file name.*read_text\(\).*framing compare"):
        framing.compare(text, scorer=fake_scorer)


def test_compare_refuses_an_existing_path_as_article(fake_scorer, tmp_path):
    path = tmp_path / "article with spaces"
    path.write_text("Pompeo said the talks were productive.")
    with pytest.raises(ValueError, match="looks like a file name"):
        framing.compare(str(path), scorer=fake_scorer)
    # Real article text that merely mentions a file is still an article.
    with pytest.warns(UserWarning, match="attributed statements"):
        framing.compare("See notes/x.txt for the minutes of the meeting.", scorer=fake_scorer)


def test_compare_progress_switch_reaches_the_nli_model(tiny_detector, seed_statements, capsys):
    tiny_detector.clear_cache()  # scored by earlier tests: clear, so that the model runs
    compare(seed_statements, model=tiny_detector, progress=True)
    assert "NLI" in capsys.readouterr().err  # a tqdm bar on stderr
    tiny_detector.clear_cache()
    compare(seed_statements, model=tiny_detector)  # 108 one-direction pairs: quiet by default
    assert "NLI" not in capsys.readouterr().err
    assert "predict" not in vars(tiny_detector.nli_model)  # nothing is patched on the shared model


def test_progress_switch_of_one_thread_never_reaches_another():
    import threading

    from framing.inference import _PROGRESS, progress_bars

    seen = {}

    def worker(name, show):
        with progress_bars(show):
            threading.Event().wait(0.05)
            seen[name] = _PROGRESS.get()

    threads = [threading.Thread(target=worker, args=(f"t{k}", k % 2 == 0)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert seen == {"t0": True, "t1": False, "t2": True, "t3": False} and _PROGRESS.get() is None


def test_extracted_statements_without_a_party_are_left_out_by_either_route(fake_scorer):
    import warnings

    from framing import extract_statements

    article = ('"The talks were productive," Secretary of State Mike Pompeo said. "The talks were regrettable," '
               "a North Korean statement said. Critics said the summit was a mistake for everyone.")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        found = extract_statements(article)
        by_text = compare(article, scorer=fake_scorer)
        by_list = compare(found, scorer=fake_scorer)
    assert any(s.party is None for s in found)
    assert by_text.attrs["n_unattributed"] == by_list.attrs["n_unattributed"] > 0
    assert by_text[["text_a", "text_b"]].equals(by_list[["text_a", "text_b"]])


def test_compare_reports_the_speaker_side_table_it_used(fake_scorer):
    from framing.reporting import report_html

    article = ("Attorney General Eric Holder said the inquiry into the leaks would go on.\n"
               "Israeli Prime Minister Benjamin Netanyahu said the inquiry into the leaks was over.\n"
               "Sen. Dick Durbin, Democrat of Illinois, said the invitation was a mistake.\n")
    with pytest.warns(UserWarning, match="Dick Durbin"):
        df = compare(article, parties={"Holder": "United States", "Netanyahu": "Israel"}, scorer=fake_scorer)
    assert df.attrs["sides"] == {"Eric Holder": "United States", "Benjamin Netanyahu": "Israel", "Dick Durbin": None}
    assert df.attrs["n_unattributed"] == 1 and set(df["party_a"]) | set(df["party_b"]) == {"United States", "Israel"}
    page = report_html(df, explanations=False)
    assert "Speakers and sides" in page and "Dick Durbin" in page and "no side (not paired)" in page
    assert compare([("US", "a b c"), ("NK", "d e f")], scorer=fake_scorer).attrs["sides"] == {}

"""A result remembers the model that scored it (df.attrs and a `model` column that survives CSV);
explain, cards and report use that model or refuse, never another one silently."""

from __future__ import annotations

import os

import pandas as pd
import pytest

import framing
from framing.frames import frame_model

PAIRS = [("US", "The talks were productive."), ("NK", "The talks were not productive.")]


@pytest.fixture
def scored(tiny_models, seed_statements, tmp_path, monkeypatch):
    """A result of the tiny model loaded by a relative path, and the same rows read back from CSV."""
    monkeypatch.chdir(tiny_models["nli"].parent)
    df = framing.compare(seed_statements, model="nli")
    path = tmp_path / "clashes.csv"
    df.to_csv(path, index=False)
    monkeypatch.chdir(tmp_path)  # read back elsewhere: the relative name would no longer resolve
    return df, pd.read_csv(path)


def test_the_model_is_in_attrs_and_in_a_column_that_survives_csv(scored, tiny_models):
    df, back = scored
    absolute = str(tiny_models["nli"].resolve())
    assert df.attrs["model"] == absolute and (df["model"] == absolute).all() and df.columns[-1] == "model"
    assert back.attrs == {} and frame_model(back) == (absolute, "the 'model' column")
    assert frame_model(df) == (absolute, "df.attrs['model']")


def test_explain_and_cards_of_a_frame_read_back_use_its_model(scored):
    df, back = scored
    [e] = framing.explain(back, top=1)
    assert e.p_contradiction == pytest.approx(df["p_contradiction"].iloc[0])
    page = framing.report(back, "clashes.html", top=1)
    assert str(df.attrs["model"]) in page.read_text()  # the report names the model from the column


def test_another_model_is_refused_by_explain_cards_and_report(scored, tiny_models):
    _, back = scored
    other = framing.load(tiny_models["permuted"], check_labels=False)  # same weights, another model folder
    pattern = (r"explain expected the model that scored the frame \(the 'model' column = '.*nli'\), got detector "
               r"'.*permuted': its weights would explain scores the frame does not hold")
    for call in (lambda: framing.explain(back, other, top=1), lambda: framing.explain(back, str(other.name), top=1),
                 lambda: framing.cards(back, top=1, detector=other),
                 lambda: framing.report(back, "x.html", top=1, detector=other)):
        with pytest.raises(ValueError, match=pattern):
            call()
    assert not os.path.exists("x.html")
    framing.cards(back, top=1, explanations=False)  # no explanation: no model needed


def test_a_scorer_that_cannot_be_loaded_is_named_not_replaced(fake_scorer, tmp_path):
    df = framing.compare(PAIRS, scorer=fake_scorer)
    df.to_csv(tmp_path / "x.csv", index=False)
    back = pd.read_csv(tmp_path / "x.csv")
    with pytest.raises(ValueError, match=r"the 'model' column = 'rule-scorer'\) to load, got not a model folder or "
                                         r"hub id\. Pass detector="):
        framing.explain(back)
    assert framing.explain(back, fake_scorer, top=1)[0].p_contradiction == pytest.approx(0.9)


def test_a_frame_without_a_record_warns_before_the_default_model(fake_scorer, tiny_models, monkeypatch):
    df = framing.compare(PAIRS, scorer=fake_scorer).drop(columns="model")
    df.attrs = {}
    framing.explain(df, fake_scorer)  # a detector given: nothing to check against, no warning
    monkeypatch.setenv("FRAMING_MODEL", str(tiny_models["nli"]))
    with pytest.warns(UserWarning, match=r"explain expected a frame that names the model .* got neither; explaining "
                                         r"with the default model \(.*nli\)"):
        framing.explain(df, top=1)


def test_rows_of_several_models_are_refused(fake_scorer):
    df = framing.compare(PAIRS, scorer=fake_scorer)
    mixed = pd.concat([df, df.assign(model="other-model")], ignore_index=True)
    mixed.attrs = {}
    with pytest.raises(ValueError, match=r"expected one model that scored every row, got several: "
                                         r"\['other-model', 'rule-scorer'\]"):
        framing.explain(mixed, fake_scorer)

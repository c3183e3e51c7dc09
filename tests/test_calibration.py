"""Tests of framing.calibration: the scikit-learn contract, bad input, JSON, method choice."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone
from sklearn.exceptions import NotFittedError
from sklearn.utils.estimator_checks import parametrize_with_checks

from framing.calibration import FORMAT_VERSION, ContradictionCalibrator
from framing.metrics import expected_calibration_error


def nli_rows(p_ab: np.ndarray, p_ba: np.ndarray | None = None) -> np.ndarray:
    """(n, 6) NLI features whose contradiction columns are ``p_ab`` / ``p_ba``."""
    p_ba = p_ab if p_ba is None else p_ba
    return np.column_stack([(1 - p_ab) * 0.6, (1 - p_ab) * 0.4, p_ab, (1 - p_ba) * 0.6, (1 - p_ba) * 0.4, p_ba])


def overconfident(n: int = 1500, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Labels drawn from a true probability q; the 'NLI' reports q sharpened 3x (over-confident)."""
    rng = np.random.default_rng(seed)
    q = rng.uniform(0.02, 0.98, n)
    y = (rng.uniform(size=n) < q).astype(int)
    logit = np.log(q / (1 - q))
    p = 1 / (1 + np.exp(-3 * logit))
    return nli_rows(p, np.clip(p + rng.normal(0, 0.02, n), 0, 1)), y


# ------------------------------------------------------------------ sklearn contract
# Every check below builds its own X: 2-5 columns of normal values (negative, unbounded)
# and, for some, labels other than 0/1. The calibrator's input is a fixed schema -- six
# NLI probabilities in [0, 1] (both directions), then optional extras -- and its labels
# are 0/1 (contradictory framing or not), so those inputs are rejected with a clear
# ValueError by design. The properties these checks cover are tested on valid input
# in `test_sklearn_properties_on_valid_input` below.
_REJECTS_GENERIC_X = "generic X with < 6 columns / values outside [0, 1]: input is 6 NLI probabilities"
_REJECTS_LABELS = "labels other than 0/1 (e.g. 1/2 or strings): the label is 1 = contradictory framing"
EXPECTED_FAILED = {
    **dict.fromkeys(
        [
            "check_fit_score_takes_y",
            "check_estimators_overwrite_params",
            "check_dont_overwrite_parameters",
            "check_estimators_fit_returns_self",
            "check_readonly_memmap_input",
            "check_n_features_in_after_fitting",
            "check_positive_only_tag_during_fit",
            "check_pipeline_consistency",
            "check_estimators_nan_inf",
            "check_estimators_pickle",
            "check_f_contiguous_array_estimator",
            "check_classifiers_train",
            "check_supervised_y_2d",
            "check_methods_sample_order_invariance",
            "check_methods_subset_invariance",
            "check_dict_unchanged",
            "check_fit_idempotent",
            "check_fit_check_is_fitted",
            "check_n_features_in",
            "check_fit2d_predict1d",
        ],
        _REJECTS_GENERIC_X,
    ),
    **dict.fromkeys(
        ["check_estimators_dtypes", "check_classifier_data_not_an_array", "check_classifiers_classes",
         "check_fit2d_1feature"],
        _REJECTS_LABELS,
    ),
}


@parametrize_with_checks(
    [ContradictionCalibrator(cv=2)], expected_failed_checks=lambda estimator: EXPECTED_FAILED
)
def test_sklearn_compatible(estimator, check):
    check(estimator)


def test_sklearn_properties_on_valid_input():
    X, y = overconfident(300)
    est = ContradictionCalibrator(cv=3)
    assert est.fit(X, y) is est
    p = est.predict_proba(X)
    # Idempotent, and a clone fits the same.
    np.testing.assert_allclose(clone(est).fit(X, y).predict_proba(X), p)
    np.testing.assert_allclose(est.fit(X, y).predict_proba(X), p)
    # Row order and subsets do not change a row's prediction.
    order = np.random.default_rng(1).permutation(len(X))
    np.testing.assert_allclose(est.predict_proba(X[order]), p[order])
    np.testing.assert_allclose(est.predict_proba(X[:7]), p[:7])
    # Lists, DataFrames and float32 are accepted; n_features_in_ is set and enforced.
    np.testing.assert_allclose(est.predict_proba(X.tolist()), p)
    np.testing.assert_allclose(est.predict_proba(pd.DataFrame(X)), p)
    np.testing.assert_allclose(est.predict_proba(X.astype(np.float32)), p, atol=1e-5)
    assert est.n_features_in_ == 6
    with pytest.raises(ValueError, match="features"):
        est.predict_proba(np.hstack([X, X[:, :1]]))
    # get_params / set_params round trip; fit does not change parameters.
    assert est.get_params() == ContradictionCalibrator(cv=3).get_params()
    assert set(np.unique(est.predict(X))) <= {0, 1}
    np.testing.assert_allclose(p.sum(axis=1), 1.0)


@pytest.mark.parametrize("method", ["predict_proba", "predict", "to_dict"])
def test_not_fitted(method):
    X, _ = overconfident(10)
    with pytest.raises(NotFittedError):
        getattr(ContradictionCalibrator(), method)(*([X] if method != "to_dict" else []))


# ------------------------------------------------------------------------- bad input
@pytest.mark.parametrize(
    "labels, message",
    [
        ([0, 1, 2] * 20, r"`y` expected binary labels 0/1 .*got multiclass labels with values \[0, 1, 2\]"),
        ([0.0, 0.5, 1.0] * 20, r"`y` expected binary labels 0/1 .*got continuous labels"),
        (["no", "yes", "no"] * 20, r"`y` expected binary labels 0/1 .*values \['no', 'yes'\]"),
        ([1, 2, 1] * 20, r"`y` expected binary labels 0/1 .*values \[1, 2\]"),
    ],
)
def test_labels_not_binary(labels, message):
    X, _ = overconfident(60)
    with pytest.raises(ValueError, match=message):
        ContradictionCalibrator().fit(X, labels)


def test_single_class():
    X, _ = overconfident(40)
    with pytest.raises(ValueError, match=r"`y` expected both classes 0 and 1, got one class only \(1, 40 labels\)"):
        ContradictionCalibrator().fit(X, np.ones(40, dtype=int))


def test_mismatched_lengths():
    X, y = overconfident(40)
    with pytest.raises(ValueError, match=r"`y` expected one label per row of `X` \(40\), got 39\."):
        ContradictionCalibrator().fit(X, y[:39])


def test_nan_scores():
    X, y = overconfident(40)
    X[3, 2] = np.nan
    X[7, 0] = np.inf
    message = r"`X` expected finite NLI probabilities, got 2 NaN or inf value\(s\) in rows \[3, 7\]"
    with pytest.raises(ValueError, match=message):
        ContradictionCalibrator().fit(X, y)
    fitted = ContradictionCalibrator().fit(*overconfident(40))
    with pytest.raises(ValueError, match="NaN or inf"):
        fitted.predict_proba(X)


def test_nan_labels():
    X, y = overconfident(40)
    with pytest.raises(ValueError, match=r"`y` expected binary labels 0/1, got 1 NaN or inf label"):
        ContradictionCalibrator().fit(X, np.where(np.arange(40) == 5, np.nan, y))


def test_not_probabilities():
    X, y = overconfident(40)
    X[4, 5] = 2.5
    with pytest.raises(ValueError, match=r"probabilities in \[0, 1\] .*got 2.5 at row 4, column 5.*not logits"):
        ContradictionCalibrator().fit(X, y)


def test_too_few_columns():
    X, y = overconfident(40)
    with pytest.raises(ValueError, match=r"`X` expected shape \(n, 6 \+ extra\).*got shape \(40, 3\).*nli_features"):
        ContradictionCalibrator().fit(X[:, :3], y)


def test_too_few_pairs_for_cv():
    X, y = overconfident(40)
    y = np.zeros(40, dtype=int)
    y[:3] = 1
    with pytest.raises(ValueError, match=r"`cv` expected at most the size of the smaller class \(3\), got cv=5"):
        ContradictionCalibrator().fit(X, y)


@pytest.mark.parametrize(
    "params, message",
    [
        ({"method": "platt"},
         r"`method` expected one of \['auto', 'sigmoid', 'isotonic', 'temperature'\], got 'platt'"),
        ({"method": "temperature", "features": "nli"},
         r"`method` expected one of \['sigmoid', 'isotonic'\] with features='nli'"),
        ({"features": "all"}, r"`features` expected one of \['contradiction', 'nli', 'symmetric'\], got 'all'"),
        ({"threshold_goal": 1.5}, r"`threshold_goal` expected 'likely', 'f1' or a target precision in \(0, 1\], got 1.5"),
        ({"threshold_goal": "recall"}, r"`threshold_goal` expected .*got 'recall'"),
        ({"cv": 1}, r"`cv` expected an integer >= 2, got 1"),
    ],
)
def test_bad_parameters(params, message):
    X, y = overconfident(60)
    with pytest.raises(ValueError, match=message):
        ContradictionCalibrator(**params).fit(X, y)


def test_other_format_version(tmp_path):
    X, y = overconfident(100)
    data = ContradictionCalibrator().fit(X, y).to_dict()
    data["format_version"] = FORMAT_VERSION + 1
    message = rf"calibrator `format_version` expected {FORMAT_VERSION}, got {FORMAT_VERSION + 1}\. Refit"
    with pytest.raises(ValueError, match=message):
        ContradictionCalibrator.from_dict(data)
    path = tmp_path / "calibrator.json"
    path.write_text(json.dumps(data))
    with pytest.raises(ValueError, match=message + r".*\(file: .*calibrator\.json\)"):
        ContradictionCalibrator.load(path)
    del data["format_version"]
    with pytest.raises(ValueError, match=r"`format_version` expected 1, got None"):
        ContradictionCalibrator.from_dict(data)


def test_broken_file(tmp_path):
    path = tmp_path / "calibrator.json"
    path.write_text('{"format_version": 1,')
    with pytest.raises(ValueError, match=r"calibrator file expected JSON, got a parse error at line 1"):
        ContradictionCalibrator.load(path)
    with pytest.raises(ValueError, match=r"calibrator data expected the keys written by to_dict\(\)"):
        ContradictionCalibrator.from_dict({"format_version": FORMAT_VERSION, "params": {}})


# ------------------------------------------------------------------------------ JSON
@pytest.mark.parametrize(
    "method, features",
    [("sigmoid", "contradiction"), ("isotonic", "contradiction"), ("temperature", "contradiction"),
     ("sigmoid", "nli"), ("isotonic", "nli"), ("auto", "contradiction")],
)
def test_json_round_trip(tmp_path, method, features):
    X, y = overconfident(400)
    X = np.hstack([X, np.random.default_rng(2).uniform(size=(len(X), 1))])  # one extra feature
    fitted = ContradictionCalibrator(method=method, features=features, cv=3).fit(X, y)
    path = fitted.save(tmp_path / "calibrator.json")
    text = path.read_text()
    loaded = ContradictionCalibrator.load(path)
    np.testing.assert_array_equal(loaded.predict_proba(X), fitted.predict_proba(X))
    np.testing.assert_array_equal(loaded.predict(X), fitted.predict(X))
    assert loaded.get_params() == fitted.get_params()
    fitted_state = (fitted.method_, fitted.threshold_, fitted.cv_scores_)
    assert (loaded.method_, loaded.threshold_, loaded.cv_scores_) == fitted_state
    # Plain JSON: numbers, strings, lists and dicts only.
    data = json.loads(text)
    assert data["format_version"] == FORMAT_VERSION and data["method_"] == fitted.method_
    if fitted.method_ == "isotonic":
        assert isinstance(data["calibrator_"]["X_thresholds_"], list)


# ----------------------------------------------------------------------- behaviour
def test_calibration_fixes_overconfidence():
    X, y = overconfident(3000)
    raw = X[:, [2, 5]].mean(axis=1)
    cal = ContradictionCalibrator().fit(X[:1500], y[:1500])
    after = cal.predict_proba(X[1500:])[:, 1]
    before_ece = expected_calibration_error(y[1500:], raw[1500:])
    after_ece = expected_calibration_error(y[1500:], after)
    assert after_ece < 0.05 < before_ece
    assert set(cal.cv_scores_) == {"sigmoid", "isotonic", "temperature"}
    assert cal.cv_scores_[cal.method_] == min(cal.cv_scores_.values())


def test_auto_picks_temperature_or_sigmoid_for_a_scaled_logit():
    # The truth is exactly a temperature-scaled logit: a parametric map should win.
    X, y = overconfident(2000)
    cal = ContradictionCalibrator().fit(X, y)
    assert cal.method_ in {"temperature", "sigmoid"}
    if cal.method_ == "temperature":
        assert cal.temperature_ == pytest.approx(3.0, rel=0.25)


def test_auto_picks_isotonic_for_a_step():
    # The truth is a step in the score, which no sigmoid of the logit can follow.
    rng = np.random.default_rng(3)
    s = rng.uniform(0.01, 0.99, 3000)
    y = (rng.uniform(size=3000) < np.where(s < 0.5, 0.1, 0.9)).astype(int)
    cal = ContradictionCalibrator().fit(nli_rows(s), y)
    assert cal.method_ == "isotonic"


def test_nli_features_use_the_extra_column():
    # The label depends on an extra feature (say topical similarity) as well as the score.
    rng = np.random.default_rng(4)
    n = 1500
    s = rng.uniform(0.05, 0.95, n)
    similar = rng.uniform(size=n)
    q = 1 / (1 + np.exp(-(4 * (s - 0.5) + 4 * (similar - 0.5))))
    y = (rng.uniform(size=n) < q).astype(int)
    X = np.column_stack([nli_rows(s), similar])
    only_score = ContradictionCalibrator(method="sigmoid").fit(X, y)
    with_extra = ContradictionCalibrator(method="sigmoid", features="nli").fit(X, y)
    assert with_extra.cv_scores_["sigmoid"] < only_score.cv_scores_["sigmoid"] - 0.02


def test_threshold_for_target_precision():
    X, y = overconfident(1500)
    cal = ContradictionCalibrator(threshold_goal=0.8).fit(X, y)
    assert cal.threshold_stats_["precision"] >= 0.8
    f1 = ContradictionCalibrator(threshold_goal="f1").fit(X, y)
    assert cal.threshold_ > f1.threshold_
    p = cal.predict_proba(X)[:, 1]
    np.testing.assert_array_equal(cal.predict(X), (p >= cal.threshold_).astype(int))


def test_unreachable_precision_falls_back(caplog):
    rng = np.random.default_rng(5)
    X, y = nli_rows(rng.uniform(0.1, 0.9, 200)), rng.integers(0, 2, 200)  # no signal at all
    cal = ContradictionCalibrator(method="sigmoid", threshold_goal=1.0).fit(X, y)
    assert 0 <= cal.threshold_ <= 1
    assert "is not reached" in caplog.text


def test_both_directions_are_used():
    # Only b->a carries the signal: the mean of both directions still ranks the pairs.
    rng = np.random.default_rng(6)
    y = rng.integers(0, 2, 400)
    p_ba = np.clip(0.3 + 0.4 * y + rng.normal(0, 0.1, 400), 0, 1)
    X = nli_rows(np.full(400, 0.5), p_ba)
    cal = ContradictionCalibrator(cv=3).fit(X, y)
    assert (cal.predict(X) == y).mean() > 0.9


def test_default_threshold_flags_likely_clashes_and_reports_the_f1_one():
    X, y = overconfident(1500)
    cal = ContradictionCalibrator().fit(X, y)
    f1 = ContradictionCalibrator(threshold_goal="f1").fit(X, y)
    assert cal.threshold_ == 0.5
    stats = cal.threshold_stats_
    assert stats["f1_threshold"] == pytest.approx(f1.threshold_)
    assert stats["f1_threshold_stats"]["f1"] == pytest.approx(f1.threshold_stats_["f1"])
    # Out-of-fold, pairs flagged at 0.5 are clashes more often than not: a flag means "likely".
    assert stats["precision"] > 0.5 and 0 < stats["recall"] <= 1
    p = cal.predict_proba(X)[:, 1]
    np.testing.assert_array_equal(cal.predict(X), (p >= 0.5).astype(int))

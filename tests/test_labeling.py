"""The labeling loop: a queue of uncertain, varied pairs; labels read back; honest fits on few labels."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from framing.calibration import ContradictionCalibrator
from framing.labeling import QUEUE_COLUMNS, label_queue, read_labels


def _scored(n: int = 40) -> pd.DataFrame:
    rng = np.random.default_rng(0)
    topics = ["talks", "sanctions", "missiles", "summit", "trade", "borders", "elections", "taxes"]
    rows = []
    for i in range(n):
        topic = topics[i % len(topics)]
        rows.append({"id_a": f"a{i}", "id_b": f"b{i}", "party_a": "US", "speaker_a": "Pompeo",
                     "text_a": f"the {topic} were productive", "party_b": "NK", "speaker_b": None,
                     "text_b": f"the {topic} are worrisome", "p_contradiction": float(rng.random())})
    frame = pd.DataFrame(rows)
    frame.attrs["threshold"] = 0.4
    return frame


def test_queue_takes_the_most_uncertain_pairs_but_no_near_duplicates():
    df = _scored()
    queue = label_queue(df, n=5, strategy="uncertain")
    assert list(queue.columns) == list(QUEUE_COLUMNS) and len(queue) == 5
    gaps = (queue["p_contradiction"] - 0.4).abs().to_numpy()
    assert np.all(np.diff(gaps) >= 0)  # most uncertain first
    # Rows on one topic reword each other: at most one per topic is taken.
    topics = queue["text_a"].str.split().str[1]
    assert topics.is_unique
    # With duplicates allowed, the five closest to the threshold come, topics repeated or not.
    loose = label_queue(df, n=5, max_similarity=1.0, strategy="uncertain")
    assert set(loose["id_a"]) == set(df.assign(g=(df.p_contradiction - 0.4).abs()).nsmallest(5, "g")["id_a"])


def test_queue_round_trips_through_a_csv_and_never_overwrites(tmp_path):
    path = tmp_path / "to_label.csv"
    queue = label_queue(_scored(), n=6, path=path)
    with pytest.raises(FileExistsError, match="existing .*to_label.csv.*overwrite=True"):
        label_queue(_scored(), n=6, path=path)
    edited = pd.read_csv(path)
    edited["label"] = ["yes", "no", "", "Clash", "0", ""]
    edited.to_csv(path, index=False)
    labels = read_labels(path)
    assert labels["label"].tolist() == [1, 0, 1, 0]
    assert labels["text_a"].tolist() == [queue.text_a[i] for i in (0, 1, 3, 4)]
    edited.loc[1, "label"] = "maybe"
    with pytest.raises(ValueError, match=r"row 1: label expected 1/0, yes/no or clash/no clash, got 'maybe'"):
        read_labels(edited)


def test_labeled_rows_are_not_queued_again():
    df = _scored().assign(label=pd.array([1, 0] + [pd.NA] * 38, dtype="Int64"))
    queue = label_queue(df, n=40, max_similarity=1.0)
    assert len(queue) == 38 and not {"a0", "a1"} & set(queue["id_a"])


def test_queue_input_errors():
    with pytest.raises(ValueError, match=r"expected a framing.compare result .* without \['p_contradiction'\]"):
        label_queue(pd.DataFrame({"text_a": ["a"], "text_b": ["b"]}))
    with pytest.raises(ValueError, match="n expected a positive integer"):
        label_queue(_scored(), n=0)


def test_few_labels_warn_with_the_numbers_and_never_fit_isotonic():
    rng = np.random.default_rng(1)
    ab, ba = rng.dirichlet(np.ones(3), 26), rng.dirichlet(np.ones(3), 26)
    y = np.array([1] * 9 + [0] * 17)
    X = np.hstack([ab, ba])
    with pytest.warns(UserWarning, match=r"at least 100 labeled pairs with 20 of each class, got 26 \(9 clashes, 17 not\)"):
        cal = ContradictionCalibrator(features="contradiction", cv=3).fit(X, y)
    assert "isotonic" not in cal.cv_scores_ and cal.method_ != "isotonic"
    many = np.vstack([X] * 15)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # 390 pairs, 135 clashes: no warning
        assert "isotonic" in ContradictionCalibrator(features="contradiction", cv=3).fit(many, np.tile(y, 15)).cv_scores_


def test_calibrate_reports_cross_validated_figures_with_an_interval(tiny_models):
    from framing import Detector

    det = Detector.from_pretrained(tiny_models["nli"], check_labels=False)
    a = [f"the talks number {i} were productive" for i in range(30)]
    b = [f"the talks number {i} were {'regrettable' if i % 2 else 'productive'}" for i in range(30)]
    with pytest.warns(UserWarning, match="got 30"):
        report = det.calibrate(a, b, [i % 2 for i in range(30)], features="contradiction", cv=3)
    cv = report["cross_validated"]
    lo, hi = cv["roc_auc_interval"]
    assert cv["n"] == 30 and 0 <= lo <= cv["roc_auc"] <= hi <= 1


def test_spread_takes_pairs_across_the_range_of_scores():
    df = _scored(80)
    queue = label_queue(df, n=8, max_similarity=1.0)
    p = np.sort(queue["p_contradiction"].to_numpy())
    assert p[0] < 0.15 and p[-1] > 0.85  # both ends, not only the middle
    with pytest.raises(ValueError, match="strategy expected 'spread' or 'uncertain'"):
        label_queue(df, strategy="best")

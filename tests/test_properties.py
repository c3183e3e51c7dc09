"""Property tests (hypothesis): statements, pairing, calibration and the cache hold their
promises on generated input, not only on the examples written by hand."""

from __future__ import annotations

import json

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import framing
from framing.cache import ScoreCache, valid_row
from framing.calibration import ContradictionCalibrator
from framing.checks import has_content, normalise_party
from framing.pairing import count_pairs, make_pairs
from framing.statements import to_statements

from conftest import SEEDS

# Texts and names mixing letters, spaces, zero-width and control characters and separators.
TEXTS = st.text(st.sampled_from("ab cD\u200b\u00a0\t\n.\x1f\u00e9"), min_size=0, max_size=12)
PARTIES = st.sampled_from(["US", " US ", "US\u200b", "U\u00adS", "North Korea", "North\u00a0Korea", "NK"])


@given(st.lists(st.tuples(PARTIES, TEXTS), min_size=1, max_size=12))
def test_statements_are_kept_or_refused_never_silently_changed(rows):
    if not all(has_content(text) for _, text in rows):
        with pytest.raises(ValueError, match="expected a non-empty string"):
            to_statements(rows)
        return
    statements = to_statements(rows)
    assert [s.text for s in statements] == [text for _, text in rows]  # texts exactly as given
    for statement, (party, _) in zip(statements, rows):
        assert statement.party == normalise_party(party) == normalise_party(statement.party)
        assert statement.meta.get("party_given", party) == party  # the original is kept


@given(st.lists(st.tuples(PARTIES, st.sampled_from(["a b", "c d", "A B.", "e"])), min_size=1, max_size=10),
       st.booleans())
def test_pairs_are_distinct_ordered_and_across_parties(rows, within_party):
    pairing = make_pairs(to_statements(rows), within_party=within_party)
    kept = pairing.statements
    assert len(set(pairing.pairs)) == len(pairing.pairs)
    assert all(i < j for i, j in pairing.pairs)
    if not within_party:
        assert all(kept[i].party != kept[j].party for i, j in pairing.pairs)
    assert len(pairing.pairs) == count_pairs([s.party for s in kept], within_party=within_party)
    assert len(kept) + len(pairing.duplicates) == len(rows)


PROBS = arrays(np.float64, (3,), elements=st.floats(0.001, 1.0)).map(lambda v: v / v.sum())


@pytest.fixture(scope="module")
def symmetric_calibrator():
    rng = np.random.default_rng(3)
    ab, ba, extra = rng.dirichlet(np.ones(3), 300), rng.dirichlet(np.ones(3), 300), rng.random((300, 2))
    y = (ab[:, 2] + ba[:, 2] + extra[:, 0] > 1.1).astype(int)
    return ContradictionCalibrator(features="symmetric", extra_features=["cosine", "sentence_cosine"], cv=3).fit(
        np.hstack([ab, ba, extra]), y
    )


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(PROBS, PROBS, st.floats(-1, 1), st.floats(-1, 1)), min_size=1, max_size=20))
def test_calibrated_probability_is_the_same_in_either_order(symmetric_calibrator, rows):
    forward = np.array([[*ab, *ba, c, s] for ab, ba, c, s in rows])
    backward = np.array([[*ba, *ab, c, s] for ab, ba, c, s in rows])
    p = symmetric_calibrator.predict_proba(forward)
    np.testing.assert_array_equal(p, symmetric_calibrator.predict_proba(backward))
    assert np.all((p >= 0) & (p <= 1))


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.floats(allow_nan=True, allow_infinity=True), st.sampled_from(["threshold_", "coef"]))
def test_an_edited_calibrator_loads_consistent_or_not_at_all(symmetric_calibrator, value, field):
    data = json.loads(json.dumps(symmetric_calibrator.to_dict()))
    if field == "coef":
        data["linear_"]["coef"][0][0] = value
    else:
        data[field] = value
    ok = np.isfinite(value) and (field == "coef" or 0 <= value <= 1)
    if ok:
        p = ContradictionCalibrator.from_dict(data).predict_proba(np.full((1, 8), 1 / 3))
        assert np.all(np.isfinite(p))
    else:
        with pytest.raises(ValueError, match="expected a consistent fitted calibrator"):
            ContradictionCalibrator.from_dict(data)


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(TEXTS, TEXTS, PROBS), min_size=1, max_size=8), st.integers(0, 3))
def test_cache_returns_what_was_stored_for_exactly_that_key(tmp_path_factory, rows, model):
    # A folder per example; a small LRU, so that most reads go to disk.
    cache = ScoreCache(maxsize=4, directory=tmp_path_factory.mktemp("cache"))
    stored = {}
    for premise, hypothesis, probs in rows:
        cache.put(f"m{model}", [premise], [hypothesis], probs[None])
        stored[(premise, hypothesis)] = probs
    premises = [p for p, _ in stored] + ["never stored"]
    hypotheses = [h for _, h in stored] + ["never stored"]
    out = np.zeros((len(premises), 3))
    assert cache.get(f"m{model}", premises, hypotheses, out) == [len(premises) - 1]
    np.testing.assert_array_equal(out[:-1], np.array(list(stored.values())))
    assert cache.get(f"m{model + 1}", premises[:1], hypotheses[:1], out[:1]) == [0]  # another model
    cache.close()


@given(st.lists(st.floats(allow_nan=True, allow_infinity=True), min_size=0, max_size=4))
def test_only_probability_distributions_count_as_valid_rows(values):
    expected = len(values) == 3 and all(0 <= v <= 1 for v in values) and abs(sum(values) - 1) <= 1e-6
    assert valid_row(values) == expected


@pytest.fixture(scope="module")
def default_detector():
    return framing.load(cache_size=0)  # no cache: every order is scored afresh, batches differ


def _by_pair(df):
    return {frozenset((r.text_a, r.text_b)): (r.p_contradiction, r.is_contradiction) for r in df.itertuples()}


@pytest.fixture(scope="module")
def seed_scores_in_file_order(default_detector):
    return _by_pair(framing.compare(framing.read_jsonl(SEEDS / "seed_statements.jsonl"), model=default_detector))


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.randoms(use_true_random=False))
def test_seed_scores_are_identical_under_any_input_order(default_detector, seed_scores_in_file_order,
                                                         seed_statements, random):
    shuffled = list(seed_statements)
    random.shuffle(shuffled)
    assert _by_pair(framing.compare(shuffled, model=default_detector)) == seed_scores_in_file_order
    assert len(seed_scores_in_file_order) == 54


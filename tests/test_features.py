"""framing.features: per-pair word overlap."""

import numpy as np

from framing.features import word_overlap


def test_word_overlap_ignores_stop_words_and_folds_plurals():
    got = word_overlap(
        ["The talks were productive.", "North Korea will not be allowed to threaten us", "", "demands"],
        ["Regrettable talk", "the secretary may not have slept well", "anything", "Demand"],
    )
    assert got[0] > 0 and got[1] == 0.0 and got[2] == 0.0 and got[3] == 1.0
    assert np.all((got >= 0) & (got <= 1))


def test_word_overlap_is_per_pair_and_symmetric():
    a, b = ["talks failed to build trust", "talks were productive"], ["productive talks", "trust was built in talks"]
    np.testing.assert_allclose(word_overlap(a, b), word_overlap(b, a))
    np.testing.assert_allclose(word_overlap(a[:1], b[:1]), word_overlap(a, b)[:1])

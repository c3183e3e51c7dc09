"""Inputs are what they say: `score_pairs` and `NLIModel.predict` refuse texts they would misread."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest


@pytest.mark.parametrize(
    "texts_a, texts_b, error, pattern",
    [
        ("abc", ["def"], TypeError, r"texts_a expected a sequence of texts, got one str 'abc'.*Wrap it in a list"),
        (["a b"], {"c d": 1}, TypeError, r"texts_b expected an ordered sequence.*got dict"),
        (["a b"], {"c d"}, TypeError, r"texts_b expected an ordered sequence.*got set"),
        (["a b", "c"], ["d", float("nan")], TypeError, r"texts_b\[1\] expected a string, got float nan"),
        (["\u200b\u200d"], ["d"], ValueError, r"texts_a\[0\] expected text with content, got only whitespace"),
        (["a"], ["\x00\x01"], ValueError, r"texts_b\[0\] expected text with content"),
        (["a \udc80"], ["b"], ValueError, r"texts_a\[0\] expected text with content, got a lone surrogate"),
    ],
)
def test_score_pairs_refuses_what_it_would_misread(tiny_detector, texts_a, texts_b, error, pattern):
    with pytest.raises(error, match=pattern):
        tiny_detector.score_pairs(texts_a, texts_b)


def test_series_arrays_and_tuples_are_sequences_of_texts(tiny_detector):
    a, b = ["the talks were productive ."], ["the talks were regrettable ."]
    expected = tiny_detector.score_pairs(a, b)
    for wrap in (tuple, pd.Series, np.array):
        pd.testing.assert_frame_equal(tiny_detector.score_pairs(wrap(a), wrap(b)), expected)


def test_predict_names_the_side_and_row(tiny_detector):
    with pytest.raises(TypeError, match=r"hypotheses\[1\] expected a string"):
        tiny_detector.nli_model.predict(["a", "b"], ["c", None])
    with pytest.raises(TypeError, match=r"premises expected a sequence of texts, got one str"):
        tiny_detector.nli_model.predict("ab", ["c", "d"])

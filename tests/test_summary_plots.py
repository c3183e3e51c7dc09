"""framing.summary, framing.plots.heatmap, framing.plots.score_distribution: data and Figures, no pyplot."""

import sys

import numpy as np
import pandas as pd
import pytest

import framing

ROWS = [
    {"party": "US", "speaker": "Pompeo", "text": "The talks were productive."},
    {"party": "US", "speaker": "Nauert", "text": "Sanctions remain in place."},
    {"party": "NK", "speaker": None, "text": "The talks were not productive at all."},
    {"party": "NK", "speaker": "KCNA", "text": "The results of the talks are extremely worrisome."},
    {"party": "China", "speaker": "Wang", "text": "The dog runs in the park."},
]


@pytest.fixture
def df(fake_scorer):
    return framing.compare(ROWS, scorer=fake_scorer)


def test_summary_one_row_per_party_pair(df):
    table = framing.summary(df)
    assert list(table.columns) == ["a", "b", "pairs", "flagged", "max_p", "mean_p", "strongest_a", "strongest_b"]
    assert len(table) == 3 and table["pairs"].sum() == len(df)
    assert table["max_p"].is_monotonic_decreasing
    top = table.iloc[0]
    assert (top["a"], top["b"]) == ("NK", "US") and top["pairs"] == 4 and top["flagged"] == 2
    assert top["max_p"] == pytest.approx(0.9) and top["mean_p"] == pytest.approx(0.5)
    # strongest_a is said by a (NK), strongest_b by b (US), whichever side compare put them on.
    assert top["strongest_a"] in {r["text"] for r in ROWS if r["party"] == "NK"}
    assert top["strongest_b"] in {r["text"] for r in ROWS if r["party"] == "US"}


def test_summary_by_speaker_names_unknown_speakers(df):
    table = framing.summary(df, by="speaker")
    assert "(unknown)" in set(table["a"]) | set(table["b"])
    assert table["pairs"].sum() == len(df)


def test_summary_of_an_empty_result_and_bad_input():
    with pytest.warns(UserWarning):
        empty = framing.compare([("US", "a b")], scorer=None, model="unused")
    assert framing.summary(empty).empty
    with pytest.raises(ValueError, match="by expected 'party' or 'speaker'"):
        framing.summary(empty, by="country")
    with pytest.raises(ValueError, match="framing.compare's DataFrame"):
        framing.summary(pd.DataFrame({"x": [1]}))


def test_heatmap_is_a_symmetric_figure(df):
    from matplotlib.figure import Figure

    fig = framing.plots.heatmap(df)
    assert isinstance(fig, Figure) and "matplotlib.pyplot" not in sys.modules
    image = fig.axes[0].images[0].get_array()
    assert image.shape == (3, 3)
    assert np.ma.allequal(image, image.T)
    labels = [t.get_text() for t in fig.axes[0].get_xticklabels()]
    assert labels == ["China", "NK", "US"]
    assert image[1, 2] == pytest.approx(0.9) and np.ma.is_masked(image[0, 0])
    assert any("4 pairs" in t.get_text() for t in fig.axes[0].texts)
    fig.savefig(__import__("io").BytesIO(), format="png")  # renders without a GUI backend
    speakers = framing.plots.heatmap(df, by="speaker")
    assert "(unknown)" in [t.get_text() for t in speakers.axes[0].get_yticklabels()]


def test_score_distribution_draws_the_threshold(df):
    fig = framing.plots.score_distribution(df)
    ax = fig.axes[0]
    [line] = ax.get_lines()
    assert line.get_xdata()[0] == pytest.approx(df.attrs["threshold"])
    assert f"{int(df['is_contradiction'].sum())} of {len(df)} flagged" in ax.get_legend().get_texts()[0].get_text()
    assert sum(p.get_height() for p in ax.patches) == len(df)
    assert framing.plots.score_distribution(df, threshold=0.2).axes[0].get_lines()[0].get_xdata()[0] == 0.2


def test_reliability_figure_is_exported():
    from matplotlib.figure import Figure

    import framing.metrics  # a submodule: imported by name, never as a side effect of another test

    fig = framing.metrics.reliability_figure([0, 1, 1, 0], [0.2, 0.9, 0.6, 0.4])
    assert isinstance(fig, Figure)

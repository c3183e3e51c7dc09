"""explain says what it will cost (model passes) before a long run, shows progress, and keeps one
pair's explanation within a budget of passes."""

from __future__ import annotations

import logging

import pytest

import framing
from framing.explaining import MAX_PASSES, sentences

LONG_A = ("Sunshine came early today over the hills near the river. The talks were productive, he said. "
          "Children played music in the park near the old stage. Dogs were running outside in the rain.")
LONG_B = ("The talks were not productive at all. Birds sang loudly in the garden behind the house. "
          "Two women were eating apples on the stage. The weather was dry and sunny all day.")


def passes_scored(scorer) -> int:
    return sum(2 * len(a) for a, _ in scorer.calls)  # both directions of each pair, one pass each


def test_a_pair_past_its_budget_occludes_its_driving_words_first(fake_scorer):
    [free] = framing.explain([(LONG_A, LONG_B)], fake_scorer, max_passes=None)
    assert len(fake_scorer.calls) == 1 and free.n_skipped == 0
    fake_scorer.calls.clear()
    [capped] = framing.explain([(LONG_A, LONG_B)], fake_scorer, max_passes=60)
    assert len(fake_scorer.calls) == 2  # text and sentence pairs first, then the chosen words
    assert passes_scored(fake_scorer) <= 60 < free.words["weight"].notna().sum() * 2
    weighed = capped.words.dropna(subset=["weight"])
    assert capped.n_skipped == free.words["weight"].notna().sum() - len(weighed) > 0
    assert "not" in set(weighed["word"]) and capped.top_words(1).iloc[0]["word"] == "not"
    assert capped.sentence_b == "The talks were not productive at all."
    assert capped.p_contradiction == free.p_contradiction


def test_the_fixed_part_always_runs_even_past_a_tiny_budget(fake_scorer):
    [e] = framing.explain([(LONG_A, LONG_B)], fake_scorer, max_passes=1)
    assert e.sentence_a is not None and e.words["weight"].isna().all() and e.n_skipped > 0
    with pytest.raises(ValueError, match="max_passes expected a positive integer or None"):
        framing.explain([(LONG_A, LONG_B)], fake_scorer, max_passes=0)


def test_passes_are_counted_as_the_model_runs_them(tiny_detector):
    nli = tiny_detector.nli_model
    short, long_ = ("the talks were productive", "the talks failed"), (LONG_A.lower(), LONG_B.lower())
    assert nli.count_passes(*zip(short)) == [1]
    assert nli.count_passes(*zip(long_)) == [len(nli.sentence_pairs(*long_))] and len(nli.sentence_pairs(*long_)) > 1


def test_the_cost_heads_the_progress_bar_and_the_log(tiny_detector, capsys, caplog):
    with caplog.at_level(logging.INFO, logger="framing.explaining"):
        framing.explain([(LONG_A.lower(), LONG_B.lower())], tiny_detector, progress=True, max_passes=MAX_PASSES)
    [line] = [r.getMessage() for r in caplog.records if r.getMessage().startswith("explain:")]
    assert line.startswith("explain: 1 pair, at most ") and line.endswith(" model passes")
    assert line in capsys.readouterr().err  # the bar carries it on stderr before the passes run


def test_a_long_pair_past_its_budget_runs_at_most_its_passes(tiny_detector, monkeypatch):
    from framing import Detector

    det = Detector(tiny_detector.nli_model, cache_size=0)  # every pass runs: none is a cache hit
    nli = det.nli_model
    ran = []
    predict = nli.predict
    monkeypatch.setattr(nli, "predict", lambda p, h, **kw: ran.append(sum(nli.count_passes(p, h))) or predict(p, h, **kw))
    a, b = LONG_A.lower(), LONG_B.lower()
    sentence_pairs = len(sentences(a)) * len(sentences(b))
    fixed = sum(nli.count_passes([a, b], [b, a])) + 2 * sentence_pairs  # the text and its (short) sentence pairs
    assert sum(nli.count_passes([a], [b])) > 1  # past the tiny model's max length: split into sentence pairs
    [e] = framing.explain([(a, b)], det, max_passes=fixed + 40)
    assert fixed < sum(ran) <= fixed + 40
    assert e.n_skipped > 0 and e.words["weight"].notna().sum() > 0

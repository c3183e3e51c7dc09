"""The fast paths agree with the exact ones: one-shot tokenisation, duplicate pairs, reduced
precision, the score cache and the topic prefilter. (Speed itself is measured in benchmarks/.)"""

import json

import numpy as np
import pandas as pd
import pytest

from framing import Detector, Statement, compare
from framing import inference as inference_module
from framing import pairing as pairing_module
from framing.nli import NLIModel
from framing.pairing import count_pairs, make_pairs, topic_prefilter

from conftest import SEEDS

PREMISES = [
    "A man is sleeping.",
    "The door is open.",
    "Two children are eating apples.",
    "The talks were productive. The results of the talks are extremely worrisome!",
    "A dog runs in a park.",
    "A man is sleeping.",  # duplicate pair of row 0
]
HYPOTHESES = [
    "A man is awake and running.",
    "The door is closed.",
    "Children are eating.",
    "The talks were regrettable.",
    "An animal is outside.",
    "A man is awake and running.",
]


@pytest.fixture(scope="module")
def nli(tiny_models):
    return NLIModel.from_pretrained(tiny_models["nli"], check_labels=False)


def _reference(nli, premises, hypotheses):
    """The plain way: tokenise and run each pair on its own, no padding, no batching."""
    import torch

    rows = []
    with torch.inference_mode():
        for p, h in zip(premises, hypotheses):
            encoded = nli.tokenizer(p, h, return_tensors="pt")
            probs = torch.softmax(nli.model(**encoded).logits, dim=-1)[0, nli._order]
            rows.append(probs.numpy())
    return np.array(rows, dtype=np.float64)


@pytest.mark.parametrize("batch_size", [1, 3, 32])
def test_batched_padded_predict_matches_one_by_one(nli, batch_size):
    fast = nli.predict(PREMISES, HYPOTHESES, batch_size=batch_size)
    np.testing.assert_allclose(fast, _reference(nli, PREMISES, HYPOTHESES), atol=1e-5)
    np.testing.assert_array_equal(fast[0], fast[5])


@pytest.mark.parametrize("workers", [2, 3])
def test_batch_parallel_workers_give_identical_scores_and_restore_threads(nli, workers, monkeypatch):
    import threading
    import time

    import torch

    premises, hypotheses = PREMISES * 4, HYPOTHESES[::-1] * 4
    nli.cpu_workers = 1
    serial = nli.predict(premises, hypotheses, batch_size=2)
    threads = torch.get_num_threads()
    seen = set()
    pad = nli._pad  # called once per batch, in the thread that runs it (on either forward path)

    def spy(*args, **kwargs):
        seen.add(threading.get_ident())
        time.sleep(0.01)  # each part outlasts the submission of the next: no thread is reused
        return pad(*args, **kwargs)

    monkeypatch.setattr(nli, "_pad", spy)
    nli.cpu_workers = workers
    try:
        parallel = nli.predict(premises, hypotheses, batch_size=2)
    finally:
        nli.cpu_workers = None
    # The batches really ran in worker threads (a pool may reuse a thread that finished early).
    assert 2 <= len(seen) <= workers and threading.get_ident() not in seen
    np.testing.assert_array_equal(parallel, serial)
    assert torch.get_num_threads() == threads


def test_a_failing_worker_raises_and_restores_threads(nli, monkeypatch):
    import torch

    threads = torch.get_num_threads()
    calls = []

    def broken(*args, **kwargs):
        calls.append(1)
        raise RuntimeError("boom in a worker")

    monkeypatch.setattr(nli, "_pad", broken)
    nli.cpu_workers = 2
    try:
        with pytest.raises(RuntimeError, match="boom in a worker"):
            nli.predict(PREMISES * 10, HYPOTHESES * 10, batch_size=1)
    finally:
        nli.cpu_workers = None
    assert torch.get_num_threads() == threads
    assert len(calls) < 20  # the other worker stopped early instead of running all its batches


def test_default_workers_only_for_two_to_four_threads(nli):
    assert nli.cpu_workers is None
    assert [nli._workers(100, t) for t in (1, 2, 3, 4, 8)] == [1, 2, 3, 4, 1]
    assert nli._workers(1, 4) == 1  # never more workers than batches


def test_streamed_chunks_give_the_same_scores(nli, monkeypatch):
    whole = nli.predict(PREMISES, HYPOTHESES, batch_size=4)
    monkeypatch.setattr(inference_module, "STREAM_CHUNK", 2)
    np.testing.assert_allclose(nli.predict(PREMISES, HYPOTHESES, batch_size=4), whole, atol=1e-6)


def test_tokenised_once_and_duplicates_scored_once(nli, monkeypatch):
    calls = []
    encode = NLIModel._encode

    def spy(self, pairs):
        calls.append(list(pairs))
        return encode(self, pairs)

    monkeypatch.setattr(NLIModel, "_encode", spy)
    nli.predict(PREMISES * 3, HYPOTHESES * 3)
    assert len(calls) == 1
    assert len(calls[0]) == len(set(zip(PREMISES, HYPOTHESES))) == 5


def test_long_pairs_split_and_deduplicated(nli):
    long = " ".join(["The talks were productive."] * 20)
    probs = nli.predict([long, long, "A dog runs."], ["The talks were regrettable."] * 2 + ["An animal."])
    np.testing.assert_array_equal(probs[0], probs[1])
    np.testing.assert_allclose(probs[2], nli.predict(["A dog runs."], ["An animal."])[0], atol=1e-6)


def test_long_pairs_score_each_sentence_with_its_closest_ones_only(nli):
    words = "talks door weather dog children guitar stage park apples rain".split()
    side_a = [f"The {w} is open number {i}." for i, w in enumerate(words * 3)]  # 30 sentences
    side_b = [f"A {w} was closed again {i}." for i, w in enumerate(reversed(words * 3))]
    pieces = nli.sentence_pairs(" ".join(side_a), " ".join(side_b))
    cap = inference_module.CLOSEST_PER_SENTENCE
    assert len(pieces) <= cap * (len(side_a) + len(side_b)) < len(side_a) * len(side_b)
    assert {a for a, _ in pieces} == set(side_a) and {b for _, b in pieces} == set(side_b)
    # Sentences sharing a topic word (and its number) are paired; the score is the max over them.
    assert ("The talks is open number 0.", "A talks was closed again 29.") in pieces
    probs = nli.predict([" ".join(side_a)], [" ".join(side_b)])
    contra = nli.predict([p for p, _ in pieces], [h for _, h in pieces])[:, 2]
    assert probs[0, 2] == pytest.approx(contra.max(), abs=1e-6)
    # A short pair is scored as it is; a small grid is scored whole.
    assert nli.sentence_pairs("A dog runs.", "An animal.") == [("A dog runs.", "An animal.")]
    assert len(inference_module.closest_pairs(side_a[:8], side_b[:8])) == 64


# --- reduced precision ---------------------------------------------------------------------


@pytest.mark.parametrize("precision", ["bf16", "int8"])
def test_reduced_precision_agrees_with_fp32(tiny_models, nli, precision):
    fast = NLIModel.from_pretrained(tiny_models["nli"], check_labels=False, precision=precision)
    assert fast.requested_precision == precision
    premises = PREMISES * 4 + [h for h in HYPOTHESES]
    hypotheses = HYPOTHESES[::-1] * 4 + [p for p in PREMISES]
    exact = nli.predict(premises, hypotheses)
    approx = fast.predict(premises, hypotheses)
    np.testing.assert_allclose(approx.sum(axis=1), 1.0, atol=1e-6)
    assert np.abs(approx - exact).max() < 0.03
    # argmax agrees wherever fp32 is not a near tie
    clear = np.sort(exact, axis=1)[:, -1] - np.sort(exact, axis=1)[:, -2] > 0.03
    assert (approx.argmax(1) == exact.argmax(1))[clear].all()


def test_int8_keeps_float_weights_for_saving(tiny_models, tmp_path):
    fast = NLIModel.from_pretrained(tiny_models["nli"], check_labels=False, precision="int8")
    fast.predict(["a"], ["b"])
    folder = fast.save_pretrained(tmp_path / "saved")
    again = NLIModel.from_pretrained(folder, check_labels=False)
    np.testing.assert_allclose(again.predict(PREMISES, HYPOTHESES), NLIModel.from_pretrained(
        tiny_models["nli"], check_labels=False).predict(PREMISES, HYPOTHESES), atol=1e-6)


def test_bf16_falls_back_to_fp32_without_hardware_support(tiny_models, monkeypatch, caplog):
    monkeypatch.setattr(inference_module, "bf16_supported", lambda device="cpu": False)
    with caplog.at_level("INFO", logger="framing.inference"):
        model = NLIModel.from_pretrained(tiny_models["nli"], check_labels=False, precision="bf16")
    assert model.precision == "fp32" and model.requested_precision == "bf16"
    assert "no native bfloat16 support" in caplog.text


def test_bad_precision(tiny_models):
    with pytest.raises(ValueError, match=r"precision expected one of \['fp32', 'bf16', 'int8'\], got 'fp16'"):
        NLIModel.from_pretrained(tiny_models["nli"], check_labels=False, precision="fp16")
    with pytest.raises(ValueError, match=r"precision='int8' expected device 'cpu', got 'meta'"):
        NLIModel(object(), object(), label_indices={"entailment": 0, "neutral": 1, "contradiction": 2},
                 max_length=8, device="meta", precision="int8")


# --- cache ---------------------------------------------------------------------------------


class Counting:
    """Wraps NLIModel.predict and records how many pairs it was asked to score."""

    def __init__(self, detector):
        self.pairs = []
        inner = detector.nli_model.predict

        def predict(premises, hypotheses, **kwargs):
            self.pairs.append(len(premises))
            return inner(premises, hypotheses, **kwargs)

        detector.nli_model.predict = predict


STATEMENTS = [
    {"party": "US", "text": "The talks were productive."},
    {"party": "US", "text": "Sanctions remain in place."},
    {"party": "NK", "text": "The results of the talks are extremely worrisome."},
    {"party": "NK", "text": "The US made gangster-like demands."},
]


def test_rerun_with_one_new_statement_scores_only_new_pairs(tiny_models):
    det = Detector.from_pretrained(tiny_models["nli"], check_labels=False)
    counter = Counting(det)
    first = compare(STATEMENTS, model=det)
    assert counter.pairs == [2 * 4]  # 4 cross-party pairs, both directions
    again = compare(STATEMENTS, model=det)
    assert counter.pairs == [8]  # nothing new: predict not called
    assert again.equals(first)
    compare(STATEMENTS + [{"party": "NK", "text": "Firm progress was made."}], model=det)
    assert counter.pairs == [8, 2 * 2]  # the new statement pairs with the 2 US ones
    assert det.cache_info()["hits"] >= 8 + 8


def test_cache_matches_uncached_scores(tiny_models):
    cached = Detector.from_pretrained(tiny_models["nli"], check_labels=False)
    plain = Detector.from_pretrained(tiny_models["nli"], check_labels=False, cache_size=0)
    a, b = PREMISES[:3], HYPOTHESES[:3]
    cached.score_pairs(a, b)
    mixed_a, mixed_b = PREMISES, HYPOTHESES  # some cached, some not
    pd.testing.assert_frame_equal(cached.score_pairs(mixed_a, mixed_b), plain.score_pairs(mixed_a, mixed_b), atol=1e-12)
    assert len(plain.cache) == 0


def test_disk_cache_survives_a_new_detector(tiny_models, tmp_path):
    det = Detector.from_pretrained(tiny_models["nli"], check_labels=False, cache_dir=tmp_path / "cache")
    scores = det.score_pairs(PREMISES, HYPOTHESES)
    fresh = Detector.from_pretrained(tiny_models["nli"], check_labels=False, cache_dir=tmp_path / "cache")
    counter = Counting(fresh)
    pd.testing.assert_frame_equal(fresh.score_pairs(PREMISES, HYPOTHESES), scores, atol=1e-12)
    assert counter.pairs == []
    assert (tmp_path / "cache" / "framing-scores.sqlite").is_file()
    # Another precision is another key: scored anew, not read from the fp32 entries.
    int8 = Detector.from_pretrained(tiny_models["nli"], check_labels=False, precision="int8", cache_dir=tmp_path / "cache")
    counter = Counting(int8)
    int8.score_pairs(PREMISES[:2], HYPOTHESES[:2])
    assert counter.pairs == [4]
    fresh.clear_cache()
    counter = Counting(fresh)
    fresh.score_pairs(PREMISES[:1], HYPOTHESES[:1])
    assert counter.pairs == [2]


def test_bad_input_still_raises_through_the_cache(tiny_detector):
    with pytest.raises(ValueError, match="expected the same length"):
        tiny_detector.nli(["a", "b"], ["c"])
    with pytest.raises(TypeError, match=r"hypotheses\[1\] expected a string"):
        tiny_detector.nli(["a", "b"], ["c", None])


# --- topic prefilter -----------------------------------------------------------------------

DISTRACTORS = [
    "Heavy rain is expected across the south coast this weekend.",
    "The football club signed a new striker for the coming season.",
    "Shares of the carmaker fell after weak quarterly sales.",
    "A new museum of modern art opened in the city centre.",
    "The marathon was won in record time on a cold morning.",
    "Scientists found water ice in a crater near the lunar pole.",
    "The bakery chain will open twenty new stores next year.",
    "Flu cases rose sharply in the first weeks of winter.",
    "The orchestra announced a tour of Asia in the spring.",
    "Wildfires forced thousands to leave their homes in the hills.",
    "The airline cancelled flights because of a pilot strike.",
    "A rare bird was spotted in the wetlands for the first time in decades.",
]


def _seed_with_distractors():
    statements = [json.loads(line) for line in (SEEDS / "seed_statements.jsonl").read_text().splitlines()]
    parties = sorted({s["party"] for s in statements})
    statements += [{"party": parties[i % len(parties)], "text": t} for i, t in enumerate(DISTRACTORS)]
    positives = [
        row for row in map(json.loads, (SEEDS / "seed_pairs.jsonl").read_text().splitlines()) if row["label"] == 1
    ]
    return statements, positives


def test_prefilter_keeps_known_contradictory_pairs(fake_scorer):
    statements, positives = _seed_with_distractors()
    everything = compare(statements, scorer=fake_scorer, prefilter=False)
    df = compare(statements, scorer=fake_scorer, prefilter=True)  # default top_k

    def pair_set(frame):
        return {frozenset((a, b)) for a, b in zip(frame["text_a"], frame["text_b"])}

    known = [frozenset((p["text_a"], p["text_b"])) for p in positives]
    known = [pair for pair in known if pair in pair_set(everything)]  # a few seed pairs quote other wording
    assert len(known) >= 10
    assert [pair for pair in known if pair not in pair_set(df)] == []
    assert df.attrs["prefilter"] is True
    assert df.attrs["n_pairs_pruned"] > 0
    assert df.attrs["n_pairs_pruned"] + df.attrs["n_pairs"] == df.attrs["n_candidate_pairs"]


def test_prefilter_pairs_are_a_subset_and_auto_needs_size(monkeypatch):
    items = [Statement(s["text"], s["party"]) for s in _seed_with_distractors()[0]]
    full = make_pairs(items)
    assert not full.prefiltered and full.n_pruned == 0
    assert make_pairs(items, prefilter="auto").pairs == full.pairs  # small: off
    filtered = make_pairs(items, prefilter=True, top_k=2)
    assert set(filtered.pairs) < set(full.pairs) and filtered.pairs == sorted(filtered.pairs)
    assert filtered.n_candidates == len(full.pairs) == count_pairs([s.party for s in items])
    monkeypatch.setattr(pairing_module, "PREFILTER_MIN_PAIRS", 10)
    assert make_pairs(items, prefilter="auto", top_k=2).pairs == filtered.pairs


def test_prefilter_blocks_give_the_same_pairs(monkeypatch):
    statements, _ = _seed_with_distractors()
    texts, parties = [s["text"] for s in statements], [s["party"] for s in statements]
    whole = topic_prefilter(texts, parties, top_k=2)
    monkeypatch.setattr(pairing_module, "_SIM_BLOCK_CELLS", 7)  # one row at a time
    assert topic_prefilter(texts, parties, top_k=2) == whole
    within = topic_prefilter(texts, parties, top_k=2, within_party=True)
    assert any(parties[i] == parties[j] for i, j in within)


def test_prefilter_with_embeddings_matches_the_same_vectors_as_tfidf():
    from sklearn.feature_extraction.text import TfidfVectorizer

    statements, _ = _seed_with_distractors()
    texts, parties = [s["text"] for s in statements], [s["party"] for s in statements]
    dense = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, strip_accents="unicode").fit_transform(texts).toarray()
    assert topic_prefilter(texts, parties, top_k=3, embeddings=dense * 5.0) == topic_prefilter(texts, parties, top_k=3)
    with pytest.raises(ValueError, match=r"embeddings expected shape \(27, d\), got \(2, 3\)"):
        topic_prefilter(texts, parties, embeddings=np.zeros((2, 3)))


def test_prefilter_edge_cases():
    assert topic_prefilter(["a"], ["US"]) == []
    assert topic_prefilter(["!", "?"], ["US", "NK"]) == [(0, 1)]  # no words at all: keep by rank
    with pytest.raises(ValueError, match=r"top_k expected a positive integer, got 0"):
        topic_prefilter(["a b", "c d"], ["US", "NK"], top_k=0)
    with pytest.raises(ValueError, match=r"prefilter expected one of True, False, 'auto', got 'yes'"):
        make_pairs([Statement("a", "US")], prefilter="yes")


def test_compare_reuses_a_model_loaded_by_path(tiny_models, monkeypatch):
    from framing import loaded

    monkeypatch.setattr(loaded, "LOADED", loaded.LoadedModels())
    first = compare(STATEMENTS, model=str(tiny_models["nli"]))
    (det,) = loaded.LOADED._items.values()
    misses = det.cache_info()["misses"]
    again = compare(STATEMENTS, model=str(tiny_models["nli"]))
    assert list(loaded.LOADED._items.values()) == [det]
    assert det.cache_info()["misses"] == misses  # everything came from the cache
    pd.testing.assert_frame_equal(first, again)


def test_compare_precision_with_a_loaded_detector_warns(tiny_detector):
    with pytest.warns(UserWarning, match=r"precision expected to apply to a model loaded by compare, got precision='int8'"):
        compare(STATEMENTS, model=tiny_detector, precision="int8")


def test_length_batches_cover_every_row_once_with_little_padding():
    rng = np.random.default_rng(0)
    lengths = rng.integers(5, 120, size=1000).tolist()
    batches = inference_module.length_batches(lengths, 32)
    rows = np.concatenate(batches)
    assert sorted(rows.tolist()) == list(range(1000))
    assert all(1 <= len(b) <= 32 for b in batches)
    for b in batches:
        shortest, longest = min(lengths[k] for k in b), max(lengths[k] for k in b)
        assert longest <= shortest * (1 + inference_module.BATCH_LENGTH_SLACK) + 1
    padded = sum(len(b) * max(lengths[k] for k in b) for b in batches)
    assert padded / sum(lengths) < 1.03  # fixed batches of 32 would pad these by about 4 %
    assert inference_module.length_batches([], 32) == []
    assert [len(b) for b in inference_module.length_batches([7] * 70, 32)] == [32, 32, 6]


def test_length_batches_are_the_same_whatever_the_input_order():
    rng = np.random.default_rng(3)
    texts = [f"text {i}" for i in range(200)]
    lengths = rng.integers(5, 9, size=200).tolist()  # many ties
    first = {tuple(sorted(texts[i] for i in b)) for b in inference_module.length_batches(lengths, 16, ties=texts)}
    order = rng.permutation(200)
    shuffled = [texts[i] for i in order]
    again = inference_module.length_batches([lengths[i] for i in order], 16, ties=shuffled)
    assert {tuple(sorted(shuffled[i] for i in b)) for b in again} == first
    # and each row sits at the same position in its batch
    assert sorted(tuple(shuffled[i] for i in b) for b in again) == sorted(
        tuple(texts[i] for i in b) for b in inference_module.length_batches(lengths, 16, ties=texts))

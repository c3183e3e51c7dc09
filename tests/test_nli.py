import json
import logging
import re

import numpy as np
import pytest

from framing import labels as labels_module
from framing.inference import split_sentences
from framing.labels import LABELS, resolve_label_indices
from framing.nli import NLIModel


@pytest.fixture(scope="module")
def nli(tiny_models):
    return NLIModel.from_pretrained(tiny_models["nli"], check_labels=False)


# --- label resolution -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("id2label", "expected"),
    [
        ({0: "entailment", 1: "neutral", 2: "contradiction"}, (0, 1, 2)),
        ({0: "CONTRADICTION", 1: "ENTAILMENT", 2: "NEUTRAL"}, (1, 2, 0)),
        ({"0": "contradict", "1": "Neutral", "2": "entail"}, (2, 1, 0)),
        ({0: "Entailment", 1: "Contradiction", 2: "neutral"}, (0, 2, 1)),
    ],
)
def test_labels_resolved_by_name(id2label, expected):
    assert resolve_label_indices(id2label) == dict(zip(LABELS, expected))


@pytest.mark.parametrize(
    "label_map",
    [
        {"contradiction": 0, "neutral": 1, "entailment": 2},
        {"LABEL_0": "contradiction", "LABEL_1": "neutral", "LABEL_2": "entailment"},
        {0: "contradiction", 1: "neutral", 2: "entailment"},
    ],
)
def test_generic_labels_with_label_map(label_map):
    generic = {0: "LABEL_0", 1: "LABEL_1", 2: "LABEL_2"}
    assert resolve_label_indices(generic, label_map) == {"entailment": 2, "neutral": 1, "contradiction": 0}


def test_generic_labels_without_map_explain_label_map():
    with pytest.raises(ValueError) as error:
        resolve_label_indices({0: "LABEL_0", 1: "LABEL_1", 2: "LABEL_2"})
    message = str(error.value)
    assert "got ['LABEL_0', 'LABEL_1', 'LABEL_2']" in message
    assert "label_map={'contradiction': 0, 'neutral': 1, 'entailment': 2}" in message


def test_no_contradiction_label_names_labels_found():
    with pytest.raises(ValueError, match=r"expected \['entailment', 'neutral', 'contradiction'\], got \['entailment', 'neutral', 'other'\] \(no \['contradiction'\] label found\)"):
        resolve_label_indices({0: "entailment", 1: "neutral", 2: "other"})


def test_not_entailment_is_not_entailment():
    with pytest.raises(ValueError, match=r"no \['entailment'\] label found"):
        resolve_label_indices({0: "not_entailment", 1: "neutral", 2: "contradiction"})


def test_two_label_model_is_not_nli():
    with pytest.raises(ValueError, match=r"model labels expected 3 .* got 2: \['not_entailment', 'entailment'\]\. This checkpoint is not a 3-way NLI classifier"):
        resolve_label_indices({0: "not_entailment", 1: "entailment"})


@pytest.mark.parametrize(
    ("label_map", "pattern"),
    [
        ({"contradiction": 0, "neutral": 1, "entailment": 1}, r"expected three distinct indices"),
        ({"contradiction": 7, "neutral": 1, "entailment": 2}, r"label_map entry expected .* got 'contradiction': 7"),
        ({"LABEL_9": "contradiction"}, r"label_map key expected one of the model labels .* got 'LABEL_9'"),
        ({"contradiction": 0, "neutral": 1}, r"no \['entailment'\] label found"),
    ],
)
def test_bad_label_map(label_map, pattern):
    with pytest.raises(ValueError, match=pattern):
        resolve_label_indices({0: "LABEL_0", 1: "LABEL_1", 2: "LABEL_2"}, label_map)


def test_duplicate_label_names():
    with pytest.raises(ValueError, match=r"got two names for 'contradiction'"):
        resolve_label_indices({0: "contradiction", 1: "CONTRADICTION", 2: "neutral"})


# --- loading ----------------------------------------------------------------------------------


def test_permuted_checkpoint_gives_same_probabilities_relabelled(nli, tiny_models):
    permuted = NLIModel.from_pretrained(tiny_models["permuted"], check_labels=False)
    premises, hypotheses = ["A man is sleeping.", "A dog runs."], ["A man is awake.", "An animal is outside."]
    base = nli.predict(premises, hypotheses)
    # Same weights: output 0 is now called CONTRADICTION, 1 ENTAILMENT, 2 NEUTRAL.
    np.testing.assert_allclose(permuted.predict(premises, hypotheses), base[:, [1, 2, 0]], atol=1e-6)


def test_generic_checkpoint_needs_label_map(tiny_models):
    with pytest.raises(ValueError, match=r"generic names"):
        NLIModel.from_pretrained(tiny_models["generic"], check_labels=False)
    model = NLIModel.from_pretrained(
        tiny_models["generic"], label_map={"entailment": 0, "neutral": 1, "contradiction": 2}, check_labels=False
    )
    assert model.label_indices == {"entailment": 0, "neutral": 1, "contradiction": 2}


def test_two_label_checkpoint_is_rejected(tiny_models):
    with pytest.raises(ValueError, match=r"not a 3-way NLI classifier"):
        NLIModel.from_pretrained(tiny_models["two_label"])


@pytest.mark.parametrize(
    ("remove", "pattern"),
    [
        ("config.json", r"missing: \['config.json'\]"),
        ("model.safetensors", r"missing: \['model.safetensors'\]"),
        ("tokenizer.json", r"missing: \['tokenizer files"),
    ],
)
def test_folder_missing_files(tiny_model, remove, pattern):
    (tiny_model / remove).unlink()
    with pytest.raises(ValueError, match=r"model folder expected config, weights and tokenizer files, got \[.*\] in .*" + pattern):
        NLIModel.from_pretrained(tiny_model)


def test_pickle_weights_are_refused(tiny_model):
    (tiny_model / "model.safetensors").rename(tiny_model / "pytorch_model.bin")
    with pytest.raises(ValueError, match=r"got only pytorch_model.bin"):
        NLIModel.from_pretrained(tiny_model)


def test_file_instead_of_folder(tiny_model):
    with pytest.raises(ValueError, match=r"model path expected a folder, got the file"):
        NLIModel.from_pretrained(tiny_model / "config.json")


def _drop_weights(folder, prefix):
    from safetensors.torch import load_file, save_file

    weights = load_file(folder / "model.safetensors")
    save_file({k: v for k, v in weights.items() if not k.startswith(prefix)}, folder / "model.safetensors",
              metadata={"format": "pt"})


@pytest.mark.parametrize(
    ("prefix", "count", "shown"),
    [("classifier.", 2, "classifier.bias, classifier.weight"), ("bert.encoder.layer.1.", 16, "bert.encoder.layer.1.")],
)
def test_incomplete_weights_are_refused_not_randomly_filled(tiny_model, prefix, count, shown):
    _drop_weights(tiny_model, prefix)
    pattern = rf"in '.*model.safetensors', got {count} missing \({shown}.*random values.*save_pretrained"
    with pytest.raises(ValueError, match=pattern):
        NLIModel.from_pretrained(tiny_model, check_labels=False)


def test_extra_weights_only_warn(tiny_model, caplog):
    import torch
    from safetensors.torch import load_file, save_file

    weights = load_file(tiny_model / "model.safetensors")
    save_file({**weights, "extra.head.weight": torch.zeros(2)}, tiny_model / "model.safetensors", metadata={"format": "pt"})
    with caplog.at_level(logging.WARNING, logger="framing.checkpoints"):
        NLIModel.from_pretrained(tiny_model, check_labels=False)
    assert "1 weights the model does not use (ignored): extra.head.weight" in caplog.text


@pytest.mark.parametrize("cut", [lambda b: b[: len(b) // 2], lambda b: b"\x00" * 40, lambda b: b""])
def test_corrupt_or_truncated_weights_name_the_file_and_the_fix(tiny_model, cut):
    weights = tiny_model / "model.safetensors"
    weights.write_bytes(cut(weights.read_bytes()))
    with pytest.raises(ValueError, match=r"readable safetensors file, got '.*model.safetensors'.*corrupt or truncated.*save_pretrained.*download it again"):
        NLIModel.from_pretrained(tiny_model, check_labels=False)


@pytest.mark.parametrize("bad", [0, -5, 4, "64", 64.0, True])
def test_bad_max_length_fails_at_load(tiny_models, bad):
    with pytest.raises(ValueError, match=r"max_length expected an integer >= 5 .* got " + re.escape(repr(bad))):
        NLIModel.from_pretrained(tiny_models["nli"], max_length=bad, check_labels=False)
    assert NLIModel.from_pretrained(tiny_models["nli"], max_length=5, check_labels=False).max_length == 5


@pytest.mark.parametrize(
    "name", ["/no/such/path", "./x", "../nowhere", "x/y/z", "~/no-such-model-here", "C:\\models\\x", "C:/models"]
)
def test_missing_local_path_is_file_not_found_before_any_network(name, monkeypatch):
    import transformers

    monkeypatch.setattr(transformers.AutoConfig, "from_pretrained", lambda *a, **k: pytest.fail("network/hub touched"))
    with pytest.raises(FileNotFoundError, match=r"model folder not found: '.*'\. Pass an existing folder"):
        NLIModel.from_pretrained(name)


def test_missing_path_object_is_file_not_found(tmp_path):
    with pytest.raises(FileNotFoundError, match="model folder not found"):
        NLIModel.from_pretrained(tmp_path / "nowhere")


@pytest.mark.parametrize("name", ["", "has space", "owner/na me", "a--b", "owner/x..y", "-bad", "name.git", "owner/"])
def test_neither_path_nor_hub_id_says_what_was_expected(name):
    with pytest.raises(ValueError, match=r"model expected an existing folder or a hub id \('owner/name' or 'name'"):
        NLIModel.from_pretrained(name)


def test_hub_id_loads_safetensors_from_the_cache(tiny_models, fake_hub):
    fake_hub("owner/tiny-nli", tiny_models["nli"])
    model = NLIModel.from_pretrained("owner/tiny-nli", local_files_only=True, check_labels=False)
    local = NLIModel.from_pretrained(tiny_models["nli"], check_labels=False)
    np.testing.assert_array_equal(model.predict(["A man is sleeping."], ["A man runs."]),
                                  local.predict(["A man is sleeping."], ["A man runs."]))


def test_hub_repo_with_only_pickled_weights_is_refused_with_the_conversion(tiny_model, fake_hub):
    (tiny_model / "model.safetensors").rename(tiny_model / "pytorch_model.bin")
    fake_hub("owner/pickled", tiny_model)
    with pytest.raises(ValueError, match=r"hub repo 'owner/pickled', got only pytorch_model.bin.*never unpickles.*trusted session.*save_pretrained\(folder\)"):
        NLIModel.from_pretrained("owner/pickled", local_files_only=True)


def test_hub_repo_weights_not_cached_offline(tiny_model, fake_hub):
    (tiny_model / "model.safetensors").unlink()
    fake_hub("owner/no-weights", tiny_model)
    with pytest.raises(FileNotFoundError, match=r"hub repo 'owner/no-weights', got none in the local cache"):
        NLIModel.from_pretrained("owner/no-weights", local_files_only=True)


def test_loading_hides_weight_bars_and_restores_the_tqdm_hook(tiny_models, capfd):
    from transformers.utils import logging as hf_logging

    def mine(factory, args, kwargs):
        return factory(*args, **kwargs)

    hf_logging.set_tqdm_hook(mine)
    try:
        NLIModel.from_pretrained(tiny_models["nli"], check_labels=False)
    finally:
        assert hf_logging.set_tqdm_hook(None) is mine
    assert "Loading weights" not in capfd.readouterr().err


def test_defaults_cpu_and_tokenizer_max_length(nli):
    assert str(nli.device) == "cpu"
    assert nli.max_length == 64


# --- probes -----------------------------------------------------------------------------------


def _fake_predict(contra_on_contradictions, contra_on_entailments):
    def predict(self, premises, hypotheses, **_):
        n = len(labels_module.PROBES_CONTRADICTION)
        rows = [[0.1, 0.1, contra_on_contradictions]] * n + [[0.1, 0.1, contra_on_entailments]] * (len(premises) - n)
        return np.array(rows)

    return predict


def test_probe_warns_when_mapping_looks_inverted(nli, monkeypatch, caplog):
    monkeypatch.setattr(NLIModel, "predict", _fake_predict(0.05, 0.9))
    with caplog.at_level(logging.WARNING, logger="framing.labels"):
        assert nli.check_label_mapping() is False
    assert "looks inverted" in caplog.text and "label_map" in caplog.text


def test_probe_silent_when_mapping_is_right(nli, monkeypatch, caplog):
    monkeypatch.setattr(NLIModel, "predict", _fake_predict(0.9, 0.05))
    with caplog.at_level(logging.WARNING, logger="framing.labels"):
        assert nli.check_label_mapping() is True
    assert caplog.text == ""


# --- predict ----------------------------------------------------------------------------------


def test_predict_shape_and_softmax(nli):
    probs = nli.predict(["A man is sleeping.", "A dog runs."], ["A man is awake.", "An animal."])
    assert probs.shape == (2, 3) and probs.dtype == np.float64
    np.testing.assert_allclose(probs.sum(axis=1), 1.0, atol=1e-6)
    assert nli.predict([], []).shape == (0, 3)


def test_batch_order_restored(nli):
    premises = ["a", "a dog runs in a park and the man is sleeping", "the door", "two children are eating apples"]
    hypotheses = ["the talks were productive", "b", "the door is open and it is raining", "c"]
    one_by_one = np.vstack([nli.predict([p], [h]) for p, h in zip(premises, hypotheses)])
    np.testing.assert_allclose(nli.predict(premises, hypotheses, batch_size=2), one_by_one, atol=1e-5)
    np.testing.assert_allclose(nli.predict(premises[::-1], hypotheses[::-1], batch_size=3), one_by_one[::-1], atol=1e-5)


PREMISES = ["a", "a dog runs in a park and the man is sleeping", "the door", "two children are eating apples"]
HYPOTHESES = ["the talks were productive", "b", "the door is open and it is raining", "c"]


@pytest.mark.parametrize(("precision", "tolerance"), [("fp32", 1e-5), ("bf16", 2e-2)])
def test_cls_only_last_layer_gives_the_full_forward_logits(tiny_models, precision, tolerance):
    import torch

    from framing import cls_forward

    model = NLIModel.from_pretrained(tiny_models["nli"], check_labels=False, precision=precision)
    runner = model._runner()
    assert cls_forward.supports(runner)
    encoded = model._encode(list(zip(PREMISES, HYPOTHESES)))
    lengths = [len(ids) for ids in encoded["input_ids"]]
    assert len(set(lengths)) > 1  # the batch is padded
    batch = model._pad(encoded, np.arange(len(lengths)), lengths)
    with torch.inference_mode(), model._autocast():
        full = runner(**batch).logits
        fast = cls_forward.logits(runner, **batch)
    assert fast.shape == full.shape
    torch.testing.assert_close(fast.float(), full.float(), atol=tolerance, rtol=tolerance)


def _sensitive_bert(**overrides):
    """A random BERT whose logits spread widely (large init), so a wrong pass cannot hide in noise."""
    import torch
    from transformers import BertConfig, BertForSequenceClassification

    torch.manual_seed(0)
    config = dict(vocab_size=60, hidden_size=32, num_hidden_layers=3, num_attention_heads=4, intermediate_size=64,
                  num_labels=3, initializer_range=0.5, type_vocab_size=2)
    return BertForSequenceClassification(BertConfig(**{**config, **overrides})).eval()


def _padded_batch():
    import torch

    torch.manual_seed(1)
    lengths = [9, 4, 7, 2]
    ids = torch.zeros(4, 9, dtype=torch.long)
    types = torch.zeros(4, 9, dtype=torch.long)
    mask = torch.zeros(4, 9, dtype=torch.long)
    for row, n in enumerate(lengths):
        ids[row, :n] = torch.randint(1, 60, (n,))
        types[row, n // 2 : n] = 1
        mask[row, :n] = 1
    return {"input_ids": ids, "attention_mask": mask, "token_type_ids": types}


@pytest.mark.parametrize("implementation", ["sdpa", "eager"])
def test_cls_only_logits_equal_the_full_pass_on_a_sensitive_model(implementation):
    import torch

    from framing import cls_forward

    model = _sensitive_bert(attn_implementation=implementation)
    batch = _padded_batch()
    assert cls_forward.supports(model)
    with torch.inference_mode():
        full = model(**batch).logits
        fast = cls_forward.logits(model, **batch)
        unmasked = cls_forward.logits(model, batch["input_ids"], torch.ones_like(batch["attention_mask"]),
                                      batch["token_type_ids"])
        untyped = cls_forward.logits(model, batch["input_ids"], batch["attention_mask"])
    assert full.std() > 0.5  # the logits differ from row to row: a real test
    torch.testing.assert_close(fast, full, atol=1e-4, rtol=1e-4)
    # the mask and the token types matter here, so a pass that ignored them would fail above
    assert (unmasked - full).abs().max() > 0.05 and (untyped - full).abs().max() > 0.05


def test_cls_only_path_refuses_what_it_would_bypass():
    import warnings

    import torch

    from framing import cls_forward

    model = _sensitive_bert()
    assert cls_forward.supports(model)
    model.bert.encoder.layer[-1].train()  # one submodule in training mode: dropout would differ
    assert not cls_forward.supports(model)
    model.eval()
    handle = model.bert.encoder.layer[-1].register_forward_hook(lambda *args: None)
    assert not cls_forward.supports(model)
    handle.remove()
    assert cls_forward.supports(model)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # torch.ao quantisation deprecation notices
        quantised = torch.ao.quantization.quantize_dynamic(model, {torch.nn.Linear}, dtype=torch.qint8)
    assert not cls_forward.supports(quantised)
    assert not cls_forward.supports(_sensitive_bert(position_embedding_type="relative_key"))


def test_predict_uses_the_cls_only_path_and_agrees_with_the_full_one(tiny_models, monkeypatch):
    from framing import cls_forward

    model = NLIModel.from_pretrained(tiny_models["nli"], check_labels=False)
    calls = []
    real = cls_forward.logits
    monkeypatch.setattr(cls_forward, "logits", lambda *a, **k: calls.append(1) or real(*a, **k))
    fast = model.predict(PREMISES, HYPOTHESES, batch_size=2)
    n_batches = len(calls)
    assert n_batches >= 2  # every batch on the CLS-only path
    model.cls_only_last_layer = False
    full = model.predict(PREMISES, HYPOTHESES, batch_size=2)
    assert len(calls) == n_batches
    np.testing.assert_allclose(fast, full, atol=1e-6)
    # int8 keeps the full pass: its dynamic activation scales depend on every row.
    int8 = NLIModel.from_pretrained(tiny_models["nli"], check_labels=False, precision="int8")
    int8.predict(PREMISES, HYPOTHESES, batch_size=2)
    assert len(calls) == n_batches


def test_cls_only_path_only_for_plain_bert_classifiers_in_eval_mode(nli):
    from transformers import BertConfig, RobertaConfig, RobertaForSequenceClassification

    from framing import cls_forward

    assert cls_forward.supports(nli.model)
    nli.model.train()
    try:
        assert not cls_forward.supports(nli.model)
    finally:
        nli.model.eval()
    tiny = dict(vocab_size=50, hidden_size=8, num_hidden_layers=1, num_attention_heads=2, intermediate_size=16)
    assert not cls_forward.supports(RobertaForSequenceClassification(RobertaConfig(**tiny)).eval())
    from transformers import BertForSequenceClassification

    decoder = BertForSequenceClassification(BertConfig(**tiny, is_decoder=True)).eval()
    assert not cls_forward.supports(decoder)


def test_long_input_is_split_not_truncated(nli):
    sentences = [f"The {w} man is sleeping in the park." for w in ["dog"] * 6] + ["The door is closed."]
    premise = " ".join(sentences)
    hypothesis = "The door is open."
    assert len(nli.tokenizer(premise, hypothesis)["input_ids"]) > nli.max_length
    long = nli.predict([premise], [hypothesis])
    parts = nli.predict(split_sentences(premise), [hypothesis] * len(sentences))
    best = parts[np.argmax(parts[:, 2])]
    np.testing.assert_allclose(long[0], best, atol=1e-6)
    # The last sentence lies past max_length: truncation would have dropped it, splitting scores it.
    pieces = nli._pieces(premise, hypothesis, nli.max_length - 3)
    assert ("The door is closed.", hypothesis) in pieces


def test_single_overlong_sentence_is_chunked_by_words(nli):
    premise = " ".join(["the man is sleeping"] * 40)  # one sentence, 160 tokens
    hypothesis = "a man is awake ."
    probs = nli.predict([premise], [hypothesis])
    assert probs.shape == (1, 3) and np.isfinite(probs).all()
    pieces = nli._pieces(premise, hypothesis, nli.max_length - 3)
    assert len(pieces) > 1
    for p, h in pieces:
        assert len(nli.tokenizer(p, h)["input_ids"]) <= nli.max_length


def test_predict_bad_input(nli):
    with pytest.raises(ValueError, match=r"premises and hypotheses expected the same length, got 2 and 1"):
        nli.predict(["a", "b"], ["c"])
    with pytest.raises(TypeError, match=r"hypotheses\[1\] expected a string, got NoneType"):
        nli.predict(["a", "b"], ["c", None])
    with pytest.raises(ValueError, match=r"batch_size expected a positive integer, got 0"):
        nli.predict(["a"], ["b"], batch_size=0)


def test_split_sentences():
    assert split_sentences('He said "no." Then left! OK?') == ['He said "no."', "Then left!", "OK?"]
    assert split_sentences("no end mark") == ["no end mark"]


def test_save_and_load_give_identical_scores(nli, tiny_models, tmp_path):
    generic = NLIModel.from_pretrained(
        tiny_models["generic"], label_map={"LABEL_0": "entailment", "LABEL_1": "neutral", "LABEL_2": "contradiction"}, check_labels=False
    )
    out = generic.save_pretrained(tmp_path / "saved")
    config = json.loads((out / "config.json").read_text())
    assert config["id2label"] == {"0": "entailment", "1": "neutral", "2": "contradiction"}
    reloaded = NLIModel.from_pretrained(out, check_labels=False)  # no label_map needed any more
    premises, hypotheses = ["A man is sleeping.", "The talks were productive."], ["A man runs.", "The talks were regrettable."]
    np.testing.assert_array_equal(reloaded.predict(premises, hypotheses), generic.predict(premises, hypotheses))
    np.testing.assert_array_equal(reloaded.predict(premises, hypotheses), nli.predict(premises, hypotheses))


def test_a_mistyped_relative_folder_is_not_taken_for_a_hub_id(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "models").mkdir()
    import huggingface_hub

    def no_network(*args, **kwargs):
        raise AssertionError("the hub was asked")

    monkeypatch.setattr(huggingface_hub, "hf_hub_download", no_network)
    with pytest.raises(FileNotFoundError, match=r"model folder not found: 'models/framing-minlm' \(its folder 'models'"):
        NLIModel.from_pretrained("models/framing-minlm")

"""framing.training (framing.finetune): label normalisation, data loading errors, partial-label loss, a tiny run + resume."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

torch = pytest.importorskip("torch")

from framing.metrics import nli_metrics  # noqa: E402
from framing.pair_tables import CLASH, NOT_CONTRADICTION, NOT_ENTAILMENT, clash_pairs, load_pairs, normalise_label  # noqa: E402
from framing.training import partial_label_loss  # noqa: E402


def test_normalise_label_names_ids_and_errors():
    assert [normalise_label(v) for v in ("Entailment", "NEUTRAL", "contradiction", "not_entailment", 2)] == [0, 1, 2, 3, 2]
    with pytest.raises(ValueError, match=r"label at row 4 expected .* got 'maybe'"):
        normalise_label("maybe", row=4)
    with pytest.raises(ValueError, match="got True"):
        normalise_label(True)


def test_load_pairs_reports_missing_columns_and_maps_them(tmp_path):
    frame = pd.DataFrame({"s1": ["a b"], "s2": ["b c"], "gold": ["neutral"]})
    with pytest.raises(ValueError, match=r"expected columns \['premise', 'hypothesis', 'label'\], got \['s1', 's2', 'gold'\]"):
        load_pairs(frame)
    ds = load_pairs(frame, columns={"s1": "premise", "s2": "hypothesis", "gold": "label"})
    assert ds["label"] == [1]
    path = tmp_path / "pairs.jsonl"
    path.write_text(json.dumps({"premise": "x", "hypothesis": " ", "label": "neutral"}) + "\n")
    with pytest.raises(ValueError, match="column 'hypothesis' expected non-empty strings, got ' ' at row 0"):
        load_pairs(path)
    with pytest.raises(FileNotFoundError, match="expected an existing file"):
        load_pairs(tmp_path / "missing.jsonl")


def test_partial_label_loss_matches_cross_entropy_and_not_entailment():
    logits = torch.tensor([[2.0, 0.5, -1.0], [0.0, 1.0, 1.0]])
    exact = partial_label_loss({"logits": logits[:1]}, torch.tensor([0]))
    assert torch.allclose(exact, torch.nn.functional.cross_entropy(logits[:1], torch.tensor([0])))
    partial = partial_label_loss({"logits": logits[1:]}, torch.tensor([NOT_ENTAILMENT]))
    p = torch.softmax(logits[1], -1)
    assert torch.allclose(partial, -torch.log(p[1] + p[2]))


def test_nli_metrics_scores_three_way_rows_only_for_accuracy():
    logits = np.array([[3, 0, 0], [0, 3, 0], [0, 0, 3], [3, 0, 0]], dtype=float)
    out = nli_metrics(logits, np.array([0, 1, 1, NOT_ENTAILMENT]))
    assert out["accuracy"] == pytest.approx(2 / 3)
    assert out["n_three_way"] == 3
    assert out["two_way_accuracy"] == pytest.approx(0.75)


def _spy_on_resume(monkeypatch) -> list:
    """The ``resume_from_checkpoint`` of each Trainer.train call, appended as training runs."""
    import transformers

    resumed_from = []
    original = transformers.Trainer.train

    def spy(self, *args, **kwargs):
        resumed_from.append(kwargs.get("resume_from_checkpoint"))
        return original(self, *args, **kwargs)

    monkeypatch.setattr(transformers.Trainer, "train", spy)
    return resumed_from


def test_finetune_tiny_model_trains_writes_card_and_resumes(tiny_models, tmp_path, monkeypatch):
    import framing

    rows = [{"premise": "a man sleeps", "hypothesis": "a man sleeps", "label": "entailment"},
            {"premise": "a man sleeps", "hypothesis": "a man runs", "label": "contradiction"},
            {"premise": "a dog runs", "hypothesis": "a dog plays", "label": "neutral"},
            {"premise": "a dog runs", "hypothesis": "a cat sleeps", "label": "not_entailment"}] * 4
    out = tmp_path / "run"
    det = framing.finetune(pd.DataFrame(rows), base=tiny_models["nli"], output_dir=out, eval=pd.DataFrame(rows),
                           epochs=1, batch_size=4, save_steps=2, bf16=False)
    assert isinstance(det, framing.Detector)
    assert (out / "model.safetensors").exists() and (out / "README.md").exists()
    assert not (out / "training_args.bin").exists()
    card = (out / "README.md").read_text()
    assert "learning_rate" in card and "accuracy" in card
    assert json.loads((out / "training.json").read_text())["hyperparameters"]["steps"] == 4
    # A second call finds the finished checkpoint and resumes instead of starting over.
    resumed_from = _spy_on_resume(monkeypatch)
    framing.finetune(pd.DataFrame(rows), base=tiny_models["nli"], output_dir=out, epochs=1, batch_size=4,
                     save_steps=2, bf16=False)
    assert resumed_from == [str(out / "checkpoints" / "checkpoint-4")]
    assert json.loads((out / "training.json").read_text())["hyperparameters"]["steps"] == 4


def _checkpoint(folder, step, *, weights=True, state="{}"):
    path = folder / f"checkpoint-{step}"
    path.mkdir(parents=True)
    if weights:
        (path / "model.safetensors").write_bytes(b"weights")
    if state is not None:
        (path / "trainer_state.json").write_text(state)
    return path


def test_latest_checkpoint_orders_by_step_not_text(tmp_path):
    from framing.training import latest_checkpoint

    assert latest_checkpoint(tmp_path) is None
    for step in (500, 1000, 50):
        _checkpoint(tmp_path, step)
    (tmp_path / "checkpoint-tmp").mkdir()
    assert latest_checkpoint(tmp_path).name == "checkpoint-1000"


def test_latest_checkpoint_skips_incomplete_ones_with_a_warning(tmp_path, caplog):
    from framing.training import latest_checkpoint

    _checkpoint(tmp_path, 100)
    _checkpoint(tmp_path, 200, weights=False)
    _checkpoint(tmp_path, 300, state=None)
    _checkpoint(tmp_path, 400, state="{trunc")
    with caplog.at_level("WARNING", logger="framing.training"):
        assert latest_checkpoint(tmp_path).name == "checkpoint-100"
    for step, why in ((200, "no model weights"), (300, "no readable trainer_state.json"), (400, "no readable")):
        assert f"checkpoint-{step} ({why}" in caplog.text


def _rows():
    return pd.DataFrame([{"premise": "a man sleeps", "hypothesis": "a man sleeps", "label": "entailment"},
                         {"premise": "a man sleeps", "hypothesis": "a man runs", "label": "contradiction"}] * 4)


def test_finetune_refuses_a_pickle_only_base_before_training(tiny_model, fake_hub, tmp_path, monkeypatch):
    import transformers

    import framing

    monkeypatch.setattr(transformers.Trainer, "train", lambda *a, **k: pytest.fail("trained"))
    (tiny_model / "model.safetensors").rename(tiny_model / "pytorch_model.bin")
    with pytest.raises(ValueError, match=r"got only pytorch_model.bin. framing never unpickles"):
        framing.finetune(_rows(), base=tiny_model, output_dir=tmp_path / "run")
    fake_hub("owner/pickled", tiny_model)
    with pytest.raises(ValueError, match=r"hub repo 'owner/pickled', got only pytorch_model.bin.*save_pretrained"):
        framing.finetune(_rows(), base="owner/pickled", output_dir=tmp_path / "run")


def test_finetune_keeps_user_files_refuses_another_base_and_skips_a_broken_checkpoint(tiny_models, tmp_path, monkeypatch, caplog):
    import transformers

    import framing
    from framing.model_card import CARD_FALLBACK, CARD_MARKER
    from framing.training import RUN_RECORD

    out = tmp_path / "run"
    out.mkdir()
    (out / "README.md").write_text("# my notes\n")
    kwargs = {"epochs": 1, "batch_size": 2, "save_steps": 2, "bf16": False}
    framing.finetune(_rows(), base=tiny_models["nli"], output_dir=out, **kwargs)
    assert (out / "README.md").read_text() == "# my notes\n"
    assert (out / CARD_FALLBACK).read_text().startswith(CARD_MARKER + "\n# run")
    assert not (out / "training_args.bin").exists() and not list(out.glob("*.bin"))
    assert json.loads((out / RUN_RECORD).read_text()) == {"base": str(tiny_models["nli"].resolve())}

    with monkeypatch.context() as patched:
        patched.setattr(transformers.Trainer, "train", lambda *a, **k: pytest.fail("trained"))
        with pytest.raises(ValueError, match=r"expected checkpoints of base '.*permuted', got checkpoints of '.*nli'.*base="):
            framing.finetune(_rows(), base=tiny_models["permuted"], output_dir=out, **kwargs)

    (out / "checkpoints" / "checkpoint-4" / "trainer_state.json").unlink()  # killed while saving
    resumed_from = _spy_on_resume(monkeypatch)
    with caplog.at_level("WARNING", logger="framing.training"):
        framing.finetune(_rows(), base=tiny_models["nli"], output_dir=out, **kwargs)
    assert resumed_from == [str(out / "checkpoints" / "checkpoint-2")]
    assert "skipping the incomplete checkpoint" in caplog.text and "checkpoint-4" in caplog.text


def test_empty_tables_and_bad_jsonl_lines_are_named(tmp_path):
    import pandas as pd

    from framing.pair_tables import load_pairs

    with pytest.raises(ValueError, match=r"training data expected at least one labeled pair, got none"):
        load_pairs(pd.DataFrame(columns=["premise", "hypothesis", "label"]))
    bad = tmp_path / "pairs.jsonl"
    bad.write_text('{"premise": "a", "hypothesis": "b", "label": 0}\n{"premise": "a",\n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"pairs.jsonl:2: expected one JSON object per line, got invalid JSON"):
        load_pairs(bad)


def test_not_contradiction_loss_is_minus_log_entailment_plus_neutral():
    logits = torch.tensor([[0.5, 1.0, 2.0]])
    loss = partial_label_loss({"logits": logits}, torch.tensor([NOT_CONTRADICTION]))
    p = torch.softmax(logits[0], -1)
    assert torch.allclose(loss, -torch.log(p[0] + p[1]))
    assert normalise_label("no clash") == normalise_label("NOT_CONTRADICTION") == NOT_CONTRADICTION == 4
    # a clash trains as contradiction, in a batch mixed with the other partial labels
    mixed = torch.tensor([[0.5, 1.0, 2.0], [0.5, 1.0, 2.0], [0.5, 1.0, 2.0]])
    both = partial_label_loss({"logits": mixed}, torch.tensor([CLASH, NOT_ENTAILMENT, NOT_CONTRADICTION]))
    assert torch.allclose(both, -(torch.log(p[2]) + torch.log(p[1] + p[2]) + torch.log(p[0] + p[1])) / 3)


def test_clash_pairs_read_a_labeled_queue_both_ways(tmp_path):
    queue = pd.DataFrame({
        "text_a": ["The talks were productive.", "Rain is expected.", "The talks went well."],
        "text_b": ["The talks were regrettable.", "The US is gangster-like.", "Progress was made."],
        "label": ["clash", "", "no"],  # a blank label is left out, as read_labels does
    })
    queue.to_csv(tmp_path / "queue.csv", index=False)
    pairs = clash_pairs(tmp_path / "queue.csv")
    assert pairs.to_dict("records") == [
        {"premise": "The talks were productive.", "hypothesis": "The talks were regrettable.", "label": "clash"},
        {"premise": "The talks went well.", "hypothesis": "Progress was made.", "label": "no_clash"},
        {"premise": "The talks were regrettable.", "hypothesis": "The talks were productive.", "label": "clash"},
        {"premise": "Progress was made.", "hypothesis": "The talks went well.", "label": "no_clash"},
    ]
    assert load_pairs(tmp_path / "queue.csv")["label"] == [5, 4, 5, 4]  # the queue file as it is
    # clash rows are scored on their own: a model calling everything a contradiction gets 0.5, not 1.0
    out = nli_metrics(np.array([[0, 0, 3]] * 4, dtype=float), np.array([5, 4, 5, 4]))
    assert out == {"clash_accuracy": 0.5, "n_clash_labeled": 4}


def test_finetune_on_clash_labels_moves_contradiction_the_right_way(tiny_models, tmp_path):
    import framing

    # words of the tiny tokenizer's vocabulary
    clashes = [("the talks were productive", "the talks were regrettable"), ("the dog is sleeping", "the dog is awake")]
    calm = [("the talks were productive", "the talks were productive"), ("the dog is sleeping", "the dog is sleeping")]
    queue = pd.DataFrame(
        [{"text_a": a, "text_b": b, "label": 1} for a, b in clashes]
        + [{"text_a": a, "text_b": b, "label": 0} for a, b in calm]
    )
    before = framing.load(tiny_models["nli"], check_labels=False)

    def gap(det):  # mean P(contradiction) of the clashes minus that of the calm pairs
        p = det.nli([a for a, _ in clashes + calm], [b for _, b in clashes + calm])["contradiction"].to_numpy()
        return p[:2].mean() - p[2:].mean()

    # a high rate and many passes: the tiny random model needs them to tell its inputs apart (about 1 s)
    det = framing.finetune(queue, base=tiny_models["nli"], output_dir=tmp_path / "run", epochs=150, batch_size=8,
                           learning_rate=5e-3, warmup=0.0, save_steps=1000, bf16=False)
    assert abs(gap(before)) < 0.01 and gap(det) > 0.5
    card = (tmp_path / "run" / "README.md").read_text()
    assert "no_clash 4" in card and "clash 4" in card

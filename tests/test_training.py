"""framing.training (framing.finetune): label normalisation, data loading errors, partial-label loss, a tiny run + resume."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

torch = pytest.importorskip("torch")

from framing.training import NOT_ENTAILMENT, load_pairs, nli_metrics, normalise_label, partial_label_loss  # noqa: E402


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
    card = (out / "README.md").read_text()
    assert "learning_rate" in card and "accuracy" in card
    assert json.loads((out / "training.json").read_text())["hyperparameters"]["steps"] == 4
    # A second call finds the finished checkpoint and resumes instead of starting over.
    import transformers

    resumed_from = []
    original = transformers.Trainer.train

    def spy(self, *args, **kwargs):
        resumed_from.append(kwargs.get("resume_from_checkpoint"))
        return original(self, *args, **kwargs)

    monkeypatch.setattr(transformers.Trainer, "train", spy)
    framing.finetune(pd.DataFrame(rows), base=tiny_models["nli"], output_dir=out, epochs=1, batch_size=4,
                     save_steps=2, bf16=False)
    assert resumed_from == [str(out / "checkpoints" / "checkpoint-4")]
    assert json.loads((out / "training.json").read_text())["hyperparameters"]["steps"] == 4


def test_latest_checkpoint_orders_by_step_not_text(tmp_path):
    from framing.training import latest_checkpoint

    assert latest_checkpoint(tmp_path) is None
    for step in (500, 1000, 50):
        (tmp_path / f"checkpoint-{step}").mkdir()
    (tmp_path / "checkpoint-tmp").mkdir()
    assert latest_checkpoint(tmp_path).name == "checkpoint-1000"

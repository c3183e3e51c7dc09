import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import framing
from framing import Detector, defaults, load
from framing import detector as detector_module
from framing.detector import Settings
from framing.features import nli_features
from framing.labels import LABELS


class HalfCalibrator:
    """Duck-typed calibrator: P(contradiction) = mean of both contradiction columns, halved."""

    def predict_proba(self, X):
        p = (X[:, 2] + X[:, 5]) / 4
        return np.column_stack([1 - p, p])

    def to_dict(self):
        return {"kind": "half"}


def test_nli_frame(tiny_detector):
    df = tiny_detector.nli(["A man is sleeping.", "A dog runs."], ["A man is awake.", "An animal."])
    assert list(df.columns) == list(LABELS)
    np.testing.assert_allclose(df.to_numpy(), tiny_detector.nli_model.predict(["A man is sleeping.", "A dog runs."], ["A man is awake.", "An animal."]))


def test_score_pairs_both_directions(tiny_detector):
    a, b = ["The talks were productive.", "A man is sleeping."], ["The talks were regrettable.", "A man is awake."]
    df = tiny_detector.score_pairs(a, b)
    assert list(df.columns) == list(detector_module.SCORE_COLUMNS)
    ab = tiny_detector.nli(a, b).to_numpy()
    ba = tiny_detector.nli(b, a).to_numpy()
    np.testing.assert_allclose(df[["ab_entailment", "ab_neutral", "ab_contradiction"]].to_numpy(), ab, atol=1e-6)
    np.testing.assert_allclose(df[["ba_entailment", "ba_neutral", "ba_contradiction"]].to_numpy(), ba, atol=1e-6)
    np.testing.assert_allclose(df["p_contradiction"], (ab[:, 2] + ba[:, 2]) / 2, atol=1e-6)
    np.testing.assert_allclose(df["direction_gap"], np.abs(ab[:, 2] - ba[:, 2]), atol=1e-6)
    assert df["directions_disagree"].dtype == bool


def test_directions_disagree_flag(tiny_models):
    det = Detector.from_pretrained(tiny_models["nli"], check_labels=False, disagreement_threshold=0.0)
    df = det.score_pairs(["The talks were productive."], ["The results of the talks are extremely worrisome."])
    assert bool(df.loc[0, "directions_disagree"]) == bool(df.loc[0, "direction_gap"] > 0.0)


def test_score_pairs_length_mismatch(tiny_detector):
    with pytest.raises(ValueError, match=r"texts_a and texts_b expected the same length, got 1 and 2"):
        tiny_detector.score_pairs(["a"], ["b", "c"])


def test_calibrator_is_used(tiny_detector):
    det = Detector(tiny_detector.nli_model, calibrator=HalfCalibrator())
    df = det.score_pairs(["The talks were productive."], ["The talks were regrettable."])
    np.testing.assert_allclose(df["p_contradiction"], df["p_contradiction_raw"] / 2)
    assert det.calibrated


def test_calibrator_bad_shape(tiny_detector):
    class Bad(HalfCalibrator):
        def predict_proba(self, X):
            return X[:, :1]

    det = Detector(tiny_detector.nli_model, calibrator=Bad())
    with pytest.raises(ValueError, match=r"calibrator.predict_proba expected shape \(1, 2\), got \(1, 1\)"):
        det.score_pairs(["a"], ["b"])


def test_nli_features():
    ab, ba = np.array([[0.1, 0.2, 0.7]]), np.array([[0.3, 0.3, 0.4]])
    np.testing.assert_array_equal(nli_features(ab, ba), [[0.1, 0.2, 0.7, 0.3, 0.3, 0.4]])
    with pytest.raises(ValueError, match=r"expected two \(n, 3\) arrays, got shapes \(1, 3\) and \(1, 2\)"):
        nli_features(ab, ba[:, :2])


def test_save_load_round_trip_identical(tiny_models, tmp_path):
    det = Detector.from_pretrained(tiny_models["permuted"], check_labels=False, batch_size=4, disagreement_threshold=0.3)
    out = det.save_pretrained(tmp_path / "det")
    saved = json.loads((out / "framing.json").read_text())
    assert saved["format_version"] == detector_module.FORMAT_VERSION
    assert saved["labels"] == list(LABELS)
    assert saved["settings"] == {"batch_size": 4, "disagreement_threshold": 0.3, "max_length": None,
                                 "int8_agreement": None}
    assert not (out / "calibrator.json").exists()
    assert not list(out.glob("*.bin")) and not list(out.glob("*.pkl"))
    again = Detector.from_pretrained(out, check_labels=False)
    assert again.settings == Settings(batch_size=4, disagreement_threshold=0.3)
    a, b = ["The talks were productive.", "A man is sleeping."], ["The talks were regrettable.", "A man is awake."]
    pd.testing.assert_frame_equal(again.score_pairs(a, b), det.score_pairs(a, b), check_exact=True)


def test_calibrator_saved_and_loaded_lazily(tiny_detector, tmp_path, monkeypatch):
    import sys
    import types

    det = Detector(tiny_detector.nli_model, calibrator=HalfCalibrator())
    out = det.save_pretrained(tmp_path / "cal")
    assert json.loads((out / "calibrator.json").read_text()) == {"kind": "half"}
    loaded_from = []

    class ContradictionCalibrator(HalfCalibrator):
        @classmethod
        def load(cls, path):
            loaded_from.append(path)
            return cls()

    fake = types.ModuleType("framing.calibration")
    fake.ContradictionCalibrator = ContradictionCalibrator
    monkeypatch.setitem(sys.modules, "framing.calibration", fake)
    again = Detector.from_pretrained(out, check_labels=False)
    assert again.calibrated and loaded_from == [out / "calibrator.json"]
    # Saving without a calibrator removes the stale file.
    Detector(again.nli_model).save_pretrained(out, overwrite=True)
    assert not (out / "calibrator.json").exists()


def test_int8_is_refused_for_a_model_whose_int8_labels_were_measured_to_disagree(tiny_detector, tmp_path):
    for agreement, folder in ((0.44, tmp_path / "low"), (0.9, tmp_path / "high")):
        tiny_detector.save_pretrained(folder)
        meta = json.loads((folder / "framing.json").read_text())
        meta["settings"]["int8_agreement"] = agreement
        (folder / "framing.json").write_text(json.dumps(meta))
    with pytest.raises(ValueError, match=r"precision='int8' expected .* at least 80% of dev pairs, got 44% .*"
                                         r"framing.load\('framing-minilm-nli', precision='int8'\)"):
        load(tmp_path / "low", precision="int8", check_labels=False)
    assert load(tmp_path / "low", check_labels=False).settings.int8_agreement == 0.44  # fp32 is fine
    assert load(tmp_path / "high", precision="int8", check_labels=False).precision == "int8"


def test_newer_format_version_is_refused(tiny_detector, tmp_path):
    out = tiny_detector.save_pretrained(tmp_path / "det")
    (out / "framing.json").write_text(json.dumps({"format_version": 99}))
    with pytest.raises(ValueError, match=r"format_version expected an integer <= 1, got 99"):
        Detector.from_pretrained(out)


def test_plain_checkpoint_loads_uncalibrated(tiny_models):
    det = load(tiny_models["nli"], check_labels=False)
    assert isinstance(det, Detector) and not det.calibrated and det.settings == Settings()


def test_default_model_missing_is_a_clear_error(monkeypatch, tmp_path):
    monkeypatch.setattr(defaults, "DEFAULT_MODEL_PATH", tmp_path / "models" / "framing-minilm-nli")
    with pytest.raises(FileNotFoundError, match=r"default model expected at .*framing-minilm-nli.*set FRAMING_MODEL=<folder>.*framing.load\('path/to/nli-checkpoint'\)"):
        framing.load()


def test_the_default_model_can_come_from_the_environment(monkeypatch, tmp_path, tiny_models):
    assert defaults.default_model() == defaults.DEFAULT_MODEL_PATH
    monkeypatch.setenv("FRAMING_MODEL", str(tiny_models["nli"]))
    assert defaults.default_model() == tiny_models["nli"]
    assert framing.load(check_labels=False).name == str(tiny_models["nli"])
    monkeypatch.setenv("FRAMING_MODEL", "some-org/some-nli-model")
    assert defaults.default_model() == "some-org/some-nli-model"  # a hub id stays a name
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    with pytest.raises(FileNotFoundError, match=r"from \$FRAMING_MODEL='some-org/some-nli-model', got no folder"):
        framing.load()  # and one that does not load says where it came from
    monkeypatch.setenv("FRAMING_MODEL", str(tmp_path / "nowhere"))
    with pytest.raises(FileNotFoundError, match=r"nowhere.*got no such folder \(from \$FRAMING_MODEL\)"):
        framing.load()


def test_the_0_1_environment_variable_is_no_longer_read(monkeypatch, tiny_models):
    monkeypatch.setenv("FRAMING_DEFAULT_MODEL", str(tiny_models["nli"]))  # removed in 0.2: FRAMING_MODEL only
    assert defaults.default_model() == defaults.DEFAULT_MODEL_PATH


def test_default_model_path_is_in_repo():
    assert defaults.DEFAULT_MODEL_PATH.parent.name == "models"
    assert (defaults.DEFAULT_MODEL_PATH.parent.parent / "framing").is_dir()


def test_embedded_models_are_named_unless_a_folder_of_that_name_is_here(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    models = defaults.DEFAULT_MODEL_PATH.parent
    assert [defaults.embedded(name) for name in defaults.EMBEDDED_MODELS] == [
        models / "framing-mpnet-clash", models / "framing-minilm-nli"]
    assert all(p.is_dir() for p in map(defaults.embedded, defaults.EMBEDDED_MODELS))
    assert defaults.embedded("some-org/some-nli-model") == "some-org/some-nli-model"
    assert defaults.embedded(Path("framing-minilm-nli")) == Path("framing-minilm-nli")  # a path stays a path
    (tmp_path / "framing-minilm-nli").mkdir()
    assert defaults.embedded("framing-minilm-nli") == "framing-minilm-nli"  # the user's own folder wins


def test_calibrate_attaches_calibrator_reports_and_survives_save(tiny_models, tmp_path):
    from framing import Detector

    det = Detector.from_pretrained(tiny_models["nli"], check_labels=False, encoder=tiny_models["nli"])
    a = [f"the talks were good number {i}" for i in range(20)] + [f"a dog runs in park {i}" for i in range(20)]
    b = [f"the talks were bad number {i}" for i in range(20)] + [f"the sun is out {i}" for i in range(20)]
    y = [1] * 20 + [0] * 20
    report = det.calibrate(a, b, y, cv=3)
    assert det.calibrated
    assert report["features"] in {"contradiction", "symmetric", "pair"}
    assert {k.split("/")[0] for k in report["cv_log_loss"]} == {"contradiction", "symmetric", "pair"}
    assert 0.0 <= report["threshold"] <= 1.0
    assert set(report["before"]) >= {"roc_auc", "brier", "ece_15"} and set(report["after"]) >= {"roc_auc", "ece_15"}
    before = det.score_pairs(a, b)
    det.save_pretrained(tmp_path / "det")
    again = Detector.from_pretrained(tmp_path / "det", check_labels=False, encoder=tiny_models["nli"])
    assert again.calibrated
    np.testing.assert_allclose(again.score_pairs(a, b)["p_contradiction"], before["p_contradiction"], atol=1e-6)
    fitted = det.calibrator
    with pytest.raises(ValueError, match="expected both classes"):
        det.calibrate(a, b, [1] * 40, cv=3)
    assert det.calibrator is fitted  # a failed fit keeps the calibrator that was there
    with pytest.raises(ValueError, match="method='temperature' expected features 'contradiction' or 'auto'"):
        det.calibrate(a, b, y, method="temperature", features="nli", cv=3)


def test_calibrator_with_overlap_feature_is_applied_by_score_pairs(tiny_models, tmp_path):
    from framing import Detector

    det = Detector.from_pretrained(tiny_models["nli"], check_labels=False)
    a = [f"the talks were good number {i}" for i in range(20)] + [f"a dog runs in park {i}" for i in range(20)]
    b = [f"the talks were bad number {i}" for i in range(20)] + [f"the sun is out {i}" for i in range(20)]
    report = det.calibrate(a, b, [1] * 20 + [0] * 20, features="nli+overlap", cv=3)
    assert report["features"] == "nli+overlap" and det.calibrator.n_features_in_ == 7
    # Overlap separates these pairs perfectly, so the calibrated ranking must too.
    p = det.score_pairs(a, b)["p_contradiction"].to_numpy()
    assert p[:20].min() > p[20:].max()
    with pytest.raises(ValueError, match="features expected"):
        det.calibrate(a, b, [1] * 20 + [0] * 20, features="words", cv=3)


@pytest.mark.parametrize(
    ("text", "pattern"),
    [
        ('{"format_version": 1,\n "settings": {,}}', r"framing.json: expected JSON, got invalid JSON at line 2, column 15"),
        ("[1, 2]", r"framing.json: expected a JSON object with format_version and a settings object, got list"),
        ('{"format_version": 1, "settings": 3}', r"framing.json: expected a JSON object .* got settings 3"),
        ('{"format_version": 1, "settings": {"max_length": 0}}', r"max_length expected an integer >= 5 .* got 0"),
        ('{"format_version": 1, "settings": {"max_length": "64"}}', r"max_length expected an integer .* got '64'"),
    ],
)
def test_broken_framing_json_names_the_file_and_the_fix(tiny_detector, tmp_path, text, pattern):
    out = tiny_detector.save_pretrained(tmp_path / "det")
    (out / "framing.json").write_text(text)
    with pytest.raises(ValueError, match=pattern):
        Detector.from_pretrained(out, check_labels=False)


def test_missing_path_fails_before_any_download(monkeypatch):
    import huggingface_hub

    monkeypatch.setattr(huggingface_hub, "hf_hub_download", lambda *a, **k: pytest.fail("hub touched"))
    for name in ("/no/such/path", "runs/x/model"):
        with pytest.raises(FileNotFoundError, match=r"model folder not found: '.*'"):
            load(name)
    with pytest.raises(ValueError, match=r"model expected an existing folder or a hub id"):
        load("not a hub id")


def test_save_refuses_a_non_empty_folder_unless_overwrite(tiny_detector, tmp_path):
    out = tmp_path / "mine"
    out.mkdir()
    (out / "notes.txt").write_text("keep me")
    with pytest.raises(FileExistsError, match=r"new or empty folder, got '.*mine' holding 1 entries \(notes.txt\)\. Pass overwrite=True"):
        tiny_detector.save_pretrained(out)
    assert sorted(p.name for p in out.iterdir()) == ["notes.txt"]
    tiny_detector.save_pretrained(out, overwrite=True)
    assert (out / "notes.txt").read_text() == "keep me" and (out / "model.safetensors").is_file()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".mine.saving-")]  # staging folder gone


def test_overwrite_removes_only_stale_framing_files(tiny_detector, tmp_path):
    out = Detector(tiny_detector.nli_model, calibrator=HalfCalibrator()).save_pretrained(tmp_path / "det")
    assert (out / "calibrator.json").is_file()
    (out / "calibrator.json").unlink()
    again = Detector.from_pretrained(out, check_labels=False)
    (out / "calibrator.json").write_text("{}")  # a previous save's calibrator, stale for these weights
    for name in ("model-00001-of-00002.safetensors", "model-00002-of-00002.safetensors", "model.safetensors.index.json"):
        (out / name).write_text("stale shard")
    for name in ("notes.txt", "model-final.safetensors", "pytorch_model.bin"):
        (out / name).write_text("user file")
    (out / "runs").mkdir()
    Detector(again.nli_model).save_pretrained(out, overwrite=True)  # back into the folder it came from
    names = sorted(p.name for p in out.iterdir())
    assert "calibrator.json" not in names and not [n for n in names if n.startswith("model-0000")]
    assert "model.safetensors.index.json" not in names
    assert {"notes.txt", "model-final.safetensors", "pytorch_model.bin", "runs"} <= set(names)
    a, b = ["The talks were productive."], ["The talks were regrettable."]
    pd.testing.assert_frame_equal(load(out, check_labels=False).score_pairs(a, b), tiny_detector.score_pairs(a, b))


def test_save_refuses_the_default_model_folder_even_with_overwrite(tiny_detector, tmp_path, monkeypatch):
    packaged = tmp_path / "models" / "framing-minilm-nli"
    monkeypatch.setattr(defaults, "DEFAULT_MODEL_PATH", packaged)
    for folder in (packaged, tmp_path / "models" / "." / "framing-minilm-nli"):
        with pytest.raises(ValueError, match=r"a folder other than the default or an embedded model's.*FRAMING_MODEL"):
            tiny_detector.save_pretrained(folder, overwrite=True)
    mine = tmp_path / "my-default"
    monkeypatch.setenv("FRAMING_MODEL", str(mine))
    with pytest.raises(ValueError, match="other than the default or an embedded model's"):
        tiny_detector.save_pretrained(mine, overwrite=True)
    assert not packaged.exists() and not mine.exists()
    fast = defaults.embedded_folders()[1]  # the embedded MiniLM model, no longer the default: refused all the same
    before = sorted((p.name, p.stat().st_mtime_ns) for p in fast.iterdir())
    with pytest.raises(ValueError, match="other than the default or an embedded model's"):
        tiny_detector.save_pretrained(fast, overwrite=True)
    assert sorted((p.name, p.stat().st_mtime_ns) for p in fast.iterdir()) == before


def test_save_never_writes_through_symlinks(tiny_detector, tmp_path):
    real = tiny_detector.save_pretrained(tmp_path / "real")
    before = (real / "config.json").read_text()
    (tmp_path / "link").symlink_to(real, target_is_directory=True)
    with pytest.raises(ValueError, match=r"expected a real folder, got the symlink '.*link'"):
        tiny_detector.save_pretrained(tmp_path / "link", overwrite=True)
    out = tmp_path / "out"
    out.mkdir()
    (out / "config.json").symlink_to(real / "config.json")
    with pytest.raises(ValueError, match=r"expected real files in '.*out', got symlinks \['config.json'\]"):
        tiny_detector.save_pretrained(out, overwrite=True)
    assert (real / "config.json").read_text() == before and sorted(p.name for p in out.iterdir()) == ["config.json"]


def test_the_0_1_names_are_gone_and_the_surface_is_the_workflow():
    # Removed in 0.2 (CHANGELOG.md lists each with its home).
    for old in ("heatmap", "normalize_text", "NLIModel", "DEFAULT_MODEL_PATH", "COLUMNS"):
        assert not hasattr(framing, old)
    assert not hasattr(Detector, "predict_nli")
    with pytest.raises(AttributeError, match="no attribute 'not_a_name'"):
        framing.not_a_name  # noqa: B018
    assert len(framing.__all__) <= 16 and all(hasattr(framing, name) for name in framing.__all__)
    assert not [name for name in dir(framing) if name.startswith("_") and name != "__version__"]

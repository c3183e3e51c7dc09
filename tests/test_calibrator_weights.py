"""A calibrator.json records the weights it was fitted on and is refused beside other weights."""

from __future__ import annotations

import json
import logging
import shutil

import pytest

from framing import Detector
from framing import detector as detector_module
from framing.calibration import ContradictionCalibrator
from framing.defaults import DEFAULT_MODEL_PATH


@pytest.fixture(scope="module")
def calibrated_once(tiny_models, tmp_path_factory):
    det = Detector.from_pretrained(tiny_models["nli"], check_labels=False)
    a = [f"the talks number {i} were productive" for i in range(30)]
    b = [f"the talks number {i} were {'regrettable' if i % 2 else 'productive'}" for i in range(30)]
    with pytest.warns(UserWarning, match="got 30"):
        det.calibrate(a, b, [i % 2 for i in range(30)], features="contradiction", cv=3)
    return det.save_pretrained(tmp_path_factory.mktemp("calibrated") / "model"), det.weights_fingerprint()


@pytest.fixture
def calibrated(calibrated_once, tmp_path):
    """A tiny detector calibrated on 30 pairs and saved (a copy per test): (folder, its weights fingerprint)."""
    folder, fingerprint = calibrated_once
    return shutil.copytree(folder, tmp_path / "calibrated"), fingerprint


def test_calibrate_and_save_record_the_weights_and_load_checks_them(calibrated):
    folder, fingerprint = calibrated
    saved = json.loads((folder / "calibrator.json").read_text())
    assert saved["weights_fingerprint"] == fingerprint and len(fingerprint) == 16
    again = Detector.from_pretrained(folder, check_labels=False)
    assert again.calibrator.weights_fingerprint_ == fingerprint == again.weights_fingerprint()


def test_a_calibrator_beside_other_weights_is_refused(calibrated, tiny_model, tmp_path):
    import torch

    folder, fingerprint = calibrated
    other = Detector.from_pretrained(tiny_model, check_labels=False)
    with torch.no_grad():
        other.nli_model.model.classifier.bias += 0.5  # another model: same architecture, other weights
    target = other.save_pretrained(tmp_path / "other")
    shutil.copy(folder / "calibrator.json", target / "calibrator.json")
    with pytest.raises(ValueError, match=rf"other/calibrator\.json: weights_fingerprint expected '[0-9a-f]{{16}}' \(the "
                                         rf"weights of .*other'\), got '{fingerprint}': this calibrator was fitted on "
                                         r"another model's outputs.*Remove calibrator\.json.*calibrate it"):
        Detector.from_pretrained(target, check_labels=False)


def test_an_older_calibrator_without_the_field_loads_with_one_note(calibrated, monkeypatch, caplog):
    folder, _ = calibrated
    path = folder / "calibrator.json"
    saved = json.loads(path.read_text())
    del saved["weights_fingerprint"]
    path.write_text(json.dumps(saved))
    monkeypatch.setattr(detector_module, "_UNCHECKED_NOTED", [])
    with caplog.at_level(logging.WARNING, logger="framing.detector"):
        for _ in range(2):
            assert Detector.from_pretrained(folder, check_labels=False).calibrator.weights_fingerprint_ is None
    notes = [r for r in caplog.records if "records no weights fingerprint" in r.getMessage()]
    assert len(notes) == 1 and "calibrate and save again" in notes[0].getMessage()


def test_the_shipped_calibrator_without_the_field_still_reads():
    path = DEFAULT_MODEL_PATH / "calibrator.json"
    if not path.is_file():
        pytest.skip("no shipped model here")
    saved = json.loads(path.read_text())
    calibrator = ContradictionCalibrator.from_dict(saved)
    assert calibrator.weights_fingerprint_ == saved.get("weights_fingerprint")


@pytest.mark.parametrize("value", [17, "", ["abc"]])
def test_an_edited_fingerprint_is_refused(calibrated, value):
    folder, _ = calibrated
    saved = json.loads((folder / "calibrator.json").read_text())
    saved["weights_fingerprint"] = value
    with pytest.raises(ValueError, match="calibrator `weights_fingerprint` expected a string or null"):
        ContradictionCalibrator.from_dict(saved)

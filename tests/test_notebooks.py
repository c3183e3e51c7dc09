"""Execute the notebooks with the current interpreter, offline, on the tiny test model."""

import json
import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from conftest import ROOT

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
# Text each notebook's outputs must show, proof that it got to its point.
EXPECTED = {
    "01_quickstart.ipynb": ("p_contradiction", "n_pairs", "n_unattributed", "strongest_a", "Figure", "Cards("),
    "02_calibration.ipynb": ("roc_auc", "ece_15", "Figure", "cv_log_loss"),
    "03_your_corpus.ipynb": ("story_grouping", "flagged", "label_queue spread", "top10_precision", "Figure"),
}
# Figures each notebook must render inline (image/png outputs), and quote cards (text/html).
FIGURES = {"01_quickstart.ipynb": 2, "02_calibration.ipynb": 1, "03_your_corpus.ipynb": 1}
# Notebooks that read real articles from ../shared (not part of the repository).
NEEDS_SHARED = {"03_your_corpus.ipynb"}


@pytest.fixture
def kernel_name(tmp_path, monkeypatch) -> str:
    """A kernelspec that runs *this* interpreter, so the notebook sees the same packages."""
    name = "framing-test"
    spec = tmp_path / "jupyter" / "kernels" / name
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(
        json.dumps(
            {
                "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
                "display_name": "framing test",
                "language": "python",
            }
        )
    )
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path / "jupyter"))
    return name


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_runs(path: Path, kernel_name, tiny_models, monkeypatch, tmp_path):
    if path.name in NEEDS_SHARED and not (ROOT.parent / "shared" / "data").is_dir():
        pytest.skip(f"{path.name} reads articles from ../shared/data, which is not here")
    monkeypatch.setenv("FRAMING_MODEL", str(tiny_models["nli"]))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    # The kernel imports framing from this checkout even when it is not pip-installed.
    monkeypatch.setenv("PYTHONPATH", str(ROOT))
    notebook = nbformat.read(path, as_version=4)
    # Run from an unrelated folder: the notebooks find seeds/ through the package.
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    client = NotebookClient(
        notebook, kernel_name=kernel_name, timeout=600, resources={"metadata": {"path": str(elsewhere)}}
    )
    client.execute()
    outputs = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    text = json.dumps([o.get("data", {}).get("text/plain", "") for o in outputs])
    for expected in EXPECTED[path.name]:
        assert expected in text, f"{path.name}: no output shows {expected!r}"
    images = [o for o in outputs if "image/png" in o.get("data", {})]
    assert len(images) >= FIGURES[path.name], f"{path.name}: {len(images)} inline figures"
    if path.name == "01_quickstart.ipynb":
        assert any('class="framing-card"' in o.get("data", {}).get("text/html", "") for o in outputs)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_committed_notebooks_carry_their_outputs(path: Path):
    notebook = nbformat.read(path, as_version=4)
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert code[-1].outputs and sum(bool(c.outputs) for c in code) >= len(code) - 1, f"{path.name}: not executed"
    assert not [o for cell in code for o in cell.outputs if o.output_type == "error"]
    assert sum("image/png" in o.get("data", {}) for cell in code for o in cell.outputs) >= FIGURES[path.name]


def test_notebooks_exist():
    assert [p.name for p in NOTEBOOKS] == sorted(EXPECTED)

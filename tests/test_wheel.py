"""The package is a library: a wheel built from the repository carries the default model, and once
installed in a fresh virtual environment it runs `compare` on the seed from another folder, offline."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pandas as pd
import pytest

from conftest import ROOT, SEEDS

# What the wheel is built from (a copy: building in the clone would leave build/ behind).
SOURCES = ("pyproject.toml", "README.md", "framing", "models")

RUN = """
import json, sys
import framing
from framing.defaults import DEFAULT_MODEL_PATH
df = framing.compare(framing.read_jsonl(sys.argv[1]))
df.to_csv(sys.argv[2], index=False, float_format="%.17g")
print(json.dumps({"file": framing.__file__, "model": str(DEFAULT_MODEL_PATH), "attrs": df.attrs}))
"""


def _built_wheel(folder: Path) -> Path:
    source = folder / "source"
    source.mkdir()
    for name in SOURCES:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, source / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(ROOT / name, source / name)
    # No build isolation: the build backend (setuptools) is the test environment's, so no download.
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", str(source), "--no-deps", "--no-build-isolation",
                            "-w", str(folder / "dist"), "-q"], capture_output=True, text=True, timeout=300)
    if built.returncode != 0:
        pytest.skip(f"pip wheel cannot run here: {built.stderr.strip()[-500:]}")
    (wheel,) = (folder / "dist").glob("framing_clash-*.whl")
    return wheel


@pytest.mark.slow
def test_an_installed_wheel_runs_compare_on_the_seed_with_its_own_model_offline(tmp_path):
    import zipfile

    wheel = _built_wheel(tmp_path)
    names = zipfile.ZipFile(wheel).namelist()
    assert {"framing/models/framing-mpnet-clash/adapter_model.safetensors",
            "framing/models/framing-mpnet-clash/calibrator.json",
            "framing/models/framing-minilm-nli/model.safetensors"} <= set(names)
    assert not [n for n in names if n.startswith(("models/", "tests/", "seeds/"))]

    # A fresh environment: the wheel installed without dependencies; those come from this environment's
    # site-packages through a .pth line (its editable framing is a finder that such a line never runs).
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    python = venv / "bin" / "python"
    site = Path(subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                               capture_output=True, text=True, check=True).stdout.strip())
    (site / "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run([str(python), "-m", "pip", "install", "--no-deps", "--no-index", "-q", str(wheel)], check=True,
                   timeout=300)

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "FRAMING_MODEL")}
    env["HF_HUB_OFFLINE"] = "1"
    result = subprocess.run([str(python), "-c", RUN, str(SEEDS / "seed_statements.jsonl"), "out.csv"],
                            capture_output=True, text=True, cwd=elsewhere, env=env, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    found = json.loads(result.stdout.strip().splitlines()[-1])
    assert Path(found["file"]).is_relative_to(venv) and Path(found["model"]).is_relative_to(venv)
    assert found["attrs"]["model"] == found["model"] and found["attrs"]["calibrated"]
    assert found["attrs"]["n_pairs"] == 54

    import framing

    want = framing.compare(framing.read_jsonl(SEEDS / "seed_statements.jsonl"))
    got = pd.read_csv(elsewhere / "out.csv")
    pd.testing.assert_series_equal(got["p_contradiction"], want["p_contradiction"], check_exact=True)

from framing import demo


def test_demo_prints_top_clashes(tiny_models, capsys):
    assert demo.main(["--model", str(tiny_models["nli"]), "--top", "3"]) == 0
    out = capsys.readouterr().out
    assert "15 statements, 54 cross-party pairs" in out
    assert out.count("United States: ") == 3 and out.count("North Korea: ") == 3


def test_demo_without_model_explains(monkeypatch, tmp_path, capsys):
    monkeypatch.delenv("FRAMING_MODEL", raising=False)
    monkeypatch.setattr("framing.defaults.DEFAULT_MODEL_PATH", tmp_path / "missing")
    assert demo.main([]) == 1
    err = capsys.readouterr().err
    assert "default model expected at" in err and "FRAMING_MODEL" in err


def test_python_m_framing_demo_runs_without_a_runpy_warning(tiny_models):
    import os
    import subprocess
    import sys

    from conftest import ROOT

    env = {**os.environ, "PYTHONPATH": str(ROOT), "HF_HUB_OFFLINE": "1"}
    result = subprocess.run([sys.executable, "-m", "framing.demo", "--model", str(tiny_models["nli"])],
                            capture_output=True, text=True, env=env, timeout=300, cwd=ROOT)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "RuntimeWarning" not in result.stderr and "cross-party pairs" in result.stdout

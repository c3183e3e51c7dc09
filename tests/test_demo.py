from framing import demo


def test_demo_prints_top_clashes(tiny_models, capsys):
    assert demo.main(["--model", str(tiny_models["nli"]), "--top", "3"]) == 0
    out = capsys.readouterr().out
    assert "15 statements, 54 cross-party pairs" in out
    assert out.count("United States: ") == 3 and out.count("North Korea: ") == 3


def test_demo_without_model_explains(monkeypatch, tmp_path, capsys):
    monkeypatch.delenv("FRAMING_MODEL", raising=False)
    monkeypatch.setattr("framing.detector.DEFAULT_MODEL_PATH", tmp_path / "missing")
    assert demo.main([]) == 1
    err = capsys.readouterr().err
    assert "default model expected at" in err and "FRAMING_MODEL" in err

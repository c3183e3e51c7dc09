"""One set of rules for a compare run's settings: `CompareOptions.validate`, used by both compares."""

from __future__ import annotations

import inspect

import pytest

import framing
from framing.options import CompareOptions
from framing.pairing import DEFAULT_MIN_SIMILARITY

from conftest import RuleScorer

STATEMENTS = [
    {"party": "US", "text": "The talks were productive."},
    {"party": "NK", "text": "The talks were regrettable."},
]

BAD = [
    ({"threshold": 1.5}, ValueError, r"threshold expected a number in \[0, 1\] or None, got 1.5"),
    ({"threshold": True}, ValueError, r"threshold expected a number in \[0, 1\] or None, got True"),
    ({"top_k": -5}, ValueError, r"top_k expected a positive integer, got -5"),
    ({"top_k": 2.0}, ValueError, r"top_k expected a positive integer, got 2.0"),
    ({"batch_size": 0}, ValueError, r"batch_size expected a positive integer, got 0"),
    ({"prefilter": "yes"}, ValueError, r"prefilter expected one of True, False, 'auto', got 'yes'"),
    ({"prefilter": 1}, ValueError, r"prefilter expected one of True, False, 'auto', got 1"),
    ({"precision": "fp16"}, ValueError, r"precision expected one of 'fp32', 'bf16', 'int8', got 'fp16'"),
    ({"min_similarity": float("nan")}, ValueError, r"min_similarity expected a number \(a cosine similarity\)"),
    ({"min_similarity": "high"}, ValueError, r"min_similarity expected a number \(a cosine similarity\)"),
    ({"within_party": "no"}, TypeError, r"within_party expected True or False, got str 'no'"),
]


@pytest.mark.parametrize(("setting", "error", "message"), BAD, ids=[str(b[0]) for b in BAD])
def test_a_bad_setting_is_refused_before_any_work(setting, error, message):
    with pytest.raises(error, match=message):
        CompareOptions(**setting).validate()
    with pytest.raises(error, match=message):
        framing.compare(STATEMENTS, scorer=RuleScorer(), **setting)


@pytest.mark.parametrize(("setting", "error", "message"), BAD, ids=[str(b[0]) for b in BAD])
def test_the_ray_compare_refuses_the_same_settings_the_same_way(setting, error, message, tmp_path):
    pytest.importorskip("ray", reason='needs the ray extra: pip install -e ".[ray]"')
    from framing import distributed

    # Checked on the driver before Ray starts: nothing runs, nothing is written.
    with pytest.raises(error, match=message):
        distributed.compare(STATEMENTS, scorer=RuleScorer(), output=tmp_path / "out", **setting)
    assert not (tmp_path / "out").exists()


def test_both_compares_share_their_defaults():
    from framing import distributed

    local = inspect.signature(framing.compare).parameters
    ray = inspect.signature(distributed.compare).parameters
    shared = set(local) & set(ray) & {f.name for f in CompareOptions.__dataclass_fields__.values()}
    assert shared >= {"threshold", "within_party", "prefilter", "top_k", "min_similarity", "precision", "batch_size"}
    for name in shared:
        assert local[name].default == ray[name].default == CompareOptions.__dataclass_fields__[name].default, name


def test_validate_resolves_the_prefilter_floor():
    assert CompareOptions().validate().min_similarity == DEFAULT_MIN_SIMILARITY
    assert CompareOptions(prefilter_encoder="minilm").validate().min_similarity == 0.05
    assert CompareOptions(min_similarity=2).validate().min_similarity == 2.0  # keeps no pair by similarity
    with pytest.raises(ValueError, match=r"min_similarity expected with prefilter_encoder='some/encoder'"):
        CompareOptions(prefilter_encoder="some/encoder").validate()


def test_options_are_frozen():
    options = CompareOptions()
    with pytest.raises(AttributeError):
        options.top_k = 3  # type: ignore[misc]


def test_a_scorer_with_a_calibrator_keeps_its_threshold():
    class Calibrated(RuleScorer):
        class calibrator:  # noqa: N801 - stands for a fitted calibrator
            threshold_ = 0.05

    df = framing.compare(STATEMENTS, scorer=Calibrated())
    assert df.attrs["threshold"] == 0.05 and df["is_contradiction"].all()


def test_the_prefilter_warning_names_the_callers_line():
    with pytest.warns(UserWarning, match="prefilter_encoder is ignored with prefilter=False") as seen:
        CompareOptions(prefilter_encoder="minilm", prefilter=False).validate()
    assert seen[0].filename == __file__
    with pytest.warns(UserWarning, match="prefilter_encoder is ignored") as seen:
        framing.compare(STATEMENTS, scorer=RuleScorer(), prefilter_encoder="minilm", prefilter=False)
    assert seen[0].filename == __file__


@pytest.mark.parametrize(("setting", "error", "message"), [
    ({"num_gpus": -1}, ValueError, r"num_gpus expected 0 or more GPUs per worker, or None, got -1"),
    ({"num_gpus": "one"}, ValueError, r"num_gpus expected a number of GPUs per worker"),
    ({"block_by": 3}, TypeError, r"block_by expected a column name, a list of them or None, got int 3"),
])
def test_the_ray_compare_checks_its_own_settings_before_ray_starts(setting, error, message, tmp_path):
    pytest.importorskip("ray", reason='needs the ray extra: pip install -e ".[ray]"')
    from framing import distributed

    with pytest.raises(error, match=message):
        distributed.compare(STATEMENTS, scorer=RuleScorer(), output=tmp_path / "out", **setting)
    assert not (tmp_path / "out").exists()

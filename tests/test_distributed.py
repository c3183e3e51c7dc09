"""framing.distributed on a local Ray (2 CPUs): same rows as framing.compare, faults, bad input."""

from __future__ import annotations

import json
import os
import random
import signal
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

ray = pytest.importorskip("ray", reason='needs the ray extra: pip install -e ".[ray]"')

import framing  # noqa: E402
from framing import distributed  # noqa: E402
from framing.distributed import run as distributed_run  # noqa: E402
from framing.frames import COLUMNS  # noqa: E402

import conftest  # noqa: E402
from conftest import RuleScorer  # noqa: E402

PROBS = ["p_contradiction", "ab_contradiction", "ba_contradiction"]


@pytest.fixture(scope="module")
def ray_local():
    from ray import cloudpickle

    # Test-only classes travel to the workers by value (the workers cannot import tests/).
    cloudpickle.register_pickle_by_value(conftest)
    cloudpickle.register_pickle_by_value(sys.modules[__name__])
    ray.init(num_cpus=2, include_dashboard=False, object_store_memory=256 * 2**20, log_to_driver=False)
    ray.data.DataContext.get_current().enable_progress_bars = False
    yield ray
    ray.shutdown()


def synthetic(n: int, *, events: int, parties: int, seed: int = 0, big: int = 0) -> list[dict]:
    """``n`` statements about ``events`` events (plus one event of ``big`` two-party statements,
    enough for the topic prefilter), with negations and antonyms the rule scorer reacts to,
    and some near-duplicates."""
    rng = random.Random(seed)
    subjects = ["the talks", "the summit", "the sanctions", "the inspections", "the negotiations", "the deal"]
    verbs = [
        "were productive",
        "were not productive",
        "were regrettable",
        "were worrisome",
        "made firm progress",
        "never made progress",
        "encouraged us",
        "failed the region",
        "are open",
        "are closed",
    ]
    rows = []
    for i in range(n):
        text = f"{rng.choice(subjects)} {rng.choice(verbs)} on day {rng.randrange(40)} said official {rng.randrange(9)}"
        rows.append(
            {
                "id": f"s{i}",
                "party": f"party-{rng.randrange(parties)}",
                "speaker": rng.choice([None, "spokesman"]),
                "event": f"event-{rng.randrange(events)}",
                "text": text,
            }
        )
    for i in range(big):
        text = f"{rng.choice(subjects)} {rng.choice(verbs)} in round {i} with {rng.choice(subjects)}"
        rows.append({"id": f"b{i}", "party": ["north", "south"][i % 2], "speaker": None, "event": "big", "text": text})
    for i in range(0, n, 97):  # same party, text differing only in case: collapsed into the first
        rows.append({**rows[i], "id": f"dup{i}", "text": rows[i]["text"].upper()})
    return rows


def reference(rows: list[dict], scorer, by: str | None = "event", **kw) -> pd.DataFrame:
    """What distributed.compare must return: framing.compare on each block, concatenated."""
    if by is None:
        return framing.compare(rows, scorer=scorer, **kw)
    blocks = {}
    for row in rows:
        blocks.setdefault(row[by], []).append(row)
    frames = []
    for block in blocks.values():
        if len({r["party"] for r in block}) > 1:
            frames.append(framing.compare(block, scorer=scorer, **kw))
    return pd.concat(frames, ignore_index=True)


def assert_same_rows(got: pd.DataFrame, want: pd.DataFrame, atol: float = 0.0) -> None:
    assert list(got.columns) == list(COLUMNS)
    assert len(got) == len(want)
    key = ["party_a", "text_a", "party_b", "text_b"]
    got = got.sort_values(key, kind="stable").reset_index(drop=True)
    want = want.sort_values(key, kind="stable").reset_index(drop=True)

    def values(frame, name):
        return [None if pd.isna(v) else v for v in frame[name].astype(object)]

    for name in ["party_a", "speaker_a", "text_a", "party_b", "speaker_b", "text_b", "id_a", "id_b"]:
        assert values(got, name) == values(want, name), name
    for name in PROBS:
        np.testing.assert_allclose(
            got[name].to_numpy(float), want[name].to_numpy(float), atol=atol, rtol=0, err_msg=name
        )
    assert (got["is_contradiction"].astype(bool) == want["is_contradiction"]).all()
    assert (got["directions_disagree"].astype(bool) == want["directions_disagree"]).all()


def write_jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def test_seed_statements_same_as_compare_with_calibrated_model(ray_local, tiny_models, seed_statements, tmp_path):
    from framing import Detector

    det = Detector.from_pretrained(tiny_models["nli"], check_labels=False)
    a = [f"the talks were good number {i}" for i in range(20)] + [f"a dog runs in park {i}" for i in range(20)]
    b = [f"the talks were bad number {i}" for i in range(20)] + [f"the sun is out {i}" for i in range(20)]
    det.calibrate(a, b, [1] * 20 + [0] * 20, method="sigmoid", features="nli", cv=3)  # direction-sensitive
    folder = det.save_pretrained(tmp_path / "calibrated")
    want = framing.compare(seed_statements, model=str(folder))

    # From a Parquet file: read in file order, so pairs are oriented as compare orients them.
    pd.DataFrame(seed_statements).to_parquet(tmp_path / "seed.parquet")
    summary = distributed.compare(tmp_path / "seed.parquet", model=folder, output=tmp_path / "out", num_workers=1)
    got = pd.read_parquet(tmp_path / "out")
    assert_same_rows(got, want, atol=1e-6)
    assert summary["n_pairs"] == len(want) == 54 and summary["n_statements"] == len(seed_statements)
    assert summary["calibrated"] and summary["threshold"] == pytest.approx(want.attrs["threshold"])
    assert json.loads((tmp_path / "out" / distributed.SUMMARY_FILE).read_text()) == summary


def test_a_thousand_statements_in_blocks_same_as_compare_per_block(ray_local, tmp_path):
    rows = synthetic(900, events=15, parties=3, big=320)  # 1,230 statements in 16 blocks
    want = reference(rows, RuleScorer())
    assert len(want) > 20_000  # 20,965 pairs once the prefilter has pruned the big block
    path = write_jsonl(tmp_path / "statements.jsonl", rows)

    summary = distributed.compare(
        path, scorer=RuleScorer(), block_by="event", output=tmp_path / "out", num_workers=1, rows_per_batch=4096
    )
    got = pd.read_parquet(tmp_path / "out")
    assert_same_rows(got, want)
    big = framing.compare([r for r in rows if r["event"] == "big"], scorer=RuleScorer())
    assert big.attrs["prefilter"] and big.attrs["n_pairs_pruned"] > 0  # the prefilter ran inside a block
    assert summary["n_pairs"] == len(want) and summary["n_statements"] == len(rows)
    assert not got.duplicated(["id_a", "id_b"]).any()


def test_ray_dataset_input_one_block_two_workers(ray_local):
    rows = synthetic(1500, events=1, parties=2, seed=1)
    # A Ray dataset has no row order across tasks: each block is taken in content order.
    ordered = sorted(rows, key=lambda r: (r["party"], r["text"], r["speaker"] or "", r["id"]))
    want = reference(ordered, RuleScorer(), by=None)
    assert want.attrs["prefilter"]  # 1,500 statements: above the auto threshold, as one block

    ds = ray.data.from_items(rows, override_num_blocks=4)
    got = distributed.compare(ds, scorer=RuleScorer(), num_workers=2, cpus_per_worker=0.5).to_pandas()
    assert_same_rows(got, want)


class KillingScorer(RuleScorer):
    """The rule scorer, but the process running the ``kill_at``-th batch (counted across all
    workers) is killed with SIGKILL halfway through the run, once."""

    def __init__(self, folder: Path, kill_at: int) -> None:
        super().__init__()
        self.folder, self.kill_at = folder, kill_at

    def score_pairs(self, texts_a, texts_b):
        with open(self.folder / "calls", "a") as handle:
            handle.write(f"{os.getpid()} {len(texts_a)}\n")
        calls = (self.folder / "calls").read_text().splitlines()
        if len(calls) >= self.kill_at and not (self.folder / "killed").exists():
            (self.folder / "killed").write_text(str(os.getpid()))
            os.kill(os.getpid(), signal.SIGKILL)
        return super().score_pairs(texts_a, texts_b)


def test_worker_killed_mid_run_loses_and_duplicates_nothing(ray_local, tmp_path):
    rows = synthetic(600, events=8, parties=3, seed=2)
    want = reference(rows, RuleScorer())
    path = write_jsonl(tmp_path / "statements.jsonl", rows)
    state = tmp_path / "state"
    state.mkdir()
    n_batches = -(-len(want) // 400)
    assert n_batches >= 10

    summary = distributed.compare(
        path,
        scorer=KillingScorer(state, kill_at=n_batches // 2),
        block_by="event",
        output=tmp_path / "out",
        num_workers=1,
        rows_per_batch=400,
    )
    assert (state / "killed").exists()  # a worker really died mid-run ...
    pids = {line.split()[0] for line in (state / "calls").read_text().splitlines()}
    assert len(pids) >= 2  # ... and a new one took over
    got = pd.read_parquet(tmp_path / "out")
    assert not got.duplicated(["id_a", "id_b"]).any()  # nothing written twice
    assert_same_rows(got, want)  # nothing lost
    assert summary["n_pairs"] == len(want)


def test_missing_model_path_fails_before_any_work(ray_local, seed_statements, tmp_path):
    with pytest.raises(
        FileNotFoundError, match=r"model expected a model folder at .*nowhere.*got no such path on the driver"
    ):
        distributed.compare(seed_statements, model=tmp_path / "nowhere", output=tmp_path / "out")
    assert not (tmp_path / "out").exists()
    empty = tmp_path / "empty-model"
    empty.mkdir()
    with pytest.raises(FileNotFoundError, match=r"missing: \['config.json', 'model.safetensors'"):
        distributed.compare(seed_statements, model=empty)


def test_mixed_schema_input_fails_before_any_work(ray_local, tmp_path):
    good = [
        {"party": "US", "text": "The talks were productive.", "id": "1"},
        {"party": "NK", "text": "The talks were regrettable.", "id": "2"},
    ]
    renamed = write_jsonl(tmp_path / "renamed.jsonl", good + [{"side": "NK", "quote": "Gangster-like demands."}])
    with pytest.raises(
        ValueError,
        match=r"^\S*renamed.jsonl:3: keys expected \['text', 'party'\], got \['quote', 'side'\] "
        r"\(line 1 has \['id', 'party', 'text'\]\)\. The file mixes schemas",
    ):
        distributed.compare(renamed, scorer=RuleScorer(), output=tmp_path / "out")
    typed = write_jsonl(tmp_path / "typed.jsonl", good + [{"party": "NK", "text": "Demands.", "id": 3}])
    with pytest.raises(ValueError, match=r"typed.jsonl:3: field 'id' expected a string \(as on line 1\), got a int 3"):
        distributed.compare(typed, scorer=RuleScorer(), output=tmp_path / "out")
    folder = tmp_path / "parquet"
    folder.mkdir()
    pd.DataFrame(good).to_parquet(folder / "a.parquet")
    pd.DataFrame([{"party": "NK", "text": "Demands.", "id": 3}]).to_parquet(folder / "b.parquet")
    with pytest.raises(
        ValueError, match=r"'id' as string in .*a.parquet and as int in .*b.parquet: the input mixes schemas"
    ):
        distributed.compare(folder, scorer=RuleScorer(), output=tmp_path / "out")
    assert not (tmp_path / "out").exists()
    with pytest.raises(ValueError, match=r"block_by expected columns \['event'\]"):
        distributed.compare(write_jsonl(tmp_path / "good.jsonl", good), scorer=RuleScorer(), block_by="event")


def test_output_folder_is_never_mixed_with_old_files(ray_local, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "pairs-000007-0.parquet").write_text("x")  # a part of an earlier, bigger run
    (out / distributed.SUMMARY_FILE).write_text("{}")
    rows = [("US", "The talks were productive."), ("NK", "The talks were regrettable.")]
    with pytest.raises(FileExistsError, match="new or empty folder.*overwrite=True"):
        distributed.compare(rows, scorer=RuleScorer(), output=out)
    summary = distributed.compare(rows, scorer=RuleScorer(), output=out, overwrite=True, num_workers=1)
    assert summary["n_pairs"] == 1 and not (out / "pairs-000007-0.parquet").exists()
    assert sorted(p.name for p in out.iterdir()) == sorted(summary["files"] + [distributed.SUMMARY_FILE])
    assert pd.read_parquet(out)["p_contradiction"].tolist() == [pytest.approx(0.9)]


def test_overwrite_never_deletes_what_compare_did_not_write(ray_local, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "pairs-000000-0.parquet").write_text("x")
    (out / "old.parquet").write_text("mine")
    (out / "notes").mkdir()
    (out / "pairs-000001-0.parquet").symlink_to(out / "old.parquet")
    rows = [("US", "The talks were productive."), ("NK", "The talks were regrettable.")]
    with pytest.raises(
        FileExistsError, match=r"got 3 other entries in '.*out': \['notes', 'old.parquet', 'pairs-000001-0.parquet'\]"
    ):
        distributed.compare(rows, scorer=RuleScorer(), output=out, overwrite=True)
    assert sorted(p.name for p in out.iterdir()) == ["notes", "old.parquet", "pairs-000000-0.parquet", "pairs-000001-0.parquet"]
    assert (out / "old.parquet").read_text() == "mine"


def test_integer_block_keys_and_ids_with_nulls_keep_exact_values(ray_local, tmp_path):
    big_id = 2**60 + 1
    first = [  # event 3 next to a null event and a null id: pandas would make these floats
        {"party": "US", "text": "The talks were productive.", "event": 3, "id": big_id},
        {"party": "NK", "text": "The talks were regrettable.", "event": None, "id": None},
        {"party": "NK", "text": "The talks were not productive.", "event": 3, "id": 2},
    ]
    second = [{"party": "NK", "text": "The talks were worrisome.", "event": 3, "id": 4}]
    folder = tmp_path / "jsonl"
    folder.mkdir()
    write_jsonl(folder / "a.jsonl", first)
    write_jsonl(folder / "b.jsonl", second)
    pq_folder = tmp_path / "parquet"
    pq_folder.mkdir()
    import pyarrow as pa
    import pyarrow.parquet as pq

    pq.write_table(pa.Table.from_pylist(first), pq_folder / "a.parquet")  # event, id: int64 with nulls
    pq.write_table(pa.Table.from_pylist(second), pq_folder / "b.parquet")
    for data in (folder, pq_folder, first + second, ray.data.from_items(first + second)):
        got = distributed.compare(data, scorer=RuleScorer(), block_by="event", num_workers=1).to_pandas()
        # One event 3 block (2 pairs with US), not "[3.0]" and "[3]"; the id stays exact.
        assert len(got) == 2, data
        assert sorted(got["id_a"].tolist() + got["id_b"].tolist()) == sorted([big_id, big_id, 2, 4]), data


def test_output_folder_that_is_or_holds_an_input_is_refused(ray_local, tmp_path):
    rows = [{"party": "US", "text": "The talks were productive."}, {"party": "NK", "text": "They were regrettable."}]
    folder = tmp_path / "in"
    folder.mkdir()
    path = write_jsonl(folder / "statements.jsonl", rows)
    for data, out in ((folder, folder), (path, folder), ([path], tmp_path)):
        with pytest.raises(ValueError, match=r"output expected a folder apart from the input.*Pass another output"):
            distributed.compare(data, scorer=RuleScorer(), output=out, overwrite=True)
    assert path.read_text(encoding="utf-8").count("\n") == 2  # the input is untouched


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"precision": "fp16"}, "precision expected one of"),
        ({"batch_size": 0}, "batch_size expected a positive integer, got 0"),
        ({"rows_per_batch": 2.5}, "rows_per_batch expected a positive integer, got 2.5"),
        ({"cpus_per_worker": 0}, "cpus_per_worker expected a positive number"),
        ({"min_similarity": "high"}, "min_similarity expected a number"),
        ({"top_k": 0}, "top_k expected a positive integer"),
        ({"threshold": 1.5}, r"threshold expected a number in \[0, 1\]"),
    ],
)
def test_bad_arguments_fail_before_any_work(ray_local, tmp_path, kwargs, message):
    path = write_jsonl(tmp_path / "s.jsonl", [{"party": "US", "text": "a"}, {"party": "NK", "text": "b"}])
    with pytest.raises(ValueError, match=message):
        distributed.compare(path, scorer=RuleScorer(), output=tmp_path / "out", **kwargs)
    assert not (tmp_path / "out").exists()


def test_threshold_accepts_any_real_number_like_compare(ray_local):
    from fractions import Fraction

    rows = [("US", "The talks were productive."), ("NK", "The talks were regrettable.")]
    for threshold in (Fraction(1, 2), np.float32(0.95)):
        want = framing.compare(rows, scorer=RuleScorer(), threshold=threshold)
        got = distributed.compare(rows, scorer=RuleScorer(), threshold=threshold, num_workers=1).to_pandas()
        assert got["is_contradiction"].tolist() == want["is_contradiction"].tolist()


def test_parquet_rows_without_text_or_party_fail_before_any_work(ray_local, tmp_path):
    good = [{"party": "US", "text": "The talks were productive."}, {"party": "NK", "text": "Regrettable."}]
    for bad, message in (
        ({"party": " ", "text": "Demands."}, r"bad.parquet: row 3: `party` expected a non-empty string"),
        ({"party": "NK", "text": None}, r"bad.parquet: row 3: `text` expected a non-empty string"),
    ):
        pd.DataFrame(good + [bad]).to_parquet(tmp_path / "bad.parquet")
        with pytest.raises(ValueError, match=message):
            distributed.compare(tmp_path / "bad.parquet", scorer=RuleScorer(), output=tmp_path / "out")
        assert not (tmp_path / "out").exists()


def test_summary_threshold_of_a_hub_id_is_null_with_a_note(tmp_path):
    name, calibrated, threshold, note = distributed_run._summary_model("some-org/some-nli-model", None, None)
    assert calibrated is None and threshold is None and "hub id" in note and "threshold=" in note
    assert distributed_run._summary_model("some-org/some-nli-model", None, 0.7)[2:] == (0.7, None)
    plain = tmp_path / "plain"
    plain.mkdir()  # a local folder without calibrator.json: 0.5 is what the workers use
    assert distributed_run._summary_model(plain, None, None)[1:] == (False, 0.5, None)


def test_one_model_argument_gives_one_threshold_on_every_path(ray_local, tiny_models, seed_statements, tmp_path,
                                                                capsys):
    # One calibrated folder, named the same way to compare, compare_corpus, evaluate, the CLI and Ray:
    # every path resolves it through framing.resolve and flags at its calibrator's threshold.
    from framing import Detector
    from framing.cli import main as cli_main

    det = Detector.from_pretrained(tiny_models["nli"], check_labels=False)
    a = [f"the talks were good number {i}" for i in range(20)] + [f"a dog runs in park {i}" for i in range(20)]
    b = [f"the talks were bad number {i}" for i in range(20)] + [f"the sun is out {i}" for i in range(20)]
    det.calibrate(a, b, [1] * 20 + [0] * 20, method="sigmoid", features="symmetric", threshold_goal="f1", cv=3)
    model = str(det.save_pretrained(tmp_path / "calibrated"))
    expected = det.calibrator.threshold_
    assert expected != 0.5  # else the default would pass for the calibrator's

    found = {"compare": framing.compare(seed_statements, model=model).attrs["threshold"]}
    article = (conftest.SEEDS / "000_bce12cd754ad89bf.txt").read_text(encoding="utf-8")
    corpus = framing.compare_corpus([{"source": "seed", "text": article, "story": "talks"}], model=model,
                                    parties={"Pompeo": "United States", "Kim Yong Chol": "North Korea"})
    found["compare_corpus"] = corpus.attrs["threshold"]
    pairs = tmp_path / "pairs.jsonl"
    pairs.write_text("".join(json.dumps({"text_a": x, "text_b": y, "label": int(i < 20)}) + "\n"
                             for i, (x, y) in enumerate(zip(a, b))))
    found["evaluate"] = framing.evaluate(pairs, model=model)["calibrated"]["threshold"]
    assert cli_main(["evaluate", str(pairs), "--model", model, "--json", "--quiet"]) == 0
    found["cli"] = json.loads(capsys.readouterr().out)["calibrated"]["threshold"]
    pd.DataFrame(seed_statements).to_parquet(tmp_path / "seed.parquet")
    summary = distributed.compare(tmp_path / "seed.parquet", model=model, output=tmp_path / "out", num_workers=1)
    found["ray"] = summary["threshold"]
    got = pd.read_parquet(tmp_path / "out")
    assert (got["is_contradiction"] == (got["p_contradiction"] >= expected)).all()  # the workers' threshold too
    assert found == dict.fromkeys(found, pytest.approx(expected))

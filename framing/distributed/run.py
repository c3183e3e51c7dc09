"""The run of `framing.distributed.compare`: checks before any work, pairing per block, scoring per batch."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from ..checks import check_positive_int, check_positive_number, check_real
from ..defaults import default_model, embedded
from ..frames import pair_frame, scored_frame
from ..options import CompareOptions
from ..pairing import DEFAULT_TOP_K, make_pairs
from ..resolve import check_scorer, decision_threshold, resolve_scorer, saved_calibrator
from ..statements import to_statements
from .sources import BLOCK, KEEP, ORDER, id_type, schemas, statements_dataset, to_pandas

logger = logging.getLogger(__name__)

__all__ = ["SUMMARY_FILE", "compare"]

SUMMARY_FILE = "_framing.json"  # leading "_": Parquet readers skip it
_PART_FILE = re.compile(r"pairs-\d{6}-\d+\.parquet")  # see _file_names


def _ray() -> Any:
    try:
        import ray
        import ray.data  # noqa: F401
    except ImportError:
        raise ImportError(
            'framing.distributed expected Ray Data to be installed, got no module "ray". '
            'Install the extra: pip install "framing-clash[ray]".'
        ) from None
    return ray


# ---- pairing per block, scoring per batch ----


def _pair_block(
    table: Any,
    *,
    within_party: bool,
    prefilter: bool | str,
    top_k: int,
    min_similarity: float,
    id_kind: str | None,
) -> Any:
    """One block's statements -> its pairs, exactly as `framing.compare` lists them."""
    import pyarrow as pa

    group = to_pandas(table)
    # Input order (as compare sees it); a Ray dataset has none, so its rows are ordered by content.
    keys = pd.DataFrame(
        {
            ORDER: group[ORDER].to_numpy(),
            "party": group["party"].astype(str).to_numpy(),
            "text": group["text"].astype(str).to_numpy(),
            "speaker": group["speaker"].fillna("").astype(str).to_numpy(),
            "id": group["id"].fillna("").astype(str).to_numpy(),
        }
    )
    order = keys.sort_values(list(keys.columns), kind="stable").index.to_numpy()
    rows = group.iloc[order][list(KEEP)].reset_index(drop=True)
    rows = rows.astype(object).where(rows.notna(), None)  # None, not pd.NA, for missing speakers and ids
    try:
        items = to_statements(rows)
    except (TypeError, ValueError) as error:
        raise ValueError(f"block {group[BLOCK].iloc[0]}: {error}") from None
    pairing = make_pairs(
        items, within_party=within_party, prefilter=prefilter, top_k=top_k, min_similarity=min_similarity
    )
    return pa.Table.from_pandas(pair_frame(pairing), schema=schemas(id_type(id_kind))[1], preserve_index=False)


class _Scorer:
    """Scores batches of pairs; Ray makes one per actor, so the detector loads once per worker."""

    def __init__(
        self,
        *,
        model: Any,
        scorer: Any,
        threshold: float | None,
        batch_size: int,
        precision: str,
        device: str | None,
        threads: int | None,
        id_kind: str | None,
    ) -> None:
        if scorer is None and threads:
            import torch

            torch.set_num_threads(threads)
        self.scorer = resolve_scorer(model, scorer, batch_size=batch_size, precision=precision, device=device)
        self.threshold = decision_threshold(threshold, self.scorer)
        self.schema = schemas(id_type(id_kind))[2]

    def __call__(self, batch: Any) -> Any:
        import pyarrow as pa

        pairs = to_pandas(batch)
        scores = self.scorer.score_pairs(pairs["text_a"].tolist(), pairs["text_b"].tolist())
        frame = scored_frame(pairs, scores, self.threshold)
        return pa.Table.from_pandas(frame, schema=self.schema, preserve_index=False)


# ---- checks before any work ----


def _check_model_path(model: Any) -> str | None:
    """None when ``model`` is usable here (or is a hub id: not checkable), else why not."""
    from ..checkpoints import check_local_folder, looks_local

    path = _model_folder(model)
    if path.exists():
        try:
            check_local_folder(path)
        except ValueError as error:
            return str(error)
        return None
    if model is None or looks_local(str(model)):
        what = "the default model folder" if model is None else "a model folder"
        return f"model expected {what} at {str(path)!r}, got no such path"
    return None


def _check_model(ray: Any, model: Any) -> None:
    """The model folder must exist here and on every node, since each worker loads it itself."""
    problem = _check_model_path(model)
    where = "on the driver"
    if problem is None:
        from ray.util.scheduling_strategies import NodeAffinitySchedulingStrategy

        check = ray.remote(num_cpus=0)(_check_model_path)
        nodes = [n["NodeID"] for n in ray.nodes() if n.get("Alive")]
        answers = ray.get(
            [
                check.options(scheduling_strategy=NodeAffinitySchedulingStrategy(n, soft=False)).remote(model)
                for n in nodes
            ]
        )
        bad = [(n, a) for n, a in zip(nodes, answers) if a]
        if bad:
            problem, where = bad[0][1], f"on {len(bad)} of {len(nodes)} node(s) (e.g. node {bad[0][0][:12]})"
    if problem:
        raise FileNotFoundError(
            f"{problem} {where}. Every Ray node loads the model itself: copy the folder to the same path "
            "on all nodes (or shared storage), or pass a hub id they can reach."
        )


def _model_folder(model: Any) -> Path:
    return Path(default_model()) if model is None else Path(embedded(model)).expanduser()


def _summary_model(model: Any, scorer: Any, threshold: float | None) -> tuple[str, bool | None, float | None, Any]:
    """(model name, calibrated, threshold used, note) for the summary; the threshold is None (with
    a note) when the driver cannot know it: a hub id, whose calibrator only the workers read."""
    if scorer is not None:
        name = getattr(scorer, "name", None) or type(scorer).__name__
        return str(name), bool(getattr(scorer, "calibrated", False)), decision_threshold(threshold, scorer), None
    name = str(_model_folder(model))
    try:
        calibrator = saved_calibrator(model)
    except LookupError:  # a hub id: only the workers read its calibrator
        if threshold is not None:
            return name, None, float(threshold), None
        note = (
            "threshold unknown on the driver: the model is a hub id, so each worker used its calibrator's "
            "threshold if it has one, else 0.5. Pass threshold= to fix and record it."
        )
        return name, None, None, note
    return name, calibrator is not None, decision_threshold(threshold, calibrator), None


def _check_output(output: str | Path, overwrite: bool) -> tuple[Path, list[Path]]:
    """The output folder, and the files of an earlier run there that ``overwrite`` replaces.

    Only compare's own files (``pairs-*.parquet`` parts and the summary) are ever replaced: a
    folder holding anything else is refused, whatever ``overwrite`` says.
    """
    path = Path(output).expanduser()
    if path.exists() and not path.is_dir():
        raise ValueError(f"output expected a folder, got the file {str(path)!r}. Pass a folder path.")
    entries = sorted(path.iterdir()) if path.is_dir() else []
    if entries and not overwrite:
        raise FileExistsError(
            f"output expected a new or empty folder, got {str(path)!r} with {len(entries)} "
            "entries. Pass overwrite=True to replace the files of an earlier run, or another folder."
        )
    foreign = [
        e.name for e in entries
        if e.is_symlink() or not e.is_file() or not (_PART_FILE.fullmatch(e.name) or e.name == SUMMARY_FILE)
    ]
    if foreign:
        shown = foreign[:5] + (["..."] if len(foreign) > 5 else [])
        raise FileExistsError(
            f"output expected only the files of an earlier run (pairs-*.parquet, {SUMMARY_FILE}) to replace, got "
            f"{len(foreign)} other entries in {str(path)!r}: {shown}. overwrite=True deletes only what compare "
            "wrote: move those away, or pass another folder."
        )
    return path, entries


def _check_output_apart(output: str | Path, data: Any) -> None:
    """The output folder must not be (or hold) an input: overwrite=True would delete the input."""
    if isinstance(data, (str, Path)):
        inputs = [data]
    elif isinstance(data, (list, tuple)) and data and all(isinstance(d, (str, Path)) for d in data):
        inputs = list(data)
    else:
        return
    out = Path(output).expanduser().resolve()
    for item in inputs:
        path = Path(item).expanduser().resolve()
        if path == out or out in path.parents:
            how = "is" if path == out else "contains"
            raise ValueError(
                f"output expected a folder apart from the input, got {str(out)!r}, which {how} the input "
                f"{str(path)!r}; writing there (overwrite=True replaces its files) could delete it. "
                "Pass another output folder."
            )


def _file_names() -> Any:
    """Output file names from the write task's index only: a retried task rewrites its own file."""
    from ray.data.datasource import FilenameProvider

    class FileNames(FilenameProvider):
        def get_filename_for_task(self, write_uuid: str, task_index: int) -> str:
            return f"pairs-{task_index:06d}-{{i}}.parquet"

    return FileNames()


def compare(
    data: Any,
    *,
    model: str | Path | None = None,
    output: str | Path | None = None,
    block_by: str | Sequence[str] | None = None,
    columns: Mapping[str, str] | None = None,
    scorer: Any = None,
    threshold: float | None = None,
    within_party: bool = False,
    prefilter: bool | str = "auto",
    top_k: int = DEFAULT_TOP_K,
    min_similarity: float | None = None,
    precision: str = "fp32",
    batch_size: int = 32,
    rows_per_batch: int = 1024,
    num_workers: int | None = None,
    cpus_per_worker: float = 1,
    num_gpus: float | None = None,
    overwrite: bool = False,
) -> Any:
    """`framing.compare` on Ray Data: pairs per block, scored by an actor pool, to Parquet or a dataset.

    Within each block the result holds the rows `framing.compare` returns for that block's
    statements (same pairs, orientation, columns and probabilities), without its sorting:
    sort with ``ds.sort("p_contradiction", descending=True)`` or after reading.

    Args:
        data: A Ray dataset, a ``.jsonl`` / ``.parquet`` file, a folder of them or a list of
            paths (read in sorted order), or anything `framing.compare` takes (DataFrame,
            records, ...). Needs ``text`` and ``party`` (see ``columns``); ``speaker`` and
            ``id`` are kept, other fields are dropped.
        model: A detector or NLI checkpoint folder (or hub id) that every worker can read;
            None for the default model. Each worker loads it once.
        output: A folder for Parquet files (``pairs-*.parquet``, `framing.frames.COLUMNS`) plus a
            ``_framing.json`` summary written last; None returns the lazy dataset instead.
        block_by: Column(s) naming each statement's event or topic: statements are paired
            only within a block. None makes the whole input one block (exactly `compare`,
            but the pairing then runs in one task).
        columns: Renames, as in `framing.compare`: ``{"text": "quote", "party": "side"}``.
        scorer: Instead of ``model``, a picklable object with ``score_pairs(texts_a, texts_b)``
            (shipped to each worker).
        threshold, within_party, prefilter, top_k, min_similarity, precision, batch_size:
            As in `framing.compare` (``prefilter="auto"`` decides per block; the prefilter is
            TF-IDF here, ``min_similarity=None`` means its 0.2).
        rows_per_batch: Pairs per ``map_batches`` call (the detector sorts them by length
            and runs ``batch_size`` at a time).
        num_workers: Scoring actors: a fixed number, or None for an autoscaling pool
            (1 to as many as the cluster fits).
        cpus_per_worker: CPUs each actor gets (fractions allowed). Its torch thread count is
            set to ``int(cpus_per_worker)`` (at least 1) and framing's `NLIModel` decides how
            to use them (on CPU it splits batches between one-thread workers; README
            "Inference").
        num_gpus: GPUs per actor; None: 1 when the cluster has GPUs (then the model runs on
            CUDA), else 0.
        overwrite: Replace the files of an earlier run in ``output`` (its ``pairs-*.parquet``
            parts and ``_framing.json``, deleted just before writing). A folder holding any other
            entry is refused, as is one that is or holds an input file or folder.

    Returns:
        With ``output``: a summary dict (``output``, ``files``, ``n_pairs``, ``n_statements``
        (None for a Ray dataset input), ``model``, ``calibrated`` (None for a hub id: read
        from the folder's ``calibrator.json``), ``threshold`` (None for a hub id without
        ``threshold=``, with a ``threshold_note``: the driver does not load the model),
        ``block_by``, ``framing_version``), also saved as ``output/_framing.json``.
        Without: the Ray dataset (lazy; nothing has run yet).

    Raises:
        FileNotFoundError: The model folder or an input file is missing (here or on a node).
        FileExistsError: ``output`` is not empty and ``overwrite`` is False, or holds entries
            compare did not write (named in the message).
        ValueError: Missing columns, mixed schemas (a field with two types, lines with other
            keys), bad arguments, an ``output`` that is or holds an input; and rows with a
            missing or blank text or party in JSONL, Parquet or in-memory input; all raised
            before any scoring. A Ray dataset input gets only a schema check up front: its
            rows are checked when their block is paired (the run then fails with the row's
            block named).
        ImportError: Ray is not installed.

    Example:
        >>> from framing import distributed
        >>> distributed.compare("archive/", block_by="event", output="clashes/")  # doctest: +SKIP
    """
    from .. import __version__

    ray = _ray()
    options = CompareOptions(
        threshold=threshold, within_party=within_party, prefilter=prefilter, top_k=top_k,
        min_similarity=min_similarity, precision=precision, batch_size=batch_size,
    ).validate()
    check_positive_int("rows_per_batch", rows_per_batch, 1024)
    check_positive_number("cpus_per_worker", cpus_per_worker, 1)
    check_positive_int("num_workers", num_workers, 4, optional=True)
    if num_gpus is not None:
        check_real("num_gpus", num_gpus, 1, what="a number of GPUs per worker (0 or more)", optional=True)
        if num_gpus < 0:
            raise ValueError(
                f"num_gpus expected 0 or more GPUs per worker, or None, got {num_gpus!r}. Use e.g. num_gpus=1."
            )
    if block_by is not None and not isinstance(block_by, str) and not (
        isinstance(block_by, Sequence) and all(isinstance(c, str) for c in block_by)
    ):
        raise TypeError(
            f"block_by expected a column name, a list of them or None, got {type(block_by).__name__} {block_by!r:.40}. "
            "Use e.g. block_by='event'."
        )
    check_scorer(model, scorer)
    if scorer is None and model is not None and not isinstance(model, (str, Path)):
        raise TypeError(
            f"model expected a folder path, hub id or None (each worker loads it), got {type(model).__name__}. "
            "Save a Detector with det.save_pretrained(folder) and pass the folder."
        )
    if model is None and scorer is None:
        # resolved once, on the driver: every worker then scores with the model the summary names
        model = str(default_model())
    columns = dict(columns or {})
    blocks = [block_by] if isinstance(block_by, str) else list(block_by or [])
    if output is not None:
        _check_output_apart(output, data)
    out_path, stale = _check_output(output, overwrite) if output is not None else (None, [])
    if not ray.is_initialized():
        ray.init()
    if scorer is None:
        _check_model(ray, model)

    statements, n_statements, id_kind = statements_dataset(ray, data, columns, blocks)
    grouped = statements.groupby(BLOCK if blocks else None)
    pairs = grouped.map_groups(
        _pair_block,
        batch_format="pyarrow",
        fn_kwargs={
            "within_party": options.within_party,
            "prefilter": options.prefilter,
            "top_k": options.top_k,
            "min_similarity": options.min_similarity,
            "id_kind": id_kind,
        },
    )
    # Blocks of rows_per_batch pairs (streaming, no shuffle): a big block's pairs come out of one
    # task, and would otherwise reach a single actor.
    pairs = pairs.repartition(target_num_rows_per_block=rows_per_batch)
    if num_gpus is None:
        num_gpus = 1 if scorer is None and ray.cluster_resources().get("GPU", 0) >= 1 else 0
    pool = (
        ray.data.ActorPoolStrategy(size=num_workers)
        if num_workers
        else ray.data.ActorPoolStrategy(min_size=1, max_size=None)
    )
    scored = pairs.map_batches(
        _Scorer,
        batch_size=rows_per_batch,
        batch_format="pyarrow",
        compute=pool,
        num_cpus=cpus_per_worker,
        num_gpus=num_gpus or None,
        fn_constructor_kwargs={
            "model": None if model is None else str(model),
            "scorer": scorer,
            "threshold": options.threshold,
            "batch_size": options.batch_size,
            "precision": options.precision,
            "device": "cuda" if num_gpus else None,
            "threads": max(1, int(cpus_per_worker)),
            "id_kind": id_kind,
        },
    )
    if out_path is None:
        return scored

    from ray.data import SaveMode

    for old in stale:  # the earlier run's own files only (checked by _check_output)
        old.unlink(missing_ok=True)
    if out_path.is_dir():
        # rmdir fails on a folder that is not empty; Ray then creates it (mode ERROR never deletes).
        try:
            out_path.rmdir()
        except OSError as error:
            raise FileExistsError(
                f"output expected an empty folder once the earlier run's files were deleted, got {str(out_path)!r} "
                f"with new entries ({error.strerror}). Pass another folder."
            ) from error
    scored.write_parquet(
        str(out_path), mode=SaveMode.ERROR, filename_provider=_file_names(), schema=schemas(id_type(id_kind))[2]
    )
    out_path.mkdir(parents=True, exist_ok=True)  # no rows: no part files, but the summary
    import pyarrow.parquet as pq

    files = sorted(p.name for p in out_path.glob("*.parquet"))
    name, calibrated, used, note = _summary_model(model, scorer, options.threshold)
    summary = {
        "output": str(out_path),
        "files": files,
        "n_pairs": sum(pq.ParquetFile(out_path / f).metadata.num_rows for f in files),
        "n_statements": n_statements,
        "model": name,
        "calibrated": calibrated,
        "threshold": used,
        "block_by": blocks or None,
        "framing_version": __version__,
    }
    if note:
        summary["threshold_note"] = note
    (out_path / SUMMARY_FILE).write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    return summary

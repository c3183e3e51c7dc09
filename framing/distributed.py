"""`compare` over a Ray Data dataset: the same pairing, prefilter, scoring and calibration, on a cluster.

Install with ``pip install "framing-clash[ray]"``. Statements are grouped into blocks by a
key (``block_by``: an event, a story, a topic); each block is paired exactly as
`framing.compare` pairs its statements (duplicates collapsed, cross-party pairs, the topic
prefilter above 20,000 candidate pairs), so pairs are listed per block, never across the
whole archive. The pairs are scored with ``map_batches`` by a pool of actors that each load
the detector once (with its calibrator); results stream to Parquet, or come back as a lazy
Ray dataset. ``docs/scaling.md`` covers clusters, memory and measured costs.
"""

from __future__ import annotations

import json
import logging
import numbers
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .compare import (
    COLUMNS,
    PAIR_COLUMNS,
    _check_min_similarity,
    _check_threshold,
    _resolve_threshold,
    pair_frame,
    scored_frame,
)
from .pairing import DEFAULT_MIN_SIMILARITY, DEFAULT_TOP_K, make_pairs
from .statements import _FIELDS as _STATEMENT_FIELDS
from .statements import _check_party, _check_text, _mapping_hint, iter_jsonl, to_statements

logger = logging.getLogger(__name__)

__all__ = ["compare"]

# The statement fields the output needs; everything else in the input is dropped on reading.
_KEEP = ("text", "party", "speaker", "id")
# Internal columns: the block key (JSON of its values) and the input position, which keeps
# compare's pair orientation and choice among duplicates (both follow input order).
_BLOCK = "_block"
_ORDER = "_order"
_FILE_SHIFT = 40  # _order = file number << 40 | row number in the file
_SUFFIXES = {".jsonl": "jsonl", ".json": "jsonl", ".parquet": "parquet"}
_ROWS_PER_READ = 50_000
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


def _schemas(id_type: Any) -> tuple[Any, Any, Any]:
    """Arrow schemas of the statements, the pairs and the output (ids keep an int type if they have one)."""
    import pyarrow as pa

    string = pa.string()
    types = {name: string for name in COLUMNS}
    types.update(
        p_contradiction=pa.float64(),
        is_contradiction=pa.bool_(),
        ab_contradiction=pa.float64(),
        ba_contradiction=pa.float64(),
        directions_disagree=pa.bool_(),
        id_a=id_type,
        id_b=id_type,
    )
    statements = pa.schema(
        [
            ("text", string),
            ("party", string),
            ("speaker", string),
            ("id", id_type),
            (_BLOCK, string),
            (_ORDER, pa.int64()),
        ]
    )
    return statements, pa.schema([(n, types[n]) for n in PAIR_COLUMNS]), pa.schema([(n, types[n]) for n in COLUMNS])


def _id_type(kind: str | None) -> Any:
    import pyarrow as pa

    return pa.int64() if kind == "int" else pa.string()


def _clean(value: Any) -> Any:
    """Missing (None, NaN, pd.NA, NaT) -> None; numpy scalars -> Python ones."""
    if value is None or (pd.api.types.is_scalar(value) and pd.isna(value)):
        return None
    return value.item() if isinstance(value, np.generic) else value


def _to_pandas(table: Any) -> pd.DataFrame:
    """Arrow -> pandas with integers kept exact: a column with nulls stays Python ints + None (object),
    never float64 (which would turn a key 3 into 3.0 and corrupt ids above 2**53)."""
    return table.to_pandas(integer_object_nulls=True)


def _object_frame(records: list[dict]) -> pd.DataFrame:
    """Records -> a frame of object columns (ints next to nulls are not made floats)."""
    return pd.DataFrame(records, dtype=object)


def _canonical(frame: pd.DataFrame, block_by: Sequence[str], id_kind: str | None, order: np.ndarray | None) -> Any:
    """Statements in, as an Arrow table of `_KEEP` + block key + input position (names already renamed).

    ``frame`` must keep integer values exact (object columns, see `_to_pandas` / `_object_frame`):
    the block key is the JSON of the values, so 3 and 3.0 would be two blocks."""
    import pyarrow as pa

    n = len(frame)
    data: dict[str, Any] = {}
    for name in _KEEP:
        values = [_clean(v) for v in frame[name].tolist()] if name in frame else [None] * n
        if name == "speaker" or (name == "id" and id_kind != "int"):
            values = [None if v is None else str(v) for v in values]
        data[name] = values
    keys = zip(*([_clean(v) for v in frame[c].tolist()] for c in block_by)) if block_by else ([] for _ in range(n))
    data[_BLOCK] = [json.dumps(list(k), default=str) for k in keys]
    data[_ORDER] = order if order is not None else np.full(n, -1, dtype=np.int64)
    return pa.table(data, schema=_schemas(_id_type(id_kind))[0])


def _renamed(names: Sequence[str], columns: Mapping[str, str]) -> list[str]:
    inverse = {user: field for field, user in columns.items()}
    return [inverse.get(name, name) for name in names]


def _check_columns(names: Sequence[str], columns: Mapping[str, str], block_by: Sequence[str], where: str) -> None:
    found = _renamed(names, columns)
    missing = [c for c in ("text", "party") if c not in found]
    if missing:
        raise ValueError(
            f"{where}: columns expected ['text', 'party'], got {sorted(map(str, names))}. "
            f"Rename them or pass columns={_mapping_hint(('text', 'party'), list(map(str, names)))}."
        )
    absent = [c for c in block_by if c not in found]
    if absent:
        raise ValueError(
            f"{where}: block_by expected columns {absent} in the input, got {sorted(map(str, names))}. "
            "Pass block_by= the column that names each statement's event or topic, or block_by=None."
        )


# ---- reading files: a schema check before anything runs, then one read task per file ----


def _json_kind(value: Any) -> str:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int"
    if isinstance(value, float):
        return "float"
    return "string" if isinstance(value, str) else type(value).__name__


def _scan_jsonl(path: str, columns: Mapping[str, str], block_by: Sequence[str]) -> dict[str, Any]:
    """Check every line of a JSONL file and the type of each kept field, without keeping rows."""
    inverse = {user: field for field, user in columns.items()}
    kinds: dict[str, tuple[str, int]] = {}
    first_keys: tuple[list[str], int] | None = None
    rows = 0
    for number, record in iter_jsonl(path):
        where = f"{path}:{number}"
        original = sorted(record)
        record = {inverse.get(k, k): v for k, v in record.items()}
        if "text" not in record or "party" not in record:
            if first_keys:
                hint = f" (line {first_keys[1]} has {first_keys[0]}). The file mixes schemas: give every line"
                hint += " the same keys."
            else:
                hint = f". Rename the keys or pass columns={_mapping_hint(('text', 'party'), original)}."
            raise ValueError(f"{where}: keys expected ['text', 'party'], got {original}{hint}")
        absent = [c for c in block_by if c not in record]
        if absent:
            raise ValueError(
                f"{where}: block_by expected columns {absent} on every line, got keys {sorted(record)}. "
                "Add the key (null is allowed), or pass block_by=None."
            )
        first_keys = first_keys or (sorted(record), number)
        _check_text(record["text"], where)
        _check_party(record["party"], where)
        for name in ("speaker", "id", *block_by):
            value = record.get(name)
            if value is None:
                continue
            kind = _json_kind(value)
            if name not in kinds:
                kinds[name] = (kind, number)
            elif kinds[name][0] != kind:
                expected, line_no = kinds[name]
                raise ValueError(
                    f"{where}: field {name!r} expected a {expected} (as on line {line_no}), got a "
                    f"{kind} {value!r}. The file mixes schemas: write this field with one type on "
                    "every line (e.g. all ids as strings)."
                )
        rows += 1
    return {"rows": rows, "kinds": {name: kind for name, (kind, _) in kinds.items()}}


def _scan_parquet(path: str, columns: Mapping[str, str], block_by: Sequence[str]) -> dict[str, Any]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pq.read_schema(path)
    _check_columns(schema.names, columns, block_by, path)
    kinds = {}
    for user, name in zip(schema.names, _renamed(schema.names, columns)):
        kind = schema.field(user).type
        kinds[name] = (
            "int"
            if pa.types.is_integer(kind)
            else "string"
            if pa.types.is_string(kind) or pa.types.is_large_string(kind)
            else str(kind)
        )
    for name in ("text", "party"):
        if kinds[name] != "string":
            raise ValueError(
                f"{path}: column {name!r} expected strings, got {kinds[name]}. Write it as a string column."
            )
    _check_parquet_values(path, {columns.get(n, n): n for n in ("text", "party")})
    return {
        "rows": pq.ParquetFile(path).metadata.num_rows,
        "kinds": {k: v for k, v in kinds.items() if k in ("speaker", "id", *block_by)},
    }


def _check_parquet_values(path: str, names: Mapping[str, str]) -> None:
    """Rows with a null or blank text / party fail here, as they do in a JSONL scan (two columns read)."""
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    checks = {"text": _check_text, "party": _check_party}
    start = 0
    for chunk in pq.ParquetFile(path).iter_batches(batch_size=_ROWS_PER_READ, columns=list(names)):
        for user, field in names.items():
            column = chunk.column(user)
            bad = pc.or_kleene(pc.is_null(column), pc.equal(pc.utf8_trim_whitespace(column), ""))
            hits = pc.indices_nonzero(pc.fill_null(bad, True))
            if len(hits):
                i = hits[0].as_py()
                checks[field](column[i].as_py(), f"{path}: row {start + i + 1}")  # raises, naming the row
        start += chunk.num_rows


def _scan_file(path: str, kind: str, columns: Mapping[str, str], block_by: Sequence[str]) -> dict[str, Any]:
    try:
        return (_scan_jsonl if kind == "jsonl" else _scan_parquet)(path, columns, block_by)
    except (ValueError, TypeError, OSError) as error:
        return {"error": (type(error).__name__, str(error))}


def _list_files(data: str | Path | Sequence[str | Path]) -> list[tuple[Path, str]]:
    paths = [data] if isinstance(data, (str, Path)) else list(data)
    files: list[Path] = []
    for item in paths:
        path = Path(item).expanduser()
        if path.is_dir():
            found = sorted(
                p
                for p in path.rglob("*")
                if p.is_file() and p.suffix in _SUFFIXES and not p.name.startswith((".", "_"))
            )
            if not found:
                raise ValueError(
                    f"input folder {str(path)!r} expected .jsonl or .parquet files, got none. "
                    "Point to the files or their folder."
                )
            files += found
        elif path.is_file():
            if path.suffix not in _SUFFIXES:
                raise ValueError(
                    f"input file expected a .jsonl, .json (JSON Lines) or .parquet name, got {str(path)!r}. "
                    "Convert it, or load it as a DataFrame and pass that."
                )
            files.append(path)
        else:
            raise FileNotFoundError(f"input expected an existing file or folder, got {str(path)!r}. Check the path.")
    return [(p, _SUFFIXES[p.suffix]) for p in files]


def _scan_files(
    ray: Any, files: list[tuple[Path, str]], columns: Mapping[str, str], block_by: Sequence[str]
) -> tuple[int, str | None]:
    """Run the schema checks (one Ray task per file); fail on mixed types between files too."""
    scan = ray.remote(_scan_file)
    results = ray.get([scan.remote(str(p), kind, columns, block_by) for p, kind in files])
    for result in results:  # raised here, so the message is not wrapped in a remote traceback
        if "error" in result:
            kind, message = result["error"]
            raise {"TypeError": TypeError, "FileNotFoundError": FileNotFoundError}.get(kind, ValueError)(message)
    kinds: dict[str, tuple[str, Path]] = {}
    for (path, _), result in zip(files, results):
        for name, kind in result["kinds"].items():
            if name in kinds and kinds[name][0] != kind:
                raise ValueError(
                    f"input files expected one type per column, got {name!r} as {kinds[name][0]} in "
                    f"{kinds[name][1]} and as {kind} in {path}: the input mixes schemas. Write the column "
                    "with one type in every file."
                )
            kinds.setdefault(name, (kind, path))
    return sum(r["rows"] for r in results), kinds.get("id", (None,))[0]


def _read_file(batch: dict[str, np.ndarray], columns: Mapping[str, str], block_by: Sequence[str], id_kind: str | None):
    """One input file (a row of the file list) -> statement tables, with each row's input position."""
    path, kind, number = str(batch["path"][0]), str(batch["kind"][0]), int(batch["number"][0])
    inverse = {user: field for field, user in columns.items()}
    base = number << _FILE_SHIFT
    if kind == "parquet":
        import pyarrow.parquet as pq

        start = 0
        for chunk in pq.ParquetFile(path).iter_batches(batch_size=_ROWS_PER_READ):
            frame = _to_pandas(chunk).rename(columns=inverse)
            yield _canonical(frame, block_by, id_kind, base + start + np.arange(len(frame), dtype=np.int64))
            start += len(frame)
        return
    rows: list[dict] = []
    lines: list[int] = []
    for number, record in iter_jsonl(path):
        rows.append({inverse.get(k, k): v for k, v in record.items()})
        lines.append(number - 1)  # 0-based line in the file: the row's input position
        if len(rows) >= _ROWS_PER_READ:
            yield _canonical(_object_frame(rows), block_by, id_kind, base + np.array(lines, dtype=np.int64))
            rows, lines = [], []
    if rows:
        yield _canonical(_object_frame(rows), block_by, id_kind, base + np.array(lines, dtype=np.int64))


def _from_ray_dataset(batch: Any, columns: Mapping[str, str], block_by: Sequence[str], id_kind: str | None):
    return _canonical(_to_pandas(batch).rename(columns={u: f for f, u in columns.items()}), block_by, id_kind, None)


def _statements(
    ray: Any, data: Any, columns: Mapping[str, str], block_by: Sequence[str]
) -> tuple[Any, int | None, str | None]:
    """The input as a Ray dataset of canonical statements, checked before any work; also the row count and id type."""
    from ray.data import Dataset

    if isinstance(data, Dataset):
        schema = data.schema()
        names = list(schema.names)
        _check_columns(names, columns, block_by, "Ray dataset")
        import pyarrow as pa

        for field in ("text", "party"):
            kind = schema.types[_renamed(names, columns).index(field)]
            if isinstance(kind, pa.DataType) and not (pa.types.is_string(kind) or pa.types.is_large_string(kind)):
                raise ValueError(
                    f"Ray dataset: column {field!r} expected strings, got {kind}. Cast it to string first."
                )
        id_name = columns.get("id", "id")
        id_kind = None
        if id_name in names:
            id_type = schema.types[names.index(id_name)]
            id_kind = "int" if isinstance(id_type, pa.DataType) and pa.types.is_integer(id_type) else "string"
        ds = data.map_batches(
            _from_ray_dataset,
            batch_format="pyarrow",
            fn_kwargs={"columns": columns, "block_by": block_by, "id_kind": id_kind},
        )
        return ds, None, id_kind
    if isinstance(data, (str, Path)) or (
        isinstance(data, (list, tuple)) and data and all(isinstance(d, (str, Path)) for d in data)
    ):
        files = _list_files(data)
        n_rows, id_kind = _scan_files(ray, files, columns, block_by)
        listing = ray.data.from_items(
            [{"path": str(p), "kind": kind, "number": i} for i, (p, kind) in enumerate(files)],
            override_num_blocks=len(files),
        )
        ds = listing.map_batches(
            _read_file, batch_size=1, fn_kwargs={"columns": columns, "block_by": block_by, "id_kind": id_kind}
        )
        return ds, n_rows, id_kind
    # In memory (a DataFrame, records, tuples, {party: [texts]}): checked row by row right here.
    items = to_statements(data, columns=columns)
    frame = _object_frame([{**s.meta, **{f: getattr(s, f) for f in _STATEMENT_FIELDS if f != "meta"}} for s in items])
    _check_columns(list(frame.columns), {}, block_by, "statements")
    ids = [s.id for s in items if s.id is not None]
    kinds = {_json_kind(_clean(i)) for i in ids}
    if len(kinds) > 1:
        raise ValueError(
            f"statement ids expected one type, got {sorted(kinds)}: the input mixes schemas. Make every id a string."
        )
    id_kind = kinds.pop() if kinds else None
    table = _canonical(frame, block_by, id_kind, np.arange(len(frame), dtype=np.int64))
    return ray.data.from_arrow(table), len(items), id_kind


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

    group = _to_pandas(table)
    # Input order (as compare sees it); a Ray dataset has none, so its rows are ordered by content.
    keys = pd.DataFrame(
        {
            _ORDER: group[_ORDER].to_numpy(),
            "party": group["party"].astype(str).to_numpy(),
            "text": group["text"].astype(str).to_numpy(),
            "speaker": group["speaker"].fillna("").astype(str).to_numpy(),
            "id": group["id"].fillna("").astype(str).to_numpy(),
        }
    )
    order = keys.sort_values(list(keys.columns), kind="stable").index.to_numpy()
    rows = group.iloc[order][list(_KEEP)].reset_index(drop=True)
    rows = rows.astype(object).where(rows.notna(), None)  # None, not pd.NA, for missing speakers and ids
    try:
        items = to_statements(rows)
    except (TypeError, ValueError) as error:
        raise ValueError(f"block {group[_BLOCK].iloc[0]}: {error}") from None
    pairing = make_pairs(
        items, within_party=within_party, prefilter=prefilter, top_k=top_k, min_similarity=min_similarity
    )
    return pa.Table.from_pandas(pair_frame(pairing), schema=_schemas(_id_type(id_kind))[1], preserve_index=False)


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
        if scorer is None:
            import torch

            from .detector import load

            if threads:
                torch.set_num_threads(threads)
            scorer = load(model, batch_size=batch_size, precision=precision, device=device)
        self.scorer = scorer
        self.threshold = _resolve_threshold(threshold, scorer)
        self.schema = _schemas(_id_type(id_kind))[2]

    def __call__(self, batch: Any) -> Any:
        import pyarrow as pa

        pairs = _to_pandas(batch)
        scores = self.scorer.score_pairs(pairs["text_a"].tolist(), pairs["text_b"].tolist())
        frame = scored_frame(pairs, scores, self.threshold)
        return pa.Table.from_pandas(frame, schema=self.schema, preserve_index=False)


# ---- checks before any work ----


def _check_model_path(model: Any) -> str | None:
    """None when ``model`` is usable here (or is a hub id: not checkable), else why not."""
    from .checkpoints import check_local_folder, looks_local

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
    from .detector import default_model_path

    return default_model_path() if model is None else Path(model).expanduser()


def _calibration(model: Any) -> tuple[bool | None, float | None]:
    """(calibrated, calibrator threshold) from a local model folder's JSON; (None, None) for a hub id."""
    from .detector import CALIBRATOR_JSON

    folder = _model_folder(model)
    if not folder.is_dir():
        return None, None
    if not (folder / CALIBRATOR_JSON).is_file():
        return False, None
    from .calibration import ContradictionCalibrator

    return True, float(ContradictionCalibrator.load(folder / CALIBRATOR_JSON).threshold_)


def _summary_model(model: Any, scorer: Any, threshold: float | None) -> tuple[str, bool | None, float | None, Any]:
    """(model name, calibrated, threshold used, note) for the summary; the threshold is None (with
    a note) when the driver cannot know it: a hub id, whose calibrator only the workers read."""
    if scorer is not None:
        name = getattr(scorer, "name", None) or type(scorer).__name__
        return str(name), bool(getattr(scorer, "calibrated", False)), _resolve_threshold(threshold, scorer), None
    name, (calibrated, saved) = str(_model_folder(model)), _calibration(model)
    if threshold is not None:
        return name, calibrated, float(threshold), None
    if calibrated is None:
        note = (
            "threshold unknown on the driver: the model is a hub id, so each worker used its calibrator's "
            "threshold if it has one, else 0.5. Pass threshold= to fix and record it."
        )
        return name, None, None, note
    return name, calibrated, float(saved) if calibrated else 0.5, None


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


def _check_arguments(
    *, precision: Any, batch_size: Any, rows_per_batch: Any, cpus_per_worker: Any, min_similarity: Any
) -> None:
    from .inference import check_precision

    check_precision(precision)
    for name, value, example in (("batch_size", batch_size, 32), ("rows_per_batch", rows_per_batch, 1024)):
        if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < 1:
            raise ValueError(f"{name} expected a positive integer, got {value!r}. Use e.g. {name}={example}.")
    if isinstance(cpus_per_worker, bool) or not isinstance(cpus_per_worker, numbers.Real) or not cpus_per_worker > 0:
        raise ValueError(
            f"cpus_per_worker expected a positive number (fractions allowed), got {cpus_per_worker!r}. "
            "Use e.g. cpus_per_worker=1."
        )
    _check_min_similarity(min_similarity)


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
    min_similarity: float | None = DEFAULT_MIN_SIMILARITY,
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
        output: A folder for Parquet files (``pairs-*.parquet``, `framing.COLUMNS`) plus a
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
    from . import __version__

    ray = _ray()
    _check_threshold(threshold)
    if min_similarity is None:
        min_similarity = DEFAULT_MIN_SIMILARITY  # TF-IDF: this path has no sentence-embedding prefilter
    if model is None and scorer is None:
        from .detector import default_model_path

        # resolved once, on the driver: every worker then scores with the model the summary names
        model = str(default_model_path())
    _check_arguments(
        precision=precision,
        batch_size=batch_size,
        rows_per_batch=rows_per_batch,
        cpus_per_worker=cpus_per_worker,
        min_similarity=min_similarity,
    )
    if prefilter not in (True, False, "auto"):
        raise ValueError(f"prefilter expected True, False or 'auto', got {prefilter!r}. Use prefilter='auto'.")
    if isinstance(top_k, bool) or not isinstance(top_k, int) or top_k < 1:
        raise ValueError(f"top_k expected a positive integer, got {top_k!r}. Use e.g. top_k={DEFAULT_TOP_K}.")
    if num_workers is not None and (
        isinstance(num_workers, bool) or not isinstance(num_workers, int) or num_workers < 1
    ):
        raise ValueError(f"num_workers expected a positive integer or None, got {num_workers!r}.")
    columns = dict(columns or {})
    blocks = [block_by] if isinstance(block_by, str) else list(block_by or [])
    if scorer is not None:
        if model is not None:
            raise ValueError(
                f"compare expected either model or scorer, got both (model={model!r}). Pass only one of them."
            )
        if not callable(getattr(scorer, "score_pairs", None)):
            raise TypeError(
                f"scorer expected an object with score_pairs(texts_a, texts_b), got {type(scorer).__name__}."
            )
    elif model is not None and not isinstance(model, (str, Path)):
        raise TypeError(
            f"model expected a folder path, hub id or None (each worker loads it), got {type(model).__name__}. "
            "Save a Detector with det.save_pretrained(folder) and pass the folder."
        )
    if output is not None:
        _check_output_apart(output, data)
    out_path, stale = _check_output(output, overwrite) if output is not None else (None, [])
    if not ray.is_initialized():
        ray.init()
    if scorer is None:
        _check_model(ray, model)

    statements, n_statements, id_kind = _statements(ray, data, columns, blocks)
    grouped = statements.groupby(_BLOCK if blocks else None)
    pairs = grouped.map_groups(
        _pair_block,
        batch_format="pyarrow",
        fn_kwargs={
            "within_party": within_party,
            "prefilter": prefilter,
            "top_k": top_k,
            "min_similarity": min_similarity,
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
            "threshold": threshold,
            "batch_size": batch_size,
            "precision": precision,
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
        str(out_path), mode=SaveMode.ERROR, filename_provider=_file_names(), schema=_schemas(_id_type(id_kind))[2]
    )
    out_path.mkdir(parents=True, exist_ok=True)  # no rows: no part files, but the summary
    import pyarrow.parquet as pq

    files = sorted(p.name for p in out_path.glob("*.parquet"))
    name, calibrated, used, note = _summary_model(model, scorer, threshold)
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


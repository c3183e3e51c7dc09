"""The input of `framing.distributed.compare`: statements from a Ray dataset, files or memory.

Files are checked before anything runs (one Ray task per file: every JSONL line, the Parquet
schema and its text / party values), then read one task per file into canonical statement
tables: the kept fields, the block key and each row's input position.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..frames import COLUMNS, PAIR_COLUMNS
from ..statements import FIELDS as STATEMENT_FIELDS
from ..statements import check_party, check_text, iter_jsonl, mapping_hint, to_statements

__all__ = ["BLOCK", "KEEP", "ORDER", "id_type", "schemas", "statements_dataset", "to_pandas"]

# The statement fields the output needs; everything else in the input is dropped on reading.
KEEP = ("text", "party", "speaker", "id")
# Internal columns: the block key (JSON of its values) and the input position, which keeps
# compare's pair orientation and choice among duplicates (both follow input order).
BLOCK = "_block"
ORDER = "_order"
_FILE_SHIFT = 40  # _order = file number << 40 | row number in the file
_SUFFIXES = {".jsonl": "jsonl", ".json": "jsonl", ".parquet": "parquet"}
_ROWS_PER_READ = 50_000


def schemas(id_type: Any) -> tuple[Any, Any, Any]:
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
            (BLOCK, string),
            (ORDER, pa.int64()),
        ]
    )
    return statements, pa.schema([(n, types[n]) for n in PAIR_COLUMNS]), pa.schema([(n, types[n]) for n in COLUMNS])


def id_type(kind: str | None) -> Any:
    """The Arrow type of statement ids: int64 when every id is an integer, else string."""
    import pyarrow as pa

    return pa.int64() if kind == "int" else pa.string()


def _clean(value: Any) -> Any:
    """Missing (None, NaN, pd.NA, NaT) -> None; numpy scalars -> Python ones."""
    if value is None or (pd.api.types.is_scalar(value) and pd.isna(value)):
        return None
    return value.item() if isinstance(value, np.generic) else value


def to_pandas(table: Any) -> pd.DataFrame:
    """Arrow -> pandas with integers kept exact: a column with nulls stays Python ints + None (object),
    never float64 (which would turn a key 3 into 3.0 and corrupt ids above 2**53)."""
    return table.to_pandas(integer_object_nulls=True)


def _object_frame(records: list[dict]) -> pd.DataFrame:
    """Records -> a frame of object columns (ints next to nulls are not made floats)."""
    return pd.DataFrame(records, dtype=object)


def _canonical(frame: pd.DataFrame, block_by: Sequence[str], id_kind: str | None, order: np.ndarray | None) -> Any:
    """Statements in, as an Arrow table of `KEEP` + block key + input position (names already renamed).

    ``frame`` must keep integer values exact (object columns, see `to_pandas` / `_object_frame`):
    the block key is the JSON of the values, so 3 and 3.0 would be two blocks."""
    import pyarrow as pa

    n = len(frame)
    data: dict[str, Any] = {}
    for name in KEEP:
        values = [_clean(v) for v in frame[name].tolist()] if name in frame else [None] * n
        if name == "speaker" or (name == "id" and id_kind != "int"):
            values = [None if v is None else str(v) for v in values]
        data[name] = values
    keys = zip(*([_clean(v) for v in frame[c].tolist()] for c in block_by)) if block_by else ([] for _ in range(n))
    data[BLOCK] = [json.dumps(list(k), default=str) for k in keys]
    data[ORDER] = order if order is not None else np.full(n, -1, dtype=np.int64)
    return pa.table(data, schema=schemas(id_type(id_kind))[0])


def _renamed(names: Sequence[str], columns: Mapping[str, str]) -> list[str]:
    inverse = {user: field for field, user in columns.items()}
    return [inverse.get(name, name) for name in names]


def _check_columns(names: Sequence[str], columns: Mapping[str, str], block_by: Sequence[str], where: str) -> None:
    found = _renamed(names, columns)
    missing = [c for c in ("text", "party") if c not in found]
    if missing:
        raise ValueError(
            f"{where}: columns expected ['text', 'party'], got {sorted(map(str, names))}. "
            f"Rename them or pass columns={mapping_hint(('text', 'party'), list(map(str, names)))}."
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
                hint = f". Rename the keys or pass columns={mapping_hint(('text', 'party'), original)}."
            raise ValueError(f"{where}: keys expected ['text', 'party'], got {original}{hint}")
        absent = [c for c in block_by if c not in record]
        if absent:
            raise ValueError(
                f"{where}: block_by expected columns {absent} on every line, got keys {sorted(record)}. "
                "Add the key (null is allowed), or pass block_by=None."
            )
        first_keys = first_keys or (sorted(record), number)
        check_text(record["text"], where)
        check_party(record["party"], where)
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

    checks = {"text": check_text, "party": check_party}
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
            frame = to_pandas(chunk).rename(columns=inverse)
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
    return _canonical(to_pandas(batch).rename(columns={u: f for f, u in columns.items()}), block_by, id_kind, None)


def statements_dataset(
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
    frame = _object_frame([{**s.meta, **{f: getattr(s, f) for f in STATEMENT_FIELDS if f != "meta"}} for s in items])
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

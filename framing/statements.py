"""Statements by parties: the `Statement` record and readers for every input shape.

`to_statements` turns a list of dicts, a list of ``(party, text)`` tuples, a list of
`Statement`, a pandas DataFrame or a ``{party: [texts]}`` dict into a list of
`Statement`, and rejects bad rows with an error that names the row.
"""

from __future__ import annotations

import difflib
import json
import logging
import math
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from .checks import normalise_party, text_problem
from .files import text_lines

logger = logging.getLogger(__name__)

__all__ = [
    "FIELDS", "Statement", "check_party", "check_text", "mapping_hint", "read_jsonl", "to_statements", "write_jsonl",
]


@dataclass
class Statement:
    """One statement attributed to a party.

    Attributes:
        text: What was said (a quote or an attributed claim).
        party: Who it is attributed to, e.g. ``"United States"``.
        id: Optional stable identifier.
        source: Optional document the statement comes from.
        speaker: Optional person or office who said it.
        start: Optional character offset of ``text`` in ``source``.
        end: Optional end offset of ``text`` in ``source``.
        sentence: Optional full sentence the statement was taken from.
        direct: ``True`` for a direct quote, ``False`` for a reported claim.
        meta: Anything else (extra input keys or columns land here).

    Example:
        >>> Statement("The talks were productive.", "United States").party
        'United States'
    """

    text: str
    party: str | None
    id: str | None = None
    source: str | None = None
    speaker: str | None = None
    start: int | None = None
    end: int | None = None
    sentence: str | None = None
    direct: bool | None = None
    meta: dict = field(default_factory=dict)


#: The field names of `Statement`, in order.
FIELDS = tuple(f.name for f in fields(Statement))
_REQUIRED = ("text", "party")


def _is_missing(value: Any) -> bool:
    """True for None and float NaN (pandas' missing value)."""
    if value is None:
        return True
    try:
        return isinstance(value, float) and math.isnan(value)
    except TypeError:  # pragma: no cover - exotic types
        return False


def _short(value: Any, limit: int = 60) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def check_text(value: Any, where: str) -> str:
    """A statement's text as given, or an error naming ``where`` (the row) and what is wrong."""
    if _is_missing(value):
        raise ValueError(
            f"{where}: `text` expected a non-empty string, got {_short(value)}. "
            "Drop this row or fill in its text."
        )
    if not isinstance(value, str):
        raise TypeError(
            f"{where}: `text` expected a string, got {type(value).__name__} {_short(value)}. "
            "Convert it with str() if it really is text, or drop the row."
        )
    problem = text_problem(value)
    if problem:
        raise ValueError(
            f"{where}: `text` expected a non-empty string, got {_short(value)} ({problem}). "
            "Drop this row or fill in its text."
        )
    return value


def check_party(value: Any, where: str) -> str:
    """A statement's party, normalised (`framing.checks.normalise_party`), or an error naming ``where``."""
    if _is_missing(value) or (isinstance(value, str) and not value.strip()):
        raise ValueError(
            f"{where}: `party` expected a non-empty string, got {_short(value)}. "
            "Every statement needs the party it is attributed to, e.g. "
            "{'party': 'United States', 'text': ...}."
        )
    if not isinstance(value, str):
        raise TypeError(
            f"{where}: `party` expected a string, got {type(value).__name__} {_short(value)}. "
            "Name the party as a string, e.g. 'North Korea'."
        )
    party = normalise_party(value)
    if not party:
        raise ValueError(
            f"{where}: `party` expected a name, got only whitespace, control or zero-width characters: "
            f"{_short(value)}. Name the party, e.g. 'North Korea'."
        )
    return party


def _statement(values: dict[str, Any], meta: dict[str, Any], where: str) -> Statement:
    """A Statement with checked text, a normalised party and speaker (`framing.checks.normalise_party`:
    ``"Pompeo\u200b"`` is ``"Pompeo"``), each as given kept in ``meta["party_given"]`` /
    ``meta["speaker_given"]`` when normalising changed it."""
    values["text"] = check_text(values["text"], where)
    given = values["party"]
    values["party"] = check_party(given, where)
    if values["party"] != given:
        meta = {**meta, "party_given": given}
    speaker = values.get("speaker")
    if isinstance(speaker, str) and normalise_party(speaker) != speaker:
        values["speaker"] = normalise_party(speaker) or None
        meta = {**meta, "speaker_given": speaker}
    return Statement(**values, meta=meta)


# A (party, text) tuple whose "party" reads as a sentence and whose "text" as a name was written
# the wrong way round: a sentence has 3+ words and ends in . ! ? (or a closing quote) or has 12+
# words; a name has at most 4 words and no sentence end.
_SENTENCE_END = ('.', '!', '?', '."', '!"', '?"', ".\u201d", "!\u201d", "?\u201d", ".'")


def _looks_swapped(party: Any, text: Any) -> bool:
    if not isinstance(party, str) or not isinstance(text, str):
        return False
    party_words, text_words = party.split(), text.split()
    sentence = (len(party_words) >= 3 and party.rstrip().endswith(_SENTENCE_END)) or len(party_words) >= 12
    name = 1 <= len(text_words) <= 4 and not text.rstrip().endswith(("!", "?", ".", '"', "\u201d"))
    return sentence and name and len(text) * 2 <= len(party)


def _clean_optional(value: Any) -> Any:
    # DataFrames carry NaN for missing optional cells; keep None inside Statement.
    return None if _is_missing(value) else value


def _from_record(record: Mapping[str, Any], where: str, columns: Mapping[str, str]) -> Statement:
    """Build a Statement from a mapping, using ``columns`` (field -> key) for renamed keys.

    A renamed key wins over a key of the field's own name (which then goes to ``meta``), and a
    renamed key that is missing while the field's own name is there is refused: the mapping
    would otherwise be ignored without a word.
    """
    inverse = {source: target for target, source in columns.items() if source != target}
    for target, source in columns.items():
        if source not in record and source != target and target in record:
            raise ValueError(
                f"{where}: columns={{{target!r}: {source!r}}} expected a key {source!r}, got keys "
                f"{sorted(map(str, record))}: its {target!r} would be read from the key {target!r} instead. Fix "
                f"the name in columns, or leave {target!r} out of columns to read the key {target!r}."
            )
    renamed = {inverse[key]: value for key, value in record.items() if key in inverse}
    for key, value in record.items():
        if key in inverse:
            continue
        if key in renamed:  # shadowed by a renamed key: kept in meta, out of the way
            renamed[f"{key}_unmapped"] = value
        else:
            renamed[key] = value
    for name in _REQUIRED:
        if name not in renamed:
            found = sorted(map(str, record))
            hint = mapping_hint(_REQUIRED, found)
            raise ValueError(
                f"{where}: keys expected {list(_REQUIRED)}, got {found}. "
                f"Rename the keys or pass columns={hint}."
            )
    values: dict[str, Any] = {}
    meta = dict(renamed.pop("meta", None) or {})
    for key, value in renamed.items():
        if key in FIELDS:
            values[key] = value
        else:
            meta[key] = _clean_optional(value)
    for key in FIELDS:
        if key in values and key not in _REQUIRED:
            values[key] = _clean_optional(values[key])
    return _statement(values, meta, where)


def mapping_hint(expected: Iterable[str], found: list[str]) -> dict[str, str]:
    """Suggest ``columns=`` entries from the closest found names (e.g. 'quote' for 'text')."""
    synonyms = {
        "text": ["quote", "statement", "sentence", "claim", "content", "body", "utterance"],
        "party": ["side", "country", "actor", "source", "group", "speaker", "org"],
    }
    hint: dict[str, str] = {}
    lowered = {name.lower(): name for name in found}
    for name in expected:
        if name in found:
            continue
        match = difflib.get_close_matches(name, list(lowered), n=1, cutoff=0.6)
        if not match:
            match = [s for s in synonyms.get(name, []) if s in lowered][:1]
        if not match:
            match = [
                low for low in lowered if any(s in low for s in synonyms.get(name, []) + [name])
            ][:1]
        hint[name] = lowered[match[0]] if match else "<your column>"
    return hint


def _from_dataframe(frame: Any, columns: Mapping[str, str]) -> list[Statement]:
    found = [str(c) for c in frame.columns]
    absent = {target: source for target, source in columns.items() if source not in found}
    if absent:
        raise ValueError(
            f"columns expected names of the DataFrame's columns, got {absent}, not among {found}. Fix the "
            f"name(s), or leave {sorted(absent)} out of columns to read the columns of those names."
        )
    inverse = {source: target for target, source in columns.items()}
    available = {inverse.get(c, c) for c in found}
    missing = [name for name in _REQUIRED if name not in available]
    if missing:
        hint = mapping_hint(_REQUIRED, found)
        raise ValueError(
            f"DataFrame columns expected {list(_REQUIRED)}, got {found}. "
            f"Rename the columns or pass columns={hint} (needed field -> your column)."
        )
    records = frame.to_dict(orient="records")
    index = list(frame.index)
    return [
        _from_record(record, f"row {index[i]!r}", columns) for i, record in enumerate(records)
    ]


def _from_party_dict(data: Mapping[Any, Any]) -> list[Statement]:
    statements: list[Statement] = []
    for party, texts in data.items():
        if isinstance(texts, str) or not isinstance(texts, (list, tuple)):
            raise TypeError(
                f"{{party: [texts]}} expected a list of texts for party {party!r}, got "
                f"{type(texts).__name__} {_short(texts)}. Wrap single texts in a list; for one "
                "statement as a dict, pass a list: [{'party': ..., 'text': ...}]."
            )
        for j, text in enumerate(texts):
            where = f"party {party!r} item {j}"
            statements.append(_statement({"text": text, "party": party}, {}, where))
    return statements


def to_statements(data: Any, *, columns: Mapping[str, str] | None = None) -> list[Statement]:
    """Read statements from any supported shape.

    Party and speaker names are normalised (`framing.checks.normalise_party`: NFKC, zero-width
    and control characters removed, spaces collapsed), the names as given kept in ``meta``.

    Accepted shapes:

    * a list of dicts with ``text`` and ``party`` keys (optional ``id``, ``source``,
      ``speaker``, ``start``, ``end``, ``sentence``, ``direct``; other keys go to ``meta``);
    * a list of ``(party, text)`` tuples (a tuple that reads the other way round, a sentence
      as the party and a short name as the text, is refused; dicts are never second-guessed);
    * a list of `Statement`;
    * a pandas DataFrame with ``text`` and ``party`` columns;
    * a dict ``{party: [texts]}``.

    Args:
        data: The statements in one of the shapes above.
        columns: Renames for dicts and DataFrames, as ``{field: your_name}``, e.g.
            ``{"text": "quote", "party": "side"}``. A name the DataFrame lacks is refused (so is a
            record that lacks it but has the field's own name); a record holding both keeps the
            renamed one and moves the other to ``meta`` (``"party_unmapped"``).

    Returns:
        The statements, in input order, as new `Statement` objects.

    Raises:
        ValueError: Empty input, a missing/NaN/empty text or party, or missing columns;
            the message names the row.
        TypeError: An unsupported shape or a non-string text or party.

    Example:
        >>> to_statements([("United States", "The talks were productive.")])[0].text
        'The talks were productive.'
        >>> len(to_statements({"North Korea": ["Regrettable talks.", "Gangster-like demands."]}))
        2
    """
    columns = dict(columns or {})
    unknown = sorted(set(columns) - set(FIELDS))
    if unknown:
        raise ValueError(
            f"`columns` keys expected Statement fields {list(FIELDS)}, got {unknown}. "
            "Map field -> your column name, e.g. columns={'text': 'quote', 'party': 'side'}."
        )
    if hasattr(data, "columns") and hasattr(data, "to_dict"):  # a pandas DataFrame
        statements = _from_dataframe(data, columns)
    elif isinstance(data, Mapping):
        statements = _from_party_dict(data)
    elif isinstance(data, (str, bytes)) or not isinstance(data, Iterable):
        raise TypeError(
            "statements expected a list of dicts, (party, text) tuples or Statements, a "
            f"DataFrame or {{party: [texts]}}, got {type(data).__name__} {_short(data)}. "
            "Wrap your statements in one of these shapes."
        )
    else:
        statements = []
        for i, item in enumerate(data):
            where = f"row {i}"
            if isinstance(item, Statement):
                values = asdict(item)  # copies meta too
                statements.append(_statement(values, values.pop("meta"), where))
            elif isinstance(item, Mapping):
                statements.append(_from_record(item, where, columns))
            elif isinstance(item, (tuple, list)) and len(item) == 2:  # lists: JSON round-trips
                party, text = item
                if _looks_swapped(party, text):
                    raise ValueError(
                        f"{where}: a (party, text) tuple expected the party first, got party {_short(party)} and "
                        f"text {_short(text)}: they look swapped (a sentence as the party, a name as the text). "
                        f"Write ({text!r}, {_short(party)}), or pass {{'party': ..., 'text': ...}} dicts, which "
                        "are never second-guessed."
                    )
                statements.append(_statement({"text": text, "party": party}, {}, where))
            else:
                raise TypeError(
                    f"{where}: expected a dict, a (party, text) tuple or a Statement, got "
                    f"{type(item).__name__} {_short(item)}. Give each text its party, e.g. "
                    "('North Korea', 'The talks were regrettable.')."
                )
    if not statements:
        raise ValueError(
            "statements expected at least one statement, got none. Pass e.g. "
            "[{'party': 'United States', 'text': 'The talks were productive.'}, ...]."
        )
    _check_unique_ids(statements)
    return statements


def _check_unique_ids(statements: list[Statement]) -> None:
    """Ids name statements in the output (``id_a`` / ``id_b``): two statements may not share one."""
    first: dict[Any, int] = {}
    for i, statement in enumerate(statements):
        if statement.id is None:
            continue
        if statement.id in first:
            raise ValueError(
                f"row {i}: `id` expected to be unique, got {_short(statement.id)} again (first at row "
                f"{first[statement.id]}). Give each statement its own id, or leave ids out."
            )
        first[statement.id] = i


def read_jsonl(path: str | Path) -> list[dict[str, Any]]:
    """Read a JSON Lines file into a list of dicts (blank lines are skipped).

    Args:
        path: The ``.jsonl`` file.

    Returns:
        One dict per non-blank line.

    Raises:
        ValueError: A line is not valid JSON or not an object; the message gives file and line.

    Example:
        >>> rows = read_jsonl("seeds/seed_statements.jsonl")  # doctest: +SKIP
        >>> framing.compare(rows)  # doctest: +SKIP
    """
    return [record for _, record in iter_jsonl(path)]


def iter_jsonl(path: str | Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """``(line number, object)`` for each non-blank line of a JSON Lines file, streamed.

    Raises:
        ValueError: A line is not valid JSON or not an object, or the file is not UTF-8 (a byte-order
            mark is honoured); the message gives file and line.
    """
    path = Path(path)
    for number, line in text_lines(path):  # UTF-8 (a byte-order mark honoured), else named by line
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as error:
            raise ValueError(
                f"{path}:{number}: expected one JSON object per line, got invalid JSON "
                f"({error.msg} at column {error.colno}). Fix or remove this line."
            ) from None
        if not isinstance(value, dict):
            raise ValueError(
                f"{path}:{number}: expected a JSON object, got {type(value).__name__} "
                f"{_short(value)}. Write one {{...}} object per line."
            )
        yield number, value


def write_jsonl(path: str | Path, records: Iterable[Mapping[str, Any] | Statement]) -> None:
    """Write dicts or `Statement` objects as JSON Lines (UTF-8, one object per line).

    Statements are written with their ``None`` fields and empty ``meta`` left out.

    Args:
        path: The ``.jsonl`` file to write (parent folders are created).
        records: Dicts or Statements.

    Raises:
        TypeError: A record is neither a mapping nor a Statement, or is not JSON-serialisable.

    Example:
        >>> write_jsonl("/tmp/s.jsonl", [Statement("Productive talks.", "United States")])
        >>> read_jsonl("/tmp/s.jsonl")
        [{'text': 'Productive talks.', 'party': 'United States'}]
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as handle:
        for i, record in enumerate(records):
            if isinstance(record, Statement):
                record = {k: v for k, v in asdict(record).items() if v is not None and v != {}}
            elif not isinstance(record, Mapping):
                raise TypeError(
                    f"{path} record {i}: expected a dict or Statement, got "
                    f"{type(record).__name__} {_short(record)}. Convert it to a dict first."
                )
            try:
                handle.write(json.dumps(dict(record), ensure_ascii=False) + "\n")
            except TypeError as error:
                raise TypeError(
                    f"{path} record {i}: expected JSON-serialisable values, got {error}. "
                    "Convert the value to str, int, float, bool, list or dict."
                ) from None

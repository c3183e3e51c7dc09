"""Users' files: text read with its encoding checked, CSV tables with their separator found, and
outputs written through a temporary file renamed into place.

Every reader names the file, the line and the fix: UTF-8 is expected, a byte-order mark (UTF-8,
UTF-16, UTF-32) is honoured, anything else is refused with "save it as UTF-8". Writers never
leave a half-written file under the user's name, and never write over a file they read.
"""

from __future__ import annotations

import codecs
import contextlib
import io
import logging
import os
import stat
import uuid
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

logger = logging.getLogger(__name__)

__all__ = [
    "CSV_SEPARATORS", "atomic_path", "check_not_input", "decode_text", "read_csv", "read_text", "same_file",
    "text_lines",
]

# Byte-order marks, longest first (UTF-32 LE starts with UTF-16 LE's mark).
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)


def _fix(path: Path) -> str:
    return (f"Save it as UTF-8 (in most editors: Save As > Encoding > UTF-8), or convert it, e.g. "
            f"iconv -f latin1 -t utf-8 {path.name} > utf8-{path.name}")


#: Column separators a CSV may use; the one found most often in its header line is taken.
CSV_SEPARATORS = (",", ";", "\t", "|")


def _bom(data: bytes) -> str | None:
    return next((name for mark, name in _BOMS if data.startswith(mark)), None)


def _undecodable(path: Path, data: bytes, error: UnicodeDecodeError, first_line: int = 1) -> ValueError:
    """The error for bytes that are not UTF-8: where (line, column), what they look like, the fix."""
    line = first_line + data.count(b"\n", 0, error.start)
    column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
    latin = data[error.start:error.start + 1].decode("cp1252", errors="replace")
    return ValueError(
        f"{path}:{line}: expected UTF-8 text, got byte 0x{data[error.start]:02x}, which reads as {latin!r} in "
        f"Latin-1 / Windows-1252 (column {column}). {_fix(path)}."
    )


def _check_no_nul(path: Path, data: bytes, first_line: int = 1) -> None:
    """Text holds no NUL byte: one means binary data, or UTF-16 without its byte-order mark."""
    at = data.find(b"\x00")
    if at >= 0:
        line = first_line + data.count(b"\n", 0, at)
        raise ValueError(
            f"{path}:{line}: expected UTF-8 text, got NUL bytes: a binary file, or text in UTF-16 without a "
            "byte-order mark. Check that this is the file you meant; if it is text, save it as UTF-8 (in most "
            "editors: Save As > Encoding > UTF-8)."
        )


def decode_text(data: bytes, path: str | Path) -> str:
    """``data`` as text: by its byte-order mark when it has one, else as strict UTF-8.

    Raises:
        ValueError: Bytes that are not UTF-8, or NUL bytes (binary data, UTF-16 without a
            byte-order mark); the message gives the file, line and column.

    Example:
        >>> decode_text("caf\\u00e9".encode("utf-16"), "x.txt")
        'café'
    """
    path = Path(path)
    encoding = _bom(data)
    if encoding in (None, "utf-8-sig"):
        body = data[len(codecs.BOM_UTF8):] if encoding else data
        _check_no_nul(path, body)
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError as error:
            raise _undecodable(path, body, error) from None
    else:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as error:
            raise ValueError(
                f"{path}: expected {encoding.upper()} text after its byte-order mark, got undecodable bytes at "
                f"byte {error.start} ({error.reason}). {_fix(path)}."
            ) from None
    return text


def read_text(path: str | Path) -> str:
    """The text of a file, decoded by `decode_text` (a byte-order mark honoured, else UTF-8)."""
    path = Path(path)
    return decode_text(path.read_bytes(), path)


def text_lines(path: str | Path) -> Iterator[tuple[int, str]]:
    """``(line number, line)`` of a text file, streamed for UTF-8; a file with a UTF-16 or UTF-32
    byte-order mark is read whole. Lines keep no line ending.

    Raises:
        ValueError: A line that is not UTF-8, named by file and line.
    """
    path = Path(path)
    with path.open("rb") as handle:
        head = handle.read(8192)
        encoding = _bom(head)
        if encoding is not None and encoding != "utf-8-sig":
            lines = decode_text(head + handle.read(), path).split("\n")
            if lines and not lines[-1]:
                lines.pop()
            yield from ((number, line.rstrip("\r")) for number, line in enumerate(lines, start=1))
            return
        _check_no_nul(path, head)  # a binary file is named as one before its first line fails to decode
        handle.seek(len(codecs.BOM_UTF8) if encoding == "utf-8-sig" else 0)
        for number, raw in enumerate(handle, start=1):
            _check_no_nul(path, raw, number)
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as error:
                raise _undecodable(path, raw, error, first_line=number) from None
            yield number, line.rstrip("\r\n")


def _separator(header: str) -> str:
    """The separator found most often in a header line outside quotes (',' on a tie or none)."""
    counts = dict.fromkeys(CSV_SEPARATORS, 0)
    quoted = False
    for char in header:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in counts:
            counts[char] += 1
    best = max(CSV_SEPARATORS, key=lambda s: (counts[s], s == ","))
    return best if counts[best] else ","


def read_csv(path: str | Path, *, sep: str | None = None, **options: Any) -> Any:
    """A CSV (or TSV) file as a pandas DataFrame: encoding checked as in `read_text`, the separator
    (``,``, ``;``, tab or ``|``) taken from the header line unless ``sep`` is given.

    Raises:
        ValueError: Not UTF-8, or a row that does not parse; the message names the file and the line.

    Example:
        >>> import tempfile, pathlib
        >>> p = pathlib.Path(tempfile.mkdtemp()) / "t.csv"; _ = p.write_text("a;b\\n1;2\\n")
        >>> read_csv(p).columns.tolist()
        ['a', 'b']
    """
    import pandas as pd

    path = Path(path)
    text = read_text(path)
    if sep is None:
        header = next((line for line in text.splitlines() if line.strip()), "")
        sep = _separator(header)
        if sep != ",":
            logger.info("%s: columns separated by %r", path, sep)
    try:
        return pd.read_csv(io.StringIO(text), sep=sep, **options)
    except pd.errors.EmptyDataError:
        raise ValueError(f"{path}: expected a CSV table with a header line, got an empty file. "
                         "Write the column names on the first line.") from None
    except pd.errors.ParserError as error:
        raise ValueError(
            f"{path}: expected a table with the same number of {sep!r}-separated fields on every line, got "
            f"{' '.join(str(error).split())}. Quote fields that hold the separator, or fix that line."
        ) from None


def same_file(a: str | Path, b: str | Path) -> bool:
    """Whether two paths name one file: the same resolved path, or (both existing) the same inode,
    so a symlink or hard link to an input counts as the input."""
    first, second = Path(a).expanduser(), Path(b).expanduser()
    if first.resolve() == second.resolve():
        return True
    try:
        return os.path.samefile(first, second)
    except OSError:
        return False


def check_not_input(output: str | Path, inputs: Iterable[tuple[str, str | Path | None]], *, flag: str = "-o") -> None:
    """Refuse an output that is one of the inputs (``(what, path)`` pairs; None paths skipped)."""
    for what, path in inputs:
        if path is not None and same_file(output, path):
            raise ValueError(
                f"{flag} expected a file other than the {what}, got {str(output)!r}, which is the {what} "
                f"{str(path)!r} ({Path(path).expanduser().resolve()}). Writing there would destroy it: "
                "name another output file."
            )


@contextlib.contextmanager
def atomic_path(path: str | Path) -> Iterator[Path]:
    """A temporary path in ``path``'s folder to write to; renamed over ``path`` when the block ends
    without an error (removed otherwise), so ``path`` is always the old file or the whole new one.
    The new file gets the old one's permissions, or a new file's.

    Example:
        >>> import tempfile, pathlib
        >>> target = pathlib.Path(tempfile.mkdtemp()) / "out.txt"
        >>> with atomic_path(target) as tmp:
        ...     _ = tmp.write_text("done")
        >>> target.read_text()
        'done'
    """
    path = Path(path).expanduser()
    if path.is_dir():
        raise IsADirectoryError(f"output expected a file name, got the folder {str(path)!r}. Name a file in it.")
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.tmp")
    # Created here with 0666 less the umask, as a new file would be (writers keep the mode they find).
    os.close(os.open(temporary, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o666))
    try:
        yield temporary
        if path.exists():
            os.chmod(temporary, stat.S_IMODE(path.stat().st_mode))
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)

"""The ``framing`` command line: compare, extract, evaluate, calibrate.

    framing compare ARTICLE.txt|STATEMENTS.jsonl|.csv [--parties MAP.json] [--model PATH] -o OUT.csv|.jsonl|.html
    framing extract ARTICLE.txt [--parties MAP.json] -o statements.jsonl
    framing evaluate PAIRS.jsonl [MORE.jsonl ...] [--model PATH] [--json]
    framing calibrate PAIRS.jsonl [--model PATH] -o MODEL_DIR [--features auto] [--groups COLUMN]

Thin wrappers of `framing.compare`, `framing.report`, `framing.extract_statements`,
`framing.evaluate` and `Detector.calibrate` + `save_pretrained`. Notes go to stderr (none with
``--quiet``); bad input exits with status 1 and a one-line error. Input files are read as UTF-8
(a byte-order mark honoured; a CSV may be ',' or ';' separated). An output is written as its suffix
says, through a temporary file renamed into place, and never over one of the command's inputs.
"""

from __future__ import annotations

import argparse
import json
import sys
import warnings
from pathlib import Path
from typing import Any

__all__ = ["main"]

STATEMENT_SUFFIXES = (".jsonl", ".csv", ".json")
OUTPUT_SUFFIXES = (".csv", ".jsonl", ".html", ".htm")


class CliError(Exception):
    """Bad input or arguments: printed as one line, exit status 1."""


def _note(args: argparse.Namespace, message: str) -> None:
    if not args.quiet:
        print(f"framing: {message}", file=sys.stderr, flush=True)


def _parties(path: str | None) -> dict[str, str] | None:
    if path is None:
        return None
    text = _read_article(path, what="--parties")
    try:
        mapping = json.loads(text)
    except ValueError as err:
        raise CliError(f"--parties expected a readable JSON file, got invalid JSON in {path!r}: {err}. "
                       'Write e.g. {"Pompeo": "United States"}.') from err
    if not isinstance(mapping, dict):
        raise CliError(f'--parties expected a JSON object of speaker -> party, e.g. {{"Pompeo": "United States"}}, '
                       f"got a JSON {type(mapping).__name__} in {path!r}.")
    for speaker, party in mapping.items():
        if party is not None and not isinstance(party, str):
            raise CliError(f"--parties expected a party name (a string, or null: no side) for each speaker, got "
                           f"{speaker!r}: {type(party).__name__} {party!r:.60} in {path!r}. Write the party as a "
                           f'string, e.g. {{"{speaker}": "United States"}}.')
    return mapping


def _read_article(path: str, *, what: str = "input") -> str:
    from .files import read_text

    file = Path(path)
    if not file.is_file():
        raise CliError(f"{what} expected an existing file, got {path!r}. Check the path.")
    return read_text(file)  # UTF-8, a byte-order mark honoured; else the file, line and fix


def _read_input(path: str) -> Any:
    """Article text (.txt and anything else) or statements (.jsonl / .json / .csv)."""
    suffix = Path(path).suffix.lower()
    if suffix not in STATEMENT_SUFFIXES:
        return _read_article(path)
    if not Path(path).is_file():
        raise CliError(f"input expected an existing file, got {path!r}. Check the path.")
    if suffix == ".csv":
        from .files import read_csv
        from .statements import FIELDS

        # ',' or ';' (or tab) separated; only an empty cell is missing ("NA", "None" are names or
        # texts), and names stay strings ("1" is not the number 1)
        text_fields = {name: str for name in FIELDS if name not in ("start", "end", "direct", "meta")}
        return read_csv(path, keep_default_na=False, na_values=[""], dtype=text_fields)
    if suffix == ".json":
        text = _read_article(path)
        try:
            return json.loads(text)
        except json.JSONDecodeError as err:
            raise CliError(f"{path}:{err.lineno}: expected JSON (a list of statements), got invalid JSON "
                           f"({err.msg} at column {err.colno}). Fix that line.") from err
    from .statements import read_jsonl

    return read_jsonl(path)


def _check_output(args: argparse.Namespace, suffixes: tuple[str, ...], inputs: list[tuple[str, str | None]]) -> Path:
    """The output path: a suffix the command writes, and never one of its inputs."""
    from .files import check_not_input

    out = Path(args.output)
    if out.suffix.lower() not in suffixes:
        example = out.with_suffix(suffixes[0]).name
        raise CliError(f"-o expected a file ending in {', '.join(suffixes)}, got {args.output!r}: the suffix says "
                       f"what is written. Name it e.g. {example}.")
    check_not_input(out, inputs)
    return out


def _check_write_parties(args: argparse.Namespace, inputs: list[tuple[str, str | None]]) -> None:
    """``--write-parties FILE``: a .json file that is none of the command's inputs nor its output."""
    from .files import check_not_input

    target = getattr(args, "write_parties", None)
    if not target:
        return
    if Path(target).suffix.lower() != ".json":
        raise CliError(f"--write-parties expected a file ending in .json (a parties map), got {target!r}. "
                       f"Name it e.g. {Path(target).with_suffix('.json').name}.")
    check_not_input(target, [*inputs, ("-o output", args.output)], flag="--write-parties")


def _write_frame(df: Any, out: Path, args: argparse.Namespace) -> None:
    """The result as the suffix says, through a temporary file renamed into place."""
    from .files import atomic_path

    suffix = out.suffix.lower()
    if suffix in (".html", ".htm"):
        from .reporting import report

        if args.top and len(df) and not args.no_explain:
            _note(args, f"explaining the top {min(args.top, len(df))} pairs (occlusion)")
        report(df, out, top=args.top, explanations=not args.no_explain)  # writes through a temporary file too
        return
    with atomic_path(out) as temporary:
        if suffix == ".csv":
            df.to_csv(temporary, index=False)
        else:
            df.to_json(temporary, orient="records", lines=True, force_ascii=False)


def _load(args: argparse.Namespace) -> Any:
    from .resolve import resolve_scorer

    _note(args, f"loading {args.model or 'the default model'}")
    return resolve_scorer(args.model)


def _cmd_compare(args: argparse.Namespace) -> int:
    inputs = [("input", args.input), ("--parties file", args.parties)]
    out = _check_output(args, OUTPUT_SUFFIXES, inputs)
    _check_write_parties(args, inputs)
    data = _read_input(args.input)
    parties = _parties(args.parties)
    if parties is not None and not isinstance(data, str):
        raise CliError("--parties expected with an article (.txt), got a statements file: "
                       "put each statement's party in the file instead.")
    from .comparing import compare
    from .statements import to_statements

    if not isinstance(data, str):
        data = to_statements(data)  # bad rows are reported before the model loads
    detector = _load(args)
    source = Path(args.input).name if isinstance(data, str) else None
    df = compare(data, model=detector, parties=parties, threshold=args.threshold,
                 progress=False if args.quiet else None, source=source)
    threshold = df.attrs["threshold"]
    flagged = f", {int(df['is_contradiction'].sum())} flagged at p >= {threshold:.3f}" if threshold is not None else ""
    _note(args, f"{df.attrs['n_pairs']} pairs scored{flagged}")
    _write_frame(df, out, args)
    _note(args, f"wrote {out}")
    _write_sides(args, df.attrs.get("sides") or {})
    return 0


def _write_sides(args: argparse.Namespace, table: dict) -> None:
    """``--write-parties FILE``: the speaker -> side table used, as a parties map to edit and pass back."""
    if not getattr(args, "write_parties", None):
        return
    from .extract import write_parties

    path = write_parties(table, args.write_parties)
    n_none = sum(side is None for side in table.values())
    _note(args, f"wrote the speaker -> side table ({len(table)} speakers, {n_none} without a side) to {path}; "
                f"edit it and pass it back with --parties {path}")


def _cmd_extract(args: argparse.Namespace) -> int:
    from .extract import extract_statements
    from .files import atomic_path
    from .statements import write_jsonl

    inputs = [("input", args.input), ("--parties file", args.parties)]
    out = _check_output(args, (".jsonl",), inputs)
    _check_write_parties(args, inputs)
    text = _read_article(args.input)
    statements = extract_statements(text, parties=_parties(args.parties), source=args.source,
                                    method=args.extractor)
    with atomic_path(out) as temporary:
        write_jsonl(temporary, statements)
    from .extract import sides

    _write_sides(args, sides(statements))
    _note(args, f"{len(statements)} statements, {sum(s.party is None for s in statements)} without a party, "
                f"written to {args.output}")
    return 0


def _cmd_evaluate(args: argparse.Namespace) -> int:
    from .evaluation import evaluate, format_report

    for path in args.pairs:
        if not Path(path).is_file():
            raise CliError(f"pairs expected an existing file, got {path!r}.")
    detector = _load(args)
    reports = {}
    for path in args.pairs:
        report = evaluate(path, model=detector)
        report.pop("scores", None)
        reports[path] = report
    if args.json:
        print(json.dumps(reports if len(reports) > 1 else reports[args.pairs[0]], indent=1))
    else:
        blocks = [format_report(r) if len(reports) == 1 else f"== {path}\n{format_report(r)}"
                  for path, r in reports.items()]
        print("\n\n".join(blocks))
    return 0


def _cmd_calibrate(args: argparse.Namespace) -> int:
    from .pair_tables import read_table
    from .resolve import load

    if not Path(args.pairs).is_file():
        raise CliError(f"pairs expected an existing file, got {args.pairs!r}.")
    pairs = read_table(args.pairs)
    needed = ["text_a", "text_b", "label"] + ([args.groups] if args.groups else [])
    missing = [c for c in needed if c not in pairs.columns]
    if missing:
        raise CliError(f"pairs expected columns {needed}, got {list(pairs.columns)}. Rename your columns.")
    _note(args, f"loading {args.model or 'the default model'}")
    detector = load(args.model)
    _note(args, f"fitting on {len(pairs)} pairs")
    fit = detector.calibrate(list(pairs["text_a"]), list(pairs["text_b"]), pairs["label"].to_numpy(),
                             features=args.features, method=args.method, cv=args.cv,
                             groups=None if not args.groups else list(pairs[args.groups]))
    folder = detector.save_pretrained(args.output)
    summary = {k: fit[k] for k in ("features", "method", "threshold")}
    summary["in_sample_before"], summary["in_sample_after"] = fit["before"], fit["after"]
    print(json.dumps(summary, indent=1))
    _note(args, f"calibrated detector written to {folder} (judge it on held-out pairs: framing evaluate)")
    return 0


def build_parser(prog: str = "framing") -> argparse.ArgumentParser:
    """The argument parser of every subcommand."""
    parser = argparse.ArgumentParser(prog=prog, description="Find contradictory framing between parties' statements.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("-q", "--quiet", action="store_true", help="no notes or progress on stderr")

    p = sub.add_parser("compare", parents=[common], help="score cross-party pairs of an article or statements file")
    p.add_argument("input", help="article (.txt) or statements (.jsonl, .json, .csv with party and text)")
    p.add_argument("-o", "--output", required=True, help="result: .csv, .jsonl, or .html / .htm (a report)")
    p.add_argument("--parties", help="JSON object speaker/organisation -> party, for an article")
    p.add_argument("--model", help="detector folder or hub id (default: the embedded model)")
    p.add_argument("--threshold", type=float, help="is_contradiction cut-off (default: the calibrator's)")
    p.add_argument("--top", type=int, default=10, help="quote cards in an .html report (default 10)")
    p.add_argument("--no-explain", action="store_true", help="report without occlusion highlights (faster)")
    p.add_argument("--write-parties", metavar="FILE",
                   help="write the speaker -> side table used as a parties map (JSON) to edit and pass back")
    p.set_defaults(run=_cmd_compare)

    p = sub.add_parser("extract", parents=[common], help="statements with speaker, party and offsets from an article")
    p.add_argument("input", help="article (.txt)")
    p.add_argument("-o", "--output", required=True, help="statements (.jsonl)")
    p.add_argument("--parties", help="JSON object speaker/organisation -> party")
    p.add_argument("--source", help="document name stored on each statement")
    p.add_argument("--extractor", choices=["rules", "parser", "hybrid"], default=None,
                   help="extract_statements(method=...): rules, the spaCy parser or both combined (default: the "
                        "library's)")
    p.add_argument("--write-parties", metavar="FILE",
                   help="write the speaker -> side table as a parties map (JSON) to edit and pass back")
    p.set_defaults(run=_cmd_extract)

    p = sub.add_parser("evaluate", parents=[common], help="metrics on labeled NLI or framing pairs")
    p.add_argument("pairs", nargs="+", help="labeled pairs: .jsonl, .csv or .tsv (several: one report each)")
    p.add_argument("--model", help="detector folder or NLI checkpoint (default: the embedded model)")
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")
    p.set_defaults(run=_cmd_evaluate)

    p = sub.add_parser("calibrate", parents=[common],
                       help="fit a calibrator on labeled framing pairs and save the detector")
    p.add_argument("pairs", help="labeled pairs with text_a, text_b, label (0/1)")
    p.add_argument("-o", "--output", required=True, help="folder for the calibrated detector")
    p.add_argument("--model", help="detector or NLI checkpoint to calibrate (default: the embedded model)")
    p.add_argument("--features", default="auto", help="feature set (default auto; see Detector.calibrate)")
    p.add_argument("--method", default="auto", help="auto, sigmoid, isotonic or temperature")
    p.add_argument("--groups", help="column naming each pair's story: folds keep stories whole")
    p.add_argument("--cv", type=int, default=5, help="cross-validation folds (default 5)")
    p.set_defaults(run=_cmd_calibrate)
    return parser


def _version() -> str:
    from .version import __version__

    return __version__


def _one_line(err: BaseException) -> str:
    return " ".join(str(err).split()) or type(err).__name__


def main(argv: list[str] | None = None, prog: str = "framing") -> int:
    """Run the command line; returns the exit status."""
    args = build_parser(prog).parse_args(argv)
    name = f"{prog} {args.command}"

    def show(message: Any, category: type, *_: Any, **__: Any) -> None:
        if not args.quiet:
            print(f"{name}: warning: {_one_line(message) if isinstance(message, BaseException) else message}",
                  file=sys.stderr)

    with warnings.catch_warnings():
        warnings.showwarning = show  # one line per warning, no source lines
        try:
            return args.run(args)
        except (CliError, ValueError, TypeError, OSError, KeyError, ImportError) as err:
            print(f"{name}: error: {_one_line(err)}", file=sys.stderr)
            return 1


if __name__ == "__main__":
    sys.exit(main())

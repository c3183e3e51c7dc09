"""Helpers shared by the tests of framing.extract (tests/test_extract_*.py)."""

from __future__ import annotations

import warnings
from pathlib import Path

from framing.extract import extract_statements
from framing.statements import Statement

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_bce12cd754ad89bf.txt"
GOLD = ROOT / "tests" / "data" / "extract_gold" / "gold.jsonl"
SHARED = ROOT.parent / "shared"


def quiet(text: str, method: str = "rules", **kwargs) -> list[Statement]:
    """`extract_statements` without its no-party warning; by the rules unless ``method`` says otherwise
    (the tests that call it were written for the rules; the hybrid's and the parser's pass their method)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return extract_statements(text, method=method, **kwargs)


def by_text(statements: list[Statement], needle: str) -> Statement:
    """The first statement whose text contains ``needle``."""
    hits = [s for s in statements if needle in s.text]
    assert hits, f"no statement contains {needle!r}: {[s.text for s in statements]}"
    return hits[0]


def check_offsets(text: str, statements: list[Statement]) -> None:
    """Every statement is ``text[start:end]`` and sits in its sentence."""
    for s in statements:
        assert text[s.start : s.end] == s.text
        assert s.start < s.end
        assert s.text in s.sentence or s.sentence in text

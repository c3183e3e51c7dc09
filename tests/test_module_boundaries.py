"""No module of framing (or recipes) imports a private name of another module.

A private name is one with a leading underscore; it may change without notice, so code in one
module that needs something from another uses that module's public names. Tests may reach
private names; the package and its recipes may not.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("framing", "recipes", "benchmarks")
ALLOWED = {"__version__"}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _absolute(module: str | None, level: int, here: str, is_package: bool) -> str:
    if not level:
        return module or ""
    base = here.split(".") if is_package else here.split(".")[:-1]
    base = base[: len(base) - (level - 1)]
    return ".".join(base + ([module] if module else []))


def _is_private(name: str) -> bool:
    return name.startswith("_") and name not in ALLOWED


def private_imports(path: Path, here: str | None = None) -> list[str]:
    """Lines of `path` (module `here`) that import another module's private name or module."""
    here = here or _module_name(path)
    is_package = path.name == "__init__.py"
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    modules: dict[str, str] = {}  # local alias -> imported project module
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            source = _absolute(node.module, node.level, here, is_package)
            if source.split(".")[0] not in PACKAGES or source == here:
                continue
            if any(_is_private(part) for part in source.split(".")):
                found.append(f"{path.name}:{node.lineno} imports from private module {source}")
            for alias in node.names:
                if _is_private(alias.name):
                    found.append(f"{path.name}:{node.lineno} imports {source}.{alias.name}")
                else:
                    modules[alias.asname or alias.name] = f"{source}.{alias.name}"
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] in PACKAGES and alias.name != here:
                    modules[alias.asname or alias.name] = alias.name
    for node in ast.walk(tree):
        if (isinstance(node, ast.Attribute) and _is_private(node.attr) and not node.attr.startswith("__")
                and isinstance(node.value, ast.Name) and node.value.id in modules
                and modules[node.value.id] != here):
            found.append(f"{path.name}:{node.lineno} uses {modules[node.value.id]}.{node.attr}")
    return found


SOURCES = sorted(p for package in PACKAGES for p in (ROOT / package).rglob("*.py"))


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_module_imports_another_modules_private_names(path):
    assert private_imports(path) == []


def test_the_check_finds_a_private_import(tmp_path):
    # The check must be able to fail: each way of reaching a private name is reported.
    probe = tmp_path / "probe.py"
    probe.write_text(
        "from .nli import _private_thing\n"
        "from . import nli\n"
        "nli._other\n"
        "from framing._hidden import public\n"
        "import framing.cache\n"
        "framing.cache.public\n",
        encoding="utf-8",
    )
    found = private_imports(probe, here="framing.probe")
    assert len(found) == 3, found

"""framing's imports run one way: no cycle among its modules, counting the imports inside
functions as well as those at the top; and no module is longer than one sitting's reading."""

from __future__ import annotations

import ast
from pathlib import Path

from test_module_boundaries import ROOT, _absolute, _module_name

PACKAGE = ROOT / "framing"
MODULES = {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}
MAX_LINES = 600


def imports(path: Path, here: str) -> set[str]:
    """The framing modules that ``path`` imports anywhere in its body (top level or inside a function).

    ``from .x import y`` names ``framing.x``, and ``framing.x.y`` too when that is a module; a
    package's own ``__init__`` run before a submodule is not counted (Python runs it first, whatever
    the submodule imports).
    """
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    is_package = path.name == "__init__.py"
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            source = _absolute(node.module, node.level, here, is_package)
            submodules = {f"{source}.{alias.name}" for alias in node.names} & set(MODULES)
            # `from . import nli` needs framing.nli only; `from . import __version__` needs framing itself
            if source in MODULES and len(submodules) < len(node.names):
                found.add(source)
            found |= submodules
        elif isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names} & set(MODULES)
    found.discard(here)
    return found


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One cycle (as a path that ends where it starts) per strongly connected set of modules."""
    found, done = [], set()
    for start in sorted(graph):
        stack, path, on_path = [(start, iter(sorted(graph[start])))], [start], {start}
        while stack:
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                stack.pop()
                path.pop()
                on_path.discard(node)
                done.add(node)
            elif child in on_path:
                cycle = path[path.index(child):] + [child]
                if not any(set(cycle) == set(c) for c in found):
                    found.append(cycle)
            elif child not in done:
                stack.append((child, iter(sorted(graph.get(child, ())))))
                path.append(child)
                on_path.add(child)
    return found


def test_no_import_cycle_in_framing():
    graph = {name: imports(path, name) for name, path in MODULES.items()}
    assert cycles(graph) == []


def test_the_walk_sees_function_level_imports_and_finds_a_cycle(tmp_path):
    # The check must be able to fail: an import inside a function closes a cycle.
    probe = tmp_path / "probe.py"
    probe.write_text("from .cache import ScoreCache\n\ndef f():\n    from . import nli\n", encoding="utf-8")
    assert imports(probe, "framing.probe") == {"framing.cache", "framing.nli"}
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c", "a"]]


def test_no_module_over_600_lines():
    lengths = {name: len(path.read_text(encoding="utf-8").splitlines()) for name, path in MODULES.items()}
    assert {name: n for name, n in lengths.items() if n > MAX_LINES} == {}

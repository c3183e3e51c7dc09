"""The examples in the docstrings of every framing module run, and give what they show."""

from __future__ import annotations

import doctest
import importlib
import inspect
import pkgutil

import pytest

import framing

MODULES = sorted(
    info.name for info in pkgutil.walk_packages(framing.__path__, prefix="framing.")
    # the command-line entry points run as programs, not libraries
    if info.name not in {"framing.__main__", "framing.demo"}
)


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_run(name):
    module = importlib.import_module(name)
    result = doctest.testmod(
        module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE, extraglobs={"framing": framing},
        verbose=False, report=True,
    )
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples of {name} failed (see output)"


def test_the_public_modules_have_examples():
    # The check above would pass on a package without examples: count them.
    attempted = sum(
        doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS, report=False).attempted
        for name in ("framing.checks", "framing.pairing", "framing.options", "framing.resolve")
    )
    assert attempted >= 8


@pytest.mark.parametrize("name", MODULES)
def test_every_public_function_and_class_has_a_docstring(name):
    module = importlib.import_module(name)
    assert module.__doc__ and module.__doc__.strip(), f"{name} has no module docstring"
    public = getattr(module, "__all__", [n for n in vars(module) if not n.startswith("_")])
    missing = [
        n for n in public
        if (inspect.isfunction(getattr(module, n, None)) or inspect.isclass(getattr(module, n, None)))
        and getattr(getattr(module, n), "__module__", name) == name
        and not (getattr(module, n).__doc__ or "").strip()
    ]
    assert missing == [], f"{name}: no docstring on {missing}"

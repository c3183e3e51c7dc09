"""No function shadows a module: every submodule of framing is reachable as a module, and the
workflow functions keep their names (`framing.explain` is the function, `framing.explaining` its module)."""

from __future__ import annotations

import importlib
import pkgutil
import types
from pathlib import Path

import pytest

import framing

PACKAGES = ["framing", "framing.extract", "framing.distributed"]
RENAMED = {"compare": "comparing", "explain": "explaining", "cards": "quote_cards", "report": "reporting",
           "summary": "summarising"}


@pytest.mark.parametrize("package", PACKAGES)
def test_no_public_name_shadows_a_submodule(package):
    parent = importlib.import_module(package)
    for info in pkgutil.iter_modules(parent.__path__):
        module = importlib.import_module(f"{package}.{info.name}")
        assert getattr(parent, info.name, module) is module, f"{package}.{info.name} is not the module"


@pytest.mark.parametrize(("function", "module"), sorted(RENAMED.items()))
def test_the_functions_stay_and_their_modules_have_names_of_their_own(function, module):
    imported = importlib.import_module(f"framing.{module}")
    assert isinstance(imported, types.ModuleType)
    assert getattr(framing, function) is getattr(imported, function)
    package = Path(framing.__file__).parent
    assert not (package / f"{function}.py").exists() and not (package / function).is_dir()

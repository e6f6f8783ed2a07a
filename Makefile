# The two commands a newcomer runs: `make run` and `make test`. Everything else is a helper for them.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test check lint types pytest install clean screenshots

run: $(STAMP)
	$(BIN)/kg run

test: $(STAMP) lint types pytest

# The fast loop while developing: lint, types and the tests that are not slow, browser or server, on every core.
check: $(STAMP) lint types
	$(BIN)/pytest -q -n auto -m "not slow and not browser and not server"

lint: $(STAMP)
	$(BIN)/ruff check kg tests $(wildcard benchmarks)

types: $(STAMP)
	$(BIN)/mypy

pytest: $(STAMP)
	$(BIN)/pytest -q

install: $(STAMP)

# The README's pictures in docs/screenshots/: what the browser tests see, kept at 256 colours. Needs chromium.
SHOTS := $(CURDIR)/docs/screenshots
screenshots: $(STAMP)
	rm -rf $(SHOTS)
	KG_SCREENSHOT_DIR=$(SHOTS) PATH=$(CURDIR)/$(BIN):$$PATH $(BIN)/pytest -q tests/test_browser.py \
		tests/test_browser_site.py tests/test_query_page.py tests/test_network.py::test_html_page_in_headless_chromium
	$(BIN)/python -c 'import pathlib, sys; from PIL import Image; \
		[Image.open(p).convert("RGB").quantize(256).save(p, optimize=True) for p in pathlib.Path(sys.argv[1]).glob("*.png")]' $(SHOTS)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache

# Front door of emulation-analysis. `make help` lists the targets.
# Every target creates or reuses the local virtual environment .venv by itself.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)

.DEFAULT_GOAL := help
.PHONY: help setup briefing screenshot notebooks system-deps test test-notebooks lint validate clean

help:  ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-15s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[notebooks,test]'
	@rm -f $(VENV)/.installed-* && touch $@

setup: $(STAMP)  ## Create or update the virtual environment .venv

briefing: $(STAMP)  ## Render the HTML briefings into reports/ (open reports/index.html)
	$(BIN)/emulation-analysis briefing --out reports

# The README's picture of a briefing page, taken by Debian's chromium from what `make briefing` wrote.
SCREENSHOT := notebooks/images/briefing-page.png
screenshot: briefing  ## Take the README's picture of a briefing page (notebooks/images/briefing-page.png; needs chromium)
	@command -v chromium >/dev/null 2>&1 || { echo "screenshot: chromium is not installed (make system-deps)"; exit 1; }
	@mkdir -p $(dir $(SCREENSHOT))
	profile=$$(mktemp -d) && chromium --headless --no-sandbox --disable-gpu --no-first-run \
	  --disable-background-networking --disable-component-update --disable-sync --hide-scrollbars \
	  --user-data-dir=$$profile --window-size=1000,1500 --screenshot=$(SCREENSHOT) \
	  "file://$(CURDIR)/reports/01-phan-bo-khen-thuong.html" 2>/dev/null; status=$$?; rm -rf $$profile; exit $$status
	@echo "screenshot: $(SCREENSHOT)"

notebooks: $(STAMP)  ## Re-execute the notebooks in place, saving their outputs (commit them)
	$(BIN)/emulation-analysis notebooks --inplace notebooks/*.ipynb

# Debian's chromium drives the browser tests of the briefings; without it they are skipped.
system-deps:  ## Install Debian's chromium for the browser tests (root + apt; else skipped)
	@if command -v chromium >/dev/null 2>&1; then \
	  echo "chromium: $$(command -v chromium)"; \
	elif [ "$$(id -u)" != 0 ]; then \
	  echo "system-deps: not root; skipping chromium (browser tests will be skipped). Run: sudo apt-get install -y chromium"; \
	elif ! command -v apt-get >/dev/null 2>&1; then \
	  echo "system-deps: apt-get not available; skipping chromium (browser tests will be skipped)"; \
	else \
	  (apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium) \
	    || echo "system-deps: installing chromium failed; browser tests will be skipped"; \
	fi

validate: $(STAMP)  ## Validate your own files: make validate FILES="a.xlsx b.csv"
	$(BIN)/emulation-analysis validate $(FILES)

test: $(STAMP) system-deps  ## Run every test: lint, library tests, notebook tests
	$(BIN)/ruff check .
	$(BIN)/python -m pytest
	$(MAKE) --no-print-directory test-notebooks

test-notebooks: $(STAMP)  ## Check the committed notebooks' outputs with nbval (strict)
	$(BIN)/python -m pytest --nbval --nbval-current-env --nbval-sanitize-with tests/nbval-sanitize.cfg notebooks/

lint: $(STAMP)  ## Check the code style with ruff
	$(BIN)/ruff check .

clean:  ## Remove the virtual environment and caches
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis reports

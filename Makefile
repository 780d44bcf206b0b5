# Front door of emulation-analysis. `make help` lists the targets.
# Every target creates or reuses the local virtual environment .venv by itself.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)

.DEFAULT_GOAL := help
.PHONY: help setup briefing test lint validate clean

help:  ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[notebooks,test]'
	@rm -f $(VENV)/.installed-* && touch $@

setup: $(STAMP)  ## Create or update the virtual environment .venv

briefing: $(STAMP)  ## Validate the bundled data and print its summary
	$(BIN)/emulation-analysis validate data/awards.csv

validate: $(STAMP)  ## Validate your own files: make validate FILES="a.xlsx b.csv"
	$(BIN)/emulation-analysis validate $(FILES)

test: $(STAMP)  ## Run every test: lint, library tests, notebook tests
	$(BIN)/ruff check .
	$(BIN)/python -m pytest

lint: $(STAMP)  ## Check the code style with ruff
	$(BIN)/ruff check .

clean:  ## Remove the virtual environment and caches
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis reports

# Two commands set up everything on a fresh machine (Python 3.11+, pip, the package registries):
#   make demo   installs redline in .venv and ingests the bundled example articles into ./redline.db
#   make test   installs redline with its test tools in .venv and runs the whole test suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-dev

.PHONY: demo test lint bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/redline ingest examples --db redline.db
	$(BIN)/redline articles --db redline.db

lint: $(STAMP)
	$(BIN)/ruff check redline tests benchmarks

test: lint
	$(BIN)/python -m pytest -q

bench: $(STAMP)
	$(BIN)/python benchmarks/ingest_throughput.py

clean:
	rm -rf $(VENV) redline.db redline.db-wal redline.db-shm .pytest_cache

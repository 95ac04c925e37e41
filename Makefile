# Two commands for a fresh Debian/Ubuntu machine: `make run` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
# The store: KAM_DB when set (as the app and the CLI read it), else data/kam.duckdb.
DB ?= $(or $(KAM_DB),data/kam.duckdb)
PORT ?= 8501

.PHONY: run test test-fast lint seed venv test-venv clean

$(BIN)/activate:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(BIN)/activate
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-test: requirements-test.txt requirements.txt | $(VENV)/.installed
	$(BIN)/pip install --quiet -r requirements-test.txt
	touch $@

venv: $(VENV)/.installed

test-venv: $(VENV)/.installed-test

# Seed the store from the bundled sample the first time.
$(DB): | $(VENV)/.installed
	$(BIN)/python -m kam_analytics import data/sample/kam_sample.xlsx --db $(DB)

seed: $(DB)

run: $(VENV)/.installed $(DB)
	KAM_DB=$(DB) $(BIN)/streamlit run dashboard.py --server.port $(PORT)

lint: test-venv
	$(BIN)/ruff check .

test: test-venv lint
	$(BIN)/python -m pytest

# Everything but the slow tests (browser, kill -9 loops, reliability report, LibreOffice, large
# files, the heaviest deck and session tests), on both cores, for the edit-test loop; `make test`
# and CI run them all, one at a time.
test-fast: test-venv lint
	$(BIN)/python -m pytest -m "not slow" -n 2

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache

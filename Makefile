# Two commands for a fresh Debian/Ubuntu machine: `make run` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
# The store: KAM_DB when set (as the app and the CLI read it), else data/kam.duckdb.
DB ?= $(or $(KAM_DB),data/kam.duckdb)
PORT ?= 8501

# Beyond Python, the tests need Debian's chromium (chart images, the browser tests), LibreOffice
# (Calc writes the .xls fixtures, Impress turns the deck into a PDF) and poppler-utils (pdftoppm
# looks at its pages), postgresql (the server the store conformance tests start) and python3-venv
# for the venv. `make test` checks first: as root with
# apt-get it installs what is missing (as .ci/run does; INSTALL_DEPS=no stops instead), otherwise
# it stops at once naming the apt-get command. Without them, tests failed late or waited.
TEST_PACKAGES ?= chromium libreoffice-calc-nogui libreoffice-impress-nogui poppler-utils postgresql
INSTALL_DEPS ?= auto

.PHONY: run test test-fast test-deps lint seed venv test-venv clean

$(BIN)/activate:
	@$(PY) -c 'import venv, ensurepip' 2>/dev/null || { echo "$(PY) cannot make a venv here." \
	  "Install with: sudo apt-get install -y python3-venv" >&2; exit 1; }
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

test-deps:
	@missing=""; \
	for pkg in $(TEST_PACKAGES); do \
	  dpkg -s "$$pkg" >/dev/null 2>&1 || missing="$$missing $$pkg"; \
	done; \
	if [ ! -x $(BIN)/python ] && ! $(PY) -c 'import venv, ensurepip' >/dev/null 2>&1; then \
	  missing="$$missing python3-venv"; \
	fi; \
	[ -z "$$missing" ] && exit 0; \
	if [ "$(INSTALL_DEPS)" = auto ] && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "make test: installing$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
	    apt-get install -y -qq --no-install-recommends $$missing && exit 0; \
	  echo "make test: could not install$$missing (see above)." >&2; exit 1; \
	fi; \
	echo "make test needs$$missing, which this machine lacks. Install with:" >&2; \
	echo "  sudo apt-get install -y --no-install-recommends$$missing" >&2; \
	exit 1

test: test-deps test-venv lint
	$(BIN)/python -m pytest

# Everything but the slow tests (browser, kill -9 loops, reliability report, LibreOffice, large
# files, the heaviest deck and session tests), on both cores, for the edit-test loop; `make test`
# and CI run them all, one at a time.
test-fast: test-deps test-venv lint
	$(BIN)/python -m pytest -m "not slow" -n 2

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache

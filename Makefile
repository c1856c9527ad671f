# The set-up contract: on a machine with only Python 3.11, these targets build .venv and do the job.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test bench demo clean chromium wrk

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Reinstall only when the project's declared dependencies change.
$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# Migrate the SQLite database under ./var/, seed the demo clinic when it is empty, and serve.
run: $(STAMP)
	$(BIN)/rehab db upgrade
	$(BIN)/rehab seed-demo --if-empty
	$(BIN)/rehab serve --host 127.0.0.1 --port 8000

# The 12-week engine demo in the terminal (no database).
demo: $(STAMP)
	$(BIN)/rehab demo

# The browser tests drive Debian's chromium; install it when it is missing (root, or sudo).
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "installing Debian's chromium for the browser tests"; \
	  SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); \
	  $$SUDO apt-get update -qq && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium; }

# One test process per core (pytest-xdist): each has its own databases, servers and browser.
test: $(STAMP) chromium
	$(BIN)/python -m pytest -q -n auto

# bench/api.py loads the servers with wrk (a C load generator, so the client does not eat their CPU).
wrk:
	@command -v wrk >/dev/null 2>&1 || { \
	  echo "installing Debian's wrk for bench/api.py"; \
	  SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); \
	  $$SUDO apt-get update -qq && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk; }

bench: $(STAMP) wrk
	$(BIN)/python bench/checkin.py
	$(BIN)/python bench/api.py
	$(BIN)/python bench/pages.py
	$(BIN)/python bench/cold_start.py
	$(BIN)/python bench/caseload.py

clean:
	rm -rf $(VENV) var .pytest_cache .hypothesis test-artifacts

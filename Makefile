# The set-up contract: on a machine with only Python 3.11, these targets build .venv and do the job.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
# Two stamps: running needs only the package; the tests add the dev extras (pytest, Playwright,
# Schemathesis), so `make run` does not download a browser driver to serve a page.
RUN_STAMP := $(VENV)/.installed-run
DEV_STAMP := $(VENV)/.installed-dev
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test fuzz bench demo clean chromium wrk

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Reinstall only when the project's declared dependencies change. The dev install includes
# everything running needs, so it stands for the run stamp too.
$(RUN_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $(RUN_STAMP)

$(DEV_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(DEV_STAMP) $(RUN_STAMP)

# Migrate the SQLite database under ./var/, seed the demo clinic when it is empty, and serve
# (`make run PORT=8080` for another port). The package's bytecode is compiled first, as pip does
# for an installed wheel: in an editable install with PYTHONDONTWRITEBYTECODE set (as in many
# containers) Python would otherwise compile every module of rehab again at each start, a fifth
# of the server's cold start (compileall skips what is up to date).
run: $(RUN_STAMP)
	$(BIN)/python -m compileall -q src
	$(BIN)/rehab db upgrade
	$(BIN)/rehab seed-demo --if-empty
	$(BIN)/rehab serve --host $(HOST) --port $(PORT)

# The 12-week engine demo in the terminal (no database).
demo: $(RUN_STAMP)
	$(BIN)/rehab demo

# The browser tests drive Debian's chromium; install it when it is missing (root, or sudo).
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "installing Debian's chromium for the browser tests"; \
	  SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); \
	  $$SUDO apt-get update -qq && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium; }

# One test process per core (pytest-xdist): each has its own databases, servers and browser. An idle
# worker steals queued tests from a busy one (worksteal), so a few long tests at the end do not
# leave one core idle for minutes.
test: $(DEV_STAMP) chromium
	$(BIN)/python -m pytest -q -n auto --dist worksteal

# The long generated runs: requests (tests/api/test_schemathesis.py: random cases, both databases,
# FUZZ_EXAMPLES per operation and person; the normal suite runs 15, seeded: 1,260 cases) and the
# engine's properties (tests/unit/core/test_properties.py: PROPERTY_EXAMPLES check-ins per property;
# the normal suite runs 200).
FUZZ_EXAMPLES ?= 300
PROPERTY_EXAMPLES ?= 2000
fuzz: $(DEV_STAMP)
	REHAB_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) REHAB_PROPERTY_EXAMPLES=$(PROPERTY_EXAMPLES) \
	  $(BIN)/python -m pytest -q -n auto tests/api/test_schemathesis.py tests/unit/core/test_properties.py

# bench/api.py loads the servers with wrk (a C load generator, so the client does not eat their CPU).
wrk:
	@command -v wrk >/dev/null 2>&1 || { \
	  echo "installing Debian's wrk for bench/api.py"; \
	  SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); \
	  $$SUDO apt-get update -qq && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk; }

bench: $(DEV_STAMP) wrk
	$(BIN)/python bench/checkin.py
	$(BIN)/python bench/api.py
	$(BIN)/python bench/pages.py
	$(BIN)/python bench/cold_start.py
	$(BIN)/python bench/caseload.py

clean:
	rm -rf $(VENV) var .pytest_cache .hypothesis test-artifacts

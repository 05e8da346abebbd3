# Teacher information system: `make run` starts everything locally, `make test` tests it.
# Needs Python >= 3.11 and a running RabbitMQ (see README.md).

VENV ?= .venv
PYTHON3 ?= python3
PY = $(VENV)/bin/python
STAMP = $(VENV)/.installed
PYTEST_ARGS ?=
BENCH_ARGS ?=

.PHONY: run test test-unit test-service lint migrate rebuild-reporting parked bench docs clean distclean install

# Create the virtualenv and install the project (and the test and lint tools) only when
# it is missing or pyproject.toml changed.
$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON3) -m venv $(VENV)
	$(PY) -m pip install -q -e '.[test,lint]'
	touch $@

install: $(STAMP)

run: $(STAMP)
	$(PY) -m deploy.run

test: $(STAMP)
	$(PY) -m deploy.broker_check && $(PY) -m pytest -q $(PYTEST_ARGS)

test-unit: $(STAMP)
	$(PY) -m pytest -q -m unit

# the command handlers of each service on a real SQLite database, no broker
test-service: $(STAMP)
	$(PY) -m pytest -q tests/service

# style (ruff), formatting, types (mypy) and the import contracts (import-linter); each runs
# even when one before it found something, and lint fails if any did
lint: $(STAMP)
	@status=0; \
	$(VENV)/bin/ruff check . || status=1; \
	$(VENV)/bin/ruff format --check . || status=1; \
	$(VENV)/bin/mypy || status=1; \
	$(VENV)/bin/lint-imports || status=1; \
	exit $$status

# upgrade every service database to the head of its migrations and show where each is
# (the services do it themselves on start); python -m deploy.migrate current only shows
migrate: $(STAMP)
	$(PY) -m deploy.migrate upgrade

rebuild-reporting: $(STAMP)
	$(PY) -m deploy.rebuild_reporting

# the events a consumer parked; replay: python -m deploy.parked replay --help
parked: $(STAMP)
	$(PY) -m deploy.parked list

# the event pipeline benchmark; e.g. make bench BENCH_ARGS="--events 2000"
bench: $(STAMP)
	$(PY) -m bench.pipeline $(BENCH_ARGS)

# the generated part of docs/indicators.md, from shared/indicators
docs: $(STAMP)
	$(PY) -m shared.indicators.document

clean:
	rm -rf var/ .pytest_cache/ build/ dist/ *.egg-info/
	find . -path ./$(VENV) -prune -o -type d -name __pycache__ -prune -exec rm -rf {} +

distclean: clean
	rm -rf $(VENV)

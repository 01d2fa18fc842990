# Two commands for a newcomer: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
TSTAMP := $(VENV)/.installed-test

.PHONY: venv run test lint typecheck pytest clock-tests translations clean bench screenshots dist dist-smoke

venv: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e .
	touch $(STAMP)

$(TSTAMP): $(STAMP)
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $(TSTAMP)

run: $(STAMP)
	$(BIN)/workshop-gui --demo-if-new

test: $(TSTAMP) lint typecheck pytest

lint: $(TSTAMP)
	$(BIN)/ruff check workshop ui tests benchmarks

typecheck: $(TSTAMP)
	$(BIN)/mypy

# PYTEST_SPLIT=1 (CI) runs the SQLite half and the PostgreSQL half side by side, one per core.
pytest: $(TSTAMP)
	@if [ -n "$(PYTEST_SPLIT)" ] && [ -n "$$WORKSHOP_TEST_PG_URL" ]; then \
	  ( env -u WORKSHOP_TEST_PG_URL QT_QPA_PLATFORM=offscreen \
	    $(BIN)/python -m pytest -q -m "not postgres" $(PYTEST_ARGS) > .pytest-sqlite.log 2>&1 ) & p1=$$!; \
	  ( QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q -m postgres $(PYTEST_ARGS) > .pytest-postgres.log 2>&1 ) & p2=$$!; \
	  rc=0; wait $$p1 || rc=1; wait $$p2 || rc=1; \
	  for half in sqlite postgres; do echo "== pytest, the $$half half"; tail -n 40 .pytest-$$half.log; done; \
	  rm -f .pytest-sqlite.log .pytest-postgres.log; exit $$rc; \
	else \
	  QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest $(PYTEST_ARGS); \
	fi

# The calendar-dependent tests again with the shop's clock moved: a year end, and a Monday after a year turn.
# CLOCK_PARALLEL=1 runs the two moments side by side, moment N on the PostgreSQL database <url>_clockN
# (.ci/pg.sh creates workshop_test_clock1 and _clock2).
CLOCKS := 2026-12-31T23:58+08:00 2027-01-04T00:02+08:00
clock-tests: $(TSTAMP)
	@if [ -n "$(CLOCK_PARALLEL)" ]; then \
	  i=0; pids=""; for at in $(CLOCKS); do i=$$((i+1)); \
	    ( url=$${WORKSHOP_TEST_PG_URL:+$${WORKSHOP_TEST_PG_URL}_clock$$i}; \
	      WORKSHOP_TEST_PG_URL=$$url WORKSHOP_TEST_CLOCK=$$at QT_QPA_PLATFORM=offscreen \
	      $(BIN)/python -m pytest -q -m clock $(PYTEST_ARGS) > .clock-tests-$$i.log 2>&1 ) & pids="$$pids $$!"; \
	  done; rc=0; for p in $$pids; do wait $$p || rc=1; done; \
	  i=0; for at in $(CLOCKS); do i=$$((i+1)); echo "== clock tests at $$at"; tail -n 25 .clock-tests-$$i.log; done; \
	  rm -f .clock-tests-*.log; exit $$rc; \
	else \
	  for at in $(CLOCKS); do echo "== clock tests at $$at"; \
	    WORKSHOP_TEST_CLOCK=$$at QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q -m clock $(PYTEST_ARGS) || exit 1; \
	  done; \
	fi

translations: $(STAMP)
	$(BIN)/pyside6-lupdate $$(find ui -name '*.py') -ts resources/translations/workshop_zh_CN.ts
	$(BIN)/pyside6-lrelease resources/translations/workshop_zh_CN.ts -qm resources/translations/workshop_zh_CN.qm

screenshots: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/workshop-gui --screenshot screenshots

bench: $(STAMP)
	$(BIN)/workshop bench --scale small

# A standalone bundle (PyInstaller, one folder): dist/workshop/workshop starts the app with no Python installed.
DSTAMP := $(VENV)/.installed-dist
$(DSTAMP): $(STAMP)
	$(BIN)/python -m pip install -q -e '.[dist]'
	touch $(DSTAMP)

dist: $(DSTAMP)
	$(BIN)/pyinstaller --noconfirm --log-level WARN --distpath dist --workpath build/pyinstaller packaging/workshop.spec

# CI: the bundle copied to a folder outside the source tree, started with an empty environment (no Python on
# PATH, no PYTHONPATH), offscreen on a new SQLite database with --screenshot (the demo data, every screen
# rendered); fails if a screen is missing.
SMOKE := $(shell mktemp -u /tmp/workshop-dist-smoke.XXXXXX)
dist-smoke: dist
	mkdir -p $(SMOKE) && cp -a dist/workshop $(SMOKE)/app
	cd $(SMOKE) && env -i HOME=$(SMOKE) PATH=$(SMOKE)/no-python QT_QPA_PLATFORM=offscreen \
	  WORKSHOP_SETTINGS_DIR=$(SMOKE)/settings ./app/workshop --db sqlite:///$(SMOKE)/shop.sqlite --screenshot $(SMOKE)/shots
	test -s $(SMOKE)/shots/front_desk.png && test -s $(SMOKE)/shots/dashboard.png
	@echo "dist-smoke: $$(ls $(SMOKE)/shots | wc -l) screens rendered from $(SMOKE)/app"
	rm -rf $(SMOKE)

clean:
	rm -rf $(VENV) build dist *.egg-info

# Two commands for a newcomer: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
TSTAMP := $(VENV)/.installed-test

.PHONY: venv run test lint typecheck pytest clock-tests translations clean bench screenshots

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
	$(BIN)/ruff check workshop ui tests $(wildcard benchmarks/*.py)

typecheck: $(TSTAMP)
	$(BIN)/mypy

pytest: $(TSTAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest $(PYTEST_ARGS)

# The calendar-dependent tests again with the shop's clock moved: a year end, and a Monday after a year turn.
CLOCKS := 2026-12-31T23:58+08:00 2027-01-04T00:02+08:00
clock-tests: $(TSTAMP)
	for at in $(CLOCKS); do \
	  echo "== clock tests at $$at"; \
	  WORKSHOP_TEST_CLOCK=$$at QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q -m clock $(PYTEST_ARGS) || exit 1; \
	done

translations: $(STAMP)
	$(BIN)/pyside6-lupdate $$(find ui -name '*.py') -ts resources/translations/workshop_zh_CN.ts
	$(BIN)/pyside6-lrelease resources/translations/workshop_zh_CN.ts -qm resources/translations/workshop_zh_CN.qm

screenshots: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/workshop-gui --screenshot screenshots

bench: $(STAMP)
	$(BIN)/workshop bench --scale small

clean:
	rm -rf $(VENV) build *.egg-info

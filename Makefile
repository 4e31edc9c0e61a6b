# Cocreate: `make run` to try it, `make test` to check it.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export DATA_DIR ?= $(CURDIR)/var

.PHONY: run test lint format setup install install-dev messages bench bench-data clean

## run: install, migrate, load demo data, serve on http://127.0.0.1:$(PORT) with the worker
run: $(BIN)/.installed
	DEMO_MODE=1 $(BIN)/python manage.py setup
	DEMO_MODE=1 PORT=$(PORT) $(BIN)/python manage.py serve

## test: install dev tools, lint, run the whole suite (browser tests included)
test: $(BIN)/.installed-dev
	@bash .ci/ensure-system-packages
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	DATA_DIR=$(CURDIR)/var/test $(BIN)/pytest

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(BIN)/.installed: requirements/base.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements/base.txt
	touch $@

$(BIN)/.installed-dev: requirements/dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements/dev.txt
	touch $@ $(BIN)/.installed

## lint / format: ruff (and mypy on actions, queries, permissions)
lint: $(BIN)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: $(BIN)/.installed-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## messages: refresh locale/zh_Hans/LC_MESSAGES/django.po from the sources and compile it
messages: $(BIN)/.installed-dev
	$(BIN)/python manage.py makemessages --locale zh_Hans --no-obsolete --no-location \
		--ignore ".venv/*" --ignore "var/*" --ignore "bench/*" --ignore "tests/*" --ignore "test-artifacts/*"
	$(BIN)/python manage.py compilemessages --locale zh_Hans --ignore ".venv/*"

## bench-data / bench: the benchmark dataset and the load run (see bench/README.md)
bench-data: $(BIN)/.installed
	$(BIN)/python -m bench.dataset

bench: $(BIN)/.installed
	$(BIN)/python -m bench.run

clean:
	rm -rf $(VENV) var test-artifacts

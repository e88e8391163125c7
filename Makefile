# papershelf: every check in one place; CI runs `make checkall`. `make help` lists the targets.
PYTHON ?= python

.DEFAULT_GOAL := help
.PHONY: help setup run test lint fmt typecheck imports spell snapshot-update screenshot bench checkall

help: # Show the targets and what each does
	@grep -E '^[a-z-]+: .*#' $(MAKEFILE_LIST) | sed -E 's/^([a-z-]+):.*# (.*)/  \1\t\2/' | expand -t 20

setup: # Install papershelf for development (editable, with the test and check tools)
	$(PYTHON) -m pip install -e '.[dev]'

run: # Start the app on your default library
	$(PYTHON) -m tui

test: # Run the whole test suite (the long reliability runs: pytest -m slow)
	$(PYTHON) -m pytest

lint: # ruff: lint rules, and whether formatting would change anything
	$(PYTHON) -m ruff check .
	$(PYTHON) -m ruff format --check .

fmt: # Format and autofix the code with ruff
	$(PYTHON) -m ruff format .
	$(PYTHON) -m ruff check --fix .

typecheck: # mypy --strict over storage, tui, benchmarks and tests
	$(PYTHON) -m mypy

imports: # The dependency rules between storage, tui and the widgets (import-linter)
	lint-imports

spell: # codespell over code and docs
	codespell

snapshot-update: # Accept changed screen snapshots (read snapshot_report.html first)
	$(PYTHON) -m pytest tests/tui/test_snapshots.py --snapshot-update

screenshot: # Save the README's screenshot (docs/screenshot.svg) after a layout change
	$(PYTHON) docs/make_screenshot.py

bench: # The benchmark at 1,000, 10,000 and 100,000 papers (several minutes)
	$(PYTHON) -m benchmarks.run

checkall: lint typecheck imports spell test # Every check, as CI runs them

# The two commands a newcomer needs: `make demo` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: venv demo test lint format messages bench backup restore clean

venv: $(STAMP) .env
	@bash scripts/fonts.sh

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $(STAMP)

# Local development runs with DEBUG on; production sets its own environment.
.env:
	printf 'DEBUG=true\n' > .env

demo: venv
	@bash scripts/demo.sh

test: venv
	@bash scripts/test.sh

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: venv
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

messages: venv
	$(BIN)/python manage.py makemessages -l zh_Hans --no-obsolete --ignore '.venv/*' --ignore 'tests/*'
	$(BIN)/python manage.py compilemessages -l zh_Hans --ignore '.venv/*'

# Loads the five streets at scale 10 into PostgreSQL (database alliance_bench), serves them with
# gunicorn and measures; the table goes to bench/results/. BENCH_REUSE=1 keeps a loaded database.
bench: venv $(VENV)/.bench-installed
	$(BIN)/python bench/run.py

$(VENV)/.bench-installed: pyproject.toml
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev,bench]'
	touch $@

# A backup folder holds the database and the uploaded files; restore needs FROM=that folder.
backup: venv
	$(BIN)/python scripts/backup.py backup

restore: venv
	@test -n "$(FROM)" || { echo "usage: make restore FROM=backups/<timestamp>"; exit 2; }
	$(BIN)/python scripts/backup.py restore "$(FROM)"

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles .pytest_cache .ruff_cache

# Two commands do everything on a fresh machine (Python 3.11+ and Node.js):
#   make run    set up, migrate, load demo data, serve web + Celery worker + beat
#   make test   set up and run the whole test suite
# Without DATABASE_URL / REDIS_URL an embedded PostgreSQL and Redis start under .data/.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
PORT ?= 8000
# Test processes (pytest-xdist); each gets its own test database and cache prefix.
PYTEST_WORKERS ?= auto

.PHONY: run test install migrate seed serve stop lint fmt bench messages clean

$(STAMP): requirements.txt requirements-dev.txt package.json package-lock.json
	@test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	npm ci --no-audit --no-fund --loglevel=error
	@touch $(STAMP)

install: $(STAMP)

messages: install
	$(PY) manage.py compile_translations

migrate: install
	$(PY) manage.py migrate --no-input

seed: migrate
	$(PY) manage.py seed_demo

run: seed messages
	PORT=$(PORT) $(VENV)/bin/honcho -f Procfile.dev start

test: messages
	$(VENV)/bin/pytest -n $(PYTEST_WORKERS) --dist loadfile

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

fmt: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

bench: install
	$(VENV)/bin/pytest tests/bench -m bench -s -p no:cacheprovider

stop:
	$(PY) -c "import os; from pathlib import Path; from bureau.embedded import stop; print('stopped:', stop(Path(os.environ.get('BUREAU_DATA_DIR') or '.data')) or 'nothing')"

clean: stop
	rm -rf .data staticfiles

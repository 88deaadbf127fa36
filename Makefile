# The project's front door. `make run` and `make test` are all a newcomer needs.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
# the venv is rebuilt when the lock file changes
STAMP  := $(VENV)/.installed-$(shell sha256sum requirements.lock 2>/dev/null | cut -c1-12)
APT    := env DEBIAN_FRONTEND=noninteractive apt-get
# Python may keep compiled modules (__pycache__, git-ignored) even where the environment says not to: without them
# every test worker, manage.py command and server compiles the project and its tests again (collecting the suite:
# 11.7 s of CPU per worker without, 4.6 s with)
unexport PYTHONDONTWRITEBYTECODE

.PHONY: install run serve test system-deps migrations-check reset-local-db lint lock backup restore loadtest bench

$(STAMP): requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	rm -f $(VENV)/.installed-*
	touch $@

install: $(STAMP)

## make run: install, migrate, load the three seed boards and demo accounts, serve on http://127.0.0.1:8000 with a
## background worker next to it (report packs, large imports: manage.py db_worker), stopped with the server
run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_seed_boards
	$(BIN)/python manage.py create_demo_accounts
	$(BIN)/python manage.py load_demo_current_plan
	$(BIN)/python manage.py db_worker --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/python manage.py runserver 127.0.0.1:8000

## system packages the tests use: Chromium for browser tests, poppler-utils (pdftotext) for reading PDFs back
system-deps:
	@missing=""; \
	command -v chromium >/dev/null 2>&1 || missing="$$missing chromium"; \
	command -v pdftotext >/dev/null 2>&1 || missing="$$missing poppler-utils"; \
	fc-list 2>/dev/null | grep -qi dejavu || missing="$$missing fonts-dejavu-core"; \
	if [ -n "$$missing" ]; then \
		echo "Installing system packages:$$missing"; \
		if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi; \
		$$SUDO $(APT) update -qq && $$SUDO $(APT) install -y -qq $$missing; \
	fi

## make test: install what the tests need and run the whole suite (SQLite; DATABASE_URL=postgres://... for PostgreSQL)
test: install system-deps
	$(BIN)/python -m pytest $(PYTEST_ARGS)

migrations-check: install
	$(BIN)/python manage.py makemigrations --check --dry-run

## make lint: ruff (lint and formatting), and the stack (import-linter: each app imports only from the apps below it,
## pyproject.toml)
lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

## start again with an empty local SQLite database
reset-local-db:
	rm -f db.sqlite3
	$(MAKE) install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_seed_boards
	$(BIN)/python manage.py create_demo_accounts
	$(BIN)/python manage.py load_demo_current_plan

## make backup: pg_dump (PostgreSQL, DATABASE_URL) or dumpdata (SQLite) into backups/
backup: install
	$(BIN)/python manage.py backup

## make restore FILE=backups/lscb-....dump: replace the database's contents with a backup (asks first)
restore: install
	@test -n "$(FILE)" || (echo "Usage: make restore FILE=backups/lscb-YYYYmmdd-HHMMSS.dump"; exit 2)
	$(BIN)/python manage.py restore "$(FILE)"

## make loadtest: gunicorn + PostgreSQL, 10 simulated users for 2 minutes, then again with PostgreSQL restarted
loadtest: install
	bash loadtest/run.sh

## make bench: issue 22's goals at 3, 30 and 300 synthetic boards on PostgreSQL (started here, database lscb_bench
## made afresh), every figure cold: the dashboards vs their SQL, pages and posts vs hello world, PDFs vs WeasyPrint,
## a report pack on 1 and 2 workers; one table, each goal met or not, and JSON in bench/results/ (about 20 minutes)
bench: install
	bash bench/run.sh

## re-pin requirements.lock from pyproject.toml (hashes included)
lock:
	$(BIN)/pip install --quiet pip-tools
	$(BIN)/pip-compile --quiet --extra test --generate-hashes --strip-extras -o requirements.lock pyproject.toml

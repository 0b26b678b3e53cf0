# Two commands for a new machine: `make run` and `make test`. See README.md.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
# Local development runs with DEBUG on; production sets its own environment (README).
export DEBUG ?= true

.PHONY: run test serve cluster bench bench-tools backup restore setup database browser-tools lint typecheck format frontend clean

run: setup ## Build .venv, migrate, load the real data and serve http://127.0.0.1:8000/
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

# The suite runs on every core (pytest-xdist; TEST_WORKERS=0 for one process), each worker with
# a test database of its own. --dist loadscope keeps each module in one worker, so a module's
# shared fixture (a scaled database, a server, a backup) is built once.
TEST_WORKERS ?= auto
test: setup browser-tools ## The same set-up, then the whole suite (browser tests included)
	$(BIN)/pytest -n $(TEST_WORKERS) --dist loadscope

# Production serving on this machine (scripts/serve, which the load and outage tests run too):
# gunicorn, DEBUG off, hashed static files from whitenoise. WEB_CONCURRENCY sync workers
# (default 2; WEB_WORKER_CLASS=gthread for threads where no proxy buffers in front) and a
# 2048-connection backlog, so connections beyond those being served wait rather than being
# refused (see scripts/serve). Without a SECRET_KEY in the environment one is made once in
# .serve-secret-key (never committed). Plain HTTP on loopback, so the HTTPS redirect is off
# unless SECURE_SSL_REDIRECT says otherwise.
serve: setup
	HOST=$(HOST) PORT=$(PORT) BIN=$(BIN) scripts/serve

# When one server is not enough (README, "Settings and production"): Debian's nginx in front of
# two app servers over one PostgreSQL (DATABASE_URL) and one Redis (REDIS_URL).
cluster: $(BIN)/.installed
	PORT=$(or $(CLUSTER_PORT),8080) scripts/cluster

# Backups (README, "Backup and restore"): every row of the database, as gzipped JSON, on SQLite
# and PostgreSQL alike. FILE= names the file (or folder) to write; by default a dated file in backups/.
backup: $(BIN)/.installed
	$(BIN)/python manage.py backup_data $(FILE)

# Into an empty database only (a new one is migrated first); REPLACE=yes deletes what is there.
restore: $(BIN)/.installed
	@[ -n "$(FILE)" ] || { echo "Say which backup: make restore FILE=backups/send-tracker-YYYYmmdd-HHMMSS.json.gz" >&2; exit 2; }
	$(BIN)/python manage.py restore_data "$(FILE)" $(if $(filter yes,$(REPLACE)),--replace)

# wrk against the production server (scripts/serve) at scale 1 and 20 (scripts/bench.py);
# loopback only.
bench: setup bench-tools
	$(BIN)/python scripts/bench.py

bench-tools:
	@command -v wrk >/dev/null || { \
		echo "Installing Debian's wrk for the benchmark"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq wrk >/dev/null; }

setup: $(BIN)/.installed database

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

database: $(BIN)/.installed
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py load_national_data --if-empty

# Browser tests drive Debian's Chromium (Playwright cannot download browsers here)
# and inject axe-core from node_modules; the cluster test runs Debian's nginx.
browser-tools:
	@command -v chromium >/dev/null || { \
		echo "Installing Debian's chromium for the browser tests"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium >/dev/null; }
	@[ -f node_modules/axe-core/axe.min.js ] || npm ci --no-audit --no-fund --loglevel=error
	@command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || { \
		echo "Installing Debian's nginx-light for the cluster test (scripts/cluster)"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq nginx-light >/dev/null; }

lint: $(BIN)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# mypy on the app code, and import-linter's contracts: the house's layers (README, "Layers").
typecheck: $(BIN)/.installed
	$(BIN)/mypy
	$(BIN)/lint-imports

format: $(BIN)/.installed
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

frontend: ## Rebuild the committed GOV.UK Frontend CSS, JS and assets in static/
	scripts/build-frontend

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles node_modules

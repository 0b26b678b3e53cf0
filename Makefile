# Two commands for a new machine: `make run` and `make test`. See README.md.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
# Local development runs with DEBUG on; production sets its own environment (README).
export DEBUG ?= true

.PHONY: run test serve production-server bench bench-tools setup database browser-tools lint format frontend clean

run: setup ## Build .venv, migrate, load the real data and serve http://127.0.0.1:8000/
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

test: setup browser-tools ## The same set-up, then the whole suite (browser tests included)
	$(BIN)/pytest

# Production serving on this machine: gunicorn behind nothing, DEBUG off, hashed static files
# from whitenoise. WEB_CONCURRENCY sets the workers (default 2). Without a SECRET_KEY in the
# environment one is made once in .serve-secret-key (never committed). Plain HTTP on loopback,
# so the HTTPS redirect is off unless SECURE_SSL_REDIRECT says otherwise. ACCESS_LOG= turns
# the access log off (as `make bench` does).
ACCESS_LOG ?= -
serve: setup
	@$(MAKE) -s production-server

# The server alone, on whatever DATABASE_URL names (`make bench` runs it on its own databases).
production-server:
	@[ -n "$$SECRET_KEY" ] || [ -f .serve-secret-key ] || $(BIN)/python -c "import secrets; print(secrets.token_urlsafe(50))" > .serve-secret-key
	DEBUG=false SECRET_KEY="$${SECRET_KEY:-$$(cat .serve-secret-key)}" ALLOWED_HOSTS="$${ALLOWED_HOSTS:-127.0.0.1,localhost}" \
		SECURE_SSL_REDIRECT="$${SECURE_SSL_REDIRECT:-false}" $(BIN)/python manage.py collectstatic --no-input -v0
	DEBUG=false SECRET_KEY="$${SECRET_KEY:-$$(cat .serve-secret-key)}" ALLOWED_HOSTS="$${ALLOWED_HOSTS:-127.0.0.1,localhost}" \
		SECURE_SSL_REDIRECT="$${SECURE_SSL_REDIRECT:-false}" \
		$(BIN)/gunicorn config.wsgi --bind $(HOST):$(PORT) --workers $${WEB_CONCURRENCY:-2} \
		$(if $(ACCESS_LOG),--access-logfile $(ACCESS_LOG)) --timeout 30

# wrk against the production server at scale 1 and 20 (scripts/bench.py); loopback only.
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
# and inject axe-core from node_modules.
browser-tools:
	@command -v chromium >/dev/null || { \
		echo "Installing Debian's chromium for the browser tests"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium >/dev/null; }
	@[ -f node_modules/axe-core/axe.min.js ] || npm ci --no-audit --no-fund --loglevel=error

lint: $(BIN)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(BIN)/.installed
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

frontend: ## Rebuild the committed GOV.UK Frontend CSS, JS and assets in static/
	scripts/build-frontend

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles node_modules

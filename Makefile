# Two commands for a newcomer: `make run` and `make test`. Each does its own set-up.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app wsgi
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run test setup assets db demo lint clean

# Links in email go to PORTAL_BASE_URL: the address served here, unless it is already set.
run: export PORTAL_BASE_URL ?= http://$(HOST):$(PORT)
run: setup db demo ## Serve the portal with demo content on http://$(HOST):$(PORT)
	@echo "Portal: http://$(HOST):$(PORT)/  (links in email: $$PORTAL_BASE_URL; mail: see README, 'Watching email')"
	@trap 'kill 0' EXIT; \
	$(FLASK) outbox send --every 5 & \
	$(FLASK) notify tick --every 60 & \
	PORTAL_ENV=development $(FLASK) run --host $(HOST) --port $(PORT) --no-reload

test: setup ## Run the whole suite (SQLite, PostgreSQL, SMTP, Chromium)
	bin/run-tests

setup: $(VENV)/.installed static/build/portal.css

$(VENV)/.installed: pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

static/build/portal.css: node_modules/.installed static/src/portal.scss static/build.mjs
	npm run --silent build

assets: static/build/portal.css

db: setup
	$(FLASK) db upgrade

demo: db
	$(FLASK) seed-demo --if-empty
	$(FLASK) search sync

lint: setup
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) node_modules static/build

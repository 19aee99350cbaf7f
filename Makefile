# Galeri Menong. `make run` serves the site with demo data; `make test` runs the whole suite.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install run serve test lint format messages bench soak restore-drill system-deps clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -e '.[dev]'
	touch $@

run: install
	DEBUG=1 $(MANAGE) migrate --no-input
	DEBUG=1 $(MANAGE) seed_demo
	@echo "Serving http://$(HOST):$(PORT)/ (emails, such as verification links, are printed below by the worker)"
	# The worker sends the queued emails; it stops with the server.
	DEBUG=1 $(MANAGE) db_worker --no-startup-delay --interval 1 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	DEBUG=1 $(MANAGE) runserver $(HOST):$(PORT)

# The production stack on this machine: DEBUG off, static files from whitenoise, gunicorn.
# Plain HTTP on loopback, so the HTTPS-only defaults are relaxed unless set.
SERVE_ENV := DEBUG=0 SECRET_KEY="$${SECRET_KEY:-local-serve-$$(hostname)-not-for-deployment}" \
	ALLOWED_HOSTS="$${ALLOWED_HOSTS:-127.0.0.1,localhost}" SECURE_SSL_REDIRECT="$${SECURE_SSL_REDIRECT:-0}" \
	SESSION_COOKIE_SECURE="$${SESSION_COOKIE_SECURE:-0}" CSRF_COOKIE_SECURE="$${CSRF_COOKIE_SECURE:-0}" \
	SECURE_HSTS_SECONDS="$${SECURE_HSTS_SECONDS:-0}"
serve: install
	$(SERVE_ENV) $(MANAGE) collectstatic --no-input --verbosity 0
	$(SERVE_ENV) $(MANAGE) migrate --no-input
	$(SERVE_ENV) $(VENV)/bin/gunicorn config.wsgi -c gunicorn.conf.py --bind $(HOST):$(PORT)

system-deps:
	@scripts/system-deps.sh

test: install system-deps
	PYTHON=$(PY) scripts/with-postgres.sh $(VENV)/bin/pytest $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

# Refresh the translation catalogues from the code, then compile them.
messages: install
	DEBUG=1 $(MANAGE) makemessages --locale id --locale en --ignore '.venv/*' --ignore 'staticfiles/*' --ignore 'test-results/*' --ignore 'bench/*' --no-obsolete
	# English is the source language: its catalogue repeats each string (a changed string's
	# fuzzy guess is emptied first, then filled with the string itself).
	msgattrib --no-wrap --clear-fuzzy --empty --clear-previous -o locale/en/LC_MESSAGES/django.po locale/en/LC_MESSAGES/django.po
	msgen --no-wrap -o locale/en/LC_MESSAGES/django.po locale/en/LC_MESSAGES/django.po
	DEBUG=1 $(MANAGE) compilemessages --ignore '.venv/*'

# Back up, restore into a scratch database, compare row counts, orders checksum and media.
restore-drill: install system-deps
	PY=$(PY) scripts/restore-drill.sh

# Loads the bench data into a throwaway PostgreSQL (unless DATABASE_URL is set), serves it with
# gunicorn and Redis on 127.0.0.1, measures every page kind with wrk; writes bench/results.json.
bench: install
	@scripts/system-deps.sh bench
	PYTHON=$(PY) scripts/with-postgres.sh $(PY) -m bench.run $(BENCH_ARGS)

# Load and soak: 60 s of 64 connections over catalogue and product pages on gunicorn while shoppers
# buy the last units of a few products; fails on any 5xx, an oversold unit or a ledger mismatch.
soak: install
	@scripts/system-deps.sh bench
	PYTHON=$(PY) scripts/with-postgres.sh $(PY) -m tests.proof.soak $(SOAK_ARGS)

clean:
	rm -rf $(VENV) staticfiles .pytest_cache

# The two commands of the README are `make run` and `make test`; the rest are their parts.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
DEMO_ORDERS ?= 50

.PHONY: help run test lint serve worker fuzz load bench bench-polling bench-webhooks wrk install install-dev env migrate seed browser screenshot lock clean

help:
	@echo "make run    install, migrate, load demo data, serve on http://127.0.0.1:$(PORT)"
	@echo "make test   the whole suite (on PostgreSQL too when DATABASE_URL points there)"
	@echo "make lint   ruff check, ruff format --check, makemigrations --check"
	@echo "make screenshot  refresh docs/storefront.png from the browser test"
	@echo "make bench  the orders API against the floor; writes bench/RESULTS.md (BENCH_ARGS=--scale: 10k/100k/1M on PostgreSQL)"
	@echo "make serve  production-like: gunicorn + whitenoise, settings from the environment (README Production)"
	@echo "make worker the Celery worker with beat (webhook deliveries, sweep, retention) beside make serve"
	@echo "make fuzz   schemathesis against a live server, from the OpenAPI schema (needs PostgreSQL)"
	@echo "make load   50 clients for 30 s against make serve; prints p50/p99 (bench/load.py)"
	@echo "make lock   re-resolve requirements*.txt into requirements*.lock (every package, with hashes)"

# Installs come from the locks only: every package of the tree pinned, each file checked
# against its hash. requirements*.txt are the direct, pinned inputs of `make lock`.
$(VENV)/.runtime: requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --require-hashes -r requirements.lock
	touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.lock
	$(PY) -m pip install --quiet --require-hashes -r requirements-dev.lock
	touch $@

# After changing requirements*.txt: resolves the whole tree again, with hashes, for
# Python 3.11 (uv, pinned here). The dev lock is constrained by the runtime lock, so
# both install the same version of every package they share.
UV_VERSION := 0.13.8
LOCK := $(VENV)/bin/uv pip compile --quiet --generate-hashes --python-version 3.11 --custom-compile-command "make lock"
lock:
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet uv==$(UV_VERSION)
	$(LOCK) requirements.txt -o requirements.lock
	$(LOCK) requirements-dev.txt -c requirements.lock -o requirements-dev.lock

install: $(VENV)/.runtime
install-dev: $(VENV)/.dev

# A local .env for development, from the documented example; never overwritten.
env:
	@test -f .env || (cp .env.example .env && echo "Created .env from .env.example")

# The folders of the development broker (kombu's filesystem transport) exist before the
# first order is placed: seed_demo's events are enqueued there for `make run`'s worker.
migrate: install env
	@mkdir -p .celery/broker/control
	$(PY) manage.py migrate --noinput

seed: migrate
	$(PY) manage.py seed_demo --orders $(DEMO_ORDERS)

# One command, no broker service: a Celery worker and beat on kombu's filesystem transport in
# .celery/ run in the background beside runserver and stop with it. (Beat runs as a process of
# its own: embedded in the worker, it hangs the worker's exit on this transport.) Log: .celery/worker.log.
CELERY := $(VENV)/bin/celery -A cookieshop
run: seed
	@$(CELERY) worker --concurrency 2 --loglevel INFO --without-gossip --without-mingle --without-heartbeat \
		>>.celery/worker.log 2>&1 & worker=$$!; \
	$(CELERY) beat --loglevel INFO >>.celery/worker.log 2>&1 & beat=$$!; \
	trap 'kill $$worker $$beat 2>/dev/null; wait $$worker $$beat' EXIT INT TERM; \
	echo "Webhook worker and beat running (pids $$worker $$beat, log .celery/worker.log)"; \
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

# The browser tests drive Debian's Chromium; install it when missing.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
		echo "Installing Debian's chromium for the browser tests"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }

test: install-dev browser
	$(PY) -m pytest

# Refreshes docs/storefront.png (the README's picture) from the browser test that takes it.
screenshot: install-dev browser
	$(PY) -m pytest -q -p no:cacheprovider orders/tests/test_browser.py -k browses --screenshots docs

lint: install-dev env
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run

# The end-to-end part of the bench loads gunicorn with Debian's wrk; install it when missing.
wrk:
	@command -v wrk >/dev/null 2>&1 || { \
		echo "Installing Debian's wrk for the bench"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk; }

# Seeds bench/bench.sqlite3 once (10,000 orders), then measures; see bench/RESULTS.md.
bench: install-dev wrk
	$(PY) -m bench $(BENCH_ARGS)
# Conditional GET and export figures, on the seeded database of DATABASE_URL (PostgreSQL):
# createdb, then `DATABASE_URL=... .venv/bin/python manage.py seed_demo --orders 100000` once.
bench-polling: install-dev
	$(PY) -m bench.polling

# Production-like serving: DEBUG is off whatever .env says; every other setting comes
# from the environment (README "Production"). Warns about unsafe deployment settings,
# applies migrations and collects static files (whitenoise serves them) before gunicorn
# (gunicorn.conf.py: WEB_CONCURRENCY workers on PORT) takes over the process.
serve: export DEBUG := False
serve: install
	$(PY) manage.py check --deploy
	$(PY) manage.py migrate --noinput
	$(PY) manage.py collectstatic --noinput --verbosity 0
	exec $(VENV)/bin/gunicorn --config gunicorn.conf.py cookieshop.wsgi

# Production: the Celery worker that delivers webhooks, with beat (the sweep, retries due,
# retention) in the same process. Run one such process; add capacity with more
# `celery -A cookieshop worker` processes (no --beat) on any host. Needs CELERY_BROKER_URL (Redis).
worker: install
	@mkdir -p .celery
	exec $(CELERY) worker --beat --loglevel INFO

# Slow runs, kept out of `make test`; CI runs each once, on PostgreSQL and Redis.
fuzz: install-dev env
	FUZZ=1 $(PY) -m pytest -q -p no:cacheprovider cookieshop/tests/test_fuzz.py

load: install-dev env
	$(PY) -m bench.load

# 1,000 webhook deliveries to a loopback receiver, and checkout with webhooks on vs off (needs
# PostgreSQL and Redis: BENCH_DATABASE_URL, emptied, and BENCH_BROKER_URL); writes its section of bench/RESULTS.md.
bench-webhooks: install-dev env
	$(PY) -m bench.webhooks

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache .celery

# Perhekeskus: `make run` serves the demo, `make test` runs lint and the whole suite.
# Needs only Python 3.11, make and git.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
PORT ?= 8000
# runserver and the worker both see it: SITE_URL (absolute links in emails, feeds, snippets) follows.
export PORT
STAMP := $(VENV)/.installed-stamp
SEED_STAMP := var/.seeded-stamp
PO_FILES := $(wildcard locale/*/LC_MESSAGES/django.po)
MO_FILES := $(PO_FILES:.po=.mo)
MIGRATIONS := $(wildcard */migrations/0*.py)
export DJANGO_SETTINGS_MODULE := config.settings

.PHONY: run install messages test lint format bench lock makemessages clean

# The task worker runs beside the server, so queued emails print on the console (consolemail://);
# it is stopped when runserver stops (Ctrl-C included).
run: $(SEED_STAMP)
	$(PY) manage.py db_worker --no-startup-delay & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT; trap 'exit 130' INT TERM; \
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

install: $(STAMP) $(MO_FILES)

$(STAMP): requirements/base.txt requirements/dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements/base.txt -r requirements/dev.txt
	touch $@

# Compiled with Babel (pure Python): no GNU gettext needed on the machine.
locale/%/LC_MESSAGES/django.mo: locale/%/LC_MESSAGES/django.po $(STAMP)
	$(BIN)/pybabel -q compile -i $< -o $@

messages: $(MO_FILES)

# Migrate and load the demo network only when code, migrations or demo data changed,
# or when the database is gone.
$(SEED_STAMP): $(STAMP) $(MO_FILES) $(MIGRATIONS) $(wildcard */demo.py */demo/*.py */management/commands/seed_demo.py)
	mkdir -p var
	$(PY) manage.py migrate --no-input
	$(PY) manage.py seed_demo
	touch $@

ifeq ($(wildcard var/db.sqlite3),)
ifeq ($(DATABASE_URL),)
.PHONY: $(SEED_STAMP)
endif
endif

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache --no-logo

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

test: lint
	$(BIN)/pytest $(PYTEST_ARGS)

bench: install
	$(PY) bench/run.py

# Regenerate the pinned requirements from requirements/*.in.
lock: $(STAMP)
	cd requirements && ../$(BIN)/pip-compile --quiet --strip-extras --no-header --no-emit-index-url --no-emit-find-links base.in -o base.txt
	cd requirements && ../$(BIN)/pip-compile --quiet --strip-extras --no-header --no-emit-index-url --no-emit-find-links dev.in -o dev.txt

# Extract strings (needs GNU gettext, a developer tool only); then translate and `make messages`.
makemessages: install
	$(PY) manage.py makemessages --no-obsolete --no-location -l fi -l sv -l en -i ".venv/*" -i "var/*" -i "tests/*"

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache
	find locale -name '*.mo' -delete

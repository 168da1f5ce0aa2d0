# Front Door: `make run` serves the platform; `make test` runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
RUN_STAMP := $(VENV)/.run-installed
DEV_STAMP := $(VENV)/.dev-installed
export DJANGO_SETTINGS_MODULE := frontdoor.settings

NODE_STAMP := node_modules/.installed
ASSETS := frontdoor/web/static/web/dist/council.css frontdoor/staff/static/staff/dist/staff.css
CHROMIUM := /usr/bin/chromium

.PHONY: run test lint migrations-check clean assets chromium pango

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(RUN_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(DEV_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $@ $(RUN_STAMP)

# GOV.UK Frontend and axe-core from npm (pinned in package-lock.json), built
# into a git-ignored static folder.
$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

$(ASSETS) &: $(NODE_STAMP) frontdoor/web/frontend/council.scss frontdoor/web/frontend/build.mjs \
		frontdoor/web/frontend/_theme.scss frontdoor/web/frontend/_common.scss \
		frontdoor/staff/frontend/staff.scss frontdoor/staff/frontend/build.mjs
	npm run -s build

assets: $(ASSETS)

# The browser tests drive Debian's Chromium; Playwright never downloads one.
chromium:
	@test -x $(CHROMIUM) || { apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }

# The board report's PDF: WeasyPrint draws text with Debian's Pango (and its fonts).
pango:
	@ldconfig -p | grep -q 'libpangoft2-1.0.so.0' || { apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 \
		libharfbuzz-subset0 fonts-liberation; }

run: $(RUN_STAMP) $(ASSETS) pango
	mkdir -p var/static
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py createcachetable
	$(BIN)/python manage.py load_demo_council
	$(BIN)/python manage.py run_platform

test: $(DEV_STAMP) $(ASSETS) chromium pango
	mkdir -p var/static
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy .
	$(BIN)/lint-imports
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python -m pytest

lint: $(DEV_STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) var node_modules frontdoor/web/static/web/dist

# Two commands for people: `make build` and `make test`. Everything they need is set up here.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
# Debian packages: CJK fonts for pages/PDFs/charts, HarfBuzz subsetting for fast WeasyPrint,
# Pango for WeasyPrint, Chromium for browser tests, poppler for reading PDFs back, nginx for
# the intranet deployment test, Liberation Serif for English PDFs, LibreOffice Writer to render
# the Word files in tests.
APT_PACKAGES := fonts-noto-cjk libharfbuzz-subset0 libpango-1.0-0 libpangoft2-1.0-0 \
                chromium chromium-driver poppler-utils nginx fonts-liberation2 \
                libreoffice-writer-nogui

.PHONY: build serve nginx test test-fast golden lint format check summary bench system venv clean

build: venv system
	$(BIN)/handbook build

serve: venv system
	$(BIN)/handbook serve

# The built site/ through nginx, as on the intranet server (security headers, gzip, caching).
nginx: venv system
	$(BIN)/handbook nginx --port $(or $(PORT),8080)

test: venv system
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest

# The tests that need neither a built site, a browser nor the print outputs (about a minute).
test-fast: venv
	$(BIN)/python -m pytest -m "not browser and not print and not slow"

# Rewrite tests/golden/ from the pages generated now, after an intended change (review git diff).
golden: venv
	$(BIN)/python -m tests.goldens --update

check: venv
	$(BIN)/handbook check

# The figures of one half year, as the reports state them: make summary PERIOD=2023H1
summary: venv
	$(BIN)/handbook summary --period $(or $(PERIOD),$(error set PERIOD, e.g. PERIOD=2023H1))

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: venv
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: venv system
	$(BIN)/python -m pip install --quiet -r benchmarks/requirements.txt
	$(BIN)/python -m benchmarks

venv: $(VENV)/.installed

$(VENV)/.installed: requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $@

# Installs only what is missing; apt-get update runs once, and only when something is missing.
system:
	@missing=""; \
	for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  sudo=""; [ "$$(id -u)" -eq 0 ] || sudo="sudo"; \
	  echo "Installing Debian packages:$$missing"; \
	  $$sudo apt-get update -q && \
	  DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -q $$missing; \
	fi

# Also what an interrupted build leaves: its work folders (.build-*, which may hold personal
# PDFs) and set-aside old outputs.
clean:
	rm -rf site dist .build .build-* site.old* dist.old* .build.lock .pytest_cache .ruff_cache

# 安执 Anzhi — `make run` serves the demo, `make test` runs the whole suite.
# Everything is installed by these targets; nothing is installed by hand.

PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAMP_PY := $(VENV)/.installed-$(shell cat requirements.txt requirements-dev.txt pyproject.toml | sha1sum | cut -c1-12)
STAMP_JS := node_modules/.installed-$(shell cat package.json package-lock.json | sha1sum | cut -c1-12)
STAMP_SYS := var/.system-packages

export DJANGO_SETTINGS_MODULE := anzhi.settings

.PHONY: run test setup system python assets db demo lint bench ci-pg clean

setup: system python assets

# Debian packages: the browser for browser tests, CJK fonts and HarfBuzz subsetting for PDFs,
# poppler for checking PDFs, PostgreSQL for CI. Installed when running as root; otherwise
# the script prints the exact apt-get command and stops.
system: $(STAMP_SYS)
$(STAMP_SYS): scripts/system-packages.sh
	@bash scripts/system-packages.sh
	@mkdir -p var && touch $@

python: $(STAMP_PY)
$(STAMP_PY): requirements.txt requirements-dev.txt pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	$(BIN)/pip install --quiet --no-deps -e .
	@rm -f $(VENV)/.installed-* && touch $@

assets: $(STAMP_JS)
$(STAMP_JS): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

db: setup
	$(BIN)/anzhi migrate --no-input
	$(BIN)/anzhi load_regions

demo: db
	$(BIN)/anzhi load_demo

run: demo
	@bash scripts/serve.sh $(PORT)

test: setup
	$(BIN)/anzhi makemigrations --check --dry-run > /dev/null || (echo "模型有未生成的迁移 (makemigrations --check failed)"; exit 1)
	$(BIN)/ruff check .
	$(BIN)/pytest -n 2 --dist loadgroup $(PYTEST_ARGS)

lint: python
	$(BIN)/ruff check .

# Benchmarks against PostgreSQL at the sizes the issues name (not part of `make test`).
bench: setup
	$(BIN)/python -m bench $(BENCH_ARGS)

clean:
	rm -rf $(VENV) node_modules var/.system-packages

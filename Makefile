# make demo: build the example briefs and the site into out/.  make test: run the test suite.
# Each sets itself up on a fresh machine: system packages (as root on Debian), a venv, and the package.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
NODE_STAMP := node_modules/.installed-stamp
EXAMPLES := $(wildcard examples/*.yaml)

.PHONY: all demo test quick lint golden bench typecheck catalogs clean

all: test

$(STAMP): pyproject.toml scripts/install-system-deps.sh
	./scripts/install-system-deps.sh
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test,dev]'
	touch $@

demo: $(STAMP)
	@for f in $(EXAMPLES); do \
	  echo "== reportgen calc $$f"; $(BIN)/reportgen calc $$f || exit $$?; echo; \
	  for lang in nl en; do $(BIN)/reportgen brief $$f --lang $$lang --out out || exit $$?; done; \
	done
	$(BIN)/reportgen site examples --out out/site
	@echo "briefs: out/*.pdf  site: out/site/index.html"

# Chromium, Java and the npm test tools for the browser tests; without them those tests skip, loudly.
$(NODE_STAMP): package.json package-lock.json scripts/install-system-deps.sh
	./scripts/install-system-deps.sh browser
	@if command -v npm >/dev/null; then npm ci --no-audit --no-fund --loglevel=error && touch $@; \
	 else echo "warning: npm not found; browser tests will be skipped" >&2; fi

test: $(STAMP) $(NODE_STAMP)
	$(BIN)/ruff check reportgen tests benchmarks scripts
	$(BIN)/mypy reportgen
	$(BIN)/python -m pytest

# While developing: everything but the browser and slow tests, on every core (make test runs them all).
quick: $(STAMP)
	$(BIN)/ruff check reportgen tests benchmarks scripts
	$(BIN)/mypy reportgen
	$(BIN)/python -m pytest -q -m "not browser and not slow" -n auto

lint: $(STAMP)
	$(BIN)/ruff check reportgen tests benchmarks scripts

# After an intended change to the briefs: rewrite tests/golden/ and review the diff before committing it.
golden: $(STAMP)
	$(BIN)/python -m pytest tests/brief/test_golden.py tests/brief/test_cluster_brief.py -k golden --update-golden -q
	git diff --stat -- tests/golden

typecheck: $(STAMP)
	$(BIN)/mypy reportgen

bench: $(STAMP)
	$(BIN)/python benchmarks/calc.py
	$(BIN)/python benchmarks/brief.py
	$(BIN)/python benchmarks/site.py
	$(BIN)/python benchmarks/measure.py
	$(BIN)/python benchmarks/uncertainty.py

clean:
	rm -rf out build dist .pytest_cache .mypy_cache

catalogs: $(STAMP)
	./scripts/update-catalogs.sh

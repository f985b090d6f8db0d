# Two commands on a fresh machine: `make site` builds the sample, `make test` runs the suite.
PYTHON ?= python3
VENV   ?= .venv
PY      = $(VENV)/bin/python
STAMP   = $(VENV)/.installed

.PHONY: site test check serve bench clean harden fuzz validators

site: $(STAMP)
	$(VENV)/bin/paperdigest build --src papers --out site

test: $(STAMP) validators
	$(PY) -m pytest

# the hardening suites (fuzzing, hostile input, XSS in Chromium) and their figures; fuzz: ten times longer
harden: $(STAMP)
	$(PY) benchmarks/harden.py

fuzz: $(STAMP)
	$(PY) benchmarks/harden.py --long

# The Nu HTML checker (vnu-jar, run by Java) and axe-core come from npm, as in CI (.ci/run).
# Installed into ./node_modules when npm and java are here; otherwise their tests skip and say
# which one command (it needs root) installs what is missing.
validators:
	@if [ -f node_modules/vnu-jar/package.json ] && [ -f node_modules/axe-core/package.json ]; then :; \
	elif command -v npm >/dev/null 2>&1 && command -v java >/dev/null 2>&1; then \
		echo "npm ci --ignore-scripts: the Nu HTML checker and axe-core into ./node_modules"; \
		npm ci --ignore-scripts --no-audit --no-fund --loglevel=error; \
	else \
		echo "note: npm or java missing: HTML-validator and accessibility tests will skip;" \
		     "install them with: sudo apt-get install -y npm default-jre-headless chromium"; \
	fi

check: $(STAMP)
	$(VENV)/bin/paperdigest check --src papers

serve: $(STAMP)
	$(VENV)/bin/paperdigest serve --src papers --out site

# paperdigest beside Hugo (apt-get install hugo) on 50 and 500 generated issues; BENCH="--huge" adds 50,000 papers
bench: $(STAMP)
	$(PY) benchmarks/compare_hugo.py $(BENCH)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

clean:
	rm -rf site $(VENV) .pytest_cache .cache/paperdigest

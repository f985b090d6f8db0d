# Two commands on a fresh machine: `make site` builds the sample, `make test` runs the suite.
PYTHON ?= python3
VENV   ?= .venv
PY      = $(VENV)/bin/python
STAMP   = $(VENV)/.installed

.PHONY: site test check serve clean harden fuzz

site: $(STAMP)
	$(VENV)/bin/paperdigest build --src papers --out site

test: $(STAMP)
	$(PY) -m pytest

# the hardening suites (fuzzing, hostile input, XSS in Chromium) and their figures; fuzz: ten times longer
harden: $(STAMP)
	$(PY) benchmarks/harden.py

fuzz: $(STAMP)
	$(PY) benchmarks/harden.py --long

check: $(STAMP)
	$(VENV)/bin/paperdigest check --src papers

serve: $(STAMP)
	$(VENV)/bin/paperdigest serve --src papers --out site

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

clean:
	rm -rf site $(VENV) .pytest_cache

# Two commands on a fresh machine: `make site` builds the sample, `make test` runs the suite.
PYTHON ?= python3
VENV   ?= .venv
PY      = $(VENV)/bin/python
STAMP   = $(VENV)/.installed

.PHONY: site test check serve bench clean

site: $(STAMP)
	$(VENV)/bin/paperdigest build --src papers --out site

test: $(STAMP)
	$(PY) -m pytest

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
	rm -rf site $(VENV) .pytest_cache

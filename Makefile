# Two commands on a fresh machine: `make site` builds the sample, `make test` runs the suite.
PYTHON ?= python3
VENV   ?= .venv
PY      = $(VENV)/bin/python
STAMP   = $(VENV)/.installed

.PHONY: site test check serve clean

site: $(STAMP)
	$(VENV)/bin/paperdigest build --src papers --out site

test: $(STAMP)
	$(PY) -m pytest

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
	rm -rf site $(VENV) .pytest_cache .cache/paperdigest

# The two commands of the README are the contract: `make run` and `make test`.
# Everything else here is a step they use, or a developer convenience.

CKAN_VERSION ?= 2.11
export CKAN_VERSION

.PHONY: help run test test-fast test-browser test-make-run test-harvest lint venv services \
	bench docs i18n clean

help:
	@echo "make run    set up everything and serve the portal with demo data at http://127.0.0.1:5000"
	@echo "            (CKAN 2.11; CKAN_VERSION=2.12 make run for the other)"
	@echo "make test   set up everything and run ruff, mypy and every test on CKAN 2.11 and 2.12"
	@echo "make test-fast      the extension's tests without the browser tests, one CKAN"
	@echo "                    version (CKAN_VERSION, default 2.11): the inner loop"
	@echo "make test-browser   the browser tests      make test-make-run   checks of make run"
	@echo "make test-harvest   the harvest checks     (all three are part of make test)"
	@echo "make lint   ruff and mypy       make bench   the benchmark scripts"
	@echo "make docs   regenerate docs/configuration.md from config_declaration.yaml"
	@echo "make i18n   extract messages and compile the catalogues"
	@echo "make clean  remove .venv/ and .dev/ (databases are kept)"

run:
	@scripts/run.sh

test:
	@scripts/test.sh $(TEST_VERSIONS)

# Parts of `make test`, one CKAN version each; PYTEST_ARGS go to pytest.
BROWSER_TESTS = $(wildcard ckanext/satudata/tests/test_*browser*.py \
	ckanext/satudata/tests/*/test_*browser*.py)

test-fast:
	@scripts/dev-pytest.sh ckanext/satudata/tests -q \
		$(addprefix --ignore=,$(BROWSER_TESTS)) $(PYTEST_ARGS)

# The screenshots of the SOP walk go to .dev/test-logs/<version>/screenshots.
test-browser:
	@SATUDATA_TEST_OUTPUT=$${SATUDATA_TEST_OUTPUT:-.dev/test-logs/$(CKAN_VERSION)} \
		scripts/dev-pytest.sh -q $(BROWSER_TESTS) $(PYTEST_ARGS)

test-make-run: venv services
	@.venv/$(CKAN_VERSION)/bin/pytest -q tools/tests \
		--ignore=tools/tests/test_harvest_contract.py $(PYTEST_ARGS)

test-harvest: venv services
	@.venv/$(CKAN_VERSION)/bin/pytest -q tools/tests/test_harvest_contract.py $(PYTEST_ARGS)

venv:
	@scripts/venv.sh

services:
	@scripts/services.sh

# mypy reads CKAN 2.11's packages (SQLAlchemy 1.4 and its plugin), whatever
# CKAN_VERSION says: see [tool.mypy] in pyproject.toml.
lint: venv
	@.venv/$(CKAN_VERSION)/bin/ruff check ckanext tools benchmarks
	@CKAN_VERSION=2.11 scripts/venv.sh
	@.venv/2.11/bin/mypy

bench: venv services
	@scripts/bench.sh

docs: venv
	@scripts/docs.sh

i18n: venv
	@scripts/i18n.sh

clean:
	rm -rf .venv .dev

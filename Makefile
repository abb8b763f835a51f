# The two commands of the README are the contract: `make run` and `make test`.
# Everything else here is a step they use, or a developer convenience.

CKAN_VERSION ?= 2.11
export CKAN_VERSION

.PHONY: help run test lint venv services bench docs i18n clean

help:
	@echo "make run    set up everything and serve the portal with demo data at http://127.0.0.1:5000"
	@echo "            (CKAN 2.11; CKAN_VERSION=2.12 make run for the other)"
	@echo "make test   set up everything and run ruff, mypy and every test on CKAN 2.11 and 2.12"
	@echo "make lint   ruff and mypy       make bench   the benchmark scripts"
	@echo "make docs   regenerate docs/configuration.md from config_declaration.yaml"
	@echo "make i18n   extract messages and compile the catalogues"
	@echo "make clean  remove .venv/ and .dev/ (databases are kept)"

run:
	@scripts/run.sh

test:
	@scripts/test.sh $(TEST_VERSIONS)

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

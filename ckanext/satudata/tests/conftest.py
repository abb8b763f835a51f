from __future__ import annotations

from typing import Any

import ckan.config.middleware as middleware
import ckan.plugins as plugins
import pytest
from ckan.common import config
from ckan.lib import app_globals
from ckan.lib.app_globals import _CONFIG_CACHE
from ckan.tests import factories
from ckan.tests.helpers import CKANTestApp

from ckanext.satudata.tests.database import (
    empty_tables,
    emptying_statement,
    events_deletable,
)


@pytest.fixture(scope="session")
def _schema(reset_db, migrate_db_for) -> str:
    """CKAN's tables, activity's and ours, built once a session from an empty
    database by every migration; gives the statement that empties them."""
    plugins.load_all()  # the migrations are found through the loaded plugins
    try:
        with events_deletable():
            reset_db()
        migrate_db_for("activity")
        migrate_db_for("satudata")
    finally:
        plugins.unload_all()
    return emptying_statement()


@pytest.fixture
def clean_db(_schema, reset_index, reset_redis):
    """An empty database with the plugin tables (and activity's) in place,
    an empty search index and Redis db: CKAN's clean_db rebuilds the schema
    and runs every migration for each test, which made most of the suite's
    time; emptying the tables leaves each test the same start."""
    factories.fake.unique.clear()
    empty_tables(_schema)
    reset_index()
    reset_redis()


@pytest.fixture
def with_plugins(ckan_config):
    """CKAN's, less the unloading after the test: the next test loads the
    plugins again first (load_all unloads what is loaded), so unloading
    them only cost one more rebuild of the configuration."""
    plugins.load_all()


# Flask apps already built, by the configuration they were built from.
_APPS: dict[str, Any] = {}


@pytest.fixture
def make_app(ckan_config):
    """CKAN's, with the app built once for each configuration: building one
    loads every plugin twice more and registers every blueprint, a second a
    test. A test's client keeps no state between requests (a new Flask test
    client for each), and a configuration a test changes makes another
    app."""
    _CONFIG_CACHE.clear()  # values app_globals cached from the test before

    def cached() -> CKANTestApp:
        config["testing"] = True
        key = repr(sorted((k, repr(v)) for k, v in config.items()))
        if key not in _APPS:
            _APPS[key] = middleware.make_app(config)
        else:
            # What building it does besides, for this test.
            app_globals.reset()
            flask_app = _APPS[key]._wsgi_app
            middleware._internal_test_request_context = (
                flask_app.test_request_context())
        return CKANTestApp(_APPS[key])

    return cached


@pytest.fixture(autouse=True)
def _satudata_loaded(with_plugins):
    """Every test here runs with the plugins of test.ini loaded."""


def pytest_terminal_summary(terminalreporter):
    """The publishing-invariant attack's totals (tests/attack.py), which
    ``make test`` shows with each version's results."""
    from ckanext.satudata.tests.attack import COUNTS

    if COUNTS["attempts"]:
        terminalreporter.write_line(
            "publishing invariant attack: {attempts} attempts, {refused} refused,"
            " {accepted} accepted without a change of visibility, {breaches}"
            " breaches".format(**{k: COUNTS[k] for k in
                                  ("attempts", "refused", "accepted", "breaches")})
        )

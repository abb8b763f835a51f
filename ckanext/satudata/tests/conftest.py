from __future__ import annotations

import copy
import os
import zlib
from collections.abc import Iterator
from typing import Any

import ckan.authz as authz
import ckan.config.middleware as middleware
import ckan.logic as logic
import ckan.model as model
import ckan.model.user as ckan_user
import ckan.plugins as plugins
import ckan.plugins.core as plugin_core
import pytest
from ckan.common import config
from ckan.lib import app_globals
from ckan.lib.app_globals import _CONFIG_CACHE
from ckan.tests import factories
from ckan.tests.helpers import CKANTestApp
from passlib.hash import pbkdf2_sha512  # type: ignore[import-untyped]

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


# The last loading of the plugins: the configuration it started from, the
# plugins it loaded and the configuration it left.
_LOADED: dict[str, Any] = {}


def _config_key() -> str:
    return repr(sorted((k, repr(v)) for k, v in config.items()))


@pytest.fixture
def with_plugins(ckan_config):
    """CKAN's loads the plugins for each test and unloads them after: over a
    second a test, as each load and unload rebuilds the configuration (every
    plugin's update_config, the Solr schema check, a new database engine).
    What loading leaves depends only on the configuration it starts from, so
    a test that starts from the same configuration as the last load, with
    the same plugins still loaded, gets that load's configuration back and
    the caches loading would have cleared; any other test loads them again."""
    key = _config_key()
    if _LOADED.get("key") == key and _LOADED["plugins"] == plugin_core._PLUGINS:
        config.update(copy.deepcopy(_LOADED["config"]))
        app_globals.reset()
        logic.clear_actions_cache()
        logic.clear_validators_cache()
        authz.clear_auth_functions_cache()
        model.Session.remove()
        return
    plugins.load_all()
    _LOADED.update(key=key, plugins=list(plugin_core._PLUGINS),
                   config=copy.deepcopy(dict(config)))


CHROMIUM = "/usr/bin/chromium"

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
            # Building it loaded the plugins from this configuration.
            _LOADED.clear()
        else:
            # What building it does besides, for this test.
            app_globals.reset()
            flask_app = _APPS[key]._wsgi_app
            middleware._internal_test_request_context = (
                flask_app.test_request_context())
        return CKANTestApp(_APPS[key])

    return cached


@pytest.fixture(scope="session", autouse=True)
def _cheap_password_hashes():
    """CKAN hashes each password with 25,000 rounds of PBKDF2, a fortieth of
    a second, and the suite creates thousands of users. One round makes the
    same kind of hash, which CKAN still verifies (and upgrades at a login)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(ckan_user, "pbkdf2_sha512", pbkdf2_sha512.using(rounds=1))
        yield


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Debian's chromium through Playwright, for a module's browser tests."""
    from playwright import sync_api

    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True,
            # Every name but the test server's fails at once, as on a machine
            # without the internet whose resolver answers: CKAN's factories
            # give users, OPDs and groups pictures on other hosts, and
            # Chromium waited five seconds for each name to resolve.
            args=["--no-sandbox", "--disable-dev-shm-usage",
                  "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"],
        )
        yield launched
        launched.close()


@pytest.fixture(autouse=True)
def _satudata_loaded(with_plugins):
    """Every test here runs with the plugins of test.ini loaded."""


def pytest_collection_modifyitems(config, items):
    """``SATUDATA_TEST_HALF=1`` or ``2`` keeps one half of the test files
    (split by a hash of the file's path): ``make test`` measures line
    coverage on one half under each CKAN version, so that neither version
    carries all of coverage's cost."""
    half = os.environ.get("SATUDATA_TEST_HALF")
    if not half:
        return
    kept: list[pytest.Item] = []
    dropped: list[pytest.Item] = []
    for item in items:
        path = item.nodeid.split("::")[0]
        in_half = zlib.crc32(path.encode()) % 2 == int(half) - 1
        (kept if in_half else dropped).append(item)
    items[:] = kept
    config.hook.pytest_deselected(items=dropped)


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

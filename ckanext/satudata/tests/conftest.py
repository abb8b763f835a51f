from __future__ import annotations

import ckan.plugins as plugins
import pytest
from ckan.tests import factories

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

from __future__ import annotations

import pytest

from ckanext.satudata.tests.database import events_deletable


@pytest.fixture
def clean_db(reset_db, migrate_db_for):
    """An empty database with the plugin tables (and activity's) in place."""
    with events_deletable():
        reset_db()
    migrate_db_for("activity")
    migrate_db_for("satudata")


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

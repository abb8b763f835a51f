from __future__ import annotations

import contextlib
from collections.abc import Iterator

import ckan.model as model
import pytest
import sqlalchemy as sa

EVENTS = "satudata_workflow_event"


def _set_event_triggers(enabled: bool) -> None:
    with model.meta.engine.begin() as conn:
        if sa.inspect(conn).has_table(EVENTS):
            verb = "ENABLE" if enabled else "DISABLE"
            conn.execute(sa.text(f"ALTER TABLE {EVENTS} {verb} TRIGGER USER"))


@contextlib.contextmanager
def events_deletable() -> Iterator[None]:
    """The event table refuses DELETE and TRUNCATE (migration sd0005), so
    emptying the database between tests lifts that for the moment, as only
    the table's owner can."""
    model.Session.remove()
    _set_event_triggers(False)
    try:
        yield
    finally:
        model.Session.remove()
        _set_event_triggers(True)


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

"""Test-harness access to what the database otherwise refuses."""
from __future__ import annotations

import contextlib
from collections.abc import Iterator

import ckan.model as model
import sqlalchemy as sa

EVENTS = "satudata_workflow_event"


def _set_event_triggers(enabled: bool) -> None:
    with model.meta.engine.begin() as conn:
        if sa.inspect(conn).has_table(EVENTS):
            verb = "ENABLE" if enabled else "DISABLE"
            conn.execute(sa.text(f"ALTER TABLE {EVENTS} {verb} TRIGGER USER"))


@contextlib.contextmanager
def events_deletable() -> Iterator[None]:
    """The event table refuses DELETE and TRUNCATE (migration sd0005); a
    harness that empties the database lifts that for the moment, as only
    the table's owner can."""
    model.Session.remove()
    _set_event_triggers(False)
    try:
        yield
    finally:
        model.Session.remove()
        _set_event_triggers(True)

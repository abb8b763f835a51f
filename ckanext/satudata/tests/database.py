"""Test-harness access to what the database otherwise refuses."""
from __future__ import annotations

import contextlib
import warnings
from collections.abc import Iterator

import ckan.model as model
import sqlalchemy as sa

EVENTS = "satudata_workflow_event"


@contextlib.contextmanager
def counted_statements() -> Iterator[list[str]]:
    """The SQL statements sent inside the block, as they are sent."""
    statements: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    engine = model.Session.get_bind()
    sa.event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        sa.event.remove(engine, "before_cursor_execute", count)


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


def emptying_statement() -> str:
    """One batch of ``DELETE FROM`` for every table in the database, children
    before parents, as the migrations left it; the alembic version tables
    stay, or the next migration would start from nothing."""
    metadata = sa.MetaData()
    with warnings.catch_warnings():
        # CKAN's tsvector columns and expression indexes are not reflected.
        warnings.simplefilter("ignore", sa.exc.SAWarning)
        metadata.reflect(model.meta.engine)
    return "".join(
        f'DELETE FROM "{table.name}";'
        for table in reversed(metadata.sorted_tables)
        if not table.name.endswith("alembic_version")
    )


def empty_tables(statement: str) -> None:
    """Delete every row in one round trip. The deferred visibility triggers
    find no dataset left at the commit, so they have nothing to check."""
    with events_deletable(), model.meta.engine.begin() as conn:
        conn.exec_driver_sql(statement)

"""Test-harness access to what the database otherwise refuses."""
from __future__ import annotations

import contextlib
import copy
import dataclasses
import functools
import re
import warnings
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

import ckan.lib.search as search
import ckan.model as model
import sqlalchemy as sa
from ckan.tests import factories

from ckanext.satudata import shared_memo

T = TypeVar("T")

EVENTS = "satudata_workflow_event"
# Every append-only table: their triggers refuse DELETE and TRUNCATE.
APPEND_ONLY = (EVENTS, "satudata_template_announcement")


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
    verb = "ENABLE" if enabled else "DISABLE"
    with model.meta.engine.begin() as conn:
        for table in APPEND_ONLY:
            if sa.inspect(conn).has_table(table):
                conn.execute(sa.text(f"ALTER TABLE {table} {verb} TRIGGER USER"))


@contextlib.contextmanager
def events_deletable() -> Iterator[None]:
    """The event tables refuse DELETE and TRUNCATE (sd0005, sd0009); a
    harness that empties the database lifts that for the moment, as only
    the table's owner can."""
    model.Session.remove()
    _set_event_triggers(False)
    try:
        yield
    finally:
        model.Session.remove()
        _set_event_triggers(True)


def tables() -> list[str]:
    """Every table in the database, parents before children, as the
    migrations left it, less the alembic version tables (emptied, the next
    migration would start from nothing)."""
    metadata = sa.MetaData()
    with warnings.catch_warnings():
        # CKAN's tsvector columns and expression indexes are not reflected.
        warnings.simplefilter("ignore", sa.exc.SAWarning)
        metadata.reflect(model.meta.engine)
    return [table.name for table in metadata.sorted_tables
            if not table.name.endswith("alembic_version")]


def emptying_statement() -> str:
    """One batch of ``DELETE FROM`` for every table, children first."""
    return "".join(f'DELETE FROM "{name}";' for name in reversed(tables()))


def empty_tables(statement: str) -> None:
    """Delete every row in one round trip. The deferred visibility triggers
    find no dataset left at the commit, so they have nothing to check."""
    with events_deletable(), model.meta.engine.begin() as conn:
        conn.exec_driver_sql(statement)


@dataclasses.dataclass(frozen=True)
class _Snapshot:
    schema: str
    tables: tuple[str, ...]
    seen: dict[Any, Any]
    value: Any


# Snapshots taken this session, by key. Their schemas stay in the test
# database until the next session takes them again.
_SNAPSHOTS: dict[str, _Snapshot] = {}


def restored(key: str, build: Callable[[], T]) -> T:
    """What ``build()`` makes on the database as it stands: built by the
    first test that asks, whose rows are then copied into a schema of their
    own, and put back (in place of every row there is) for every later
    call with the same ``key``, with the search index rebuilt from them. A
    regency of users, roles and OPDs takes a second to build through the
    actions and a few milliseconds to put back, and a fixture may build on
    another's (a revision on a restored regency). Each call gets its own
    copy of the value. Only rows come back: files the build uploaded stay in
    the first test's storage directory (CKAN's ``create_with_upload`` gives
    each test its own), so a test that reads a file uploads it itself."""
    snapshot = _SNAPSHOTS.get(key)
    if snapshot is None:
        value = build()
        model.Session.commit()
        snapshot = _take(key, value)
        _SNAPSHOTS[key] = snapshot
        return value
    statement = "".join(
        f'INSERT INTO "{name}" SELECT * FROM "{snapshot.schema}"."{name}";'
        for name in snapshot.tables)
    empty_tables(_emptying())
    with model.meta.engine.begin() as conn:
        conn.exec_driver_sql(statement)
    # Written past CKAN's session: what shared_memo kept is stale now.
    shared_memo.database_changed()
    search.clear_all()
    packages = [id_ for (id_,) in model.Session.execute(
        sa.text("SELECT id FROM package WHERE state = 'active'"))]
    if packages:
        search.rebuild(package_ids=packages)
    model.Session.remove()
    # Factory names made after this one must not repeat the snapshot's.
    factories.fake.unique._seen = _seen_copy(snapshot.seen)
    return copy.deepcopy(snapshot.value)


@functools.cache
def _emptying() -> str:
    return emptying_statement()


def _take(key: str, value: Any) -> _Snapshot:
    schema = "satudata_snapshot_" + re.sub(r"\W", "_", key)
    with model.meta.engine.begin() as conn:
        conn.exec_driver_sql(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE;'
                             f'CREATE SCHEMA "{schema}"')
        filled = [name for name in tables() if conn.exec_driver_sql(
            f'SELECT EXISTS (SELECT 1 FROM "{name}")').scalar()]
        conn.exec_driver_sql("".join(
            f'CREATE TABLE "{schema}"."{name}" AS TABLE "{name}";'
            for name in filled))
    return _Snapshot(schema, tuple(filled),
                     _seen_copy(factories.fake.unique._seen),
                     copy.deepcopy(value))


def _seen_copy(seen: dict[Any, set[Any]]) -> dict[Any, set[Any]]:
    """The values Faker's unique proxy has handed out: the sets copied, their
    members kept (each set holds the proxy's own sentinel object)."""
    return {key: set(values) for key, values in seen.items()}

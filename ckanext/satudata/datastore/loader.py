"""Loading one checked file into the DataStore with PostgreSQL ``COPY``.

The table is created by CKAN's own ``datastore_create`` (its ``_id`` and
``_full_text`` columns, full-text trigger and indexes, the data dictionary
in column comments, ``datastore_active`` on the resource); the rows are then
streamed into it with one ``COPY ... FROM STDIN`` in a single transaction,
so a load that fails or is killed leaves no half-filled table behind: the
table is dropped again and the next attempt starts over.
"""
from __future__ import annotations

import datetime
import decimal
import io
from collections.abc import Iterable
from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.datastore.backend.postgres import get_write_engine, identifier
from ckanext.satudata.checks import conformance

from . import dictionary, site_context

_CHUNK_ROWS = 10_000
_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def copy_text(value: Any) -> str:
    """A value in the text format of ``COPY`` (``\\N`` is NULL)."""
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, int | decimal.Decimal | float):
        return str(value)
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    return str(value).translate(_ESCAPES)


class _RowStream(io.RawIOBase):
    """The rows as the bytes ``COPY FROM STDIN`` reads, made as it reads.

    Rows come as lists of values or as :class:`.conformance.TabRows`, lines
    already in ``COPY``'s text format.
    """

    def __init__(self, rows: Iterable[list[Any] | conformance.TabRows]) -> None:
        self._rows = iter(rows)
        self._buffer = b""
        self._at = 0
        self.count = 0

    def readable(self) -> bool:
        return True

    def _more(self) -> bool:
        parts = []
        count = 0
        for row in self._rows:
            if isinstance(row, conformance.TabRows):
                parts.append(row.text)
                count += row.count
            else:
                parts.append("\t".join(map(copy_text, row)) + "\n")
                count += 1
            if count >= _CHUNK_ROWS:
                break
        if not parts:
            return False
        self.count += count
        self._buffer = self._buffer[self._at:] + "".join(parts).encode("utf-8")
        self._at = 0
        return True

    def read(self, size: int = -1) -> bytes:
        while (size < 0 or len(self._buffer) - self._at < size) and self._more():
            pass
        end = len(self._buffer) if size < 0 else self._at + size
        chunk = self._buffer[self._at:end]
        self._at += len(chunk)
        return chunk


def drop(resource_id: str) -> None:
    """Remove the resource's DataStore table, if it has one."""
    try:
        tk.get_action("datastore_delete")(
            site_context(), {"resource_id": resource_id, "force": True})
    except tk.ObjectNotFound:
        pass


def load(resource_id: str, path: str, spec: conformance.Spec, *,
         file_name: str | None, file_format: str | None) -> int:
    """(Re)create the resource's DataStore table from the file at ``path``;
    returns the number of rows loaded."""
    fields = dictionary.fields(spec)
    drop(resource_id)
    tk.get_action("datastore_create")(
        site_context(),
        {"resource_id": resource_id, "force": True, "fields": fields},
    )
    rows = conformance.loadable_rows(
        path, spec, file_name=file_name, file_format=file_format)
    connection = get_write_engine().raw_connection()
    try:
        count = copy_rows(connection, resource_id, [f["id"] for f in fields], rows)
        connection.commit()
    except BaseException:
        connection.rollback()
        connection.close()
        drop(resource_id)
        raise
    connection.close()
    return count


def copy_rows(connection: Any, table: str, columns: list[str],
              rows: Iterable[list[Any] | conformance.TabRows]) -> int:
    """``COPY`` ``rows`` into ``table`` on a psycopg2 connection, without
    committing; returns how many were copied."""
    stream = _RowStream(rows)
    names = ", ".join(identifier(c) for c in columns)
    sql = f"COPY {identifier(table)} ({names}) FROM STDIN WITH (FORMAT text)"
    with connection.cursor() as cursor:
        cursor.copy_expert(sql, stream, size=1 << 18)
    return stream.count

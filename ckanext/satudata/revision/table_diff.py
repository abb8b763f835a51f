"""The rows that differ between two versions of a table.

A checker deciding on a revision wants to know which rows were added,
removed or changed, not that "the file changed". Both files are read with
the conformance check's own reader (encodings, ``;``, title rows, XLSX) and
cells are compared as the template's Table Schema reads them, so ``1.297,5``
in one file and ``1297.5`` in the other are the same number. Rows are
matched by the template's primary key, or, without one, by its non-numeric
(dimension) columns: in a statistics table those name what a row counts.

Memory stays flat however long the files are: rows go to a temporary SQLite
database on disk and the comparison is a join there. Time grows with the
files, so each is read up to ``max_rows`` data rows; beyond that the diff is
refused with a message rather than run for minutes in a web request.
"""
from __future__ import annotations

import dataclasses
import datetime
import decimal
import json
import logging
import os
import sqlite3
import tempfile
from collections.abc import Callable, Iterator
from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.satudata.checks import messages
from ckanext.satudata.checks.conformance import (
    FOOTNOTE,
    TOTALS,
    Spec,
    frictionless_schema,
    indonesian_number,
)
from ckanext.satudata.checks.reader import Unreadable, normalise_name, open_table

log = logging.getLogger(__name__)

# How many rows of each kind a diff shows in full; all are counted.
SHOWN = 50
_HEADER_SCAN = 20


@dataclasses.dataclass(frozen=True)
class TableFile:
    """A stored table file, with the name and format the producer gave it."""

    path: str
    file_name: str | None = None
    format: str | None = None


@dataclasses.dataclass(frozen=True)
class Row:
    """A row only one version has: its row number there and its cells."""

    row: int
    key: tuple[str, ...]
    values: tuple[str, ...]


@dataclasses.dataclass(frozen=True)
class CellChange:
    column: str
    old: str
    new: str


@dataclasses.dataclass(frozen=True)
class ChangedRow:
    """A row in both versions whose values differ, cell by cell."""

    old_row: int
    new_row: int
    key: tuple[str, ...]
    cells: tuple[CellChange, ...]


@dataclasses.dataclass(frozen=True)
class TableDiff:
    """The first :data:`SHOWN` rows of each kind, and how many there are.

    ``error`` is set, and nothing else, when the two files cannot be
    compared; ``notices`` say what the comparison had to work around.
    """

    columns: tuple[str, ...] = ()
    key: tuple[str, ...] = ()
    added: tuple[Row, ...] = ()
    removed: tuple[Row, ...] = ()
    changed: tuple[ChangedRow, ...] = ()
    added_count: int = 0
    removed_count: int = 0
    changed_count: int = 0
    unchanged_count: int = 0
    notices: tuple[str, ...] = ()
    error: str | None = None

    @property
    def identical(self) -> bool:
        return self.error is None and not (
            self.added_count or self.removed_count or self.changed_count)


class _Refused(Exception):
    """The files cannot be compared; the message says why, in Indonesian."""


def max_rows_configured() -> int:
    return tk.config.get("ckanext.satudata.revision.diff_max_rows")


def table_diff(old: TableFile, new: TableFile, spec: Spec, *,
               shown: int = SHOWN, max_rows: int | None = None) -> TableDiff:
    """Compare ``new`` with ``old``, both read against the template ``spec``.

    Never raises for what a file holds: an unreadable file, a header that
    lacks template columns, or a file over ``max_rows`` data rows (default:
    ``ckanext.satudata.revision.diff_max_rows``) give a diff with ``error``.
    """
    limit = max_rows if max_rows is not None else max_rows_configured()
    try:
        with _Store() as store:
            reader = _Reader(spec, limit)
            old_notices = reader.load(old, store, "old", tk._("versi terbit"))
            new_notices = reader.load(new, store, "new", tk._("revisi"))
            return _compare(store, reader, shown, old_notices + new_notices)
    except _Refused as e:
        return TableDiff(error=str(e))
    except Exception:
        # A reader library failing on a malformed file must not turn the
        # checker's page into a 500; the log keeps what happened.
        log.exception("table diff failed: %s, %s", old.path, new.path)
        return TableDiff(error=tk._(
            "Perbandingan tabel gagal karena kesalahan sistem. Unduh kedua "
            "berkas untuk membandingkannya."))


class _Store:
    """Both versions' rows, by key, in a temporary SQLite file."""

    def __init__(self) -> None:
        self._dir = tempfile.TemporaryDirectory(prefix="satudata-diff-")
        self.db = sqlite3.connect(os.path.join(self._dir.name, "diff.db"))
        self.db.execute("PRAGMA journal_mode=OFF")
        self.db.execute("PRAGMA synchronous=OFF")
        for side in ("old", "new"):
            self.db.execute(
                f"CREATE TABLE {side} (key TEXT PRIMARY KEY, row INTEGER, "
                "norm TEXT, raw TEXT) WITHOUT ROWID")

    def __enter__(self) -> _Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.db.close()
        self._dir.cleanup()


@dataclasses.dataclass
class _Column:
    name: str
    position: int
    numeric: bool
    read: Callable[[Any], tuple[Any, Any]]


class _Reader:
    def __init__(self, spec: Spec, max_rows: int) -> None:
        self.spec = spec
        self.max_rows = max_rows
        self.decimal_comma = bool(spec.options.get("decimal_comma"))
        self.fields = [f["name"] for f in spec.fields]
        numeric = {f["name"] for f in spec.fields
                   if f.get("type") in ("integer", "number")}
        self.numeric = numeric
        self.key = spec.primary_key or [n for n in self.fields if n not in numeric]
        if not self.key:
            raise _Refused(tk._(
                "Tabel tidak dapat dibandingkan per baris: template tidak "
                "punya kunci utama dan semua kolomnya berisi angka."))
        self.key_at = [self.fields.index(k) for k in self.key]
        self.schema = frictionless_schema(spec)
        # A totals label in a dimension column is data when the template
        # lists it as a choice.
        self.choices = {
            f["name"]: {str(c) for c in (f.get("constraints") or {}).get("enum") or []}
            for f in spec.fields}

    def load(self, file: TableFile, store: _Store, side: str, which: str) -> list[str]:
        try:
            table = open_table(
                file.path, file_name=file.file_name, format_hint=file.format,
                expected_names=self.fields,
                delimiter=self.spec.dialect.get("delimiter") or ",")
        except Unreadable as e:
            reason = messages.describe(e.code, **e.params)[0]
            raise _Refused(tk._("Berkas {which} tidak dapat dibaca: {reason}")
                           .format(which=which, reason=reason)) from None
        except OSError:
            raise _Refused(tk._("Berkas {which} tidak ditemukan di penyimpanan.")
                           .format(which=which)) from None
        try:
            return self._store_rows(table.rows, store, side, which)
        finally:
            table.close()

    def _store_rows(self, rows: Iterator[tuple[int, list[str]]], store: _Store,
                    side: str, which: str) -> list[str]:
        ahead = []
        filled = 0
        for item in rows:
            ahead.append(item)
            filled += any(c.strip() for c in item[1])
            if filled >= _HEADER_SCAN:
                break
        header_at = self._header(ahead)
        if header_at is None:
            raise _Refused(tk._("Berkas {which} tidak memuat satu pun judul "
                                "kolom template.").format(which=which))
        columns = self._columns(ahead[header_at][1], which)
        count = duplicates = 0
        for number, cells in _chain(ahead[header_at + 1:], rows):
            if not any(c.strip() for c in cells) or self._not_data(cells, columns):
                continue
            count += 1
            if count > self.max_rows:
                raise _Refused(tk._(
                    "Berkas {which} berisi lebih dari {limit} baris data; "
                    "perbandingan per baris dibatasi {limit} baris. Unduh "
                    "kedua berkas untuk membandingkannya.").format(
                        which=which, limit=f"{self.max_rows:,}".replace(",", ".")))
            raw = [_cell(cells, c.position) for c in columns]
            norm = [self._normal(c, text) for c, text in zip(columns, raw,
                                                              strict=True)]
            key = json.dumps([norm[i] for i in self.key_at])
            inserted = store.db.execute(
                f"INSERT OR IGNORE INTO {side} VALUES (?, ?, ?, ?)",
                (key, number, json.dumps(norm), json.dumps(raw))).rowcount
            duplicates += not inserted
        if duplicates:
            return [tk._(
                "{count} baris di berkas {which} mengulang kunci baris "
                "sebelumnya ({key}); hanya baris pertama yang dibandingkan."
            ).format(count=duplicates, which=which, key=", ".join(self.key))]
        return []

    def _header(self, rows: list[tuple[int, list[str]]]) -> int | None:
        """The index of the row that names the most template columns."""
        known = {normalise_name(n) for n in self.fields} | {
            normalise_name(f["title"]) for f in self.spec.fields if f.get("title")}
        scores = [sum(normalise_name(c) in known for c in cells) for _, cells in rows]
        if not scores or not max(scores):
            return None
        return scores.index(max(scores))

    def _columns(self, header: list[str], which: str) -> list[_Column]:
        loose: dict[str, str] = {}
        for field in self.spec.fields:
            loose.setdefault(normalise_name(field["name"]), field["name"])
            if field.get("title"):
                loose.setdefault(normalise_name(field["title"]), field["name"])
        found: dict[str, int] = {}
        for position, label in enumerate(header):
            name = loose.get(normalise_name(label))
            if name is not None and name not in found:
                found[name] = position
        missing = [n for n in self.fields if n not in found]
        if missing:
            raise _Refused(tk._(
                "Judul kolom berkas {which} tidak sesuai template: kolom "
                "{columns} tidak ada.").format(which=which, columns=", ".join(missing)))
        return [_Column(name, found[name], name in self.numeric,
                        self.schema.get_field(name).create_cell_reader())
                for name in self.fields]

    def _not_data(self, cells: list[str], columns: list[_Column]) -> bool:
        """A totals row or a footnote, which the check skips as well."""
        first = next((c.strip() for c in cells if c.strip()), "")
        if FOOTNOTE.match(first) and sum(1 for c in cells if c.strip()) <= 2:
            return True
        for column in columns:
            if column.numeric:
                continue
            text = _cell(cells, column.position)
            if text and TOTALS.match(text) and text not in self.choices[column.name]:
                return True
        return False

    def _normal(self, column: _Column, raw: str) -> str:
        """The cell as its type reads it, in one spelling; unreadable cells
        (the check reports them) compare as written."""
        cell = raw
        if column.numeric and self.decimal_comma:
            cell = indonesian_number(raw, "number") or raw
        value, notes = column.read(cell)
        if notes:
            return raw
        return _spelling(value)


def _spelling(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, decimal.Decimal):
        return format(value.normalize(), "f") if value.is_finite() else str(value)
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    return str(value)


def _cell(cells: list[str], position: int) -> str:
    return cells[position].strip() if position < len(cells) else ""


def _chain(first: list[tuple[int, list[str]]],
           rest: Iterator[tuple[int, list[str]]]) -> Iterator[tuple[int, list[str]]]:
    yield from first
    yield from rest


def _compare(store: _Store, reader: _Reader, shown: int,
             notices: list[str]) -> TableDiff:
    db = store.db
    key_at = reader.key_at

    def only(side: str, other: str) -> tuple[tuple[Row, ...], int]:
        where = (f"FROM {side} s LEFT JOIN {other} o ON o.key = s.key "
                 "WHERE o.key IS NULL")
        count = db.execute(f"SELECT count(*) {where}").fetchone()[0]
        rows = tuple(
            Row(row=number, key=tuple(values[i] for i in key_at),
                values=tuple(values))
            for number, values in (
                (n, json.loads(raw)) for n, raw in db.execute(
                    f"SELECT s.row, s.raw {where} ORDER BY s.row LIMIT ?", (shown,))))
        return rows, count

    added, added_count = only("new", "old")
    removed, removed_count = only("old", "new")
    both = "FROM old o JOIN new n ON n.key = o.key"
    changed_count = db.execute(f"SELECT count(*) {both} WHERE o.norm != n.norm"
                               ).fetchone()[0]
    unchanged_count = db.execute(f"SELECT count(*) {both} WHERE o.norm = n.norm"
                                 ).fetchone()[0]
    changed = []
    for old_row, new_row, old_norm, new_norm, old_raw, new_raw in db.execute(
            f"SELECT o.row, n.row, o.norm, n.norm, o.raw, n.raw {both} "
            "WHERE o.norm != n.norm ORDER BY n.row LIMIT ?", (shown,)):
        old_n, new_n = json.loads(old_norm), json.loads(new_norm)
        old_r, new_r = json.loads(old_raw), json.loads(new_raw)
        changed.append(ChangedRow(
            old_row=old_row, new_row=new_row,
            key=tuple(new_r[i] for i in key_at),
            cells=tuple(CellChange(name, old_r[i], new_r[i])
                        for i, name in enumerate(reader.fields)
                        if old_n[i] != new_n[i])))
    return TableDiff(
        columns=tuple(reader.fields), key=tuple(reader.key),
        added=added, removed=removed, changed=tuple(changed),
        added_count=added_count, removed_count=removed_count,
        changed_count=changed_count, unchanged_count=unchanged_count,
        notices=tuple(notices))

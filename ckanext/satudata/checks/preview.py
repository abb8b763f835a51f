"""A page of an uploaded table, for the people who judge it before publication.

Before a dataset is published its table is only a stored file (the DataStore
gets it at publication). The checker and the approver still have to see the
values ("Nilai data benar dan wajar"), so this module reads one page of rows
with the checks' own reader: the same encoding, delimiter and header row the
conformance check saw, so a finding's row and column point at the cell shown.
Reading stops after the requested page and the encoding scan is bounded, so a
page of a 100 MB file costs what a page costs.
"""
from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Iterator

from . import conformance
from .reader import Notice, normalise_name, open_table

PAGE_SIZE = 20
# Bytes scanned to tell UTF-8 from Windows-1252. A byte of cp1252 after this
# shows as a replacement character in the preview; the check reads it all.
SCAN_LIMIT = 1 << 20


@dataclasses.dataclass(frozen=True)
class Column:
    """A column of the file: where it is, its header, and its template field."""

    position: int
    label: str
    name: str | None = None
    title: str | None = None


@dataclasses.dataclass
class Page:
    number: int
    size: int
    header_row: int | None
    columns: list[Column]
    rows: list[tuple[int, list[str]]]
    has_next: bool
    notices: list[Notice]


def _first_filled(rows: Iterator[tuple[int, list[str]]]
                  ) -> tuple[int, list[str], list[tuple[int, list[str]]]] | None:
    """Without a template the first non-blank row is the header."""
    for number, cells in rows:
        if any(c.strip() for c in cells):
            return number, cells, []
    return None


def _columns(header: list[str], spec: conformance.Spec | None) -> list[Column]:
    """The header's columns, each matched to its template field the way the
    check matches them (by name, or loosely by name or title)."""
    fields = spec.fields if spec else []
    by_name = {f["name"]: f for f in fields}
    loose: dict[str, str] = {}
    for field in fields:
        loose.setdefault(normalise_name(field["name"]), field["name"])
        if field.get("title"):
            loose.setdefault(normalise_name(field["title"]), field["name"])
    columns = []
    for position, label in enumerate(header, start=1):
        name = label if label in by_name else loose.get(normalise_name(label))
        matched = by_name.get(name) if name else None
        columns.append(Column(
            position=position,
            label=label,
            name=name,
            title=(matched.get("title") or name) if matched else None,
        ))
    return columns


def read_page(
    path: str,
    spec: conformance.Spec | None,
    *,
    file_name: str | None = None,
    file_format: str | None = None,
    number: int = 1,
    size: int = PAGE_SIZE,
) -> Page:
    """Page ``number`` (from 1) of the data rows of the file at ``path``.

    Blank rows are left out; every row keeps its row number in the file, the
    number a conformance report gives. Raises
    :class:`~ckanext.satudata.checks.reader.Unreadable` for a file that is
    not a table.
    """
    table = open_table(
        path,
        file_name=file_name,
        format_hint=file_format,
        expected_names=spec.labels if spec else None,
        delimiter=(spec.dialect.get("delimiter") if spec else None) or ",",
        scan_limit=SCAN_LIMIT,
    )
    try:
        found = (conformance.locate_header(spec, table.rows) if spec
                 else _first_filled(table.rows))
        if found is None:
            return Page(number, size, None, [], [], False, table.notices)
        header_row, header, ahead = found
        data = (row for row in itertools.chain(ahead, table.rows)
                if any(c.strip() for c in row[1]))
        start = (number - 1) * size
        # One row more than the page tells whether there is a next page.
        taken = list(itertools.islice(data, start, start + size + 1))
    finally:
        table.close()
    rows = taken[:size]
    while header and not header[-1].strip():
        header = header[:-1]
    width = max([len(header)] + [len(cells) for _, cells in rows])
    header = header + [""] * (width - len(header))
    rows = [(n, cells + [""] * (width - len(cells))) for n, cells in rows]
    return Page(number, size, header_row, _columns(header, spec), rows,
                len(taken) > size, table.notices)

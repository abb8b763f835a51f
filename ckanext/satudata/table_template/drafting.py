"""Drafting a template from a sample table.

The Walidata usually starts from a table an OPD already produces. This reads
its header and first rows (with the same reader as the checker, so ``;``,
Windows-1252 and title rows are handled alike) and proposes a column per
header cell: a machine name, the header as Indonesian title, a type, and
options such as the decimal comma and region-code columns. The draft is only
a starting point for the authoring page; nothing is saved.
"""
from __future__ import annotations

import re
from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.satudata import region_codes
from ckanext.satudata.checks import messages
from ckanext.satudata.checks.conformance import FOOTNOTE, TOTALS
from ckanext.satudata.checks.reader import Unreadable, normalise_name, open_table

_SAMPLE_ROWS = 1000
_HEADER_SCAN = 20
_ENUM_MAX = 10

_INTEGER = re.compile(r"^[-+]?\d+$")
_LEADING_ZERO = re.compile(r"^0\d")
_NUMBER = re.compile(r"^[-+]?\d*\.\d+$")
_ID_THOUSANDS = re.compile(r"^[-+]?\d{1,3}(\.\d{3})+$")
_ID_DECIMAL = re.compile(r"^[-+]?(\d{1,3}(\.\d{3})+|\d+),\d+$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def infer(path: str, *, file_name: str | None = None,
          file_format: str | None = None) -> dict[str, Any]:
    """A draft ``{table_schema, dialect, options, notes}``.

    Raises :class:`.reader.Unreadable` for a file that is not a table.
    """
    table = open_table(path, file_name=file_name, format_hint=file_format)
    # The delimiter is learnt here, not compared with a template's.
    notes = [messages.describe(n.code, **n.params)[0] for n in table.notices
             if n.code != "pemisah"]
    try:
        scanned = []
        for number, cells in table.rows:
            if any(c.strip() for c in cells):
                scanned.append((number, cells))
            if len(scanned) >= _HEADER_SCAN:
                break
        if not scanned:
            raise Unreadable("berkas-kosong")
        widest = max(_width(cells) for _, cells in scanned)
        index = next(i for i, (_, cells) in enumerate(scanned)
                     if _width(cells) == widest)
        if index:
            notes.append(tk._("Baris {first} sampai {last} di atas judul kolom "
                              "dianggap judul tabel dan dilewati.").format(
                first=scanned[0][0], last=scanned[index - 1][0]))
        header = scanned[index][1][:widest]
        samples: list[list[str]] = [[] for _ in header]
        rows = 0
        for _, cells in scanned[index + 1:] + list(_take(table.rows, _SAMPLE_ROWS)):
            filled = [c.strip() for c in cells if c.strip()]
            if not filled or FOOTNOTE.match(filled[0]) or any(
                    TOTALS.match(c.strip()) for c in cells[:3]):
                continue
            rows += 1
            for i in range(len(header)):
                samples[i].append(cells[i].strip() if i < len(cells) else "")
    finally:
        table.close()

    fields = []
    options: dict[str, Any] = {"decimal_comma": False}
    region: list[str] = []
    dash = False
    used: set[str] = set()
    columns = zip(header, samples, strict=True)
    for position, (label, values) in enumerate(columns, start=1):
        name = _name(label, position, used)
        field, decimal_comma, is_region = _guess(name, values)
        if label.strip() and label.strip() != name:
            field["title"] = label.strip()
        fields.append(field)
        options["decimal_comma"] = options["decimal_comma"] or decimal_comma
        if is_region:
            region.append(name)
        dash = dash or (field["type"] != "string" and "-" in values)
    if region:
        options["region_code_fields"] = region
    schema: dict[str, Any] = {"fields": fields}
    if dash:
        schema["missingValues"] = ["", "-"]
    notes.append(tk._("{count} baris contoh dibaca untuk menyimpulkan tipe "
                      "kolom; periksa kembali setiap kolom.").format(count=rows))
    return {
        "table_schema": schema,
        "dialect": {"delimiter": table.delimiter or ","},
        "options": options,
        "notes": notes,
    }


def _width(cells: list[str]) -> int:
    filled = [i for i, c in enumerate(cells) if c.strip()]
    return filled[-1] + 1 if filled else 0


def _take(rows: Any, n: int) -> Any:
    for i, row in enumerate(rows):
        if i >= n:
            return
        yield row


def _name(label: str, position: int, used: set[str]) -> str:
    name = normalise_name(label) or f"kolom_{position}"
    if not name[0].isalpha():
        name = f"k_{name}"
    name = name[:60]
    base, n = name, 2
    while name in used:
        name, n = f"{base}_{n}", n + 1
    used.add(name)
    return name


def _guess(name: str, values: list[str]) -> tuple[dict[str, Any], bool, bool]:
    """``(field, uses decimal comma, is a region-code column)``."""
    filled = [v for v in values if v and v != "-"]
    field: dict[str, Any] = {"name": name, "type": "string"}
    constraints: dict[str, Any] = {}
    if filled and len(filled) == len(values):
        constraints["required"] = True
    decimal_comma = is_region = False

    def every(test: Any) -> bool:
        return bool(filled) and all(test(v) for v in filled)

    if every(lambda v: _INTEGER.match(v) and not _LEADING_ZERO.match(v)):
        if "tahun" in name and every(lambda v: 1900 <= int(v) <= 2100):
            field["type"] = "year"
        else:
            field["type"] = "integer"
            if every(lambda v: int(v) >= 0):
                constraints["minimum"] = 0
    elif every(lambda v: _INTEGER.match(v) or _ID_THOUSANDS.match(v)) and not every(
            lambda v: _LEADING_ZERO.match(v)):
        field["type"] = "integer"
        decimal_comma = True
    elif every(lambda v: _INTEGER.match(v) or _NUMBER.match(v)):
        field["type"] = "number"
    elif every(lambda v: _INTEGER.match(v) or _ID_THOUSANDS.match(v)
               or _ID_DECIMAL.match(v)):
        field["type"] = "number"
        decimal_comma = True
    elif every(_DATE.match):
        field["type"] = "date"
    elif every(lambda v: "." in v and region_codes.is_well_formed(v)):
        is_region = True
    else:
        distinct = set(filled)
        if (len(distinct) <= _ENUM_MAX and len(filled) >= 2 * len(distinct)
                and all(len(v) <= 40 for v in distinct)):
            constraints["enum"] = sorted(distinct)
    if constraints:
        field["constraints"] = constraints
    return field, decimal_comma, is_region

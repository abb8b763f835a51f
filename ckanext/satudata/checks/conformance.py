"""Checking a table file against one version of a template.

:func:`check_file` reads the file with :mod:`.reader`, matches its header to
the template, and runs every cell through the cell readers of the
frictionless Table Schema (types, formats, required, minimum/maximum,
length, pattern, enum, missing values). Around that it knows what Indonesian
spreadsheets look like: decimal comma and thousands dot, region codes that
must exist in the Kemendagri reference, totals rows ("Jumlah", "Total") and
footnotes ("Sumber:", "Catatan:"). Uniqueness and the primary key are
tracked on disk, so memory stays flat however long the file is.

It knows nothing of CKAN resources or the database: it takes a path and a
:class:`Spec` and returns a :class:`Result`.
"""
from __future__ import annotations

import collections
import copy
import csv
import dataclasses
import os
import re
import sqlite3
import tempfile
from collections.abc import Callable, Iterator
from typing import Any, cast

import ckan.plugins.toolkit as tk
import frictionless

from ckanext.satudata import region_codes

from . import messages
from .reader import Table, Unreadable, normalise_name, open_table

_HEADER_SCAN = 20
_PROGRESS_EVERY = 5000
_VALUE_MAX = 200
_READINGS_KEPT = 10_000  # per column, by typed_rows

# Indonesian number notation: "1.234.567" and "1.234,5" / "88,63".
_ID_THOUSANDS = re.compile(r"^\s*[-+]?\d{1,3}(\.\d{3})+\s*$")
_ID_DECIMAL = re.compile(r"^\s*[-+]?(\d{1,3}(\.\d{3})+|\d+),\d+\s*$")

_TOTALS_WORDS = (
    r"jumlah|total|jumlah total|total keseluruhan|jumlah keseluruhan|"
    r"jumlah seluruhnya|grand total|sub ?total|jumlah/total")
TOTALS = re.compile(rf"^({_TOTALS_WORDS})\s*:?$", re.IGNORECASE)
FOOTNOTE = re.compile(
    r"^\s*((sumber|catatan|keterangan|ket|note|notes|source)\s*\.?\s*:|\*+\))",
    re.IGNORECASE,
)

_CONSTRAINT_CODES = {
    "required": "wajib",
    "minimum": "minimum",
    "exclusiveMinimum": "minimum",
    "maximum": "maksimum",
    "exclusiveMaximum": "maksimum",
    "minLength": "panjang-minimum",
    "maxLength": "panjang-maksimum",
    "pattern": "pola",
    "enum": "pilihan",
}


@dataclasses.dataclass(frozen=True)
class Spec:
    """What a file is checked against: the content of one template version.

    ``options``: ``decimal_comma`` (bool) accepts ``1.234,5`` in integer and
    number columns; ``region_code_fields`` (list of column names) checks those
    columns against the Kemendagri reference; ``region_code_area`` is where
    their codes must lie: a Kemendagri code (``35`` for a province-wide
    table), ``nasional`` for anywhere, absent for the portal's own regency
    (``ckanext.satudata.kode_wilayah``). ``dialect``: ``delimiter`` (default
    ``,``).
    """

    table_schema: dict[str, Any]
    dialect: dict[str, Any] = dataclasses.field(default_factory=dict)
    options: dict[str, Any] = dataclasses.field(default_factory=dict)

    @property
    def fields(self) -> list[dict[str, Any]]:
        return self.table_schema.get("fields", [])

    @property
    def labels(self) -> list[str]:
        """What a header may call the columns: their names and titles."""
        return [label for f in self.fields
                for label in (f["name"], f.get("title")) if label]

    @property
    def primary_key(self) -> list[str]:
        key = self.table_schema.get("primaryKey") or []
        return [key] if isinstance(key, str) else list(key)


@dataclasses.dataclass
class Result:
    status: str
    errors: list[dict[str, Any]]
    warnings: list[dict[str, Any]]
    counts: dict[str, Any]


class _Findings:
    """Errors and warnings; keeps the first ``limit`` errors, counts them all."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.errors: list[dict[str, Any]] = []
        self.warnings: list[dict[str, Any]] = []
        self.total = 0
        self.by_code: collections.Counter[str] = collections.Counter()
        self.by_column: collections.Counter[tuple[str, str]] = collections.Counter()

    def add(self, code: str, row: int | None = None, column: str | None = None,
            position: int | None = None, value: Any = None, **params: Any) -> None:
        if code not in messages.WARNINGS:
            self.total += 1
            self.by_code[code] += 1
            self.by_column[(code, column or "")] += 1
            if len(self.errors) >= self.limit:
                return
        if value is not None:
            value = str(value)
            if len(value) > _VALUE_MAX:
                value = value[:_VALUE_MAX] + "…"
        message, expected = messages.describe(
            code, row=row, column=column, position=position, value=value,
            **params)
        finding = {
            "code": code, "row": row, "column": column, "position": position,
            "value": value, "message": message, "expected": expected,
        }
        target = self.warnings if code in messages.WARNINGS else self.errors
        target.append(finding)


class _Seen:
    """Values met so far in unique columns and the primary key, kept on disk.

    A set in memory would grow with the file; SQLite's page cache does not.
    """

    def __init__(self) -> None:
        self._dir = tempfile.TemporaryDirectory(prefix="satudata-check-")
        self._db = sqlite3.connect(os.path.join(self._dir.name, "seen.db"))
        self._db.execute("PRAGMA journal_mode=OFF")
        self._db.execute("PRAGMA synchronous=OFF")
        self._db.execute(
            "CREATE TABLE seen (scope INTEGER, key TEXT, row INTEGER, "
            "PRIMARY KEY (scope, key)) WITHOUT ROWID"
        )

    def first_row(self, scope: int, key: str, row: int) -> int | None:
        """None the first time ``key`` is met, else the row it was met in."""
        cursor = self._db.execute(
            "INSERT OR IGNORE INTO seen VALUES (?, ?, ?)", (scope, key, row))
        if cursor.rowcount:
            return None
        found = self._db.execute(
            "SELECT row FROM seen WHERE scope = ? AND key = ?", (scope, key)
        ).fetchone()
        return found[0]

    def close(self) -> None:
        self._db.close()
        self._dir.cleanup()


def indonesian_number(text: str, field_type: str) -> str | None:
    """``text`` in plain notation if it is written the Indonesian way, else None."""
    if _ID_THOUSANDS.match(text):
        return text.strip().replace(".", "")
    if field_type == "number" and _ID_DECIMAL.match(text):
        return text.strip().replace(".", "").replace(",", ".")
    return None


def frictionless_schema(spec: Spec) -> frictionless.Schema:
    """The template's schema as frictionless reads cells with it.

    Uniqueness and the primary key are left out (they are checked on disk,
    see :class:`_Seen`); primary key columns are required, as the Table Schema
    specification says.
    """
    descriptor = copy.deepcopy(spec.table_schema)
    descriptor.pop("primaryKey", None)
    descriptor.pop("foreignKeys", None)
    for field in descriptor.get("fields", []):
        constraints = field.get("constraints") or {}
        constraints.pop("unique", None)
        if field["name"] in spec.primary_key:
            constraints["required"] = True
        # Our own properties, not the specification's.
        field.pop("unit", None)
        if constraints:
            field["constraints"] = constraints
        else:
            field.pop("constraints", None)
    return frictionless.Schema.from_descriptor(descriptor)


@dataclasses.dataclass
class _Column:
    """A column of the file that corresponds to a template field."""

    position: int
    name: str
    field: dict[str, Any]
    read: Callable[[Any], tuple[Any, dict[str, str] | None]]
    numeric: bool
    region: bool
    unique_scope: int | None
    #: For a region code column, the column of the names of its places.
    names: _Column | None = None


class _Checker:
    def __init__(self, spec: Spec, findings: _Findings,
                 on_progress: Callable[[float], None] | None) -> None:
        self.spec = spec
        self.findings = findings
        self.on_progress = on_progress
        self.decimal_comma = bool(spec.options.get("decimal_comma"))
        self.region_fields = set(spec.options.get("region_code_fields") or [])
        self.region_area = region_area(spec)
        self.rows = 0
        #: The rows of the file read as the header (two for a two-row one).
        self.header_rows: list[int] = []
        #: Positions (1-based) of labels made of both rows of the header.
        self.joined_positions: set[int] = set()

    # The header --------------------------------------------------------

    def find_header(
        self, rows: Iterator[tuple[int, list[str]]]
    ) -> tuple[int, list[str], list[tuple[int, list[str]]]] | None:
        """The header row (the last of the two rows of a two-row header),
        its labels, and the rows read past it while looking for it.

        The header is the row among the first few that names the most
        template columns; rows above it are a title and are skipped. Two
        adjacent rows that together name more columns than any one row
        (a group label merged over the column titles beneath it) are read as
        one header: :attr:`header_rows` says which rows were read.
        """
        known = set()
        for field in self.spec.fields:
            known.add(normalise_name(field["name"]))
            if field.get("title"):
                known.add(normalise_name(field["title"]))
        read: list[tuple[int, list[str]]] = []
        filled: list[int] = []  # indexes in ``read`` of the non-blank rows
        for item in rows:
            read.append(item)
            if any(c.strip() for c in item[1]):
                filled.append(len(read) - 1)
                if len(filled) >= _HEADER_SCAN:
                    break
        if not filled:
            return None
        scores = [sum(normalise_name(c) in known for c in read[i][1])
                  for i in filled]
        best = scores.index(max(scores)) if max(scores) else 0
        index = filled[best]
        number, header = read[index]
        self.header_rows = [number]
        top = max(scores)
        for upper in range(len(filled) - 1):
            if filled[upper + 1] != filled[upper] + 1:
                continue  # a blank row between: not one header
            labels, joined = _joined(read[filled[upper]][1],
                                     read[filled[upper + 1]][1], known)
            score = sum(normalise_name(c) in known for c in labels)
            if score > top:
                top, best, header, self.joined_positions = (score, upper, labels,
                                                            joined)
                index = filled[upper + 1]
                number = read[index][0]
                self.header_rows = [read[filled[upper]][0], number]
        if best:
            self.findings.add("baris-judul", first=read[filled[0]][0],
                              last=read[filled[best - 1]][0],
                              header=self.header_rows[0])
        if len(self.header_rows) == 2:
            self.findings.add("judul-dua-baris", first=self.header_rows[0],
                              last=self.header_rows[1])
        while header and not header[-1].strip():
            header = header[:-1]
        return number, header, read[index + 1:]

    def map_columns(self, header: list[str]) -> list[_Column]:
        add = self.findings.add
        schema = frictionless_schema(self.spec)
        by_name = {f["name"]: f for f in self.spec.fields}
        loose: dict[str, str] = {}
        for field in self.spec.fields:
            loose.setdefault(normalise_name(field["name"]), field["name"])
            if field.get("title"):
                loose.setdefault(normalise_name(field["title"]), field["name"])
        unique = [f["name"] for f in self.spec.fields
                  if (f.get("constraints") or {}).get("unique")]

        found: dict[str, int] = {}
        for position, label in enumerate(header, start=1):
            if not label.strip():
                continue
            name = label if label in by_name else loose.get(normalise_name(label))
            if name is None:
                add("kolom-tambahan", column=label, position=position)
                continue
            if name in found:
                add("kolom-ganda", column=name, position=position)
                continue
            if (label != name and position not in self.joined_positions
                    and _loose(label) != _loose(by_name[name].get("title"))):
                add("nama-kolom", column=name, position=position, value=label)
            found[name] = position
        for field in self.spec.fields:
            if field["name"] not in found:
                add("kolom-hilang", column=field["name"],
                    title=field.get("title") or field["name"])
        in_file = sorted(found, key=found.__getitem__)
        in_template = [f["name"] for f in self.spec.fields if f["name"] in found]
        if in_file != in_template:
            add("urutan-kolom",
                order=", ".join(f["name"] for f in self.spec.fields))

        columns = []
        for name, position in sorted(found.items(), key=lambda i: i[1]):
            field = by_name[name]
            columns.append(_Column(
                position=position,
                name=name,
                field=field,
                read=schema.get_field(name).create_cell_reader(),
                numeric=field.get("type") in ("integer", "number"),
                region=name in self.region_fields,
                unique_scope=unique.index(name) if name in unique else None,
            ))
        placed = {c.name: c for c in columns}
        for code, names in region_name_fields(self.spec).items():
            if code in placed and names in placed:
                placed[code].names = placed[names]
        return columns

    # Rows --------------------------------------------------------------

    def special_row(self, cells: list[str],
                    label_columns: dict[int, frozenset[str]]) -> tuple[str, str] | None:
        """``("baris-jumlah" | "baris-catatan", text)`` for a non-data row.

        :param label_columns: position -> allowed values, for the columns a
            totals label can sit in (the first three and the text columns):
            "Total" is data where the template lists it as a choice
        """
        first = next((c.strip() for c in cells if c.strip()), "")
        if FOOTNOTE.match(first) and sum(1 for c in cells if c.strip()) <= 2:
            return "baris-catatan", first
        for index, allowed in label_columns.items():
            if index < len(cells):
                text = cells[index].strip()
                if text and TOTALS.match(text) and text not in allowed:
                    return "baris-jumlah", text
        return None

    def label_columns(self, columns: list[_Column]) -> dict[int, frozenset[str]]:
        """The ``label_columns`` of :meth:`special_row` for these columns."""
        labels: dict[int, frozenset[str]] = {i: frozenset() for i in range(3)}
        for column in columns:
            if column.field.get("type", "string") == "string" or column.position <= 3:
                enum = (column.field.get("constraints") or {}).get("enum") or []
                labels[column.position - 1] = frozenset(map(str, enum))
        return labels

    def check_rows(self, rows: Iterator[tuple[int, list[str]]],
                   header: list[str], columns: list[_Column],
                   table: Table) -> None:
        add = self.findings.add
        width = len(header)
        untitled = {i for i, label in enumerate(header) if not label.strip()}
        reported_untitled: set[int] = set()
        seen = _Seen() if self._needs_seen(columns) else None
        key_columns = [c for c in columns if c.name in self.spec.primary_key]
        check_key = len(key_columns) == len(self.spec.primary_key) > 0
        label_columns = self.label_columns(columns)
        blank: list[int] = []
        try:
            for number, cells in rows:
                if not any(c.strip() for c in cells):
                    blank.append(number)
                    continue
                if blank:
                    self._blank(blank)
                    blank = []
                special = self.special_row(cells, label_columns)
                if special:
                    add(special[0], row=number, value=special[1])
                    continue
                self.rows += 1
                if self.rows % _PROGRESS_EVERY == 0 and self.on_progress:
                    self.on_progress(table.progress())
                for index in range(width, len(cells)):
                    if cells[index].strip():
                        add("sel-lebih", row=number, position=index + 1,
                            value=cells[index], count=width)
                        break
                for index in untitled and untitled - reported_untitled:
                    if index < len(cells) and cells[index].strip():
                        reported_untitled.add(index)
                        add("kolom-tanpa-judul", row=number, position=index + 1,
                            value=cells[index])
                values = self._check_cells(number, cells, columns, seen)
                if check_key and seen is not None:
                    key = [values.get(c.name) for c in key_columns]
                    if None not in key:
                        first = seen.first_row(-1, repr(key), number)
                        if first is not None:
                            add("kunci-utama", row=number,
                                value=", ".join(map(str, key)), first=first,
                                columns=", ".join(self.spec.primary_key))
            # Blank rows at the very end are how spreadsheets end; not an error.
        finally:
            if seen is not None:
                seen.close()

    def _needs_seen(self, columns: list[_Column]) -> bool:
        return bool(self.spec.primary_key) or any(
            c.unique_scope is not None for c in columns)

    def _blank(self, numbers: list[int]) -> None:
        if len(numbers) == 1:
            self.findings.add("baris-kosong", row=numbers[0])
        else:
            self.findings.add("baris-kosong-banyak", row=numbers[0],
                              last=numbers[-1])

    def read_cell(self, cells: list[str], column: _Column
                  ) -> tuple[str, Any, dict[str, str] | None]:
        """The raw text of ``column`` in ``cells``, its value as the template
        types it, and the constraint notes it broke (None when it did not)."""
        raw = cells[column.position - 1] if column.position <= len(cells) else ""
        cell = raw
        if column.numeric and self.decimal_comma:
            cell = indonesian_number(raw, column.field["type"]) or raw
        value, notes = column.read(cell)
        return raw, value, notes

    def _check_cells(self, number: int, cells: list[str], columns: list[_Column],
                     seen: _Seen | None) -> dict[str, Any]:
        add = self.findings.add
        values: dict[str, Any] = {}
        known_codes: list[_Column] = []
        for column in columns:
            raw, value, notes = self.read_cell(cells, column)
            if notes:
                self._report_notes(number, column, raw, notes)
                continue
            values[column.name] = value
            if value is None:
                continue
            if column.region and self._check_region(number, column, str(value)):
                known_codes.append(column)
            if column.unique_scope is not None and seen is not None:
                first = seen.first_row(column.unique_scope, repr(value), number)
                if first is not None:
                    add("unik", row=number, column=column.name,
                        position=column.position, value=raw, first=first)
        for column in known_codes:
            written = values.get(column.names.name) if column.names else None
            if column.names is not None and isinstance(written, str):
                self._check_name(number, str(values[column.name]), column.names,
                                 written)
        return values

    def _report_notes(self, number: int, column: _Column, raw: str,
                      notes: dict[str, str]) -> None:
        field = column.field
        where: dict[str, Any] = {"row": number, "column": column.name,
                                 "position": column.position, "value": raw}
        type_text = messages.type_label(field)
        if "type" in notes:
            plain = indonesian_number(raw, field["type"]) if column.numeric else None
            if plain is not None and not self.decimal_comma:
                self.findings.add("format-angka", example=plain, **where)
            else:
                self.findings.add("tipe", type=type_text, **where)
            return
        constraints = field.get("constraints") or {}
        for name in notes:
            code = _CONSTRAINT_CODES.get(name, "pola")
            limit = constraints.get(name)
            if name == "enum":
                limit = ", ".join(map(str, limit or []))
            elif name == "exclusiveMinimum":
                limit = f"> {limit}"
            elif name == "exclusiveMaximum":
                limit = f"< {limit}"
            self.findings.add(code, limit=limit, type=type_text,
                              choices=[str(c) for c in constraints.get("enum") or []],
                              **where)

    def _check_region(self, number: int, column: _Column, code: str) -> bool:
        """Whether ``code`` is a known Kemendagri code of the template's
        area; reports it when it is not."""
        area = self.region_area
        where: dict[str, Any] = {
            "row": number, "column": column.name, "position": column.position,
            "value": code,
            "example": f"{area or tk.config.get('ckanext.satudata.kode_wilayah')}.01"}
        if not region_codes.is_well_formed(code):
            self.findings.add("kode-wilayah", hint=messages.region_hint(code),
                              **where)
        elif not region_codes.exists(code):
            self.findings.add("kode-wilayah-tidak-dikenal", **where)
        elif area is not None and not region_codes.within(code, area):
            self.findings.add("kode-wilayah-di-luar", place=_place(code),
                              area=area, area_name=_place(area), **where)
        else:
            return True
        return False

    def _check_name(self, number: int, code: str, names: _Column,
                    written: str) -> None:
        if not region_codes.name_matches(code, written):
            self.findings.add(
                "nama-wilayah", row=number, column=names.name,
                position=names.position, value=written, region_code=code,
                expected_name=region_codes.display_name(code))


def _loose(title: Any) -> str:
    """A column title as a producer may retype it: case and spacing aside."""
    return " ".join(str(title or "").split()).casefold()


def _joined(upper: list[str], lower: list[str], known: set[str]
            ) -> tuple[list[str], set[int]]:
    """Two header rows read as one, and the positions whose label joins both.

    A spreadsheet writes a merged cell's text in its first cell only: a
    column title merged down over both rows is in ``upper`` with nothing
    beneath it, a group label merged across is in ``upper`` above the first
    of the titles it groups. Each position takes, of the title beneath,
    the group label and the title, and the label above, the first the
    template knows (else the joined label, which reads best in a finding).
    """
    width = max(len(upper), len(lower))
    upper = upper + [""] * (width - len(upper))
    lower = lower + [""] * (width - len(lower))
    labels, joined = [], set()
    group = ""
    for position, (above, below) in enumerate(zip(upper, lower, strict=True),
                                              start=1):
        above, below = above.strip(), below.strip()
        if above:
            group = above if below else ""
        if not below:
            labels.append(above)
            continue
        both = f"{above or group} {below}".strip()
        candidates = [below, both, above or group]
        label = next((c for c in candidates if c and normalise_name(c) in known),
                     both)
        if label == both and label != below:
            joined.add(position)
        labels.append(label)
    return labels, joined


def _place(code: str) -> str:
    """``Panggul, Kab. Trenggalek`` for a kecamatan code: the place and the
    regency it lies in (a desa is named by its kecamatan)."""
    parts = code.split(".")
    names = [region_codes.display_name(".".join(parts[:n]))
             for n in range(min(len(parts), 3), 1, -1)]
    return ", ".join(n for n in names if n)


def region_area(spec: Spec) -> str | None:
    """Where the template's region codes must lie (None: anywhere)."""
    area = spec.options.get("region_code_area")
    if area == "nasional":
        return None
    return area or tk.config.get("ckanext.satudata.kode_wilayah")


# Words of a column that holds the names of places.
_NAME_WORDS = frozenset({"nama", "kecamatan", "kelurahan", "desa", "wilayah",
                         "kabupaten", "kota", "provinsi"})


def region_name_fields(spec: Spec) -> dict[str, str]:
    """Region code column -> the column naming its places: the text column
    right after it (else right before it) whose name or title speaks of a
    place (nama, kecamatan, desa, wilayah...) and not of a code."""
    region = set(spec.options.get("region_code_fields") or [])
    fields = spec.fields
    pairs: dict[str, str] = {}
    for index, field in enumerate(fields):
        if field["name"] not in region:
            continue
        for other in (fields[index + 1:index + 2] + fields[max(index - 1, 0):index]):
            words = set(normalise_name(
                f"{other['name']} {other.get('title') or ''}").split("_"))
            if (other["name"] not in region and "kode" not in words
                    and other.get("type", "string") == "string"
                    and other["name"] not in pairs.values()
                    and words & _NAME_WORDS):
                pairs[field["name"]] = other["name"]
                break
    return pairs


def locate_header(
    spec: Spec, rows: Iterator[tuple[int, list[str]]]
) -> tuple[int, list[str], list[tuple[int, list[str]]]] | None:
    """The header row as a check finds it (title rows above it skipped), and
    the rows read past it; None for a file without a filled row. For readers
    of a table other than the check, such as the preview, so that both agree
    on where the data starts."""
    return _Checker(spec, _Findings(0), None).find_header(rows)


def check_file(
    path: str,
    spec: Spec,
    *,
    file_name: str | None = None,
    file_format: str | None = None,
    max_errors: int = 1000,
    on_progress: Callable[[float], None] | None = None,
) -> Result:
    """Check the file at ``path`` against ``spec``.

    :param file_name: the name the producer gave the file (for messages and
        to tell CSV from XLSX when ``file_format`` is not given)
    :param file_format: the resource's format (``CSV``, ``XLSX``...)
    :param max_errors: how many errors are kept in full; all are counted
    :param on_progress: called now and then with the fraction read so far
    """
    findings = _Findings(max_errors)
    checker = _Checker(spec, findings, on_progress)
    table: Table | None = None
    try:
        table = open_table(
            path,
            file_name=file_name,
            format_hint=file_format,
            expected_names=spec.labels,
            delimiter=spec.dialect.get("delimiter") or ",",
        )
        for notice in table.notices:
            findings.add(notice.code, **notice.params)
        found = checker.find_header(table.rows)
        if found is None:
            findings.add("berkas-kosong")
        else:
            _, header, ahead = found
            columns = checker.map_columns(header)
            rows = _chain(ahead, table.rows)
            checker.check_rows(rows, header, columns, table)
            if checker.rows == 0:
                findings.add("tanpa-data")
    except Unreadable as e:
        findings.add(e.code, **e.params)
    finally:
        if table is not None:
            table.close()
    if on_progress:
        on_progress(1.0)
    return Result(
        status="failure" if findings.total else "success",
        errors=findings.errors,
        warnings=findings.warnings,
        counts={
            "rows": checker.rows,
            "errors": findings.total,
            "warnings": len(findings.warnings),
            "header_rows": checker.header_rows,
            "by_code": dict(findings.by_code),
            "by_column": [
                {"code": code, "column": column or None, "count": count}
                for (code, column), count in findings.by_column.most_common()
            ],
        },
    )


class NotConforming(Exception):
    """A file read as data does not conform to its template (any more)."""

    def __init__(self, row: int | None, column: str | None) -> None:
        super().__init__(f"row {row}, column {column}")
        self.row = row
        self.column = column


def typed_rows(path: str, spec: Spec, *, file_name: str | None = None,
               file_format: str | None = None) -> Iterator[list[Any]]:
    """The data rows of a conforming file, one value per template field in
    the template's order, typed and normalised exactly as :func:`check_file`
    reads them (``1.234,5`` with ``decimal_comma``; title, blank, totals and
    footnote rows skipped). A column the file lacks gives None.

    Raises :class:`NotConforming` at the first cell the check would refuse,
    and :class:`.reader.Unreadable` for a file it could not read: only a
    file that passed the check is meant to come here.
    """
    rows = _data_rows(path, spec, file_name, file_format, plain=False)
    yield from cast(Iterator[list[Any]], rows)


@dataclasses.dataclass(frozen=True)
class TabRows:
    """Consecutive data rows of a CSV, given as the file wrote them.

    ``text`` holds ``count`` lines of tab-separated values, each line ending
    in ``\n``, in the template's order. Every value is written in a plain
    spelling (:func:`_plain_pattern`) that PostgreSQL reads to the very value
    the check reads, is never empty, and holds no tab, backslash, quote or
    line break: the text is already in the text format of ``COPY``.
    """

    text: str
    count: int


def loadable_rows(path: str, spec: Spec, *, file_name: str | None = None,
                  file_format: str | None = None
                  ) -> Iterator[list[Any] | TabRows]:
    """The rows of :func:`typed_rows`, but runs of CSV lines whose every cell
    is in a plain spelling come as :class:`TabRows` blocks, untouched by the
    cell readers; the others (and every row of a workbook) as typed lists.
    Loaded into PostgreSQL, both give the same table as :func:`typed_rows`.
    """
    return _data_rows(path, spec, file_name, file_format, plain=True)


_TAB_BLOCK_ROWS = 5000
# Field properties that do not change how a plain spelling is read.
_PLAIN_PROPERTIES = {"name", "type", "title", "description", "constraints",
                     "format", "unit", "example", "rdfType"}
_DATE = (
    r"(?!0000)\d{4}-(?:"
    r"(?:0[1-9]|1[0-2])-(?:0[1-9]|1\d|2[0-8])"
    r"|(?:0[13-9]|1[0-2])-(?:29|30)"
    r"|(?:0[13578]|1[02])-31)"
)


def _plain_cell(field: dict[str, Any], delimiter: str,
                decimal_comma: bool) -> str | None:
    """The regular expression of one cell's plain spellings, None when the
    field has none: ``-?\\d+`` (integer), ``-?\\d+(\\.\\d+)?``
    (number), ``YYYY-MM-DD`` of a real day (date), ``\\d{4}`` (year), and
    a string without surrounding-only blanks that is not a totals label."""
    if set(field) - _PLAIN_PROPERTIES or field.get("format", "default") != "default":
        return None
    constraints = dict(field.get("constraints") or {})
    constraints.pop("required", None)  # a plain spelling is never empty
    constraints.pop("unique", None)  # not read by the cell readers
    minimum = constraints.pop("minimum", None)
    if constraints:
        return None
    kind = field.get("type") or "string"
    sign = "-?"
    if minimum is not None:
        if (type(minimum) is not int or minimum != 0
                or kind not in ("integer", "number")):
            return None
        sign = ""
    d = re.escape(delimiter)
    end = rf"(?:{d}|\r?\n|\Z)"
    if kind == "integer":
        return sign + r"\d{1,18}"
    if kind == "number":
        # With decimal comma, "1.234" is one thousand two hundred and four.
        thousands = rf"(?!-?\d{{1,3}}\.\d{{3}}{end})" if decimal_comma else ""
        return thousands + sign + r"\d{1,15}(?:\.\d{1,15})?"
    if kind == "year":
        return r"\d{4}"
    if kind == "date":
        return _DATE
    if kind == "string":
        other = rf"[^{d}\"\t\\\r\n\x00]"
        not_blank = rf"[^\s{d}\"\\\x00]"
        totals = rf"(?!\s*(?i:{_TOTALS_WORDS})\s*:?\s*{end})"
        return f"{totals}{other}*{not_blank}{other}*"
    return None


def _plain_pattern(spec: Spec, checker: _Checker, header: list[str],
                   columns: list[_Column], table: Table) -> re.Pattern[str] | None:
    """The regular expression of a CSV line whose every cell is in a plain
    spelling, or None when this file cannot have such lines: a workbook,
    columns other than the template's in its order, fewer than three
    columns (so a plain line is never a footnote), or a field (or missing
    values) read otherwise than its plain spellings say, or a region code
    column of another type than string (its table column is text)."""
    names = [f["name"] for f in spec.fields]
    if (table.lines is None or not table.delimiter or len(names) < 3
            or len(header) != len(names)
            or [c.name for c in columns] != names
            or [c.position for c in columns] != list(range(1, len(names) + 1))
            or spec.table_schema.get("missingValues", [""]) != [""]):
        return None
    cells = []
    for field in spec.fields:
        if (field["name"] in checker.region_fields
                and (field.get("type") or "string") != "string"):
            return None  # a text column of values typed otherwise: "007" is 7
        cell = _plain_cell(field, table.delimiter, checker.decimal_comma)
        if cell is None:
            return None
        cells.append(f"(?:{cell})")
    return re.compile(re.escape(table.delimiter).join(cells) + r"(?:\r?\n)?\Z")


def _tab_rows(lines: list[str], delimiter: str) -> TabRows:
    text = "".join(lines)
    if "\r" in text:
        text = text.replace("\r\n", "\n")
    if not text.endswith("\n"):
        text += "\n"
    if delimiter != "\t":
        text = text.replace(delimiter, "\t")
    return TabRows(text, len(lines))


def _data_rows(path: str, spec: Spec, file_name: str | None,
               file_format: str | None, *, plain: bool
               ) -> Iterator[list[Any] | TabRows]:
    findings = _Findings(0)
    checker = _Checker(spec, findings, None)
    table = open_table(
        path, file_name=file_name, format_hint=file_format,
        expected_names=spec.labels,
        delimiter=spec.dialect.get("delimiter") or ",",
    )
    try:
        found = checker.find_header(table.rows)
        if found is None:
            return
        header_number, header, ahead = found
        columns = checker.map_columns(header)
        slots = {f["name"]: i for i, f in enumerate(spec.fields)}
        placed = [(slots[c.name], c) for c in columns]
        label_columns = checker.label_columns(columns)
        # A cell's reading depends on its text alone: tables repeat names,
        # dates and years, and the cell readers are most of the time.
        readings: list[dict[str, tuple[Any, Any]]] = [{} for _ in placed]

        def typed(number: int, cells: list[str]) -> list[Any] | None:
            if not any(c.strip() for c in cells):
                return None
            if checker.special_row(cells, label_columns):
                return None
            values: list[Any] = [None] * len(slots)
            for (slot, column), known in zip(placed, readings, strict=True):
                at = column.position - 1
                raw = cells[at] if at < len(cells) else ""
                reading = known.get(raw)
                if reading is None:
                    _, value, notes = checker.read_cell(cells, column)
                    reading = (value, notes)
                    if len(known) < _READINGS_KEPT:
                        known[raw] = reading
                if reading[1]:
                    raise NotConforming(number, column.name)
                values[slot] = reading[0]
            return values

        pattern = (_plain_pattern(spec, checker, header, columns, table)
                   if plain else None)
        if pattern is None or table.lines is None or table.delimiter is None:
            for number, cells in _chain(ahead, table.rows):
                values = typed(number, cells)
                if values is not None:
                    yield values
            return
        for number, cells in ahead:
            values = typed(number, cells)
            if values is not None:
                yield values
        yield from _mixed_rows(table.lines, table.delimiter, pattern, typed,
                               ahead[-1][0] if ahead else header_number)
    finally:
        table.close()


def _mixed_rows(lines: Iterator[str], delimiter: str, pattern: re.Pattern[str],
                typed: Callable[[int, list[str]], list[Any] | None],
                number: int) -> Iterator[list[Any] | TabRows]:
    """The rest of a CSV, from its text ``lines``: plain lines gathered into
    :class:`TabRows`, every other row parsed by :mod:`csv` (which may take
    more lines for a quoted value) and read by ``typed``. ``number`` is the
    line read last."""
    pending: list[str] = []

    def feed() -> Iterator[str]:
        nonlocal number
        while True:
            if pending:
                yield pending.pop()
                continue
            line = next(lines, None)
            if line is None:
                return
            number += 1
            yield line

    reader = csv.reader(feed(), delimiter=delimiter)
    match = pattern.match
    block: list[str] = []
    for line in lines:
        number += 1
        if match(line):
            block.append(line)
            if len(block) >= _TAB_BLOCK_ROWS:
                yield _tab_rows(block, delimiter)
                block = []
            continue
        if block:
            yield _tab_rows(block, delimiter)
            block = []
        pending.append(line)
        cells = next(reader)
        values = typed(number, cells)
        if values is not None:
            yield values
    if block:
        yield _tab_rows(block, delimiter)


def _chain(first: list[tuple[int, list[str]]],
           rest: Iterator[tuple[int, list[str]]]) -> Iterator[tuple[int, list[str]]]:
    yield from first
    yield from rest

"""Spreadsheets that cannot hurt: what the extension writes and what it opens.

Writing: a text cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return is a formula to Excel and LibreOffice when the file is
opened (OWASP, "CSV Injection"): a dataset titled ``=HYPERLINK(...)`` would
become a live link that sends the neighbouring cells away. Every XLSX and CSV
the extension writes passes its cells through :func:`xlsx_row` /
:func:`protect_cell` or :func:`csv_row`. Numbers, and text that is only a
number (``-5``, ``-1.234,5``), are left alone: they cannot call anything.

- CSV gets OWASP's single quote in front (``'=2+3``); :func:`restore` takes
  it off again when such a CSV is imported, so an export imports back
  unchanged.
- XLSX keeps the text as it is, in a text cell with Excel's own quote prefix
  (what typing ``'=2+3`` in Excel stores): shown and re-edited as text, and
  read back verbatim.

Opening: an XLSX is a zip of XML, and a few kilobytes can declare a merged
range or a used range of seventeen billion cells, or inflate to gigabytes.
:func:`open_workbook` looks at the zip directory and streams the XML of every
part once with expat before openpyxl parses anything, and refuses with
:class:`WorkbookRefused` (a message in Bahasa Indonesia) what exceeds the
caps of ``ckanext.satudata.xlsx.*``. Then openpyxl opens it read-only, whose
cost is bounded by what the scan counted.
"""
from __future__ import annotations

import dataclasses
import re
import zipfile
import zlib
from collections.abc import Iterable
from typing import IO, Any
from xml.parsers import expat

import ckan.plugins.toolkit as tk
import openpyxl
from openpyxl.cell.cell import Cell, WriteOnlyCell
from openpyxl.utils.exceptions import InvalidFileException

__all__ = [
    "Caps",
    "OpenedWorkbook",
    "WorkbookDamaged",
    "WorkbookRefused",
    "csv_row",
    "open_workbook",
    "protect_cell",
    "restore",
    "xlsx_row",
]

# Writing ---------------------------------------------------------------------

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# A sign, digits, separators and a percent sign: a number in either notation,
# or a lone dash. Nothing here can refer to a cell or call a function.
_NUMBER = re.compile(r"[+-]?[\d.,]*%?")


def _looks_like_formula(text: str) -> bool:
    # Quotes already in front count too: "'=x" is written "''=x", so that
    # restore() gives back exactly "'=x".
    bare = text.lstrip("'")
    return bare.startswith(_FORMULA_START) and not _NUMBER.fullmatch(bare)


def csv_row(values: Iterable[Any]) -> list[Any]:
    """``values`` for ``csv.writer``, formula-like text behind a single quote."""
    return [
        "'" + value if isinstance(value, str) and _looks_like_formula(value)
        else value
        for value in values
    ]


def restore(text: str) -> str:
    """A CSV cell as it was before :func:`csv_row` quoted it."""
    if text.startswith("'") and _looks_like_formula(text[1:]):
        return text[1:]
    return text


def protect_cell(cell: Cell) -> Cell:
    """Keep a formula-like text in ``cell`` a text (openpyxl would write any
    text starting with ``=`` as a formula)."""
    if isinstance(cell.value, str) and _looks_like_formula(cell.value):
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


def xlsx_row(sheet: Any, values: Iterable[Any]) -> list[Any]:
    """``values`` for ``sheet.append`` (a normal or write-only sheet), with
    formula-like text as protected text cells."""
    return [
        protect_cell(WriteOnlyCell(sheet, value=value))
        if isinstance(value, str) and _looks_like_formula(value) else value
        for value in values
    ]


# Opening ---------------------------------------------------------------------

# Small parts compress oddly without meaning anything; the ratio is judged
# only on parts that would cost something to inflate.
_RATIO_MIN_BYTES = 1 << 20
_CHUNK = 1 << 16
_CELL_REF = re.compile(r"\$?([A-Za-z]{1,3})\$?(\d+)")


class WorkbookRefused(Exception):
    """The workbook exceeds a cap; ``str(e)`` says which, in Bahasa Indonesia."""


class WorkbookDamaged(Exception):
    """The file is not a workbook that can be opened."""


@dataclasses.dataclass(frozen=True)
class Caps:
    """The caps of ``ckanext.satudata.xlsx.*`` (see config_declaration.yaml)."""

    uncompressed_bytes: int
    compression_ratio: int
    parts: int
    rows: int
    columns: int
    cells: int
    merged_cells: int

    @classmethod
    def from_config(cls) -> Caps:
        def get(name: str) -> int:
            return int(tk.config.get(f"ckanext.satudata.xlsx.max_{name}"))

        return cls(
            uncompressed_bytes=get("uncompressed_bytes"),
            compression_ratio=get("compression_ratio"),
            parts=get("parts"),
            rows=get("rows"),
            columns=get("columns"),
            cells=get("cells"),
            merged_cells=get("merged_cells"),
        )


Range = tuple[int, int, int, int]  # min_row, min_col, max_row, max_col


@dataclasses.dataclass
class _Part:
    """What the scan counted in one XML part of the zip."""

    # The highest row and column used, or declared by <dimension> (openpyxl's
    # read-only rows are padded to the declared size).
    rows: int = 0
    columns: int = 0
    merged: list[Range] = dataclasses.field(default_factory=list)

    @property
    def area(self) -> int:
        """The cells openpyxl's read-only rows walk; an empty row counts one."""
        return self.rows * max(self.columns, 1)


def _number(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def _refuse(message: str, **params: Any) -> WorkbookRefused:
    texts = {k: _number(v) if isinstance(v, int) else v for k, v in params.items()}
    return WorkbookRefused(message.format(**texts))


def _cell(ref: str) -> tuple[int, int] | None:
    """(row, column) of ``B12``; None for what is not a cell reference."""
    match = _CELL_REF.fullmatch(ref.strip())
    if not match or not int(match.group(2)):
        return None  # openpyxl knows no row 0 either
    letters, row = match.groups()
    column = 0
    for letter in letters.upper():
        column = column * 26 + ord(letter) - ord("A") + 1
    return int(row), column


def _range(ref: str) -> Range | None:
    first, _, last = ref.partition(":")
    start, end = _cell(first), _cell(last or first)
    if start is None or end is None:
        return None
    return (min(start[0], end[0]), min(start[1], end[1]),
            max(start[0], end[0]), max(start[1], end[1]))


def _row_number(text: str | None, previous: int) -> int:
    # As openpyxl reads <row r>: an integer, or a float that is one.
    if text is None:
        return previous + 1
    try:
        return int(text)
    except ValueError:
        try:
            value = float(text)
        except ValueError:
            return previous + 1
        return int(value) if value.is_integer() else previous + 1


class _Scan:
    """Expat handlers counting one part, refusing as soon as a cap is passed."""

    def __init__(self, caps: Caps, totals: dict[str, int]) -> None:
        self.caps = caps
        self.totals = totals  # merged cells and cells over the whole workbook
        self.part = _Part()
        self.depth = 0
        # Per open <row> (rows may nest in a crafted file, and openpyxl reads
        # each): the depth of its children, and how many it has had.
        self.open_rows: list[list[int]] = []
        self.row = 0
        self.column = 0

    def start(self, name: str, attrs: dict[str, str]) -> None:
        # Called for every element of every part: the common cases first.
        self.depth += 1
        if self.open_rows:
            if self.depth == self.open_rows[-1][0]:
                self._cell(attrs.get("r"))  # any child of a row is a cell
            if not name.endswith("row"):
                return
        local = name.rpartition(" ")[2]
        if local == "row":
            self.row = _row_number(attrs.get("r"), self.row)
            self.open_rows.append([self.depth + 1, 0])
            self.column = 0
            self._grow(self.row, self.part.columns)
        elif local == "mergeCell":
            self._merge(attrs.get("ref", ""))
        elif local == "dimension":
            self._dimension(attrs.get("ref", ""))

    def end(self, name: str) -> None:
        self.depth -= 1
        if self.open_rows and self.depth == self.open_rows[-1][0] - 2:
            self.open_rows.pop()

    def _cell(self, ref: str | None) -> None:
        found = _cell(ref) if ref else None
        self.column = found[1] if found else self.column + 1
        self.open_rows[-1][1] += 1
        if self.open_rows[-1][1] > self.caps.columns:
            raise _refuse(tk._(
                "Berkas XLSX memuat lebih dari {limit} sel dalam satu baris "
                "(baris {row}); batasnya {limit} kolom."),
                limit=self.caps.columns, row=self.row)
        if self.column > self.part.columns:
            self._grow(self.row, self.column)

    def _grow(self, rows: int, columns: int) -> None:
        if rows > self.caps.rows:
            raise _refuse(tk._(
                "Berkas XLSX memuat data sampai baris {row}; batasnya {limit} "
                "baris. Hapus baris di bawah tabel, atau unggah sebagai CSV."),
                row=rows, limit=self.caps.rows)
        if columns > self.caps.columns:
            raise _refuse(tk._(
                "Berkas XLSX memuat data sampai kolom ke-{column}; batasnya "
                "{limit} kolom. Hapus kolom di kanan tabel."),
                column=columns, limit=self.caps.columns)
        part = self.part
        before = part.area
        part.rows, part.columns = max(part.rows, rows), max(part.columns, columns)
        self._add_cells(part.area - before)

    def _add_cells(self, added: int) -> None:
        self.totals["cells"] += added
        if self.totals["cells"] > self.caps.cells:
            raise _refuse(tk._(
                "Berkas XLSX mencakup lebih dari {limit} sel (baris × kolom "
                "yang terpakai di semua lembar). Hapus isi dan format di luar "
                "tabel, bagi datanya, atau unggah sebagai CSV."),
                limit=self.caps.cells)

    def _dimension(self, ref: str) -> None:
        declared = _range(ref)
        if declared is None:
            return  # openpyxl refuses it itself; nothing is walked
        rows, columns = declared[2], declared[3]
        if rows > self.caps.rows or columns > self.caps.columns:
            raise _refuse(tk._(
                "Lembar kerja menyatakan ukuran {ref} ({rows} baris × "
                "{columns} kolom); batasnya {limit_rows} baris dan "
                "{limit_columns} kolom. Hapus baris dan kolom kosong di luar "
                "tabel, lalu simpan ulang."),
                ref=ref, rows=rows, columns=columns,
                limit_rows=self.caps.rows, limit_columns=self.caps.columns)
        self._grow(rows, columns)

    def _merge(self, ref: str) -> None:
        merged = _range(ref)
        if merged is None:
            return  # nothing to spread
        cells = (merged[2] - merged[0] + 1) * (merged[3] - merged[1] + 1)
        self.totals["merged"] += cells
        if self.totals["merged"] > self.caps.merged_cells:
            raise _refuse(tk._(
                "Berkas XLSX menggabungkan (merge) lebih dari {limit} sel, "
                "misalnya {ref}. Lepaskan gabungan sel di luar judul tabel, "
                "lalu simpan ulang."),
                limit=self.caps.merged_cells, ref=ref)
        self.part.merged.append(merged)


def _refuse_dtd(*_args: Any) -> None:
    # Excel never writes a DTD; entity declarations are how XML is inflated.
    raise WorkbookRefused(tk._(
        "Berkas XLSX memuat deklarasi DTD atau entitas XML, yang tidak pernah "
        "dibuat Excel; berkas seperti ini tidak dibuka."))


def _check_zip(archive: zipfile.ZipFile, caps: Caps) -> None:
    members = archive.infolist()
    if len(members) > caps.parts:
        raise _refuse(tk._(
            "Berkas XLSX terdiri atas {count} bagian; batasnya {limit}. Simpan "
            "ulang buku kerja dari Excel."), count=len(members), limit=caps.parts)
    # zipfile never inflates a member past the size its directory declares,
    # so these sums bound what openpyxl can be made to read.
    total = sum(m.file_size for m in members)
    if total > caps.uncompressed_bytes:
        raise _refuse(tk._(
            "Berkas XLSX terlalu besar setelah diekstrak ({size} MB; batasnya "
            "{limit} MB). Bagi datanya menjadi beberapa berkas, atau unggah "
            "sebagai CSV."),
            size=-(-total // 1_000_000),
            limit=caps.uncompressed_bytes // 1_000_000)
    for member in members:
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > _RATIO_MIN_BYTES and ratio > caps.compression_ratio:
            raise _refuse(tk._(
                "Berkas XLSX memuat bagian yang termampatkan secara tidak "
                "wajar ({ratio}:1; batasnya {limit}:1), ciri bom zip. Simpan "
                "ulang buku kerja dari Excel."),
                ratio=int(ratio), limit=caps.compression_ratio)


def _scan_part(archive: zipfile.ZipFile, member: zipfile.ZipInfo,
               caps: Caps, totals: dict[str, int]) -> _Part:
    scan = _Scan(caps, totals)
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.StartElementHandler = scan.start
    parser.EndElementHandler = scan.end
    parser.StartDoctypeDeclHandler = _refuse_dtd
    parser.EntityDeclHandler = _refuse_dtd
    try:
        with archive.open(member) as stream:
            while chunk := stream.read(_CHUNK):
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
    except expat.ExpatError:
        # Not XML (an image), or broken XML: openpyxl would stop at the same
        # point, so what was counted up to here is what it could read.
        pass
    return scan.part


def _inspect(source: IO[bytes], caps: Caps) -> dict[str, _Part]:
    with zipfile.ZipFile(source) as archive:
        _check_zip(archive, caps)
        totals = {"cells": 0, "merged": 0}
        # Every part, not only xl/worksheets/: the workbook's relationships
        # may point openpyxl at a worksheet under any name.
        return {
            member.filename: _scan_part(archive, member, caps, totals)
            for member in archive.infolist()
            if not member.is_dir()
        }


@dataclasses.dataclass
class OpenedWorkbook:
    """A read-only openpyxl workbook, and the merged ranges of its sheets
    (openpyxl's read-only sheets do not load them)."""

    workbook: Any
    _parts: dict[str, _Part]

    def merged_ranges(self, sheet: Any) -> list[Range]:
        """(min_row, min_col, max_row, max_col) of each merged range."""
        # A read-only sheet keeps the zip name of its part here.
        part = self._parts.get(getattr(sheet, "_worksheet_path", ""))
        return list(part.merged) if part else []

    def close(self) -> None:
        self.workbook.close()


def open_workbook(source: IO[bytes], caps: Caps | None = None) -> OpenedWorkbook:
    """Open an XLSX read-only, after checking it against the caps.

    :param source: a seekable binary file
    :raises WorkbookRefused: a cap is exceeded (the message says which)
    :raises WorkbookDamaged: the file is not a workbook
    """
    caps = caps or Caps.from_config()
    try:
        parts = _inspect(source, caps)
        source.seek(0)
        workbook = openpyxl.load_workbook(source, read_only=True, data_only=True)
    except WorkbookRefused:
        raise
    except (zipfile.BadZipFile, zlib.error, InvalidFileException, KeyError,
            EOFError, OSError, ValueError, TypeError, NotImplementedError,
            RuntimeError) as e:
        # NotImplementedError: an unsupported compression; RuntimeError: an
        # encrypted member.
        raise WorkbookDamaged(str(e)) from e
    return OpenedWorkbook(workbook, parts)

"""Reading an uploaded table as rows of text, whatever Excel did to it.

What arrives from an OPD is rarely the clean UTF-8 comma-separated file a
template describes: Indonesian Excel saves CSV with ``;`` and Windows-1252,
sometimes with a BOM; workbooks carry title rows above the header; a file
named ``.csv`` may be a PDF or a workbook. This module finds out what the file
is and yields its rows as lists of strings with their row number in the file,
streaming, so a 100 MB CSV never sits in memory. Everything it had to guess
is reported as a :class:`Notice`; what it cannot read raises
:class:`Unreadable`.
"""
from __future__ import annotations

import codecs
import csv
import dataclasses
import datetime
import io
import itertools
import os
import re
import sys
from collections.abc import Callable, Iterator
from typing import IO, Any

from ckanext.satudata import spreadsheet_safety

# A CSV field may be as long as a cell of a spreadsheet can be.
csv.field_size_limit(min(sys.maxsize, 2**31 - 1))

_HEAD_BYTES = 8192
_SCAN_CHUNK = 1 << 20
_SNIFF_LINES = 50
DELIMITERS = (",", ";", "\t", "|")
DELIMITER_NAMES = {
    ",": "koma (,)", ";": "titik koma (;)", "\t": "tab", "|": "garis tegak (|)",
}

# Signatures of files that are not text, with what they most likely are.
_MAGIC = (
    (b"PK\x03\x04", "zip"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "xls"),
    (b"%PDF", "pdf"),
    (b"\x89PNG", "gambar"),
    (b"\xff\xd8\xff", "gambar"),
    (b"GIF8", "gambar"),
    (b"\x1f\x8b", "gzip"),
    (b"Rar!", "rar"),
)


@dataclasses.dataclass(frozen=True)
class Notice:
    """Something the reader had to work around; never blocks a check."""

    code: str
    params: dict[str, Any] = dataclasses.field(default_factory=dict)


class Unreadable(Exception):
    """The file cannot be read as a table at all."""

    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


@dataclasses.dataclass
class Table:
    """An opened table: its rows, and what was learnt while opening it."""

    format: str
    rows: Iterator[tuple[int, list[str]]]
    notices: list[Notice]
    progress: Callable[[], float]
    encoding: str | None = None
    delimiter: str | None = None
    #: A CSV's text lines, which ``rows`` reads as it goes: a line taken from
    #: here is not read by ``rows``. None for a workbook.
    lines: Iterator[str] | None = None
    _close: Callable[[], None] = lambda: None

    def close(self) -> None:
        self._close()


def normalise_name(label: str) -> str:
    """A header label reduced to compare loosely: ``Laki-Laki `` ~ ``laki_laki``."""
    return re.sub(r"[^0-9a-z]+", "_", label.strip().lower()).strip("_")


def detect_format(file_name: str | None, format_hint: str | None) -> str:
    """``csv``, ``xlsx`` or ``xls`` from the declared format or the file name."""
    hint = (format_hint or "").strip().lower().lstrip(".")
    if hint in ("csv", "xlsx", "xls"):
        return hint
    ext = os.path.splitext((file_name or "").split("?")[0])[1].lower().lstrip(".")
    if ext in ("xlsx", "xls"):
        return ext
    return "csv"


def open_table(
    path: str,
    *,
    file_name: str | None = None,
    format_hint: str | None = None,
    expected_names: list[str] | None = None,
    delimiter: str = ",",
    scan_limit: int | None = None,
) -> Table:
    """Open ``path`` as a table.

    :param expected_names: the template's column names, used to choose the
        delimiter that makes the header fit the template
    :param delimiter: what the template expects; another one is accepted
        with a notice
    :param scan_limit: how many bytes of a CSV to scan for its encoding
        (None: all of it). A check must read every byte anyway; a preview
        of the first pages must not pay for the whole file.
    """
    size = os.path.getsize(path)
    if size == 0:
        raise Unreadable("berkas-kosong")
    with open(path, "rb") as f:
        head = f.read(_HEAD_BYTES)
    declared = detect_format(file_name, format_hint)
    kind = next((k for magic, k in _MAGIC if head.startswith(magic)), None)
    name = os.path.basename(file_name or path)

    if declared == "xls" or kind == "xls":
        raise Unreadable("format-xls", file_name=name)
    if declared == "xlsx":
        if kind != "zip":
            raise Unreadable("xlsx-rusak", file_name=name)
        return _open_xlsx(path, name)
    if kind is not None:
        raise Unreadable("berkas-biner", file_name=name, kind=kind)
    if b"\x00" in head and not head.startswith((codecs.BOM_UTF16_LE,
                                               codecs.BOM_UTF16_BE)):
        raise Unreadable("berkas-biner", file_name=name, kind="biner")
    return _open_csv(path, size, head, expected_names or [], delimiter,
                     scan_limit)


# CSV ------------------------------------------------------------------------

class _CountingReader(io.RawIOBase):
    """A binary file that remembers how many bytes were read from it."""

    def __init__(self, raw: IO[bytes]) -> None:
        self._raw = raw
        self.count = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        n = self._raw.readinto(buffer)  # type: ignore[attr-defined]
        self.count += n or 0
        return n or 0

    def close(self) -> None:
        self._raw.close()
        super().close()


def _encoding(path: str, head: bytes, scan_limit: int | None = None
              ) -> tuple[str, list[Notice]]:
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig", [Notice("bom")]
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16", [Notice("utf-16")]
    decoder = codecs.getincrementaldecoder("utf-8")()
    left = scan_limit
    with open(path, "rb") as f:
        try:
            while chunk := f.read(_SCAN_CHUNK if left is None
                                  else min(_SCAN_CHUNK, left)):
                decoder.decode(chunk)
                if left is not None:
                    left -= len(chunk)
            if left is None or left > 0:
                # The whole file was read: a sequence cut off at its end is
                # an error too. A limited scan may stop inside one.
                decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            # Latin-1 would accept any byte too, but Indonesian Excel writes
            # cp1252 (curly quotes, the en dash of "2020–2024").
            return "cp1252", [Notice("windows-1252")]
    return "utf-8", []


def _text_stream(path: str, encoding: str) -> tuple[io.TextIOWrapper, _CountingReader]:
    counter = _CountingReader(open(path, "rb"))  # noqa: SIM115 (closed by Table)
    text = io.TextIOWrapper(
        io.BufferedReader(counter, buffer_size=1 << 16),
        encoding=encoding,
        errors="replace",
        newline="",
    )
    return text, counter


def choose_delimiter(
    lines: list[str], expected_names: list[str], preferred: str
) -> str:
    """The delimiter under which the sample looks most like a table.

    The template's column names decide first (a header that matches the
    template is the strongest evidence); then a consistent width of more than
    one column; then the template's own delimiter.
    """
    wanted = {normalise_name(n) for n in expected_names}

    def score(delimiter: str) -> tuple[int, int, float, int, int]:
        rows = [r for r in csv.reader(lines, delimiter=delimiter) if any(r)]
        if not rows:
            return (0, 0, 0.0, 0, 0)
        matches = max(
            (sum(normalise_name(c) in wanted for c in r) for r in rows[:20]),
            default=0,
        )
        widths = [len(r) for r in rows]
        modal = max(set(widths), key=widths.count)
        consistent = widths.count(modal) / len(widths)
        return (matches, int(modal > 1), consistent, modal,
                int(delimiter == preferred))

    return max(DELIMITERS, key=score)


def _open_csv(
    path: str, size: int, head: bytes, expected_names: list[str], preferred: str,
    scan_limit: int | None = None,
) -> Table:
    encoding, notices = _encoding(path, head, scan_limit)
    text, _ = _text_stream(path, encoding)
    with text:
        sample = list(itertools.islice(text, _SNIFF_LINES))
    if not any(line.strip() for line in sample):
        raise Unreadable("berkas-kosong")
    delimiter = choose_delimiter(sample, expected_names, preferred)
    if delimiter != preferred:
        notices.append(Notice("pemisah", {
            "found": DELIMITER_NAMES[delimiter],
            "expected": DELIMITER_NAMES.get(preferred, preferred),
        }))
    text, counter = _text_stream(path, encoding)

    def rows() -> Iterator[tuple[int, list[str]]]:
        reader = csv.reader(text, delimiter=delimiter)
        for cells in reader:
            # line_num counts physical lines; a quoted value over several
            # lines would make it drift from what a spreadsheet calls a row.
            yield reader.line_num, cells

    return Table(
        format="csv",
        rows=rows(),
        notices=notices,
        progress=lambda: min(counter.count / size, 1.0),
        encoding=encoding,
        delimiter=delimiter,
        lines=text,
        _close=text.close,
    )


# XLSX -----------------------------------------------------------------------

def cell_text(value: Any) -> str:
    """A spreadsheet value as the text a CSV of it would hold."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        # Excel keeps 15 significant digits; more would print binary noise.
        return format(value, ".15g")
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time():
            return value.date().isoformat()
        return value.isoformat()
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    return str(value)


def _open_xlsx(path: str, name: str) -> Table:
    # A file object, not the path: openpyxl refuses paths that do not end in
    # .xlsx, and stored uploads are named by resource id.
    stream = open(path, "rb")  # noqa: SIM115 (closed by Table)
    try:
        opened = spreadsheet_safety.open_workbook(stream)
    except spreadsheet_safety.WorkbookRefused as e:
        stream.close()
        raise Unreadable("xlsx-terlalu-besar", file_name=name, reason=str(e)) from None
    except spreadsheet_safety.WorkbookDamaged:
        stream.close()
        raise Unreadable("xlsx-rusak", file_name=name) from None
    workbook = opened.workbook

    def close() -> None:
        opened.close()
        stream.close()

    sheets = workbook.worksheets
    if not sheets:
        close()
        raise Unreadable("berkas-kosong")
    # The workbook a template generates names its data sheet "Data"; in any
    # other workbook the data is on the first sheet.
    sheet = next((s for s in sheets if s.title.strip().lower() == "data"),
                 sheets[0])
    notices = []
    if len(sheets) > 1 and sheet.title.strip().lower() != "data":
        notices.append(Notice("lembar", {"sheet": sheet.title}))
    total = sheet.max_row or 0
    state = {"row": 0}

    def rows() -> Iterator[tuple[int, list[str]]]:
        for number, values in enumerate(sheet.iter_rows(values_only=True),
                                        start=1):
            state["row"] = number
            cells = [cell_text(v) for v in values]
            while cells and not cells[-1].strip():
                cells.pop()
            yield number, cells

    return Table(
        format="xlsx",
        rows=rows(),
        notices=notices,
        progress=lambda: min(state["row"] / total, 1.0) if total else 0.0,
        _close=close,
    )

"""A page of a table as the preview reads it: labels, paging, early stop."""
from __future__ import annotations

import builtins
import io
from typing import Any

import openpyxl
import pytest

from ckanext.satudata.checks import preview, reader
from ckanext.satudata.checks.conformance import Spec

SPEC = Spec(table_schema={"fields": [
    {"name": "kecamatan", "title": "Kecamatan", "type": "string"},
    {"name": "jumlah", "title": "Jumlah Penduduk", "type": "integer"},
]}, dialect={}, options={})


def _write(tmp_path, text: str, name: str = "tabel.csv",
           encoding: str = "utf-8") -> str:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return str(path)


def test_columns_are_labelled_from_the_template(tmp_path):
    path = _write(tmp_path, "Kecamatan,Jumlah Penduduk,catatan\nMojosari,81234,x\n")
    page = preview.read_page(path, SPEC)
    assert [(c.position, c.label, c.name, c.title) for c in page.columns] == [
        (1, "Kecamatan", "kecamatan", "Kecamatan"),
        (2, "Jumlah Penduduk", "jumlah", "Jumlah Penduduk"),
        (3, "catatan", None, None),
    ]
    assert page.header_row == 1
    assert page.rows == [(2, ["Mojosari", "81234", "x"])]
    assert page.has_next is False


def test_title_rows_are_skipped_like_the_check_does(tmp_path):
    text = "Jumlah Penduduk 2024\n\nkecamatan;jumlah\nMojosari;81234\nBangsal;52011\n"
    page = preview.read_page(_write(tmp_path, text), SPEC)
    assert page.header_row == 3
    assert page.rows == [(4, ["Mojosari", "81234"]), (5, ["Bangsal", "52011"])]
    assert [n.code for n in page.notices] == ["pemisah"]


def test_pages_keep_file_row_numbers_and_skip_blank_rows(tmp_path):
    lines = ["kecamatan,jumlah"]
    for i in range(1, 46):
        lines.append(f"K{i},{i}")
        if i == 10:
            lines.append(",")
    path = _write(tmp_path, "\n".join(lines) + "\n")
    first = preview.read_page(path, SPEC, size=20)
    assert [n for n, _ in first.rows] == list(range(2, 12)) + list(range(13, 23))
    assert first.has_next
    third = preview.read_page(path, SPEC, number=3, size=20)
    assert [cells[0] for _, cells in third.rows] == [f"K{i}" for i in range(41, 46)]
    assert not third.has_next
    beyond = preview.read_page(path, SPEC, number=9, size=20)
    assert beyond.rows == [] and not beyond.has_next


def test_windows_1252_is_read(tmp_path):
    path = _write(tmp_path, "kecamatan,jumlah\nMojoanyar – Utara,5\n",
                  encoding="cp1252")
    page = preview.read_page(path, SPEC)
    assert page.rows == [(2, ["Mojoanyar – Utara", "5"])]


def test_without_a_template_the_first_row_is_the_header(tmp_path):
    path = _write(tmp_path, "\na,b\n1,2,3\n")
    page = preview.read_page(path, None)
    assert [(c.label, c.name) for c in page.columns] == [("a", None), ("b", None),
                                                         ("", None)]
    assert page.rows == [(3, ["1", "2", "3"])]


def test_xlsx_is_read(tmp_path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Data"
    for values in (["kecamatan", "jumlah"], ["Mojosari", 81234], ["Bangsal", 52011.0]):
        sheet.append(values)
    out = io.BytesIO()
    workbook.save(out)
    path = tmp_path / "tabel.xlsx"
    path.write_bytes(out.getvalue())
    page = preview.read_page(str(path), SPEC, file_name="tabel.xlsx", size=1)
    assert page.rows == [(2, ["Mojosari", "81234"])]
    assert page.has_next


def test_a_file_that_is_no_table_is_unreadable(tmp_path):
    path = tmp_path / "tabel.csv"
    path.write_bytes(b"%PDF-1.4 not a table")
    with pytest.raises(reader.Unreadable):
        preview.read_page(str(path), SPEC)


def test_reading_stops_after_the_requested_page(tmp_path, monkeypatch):
    """A page of a large file reads a small, fixed part of it: every byte
    the reader takes from any file it opens is counted."""
    row = "Kecamatan dengan nama yang cukup panjang,123456789\n"
    path = tmp_path / "besar.csv"
    with open(path, "w", encoding="utf-8") as f:
        f.write("kecamatan,jumlah\n")
        f.write(row * 400_000)  # about 20 MB
    size = path.stat().st_size
    counted: list[Any] = []

    class Counting(io.RawIOBase):
        def __init__(self, raw: Any) -> None:
            self.raw = raw
            self.count = 0
            counted.append(self)

        def readable(self) -> bool:
            return True

        def readinto(self, buffer: Any) -> int:
            n = self.raw.readinto(buffer) or 0
            self.count += n
            return n

        def read(self, size: int = -1) -> bytes:
            data = self.raw.read(size)
            self.count += len(data)
            return data

        def close(self) -> None:
            self.raw.close()
            super().close()

    def counting_open(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        assert mode == "rb"
        return Counting(builtins.open(file, mode, *args, **kwargs))

    # The reader's module-level name wins over the builtin.
    monkeypatch.setattr(reader, "open", counting_open, raising=False)
    page = preview.read_page(str(path), SPEC, number=3, size=20)
    assert [n for n, _ in page.rows] == list(range(42, 62))
    read = sum(c.count for c in counted)
    assert counted, "the counting wrapper saw no file"
    # The encoding scan (1 MiB), the delimiter sample and the rows up to the
    # page, each with its read-ahead buffer: far below the file's 20 MB.
    assert read < preview.SCAN_LIMIT + 512 * 1024 < size / 10

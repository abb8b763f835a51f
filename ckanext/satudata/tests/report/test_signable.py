"""The Laporan as a document to sign (issue 14): cover, page numbers, whole
words in the tables, whole-number chart axes, the signature block; the XLSX
with durations in hours and minutes; the board's default period and the
drill-down's title."""
from __future__ import annotations

import datetime
import io
import re

import ckan.plugins.toolkit as tk
import pypdfium2 as pdfium
import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from reportlab.graphics import renderPDF

from ckanext.satudata.report import exports, formatting, pdf
from ckanext.satudata.report import tables as report_tables
from ckanext.satudata.tests.workflow.conftest import act

from .test_access import WHOLE, download, get

SIGNER = {
    "ckanext.satudata.nama_wilayah": "Kabupaten Trenggalek",
    "ckanext.satudata.report.signer_name": "Sri Wahyuningsih",
    "ckanext.satudata.report.signer_nip": "197501012000032001",
    "ckanext.satudata.report.signer_position":
        "Kepala Dinas Komunikasi dan Informatika",
    "ckanext.satudata.report.signer_place": "Trenggalek",
}


def signed(test):
    for key, value in SIGNER.items():
        test = pytest.mark.ckan_config(key, value)(test)
    return test


def _pages(data: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def _words(text: str) -> set[str]:
    return {w.strip(".,:;()%") for w in text.split()} - {""}


class TestPdf:
    @signed
    def test_cover_page_numbers_and_signature(self, app, regency):
        pages = _pages(download(app, regency, "walidata", "pdf").data)
        assert len(pages) >= 3
        for number, text in enumerate(pages, start=1):
            assert f"Halaman {number} dari {len(pages)}" in text
        cover = " ".join(pages[0].split())
        assert "Laporan Penyelenggaraan Satu Data" in cover
        assert "Kabupaten Trenggalek" in cover
        assert "Tahun 2024" in cover
        assert "Periode 1 Januari 2024" in cover
        today = formatting.date(datetime.date.today())
        assert f"Dibuat pada {today}" in cover
        last = " ".join(pages[-1].split())
        assert f"Trenggalek, {today}" in last
        assert "Kepala Dinas Komunikasi dan Informatika" in last
        assert "Sri Wahyuningsih" in last
        assert "NIP. 197501012000032001" in last

    def test_every_page_renders_with_its_footer(self, app, regency):
        """Rendered to images as a reader's viewer draws them: every page
        shows content, and the page number's line at its foot is drawn."""
        document = pdfium.PdfDocument(download(app, regency, "walidata", "pdf").data)
        numbered = len(_pages(download(app, regency, "walidata", "pdf").data))
        assert len(document) == numbered
        for index in range(len(document)):
            bitmap = document[index].render(scale=2, grayscale=True)
            width, height, stride = bitmap.width, bitmap.height, bitmap.stride
            pixels = bytes(bitmap.buffer)
            assert min(pixels) < 128, f"page {index + 1} is blank"
            # The footer: the bottom 6 % of the page, where "Halaman n dari
            # m" is printed in grey (white is 255).
            footer = pixels[int(height * 0.94) * stride:height * stride]
            assert min(footer[r * stride + c] for r in range(len(footer) // stride)
                       for c in range(width)) < 200, f"page {index + 1}: no footer"

    def test_an_unset_signer_leaves_lines_to_write_on(self, app, regency):
        last = _pages(download(app, regency, "walidata", "pdf").data)[-1]
        assert "NIP. ....." in last
        assert last.count("." * 45) == 3  # position, name, NIP

    def test_table_words_are_never_broken(self, app, regency):
        report = act("satudata_report_summary", regency.world.users["walidata"],
                     **WHOLE)
        vocabulary: set[str] = set()
        for table in report_tables.tables(report):
            vocabulary |= _words(" ".join([table.title, *table.headings]))
            for row in table.rows:
                vocabulary |= _words(" ".join(
                    report_tables.cell_text(table, row, i)
                    for i in range(len(table.columns))))
        extracted: set[str] = set()
        for text in _pages(pdf.pdf_bytes(report)):
            extracted |= _words(text)
        # Each heading, state and OPD word is in the document whole...
        labels = _words(" ".join(
            [h for t in report_tables.tables(report) for h in t.headings]
            + [s["label"] for s in report["daftar_status"]]
            + [line["organisasi"]["title"] for line in report["per_opd"]]))
        assert labels - extracted == set()
        # ...and no piece of one stands alone ("Dikembalik" / "an").
        pieces = {
            t for t in extracted - vocabulary if not t.isdigit() and len(t) > 1
            for w in labels if len(t) < len(w) and (w.startswith(t) or w.endswith(t))
        }
        assert pieces == set()

    def test_chart_axes_count_in_whole_numbers(self, app, regency):
        report = act("satudata_report_summary", regency.world.users["walidata"],
                     **WHOLE)
        for drawing in pdf._per_opd_charts(report) + [pdf._status_chart(report)]:
            text = PdfReader(io.BytesIO(renderPDF.drawToString(drawing))) \
                .pages[0].extract_text()
            numbers = [t for t in text.split() if re.fullmatch(r"[\d.,]+", t)]
            ticks = sorted({int(t) for t in numbers if "," not in t})
            assert ticks[:2] == [0, 1]
            assert all("," not in t for t in numbers)  # no 0,5
        steps = [pdf._step(n) for n in (0, 3, 5, 6, 12, 37, 240)]
        assert steps == [1, 1, 1, 2, 5, 10, 50]

    def test_forty_opds_with_long_names(self, app, regency):
        """A regency's worth of OPDs: full names, wrapped, never cut."""
        report = act("satudata_report_summary", regency.world.users["walidata"],
                     **WHOLE)
        template = report["per_opd"][0]
        names = [f"Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu {i}"
                 for i in range(40)]
        report["per_opd"] = [
            dict(template, organisasi={"id": str(i), "name": f"opd-{i}",
                                         "title": name})
            for i, name in enumerate(names)
        ]
        text = " ".join(" ".join(_pages(pdf.pdf_bytes(report))).split())
        for name in names:
            assert text.count(name) >= 1, name


class TestXlsx:
    def test_durations_are_hours_and_minutes(self, app, regency):
        data = download(app, regency, "walidata", "xlsx").data
        book = load_workbook(io.BytesIO(data))
        sheet = book["Standar Waktu"]
        headings = [c.value for c in sheet[4]]
        assert headings[2] == "Standar waktu (jam:menit)"
        assert headings[4] == "Median waktu (jam:menit)"
        rows = {r[0].value: r for r in sheet.iter_rows(min_row=5)}
        diajukan = rows["Diajukan"]
        # A duration of 30 minutes (0.0208 days), shown 0:30.
        assert diajukan[2].value == datetime.timedelta(minutes=30)
        assert diajukan[2].number_format == exports.DURATION_FORMAT == "[h]:mm"
        assert diajukan[4].number_format == "[h]:mm"
        dates = list(book["Pengembalian"].iter_rows(min_row=5))
        assert dates[0][0].number_format == "[$-421]d mmmm yyyy"


class TestBoard:
    def test_default_period_follows_the_years_activity(self, regency):
        # The 2024 rows were worked on in 2025 and today: the period runs to
        # the last event, lateness is still judged at the end of 2024.
        report = act("satudata_report_summary", regency.world.users["walidata"],
                     tahun=2024)
        assert report["mulai"] == "2024-01-01"
        assert report["sampai"] == datetime.date.today().isoformat()
        assert report["acuan"] == "2025-01-01T00:00:00"
        assert report["ringkasan"]["langkah_diukur"] == 10
        # As judged at the end of 2024: B2's yearly deadline is 1 January 2025.
        assert report["ringkasan"]["terlambat"] == 5
        assert report["ringkasan"]["terbit_periode"] == 1
        # A year without work keeps its calendar year.
        other = act("satudata_report_summary", regency.world.users["walidata"],
                    tahun=2025)
        assert (other["mulai"], other["sampai"]) == ("2025-01-01", "2025-12-31")

    def test_drill_down_says_what_it_lists(self, app, regency):
        url = tk.h.url_for("satudata_report.rows", tahun=2024, ukuran="terlambat",
                           organization=regency.opd_b["name"],
                           mulai="2024-01-01", sampai="2024-12-31")
        body = get(app, regency, "walidata", url, 200).body
        title = (f"Terlambat \u2014 {regency.opd_b['title']} \u2014 "
                 "1 Januari\u201331 Desember 2024")
        assert f"<h1>{title}</h1>" in body.replace("&amp;", "&")
        url = tk.h.url_for("satudata_report.rows", tahun=2024, ukuran="status",
                           status="dikembalikan")
        body = get(app, regency, "walidata", url, 200).body
        today = formatting.date(datetime.date.today())
        assert (f"<h1>Dataset berstatus Dikembalikan \u2014 Semua OPD \u2014 "
                f"1 Januari 2024\u2013{today}</h1>") in body

    def test_board_lists_are_cut_with_a_way_to_all(self, app, regency, monkeypatch):
        from ckanext.satudata.views import report as view
        url = tk.h.url_for("satudata_report.board", **WHOLE)
        body = get(app, regency, "walidata", url, 200).body
        assert "satudata-report-more" not in body
        monkeypatch.setattr(view, "_SHOWN", 1)
        body = get(app, regency, "walidata", url, 200).body
        assert "1 pertama dari 2 pengembalian" in body
        assert body.count("Catatan untuk tidak_sesuai.") + body.count(
            "Kolom jumlah kosong di dua kecamatan.") == 1

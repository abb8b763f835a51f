"""Who sees what: the role matrix for the API, the board and the exports,
and every export read back."""
from __future__ import annotations

import csv
import datetime
import io

import ckan.plugins.toolkit as tk
import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from ckanext.satudata.tests.workflow.conftest import act

TODAY = datetime.date.today().isoformat()
WHOLE = {"tahun": 2024, "mulai": "2024-01-01", "sampai": TODAY}

ALL_OPDS = ("walidata", "forum", "pembina", "sysadmin")
OPD_A_STAFF = ("produsen", "admin_opd", "kepala_opd")


def visible(regency, who, **data):
    report = act("satudata_report_summary", regency.world.users[who], **WHOLE, **data)
    return {line["organisasi"]["name"] for line in report["per_opd"]}


class TestApi:
    def test_role_matrix(self, regency):
        a, b = regency.opd_a["name"], regency.opd_b["name"]
        for who in ALL_OPDS:
            assert visible(regency, who) == {a, b}, who
            assert visible(regency, who, organization=b) == {b}, who
        for who in OPD_A_STAFF:
            assert visible(regency, who) == {a}, who
            assert visible(regency, who, organization=a) == {a}, who
            with pytest.raises(tk.NotAuthorized, match="hanya dapat melihat"):
                visible(regency, who, organization=b)
        assert visible(regency, "other_opd") == {b}
        with pytest.raises(tk.NotAuthorized, match="hanya dapat melihat"):
            visible(regency, "other_opd", organization=a)
        with pytest.raises(tk.NotAuthorized, match="hanya untuk Walidata"):
            visible(regency, "member")
        with pytest.raises(tk.NotAuthorized, match="harus masuk"):
            visible(regency, "anonymous")

    @pytest.mark.ckan_config("ckanext.satudata.implicit_roles", False)
    def test_sysadmins_see_every_opd_without_implicit_roles(self, regency):
        # The CLI reports as the site user, which then holds no role.
        site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})
        report = tk.get_action("satudata_report_summary")(
            {"user": site_user["name"]}, dict(WHOLE))
        assert report["ringkasan"]["ditetapkan"] == 8
        assert visible(regency, "produsen") == {regency.opd_a["name"]}

    def test_opd_staff_get_their_own_figures(self, regency):
        producer = regency.world.users["produsen"]
        report = act("satudata_report_summary", producer, **WHOLE)
        assert report["ringkasan"]["ditetapkan"] == 4
        returned_by = {r["organisasi"]["id"] for r in report["pengembalian"]}
        assert returned_by == {regency.opd_a["id"]}
        rows = act("satudata_report_rows", regency.world.users["produsen"],
                   ukuran="terlambat", **WHOLE)
        assert {r["id_organisasi"] for r in rows} == {regency.opd_a["id"]}


def get(app, regency, who, url, status):
    return app.get(url, headers=regency.world.headers(who), status=status,
                   follow_redirects=False)


class TestBoard:
    def test_walidata_sees_every_opd_and_can_drill_down(self, app, regency):
        url = tk.h.url_for("satudata_report.board", **WHOLE)
        body = get(app, regency, "walidata", url, 200).body
        assert regency.opd_a["title"] in body and regency.opd_b["title"] in body
        assert "Kepatuhan standar waktu per langkah SOP" in body
        assert "Catatan untuk tidak_sesuai." in body
        assert "/satudata/pemantauan/laporan.pdf" in body
        drill = tk.h.url_for("satudata_report.rows", ukuran="terlambat",
                             organization=regency.opd_b["name"], **WHOLE)
        rows = get(app, regency, "walidata", drill, 200).body
        for key in ("B1", "B2", "B3", "B4"):
            assert regency.rows[key].kode in rows
        assert regency.rows["A2"].kode not in rows

    def test_linked_from_the_task_page(self, app, regency):
        body = get(app, regency, "walidata", tk.h.url_for("satudata_workflow.queue"),
                   200).body
        assert tk.h.url_for("satudata_report.board") in body
        # Not offered to someone the board would refuse.
        body = get(app, regency, "member", tk.h.url_for("satudata_workflow.queue"),
                   200).body
        assert tk.h.url_for("satudata_report.board") not in body

    def test_opd_staff_see_only_their_opd(self, app, regency):
        url = tk.h.url_for("satudata_report.board", **WHOLE)
        body = get(app, regency, "kepala_opd", url, 200).body
        assert regency.opd_a["title"] in body
        assert regency.opd_b["title"] not in body
        other = tk.h.url_for("satudata_report.board",
                             organization=regency.opd_b["name"], **WHOLE)
        refused = get(app, regency, "kepala_opd", other, 403).body
        assert "hanya dapat melihat pemantauan OPD" in refused

    def test_others_are_refused(self, app, regency):
        url = tk.h.url_for("satudata_report.board", **WHOLE)
        body = get(app, regency, "member", url, 403).body
        assert "hanya untuk Walidata" in body
        response = get(app, regency, "anonymous", url, 302)
        assert "/user/login" in response.headers["Location"]

    def test_bad_input_is_a_400_in_indonesian(self, app, regency):
        url = tk.h.url_for("satudata_report.board", tahun="abc")
        body = get(app, regency, "walidata", url, 400).body
        assert "Tahun harus berupa angka" in body


def download(app, regency, who, fmt, status=200, **params):
    url = tk.h.url_for("satudata_report.download", fmt=fmt, **WHOLE, **params)
    return get(app, regency, who, url, status)


class TestExports:
    def test_xlsx_has_the_board_figures(self, app, regency):
        response = download(app, regency, "walidata", "xlsx")
        book = load_workbook(io.BytesIO(response.data))
        assert book.sheetnames == ["Ringkasan", "Per OPD", "Standar Waktu",
                                   "Pengembalian", "Terbit", "Ketersediaan"]
        sheet = book["Ringkasan"]
        summary = {r[0]: r[1] for r in sheet.iter_rows(min_row=5, values_only=True)}
        assert summary["Baris ditetapkan"] == 8
        assert summary["Baris terlambat dimutakhirkan"] == 6
        assert summary["Kepatuhan standar waktu"] == pytest.approx(0.8)
        per_opd = list(book["Per OPD"].iter_rows(min_row=5, values_only=True))
        by_title = {r[0]: r for r in per_opd}
        assert by_title[regency.opd_b["title"]][1:3] == (4, 3)
        returns = list(book["Pengembalian"].iter_rows(min_row=5, values_only=True))
        assert {r[6] for r in returns} == {"Catatan untuk tidak_sesuai.",
                                           "Kolom jumlah kosong di dua kecamatan."}
        assert isinstance(returns[0][0], datetime.datetime)

    def test_csv_is_indonesian(self, app, regency):
        response = download(app, regency, "walidata", "csv")
        text = response.data.decode("utf-8-sig")
        rows = list(csv.reader(io.StringIO(text), delimiter=";"))
        assert rows[0] == ["Laporan Penyelenggaraan Satu Data Tahun 2024"]
        cells = {r[0]: r[1] for r in rows if len(r) == 2}
        assert cells["Baris ditetapkan"] == "8"
        assert cells["Persentase baris yang memiliki dataset"] == "62,5%"
        assert cells["Kepatuhan standar waktu"] == "80,0%"
        assert any(r[:2] == ["3 Maret 2025", regency.opd_b["title"]] for r in rows)

    def test_pdf_is_a_real_pdf_with_the_figures(self, app, regency):
        response = download(app, regency, "walidata", "pdf")
        assert response.data.startswith(b"%PDF")
        reader = PdfReader(io.BytesIO(response.data))
        # Table cells wrap: compare with the line breaks folded away.
        text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
        assert reader.metadata.title == "Laporan Penyelenggaraan Satu Data Tahun 2024"
        assert ("Laporan Penyelenggaraan Satu Data Kabupaten Mojokerto Tahun 2024"
                in text)
        assert "1 Januari 2024" in text
        assert "Kolom jumlah kosong di dua kecamatan." in text
        assert "Sebaran status dataset" in text  # the chart's heading
        assert regency.opd_b["title"] in text
        assert "80,0%" in text

    def test_exports_follow_the_role_matrix(self, app, regency):
        response = download(app, regency, "produsen", "xlsx")
        book = load_workbook(io.BytesIO(response.data))
        titles = [r[0] for r in book["Per OPD"].iter_rows(min_row=5, values_only=True)]
        assert titles == [regency.opd_a["title"]]
        download(app, regency, "produsen", "pdf", 403,
                 organization=regency.opd_b["name"])
        download(app, regency, "member", "csv", 403)
        response = download(app, regency, "anonymous", "pdf", 302)
        assert "/user/login" in response.headers["Location"]
        download(app, regency, "walidata", "docx", 404)

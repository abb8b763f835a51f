"""The Berita Acara of the availability check: the document and its rights,
the signed scan, the rows' summary, the filter by ketersediaan, the figures
of the board and the Laporan, and the PDF."""
from __future__ import annotations

import io
import os

import ckan.model as model
import ckan.plugins.toolkit as tk
import pytest
from ckan.tests import factories
from openpyxl import load_workbook
from pypdf import PdfReader
from werkzeug.datastructures import FileStorage

from ckanext.satudata.daftar_data import berita_acara as documents
from ckanext.satudata.model.berita_acara import BeritaAcara
from ckanext.satudata.model.daftar_data import DaftarData
from ckanext.satudata.report import exports

from .conftest import act, row_data

PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01"
       b"\x08\x06\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f"
       b"\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82")


def _headers(user):
    return {"Authorization": factories.APIToken(user=user)["token"]}


def _file(content: bytes, name: str) -> FileStorage:
    return FileStorage(stream=io.BytesIO(content), filename=name)


@pytest.fixture
def rows(people):
    """Three established rows of OPD A, one of OPD B, one revoked of A."""
    made = {}
    for kode, org, nama in (("A-1", people.org_a, "Jumlah penduduk"),
                            ("A-2", people.org_a, "Jumlah akta kelahiran"),
                            ("A-3", people.org_a, "Jumlah KTP elektronik"),
                            ("B-1", people.org_b, "Jumlah puskesmas"),
                            ("A-9", people.org_a, "Data yang dicabut")):
        row = act("satudata_daftar_data_create", people.walidata,
                  **row_data(org, kode=kode, nama_data=nama))
        made[kode] = act("satudata_daftar_data_establish", people.forum,
                         id=row["id"], no_sk="SK-1", tanggal_sk="2025-01-02")
    act("satudata_daftar_data_revoke", people.forum, id=made["A-9"]["id"],
        alasan="SK perubahan")
    return made


def _draft(people, rows, user=None, **extra):
    data = {
        "owner_org": people.org_a["id"], "tahun": 2025, "tanggal": "2025-02-10",
        "nomor": "BA/01/2025", "tempat": "Ruang rapat Diskominfo",
        "peserta": "Budi, Walidata\nSiti, Dispendukcapil",
        "hasil": [
            {"daftar_data_id": rows["A-1"]["id"], "ketersediaan": "tersedia"},
            {"daftar_data_id": rows["A-2"]["id"], "ketersediaan": "Tidak Tersedia",
             "keterangan": "Belum dihimpun"},
            {"daftar_data_id": rows["A-3"]["id"], "ketersediaan": "sebagian"},
        ],
        **extra,
    }
    return act("satudata_berita_acara_create", user or people.walidata, **data)


def _sign(people, document, content=PDF, name="ba.pdf"):
    return act("satudata_berita_acara_upload", people.walidata,
               id=document["id"], upload=_file(content, name))


class TestCreate:
    def test_walidata_drafts_a_berita_acara(self, people, rows):
        document = _draft(people, rows)
        assert document["status"] == "draf"
        assert document["organization"]["name"] == "dispendukcapil"
        assert [h["kode"] for h in document["hasil"]] == ["A-1", "A-2", "A-3"]
        assert [h["ketersediaan"] for h in document["hasil"]] == [
            "tersedia", "tidak_tersedia", "sebagian"]
        assert document["hasil"][1]["keterangan"] == "Belum dihimpun"
        assert document["ringkasan"] == {
            "tersedia": 1, "sebagian": 1, "tidak_tersedia": 1}
        assert document["jumlah_baris"] == 3
        assert document["scan"] is None
        # A draft is no result yet: the rows keep their summary.
        assert DaftarData.get(rows["A-1"]["id"]).ketersediaan is None

    @pytest.mark.parametrize(
        "role", ["forum", "pembina", "produsen_a", "admin_a", "kepala_a", "plain"])
    def test_only_the_walidata_writes(self, people, rows, role):
        with pytest.raises(tk.NotAuthorized, match="Hanya Walidata"):
            _draft(people, rows, user=getattr(people, role))
        with pytest.raises(tk.NotAuthorized):
            act("satudata_berita_acara_create", None, owner_org="dinkes")
        assert BeritaAcara.get("x") is None

    def test_refusals_name_the_wrong_lines(self, people, rows):
        with pytest.raises(tk.ValidationError) as e:
            _draft(people, rows, hasil=[
                {"daftar_data_id": rows["A-1"]["id"], "ketersediaan": "mungkin"},
                {"daftar_data_id": rows["B-1"]["id"], "ketersediaan": "tersedia"},
                {"daftar_data_id": rows["A-9"]["id"], "ketersediaan": "tersedia"},
                {"daftar_data_id": "tidak-ada", "ketersediaan": "tersedia"},
                {"daftar_data_id": rows["A-2"]["id"], "ketersediaan": ""},
                {"daftar_data_id": rows["A-3"]["id"], "ketersediaan": "tersedia"},
                {"daftar_data_id": rows["A-3"]["id"], "ketersediaan": "sebagian"},
            ])
        errors = e.value.error_dict["hasil"]
        assert errors[0].startswith("Baris 1:") and "tidak_tersedia" in errors[0]
        assert "Baris 2: B-1 bukan Daftar Data OPD" in errors[1]
        assert "Baris 3: A-9 sudah dicabut" in errors[2]
        assert errors[3] == "Baris 4: Daftar Data tidak ditemukan."
        assert errors[4] == "Baris 5: pilih hasil ketersediaan A-2."
        assert errors[5] == "Baris 7: A-3 disebut lebih dari sekali."
        assert act("satudata_berita_acara_list", people.walidata) == []

    def test_required_fields_and_shapes(self, people, rows):
        with pytest.raises(tk.ValidationError) as e:
            _draft(people, rows, owner_org="", tanggal="31/31/2025", tahun="x")
        errors = e.value.error_dict
        assert {"owner_org", "tanggal", "tahun"} <= set(errors)
        assert "TTTT-BB-HH" in errors["tanggal"][0]
        shapes: list[tuple[object, str]] = [
            (None, "daftar baris"), ([], "sedikitnya satu"), ("A-1", "daftar baris")]
        for hasil, message in shapes:
            with pytest.raises(tk.ValidationError, match=message):
                _draft(people, rows, hasil=hasil)


class TestReading:
    @pytest.mark.parametrize(
        "role", ["walidata", "forum", "pembina", "produsen_a", "kepala_a"])
    def test_a_draft_is_read_by_the_opd_and_the_regency(self, people, rows, role):
        document = _draft(people, rows)
        shown = act("satudata_berita_acara_show", getattr(people, role),
                    id=document["id"])
        assert shown["nomor"] == "BA/01/2025"
        assert [d["id"] for d in act("satudata_berita_acara_list",
                                     getattr(people, role))] == [document["id"]]

    @pytest.mark.parametrize("role", ["produsen_b", "plain", None])
    def test_a_draft_is_not_public(self, people, rows, role):
        document = _draft(people, rows)
        user = getattr(people, role) if role else None
        with pytest.raises(tk.NotAuthorized, match="belum ditandatangani"):
            act("satudata_berita_acara_show", user, id=document["id"])
        assert act("satudata_berita_acara_list", user) == []
        _sign(people, document)
        assert act("satudata_berita_acara_show", user,
                   id=document["id"])["status"] == "ditandatangani"
        assert len(act("satudata_berita_acara_list", user)) == 1

    def test_list_filters(self, people, rows):
        first = _draft(people, rows)
        _sign(people, first)
        second = _draft(people, rows, tanggal="2025-03-01")
        walidata = people.walidata
        assert [d["id"] for d in act("satudata_berita_acara_list", walidata)] == [
            second["id"], first["id"]]
        assert [d["id"] for d in act("satudata_berita_acara_list", walidata,
                                     status="draf")] == [second["id"]]
        assert act("satudata_berita_acara_list", walidata, organization="dinkes") == []
        assert act("satudata_berita_acara_list", walidata, tahun=2026) == []
        assert len(act("satudata_berita_acara_list", walidata,
                       daftar_data_id=rows["A-1"]["id"])) == 2
        with pytest.raises(tk.ValidationError, match="tidak dikenal"):
            act("satudata_berita_acara_list", walidata, status="sah")

    def test_unknown_is_not_found(self, people):
        with pytest.raises(tk.ObjectNotFound, match="Berita Acara tidak ditemukan"):
            act("satudata_berita_acara_show", people.walidata, id="nope")


class TestUpdate:
    def test_a_draft_changes_and_its_results_are_replaced(self, people, rows):
        document = _draft(people, rows)
        updated = act("satudata_berita_acara_update", people.walidata,
                      id=document["id"], nomor="BA/02/2025", hasil=[
                          {"daftar_data_id": rows["A-2"]["id"],
                           "ketersediaan": "tersedia"},
                          {"daftar_data_id": rows["A-1"]["id"],
                           "ketersediaan": "sebagian"}])
        assert updated["nomor"] == "BA/02/2025"
        assert updated["tanggal"] == "2025-02-10"
        assert [(h["kode"], h["ketersediaan"]) for h in updated["hasil"]] == [
            ("A-2", "tersedia"), ("A-1", "sebagian")]

    def test_opd_and_year_are_fixed(self, people, rows):
        document = _draft(people, rows)
        with pytest.raises(tk.ValidationError, match="tidak dapat diubah"):
            act("satudata_berita_acara_update", people.walidata,
                id=document["id"], owner_org=people.org_b["id"])
        # Sending them unchanged (a form does) is fine.
        act("satudata_berita_acara_update", people.walidata, id=document["id"],
            owner_org=people.org_a["name"], tahun=2025)

    def test_a_signed_one_is_a_record(self, people, rows):
        document = _draft(people, rows)
        _sign(people, document)
        with pytest.raises(tk.ValidationError, match="sudah ditandatangani"):
            act("satudata_berita_acara_update", people.walidata,
                id=document["id"], nomor="lain")
        with pytest.raises(tk.NotAuthorized, match="Hanya Walidata"):
            act("satudata_berita_acara_update", people.forum,
                id=document["id"], nomor="lain")


class TestScan:
    def test_signing_stores_the_scan_and_summarises_the_rows(self, people, rows):
        document = _draft(people, rows)
        signed = _sign(people, document, name="C:\\scan\\BA 01.pdf")
        assert signed["status"] == "ditandatangani"
        assert signed["scan"]["name"] == "BA 01.pdf"
        assert signed["scan"]["mimetype"] == "application/pdf"
        assert signed["scan"]["size"] == len(PDF)
        path = documents.scan_path(documents.stored_url(document["id"]))
        assert path and path.endswith(".pdf")
        assert "storage/uploads/satudata_berita_acara" in path
        with open(path, "rb") as f:
            assert f.read() == PDF
        row = DaftarData.get(rows["A-2"]["id"])
        assert (row.ketersediaan, row.no_berita_acara,
                row.tanggal_berita_acara.isoformat()) == (
            "tidak_tersedia", "BA/01/2025", "2025-02-10")
        # A new scan replaces the old file.
        _sign(people, document, PNG, "ba.png")
        assert not os.path.exists(path)
        assert documents.scan_path(documents.stored_url(document["id"])).endswith(
            ".png")

    def test_the_latest_signed_berita_acara_is_the_rows_result(self, people, rows):
        later = _draft(people, rows, tanggal="2025-06-01", nomor="BA/09")
        earlier = _draft(people, rows, tanggal="2025-02-01", nomor="BA/01",
                         hasil=[{"daftar_data_id": rows["A-1"]["id"],
                                 "ketersediaan": "tidak_tersedia"}])
        _sign(people, later)
        _sign(people, earlier)
        row = DaftarData.get(rows["A-1"]["id"])
        assert (row.ketersediaan, row.no_berita_acara) == ("tersedia", "BA/09")

    @pytest.mark.parametrize("content, name, message", [
        (b"", "kosong.pdf", "kosong"),
        (b"Nomor;Nama\n1;Budi\n", "ba.pdf", "bukan PDF, JPG atau PNG"),
        (b"MZ\x90\x00", "ba.exe", "bukan PDF, JPG atau PNG"),
    ])
    def test_wrong_files_are_refused_in_indonesian(self, people, rows, content,
                                                   name, message):
        document = _draft(people, rows)
        with pytest.raises(tk.ValidationError, match=message):
            _sign(people, document, content, name)
        assert act("satudata_berita_acara_show", people.walidata,
                   id=document["id"])["status"] == "draf"

    def test_no_file_is_refused(self, people, rows):
        document = _draft(people, rows)
        for upload in (None, "ba.pdf", _file(PDF, "")):
            with pytest.raises(tk.ValidationError, match="Pilih berkas pindaian"):
                act("satudata_berita_acara_upload", people.walidata,
                    id=document["id"], upload=upload)

    @pytest.mark.ckan_config("ckanext.satudata.berita_acara.max_scan_mb", 1)
    def test_a_file_above_the_limit_is_refused(self, people, rows):
        document = _draft(people, rows)
        with pytest.raises(tk.ValidationError, match="terlalu besar.*1 MB"):
            _sign(people, document, PDF + b"0" * (1 << 20))

    def test_only_the_walidata_uploads(self, people, rows):
        document = _draft(people, rows)
        for role in ("forum", "produsen_a", "admin_a"):
            with pytest.raises(tk.NotAuthorized, match="Hanya Walidata"):
                act("satudata_berita_acara_upload", getattr(people, role),
                    id=document["id"], upload=_file(PDF, "ba.pdf"))


class TestFilter:
    def test_the_list_filters_by_the_latest_result(self, people, rows):
        _sign(people, _draft(people, rows))

        def kodes(user=None, **data):
            result = act("satudata_daftar_data_list", user, tahun=2025, **data)
            return sorted(r["kode"] for r in result["results"])

        assert kodes(ketersediaan="tersedia") == ["A-1"]
        assert kodes(ketersediaan="sebagian") == ["A-3"]
        assert kodes(ketersediaan="Tidak Tersedia") == ["A-2"]
        assert kodes(ketersediaan="belum_diperiksa") == ["B-1"]
        # The revoked row was not checked either; the public does not see it.
        assert kodes(people.walidata, ketersediaan="belum_diperiksa") == [
            "A-9", "B-1"]
        with pytest.raises(tk.ValidationError, match="belum_diperiksa"):
            kodes(ketersediaan="ada")

    def test_the_page_filters(self, app, people, rows):
        _sign(people, _draft(people, rows))
        body = app.get(tk.url_for("satudata_daftar_data.index",
                                  ketersediaan="tidak_tersedia")).body
        assert "Jumlah akta kelahiran" in body
        assert "Jumlah penduduk" not in body.replace("Jumlah penduduk terdaftar", "")
        assert 'value="tidak_tersedia" selected' in body
        response = app.get(tk.url_for("satudata_daftar_data.index",
                                      ketersediaan="x"))
        assert response.status_code == 200
        assert "tidak dikenal" in response.body


class TestFigures:
    def test_counted_per_opd_in_the_report_and_its_files(self, app, people, rows):
        _sign(people, _draft(people, rows))
        _draft(people, rows, hasil=[{"daftar_data_id": rows["A-1"]["id"],
                                     "ketersediaan": "tidak_tersedia"}])
        report = act("satudata_report_summary", people.walidata, tahun=2025)
        lines = {line["organisasi"]["name"]: line
                 for line in report["ketersediaan"]["per_opd"]}
        assert lines["dispendukcapil"] == {
            "organisasi": lines["dispendukcapil"]["organisasi"],
            "baris": 3, "diperiksa": 3, "tersedia": 1, "sebagian": 1,
            "tidak_tersedia": 1, "belum_diperiksa": 0, "berita_acara": 1}
        assert lines["dinkes"]["belum_diperiksa"] == 1
        assert lines["dinkes"]["diperiksa"] == 0
        assert report["ketersediaan"]["ringkasan"]["baris"] == 4
        # An OPD's staff see their own OPD only.
        own = act("satudata_report_summary", people.produsen_b, tahun=2025)
        assert [line["organisasi"]["name"]
                for line in own["ketersediaan"]["per_opd"]] == ["dinkes"]

        book = load_workbook(io.BytesIO(exports.xlsx_bytes(report)))
        sheet = book["Ketersediaan"]
        values = [[c.value for c in row] for row in sheet.iter_rows(min_row=5)]
        assert ["Dinas Kependudukan dan Pencatatan Sipil",
                3, 3, 1, 1, 1, 0, 1] in values
        assert values[-1] == ["Jumlah", 4, 3, 1, 1, 1, 1, 1]
        text = exports.csv_bytes(report).decode("utf-8-sig")
        assert "Pemeriksaan ketersediaan data (Berita Acara)" in text

        body = app.get(tk.url_for("satudata_report.board", tahun=2025),
                       headers=_headers(people.walidata)).body
        assert "satudata-report-ketersediaan" in body
        assert "ketersediaan=tidak_tersedia" in body
        pdf = app.get(tk.url_for("satudata_report.download", fmt="pdf", tahun=2025),
                      headers=_headers(people.walidata)).data
        pdf_text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
        assert "Pemeriksaan ketersediaan data (Berita Acara)" in pdf_text


class TestPdf:
    def test_the_printed_berita_acara(self, app, people, rows):
        document = _draft(people, rows, catatan="Data akta dihimpun triwulan II.")
        response = app.get(tk.url_for("satudata_berita_acara.pdf",
                                      id=document["id"]),
                           headers=_headers(people.walidata))
        assert response.headers["Content-Type"] == "application/pdf"
        reader = PdfReader(io.BytesIO(response.data))
        text = " ".join(" ".join(p.extract_text().split()) for p in reader.pages)
        assert "PEMERINTAH KABUPATEN MOJOKERTO" in text
        assert "BERITA ACARA PEMERIKSAAN KETERSEDIAAN DATA" in text
        assert "Nomor: BA/01/2025" in text
        assert "Senin, tanggal 10 Februari 2025" in text
        assert "Daftar Data Tahun 2025 Dinas Kependudukan dan Pencatatan Sipil" in text
        for part in ("A-1", "Jumlah penduduk", "Tersedia Sebagian", "Tidak Tersedia",
                     "Belum dihimpun", "Data akta dihimpun triwulan II.",
                     "1. Budi, Walidata", "2. Siti, Dispendukcapil",
                     "Jumlah data yang diperiksa 3: tersedia 1",
                     "Kepala Dinas Kependudukan dan Pencatatan Sipil",
                     "Walidata Kabupaten Mojokerto", "NIP."):
            assert part in text, part

    def test_a_draft_pdf_is_not_public(self, app, people, rows):
        document = _draft(people, rows)
        response = app.get(tk.url_for("satudata_berita_acara.pdf",
                                      id=document["id"]))
        assert response.status_code == 403


class TestPages:
    def test_walidata_drafts_through_the_form(self, app, people, rows):
        headers = _headers(people.walidata)
        form_page = app.get(tk.url_for("satudata_berita_acara.new",
                                       organization="dispendukcapil", tahun=2025),
                            headers=headers).body
        assert f'name="ketersediaan-{rows["A-1"]["id"]}"' in form_page
        assert rows["A-9"]["id"] not in form_page
        response = app.post(tk.url_for("satudata_berita_acara.new"), headers=headers,
                            data={"owner_org": "dispendukcapil", "tahun": "2025",
                                  "tanggal": "2025-02-10", "nomor": "BA/07",
                                  f"ketersediaan-{rows['A-1']['id']}": "tersedia",
                                  f"ketersediaan-{rows['A-3']['id']}": "sebagian",
                                  f"keterangan-{rows['A-3']['id']}": "Tahun 2024 saja"},
                            follow_redirects=False)
        assert response.status_code == 302
        [document] = act("satudata_berita_acara_list", people.walidata)
        shown = act("satudata_berita_acara_show", people.walidata, id=document["id"])
        assert [(h["kode"], h["ketersediaan"], h["keterangan"])
                for h in shown["hasil"]] == [("A-1", "tersedia", None),
                                             ("A-3", "sebagian", "Tahun 2024 saja")]

    def test_a_form_without_results_is_refused_on_the_page(self, app, people, rows):
        response = app.post(tk.url_for("satudata_berita_acara.new"),
                            headers=_headers(people.walidata),
                            data={"owner_org": "dispendukcapil", "tahun": "2025",
                                  "tanggal": "2025-02-10"})
        assert response.status_code == 200
        assert "sedikitnya satu baris" in response.body

    def test_others_cannot_open_the_form(self, app, people, rows):
        response = app.get(tk.url_for("satudata_berita_acara.new"),
                           headers=_headers(people.produsen_a))
        assert response.status_code == 403

    def test_a_wrong_scan_on_the_page_is_a_message(self, app, people, rows):
        document = _draft(people, rows)
        response = app.post(
            tk.url_for("satudata_berita_acara.upload", id=document["id"]),
            headers=_headers(people.walidata),
            data={"upload": (io.BytesIO(b"bukan pindaian"), "ba.docx")})
        assert response.status_code == 200
        assert "bukan PDF, JPG atau PNG" in response.body

    def test_the_scan_downloads_for_everybody_once_signed(self, app, people, rows):
        document = _draft(people, rows)
        missing = app.get(tk.url_for("satudata_berita_acara.scan", id=document["id"]),
                          headers=_headers(people.walidata))
        assert missing.status_code == 404
        _sign(people, document, PNG, "pindaian.png")
        response = app.get(tk.url_for("satudata_berita_acara.scan",
                                      id=document["id"]))
        assert response.status_code == 200
        assert response.data == PNG
        assert response.headers["Content-Type"] == "image/png"
        assert "pindaian.png" in response.headers["Content-Disposition"]
        body = app.get(tk.url_for("satudata_berita_acara.read",
                                  id=document["id"])).body
        assert "Ditandatangani" in body
        assert "Unggah pindaian" not in body
        row_page = app.get(tk.url_for("satudata_daftar_data.read",
                                      id=rows["A-1"]["id"])).body
        assert tk.url_for("satudata_berita_acara.read", id=document["id"]) in row_page


class TestMigration:
    def test_the_rows_old_fields_become_signed_documents(self, people,
                                                         migrate_db_for):
        """sd0010 on a register whose rows carry Berita Acara fields: one
        signed document per OPD, year, number and date, without a scan."""
        def row(org, kode, **fields):
            return act("satudata_daftar_data_create", people.walidata,
                       **row_data(org, kode=kode, **fields))["id"]

        same = {"no_berita_acara": "BA/1", "tanggal_berita_acara": "2025-01-31"}
        a1 = row(people.org_a, "A-1", ketersediaan="tersedia", **same)
        a2 = row(people.org_a, "A-2", ketersediaan="sebagian", **same)
        b1 = row(people.org_b, "B-1", ketersediaan="tidak_tersedia")
        row(people.org_a, "A-3")
        model.Session.remove()  # the migrations' DDL waits for open transactions
        migrate_db_for("satudata", "sd0008", forward=False)
        migrate_db_for("satudata")

        found = act("satudata_berita_acara_list", None)
        by_org = {d["organization"]["name"]: d for d in found}
        assert set(by_org) == {"dispendukcapil", "dinkes"}
        a = act("satudata_berita_acara_show", None, id=by_org["dispendukcapil"]["id"])
        assert (a["status"], a["nomor"], a["tanggal"], a["scan"]) == (
            "ditandatangani", "BA/1", "2025-01-31", None)
        assert [(h["daftar_data_id"], h["ketersediaan"]) for h in a["hasil"]] == [
            (a1, "tersedia"), (a2, "sebagian")]
        b = act("satudata_berita_acara_show", None, id=by_org["dinkes"]["id"])
        assert b["nomor"] is None
        assert b["tanggal"] == DaftarData.get(b1).modified.date().isoformat()
        assert [h["ketersediaan"] for h in b["hasil"]] == ["tidak_tersedia"]

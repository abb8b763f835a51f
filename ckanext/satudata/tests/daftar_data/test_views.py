from __future__ import annotations

import io

import ckan.plugins.toolkit as tk
import pytest
from ckan.tests import factories

from ckanext.satudata.daftar_data import spreadsheet
from ckanext.satudata.model.daftar_data import DaftarData

from .conftest import act, row_data
from .spreadsheets import annex_csv, annex_xlsx


def _headers(user):
    token = factories.APIToken(user=user)["token"]
    return {"Authorization": token}


@pytest.fixture
def rows(people):
    established = act("satudata_daftar_data_create", people.walidata,
                      **row_data(people.org_a, kode="PUB-1",
                                 nama_data="Jumlah penduduk terdaftar"))
    act("satudata_daftar_data_establish", people.forum, id=established["id"],
        no_sk="SK-1", tanggal_sk="2025-01-02")
    other = act("satudata_daftar_data_create", people.walidata,
                **row_data(people.org_b, kode="PUB-2", nama_data="Jumlah puskesmas"))
    act("satudata_daftar_data_establish", people.forum, id=other["id"],
        no_sk="SK-1", tanggal_sk="2025-01-02")
    proposal = act("satudata_daftar_data_create", people.walidata,
                   **row_data(people.org_a, kode="USUL-1",
                              nama_data="Usulan rahasia"))
    return {"established": established, "other": other, "proposal": proposal}


class TestPublicPage:
    def test_anonymous_sees_established_rows_only(self, app, rows):
        body = app.get(tk.url_for("satudata_daftar_data.index")).body
        assert "Jumlah penduduk terdaftar" in body
        assert "Jumlah puskesmas" in body
        assert "Usulan rahasia" not in body

    def test_filters(self, app, rows):
        body = app.get(tk.url_for("satudata_daftar_data.index",
                                  organization="dinkes")).body
        assert "Jumlah puskesmas" in body
        assert "Jumlah penduduk terdaftar" not in body
        body = app.get(tk.url_for("satudata_daftar_data.index", q="penduduk")).body
        assert "Jumlah penduduk terdaftar" in body
        assert "Jumlah puskesmas" not in body

    def test_bad_filter_is_reported_not_a_500(self, app, rows):
        response = app.get(tk.url_for("satudata_daftar_data.index", status="x"))
        assert response.status_code == 200
        assert "tidak dikenal" in response.body

    def test_opd_member_sees_its_own_proposals(self, app, people, rows):
        body = app.get(tk.url_for("satudata_daftar_data.index"),
                       headers=_headers(people.produsen_a)).body
        assert "Usulan rahasia" in body
        body = app.get(tk.url_for("satudata_daftar_data.index"),
                       headers=_headers(people.produsen_b)).body
        assert "Usulan rahasia" not in body

    def test_read_page(self, app, people, rows):
        url = tk.url_for("satudata_daftar_data.read", id=rows["established"]["id"])
        body = app.get(url).body
        assert "PUB-1" in body and "SK-1" in body
        proposal = tk.url_for("satudata_daftar_data.read", id=rows["proposal"]["id"])
        assert app.get(proposal, status=403)
        assert app.get(proposal, headers=_headers(people.pembina)).status_code == 200
        app.get(tk.url_for("satudata_daftar_data.read", id="nope"), status=404)

    def test_export_as_anonymous_holds_established_rows(self, app, rows):
        response = app.get(tk.url_for("satudata_daftar_data.export", fmt="csv"))
        assert response.headers["Content-Type"].startswith("text/csv")
        text = response.data.decode("utf-8-sig")
        assert "PUB-1" in text and "USUL-1" not in text
        app.get(tk.url_for("satudata_daftar_data.export", fmt="pdf"), status=404)


class TestManagement:
    @pytest.mark.parametrize("role", ["produsen_a", "pembina", "plain"])
    def test_closed_to_other_roles(self, app, people, role):
        headers = _headers(getattr(people, role))
        for endpoint in ("manage", "new", "import_"):
            app.get(tk.url_for(f"satudata_daftar_data.{endpoint}"),
                    headers=headers, status=403)

    def test_closed_to_anonymous(self, app, people):
        app.get(tk.url_for("satudata_daftar_data.manage"), status=403)
        app.post(tk.url_for("satudata_daftar_data.import_"),
                 data={"tahun": "2025"}, status=403)

    def test_walidata_sees_counts_and_proposals(self, app, people, rows):
        body = app.get(tk.url_for("satudata_daftar_data.manage"),
                       headers=_headers(people.walidata)).body
        assert "Usulan rahasia" in body
        assert "Usulan: 1" in body and "Ditetapkan: 2" in body
        assert "Dinas Kesehatan" in body
        # Walidata may not establish: no bulk form.
        assert "establish-bulk" not in body
        forum = app.get(tk.url_for("satudata_daftar_data.manage"),
                        headers=_headers(people.forum)).body
        assert "establish-bulk" in forum

    def test_create_and_edit_forms(self, app, people):
        headers = _headers(people.walidata)
        response = app.post(
            tk.url_for("satudata_daftar_data.new"), headers=headers,
            data=row_data(people.org_a, kode="F-1", data_prioritas="on"),
        )
        assert response.status_code == 200
        stored = DaftarData.by_kode("F-1", 2025)
        assert stored.data_prioritas is True
        response = app.post(
            tk.url_for("satudata_daftar_data.edit", id=stored.id), headers=headers,
            data=dict(row_data(people.org_a, kode="F-1"), jenis_data="bukan"),
        )
        assert "statistik, geospasial, keuangan" in response.body
        response = app.post(
            tk.url_for("satudata_daftar_data.edit", id=stored.id), headers=headers,
            data=dict(row_data(people.org_a, kode="F-1"), satuan="orang"),
        )
        assert response.status_code == 200
        stored = DaftarData.by_kode("F-1", 2025)
        assert (stored.satuan, stored.data_prioritas) == ("orang", False)

    def test_established_row_form_sends_only_free_fields(self, app, people, rows):
        row_id = rows["established"]["id"]
        headers = _headers(people.walidata)
        form = app.get(tk.url_for("satudata_daftar_data.edit", id=row_id),
                       headers=headers).body
        assert "<fieldset disabled" in form
        app.post(tk.url_for("satudata_daftar_data.edit", id=row_id),
                 headers=headers,
                 data={"catatan": "BA menyusul", "ketersediaan": "tersedia",
                       "no_berita_acara": "", "tanggal_berita_acara": "",
                       "kode_metadata": "", "link_portal_daerah": "",
                       "link_portal_sdi": "", "template_id": ""})
        stored = DaftarData.get(row_id)
        assert (stored.catatan, stored.ketersediaan) == ("BA menyusul", "tersedia")
        assert stored.data_prioritas is False and stored.status == "ditetapkan"

    def test_forum_buttons(self, app, people, rows):
        headers = _headers(people.forum)
        proposal = rows["proposal"]["id"]
        app.post(tk.url_for("satudata_daftar_data.establish", id=proposal),
                 headers=headers, data={"no_sk": "SK-2", "tanggal_sk": "2025-02-01"})
        assert DaftarData.get(proposal).status == "ditetapkan"
        app.post(tk.url_for("satudata_daftar_data.revoke", id=proposal),
                 headers=headers, data={"alasan": "Salah OPD"})
        assert DaftarData.get(proposal).status == "dicabut"

    def test_walidata_cannot_establish_through_the_form(self, app, people, rows):
        proposal = rows["proposal"]["id"]
        app.post(tk.url_for("satudata_daftar_data.establish", id=proposal),
                 headers=_headers(people.walidata),
                 data={"no_sk": "SK-2", "tanggal_sk": "2025-02-01"}, status=403)
        assert DaftarData.get(proposal).status == "usulan"

    def test_bulk_establish_and_delete(self, app, people, rows):
        headers = _headers(people.forum)
        extra = act("satudata_daftar_data_create", people.walidata,
                    **row_data(people.org_b, kode="DEL-1"))
        app.post(tk.url_for("satudata_daftar_data.delete", id=extra["id"]),
                 headers=headers)
        assert DaftarData.get(extra["id"]) is None
        response = app.post(tk.url_for("satudata_daftar_data.establish_bulk"),
                            headers=headers,
                            data={"tahun": "2025", "no_sk": "SK-3",
                                  "tanggal_sk": "2025-03-01", "organization": ""})
        assert "1 usulan Daftar Data ditetapkan" in response.body
        assert DaftarData.get(rows["proposal"]["id"]).no_sk == "SK-3"

    def test_refused_delete_is_explained(self, app, people, rows):
        response = app.post(
            tk.url_for("satudata_daftar_data.delete", id=rows["established"]["id"]),
            headers=_headers(people.walidata))
        assert "Hanya Daftar Data berstatus usulan" in response.body
        assert DaftarData.get(rows["established"]["id"]) is not None


class TestImportFlow:
    def _upload(self, app, people, content, filename, tahun="2025"):
        return app.post(
            tk.url_for("satudata_daftar_data.import_"),
            headers=_headers(people.walidata),
            data={"tahun": tahun, "upload": (io.BytesIO(content), filename)},
            content_type="multipart/form-data",
        )

    @staticmethod
    def _token(body):
        return body.split('name="token" value="')[1].split('"')[0]

    def test_upload_preview_confirm(self, app, people):
        response = self._upload(app, people, annex_xlsx(), "lampiran.xlsx")
        assert response.status_code == 200
        body = response.body
        assert "Belum ada yang disimpan" in body
        assert "4 baris baru" in body
        assert "DD-3516-2025-004" in body
        assert DaftarData.for_year(2025) == []

        response = app.post(
            tk.url_for("satudata_daftar_data.import_confirm"),
            headers=_headers(people.walidata), data={"token": self._token(body)},
        )
        assert "Impor selesai: 4 baris baru" in response.body
        assert len(DaftarData.for_year(2025)) == 4

    def test_rows_with_errors_are_shown_and_left_out(self, app, people):
        bad = annex_csv().replace(b"DINKES;Terbuka", b"Dinas Antah;Bebas")
        body = self._upload(app, people, bad, "lampiran.csv").body
        assert "1 baris bermasalah tidak akan diimpor" in body
        assert "Dinas Antah" in body and "Terbuka, Terbatas, Tertutup" in body
        response = app.post(
            tk.url_for("satudata_daftar_data.import_confirm"),
            headers=_headers(people.walidata), data={"token": self._token(body)},
        )
        assert "1 baris bermasalah dilewati" in response.body
        assert [r.kode for r in DaftarData.for_year(2025)] == ["DD-1"]

    def test_unreadable_file_shows_why(self, app, people):
        body = self._upload(app, people, b"\xd0\xcf\x11\xe0" + b"\0" * 64,
                            "lama.xls").body
        assert ".xls" in body
        assert 'name="token"' not in body

    def test_missing_file_or_year(self, app, people):
        response = app.post(tk.url_for("satudata_daftar_data.import_"),
                            headers=_headers(people.walidata), data={"tahun": ""})
        assert "Pilih berkas" in response.body and "Isi tahun" in response.body

    def test_confirm_needs_the_uploaders_token(self, app, people):
        body = self._upload(app, people, annex_csv(), "lampiran.csv").body
        token = self._token(body)
        response = app.post(tk.url_for("satudata_daftar_data.import_confirm"),
                            headers=_headers(people.forum), data={"token": token})
        assert "kedaluwarsa" in response.body
        assert DaftarData.for_year(2025) == []
        response = app.post(tk.url_for("satudata_daftar_data.import_confirm"),
                            headers=_headers(people.walidata), data={"token": "x"})
        assert "kedaluwarsa" in response.body

    def test_confirm_is_closed_to_other_roles(self, app, people):
        body = self._upload(app, people, annex_csv(), "lampiran.csv").body
        app.post(tk.url_for("satudata_daftar_data.import_confirm"),
                 headers=_headers(people.produsen_a),
                 data={"token": self._token(body)}, status=403)
        assert DaftarData.for_year(2025) == []


class TestExportRoundTrip:
    @pytest.mark.parametrize("fmt", ["xlsx", "csv"])
    def test_export_then_reimport_changes_nothing(self, app, people, fmt):
        preview = spreadsheet.read_rows(annex_xlsx(), 2025)
        act("satudata_daftar_data_import", people.walidata, tahun=2025,
            rows=preview.data_rows())
        response = app.get(
            tk.url_for("satudata_daftar_data.export", fmt=fmt, tahun=2025),
            headers=_headers(people.walidata))
        assert f"daftar-data-2025.{fmt}" in response.headers["Content-Disposition"]
        body = TestImportFlow()._upload(app, people, response.data, f"x.{fmt}").body
        assert "0 baris baru, 0 diperbarui, 4 tidak berubah" in body

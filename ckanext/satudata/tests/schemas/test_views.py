"""The dataset and organization forms and the dataset page, in the browser's way.

Forms are posted through the Flask test client as the user they are for (an
editor of the OPD); CSRF is off in test.ini.
"""

from __future__ import annotations

import re

import ckan.plugins.toolkit as tk
import pytest
from ckan import model
from ckan.tests import factories, helpers

from ckanext.satudata.model.daftar_data import DaftarData

from .factories import daftar_data_row, sdi_dataset, sdi_metadata


@pytest.fixture
def editor(opd):
    user = factories.UserWithToken()
    helpers.call_action(
        "organization_member_create",
        id=opd["id"],
        username=user["name"],
        role="editor",
    )
    return user


def form_fields(opd, row, **overrides):
    fields = {
        "title": "Jumlah Penduduk menurut Kecamatan",
        "name": "jumlah-penduduk-kecamatan",
        "owner_org": opd["id"],
        "private": "True",
        **{k: str(v) for k, v in sdi_metadata(row.id).items()},
        "kode_wilayah": "",
        "cakupan_wilayah": "",
        "tahun_akhir": "",
    }
    fields.update(overrides)
    return fields


class TestDatasetNewForm:
    def test_shows_the_fields_with_vocabulary_and_daftar_data_choices(
        self, app, opd, other_opd, editor, row
    ):
        daftar_data_row(opd["id"], kode="DD.USUL", status="usulan")
        daftar_data_row(other_opd["id"], kode="DD.LAIN")
        page = app.get(
            tk.h.url_for("dataset.new"), headers={"Authorization": editor["token"]}
        ).body
        assert "Informasi" not in page  # the form, not the dataset page
        for label in (
            "Jenis Data",
            "Frekuensi Pemutakhiran",
            "Tingkat Penyajian",
            "Klasifikasi Akses",
            "Ukuran",
            "Kode Wilayah (Kemendagri)",
        ):
            assert label in page
        assert '<option value="empat_bulanan">Empat Bulanan</option>' in page
        assert '<option value="desa">Desa/Kelurahan</option>' in page
        assert '<optgroup label="Dinas Kependudukan dan Pencatatan Sipil">' in page
        # Each option carries what its row says (data-fill, for the picker).
        assert re.search(
            rf'<option value="{row.id}" data-fill="[^"]*">DD\.3516\.0001 — Jumlah '
            r"Penduduk menurut Kecamatan dan Jenis Kelamin \(2024\)</option>", page)
        # Only established rows of the editor's own OPD are offered.
        assert "DD.USUL" not in page
        assert "DD.LAIN" not in page

    def test_pre_selects_the_default_licence(self, app, editor):
        page = app.get(
            tk.h.url_for("dataset.new"), headers={"Authorization": editor["token"]}
        ).body
        assert re.search(r'<option value="cc-by"\s+selected', page)
        assert not re.search(r'<option value="notspecified"\s+selected', page)

    @pytest.mark.ckan_config("ckanext.satudata.default_license", "odc-odbl")
    def test_the_default_licence_is_configurable(self, app, opd, editor, row):
        page = app.get(
            tk.h.url_for("dataset.new"), headers={"Authorization": editor["token"]}
        ).body
        assert re.search(r'<option value="odc-odbl"\s+selected', page)
        assert not re.search(r'<option value="cc-by"\s+selected', page)
        # a dataset created without a licence gets it too
        dataset = helpers.call_action(
            "package_create", context={"user": editor["name"]},
            **dict(sdi_metadata(row.id), name="tanpa-lisensi", title="Tanpa Lisensi",
                   owner_org=opd["id"]))
        assert dataset["license_id"] == "odc-odbl"

    def test_creates_the_dataset(self, app, opd, editor, row):
        response = app.post(
            tk.h.url_for("dataset.new"),
            data=form_fields(opd, row, save="continue"),
            headers={"Authorization": editor["token"]},
            follow_redirects=False,
        )
        assert response.status_code == 302
        dataset = helpers.call_action("package_show", id="jumlah-penduduk-kecamatan")
        assert dataset["daftar_data_id"] == row.id
        assert dataset["frekuensi"] == "tahunan"
        assert dataset["kode_wilayah"] == "35.16"
        assert dataset["cakupan_wilayah"] == "Kabupaten Mojokerto"
        assert dataset["tahun_akhir"] == 2024

    def test_redisplays_the_form_with_indonesian_errors_and_the_input(
        self, app, opd, other_opd, editor, row
    ):
        foreign = daftar_data_row(other_opd["id"], kode="DD.LAIN")
        response = app.post(
            tk.h.url_for("dataset.new"),
            data=form_fields(
                opd,
                row,
                daftar_data_id=foreign.id,
                kode_wilayah="35.16.99",
                satuan="",
                save="continue",
            ),
            headers={"Authorization": editor["token"]},
        )
        assert response.status_code == 200
        page = response.body
        assert "Wajib diisi." in page
        assert "Kode wilayah &#34;35.16.99&#34; tidak terdaftar" in page
        assert "Baris Daftar Data DD.LAIN (2024) milik OPD lain" in page
        # What was typed is kept.
        assert 'value="SIAK Dispendukcapil"' in page
        assert model.Session.query(model.Package).count() == 0


class TestDatasetEditForm:
    def test_updates_the_metadata(self, app, opd, editor):
        dataset = sdi_dataset(owner_org=opd["id"])
        url = tk.h.url_for("dataset.edit", id=dataset["name"])
        page = app.get(url, headers={"Authorization": editor["token"]}).body
        assert re.search(
            rf'<option value="{dataset["daftar_data_id"]}" data-fill="[^"]*" selected>',
            page)
        assert '<option value="tahunan" selected>' in page

        fields = {
            k: str(v)
            for k, v in dataset.items()
            if isinstance(v, (str, int)) and k not in ("id", "type", "state")
        }
        fields.update(frekuensi="semesteran", kode_wilayah="35.16.08", save="")
        response = app.post(
            url,
            data=fields,
            headers={"Authorization": editor["token"]},
            follow_redirects=False,
        )
        assert response.status_code == 302
        shown = helpers.call_action("package_show", id=dataset["id"])
        assert shown["frekuensi"] == "semesteran"
        assert shown["kode_wilayah"] == "35.16.08"

    def test_keeps_offering_the_linked_row_after_it_is_revoked(self, app, opd, editor):
        dataset = sdi_dataset(owner_org=opd["id"])
        row = model.Session.get(DaftarData, dataset["daftar_data_id"])
        row.status = "dicabut"
        model.Session.commit()
        page = app.get(
            tk.h.url_for("dataset.edit", id=dataset["name"]),
            headers={"Authorization": editor["token"]},
        ).body
        assert re.search(
            rf'<option value="{row.id}" data-fill="[^"]*" selected>'
            rf"{re.escape(row.kode)} — ", page)
        assert "(2024) [Dicabut]</option>" in page

    def test_refuses_a_row_that_is_not_established(self, app, opd, editor):
        dataset = sdi_dataset(owner_org=opd["id"])
        proposed = daftar_data_row(opd["id"], kode="DD.USUL", status="usulan")
        fields = {
            k: str(v)
            for k, v in dataset.items()
            if isinstance(v, (str, int)) and k not in ("id", "type", "state")
        }
        fields.update(daftar_data_id=proposed.id, save="")
        response = app.post(
            tk.h.url_for("dataset.edit", id=dataset["name"]),
            data=fields,
            headers={"Authorization": editor["token"]},
        )
        assert "berstatus Usulan" in response.body
        shown = helpers.call_action("package_show", id=dataset["id"])
        assert shown["daftar_data_id"] == dataset["daftar_data_id"]


class TestDatasetPage:
    def test_shows_the_metadata_block(self, app, opd):
        sysadmin = factories.SysadminWithToken()
        dataset = sdi_dataset(
            owner_org=opd["id"],
            kode_wilayah="35.16.08",
            cakupan_wilayah="Kecamatan Mojosari",
            frekuensi="empat_bulanan",
            tingkat_penyajian="desa",
        )
        page = app.get(
            tk.h.url_for("dataset.read", id=dataset["name"]),
            headers={"Authorization": sysadmin["token"]},
        ).body
        assert "Informasi Metadata SDI" in page
        block = page.split("Informasi Metadata SDI", 1)[1].split("</table>", 1)[0]
        assert "Dinas Kependudukan dan Pencatatan Sipil" in block
        assert "Empat Bulanan" in block and "empat_bulanan" not in block
        assert "Desa/Kelurahan" in block
        assert "Statistik" in block
        assert "35.16.08 — Mojosari" in block
        assert "Kecamatan Mojosari" in block
        row = dataset["daftar_data_id"]
        link = tk.h.url_for("satudata_daftar_data.read", id=row)
        assert f'<a href="{link}">' in block
        assert (
            "— Jumlah Penduduk menurut Kecamatan dan Jenis Kelamin (2024)</a>" in block
        )
        # Empty optional fields are left out.
        assert "Tautan Metadata Statistik" not in block


class TestOrganizationForm:
    def test_creates_an_opd_with_its_fields(self, app):
        sysadmin = factories.SysadminWithToken()
        page = app.get(
            tk.h.url_for("organization.new"),
            headers={"Authorization": sysadmin["token"]},
        ).body
        for label in (
            "Kode OPD",
            "Singkatan",
            "Nama Kepala OPD",
            "NIP Kepala OPD",
            "Alamat",
            "Telepon",
            "Situs Web",
        ):
            assert label in page
        response = app.post(
            tk.h.url_for("organization.new"),
            data={
                "title": "Dinas Kependudukan dan Pencatatan Sipil",
                "name": "dispendukcapil",
                "kode_opd": "2.12.0.00.0.00.01.0000",
                "singkatan": "Dispendukcapil",
                "kepala_opd_nama": "Drs. Budi Santoso, M.Si.",
                "kepala_opd_nip": "19700101 199003 1 005",
                "alamat": "Jl. Raya Jabon No. 1, Mojosari",
                "telepon": "(0321) 591234",
                "email": "dispendukcapil@mojokertokab.go.id",
                "situs": "https://dispendukcapil.mojokertokab.go.id",
                "save": "",
            },
            headers={"Authorization": sysadmin["token"]},
            follow_redirects=False,
        )
        assert response.status_code == 302
        org = helpers.call_action("organization_show", id="dispendukcapil")
        assert org["kode_opd"] == "2.12.0.00.0.00.01.0000"
        assert org["singkatan"] == "Dispendukcapil"
        assert org["kepala_opd_nip"] == "197001011990031005"
        assert org["situs"] == "https://dispendukcapil.mojokertokab.go.id"

    def test_edit_refuses_a_code_taken_by_another_opd(self, app, opd):
        sysadmin = factories.SysadminWithToken()
        factories.Organization(name="dinkes", title="Dinas Kesehatan", kode_opd="1.02")
        response = app.post(
            tk.h.url_for("organization.edit", id=opd["name"]),
            data={
                "title": opd["title"],
                "name": opd["name"],
                "kode_opd": "1.02",
                "email": "bukan-email",
                "save": "",
            },
            headers={"Authorization": sysadmin["token"]},
        )
        assert response.status_code == 200
        assert "&#34;1.02&#34; sudah dipakai oleh OPD Dinas Kesehatan." in response.body
        assert "Alamat email &#34;bukan-email&#34; tidak valid." in response.body
        assert "kode_opd" not in helpers.call_action("organization_show", id=opd["id"])

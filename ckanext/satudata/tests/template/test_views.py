"""The pages: authoring a template, checking a file, reports, the dataset view."""
from __future__ import annotations

import io

import ckan.plugins.toolkit as tk
import pytest

from ckanext.satudata.model.daftar_data import DaftarData
from ckanext.satudata.tests.schemas.factories import daftar_data_row

from .factories import (
    act,
    add_upload,
    data_bytes,
    linked_dataset,
    make_template,
    token,
)


def auth(user: str) -> dict[str, str]:
    return {"Authorization": token(user)}


def test_public_pages(app, people):
    t = make_template(people.walidata)
    page = app.get(tk.h.url_for("satudata_template.index"))
    assert page.status_code == 200
    assert t["title"] in page.body
    assert "Buat template" not in page.body
    page = app.get(tk.h.url_for("satudata_template.read", id=t["name"]))
    assert page.status_code == 200
    assert "kode_wilayah" in page.body and "Buku kerja XLSX" in page.body
    assert "Cek kesesuaian" not in page.body  # anonymous cannot check
    assert app.get(tk.h.url_for("satudata_template.read",
                                id="tidak-ada")).status_code == 404


def test_authoring_page_is_for_walidata(app, people):
    url = tk.h.url_for("satudata_template.new")
    assert app.get(url, headers=auth(people.walidata)).status_code == 200
    page = app.get(url, headers=auth(people.produsen_a))
    assert page.status_code == 403
    assert "Hanya Walidata" in page.body
    assert app.post(url, data={"aksi": "simpan"},
                    headers=auth(people.admin_a)).status_code == 403


def _form(**extra):
    data = {"name": "penduduk-form", "title": "Penduduk (formulir)",
            "delimiter": ",", "missing_values": "-",
            "fields-0-name": "kode_wilayah", "fields-0-title": "Kode Wilayah",
            "fields-0-type": "string", "fields-0-required": "1",
            "fields-0-region": "1", "fields-0-primary_key": "1",
            "fields-1-name": "jenis_kelamin", "fields-1-type": "string",
            "fields-1-enum": "Laki-laki; Perempuan",
            "fields-2-name": "jumlah", "fields-2-type": "integer",
            "fields-2-minimum": "0", "fields-2-unit": "Jiwa",
            "fields-3-name": "", "fields-3-title": "", "fields-3-type": "string"}
    data.update(extra)
    return data


def test_create_from_the_form(app, people):
    response = app.post(tk.h.url_for("satudata_template.new"),
                        data=_form(aksi="simpan"), headers=auth(people.walidata),
                        follow_redirects=False)
    assert response.status_code == 302
    t = act("satudata_template_show", None, id="penduduk-form")
    fields = t["version"]["table_schema"]["fields"]
    assert [f["name"] for f in fields] == ["kode_wilayah", "jenis_kelamin", "jumlah"]
    assert fields[1]["constraints"]["enum"] == ["Laki-laki", "Perempuan"]
    assert fields[2]["constraints"]["minimum"] == 0 and fields[2]["unit"] == "Jiwa"
    assert t["version"]["table_schema"]["primaryKey"] == ["kode_wilayah"]
    assert t["version"]["table_schema"]["missingValues"] == ["", "-"]
    assert t["version"]["options"]["region_code_fields"] == ["kode_wilayah"]


def test_form_errors_keep_the_input(app, people):
    page = app.post(tk.h.url_for("satudata_template.new"),
                    data=_form(aksi="simpan", **{"fields-2-minimum": "nol",
                                                 "fields-0-name": "Kode"}),
                    headers=auth(people.walidata))
    assert page.status_code == 200
    assert "tidak sesuai tipenya" in page.body
    assert 'value="Laki-laki; Perempuan"' in page.body


def test_preview_and_add_rows(app, people):
    page = app.post(tk.h.url_for("satudata_template.new"),
                    data=_form(aksi="pratinjau"), headers=auth(people.walidata))
    assert page.status_code == 200
    assert "Pratinjau" in page.body and "Pilihan: Laki-laki, Perempuan." in page.body
    page = app.post(tk.h.url_for("satudata_template.new"),
                    data=_form(aksi="tambah"), headers=auth(people.walidata))
    # The three columns, the blank row sent, and three more.
    assert 'name="fields-6-name"' in page.body
    assert 'name="fields-7-name"' not in page.body


def test_start_from_a_sample(app, people):
    page = app.post(
        tk.h.url_for("satudata_template.new"),
        data={"aksi": "infer", "name": "", "title": "",
              "sampel": (io.BytesIO(data_bytes("titik_koma.csv")), "contoh.csv")},
        headers=auth(people.walidata), content_type="multipart/form-data")
    assert page.status_code == 200
    assert 'value="rasio_jenis_kelamin"' in page.body
    assert "baris contoh dibaca" in page.body


def test_start_from_a_table_schema(app, people):
    import json

    from .factories import penduduk

    schema = json.dumps(penduduk()["table_schema"]).encode()
    page = app.post(
        tk.h.url_for("satudata_template.new"),
        data={"aksi": "impor", "skema": (io.BytesIO(schema), "skema.json")},
        headers=auth(people.walidata), content_type="multipart/form-data")
    assert page.status_code == 200
    assert 'value="perempuan"' in page.body
    page = app.post(
        tk.h.url_for("satudata_template.new"),
        data={"aksi": "impor", "skema": (io.BytesIO(b"{rusak"), "skema.json")},
        headers=auth(people.walidata), content_type="multipart/form-data")
    assert "Berkas bukan JSON yang sah." in page.body


def test_edit_makes_a_new_version(app, people):
    t = make_template(people.walidata)
    url = tk.h.url_for("satudata_template.edit", id=t["name"])
    page = app.get(url, headers=auth(people.walidata))
    assert 'value="rasio_jenis_kelamin"' in page.body
    data = _form(aksi="simpan", title=t["title"], note="versi formulir")
    response = app.post(url, data=data, headers=auth(people.walidata),
                        follow_redirects=False)
    assert response.status_code == 302
    assert act("satudata_template_show", None, id=t["id"])["current_version"] == 2


def test_attach_to_a_daftar_data_row(app, people):
    t = make_template(people.walidata)
    row = daftar_data_row(people.org_a["id"], kode="DD-3516-2024-007")
    response = app.post(tk.h.url_for("satudata_template.attach", id=t["name"]),
                        data={"kode": "DD-3516-2024-007", "tahun": "2024"},
                        headers=auth(people.walidata))
    assert response.status_code == 200
    assert "Template dipasang pada Daftar Data DD-3516-2024-007" in response.body
    assert DaftarData.get(row.id).template_id == t["id"]
    response = app.post(tk.h.url_for("satudata_template.attach", id=t["name"]),
                        data={"kode": "TIDAK-ADA", "tahun": "2024"},
                        headers=auth(people.walidata))
    assert "tidak ditemukan" in response.body


def test_check_page_shows_every_problem_with_row_and_column(app, people):
    t = make_template(people.walidata)
    url = tk.h.url_for("satudata_template.check", id=t["name"])
    assert app.get(url).status_code == 403
    page = app.post(url, data={"upload": (io.BytesIO(data_bytes("tipe.csv")),
                                          "cek.csv")},
                    headers=auth(people.produsen_a),
                    content_type="multipart/form-data")
    assert page.status_code == 200
    body = page.body
    assert "Tidak sesuai template" in body
    assert ("Nilai &#39;tiga ribu&#39; pada kolom &#39;laki_laki&#39; bukan "
            "bilangan bulat.") in body
    # Row 4, column C (laki_laki).
    assert "<td>4</td>" in body
    assert "C\n          <code>laki_laki</code>" in body
    assert "Kolom &#39;kecamatan&#39; wajib diisi, tetapi kosong." in body
    page = app.post(url, data={}, headers=auth(people.produsen_a),
                    content_type="multipart/form-data")
    assert "Unggah berkas CSV atau XLSX." in page.body


@pytest.mark.ckan_config("ckanext.satudata.check.sync_max_bytes", 10)
@pytest.mark.usefixtures("clean_queues")
def test_pending_report_refreshes_itself(app, people):
    t = make_template(people.walidata)
    page = app.post(tk.h.url_for("satudata_template.check", id=t["name"]),
                    data={"upload": (io.BytesIO(data_bytes("baik.csv")), "a.csv")},
                    headers=auth(people.produsen_a),
                    content_type="multipart/form-data")
    assert "Menunggu antrean" in page.body
    assert '<meta http-equiv="refresh" content="3">' in page.body


def test_dataset_conformance_page(app, people):
    t = make_template(people.walidata)
    dataset = linked_dataset(people.org_a["id"], t["id"], people.produsen_a)
    res = add_upload(dataset["id"], people.produsen_a, data_bytes("tipe.csv"),
                     "penduduk.csv")
    url = tk.h.url_for("satudata_validation.dataset", id=dataset["name"])
    page = app.get(url, headers=auth(people.produsen_a))
    assert page.status_code == 200
    assert "Dataset belum dapat diajukan" in page.body
    assert "tidak sesuai template (5 kesalahan)" in page.body
    assert app.get(url).status_code in (403, 404)  # private dataset
    # Re-run from the page, then the report page opens.
    response = app.post(tk.h.url_for("satudata_validation.run", id=dataset["name"]),
                        data={"resource_id": res["id"]},
                        headers=auth(people.produsen_a))
    assert response.status_code == 200
    assert "Laporan kesesuaian" in response.body
    assert "Periksa ulang" in response.body
    forbidden = app.post(tk.h.url_for("satudata_validation.run", id=dataset["name"]),
                         data={"resource_id": res["id"]},
                         headers=auth(people.kepala_a))
    assert forbidden.status_code == 403


def test_resource_page_links_its_report(app, people):
    t = make_template(people.walidata)
    dataset = linked_dataset(people.org_a["id"], t["id"], people.produsen_a)
    res = add_upload(dataset["id"], people.produsen_a, data_bytes("baik.csv"),
                     "penduduk.csv")
    page = app.get(tk.h.url_for("resource.read", id=dataset["name"],
                                resource_id=res["id"]),
                   headers=auth(people.produsen_a))
    assert page.status_code == 200
    assert "Kesesuaian Template" in page.body
    assert "Sesuai template" in page.body
    assert tk.h.url_for("satudata_validation.report",
                        id=res["satudata_validation_report_id"]) in page.body

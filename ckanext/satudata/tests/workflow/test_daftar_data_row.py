"""The Daftar Data row page as the start of a dataset.

It names its template (with the downloads), lists the datasets made for the
row with their status (to each user the ones they may see), and offers the
row's OPD "Buat dataset": the dataset form opened pre-filled from the row.
"""
from __future__ import annotations

import json

import ckan.model as model
import ckan.plugins.toolkit as tk
import pytest
from bs4 import BeautifulSoup

from ckanext.satudata.tests.schemas.factories import daftar_data_row, sdi_metadata

from .conftest import act


def _soup(app, world, who, url, status=200):
    response = app.get(url, headers=world.headers(who), status=status)
    return BeautifulSoup(response.body, "html.parser")


def _row(world, **fields):
    values = {
        "template_id": world.template["id"],
        "nama_data": "Jumlah Penduduk menurut Kecamatan",
        "definisi": "Orang yang berdomisili di wilayah kabupaten.",
        "satuan": "Jiwa",
        "klasifikasi_penyajian": "Kecamatan",
        "jadwal_pemutakhiran": "semesteran",
        "indikator_variabel": "variabel",
        "kode_indikator": "IKU-7",
    }
    values.update(fields)
    opd = values.pop("opd", world.opd)
    return daftar_data_row(opd["id"], tahun=2025, **values)


def _dataset(world, row, title):
    return act("package_create", world.users["produsen"],
               name=f"data-{model.types.make_uuid()[:8]}", title=title,
               owner_org=world.opd["id"],
               **sdi_metadata(row.id, tahun_awal=2025))


def _read(row):
    return tk.h.url_for("satudata_daftar_data.read", id=row.id)


def test_template_with_version_and_downloads(app, mojokerto):
    world = mojokerto
    row = _row(world)
    soup = _soup(app, world, "anonymous", _read(row))
    section = soup.select_one(".satudata-row-template")
    text = section.get_text(" ", strip=True)
    assert "Jumlah Penduduk menurut Kecamatan" in text
    assert "penduduk-kecamatan" in text and "versi 1" in text
    hrefs = {a["href"] for a in section.select("a")}
    for fmt in ("xlsx", "csv", "json"):
        url = tk.h.url_for("satudata_template.download", id="penduduk-kecamatan",
                           fmt=fmt)
        assert url in hrefs
        assert app.get(url).status_code == 200
    # The raw id is no longer what the page shows.
    assert world.template["id"] not in soup.select_one("table").get_text()


def test_row_without_template_says_so(app, mojokerto):
    row = _row(mojokerto, template_id=None)
    soup = _soup(app, mojokerto, "anonymous", _read(row))
    assert "belum memiliki template" in soup.select_one(
        ".satudata-row-template").get_text()


def test_datasets_with_status_to_those_who_may_see_them(app, world):
    row = _row(world)
    draft = _dataset(world, row, "Penduduk draf")
    published = _dataset(world, row, "Penduduk terbit")
    world.upload("kecamatan,jumlah\nMojosari,1\n", "p.csv",
                 context={"user": world.users["produsen"], "ignore_auth": False},
                 package_id=published["id"], format="CSV", name="Tabel")
    world.walk(published["id"], "terbit")
    other_row_dataset = world.dataset("draf")

    def listed(who):
        soup = _soup(app, world, who, _read(row))
        return {
            tr.a.get_text(strip=True):
                tr.select_one(".satudata-status").get_text(strip=True)
            for tr in soup.select(".satudata-row-datasets tbody tr")
        }

    assert listed("anonymous") == {"Penduduk terbit": "Terbit"}
    assert listed("other_opd") == {"Penduduk terbit": "Terbit"}
    for who in ("produsen", "admin_opd", "walidata"):
        shown = listed(who)
        assert shown == {"Penduduk terbit": "Terbit", "Penduduk draf": "Draf"}, who
    assert other_row_dataset["title"] not in str(listed("produsen"))
    assert draft["id"]


def test_buat_dataset_only_for_those_who_may_create_for_the_opd(app, mojokerto):
    world = mojokerto
    row = _row(world)
    new = tk.h.url_for("dataset.new", daftar_data=row.id)
    for who, sees in [("produsen", True), ("sysadmin", True),
                      ("anonymous", False), ("other_opd", False),
                      ("member", False), ("pembina", False)]:
        soup = _soup(app, world, who, _read(row))
        assert bool(soup.select(f'a[href="{new}"]')) is sees, who
    proposal = _row(world, status="usulan")
    soup = _soup(app, world, "produsen", _read(proposal))
    assert not soup.find("a", string=lambda s: s and "Buat dataset" in s)


def test_new_form_is_prefilled_from_the_row(app, mojokerto):
    world = mojokerto
    row = _row(world)
    soup = _soup(app, world, "produsen",
                 tk.h.url_for("dataset.new", daftar_data=row.id))
    form = soup.select_one("form#dataset-edit")

    def value(name):
        field = form.select_one(f'[name="{name}"]')
        if field.name == "select":
            chosen = field.select_one("option[selected]")
            return chosen["value"] if chosen else None
        if field.name == "textarea":
            return field.get_text()
        return field.get("value")

    assert value("title") == "Jumlah Penduduk menurut Kecamatan"
    assert value("definisi") == "Orang yang berdomisili di wilayah kabupaten."
    assert value("satuan") == "Jiwa"
    assert value("klasifikasi_penyajian") == "Kecamatan"
    assert value("frekuensi") == "semesteran"
    assert value("tahun_awal") == "2025"
    assert value("owner_org") == world.opd["id"]
    assert value("daftar_data_id") == row.id
    assert value("jenis_data") == "statistik"
    assert value("klasifikasi_akses") == "terbuka"
    assert value("kode_indikator") == "IKU-7"
    assert value("name") == "jumlah-penduduk-menurut-kecamatan-2025"
    assert form.select_one(".satudata-prefill-problem") is None


def test_prefill_never_overwrites_given_values(app, mojokerto):
    world = mojokerto
    row = _row(world)
    soup = _soup(app, world, "produsen", tk.h.url_for(
        "dataset.new", daftar_data=row.id, title="Judul saya", satuan="Orang"))
    assert soup.select_one('[name="title"]')["value"] == "Judul saya"
    assert soup.select_one('[name="satuan"]')["value"] == "Orang"
    assert soup.select_one('[name="definisi"]').get_text().startswith("Orang yang")


@pytest.mark.parametrize("case", ["other_opd", "usulan", "unknown", "nul"])
def test_a_row_that_cannot_be_used_is_said_so(app, mojokerto, case):
    world = mojokerto
    if case == "other_opd":
        row_id = _row(world).id
        who = "other_opd"
        expected = "milik OPD lain"
    elif case == "usulan":
        row_id = _row(world, status="usulan").id
        who = "produsen"
        expected = "belum ditetapkan"
    else:
        row_id = "tidak-ada" if case == "unknown" else "a\x00b"
        who, expected = "produsen", "tidak ditemukan"
    soup = _soup(app, world, who, tk.h.url_for("dataset.new", daftar_data=row_id))
    assert expected in soup.select_one(".satudata-prefill-problem").get_text()
    assert not soup.select_one('[name="title"]').get("value")


def test_the_form_still_refuses_another_opds_row(mojokerto):
    world = mojokerto
    row = _row(world)
    with pytest.raises(tk.ValidationError) as e:
        act("package_create", world.users["other_opd"], name="milik-lain",
            title="Milik lain", owner_org=world.other_opd["id"],
            **sdi_metadata(row.id, tahun_awal=2025))
    assert "daftar_data_id" in e.value.error_dict


def test_picker_options_carry_the_rows_values(app, mojokerto):
    world = mojokerto
    row = _row(world)
    soup = _soup(app, world, "produsen", tk.h.url_for("dataset.new"))
    select = soup.select_one('select[name="daftar_data_id"]')
    assert select["data-module"] == "satudata-daftar-data-fill"
    option = select.select_one(f'option[value="{row.id}"]')
    fill = json.loads(option["data-fill"])
    assert fill["title"] == "Jumlah Penduduk menurut Kecamatan"
    assert fill["frekuensi"] == "semesteran"
    assert fill["owner_org"] == world.opd["id"]


def test_prefilled_url_name_is_free(app, mojokerto):
    world = mojokerto
    row = _row(world)
    act("package_create", world.users["produsen"],
        name="jumlah-penduduk-menurut-kecamatan-2025", title="Sudah ada",
        owner_org=world.opd["id"], **sdi_metadata(row.id, tahun_awal=2025))
    soup = _soup(app, world, "produsen",
                 tk.h.url_for("dataset.new", daftar_data=row.id))
    assert soup.select_one('[name="name"]')["value"] == (
        "jumlah-penduduk-menurut-kecamatan-2025-2")

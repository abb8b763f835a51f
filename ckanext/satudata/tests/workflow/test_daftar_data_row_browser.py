"""From the Daftar Data row to a dataset, and its table before judging it.

In a real browser on a ``ckan run`` server with CSRF protection on: the
Produsen opens the row from the Daftar Data, clicks "Buat dataset", finds
the form filled in from the row, completes and saves it with a table; the
form's Daftar Data picker fills the same fields without overwriting what
was typed; the Admin OPD (the checker) opens the dataset and sees the
preview of the table with the cell the check flagged marked. Screenshots of
the row page and the preview, wide and narrow, go to the test's tmp dir.
"""
from __future__ import annotations

import re
from collections.abc import Iterator

import ckan.plugins.toolkit as tk
import pytest
from ckan.tests import helpers
from playwright.sync_api import expect

from ckanext.satudata.tests.schemas.factories import daftar_data_row

from .conftest import BAD_CSV
from .servers import ckan_server
from .test_browser import CSRF_ON, People, complete_dataset_form, crowd_of
from .test_upload_browser import _choose, _csv

SIZES = {"lebar": (1366, 900), "sempit": (390, 844)}


@pytest.fixture
def server(mojokerto, tmp_path) -> Iterator[str]:
    with ckan_server(CSRF_ON, tmp_path) as url:
        yield url


@pytest.fixture
def crowd(browser, server, mojokerto, request, tmp_path) -> Iterator[People]:
    with crowd_of(browser, server, mojokerto, request, tmp_path) as people:
        yield people


def _shots(page, tmp_path, name: str) -> None:
    for size, (width, height) in SIZES.items():
        page.set_viewport_size({"width": width, "height": height})
        page.screenshot(path=str(tmp_path / f"{name}-{size}.png"), full_page=True)
    page.set_viewport_size({"width": 1366, "height": 900})


def _row(world, **fields):
    return daftar_data_row(
        world.opd["id"], tahun=2025, template_id=world.template["id"],
        nama_data="Jumlah Penduduk menurut Kecamatan",
        definisi="Orang yang berdomisili di wilayah kabupaten.",
        satuan="Jiwa", jadwal_pemutakhiran="tahunan",
        klasifikasi_penyajian="Kecamatan", **fields)


def test_from_the_row_to_a_judged_table(mojokerto, crowd, tmp_path):
    world = mojokerto
    row = _row(world, kode="DD-ROW-1")
    produsen = crowd("produsen")

    produsen.goto("/daftar-data")
    produsen.get_by_role("link", name="DD-ROW-1").click()
    expect(produsen).to_have_url(re.compile(rf"/daftar-data/{row.id}$"))
    template = produsen.locator(".satudata-row-template")
    expect(template).to_contain_text("Jumlah Penduduk menurut Kecamatan")
    expect(template).to_contain_text("versi 1")
    expect(produsen.locator(".satudata-row-datasets")).to_contain_text(
        "Belum ada dataset")
    _shots(produsen, tmp_path, "baris-daftar-data")

    produsen.get_by_role("link", name="Buat dataset").click()
    expect(produsen.locator("#field-title")).to_have_value(
        "Jumlah Penduduk menurut Kecamatan")
    expect(produsen.locator("#field-definisi")).to_have_value(
        "Orang yang berdomisili di wilayah kabupaten.")
    expect(produsen.locator("#field-satuan")).to_have_value("Jiwa")
    expect(produsen.locator("#field-frekuensi")).to_have_value("tahunan")
    expect(produsen.locator("#field-tahun_awal")).to_have_value("2025")
    expect(produsen.locator("#field-daftar_data_id")).to_have_value(row.id)
    expect(produsen.locator("#field-organizations")).to_have_value(world.opd["id"])

    complete_dataset_form(produsen)

    _choose(produsen, _csv("penduduk.csv", BAD_CSV))
    produsen.locator("button[name=save][value=go-metadata]").click()
    name = "jumlah-penduduk-menurut-kecamatan-2025"
    expect(produsen).to_have_url(re.compile(rf"/dataset/{name}$"))
    dataset = helpers.call_action("package_show", id=name)
    assert dataset["daftar_data_id"] == row.id
    assert dataset["title"] == "Jumlah Penduduk menurut Kecamatan"
    assert dataset["frekuensi"] == "tahunan"
    assert dataset["owner_org"] == world.opd["id"]

    # The row now lists its dataset, with its status.
    produsen.goto(tk.h.url_for("satudata_daftar_data.read", id=row.id))
    listed = produsen.locator(".satudata-row-datasets tbody tr")
    expect(listed).to_have_count(1)
    expect(listed).to_contain_text("Draf")

    checker = crowd("admin_opd")
    checker.goto(f"/dataset/{name}")
    preview = checker.locator(".satudata-preview-section")
    expect(preview.locator("thead")).to_contain_text("Jumlah Penduduk")
    flagged = preview.locator("td.satudata-flagged")
    expect(flagged).to_have_count(1)
    expect(flagged).to_contain_text("banyak")
    expect(flagged).to_have_attribute("title", re.compile("bilangan bulat"))
    checker.get_by_role("link", name=re.compile("Buka pratinjau lengkap")).click()
    expect(checker.locator("h1")).to_contain_text("Pratinjau tabel")
    expect(checker.locator("td.satudata-flagged")).to_contain_text("banyak")
    _shots(checker, tmp_path, "pratinjau-tabel")


def test_picker_fills_empty_fields_only(mojokerto, crowd):
    world = mojokerto
    row = _row(world, kode="DD-ROW-2")
    produsen = crowd("produsen")
    produsen.goto("/dataset/new")
    expect(produsen.locator("#field-title")).to_have_value("")
    produsen.fill("#field-satuan", "Orang")
    produsen.select_option("#field-daftar_data_id", row.id)
    expect(produsen.locator("#field-title")).to_have_value(
        "Jumlah Penduduk menurut Kecamatan")
    expect(produsen.locator("#field-definisi")).to_have_value(
        "Orang yang berdomisili di wilayah kabupaten.")
    expect(produsen.locator("#field-frekuensi")).to_have_value("tahunan")
    expect(produsen.locator("#field-tahun_awal")).to_have_value("2025")
    # What the producer typed stays.
    expect(produsen.locator("#field-satuan")).to_have_value("Orang")
    # CKAN's URL preview follows the filled title.
    expect(produsen.locator("#field-name")).to_have_value(
        "jumlah-penduduk-menurut-kecamatan")

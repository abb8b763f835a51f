"""The Walidata's template work in a real browser (Mojokerto SOP steps 2-3).

On a ``ckan run`` server with CSRF protection on: the Walidata logs in
through the form, finds the established row without a template in "Tugas
saya", picks a template for it with the picker's search, clicks
«Informasikan»; the Produsen, in a browser context of their own, finds the
template in their "Tugas saya", and the email the server queued reaches
CKAN's test mail server. The column editor is screenshotted at 1366x900
and 390x844 and must not scroll sideways at either width.
"""
from __future__ import annotations

import os
import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import expect

from ckanext.satudata.model import utcnow
from ckanext.satudata.tests.schemas.factories import daftar_data_row

from .servers import ckan_server
from .test_browser import CSRF_ON, People, crowd_of
from .test_notifications import clear, mails

SIZES = {"lebar": (1366, 900), "sempit": (390, 844)}


@pytest.fixture(autouse=True)
def _no_jobs_of_other_tests(clean_queues):
    """Only the jobs this test's server queues are delivered."""


@pytest.fixture
def server(mojokerto, tmp_path) -> Iterator[str]:
    with ckan_server(CSRF_ON, tmp_path) as url:
        yield url


@pytest.fixture
def crowd(browser, server, mojokerto, request, tmp_path) -> Iterator[People]:
    with crowd_of(browser, server, mojokerto, request, tmp_path) as people:
        yield people


def _shot_dir(tmp_path) -> str:
    # SATUDATA_SHOTS keeps the pictures beyond pytest's tmp dirs, to look at.
    return os.environ.get("SATUDATA_SHOTS") or str(tmp_path)


def test_pick_announce_and_the_produsen_is_told(mojokerto, crowd, mail_server):
    world = mojokerto
    row = daftar_data_row(world.opd["id"], kode="DD-TPL-1", tahun=utcnow().year,
                          nama_data="Jumlah Penduduk menurut Kecamatan")
    clear(mail_server)

    walidata = crowd("walidata")
    walidata.goto("/satudata/tugas")
    task = walidata.locator('.satudata-template-task[data-kind="template_belum_ada"]')
    expect(task).to_have_count(1)
    expect(task).to_contain_text("Buat atau pilih template untuk DD-TPL-1")
    task.get_by_role("link").click()
    expect(walidata).to_have_url(re.compile(rf"/daftar-data/{row.id}$"))
    walidata.wait_for_load_state("load")  # CKAN starts its modules then

    picker = walidata.locator(".satudata-template-choose")
    picker.get_by_label("Cari template").fill("tidak-ada-yang-cocok")
    expect(picker.locator(".satudata-template-picker-status")).to_have_text(
        "Tidak ada template yang cocok.")
    picker.get_by_label("Cari template").fill("penduduk")
    choice = picker.locator("#field-template_id option",
                            has_text="penduduk-kecamatan")
    expect(choice).to_have_count(1)
    picker.get_by_label("Template", exact=True).select_option(
        value=world.template["id"])
    picker.get_by_role("button", name="Simpan template").click()
    expect(walidata.locator(".flash-messages")).to_contain_text(
        "Template Daftar Data DD-TPL-1 disimpan")

    walidata.goto("/satudata/tugas")
    expect(walidata.locator(
        '.satudata-template-task[data-kind="template_belum_diinformasikan"]'
    )).to_contain_text("Informasikan template")
    walidata.goto(f"/daftar-data/{row.id}")
    walidata.locator(".satudata-announce").get_by_role(
        "button", name="Informasikan").click()
    expect(walidata.locator(".flash-messages")).to_contain_text("diinformasikan")
    expect(walidata.locator(".satudata-announced")).to_contain_text(
        "sudah diinformasikan")
    walidata.goto("/satudata/tugas")
    expect(walidata.locator(".satudata-template-task")).to_have_count(0)

    produsen = crowd("produsen")
    produsen.goto("/satudata/tugas")
    entry = produsen.locator('.satudata-template-task[data-kind="template_baru"]')
    expect(entry).to_contain_text("Template tabel baru untuk DD-TPL-1")
    expect(entry.get_by_role("link", name="XLSX")).to_have_attribute(
        "href", re.compile(r"/template/penduduk-kecamatan/unduh/xlsx\?versi=1$"))
    expect(produsen.locator(".satudata-nav-count")).to_have_text("1")

    sent = mails(mail_server)
    assert "produsen@mojokertokab.go.id" in sent
    assert "admin_opd@mojokertokab.go.id" in sent
    assert "DD-TPL-1" in sent["produsen@mojokertokab.go.id"]["body"]


@pytest.mark.parametrize("size", sorted(SIZES))
def test_the_column_editor_fits(mojokerto, crowd, tmp_path, size):
    width, height = SIZES[size]
    walidata = crowd("walidata")
    walidata.set_viewport_size({"width": width, "height": height})
    walidata.goto("/satudata/template/penduduk-kecamatan/ubah")
    cards = walidata.locator(".satudata-column-card")
    expect(cards.first).to_be_visible()
    first = cards.first
    for label in ("Nama", "Judul", "Tipe", "Satuan", "Minimum", "Maksimum",
                  "Pilihan (pisahkan ;)", "Pola"):
        expect(first.get_by_label(label, exact=True)).to_be_visible()
    expect(first.get_by_label(
        "Kode referensi: kode wilayah Kemendagri")).to_be_visible()
    expect(first.get_by_label("Nama", exact=True)).to_have_value("kecamatan")
    overflow = walidata.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0
    walidata.screenshot(
        path=os.path.join(_shot_dir(tmp_path), f"editor-kolom-{size}.png"),
        full_page=True)

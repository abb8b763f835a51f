"""The Walidata's availability check, from the form to the signed scan.

In a real browser on a ``ckan run`` server with CSRF protection on: the
Walidata chooses the OPD and the year, gives rows their results, saves the
draft, prints its PDF, is refused a file that is no scan (in Bahasa
Indonesia, the draft unchanged), uploads the signed scan through the form's
file input and downloads it again; the public then reads the signed Berita
Acara and finds the rows through the Daftar Data's ketersediaan filter.
"""
from __future__ import annotations

import io
import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from ckanext.satudata.tests.schemas.factories import daftar_data_row
from ckanext.satudata.tests.workflow.conftest import World, restored_world
from ckanext.satudata.tests.workflow.servers import ckan_server
from ckanext.satudata.tests.workflow.test_browser import CSRF_ON, People, crowd_of


@pytest.fixture
def mojokerto(clean_db, clean_index, create_with_upload) -> World:
    """The workflow tests' regency: an OPD with its staff, the Walidata."""
    return restored_world("mojokerto", create_with_upload)


@pytest.fixture
def server(mojokerto, tmp_path) -> Iterator[str]:
    with ckan_server(CSRF_ON, tmp_path) as url:
        yield url


@pytest.fixture
def crowd(browser, server, mojokerto, request, tmp_path) -> Iterator[People]:
    with crowd_of(browser, server, mojokerto, request, tmp_path) as people:
        yield people


def _flash(page):
    return page.locator(".flash-messages")


def test_walidata_checks_prints_and_uploads_the_signed_scan(mojokerto, crowd):
    opd = mojokerto.opd["id"]
    rows = [
        daftar_data_row(opd, tahun=2025, kode="BA-1", nama_data="Jumlah penduduk"),
        daftar_data_row(opd, tahun=2025, kode="BA-2", nama_data="Jumlah akta"),
        daftar_data_row(opd, tahun=2025, kode="BA-3", nama_data="Jumlah KTP"),
    ]
    walidata = crowd("walidata")

    walidata.goto("/satudata/berita-acara")
    walidata.get_by_role("link", name="Buat Berita Acara").click()
    walidata.locator("#choose-organization").select_option(
        label="Dinas Kependudukan dan Pencatatan Sipil")
    walidata.locator("#choose-tahun").fill("2025")
    walidata.get_by_role("button", name="Tampilkan Daftar Data").click()
    walidata.locator("#field-tanggal").fill("2025-02-10")
    walidata.locator("#field-nomor").fill("BA/01/2025")
    walidata.locator("#field-peserta").fill("Budi, Walidata\nSiti, Dispendukcapil")
    walidata.locator(f"#ketersediaan-{rows[0].id}").select_option("tersedia")
    walidata.locator(f"#ketersediaan-{rows[1].id}").select_option("tidak_tersedia")
    walidata.locator(f"[name=keterangan-{rows[1].id}]").fill("Belum dihimpun")
    walidata.get_by_role("button", name="Simpan Berita Acara").click()

    expect(walidata).to_have_url(re.compile(r"/satudata/berita-acara/[\w-]+$"))
    expect(_flash(walidata)).to_contain_text("Berita Acara disimpan")
    expect(walidata.locator(".satudata-berita-acara-status")).to_have_text("Draf")
    expect(walidata.locator(".satudata-berita-acara-hasil tbody tr")).to_have_count(2)
    expect(walidata.locator(".satudata-berita-acara-summary")).to_contain_text(
        "Diperiksa 2 baris: tersedia 1, tersedia sebagian 0, tidak tersedia 1.")
    document_url = walidata.url

    printed = walidata.request.get(
        walidata.get_by_role("link", name="Cetak PDF").get_attribute("href"))
    assert printed.status == 200
    assert printed.headers["content-type"] == "application/pdf"
    text = " ".join(PdfReader(io.BytesIO(printed.body())).pages[0]
                    .extract_text().split())
    assert "Nomor: BA/01/2025" in text
    assert "Belum dihimpun" in text

    # A file that is no scan: refused on the page, the draft stays a draft.
    walidata.locator("#field-scan").set_input_files({
        "name": "berita-acara.docx", "buffer": b"PK\x03\x04 bukan pindaian",
        "mimeType": "application/vnd.openxmlformats-officedocument"
                    ".wordprocessingml.document"})
    walidata.get_by_role("button", name="Unggah pindaian", exact=True).click()
    expect(_flash(walidata)).to_contain_text(
        "Berkas «berita-acara.docx» bukan PDF, JPG atau PNG.")
    expect(walidata.locator(".satudata-berita-acara-status")).to_have_text("Draf")

    # The signed scan (here the printed PDF itself).
    walidata.locator("#field-scan").set_input_files({
        "name": "BA 01 ttd.pdf", "buffer": printed.body(),
        "mimeType": "application/pdf"})
    walidata.get_by_role("button", name="Unggah pindaian", exact=True).click()
    expect(_flash(walidata)).to_contain_text("Pindaian Berita Acara yang "
                                             "ditandatangani diunggah.")
    expect(walidata.locator(".satudata-berita-acara-status")).to_have_text(
        "Ditandatangani")
    expect(walidata.get_by_role("link", name="Ubah")).to_have_count(0)
    download = walidata.locator(".satudata-scan-download")
    expect(download).to_have_text(re.compile("BA 01 ttd.pdf"))
    scan = walidata.request.get(download.get_attribute("href"))
    assert scan.status == 200
    assert scan.body() == printed.body()

    # The public reads the signed record and filters the register by it.
    public = crowd("anonymous")
    public.goto(document_url)
    expect(public.locator(".satudata-berita-acara-status")).to_have_text(
        "Ditandatangani")
    expect(public.locator("#field-scan")).to_have_count(0)
    public.goto("/daftar-data?tahun=2025")
    public.locator("#dd-ketersediaan").select_option(label="Tidak Tersedia")
    public.get_by_role("button", name="Terapkan").click()
    expect(public).to_have_url(re.compile(r"ketersediaan=tidak_tersedia"))
    table = public.locator("table.satudata-daftar-data tbody")
    expect(table).to_contain_text("BA-2")
    expect(table).not_to_contain_text("BA-1")
    expect(table).not_to_contain_text("BA-3")

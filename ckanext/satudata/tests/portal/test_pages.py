"""The public pages: the Portal Satu Data home, Tentang and the Kalender
rilis, as anonymous, on the hand-built regency of the calendar tests."""
from __future__ import annotations

import datetime
import re

import pytest
from ckan.tests import helpers

from .conftest import ABOUT, CONTACT, PLACEHOLDERS, REGION


def _summary() -> dict:
    site_user = helpers.call_action("get_site_user")
    return helpers.call_action("satudata_report_summary", {"user": site_user["name"]},
                               tahun=datetime.date.today().year)


def _no_placeholder(html: str) -> None:
    for text in PLACEHOLDERS:
        assert text not in html, text


@pytest.mark.ckan_config("ckanext.satudata.nama_wilayah", REGION)
@pytest.mark.ckan_config("ckanext.satudata.portal.about", ABOUT)
@pytest.mark.ckan_config("ckanext.satudata.portal.contact", CONTACT)
@pytest.mark.ckan_config("ckanext.satudata.portal.primary_colour", "#7a1f1f")
@pytest.mark.ckan_config("ckan.locale_default", "id")
class TestHome:
    def test_the_regency_its_progress_and_no_placeholder(self, regency, app):
        html = app.get("/").body
        assert f'<h1 class="satudata-home-region">{REGION}</h1>' in html
        assert "Portal ini dikelola Dinas Kominfo Trenggalek." in html
        assert CONTACT in html
        assert "--sd-primary: #7a1f1f;" in html
        _no_placeholder(html)
        summary = _summary()
        for key in ("ditetapkan", "terbit", "terlambat"):
            assert re.search(
                rf'data-figure="{key}"><strong>{summary["ringkasan"][key]}</strong>',
                html), key
        for line in summary["per_opd"]:
            row = re.search(
                rf'<tr data-organization="{line["organisasi"]["name"]}">(.*?)</tr>',
                html, re.S)
            assert row, line["organisasi"]["name"]
            cells = dict(re.findall(r'data-figure="(\w+)">(\d+)<', row.group(1)))
            assert cells == {k: str(line[k]) for k in
                             ("ditetapkan", "terbit", "terlambat")}
        # The figures themselves: A has 2 established rows, 1 published
        # dataset; B 2 rows; proposed rows do not count.
        assert summary["ringkasan"]["ditetapkan"] == 4
        assert summary["ringkasan"]["terbit"] == 1

    def test_links_latest_public_data_and_opds(self, regency, app):
        html = app.get("/").body
        assert "Data kelahiran terbit" in html
        assert "Draf rahasia Dinkes" not in html
        for href in ("/daftar-data?tahun=", "/kalender-rilis?tahun=",
                     "/api/3/action/package_search", "/about"):
            assert href in html, href
        assert "Dinas Kesehatan" in html and "Dinas Kependudukan" in html

    def test_about_is_about_the_portal_and_satu_data(self, regency, app):
        html = app.get("/about").body
        assert f"Tentang Portal Satu Data {REGION}" in html
        assert "<p>Paragraf kedua tentang data.</p>" in html
        assert "Satu Data Indonesia" in html and "Daftar Data" in html
        assert CONTACT in html
        _no_placeholder(html)


@pytest.mark.ckan_config("ckanext.satudata.portal.primary_colour",
                         "red;background:url(//x)")
def test_a_colour_that_is_no_colour_is_not_written(regency, app):
    html = app.get("/").body
    assert "url(//x)" not in html
    assert "--sd-primary: #0b5c8a;" in html


@pytest.mark.ckan_config("ckan.locale_default", "id")
class TestCalendarPage:
    def test_filters_and_statuses(self, regency, app):
        year = datetime.date.today().year
        html = app.get(f"/kalender-rilis?tahun={year}&organization=dinkes").body
        assert f"Kalender rilis {year}" in html
        assert 'data-kode="B-1"' in html and 'data-kode="A-1"' not in html
        assert '<option value="dinkes" selected>' in html
        january = app.get(f"/kalender-rilis?tahun={year}&bulan=1").body
        api = helpers.call_action("satudata_calendar", tahun=year, bulan=1)
        [a2] = [e for e in api["rilis"] if e["kode"] == "A-2"]
        assert a2["periode"] == 1
        assert f'data-kode="A-2" data-status="{a2["status"]}"' in january
        assert 'data-kode="A-1"' not in january  # a yearly row is due in December

    def test_bad_filters_get_a_clear_400(self, regency, app):
        response = app.get("/kalender-rilis?bulan=13", status=400)
        assert "Bulan harus berupa angka 1 sampai 12." in response.body
        response = app.get("/kalender-rilis?tahun=dua", status=400)
        assert "Tahun harus berupa angka" in response.body

"""The home page, the Kalender rilis and Tentang in a real browser, as
anonymous: the configured regency, the figures of satudata_report_summary,
the calendar's filters used through the page, no CKAN placeholder; at a
laptop's width (1366 x 900) and a phone's (390 x 844), screenshots kept
in /tmp for a look."""
from __future__ import annotations

import datetime
import re
from collections.abc import Iterator

import pytest
from ckan.tests import helpers
from playwright import sync_api
from playwright.sync_api import expect

from ckanext.satudata.tests.workflow.servers import ckan_server

from .conftest import ABOUT, CONTACT, PLACEHOLDERS, REGION

SCREENSHOTS = "/tmp"
SIZES = {"laptop": (1366, 900), "phone": (390, 844)}


@pytest.fixture
def server(regency, tmp_path) -> Iterator[str]:
    settings = {
        "ckanext.satudata.nama_wilayah": REGION,
        "ckanext.satudata.portal.about": ABOUT.replace("\n", "\n  "),
        "ckanext.satudata.portal.contact": CONTACT,
        "ckan.locale_default": "id",
    }
    with ckan_server(settings, tmp_path) as url:
        yield url


def _no_placeholder(page: sync_api.Page) -> None:
    text = page.content()
    for placeholder in PLACEHOLDERS:
        assert placeholder not in text, placeholder


@pytest.mark.parametrize("size", sorted(SIZES))
def test_anonymous_reads_home_calendar_and_about(server, browser, size):
    width, height = SIZES[size]
    context = browser.new_context(base_url=server, locale="id-ID",
                                  viewport={"width": width, "height": height})
    context.set_default_timeout(20_000)
    page = context.new_page()
    year = datetime.date.today().year
    site_user = helpers.call_action("get_site_user")
    summary = helpers.call_action(
        "satudata_report_summary", {"user": site_user["name"]}, tahun=year)

    page.goto("/")
    expect(page.locator("h1.satudata-home-region")).to_have_text(REGION)
    figures = page.locator(".satudata-home-figures")
    for key in ("ditetapkan", "terbit", "terlambat"):
        expect(figures.locator(f'[data-figure="{key}"] strong')).to_have_text(
            str(summary["ringkasan"][key]))
    for line in summary["per_opd"]:
        if not line["ditetapkan"]:
            continue
        row = page.locator(f'tr[data-organization="{line["organisasi"]["name"]}"]')
        expect(row.locator("th")).to_have_text(line["organisasi"]["title"])
        for key in ("ditetapkan", "terbit", "terlambat"):
            expect(row.locator(f'[data-figure="{key}"]')).to_have_text(str(line[key]))
    expect(page.get_by_text("Data kelahiran terbit")).to_be_visible()
    expect(page.get_by_text("Draf rahasia Dinkes")).to_have_count(0)
    _no_placeholder(page)
    page.screenshot(path=f"{SCREENSHOTS}/satudata-home-{size}.png", full_page=True)

    # To the calendar through the home page's link, then its filters.
    page.locator(".satudata-home-links").get_by_role(
        "link", name="Kalender rilis").click()
    expect(page.locator("h1")).to_have_text(f"Kalender rilis {year}")
    page.select_option("#kalender-organization", label="Dinas Kesehatan")
    page.get_by_role("button", name="Tampilkan").click()
    expect(page).to_have_url(re.compile(r"organization=dinkes"))
    expect(page.locator('tr[data-kode="B-1"]').first).to_be_visible()
    expect(page.locator('tr[data-kode="A-1"]')).to_have_count(0)
    api = helpers.call_action("satudata_calendar", tahun=year,
                              organization="dinkes")
    for status in ("terbit", "terbit_terlambat", "terlambat", "dijadwalkan"):
        expect(page.locator(f'.satudata-calendar-summary [data-status="{status}"] '
                            "strong")).to_have_text(str(api["ringkasan"][status]))
    _no_placeholder(page)
    page.screenshot(path=f"{SCREENSHOTS}/satudata-calendar-{size}.png",
                    full_page=True)

    page.goto("/")
    page.locator(".satudata-home-links").get_by_role("link", name="Tentang").click()
    expect(page.locator("h1.page-heading")).to_have_text(
        f"Tentang Portal Satu Data {REGION}")
    expect(page.get_by_text("Paragraf kedua tentang data.")).to_be_visible()
    _no_placeholder(page)
    page.screenshot(path=f"{SCREENSHOTS}/satudata-about-{size}.png", full_page=True)
    context.close()

"""A visitor narrows the catalogue by the SDI facets.

CKAN 2.12 follows a facet link without leaving the page (htmx): it swaps in
the results and the facet panel by their ids, so the panel the plugin draws
must carry CKAN's id, or it keeps showing the facets of the search before.
"""
from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import expect

from .servers import ckan_server
from .test_browser import People, crowd_of


@pytest.fixture
def server(mojokerto, tmp_path) -> Iterator[str]:
    with ckan_server({}, tmp_path) as url:
        yield url


@pytest.fixture
def crowd(browser, server, mojokerto, request, tmp_path) -> Iterator[People]:
    with crowd_of(browser, server, mojokerto, request, tmp_path) as people:
        yield people


def _facet(page, title: str):
    return page.locator("section.module", has=page.get_by_role(
        "heading", name=title))


def test_a_visitor_narrows_and_widens_by_a_facet(mojokerto, crowd):
    monthly = mojokerto.dataset("terbit", frekuensi="bulanan")
    yearly = mojokerto.dataset("terbit", frekuensi="tahunan")

    page = crowd("anonymous")
    page.goto("/dataset/")
    results = page.locator(".dataset-list .dataset-heading a")
    expect(results).to_have_count(2)
    frekuensi = _facet(page, "Frekuensi")
    expect(frekuensi.locator("li.nav-item")).to_have_count(2)

    frekuensi.get_by_role("link", name=re.compile("Bulanan")).click()
    expect(page).to_have_url(re.compile(r"frekuensi=bulanan"))
    expect(results).to_have_count(1)
    expect(results).to_have_text(monthly["title"])
    frekuensi = _facet(page, "Frekuensi")
    expect(frekuensi.locator("li.nav-item.active")).to_contain_text("Bulanan")
    expect(frekuensi.locator("li.nav-item")).to_have_count(1)

    # The active item takes the filter off again.
    frekuensi.locator("li.nav-item.active a").click()
    expect(page).not_to_have_url(re.compile(r"frekuensi="))
    expect(results).to_have_count(2)
    expect(_facet(page, "Frekuensi").locator("li.nav-item.active")).to_have_count(0)
    expect(page.locator(".dataset-list")).to_contain_text(yearly["title"])


def test_an_opds_page_narrows_by_a_facet_too(mojokerto, crowd):
    monthly = mojokerto.dataset("terbit", frekuensi="bulanan")
    mojokerto.dataset("terbit", frekuensi="tahunan")

    page = crowd("anonymous")
    page.goto(f"/organization/{mojokerto.opd['name']}")
    results = page.locator(".dataset-list .dataset-heading a")
    expect(results).to_have_count(2)
    _facet(page, "Frekuensi").get_by_role("link", name=re.compile("Bulanan")).click()
    expect(page).to_have_url(re.compile(
        rf"/organization/{mojokerto.opd['name']}\?frekuensi=bulanan$"))
    expect(results).to_have_text([monthly["title"]])
    expect(_facet(page, "Frekuensi").locator("li.nav-item.active")).to_contain_text(
        "Bulanan")

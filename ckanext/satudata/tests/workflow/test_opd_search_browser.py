"""The dataset form's OPD list is searched by the names an OPD is known by.

A user who knows the agency as "Disdukcapil" types that into the OPD list
of the dataset form and finds "Dinas Kependudukan dan Pencatatan Sipil";
the list's own matching by title keeps working. CKAN 2.11 (select2 3.5) and
2.12 (select2 4.1) draw the list differently, so the list's search field
and results are found by either version's classes.
"""
from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import expect

from .conftest import act
from .servers import ckan_server
from .test_browser import People

RESULTS = ".select2-drop-active .select2-result-label, .select2-results__option"


@pytest.fixture
def server(mojokerto, tmp_path) -> Iterator[str]:
    with ckan_server({}, tmp_path) as url:
        yield url


@pytest.fixture
def crowd(browser, server, mojokerto) -> Iterator[People]:
    people = People(browser, server, mojokerto)
    yield people
    people.close()


def _search(page, words: str) -> list[str]:
    page.locator(
        "#s2id_field-organizations, #field-organizations + .select2-container"
    ).first.click()
    page.keyboard.type(words)
    results = page.locator(RESULTS)
    expect(results.first).to_be_visible()
    texts = [t.strip() for t in results.all_inner_texts()]
    page.keyboard.press("Escape")
    return texts


def test_opd_found_by_alias_and_singkatan(mojokerto, crowd):
    world = mojokerto
    act("satudata_opd_alias_create", world.sysadmin,
        owner_org=world.opd["id"], alias="Disdukcapil")
    act("organization_patch", world.sysadmin,
        id=world.other_opd["id"], singkatan="Dinkes", kode_opd="1.02.01")

    page = crowd("sysadmin")
    page.goto("/dataset/new")
    options = page.locator("#field-organizations option")
    expect(options.filter(has_text="Kependudukan")).to_have_attribute(
        "data-satudata-names", "Disdukcapil")
    expect(options.filter(has_text="Kesehatan")).to_have_attribute(
        "data-satudata-names", "1.02.01|Dinkes")

    assert _search(page, "disduk") == ["Dinas Kependudukan dan Pencatatan Sipil"]
    assert _search(page, "DINKES") == ["Dinas Kesehatan"]
    assert _search(page, "1.02.01") == ["Dinas Kesehatan"]
    # Matching by the title is select2's own and still works.
    assert _search(page, "kesehatan") == ["Dinas Kesehatan"]

"""The public resource page of a published table, in a real browser.

On a ``ckan run`` server with the DataStore enabled: an anonymous visitor
opens the resource page of a published CSV and finds CKAN's table view
filled from the DataStore, and the data dictionary with the template's
labels, definitions, units and reference codes. The checker of an
unpublished dataset still works from the stored file: no table view, the
conformance page (test_leaks.py downloads the file as each insider).
"""
from __future__ import annotations

from collections.abc import Iterator

import pytest
from ckan.tests import helpers
from playwright.sync_api import expect

from ckanext.satudata.tests.workflow.servers import ckan_server
from ckanext.satudata.tests.workflow.test_browser import People

from .conftest import GOOD_CSV, PLUGINS, run_jobs

pytestmark = PLUGINS


@pytest.fixture
def server(regency, ckan_config, tmp_path) -> Iterator[str]:
    plugins = ckan_config["ckan.plugins"]
    with ckan_server({"ckan.plugins": " ".join(plugins)}, tmp_path) as url:
        yield url


@pytest.fixture
def people(browser, server, regency) -> Iterator[People]:
    crowd = People(browser, server, regency.world)
    yield crowd
    crowd.close()


def test_anonymous_visitor_sees_the_table_view_and_dictionary(regency, people):
    dataset = regency.dataset([(GOOD_CSV, "penduduk.csv", "CSV")], state="terbit")
    run_jobs()
    resource_id = dataset["resources"][0]["id"]
    page = people("anonymous")
    page.goto(f"/dataset/{dataset['name']}/resource/{resource_id}")

    frame = page.frame_locator("iframe").first
    expect(frame.get_by_text("Jatirejo")).to_be_visible()
    expect(frame.get_by_text("Gondang")).to_be_visible()

    page.get_by_role("button", name="Jumlah Penduduk").click()
    entry = page.locator(".accordion-body:visible")
    expect(entry).to_contain_text("Penduduk yang terdaftar pada akhir tahun.")
    expect(entry).to_contain_text("Satuan")
    expect(entry).to_contain_text("jiwa")
    expect(entry).to_contain_text("int8")


def test_checker_reads_the_file_before_publication(regency, people):
    dataset = regency.dataset([(GOOD_CSV, "penduduk.csv", "CSV")],
                              state="diajukan")
    resource_id = dataset["resources"][0]["id"]
    assert helpers.call_action("resource_view_list", id=resource_id) == []
    page = people("admin_opd")
    response = page.goto(f"/dataset/{dataset['name']}/resource/{resource_id}")
    assert response is not None and response.status == 200
    expect(page.locator("iframe")).to_have_count(0)
    checks = page.goto(f"/dataset/{dataset['name']}/kesesuaian")
    assert checks is not None and checks.status == 200
    expect(page.get_by_text("penduduk.csv").first).to_be_visible()

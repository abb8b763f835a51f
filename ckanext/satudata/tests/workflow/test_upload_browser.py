"""A produsen uploads and replaces a table through CKAN's resource form.

In a real browser, on a ``ckan run`` server with CSRF protection on: the
file is chosen in the form's file input, the conformance check of the saved
file is told on the page the form leads to, the stored file is what the
download returns, and a file above ``ckan.max_resource_size`` (1 MB here) is
refused in Bahasa Indonesia on the form, keeping what was stored.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import urlparse

import ckan.model as model
import ckan.plugins.toolkit as tk
import pytest
from ckan.tests import helpers
from playwright.sync_api import expect

from ckanext.satudata.tests.schemas.factories import daftar_data_row, sdi_metadata

from .conftest import BAD_CSV, GOOD_CSV, act
from .servers import ckan_server
from .test_browser import People

pytestmark = pytest.mark.ckan_config("ckan.max_resource_size", 1)

OVERSIZE = ("kecamatan,jumlah\n" + "Mojosari,81234\n" * 90_000).encode()  # 1.3 MB


def _csv(name: str, text: str | bytes) -> dict:
    data = text.encode() if isinstance(text, str) else text
    return {"name": name, "mimeType": "text/csv", "buffer": data}


@pytest.fixture
def server(mojokerto, ckan_config, tmp_path) -> Iterator[str]:
    # The server reads its own ini: the test's upload limit goes there too.
    settings = {
        "WTF_CSRF_ENABLED": "true",
        "ckan.csrf_protection.ignore_extensions": "false",
        "ckan.max_resource_size": str(tk.config.get("ckan.max_resource_size")),
    }
    with ckan_server(settings, tmp_path) as url:
        yield url


@pytest.fixture
def produsen(browser, server, mojokerto, request):
    crowd = People(browser, server, mojokerto)
    yield crowd("produsen")
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        crowd.screenshot(f"satudata-upload-{request.node.name}")
    crowd.close()


def _empty_dataset(world) -> dict:
    row = daftar_data_row(world.opd["id"], template_id=world.template["id"])
    return act("package_create", world.users["produsen"],
               name=f"data-{model.types.make_uuid()[:8]}",
               title="Jumlah Penduduk menurut Kecamatan",
               owner_org=world.opd["id"], **sdi_metadata(row.id))


def _resources(dataset_id: str) -> list[dict]:
    return helpers.call_action("package_show", id=dataset_id)["resources"]


def _download(page, resource: dict) -> bytes:
    # package_show here builds the URL from test.ini's site URL, not the server's.
    response = page.request.get(urlparse(resource["url"]).path)
    assert response.status == 200
    return response.body()


def _choose(page, file: dict) -> None:
    """Click the form's upload button and pick ``file`` in the file chooser
    it opens (the button's accessible name is CKAN's tooltip on 2.12)."""
    button = page.locator("#resource-upload-button")
    expect(button).to_have_text("Unggah")
    with page.expect_file_chooser() as chooser:
        button.click()
    chooser.value.set_files(file)


def _flash(page):
    return page.locator(".flash-messages")


def test_produsen_uploads_replaces_and_is_told_the_limit(mojokerto, produsen):
    dataset = _empty_dataset(mojokerto)
    name = dataset["name"]

    produsen.goto(f"/dataset/{name}/resource/new")
    expect(produsen.locator(".satudata-upload-limit")).to_contain_text(
        "paling besar 1 MB")
    _choose(produsen, _csv("penduduk.csv", GOOD_CSV))
    # CKAN's form fills the name in from the file.
    expect(produsen.locator("#field-name")).to_have_value("penduduk.csv")
    produsen.get_by_role("button", name="Tambah", exact=True).click()

    expect(produsen).to_have_url(re.compile(rf"/dataset/{name}$"))
    expect(_flash(produsen)).to_contain_text(
        "Berkas «penduduk.csv» sesuai template «Jumlah Penduduk menurut "
        "Kecamatan» versi 1.")
    [resource] = _resources(dataset["id"])
    assert resource["url_type"] == "upload"
    assert resource["validation_status"] == "success"
    assert _download(produsen, resource) == GOOD_CSV.encode()
    _flash(produsen).get_by_role("link", name="Lihat laporan kesesuaian").click()
    expect(produsen.locator(".satudata-report-status")).to_have_text(
        "Sesuai template")

    # Replacing the file: the new one is stored, checked and announced.
    edit = f"/dataset/{name}/resource/{resource['id']}/edit"
    produsen.goto(edit)
    produsen.locator("#field-resource-upload").set_input_files(
        _csv("penduduk-2025.csv", BAD_CSV))
    produsen.locator("form#resource-edit button[name=save]").click()
    expect(produsen).to_have_url(re.compile(rf"/resource/{resource['id']}$"))
    expect(_flash(produsen)).to_contain_text(
        "Berkas «penduduk-2025.csv» tidak sesuai template «Jumlah Penduduk "
        "menurut Kecamatan» versi 1: 1 kesalahan.")
    # ... and stays on the resource page once the message is gone.
    expect(produsen.locator(".satudata-validation-failure")).to_have_text(
        "Tidak sesuai template")
    [replaced] = _resources(dataset["id"])
    assert replaced["id"] == resource["id"]
    assert replaced["url"].endswith("/penduduk-2025.csv")
    assert replaced["validation_status"] == "failure"
    assert _download(produsen, replaced) == BAD_CSV.encode()

    # Too large, as a replacement and as a new resource: refused on the form
    # in Indonesian; what was stored stays.
    refusal = ("Unggahan: Berkas «besar.csv» terlalu besar (1,3 MB): batas "
               "unggahan portal ini 1 MB.")
    produsen.goto(edit)
    produsen.locator("#field-resource-upload").set_input_files(
        _csv("besar.csv", OVERSIZE))
    produsen.locator("#field-description").fill("Tabel lengkap 2025")
    produsen.locator("form#resource-edit button[name=save]").click()
    expect(produsen.locator("form#resource-edit .error-explanation")).to_contain_text(
        refusal)
    expect(produsen.locator("#field-description")).to_have_value("Tabel lengkap 2025")
    assert _resources(dataset["id"]) == [replaced]
    assert _download(produsen, replaced) == BAD_CSV.encode()

    response = produsen.goto(f"/dataset/{name}/resource/new")
    _choose(produsen, _csv("besar.csv", OVERSIZE))
    produsen.locator("#field-description").fill("Tabel besar")
    produsen.get_by_role("button", name="Tambah", exact=True).click()
    expect(produsen.locator("form#resource-edit .error-explanation")).to_contain_text(
        refusal)
    expect(produsen.locator("#field-description")).to_have_value("Tabel besar")
    assert "File upload too large" not in produsen.content()
    assert [r["id"] for r in _resources(dataset["id"])] == [resource["id"]]
    assert response.status == 200

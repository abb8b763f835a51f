"""A published dataset updated with next year's file, in a real browser.

The Produsen starts «Mutakhirkan» on the published dataset's page and
replaces the file in the draft through CKAN's resource form; the checker,
the approver and the publisher act in the workflow panel of the draft; the
public meanwhile sees the published version, then version 2, and can still
download version 1's file from the versions page.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import urlparse

import ckan.plugins.toolkit as tk
import pytest
from ckan.tests import helpers
from playwright.sync_api import expect

from .conftest import GOOD_CSV
from .servers import ckan_server
from .test_browser import People

NEW_CSV = "kecamatan,jumlah\nMojosari,82000\nBangsal,53000\nDlanggu,41000\n"


@pytest.fixture
def server(mojokerto, tmp_path, monkeypatch) -> Iterator[str]:
    # The published file was stored by the fixtures, in their storage; the
    # server takes its storage from the environment.
    monkeypatch.setenv("CKAN_STORAGE_PATH", str(tk.config.get("ckan.storage_path")))
    settings = {
        "ckanext.satudata.workflow": "mojokerto",
        "WTF_CSRF_ENABLED": "true",
        "ckan.csrf_protection.ignore_extensions": "false",
    }
    with ckan_server(settings, tmp_path) as url:
        yield url


@pytest.fixture
def people(browser, server, mojokerto, request) -> Iterator[People]:
    crowd = People(browser, server, mojokerto)
    yield crowd
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        crowd.screenshot("satudata-revision-browser")
    crowd.close()


def _get(page, url: str) -> bytes:
    response = page.request.get(urlparse(url).path)
    assert response.status == 200, url
    return response.body()


def _public_file(page, name: str) -> bytes:
    """The published file, as the dataset's resource link downloads it."""
    [resource] = helpers.call_action("package_show", id=name)["resources"]
    return _get(page, resource["url"])


def _take(page, transition: str, label: str, state_label: str) -> None:
    # The page may still be loading after the link that led here.
    page.wait_for_load_state("load")
    form = page.locator(f"#alur-kerja form[data-transition={transition}]")
    for box in form.locator("input[name=checklist]").all():
        box.check()
    note = form.locator("textarea[name=note]")
    if note.count():
        note.fill(f"Catatan untuk {label}.")
    form.get_by_role("button", name=label).click()
    expect(page.locator(".flash-messages")).to_contain_text(f"«{state_label}»")


def test_produsen_updates_a_published_dataset(mojokerto, people):
    live = mojokerto.dataset("terbit")
    name = live["name"]
    anonymous = people("anonymous")
    anonymous.goto(f"/dataset/{name}")
    expect(anonymous.locator("article h1")).to_contain_text(live["title"])
    expect(anonymous.get_by_role("button", name="Mutakhirkan")).to_have_count(0)
    assert _public_file(anonymous, name) == GOOD_CSV.encode()

    produsen = people("produsen")
    produsen.goto(f"/dataset/{name}")
    produsen.get_by_role("button", name="Mutakhirkan").click()
    draft_name = f"{name}-revisi-1"
    expect(produsen).to_have_url(re.compile(rf"/dataset/{draft_name}$"))
    expect(produsen.locator(".flash-messages")).to_contain_text("Revisi 1 dimulai")
    expect(produsen.locator("#revisi")).to_contain_text("salinan revisi 1")

    # Next year's file replaces the copy of this year's, through the form.
    [copy] = helpers.call_action("package_show", id=draft_name)["resources"]
    produsen.goto(f"/dataset/{draft_name}/resource/{copy['id']}/edit")
    produsen.locator("#field-resource-upload").set_input_files({
        "name": "penduduk-2025.csv", "mimeType": "text/csv",
        "buffer": NEW_CSV.encode()})
    produsen.locator("form#resource-edit button[name=save]").click()
    expect(produsen.locator(".flash-messages")).to_contain_text(
        "Berkas «penduduk-2025.csv» sesuai template")

    produsen.goto(f"/dataset/{draft_name}")
    _take(produsen, "ajukan", "Ajukan", "Diajukan")
    # The public still sees the published version only.
    assert _public_file(anonymous, name) == GOOD_CSV.encode()
    response = anonymous.goto(f"/dataset/{draft_name}")
    assert response.status == 404 or "/user/login" in anonymous.url

    checker = people("admin_opd")
    checker.goto("/satudata/tugas")
    checker.locator(".satudata-queue tr", has_text=live["title"]).get_by_role(
        "link", name=live["title"]).click()
    expect(checker).to_have_url(re.compile(rf"/dataset/{draft_name}(#alur-kerja)?$"))
    _take(checker, "sesuai", "Sesuai", "Menunggu Persetujuan")

    approver = people("kepala_opd")
    approver.goto(f"/dataset/{draft_name}")
    _take(approver, "setujui", "Setujui", "Disetujui")
    assert _public_file(anonymous, name) == GOOD_CSV.encode()

    checker.goto(f"/dataset/{draft_name}")
    _take(checker, "terbitkan", "Terbitkan", "Terbit")
    expect(checker).to_have_url(re.compile(rf"/dataset/{name}$"))

    # The public sees version 2 and can still download version 1.
    anonymous.goto(f"/dataset/{name}")
    assert _public_file(anonymous, name) == NEW_CSV.encode()
    anonymous.get_by_role("link", name="Versi 2 dan sebelumnya").click()
    versions = anonymous.locator(".satudata-version")
    expect(versions).to_have_count(2)
    expect(versions.first).to_contain_text("Versi 2")
    expect(versions.first).to_contain_text("disetujui oleh")
    anonymous.get_by_role("link", name="Versi 1").click()
    link = anonymous.get_by_role("link", name="Unduh berkas versi ini")
    assert _get(anonymous, link.get_attribute("href")) == GOOD_CSV.encode()

"""CKAN's JavaScript speaks Bahasa Indonesia on the ``id`` pages.

CKAN's modules translate their text with the catalogue ``/api/i18n/id``
serves; ``ckan run`` builds it from CKAN's own ``id`` catalogue and the
extension's (README, "Satu bahasa"). In a real browser, a produsen meets
the upload widgets (the resource form's and the profile picture's, which
CKAN's script draws) and the confirm dialog of a delete, and cancels it.
"""
from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import expect

from ckanext.satudata.tests.workflow.servers import ckan_server
from ckanext.satudata.tests.workflow.test_browser import People


@pytest.fixture
def produsen(browser, world, tmp_path) -> Iterator:
    with ckan_server({}, tmp_path) as url:
        crowd = People(browser, url, world)
        yield crowd("produsen")
        crowd.close()


def test_upload_widgets_speak_indonesian(world, produsen):
    dataset = world.dataset()

    produsen.goto(f"/dataset/{dataset['name']}/resource/new")
    expect(produsen.locator("#resource-upload-button")).to_have_text("Unggah")
    link = produsen.locator("#resource-link-button")
    expect(link).to_have_text("Tautan")
    link.click()
    expect(produsen.locator("#field-resource-url")).to_be_focused()
    expect(produsen.locator(".btn-remove-url:visible")).to_have_text("Hapus")

    # Drawn by CKAN's image-upload module, in the browser.
    produsen.goto(f"/user/edit/{world.users['produsen']}")
    buttons = produsen.locator(".image-upload .btn")
    expect(buttons.first).to_be_attached()
    texts = {t.strip() for t in buttons.all_text_contents()}
    assert {"Unggah", "Tautan", "Hapus"} <= texts
    assert not texts & {"Upload", "Link", "Remove"}


def test_the_delete_dialog_speaks_indonesian_and_cancels(world, produsen):
    dataset = world.dataset()
    [resource] = dataset["resources"]

    produsen.goto(f"/dataset/{dataset['name']}/resource/{resource['id']}/edit")
    produsen.locator("a.btn-danger[data-module=confirm-action]").click()
    dialog = produsen.locator(".modal.show")
    # CKAN 2.11's confirm-action titles it "Please Confirm Action", 2.12's
    # ckan.confirm "Please Confirm".
    expect(dialog.locator(".modal-title")).to_have_text(
        re.compile(r"^Mohon konfirmasi( tindakan)?$"))
    expect(dialog.locator(".modal-body")).to_contain_text(
        "Yakin ingin menghapus sumber daya ini?")
    expect(dialog.get_by_role("button", name="Konfirmasi")).to_be_visible()
    # The close button's name, written in English by CKAN's script.
    expect(dialog.locator(".btn-close")).to_have_attribute("aria-label", "Tutup")
    dialog.get_by_role("button", name="Batal").click()
    expect(dialog).to_be_hidden()
    expect(produsen).to_have_url(re.compile(rf"/resource/{resource['id']}/edit$"))


def test_messages_no_javascript_catalogue_reaches(world, produsen):
    """CKAN 2.11's catalogue lacks the autocomplete's "Searching..."; the
    page gives CKAN's modules the translation (2.12's catalogue has it)."""
    dataset = world.dataset()
    produsen.goto(f"/dataset/{dataset['name']}/resource/new")
    translate = "message => ckan.i18n._(message)"
    # Wait until CKAN has loaded its catalogue and started its modules.
    produsen.wait_for_function(f"({translate})('Upload') === 'Unggah'")
    assert produsen.evaluate(translate, "Searching...") == "Mencari..."
    # What the module itself shows while a search is under way.
    assert produsen.evaluate(
        "() => ckan.module.registry['autocomplete'].prototype.formatSearching()"
    ) == "Mencari..."

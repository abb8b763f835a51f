"""The whole SOP of each preset, walked through the pages by its people.

On a ``ckan run`` server that serves the test database with the preset
under test and CSRF protection on (so the forms must carry their tokens),
every person logs in through CKAN's login form in their own browser context,
lands on "Tugas saya" and goes on through the header's menu and the pages'
links. The Produsen starts from the established Daftar Data row of their
OPD, creates the dataset from it, uploads a table that does not conform,
reads the check's result, replaces the file through the resource form and
submits; the checker sees the table's preview and returns it; the Produsen
reads why on top of the page, corrects the file and submits again; the
checker passes it, the approver judges it from the preview and the report,
the publisher publishes and only then does the public see it. Only the
fixtures (people, OPDs, the template, the Daftar Data row) are made through
the API; what the pages show is asserted, and the end state is
cross-checked through the API.

Every page visited is saved at 1366×900 and 390×844, full page, as
``<preset>-<nn>-<role>-<page>-<width>.png`` in the ``screenshots`` folder of
the run's output (``SATUDATA_TEST_OUTPUT``, by default ``.dev/test-logs``),
and must not be wider than the window at either size.
"""
from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Iterator
from pathlib import Path

import ckan.model as model
import pytest
from ckan.tests import helpers
from playwright import sync_api
from playwright.sync_api import FilePayload, expect

from ckanext.satudata.tests.schemas.factories import daftar_data_row
from ckanext.satudata.workflow.definition import load

from .conftest import BAD_CSV, GOOD_CSV
from .servers import ROOT, ckan_server

PASSWORD = "sandi-uji-2026"
NOTE = "Kolom jumlah Kecamatan Bangsal perlu dicek ulang."
SCREENSHOTS = "/tmp"
TITLE = "Jumlah Penduduk menurut Kecamatan"
# The table as corrected after the checker's note.
CORRECTED_CSV = "kecamatan,jumlah\nMojosari,81234\nBangsal,52110\n"
# The window sizes of each screenshot: a laptop and a phone.
SIZES = ((1366, 900), (390, 844))


# CKAN exempts extensions' blueprints from CSRF checks unless told not to.
CSRF_ON = {
    "WTF_CSRF_ENABLED": "true",
    "ckan.csrf_protection.ignore_extensions": "false",
}


@pytest.fixture
def server(world, tmp_path) -> Iterator[str]:
    settings = CSRF_ON | {"ckanext.satudata.workflow": world.preset}
    with ckan_server(settings, tmp_path) as url:
        yield url


def _context(browser, url: str) -> sync_api.Page:
    context = browser.new_context(
        base_url=url, locale="id-ID",
        viewport={"width": SIZES[0][0], "height": SIZES[0][1]})
    context.set_default_timeout(20_000)
    return context.new_page()


def _known_password(world, who: str) -> str:
    # factories.User picks a random password and does not return it.
    user = world.user_obj(who)
    user.password = PASSWORD
    model.Session.commit()
    return str(user.name)


class People:
    """One browser context (own cookies) per person; pages kept for screenshots."""

    def __init__(self, browser, url: str, world) -> None:
        self.browser = browser
        self.url = url
        self.world = world
        self.pages: dict[str, sync_api.Page] = {}

    def __call__(self, who: str) -> sync_api.Page:
        if who not in self.pages:
            page = _context(self.browser, self.url)
            if who != "anonymous":
                page.goto("/user/login")
                page.fill("#field-login", _known_password(self.world, who))
                page.fill("#field-password", PASSWORD)
                page.locator("form:has(#field-login) button[type=submit]").click()
                expect(page).not_to_have_url(re.compile(r"/user/log"))
            self.pages[who] = page
        return self.pages[who]

    def screenshot(self, test_name: str) -> None:
        for who, page in self.pages.items():
            page.screenshot(path=f"{SCREENSHOTS}/{test_name}-{who}.png", full_page=True)

    def close(self) -> None:
        for page in self.pages.values():
            page.context.close()


@contextlib.contextmanager
def crowd_of(browser, url: str, world, request, directory: Path) -> Iterator[People]:
    """:class:`People` on ``url``; when the test failed, each person's page
    is saved in ``directory``."""
    people = People(browser, url, world)
    yield people
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        for who, page in people.pages.items():
            page.screenshot(path=str(directory / f"gagal-{who}.png"), full_page=True)
    people.close()


@pytest.fixture
def people(browser, server, world, request) -> Iterator[People]:
    crowd = People(browser, server, world)
    yield crowd
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        name = re.sub(r"\W+", "-", request.node.name)
        crowd.screenshot(f"satudata-browser-{name}")
    crowd.close()


def screenshot_folder() -> Path:
    """Where the run's screenshots go: ``screenshots`` in the run's output
    folder (``SATUDATA_TEST_OUTPUT``; ``make test`` gives each CKAN version
    its own), by default under ``.dev/test-logs``."""
    output = os.environ.get("SATUDATA_TEST_OUTPUT") or os.path.join(
        ROOT, ".dev", "test-logs")
    return Path(output) / "screenshots"


class Walk:
    """The people of one SOP walk, each logging in through the form, and a
    screenshot of every page they reach, in visiting order."""

    def __init__(self, browser, url: str, world) -> None:
        self.browser = browser
        self.url = url
        self.world = world
        self.pages: dict[str, sync_api.Page] = {}
        self.visited = 0
        self.folder = screenshot_folder()
        self.folder.mkdir(parents=True, exist_ok=True)
        # A shorter walk than the last one leaves none of its pages behind.
        for old in self.folder.glob(f"{world.preset}-*.png"):
            old.unlink()

    def anonymous(self) -> sync_api.Page:
        if "anonymous" not in self.pages:
            self.pages["anonymous"] = _context(self.browser, self.url)
        return self.pages["anonymous"]

    def log_in(self, who: str) -> sync_api.Page:
        """``who`` logs in through the form and lands on "Tugas saya"."""
        page = _context(self.browser, self.url)
        self.pages[who] = page
        page.goto("/user/login")
        self.shot(who, "masuk")
        page.fill("#field-login", _known_password(self.world, who))
        page.fill("#field-password", PASSWORD)
        page.locator("form:has(#field-login) button[type=submit]").click()
        expect(page).to_have_url(re.compile(r"/satudata/tugas$"))
        self.shot(who, "tugas-saya")
        return page

    def shot(self, who: str, name: str) -> None:
        """Save the page ``who`` is on at each size, after checking that it
        is no wider than the window."""
        page = self.pages[who]
        page.wait_for_load_state("load")
        self.visited += 1
        for width, height in SIZES:
            page.set_viewport_size({"width": width, "height": height})
            wide, window = page.evaluate(
                "[document.documentElement.scrollWidth, window.innerWidth]")
            assert wide <= window, (
                f"{name} ({who}) is {wide} px wide in a {window} px window")
            path = (self.folder / f"{self.world.preset}-{self.visited:02d}-{who}"
                    f"-{name}-{width}.png")
            page.screenshot(path=str(path), full_page=True)
        page.set_viewport_size({"width": SIZES[0][0], "height": SIZES[0][1]})

    def close(self) -> None:
        for page in self.pages.values():
            page.context.close()


@pytest.fixture
def walk(browser, server, world, request) -> Iterator[Walk]:
    crowd = Walk(browser, server, world)
    yield crowd
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        for who, page in crowd.pages.items():
            page.screenshot(path=str(crowd.folder / f"{world.preset}-gagal-{who}.png"),
                            full_page=True)
    crowd.close()


def complete_dataset_form(page) -> None:
    """Fill in what a Daftar Data row does not say, and go on to the data."""
    page.fill("#field-notes", "Jumlah penduduk per kecamatan.")
    page.fill("#field-konsep", "Penduduk")
    page.select_option("#field-ukuran", "jumlah")
    page.select_option("#field-tingkat_penyajian", "kecamatan")
    page.fill("#field-sumber_data", "SIAK Dispendukcapil")
    page.fill("#field-penanggung_jawab", "Bidang Statistik")
    page.locator("form#dataset-edit button[name=save]").click()


def _badge(page):
    return page.locator("#alur-kerja .satudata-status")


def _form(page, transition: str):
    return page.locator(f"#alur-kerja form[data-transition={transition}]")


def _buttons(page) -> list[str]:
    return page.locator("#alur-kerja form.satudata-workflow-action").evaluate_all(
        "forms => forms.map(f => f.dataset.transition)")


def _take(page, transition: str, label: str, state_label: str) -> None:
    _form(page, transition).get_by_role("button", name=label).click()
    expect(page.locator(".flash-messages")).to_contain_text(
        f"«{state_label}»")
    expect(_badge(page)).to_have_text(state_label)


def _events(world, pid: str) -> list[dict]:
    return helpers.call_action(
        "satudata_workflow_history", context={"user": world.sysadmin}, id=pid)


def _csv(name: str, text: str) -> FilePayload:
    return {"name": name, "mimeType": "text/csv", "buffer": text.encode()}


def _menu(page, label: str) -> None:
    page.locator("#main-navigation-toggle").get_by_role(
        "link", name=re.compile(f"^{label}")).click()


def _open_task(page, title: str) -> None:
    """Follow the dataset's entry in "Tugas saya" to its page."""
    page.locator(".satudata-queue tr", has_text=title).get_by_role(
        "link", name=title).click()
    expect(page.locator("#alur-kerja")).to_be_visible()


def _replace_file(walk: Walk, who: str, csv: FilePayload, verdict: str) -> None:
    """From the dataset page, through the resource's page and its edit form,
    replace its file with ``csv``; the page after tells ``verdict``."""
    page = walk.pages[who]
    page.locator(".resource-item").get_by_role("link", name="Tabel penduduk").click()
    expect(page.locator(".satudata-preview-section")).to_be_visible()
    walk.shot(who, "sumber-daya")
    page.get_by_role("link", name="Ubah sumber daya").click()
    expect(page.locator("form#resource-edit")).to_be_visible()
    walk.shot(who, "ubah-sumber-daya")
    page.locator("#field-resource-upload").set_input_files(csv)
    page.locator("form#resource-edit button[name=save]").click()
    expect(page.locator(".flash-messages")).to_contain_text(
        f"Berkas «{csv['name']}» {verdict} template «{TITLE}» versi 1")
    walk.shot(who, "sumber-daya-diganti")
    page.locator(".breadcrumb").get_by_role("link", name=TITLE).click()
    expect(page.locator("#alur-kerja")).to_be_visible()


def test_whole_sop_in_browser(world, walk):
    checker = world.actor("sesuai")
    approver = world.actor("setujui")
    publisher = world.actor("terbitkan")
    labels = [i.label for i in load(world.preset).transitions["tidak_sesuai"].checklist]
    # The Walidata established the row and its template beforehand.
    row = daftar_data_row(
        world.opd["id"], tahun=2025, kode="DD-SOP-1", template_id=world.template["id"],
        nama_data=TITLE, definisi="Orang yang berdomisili di wilayah kabupaten.",
        satuan="Jiwa", jadwal_pemutakhiran="tahunan",
        klasifikasi_penyajian="Kecamatan")

    # The Produsen: from "Tugas saya" through the menu to the row, and from
    # the row to the dataset form, filled in from it.
    produsen = walk.log_in("produsen")
    _menu(produsen, "Daftar Data")
    expect(produsen.locator("h1")).to_have_text("Daftar Data")
    walk.shot("produsen", "daftar-data")
    produsen.get_by_role("link", name="DD-SOP-1").click()
    expect(produsen.locator(".satudata-row-template")).to_contain_text(TITLE)
    walk.shot("produsen", "baris-daftar-data")
    produsen.get_by_role("link", name="Buat dataset").click()
    expect(produsen.locator("#field-title")).to_have_value(TITLE)
    expect(produsen.locator("#field-daftar_data_id")).to_have_value(row.id)
    expect(produsen.locator("#field-organizations")).to_have_value(world.opd["id"])
    walk.shot("produsen", "formulir-dataset")
    complete_dataset_form(produsen)

    # A table that does not conform, chosen in the form's file input.
    expect(produsen.locator("form#resource-edit")).to_be_visible()
    walk.shot("produsen", "formulir-sumber-daya")
    produsen.locator("#field-resource-upload").set_input_files(
        _csv("penduduk.csv", BAD_CSV))
    expect(produsen.locator("#field-name")).to_have_value("penduduk.csv")
    produsen.fill("#field-name", "Tabel penduduk")
    produsen.locator("button[name=save][value=go-metadata]").click()
    expect(produsen).to_have_url(re.compile(r"/dataset/[a-z0-9-]+$"))
    name = produsen.url.rsplit("/", 1)[1]
    pid = helpers.call_action("package_show", id=name)["id"]
    flash = produsen.locator(".flash-messages")
    expect(flash).to_contain_text(
        f"Berkas «penduduk.csv» tidak sesuai template «{TITLE}» versi 1: 1 kesalahan.")
    expect(_badge(produsen)).to_have_text("Draf")
    # The gate keeps the submission back until the table conforms.
    expect(produsen.locator("#alur-kerja .satudata-gate")).to_be_visible()
    assert _buttons(produsen) == []
    walk.shot("produsen", "dataset-tidak-sesuai")
    flash.get_by_role("link", name="Lihat laporan kesesuaian").click()
    expect(produsen.locator(".satudata-report-status")).to_have_text(
        "Tidak sesuai template")
    walk.shot("produsen", "laporan-tidak-sesuai")
    produsen.go_back()
    expect(produsen.locator("#alur-kerja")).to_be_visible()
    _replace_file(walk, "produsen", _csv("penduduk.csv", GOOD_CSV), "sesuai")
    expect(produsen.locator("#alur-kerja .satudata-gate")).to_have_count(0)
    assert _buttons(produsen) == ["ajukan"]
    walk.shot("produsen", "dataset-draf")

    # Nobody else sees the draft yet.
    anonymous = walk.anonymous()
    response = anonymous.goto(f"/dataset/{name}")
    assert response.status == 404 or "/user/login" in anonymous.url
    expect(anonymous.get_by_text(TITLE)).to_have_count(0)
    walk.shot("anonymous", "dataset-draf-tersembunyi")
    anonymous.goto("/dataset/")
    expect(anonymous.get_by_role("link", name=TITLE)).to_have_count(0)
    walk.shot("anonymous", "daftar-dataset-kosong")

    # CSRF protection is on: the clicks below succeed because the forms carry tokens.
    forged = produsen.request.post(f"/dataset/{name}/alur-kerja",
                                   form={"transition": "ajukan"})
    assert forged.status == 400
    assert _events(world, pid) == []
    _take(produsen, "ajukan", "Ajukan", "Diajukan")
    assert _buttons(produsen) == []
    walk.shot("produsen", "dataset-diajukan")

    # The checker finds the dataset in "Tugas saya" and its table on its page.
    page = walk.log_in(checker)
    row_in_queue = page.locator(".satudata-queue tr", has_text=TITLE)
    expect(row_in_queue.locator(".satudata-status")).to_have_text("Diajukan")
    _open_task(page, TITLE)
    expect(_badge(page)).to_have_text("Diajukan")
    preview = page.locator(".satudata-preview-section")
    expect(preview.locator("thead")).to_contain_text("Jumlah Penduduk")
    expect(preview.locator("tbody")).to_contain_text("Bangsal")
    report_link = page.locator("#alur-kerja .satudata-workflow-reports").locator(
        "li", has_text="Tabel penduduk").locator("a")
    expect(report_link).to_be_visible()
    assert sorted(_buttons(page)) == ["sesuai", "tidak_sesuai"]
    walk.shot(checker, "dataset-diperiksa")

    # A note of blanks passes the browser's "required" but not the portal.
    returning = _form(page, "tidak_sesuai")
    returning.locator("textarea[name=note]").fill("   ")
    returning.get_by_role("button", name="Tidak sesuai").click()
    expect(page.locator(".flash-messages")).to_contain_text(
        "Catatan wajib diisi untuk «Tidak sesuai»")
    expect(_badge(page)).to_have_text("Diajukan")
    assert len(_events(world, pid)) == 1
    walk.shot(checker, "catatan-kosong-ditolak")

    # "Tidak sesuai" with every item ticked names nothing to fix: refused.
    returning = _form(page, "tidak_sesuai")
    for box in returning.locator("input[name=checklist]").all():
        box.check()
    returning.locator("textarea[name=note]").fill(NOTE)
    returning.get_by_role("button", name="Tidak sesuai").click()
    expect(page.locator(".flash-messages")).to_contain_text(
        "Hapus centang pada butir yang tidak sesuai")
    expect(_badge(page)).to_have_text("Diajukan")
    assert len(_events(world, pid)) == 1
    walk.shot(checker, "semua-dicentang-ditolak")

    # The refused form comes back as sent; untick what does not conform.
    returning = _form(page, "tidak_sesuai")
    expect(returning.locator("textarea[name=note]")).to_have_value(NOTE)
    boxes = returning.locator("input[name=checklist]")
    for n in (0, 2, 3):
        boxes.nth(n).uncheck()
    _take(page, "tidak_sesuai", "Tidak sesuai", "Dikembalikan")
    walk.shot(checker, "dataset-dikembalikan")

    # The producer finds it in "Tugas saya" and reads who returned it, when
    # and why on top of the page.
    _menu(produsen, "Tugas saya")
    walk.shot("produsen", "tugas-saya")
    _open_task(produsen, TITLE)
    expect(_badge(produsen)).to_have_text("Dikembalikan")
    returned = produsen.locator("#pengembalian")
    expect(returned).to_be_visible()
    assert returned.bounding_box()["y"] < produsen.locator(
        "article h1").bounding_box()["y"]
    # On a phone too, where CKAN stacks the sidebar before the dataset.
    produsen.set_viewport_size({"width": SIZES[1][0], "height": SIZES[1][1]})
    assert returned.bounding_box()["y"] < produsen.locator(
        "#alur-kerja").bounding_box()["y"]
    produsen.set_viewport_size({"width": SIZES[0][0], "height": SIZES[0][1]})
    checker_name = world.user_obj(checker).display_name
    expect(returned.locator(".satudata-returned-by")).to_contain_text(
        f"«Tidak sesuai» oleh {checker_name}")
    expect(returned.locator(".satudata-returned-by")).to_contain_text(
        re.compile(r"pada \d{1,2} (Januari|Februari|Maret|April|Mei|Juni|Juli|"
                   r"Agustus|September|Oktober|November|Desember) \d{4}, \d\d\.\d\d"))
    expect(returned.locator(".satudata-returned-note")).to_have_text(NOTE)
    expect(returned.locator(".satudata-returned-items li")).to_have_text(
        [labels[0], labels[2], labels[3]])
    timeline = produsen.locator("#alur-kerja .satudata-timeline")
    expect(timeline.locator("li", has_text="«Tidak sesuai»")).to_contain_text(NOTE)
    expect(timeline.locator("blockquote.satudata-note")).to_have_text(NOTE)
    walk.shot("produsen", "dataset-pengembalian")
    # The producer corrects the table and submits it again.
    _replace_file(walk, "produsen", _csv("penduduk-perbaikan.csv", CORRECTED_CSV),
                  "sesuai")
    _take(produsen, "ajukan", "Ajukan", "Diajukan")
    expect(produsen.locator("#pengembalian")).to_have_count(0)
    walk.shot("produsen", "dataset-diajukan-lagi")

    _menu(page, "Tugas saya")
    walk.shot(checker, "tugas-saya")
    _open_task(page, TITLE)
    expect(page.locator(".satudata-preview-section tbody")).to_contain_text("52110")
    walk.shot(checker, "dataset-diperiksa-lagi")
    passing = _form(page, "sesuai")
    for box in passing.locator("input[name=checklist]").all():
        box.check()
    _take(page, "sesuai", "Sesuai", "Menunggu Persetujuan")
    assert _buttons(page) == []
    walk.shot(checker, "dataset-sesuai")

    # The approver judges from the table's preview, the checker's result
    # and the conformance report.
    approving = walk.log_in(approver)
    _open_task(approving, TITLE)
    expect(_badge(approving)).to_have_text("Menunggu Persetujuan")
    assert sorted(_buttons(approving)) == ["kembalikan", "setujui"]
    expect(approving.locator(".satudata-preview-section tbody")).to_contain_text(
        "52110")
    checked = approving.locator("#alur-kerja .satudata-workflow-checked")
    expect(checked.locator("li.satudata-ticked")).to_have_count(len(labels))
    walk.shot(approver, "dataset-persetujuan")
    approving.locator("#alur-kerja .satudata-workflow-reports").locator(
        "li", has_text="Tabel penduduk").locator("a").click()
    expect(approving.locator("h1")).to_contain_text("Laporan kesesuaian")
    expect(approving.locator(".satudata-report-status")).to_have_text(
        "Sesuai template")
    walk.shot(approver, "laporan-sesuai")
    approving.go_back()
    _take(approving, "setujui", "Setujui", "Disetujui")
    assert _buttons(approving) == []
    walk.shot(approver, "dataset-disetujui")

    # Still not public before it is published.
    response = anonymous.goto(f"/dataset/{name}")
    assert response.status == 404 or "/user/login" in anonymous.url
    walk.shot("anonymous", "dataset-disetujui-tersembunyi")

    # The publisher (the checker's role in both presets) from "Tugas saya".
    publishing = walk.pages[publisher]
    _menu(publishing, "Tugas saya")
    walk.shot(publisher, "tugas-saya")
    _open_task(publishing, TITLE)
    assert _buttons(publishing) == ["terbitkan"]
    walk.shot(publisher, "dataset-siap-terbit")
    _take(publishing, "terbitkan", "Terbitkan", "Terbit")
    timeline = publishing.locator("#alur-kerja .satudata-timeline > li")
    expect(timeline).to_have_count(7)
    expect(timeline.last).to_contain_text("Terbit")
    walk.shot(publisher, "dataset-terbit")

    # The public finds it in the dataset list, without the workflow.
    anonymous.goto("/dataset/")
    walk.shot("anonymous", "daftar-dataset")
    anonymous.locator(".dataset-list").get_by_role("link", name=TITLE).click()
    expect(anonymous.locator("article h1")).to_contain_text(TITLE)
    expect(anonymous.locator("#alur-kerja")).to_have_count(0)
    expect(anonymous.locator(".satudata-status")).to_have_count(0)
    expect(anonymous.locator(".satudata-preview-section")).to_have_count(0)
    walk.shot("anonymous", "dataset-publik")

    shown = helpers.call_action(
        "satudata_workflow_show", context={"user": world.sysadmin}, id=pid)
    assert shown["workflow"] == world.preset
    assert (shown["state"], shown["public"]) == ("terbit", True)
    history = shown["history"]
    assert [e["transition"] for e in history] == [
        "ajukan", "tidak_sesuai", "ajukan", "sesuai", "setujui", "terbitkan"]
    assert [e["user_name"] for e in history] == [
        world.users[w] for w in ("produsen", checker, "produsen", checker,
                                 approver, publisher)]
    assert history[1]["note"] == NOTE
    assert len(_events(world, pid)) == 6
    dataset = helpers.call_action("package_show", id=pid)
    assert dataset["private"] is False
    assert dataset["daftar_data_id"] == row.id
    [resource] = dataset["resources"]
    assert resource["url_type"] == "upload"
    assert resource["validation_status"] == "success"
    assert resource["url"].endswith("/penduduk-perbaikan.csv")

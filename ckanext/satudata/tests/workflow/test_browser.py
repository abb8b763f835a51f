"""A dataset through the whole SOP of each preset in a real browser.

Every person logs in through CKAN's login form in their own browser context
and clicks the workflow panel's buttons on a ``ckan run`` server that serves
the test database with the preset under test and CSRF protection on, so the
forms must carry their tokens. What the pages show is asserted, and the end
state is cross-checked through the API.
"""
from __future__ import annotations

import re
from collections.abc import Iterator

import ckan.model as model
import pytest
from ckan.tests import helpers
from playwright import sync_api
from playwright.sync_api import expect

from ckanext.satudata.workflow.definition import load

from .servers import ckan_server

PASSWORD = "sandi-uji-2026"
NOTE = "Kolom jumlah Kecamatan Bangsal perlu dicek ulang."
SCREENSHOTS = "/tmp"


@pytest.fixture
def server(world, tmp_path) -> Iterator[str]:
    # CKAN exempts extensions' blueprints from CSRF checks unless told not to.
    settings = {
        "ckanext.satudata.workflow": world.preset,
        "WTF_CSRF_ENABLED": "true",
        "ckan.csrf_protection.ignore_extensions": "false",
    }
    with ckan_server(settings, tmp_path) as url:
        yield url


class People:
    """One browser context (own cookies) per person; pages kept for screenshots."""

    def __init__(self, browser, url: str, world) -> None:
        self.browser = browser
        self.url = url
        self.world = world
        self.pages: dict[str, sync_api.Page] = {}

    def __call__(self, who: str) -> sync_api.Page:
        if who not in self.pages:
            context = self.browser.new_context(base_url=self.url, locale="id-ID")
            context.set_default_timeout(20_000)
            page = context.new_page()
            if who != "anonymous":
                # factories.User picks a random password and does not return it.
                user = self.world.user_obj(who)
                user.password = PASSWORD
                model.Session.commit()
                page.goto("/user/login")
                page.fill("#field-login", user.name)
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


@pytest.fixture
def people(browser, server, world, request) -> Iterator[People]:
    crowd = People(browser, server, world)
    yield crowd
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        name = re.sub(r"\W+", "-", request.node.name)
        crowd.screenshot(f"satudata-browser-{name}")
    crowd.close()


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


def _open(page, name: str) -> None:
    page.goto(f"/dataset/{name}")
    expect(page.locator("#alur-kerja")).to_be_visible()


def _events(world, pid: str) -> list[dict]:
    return helpers.call_action(
        "satudata_workflow_history", context={"user": world.sysadmin}, id=pid)


def test_whole_sop_in_browser(world, people):
    dataset = world.dataset()
    name, title, pid = dataset["name"], dataset["title"], dataset["id"]
    checker = world.actor("sesuai")
    approver = world.actor("setujui")
    publisher = world.actor("terbitkan")

    anonymous = people("anonymous")
    response = anonymous.goto(f"/dataset/{name}")
    assert response.status == 404 or "/user/login" in anonymous.url
    expect(anonymous.get_by_text(title)).to_have_count(0)

    produsen = people("produsen")
    _open(produsen, name)
    expect(_badge(produsen)).to_have_text("Draf")
    assert _buttons(produsen) == ["ajukan"]
    # CSRF protection is on: the clicks below succeed because the forms carry tokens.
    forged = produsen.request.post(f"/dataset/{name}/alur-kerja",
                                   form={"transition": "ajukan"})
    assert forged.status == 400
    assert _events(world, pid) == []
    _take(produsen, "ajukan", "Ajukan", "Diajukan")
    assert _buttons(produsen) == []

    page = people(checker)
    page.goto("/satudata/tugas")
    row = page.locator(".satudata-queue tr", has_text=title)
    expect(row.locator(".satudata-status")).to_have_text("Diajukan")
    row.get_by_role("link", name=title).click()
    expect(_badge(page)).to_have_text("Diajukan")
    reports = page.locator("#alur-kerja .satudata-workflow-reports")
    report_link = reports.locator("li", has_text="Tabel penduduk").locator("a")
    expect(report_link).to_be_visible()
    assert sorted(_buttons(page)) == ["sesuai", "tidak_sesuai"]

    # A note of blanks passes the browser's "required" but not the portal.
    returning = _form(page, "tidak_sesuai")
    returning.locator("textarea[name=note]").fill("   ")
    returning.get_by_role("button", name="Tidak sesuai").click()
    expect(page.locator(".flash-messages")).to_contain_text(
        "Catatan wajib diisi untuk «Tidak sesuai»")
    expect(_badge(page)).to_have_text("Diajukan")
    assert len(_events(world, pid)) == 1

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

    # The refused form comes back as sent; untick what does not conform.
    returning = _form(page, "tidak_sesuai")
    expect(returning.locator("textarea[name=note]")).to_have_value(NOTE)
    boxes = returning.locator("input[name=checklist]")
    for n in (0, 2, 3):
        boxes.nth(n).uncheck()
    _take(page, "tidak_sesuai", "Tidak sesuai", "Dikembalikan")

    # The producer reads who returned it, when and why on top of the page.
    _open(produsen, name)
    expect(_badge(produsen)).to_have_text("Dikembalikan")
    returned = produsen.locator("#pengembalian")
    expect(returned).to_be_visible()
    assert returned.bounding_box()["y"] < produsen.locator(
        "article h1").bounding_box()["y"]
    checker_name = world.user_obj(checker).display_name
    expect(returned.locator(".satudata-returned-by")).to_contain_text(
        f"«Tidak sesuai» oleh {checker_name}")
    expect(returned.locator(".satudata-returned-by")).to_contain_text(
        re.compile(r"pada \d{1,2} (Januari|Februari|Maret|April|Mei|Juni|Juli|"
                   r"Agustus|September|Oktober|November|Desember) \d{4}, \d\d\.\d\d"))
    expect(returned.locator(".satudata-returned-note")).to_have_text(NOTE)
    labels = [i.label for i in load(world.preset).transitions["tidak_sesuai"].checklist]
    expect(returned.locator(".satudata-returned-items li")).to_have_text(
        [labels[0], labels[2], labels[3]])
    timeline = produsen.locator("#alur-kerja .satudata-timeline")
    expect(timeline.locator("li", has_text="«Tidak sesuai»")).to_contain_text(NOTE)
    expect(timeline.locator("blockquote.satudata-note")).to_have_text(NOTE)
    _take(produsen, "ajukan", "Ajukan", "Diajukan")
    expect(produsen.locator("#pengembalian")).to_have_count(0)

    _open(page, name)
    passing = _form(page, "sesuai")
    for box in passing.locator("input[name=checklist]").all():
        box.check()
    _take(page, "sesuai", "Sesuai", "Menunggu Persetujuan")
    assert _buttons(page) == []

    approving = people(approver)
    approving.goto("/satudata/tugas")
    approving.locator(".satudata-queue").get_by_role("link", name=title).click()
    expect(_badge(approving)).to_have_text("Menunggu Persetujuan")
    assert sorted(_buttons(approving)) == ["kembalikan", "setujui"]
    # The approver sees what the checker ticked and can open the report.
    checked = approving.locator("#alur-kerja .satudata-workflow-checked")
    expect(checked.locator("li.satudata-ticked")).to_have_count(len(labels))
    approving.locator("#alur-kerja .satudata-workflow-reports").locator(
        "li", has_text="Tabel penduduk").locator("a").click()
    expect(approving.locator("h1")).to_contain_text("Laporan kesesuaian")
    _open(approving, name)
    _take(approving, "setujui", "Setujui", "Disetujui")
    assert _buttons(approving) == []

    publishing = people(publisher)
    _open(publishing, name)
    assert _buttons(publishing) == ["terbitkan"]
    _take(publishing, "terbitkan", "Terbitkan", "Terbit")
    timeline = publishing.locator("#alur-kerja .satudata-timeline > li")
    expect(timeline).to_have_count(7)
    expect(timeline.last).to_contain_text("Terbit")

    response = anonymous.goto(f"/dataset/{name}")
    assert response.status == 200
    expect(anonymous.locator("article h1")).to_contain_text(title)
    expect(anonymous.locator("#alur-kerja")).to_have_count(0)
    expect(anonymous.locator(".satudata-status")).to_have_count(0)

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
    assert helpers.call_action("package_show", id=pid)["private"] is False


"""Logging in through the form lands a Satu Data role on "Tugas saya"; the
header's entries lead on from there."""
from __future__ import annotations

import re

from playwright.sync_api import expect

# The browser, the server and one logged-in browser context per person.
from .test_browser import people, server  # noqa: F401

WAITING_FOR_KEPALA = {"mojokerto": 1, "trenggalek": 0}


def _nav(page):
    return page.locator("#main-navigation-toggle")


def _count(page):
    return _nav(page).locator(".satudata-nav-count")


def _task(page, dataset):
    return page.locator(f'.satudata-queue a[href^="/dataset/{dataset["name"]}#"]')


def test_roles_land_on_their_tasks_and_follow_the_menu(world, people):  # noqa: F811
    returned = world.dataset("dikembalikan")
    awaiting_approval = world.dataset("menunggu_persetujuan")

    produsen = people("produsen")
    expect(produsen).to_have_url(re.compile(r"/satudata/tugas$"))
    expect(_count(produsen)).to_have_text("1")
    expect(_task(produsen, returned)).to_have_count(1)
    expect(_task(produsen, awaiting_approval)).to_have_count(0)
    expect(_nav(produsen).locator("li.active")).to_contain_text("Tugas saya")
    _nav(produsen).get_by_role("link", name="Template Tabel").click()
    expect(produsen).to_have_url(re.compile(r"/template$"))
    expect(_nav(produsen).locator("li.active")).to_have_text("Template Tabel")

    kepala = people("kepala_opd")
    expect(kepala).to_have_url(re.compile(r"/satudata/tugas$"))
    waiting = WAITING_FOR_KEPALA[world.preset]
    expect(_count(kepala)).to_have_text(str(waiting))
    expect(_task(kepala, returned)).to_have_count(0)
    expect(_task(kepala, awaiting_approval)).to_have_count(waiting)
    _nav(kepala).get_by_role("link", name="Pemantauan").click()
    expect(kepala).to_have_url(re.compile(r"/satudata/pemantauan$"))
    expect(_nav(kepala).locator("li.active")).to_have_text("Pemantauan")
    _nav(kepala).get_by_role("link", name=re.compile("^Tugas saya")).click()
    expect(kepala).to_have_url(re.compile(r"/satudata/tugas$"))

    member = people("member")
    expect(member).to_have_url(re.compile(r"/dashboard/datasets$"))
    expect(_nav(member).get_by_role("link", name=re.compile("^Tugas saya"))
           ).to_have_count(0)

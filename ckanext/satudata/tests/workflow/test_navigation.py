"""The header's entries per role, the "Tugas saya" count, and where each
role lands after logging in through CKAN's login form."""
from __future__ import annotations

import re

import ckan.model as model
import ckan.plugins.toolkit as tk
import pytest
import sqlalchemy as sa
from ckan.lib.search import SearchError
from ckan.lib.search.query import PackageSearchQuery
from ckan.tests import helpers
from redis.exceptions import RedisError

from ckanext.satudata import shared_memo
from ckanext.satudata.workflow import queue

from .conftest import EVERYONE, OPD_PEOPLE, REGENCY_PEOPLE

PASSWORD = "sandi-uji-2026"

DAFTAR_DATA = ("Daftar Data", "/daftar-data")
DAFTAR_DATA_MANAGE = ("Daftar Data", "/satudata/daftar-data")
CALENDAR = ("Kalender rilis", "/kalender-rilis")
TEMPLATE = ("Template Tabel", "/template")
BOARD = ("Pemantauan", "/satudata/pemantauan")
TASKS = ("Tugas saya", "/satudata/tugas")

# What each person of the world finds in the header, in order.
EXPECTED_ENTRIES = {
    "anonymous": [DAFTAR_DATA, CALENDAR, TEMPLATE],
    "member": [DAFTAR_DATA, CALENDAR, TEMPLATE],
    "produsen": [DAFTAR_DATA, CALENDAR, TEMPLATE, BOARD, TASKS],
    "admin_opd": [DAFTAR_DATA, CALENDAR, TEMPLATE, BOARD, TASKS],
    "kepala_opd": [DAFTAR_DATA, CALENDAR, TEMPLATE, BOARD, TASKS],
    "other_opd": [DAFTAR_DATA, CALENDAR, TEMPLATE, BOARD, TASKS],
    "walidata": [DAFTAR_DATA_MANAGE, CALENDAR, TEMPLATE, BOARD, TASKS],
    "forum": [DAFTAR_DATA_MANAGE, CALENDAR, TEMPLATE, BOARD, TASKS],
    "pembina": [DAFTAR_DATA, CALENDAR, TEMPLATE, BOARD, TASKS],
    "sysadmin": [DAFTAR_DATA_MANAGE, CALENDAR, TEMPLATE, BOARD, TASKS],
}
ROLE_HOLDERS = OPD_PEOPLE + REGENCY_PEOPLE + ("other_opd", "sysadmin")


def header(app, world, who: str, url: str = "/dataset/") -> str:
    body = app.get(url, headers=world.headers(who)).body
    start = body.index('id="main-navigation-toggle"')
    return body[start:body.index("</ul>", start)]


def entries(nav: str) -> list[tuple[str, str]]:
    """(label, path) of the extension's entries: those after CKAN's About."""
    links = re.findall(r'<a href="([^"]+)"[^>]*>\s*([^<]+?)\s*(?:<|$)', nav)
    about = [i for i, (href, _) in enumerate(links) if href.endswith("/about")]
    return [(label, href) for href, label in links[about[0] + 1:]]


def badge(nav: str) -> int:
    found = re.findall(r'satudata-nav-count"[^>]*>(\d+)</span>', nav)
    assert len(found) == 1, nav
    return int(found[0])


def waiting(world, who: str) -> int:
    return helpers.call_action(
        "satudata_workflow_queue", context={"user": world.users[who]}
    )["count"]


class TestEntriesPerRole:
    def test_everyone_sees_exactly_the_pages_they_may_open(self, app, mojokerto):
        assert set(EXPECTED_ENTRIES) == set(EVERYONE)
        for who, expected in EXPECTED_ENTRIES.items():
            assert entries(header(app, mojokerto, who)) == expected, who

    def test_each_entry_opens(self, app, mojokerto):
        for who, expected in EXPECTED_ENTRIES.items():
            for _, path in expected:
                app.get(path, headers=mojokerto.headers(who), status=200)

    def test_the_current_page_is_marked(self, app, mojokerto):
        nav = header(app, mojokerto, "produsen", "/satudata/tugas")
        active = re.findall(r'<li class="active">\s*<a href="([^"]+)"', nav)
        assert active == ["/satudata/tugas"]
        nav = header(app, mojokerto, "walidata", "/satudata/daftar-data")
        active = re.findall(r'<li class="active">\s*<a href="([^"]+)"', nav)
        assert active == ["/satudata/daftar-data"]

    def test_entries_follow_a_role_given_later(self, app, mojokerto):
        assert BOARD not in entries(header(app, mojokerto, "member"))
        helpers.call_action(
            "satudata_role_assign", context={"user": mojokerto.sysadmin},
            user=mojokerto.users["member"], role="kepala_opd",
            organization=mojokerto.opd["id"],
        )
        assert entries(header(app, mojokerto, "member")) == EXPECTED_ENTRIES[
            "kepala_opd"]


class TestTaskCount:
    def test_the_badge_counts_what_the_queue_lists(self, app, mojokerto):
        mojokerto.dataset("diajukan")
        mojokerto.dataset("diajukan")
        mojokerto.dataset("menunggu_persetujuan")
        mojokerto.dataset("draf")
        expected = {"produsen": 1, "admin_opd": 2, "kepala_opd": 1,
                    "walidata": 0, "forum": 0, "pembina": 0, "other_opd": 0}
        for who, count in expected.items():
            assert badge(header(app, mojokerto, who)) == count, who
            assert waiting(mojokerto, who) == count, who

    def test_separation_of_duties_keeps_ones_own_submission_out(
        self, app, mojokerto
    ):
        # other_opd is its OPD's produsen and admin_opd: having submitted,
        # it may not check its own submission.
        dataset = mojokerto.dataset("draf", opd=mojokerto.other_opd)
        assert badge(header(app, mojokerto, "other_opd")) == 1
        mojokerto.take(dataset["id"], "ajukan", who="other_opd")
        assert badge(header(app, mojokerto, "other_opd")) == 0
        assert waiting(mojokerto, "other_opd") == 0

    def test_a_search_index_that_does_not_answer_leaves_the_pages_up(
        self, app, mojokerto, monkeypatch
    ):
        def unreachable(*args, **kwargs):
            raise SearchError("SOLR returned an error running query")

        monkeypatch.setattr(PackageSearchQuery, "run", unreachable)
        nav = header(app, mojokerto, "admin_opd", "/template")
        assert entries(nav)[-1] == TASKS
        assert "satudata-nav-count" not in nav

    def test_the_count_takes_the_same_queries_for_many_datasets(self, mojokerto):
        user = mojokerto.user_obj("admin_opd")

        def statements() -> int:
            # as after any write: the count kept in Redis is worked out again
            shared_memo.database_changed()
            seen: list[str] = []

            def record(conn, cursor, statement, *args):
                seen.append(statement)

            engine = model.meta.engine
            sa.event.listen(engine, "before_cursor_execute", record)
            try:
                queue.count(user)
            finally:
                sa.event.remove(engine, "before_cursor_execute", record)
            return len(seen)

        mojokerto.dataset("diajukan")
        assert queue.count(user) == 1
        one = statements()
        for _ in range(3):
            mojokerto.dataset("diajukan")
        assert queue.count(user) == 4
        assert statements() == one


    def test_the_count_is_kept_until_the_database_changes(
        self, app, mojokerto, monkeypatch
    ):
        dataset = mojokerto.dataset("diajukan")
        page = "/template"  # a page that searches nothing itself
        assert badge(header(app, mojokerto, "admin_opd", page)) == 1

        searched: list[object] = []
        run = PackageSearchQuery.run

        def counted_run(*args: object, **kwargs: object) -> object:
            searched.append(args)
            return run(*args, **kwargs)

        monkeypatch.setattr(PackageSearchQuery, "run", counted_run)
        assert badge(header(app, mojokerto, "admin_opd", page)) == 1
        assert searched == [], "kept: no search for the count"

        mojokerto.take(dataset["id"], "sesuai")
        assert badge(header(app, mojokerto, "admin_opd", page)) == 0
        assert searched, "a transition forgets the kept count"
        assert badge(header(app, mojokerto, "kepala_opd", page)) == 1

    def test_without_redis_the_count_is_worked_out(self, app, mojokerto, monkeypatch):
        mojokerto.dataset("diajukan")

        def unreachable(*args, **kwargs):
            raise RedisError("Connection refused")

        monkeypatch.setattr(shared_memo, "_redis", unreachable)
        assert badge(header(app, mojokerto, "admin_opd")) == 1
        assert waiting(mojokerto, "admin_opd") == 1


class TestLandingAfterLogin:
    @pytest.fixture
    def log_in(self, app, mojokerto):
        def log_in(who: str, **args: str):
            user = mojokerto.user_obj(who)
            user.password = PASSWORD
            model.Session.commit()
            return app.post(
                tk.h.url_for("user.login", **args),
                data={"login": user.name, "password": PASSWORD},
                follow_redirects=False,
            )
        return log_in

    @pytest.mark.parametrize("who", ROLE_HOLDERS)
    def test_satu_data_roles_land_on_their_tasks(self, log_in, who):
        response = log_in(who)
        assert response.status_code == 302
        assert response.headers["Location"].endswith("/satudata/tugas")

    def test_a_plain_user_keeps_ckans_dashboard(self, log_in):
        response = log_in("member")
        assert response.status_code == 302
        assert response.headers["Location"].endswith("/dashboard/datasets")

    @pytest.mark.parametrize("key", ["came_from", "next"])
    def test_an_explicit_target_is_respected(self, log_in, key):
        response = log_in("produsen", **{key: "/template"})
        assert response.headers["Location"].endswith("/template")

    def test_a_foreign_target_is_ignored_as_ckan_does(self, log_in):
        response = log_in("kepala_opd", came_from="https://example.com/x")
        assert response.headers["Location"].endswith("/satudata/tugas")

    def test_a_wrong_password_stays_on_the_form(self, app, mojokerto):
        response = app.post(
            tk.h.url_for("user.login"),
            data={"login": mojokerto.users["produsen"], "password": "salah"},
            follow_redirects=False,
        )
        assert response.status_code == 200
        assert "Location" not in response.headers

"""The header's count of new dashboard activities (CKAN's activity plugin),
kept until the database changes."""
from __future__ import annotations

import re

import ckan.plugins.toolkit as tk
import pytest
from ckan.tests import factories, helpers
from redis.exceptions import RedisError

from ckanext.activity.model import activity as activity_model
from ckanext.satudata import shared_memo

pytestmark = pytest.mark.usefixtures("clean_db")


@pytest.fixture
def people() -> dict[str, dict]:
    reader, writer = factories.User(), factories.User()
    helpers.call_action("follow_user", context={"user": reader["name"]},
                        id=writer["id"])
    return {"reader": reader, "writer": writer}


@pytest.fixture
def worked_out(monkeypatch) -> list[str]:
    """The user ids CKAN worked the dashboard out for."""
    seen: list[str] = []
    original = activity_model.dashboard_activity_list

    def counted(user_id: str, *args, **kwargs):
        seen.append(user_id)
        return original(user_id, *args, **kwargs)

    monkeypatch.setattr(activity_model, "dashboard_activity_list", counted)
    return seen


def logged_in(user: dict) -> dict[str, str]:
    # One token a user: making one is a write, which forgets kept answers.
    if "token" not in user:
        user["token"] = factories.APIToken(user=user["name"])["token"]
    return {"Authorization": user["token"]}


def badge(app, user: dict) -> int:
    body = app.get("/dataset/", headers=logged_in(user)).body
    found = re.search(r'<li class="notifications[^"]*">.*?'
                      r'<span class="badge">(\d+)</span>', body, re.S)
    assert found, "the header shows the dashboard's count"
    return int(found.group(1))


def write_about(user: dict, text: str) -> None:
    helpers.call_action("user_patch", context={"user": user["name"]},
                        id=user["id"], about=text)


def test_the_count_is_kept_until_the_database_changes(app, people, worked_out):
    reader, writer = people["reader"], people["writer"]
    before = badge(app, reader)  # the writer's account was new to the reader
    write_about(writer, "Staf Dinas Kesehatan")
    assert badge(app, reader) == before + 1
    del worked_out[:]
    assert badge(app, reader) == before + 1
    assert badge(app, reader) == before + 1
    assert reader["id"] not in worked_out, "kept: not worked out again"

    write_about(writer, "Staf Dinas Kesehatan, bidang P2P")
    assert badge(app, reader) == before + 2
    assert reader["id"] in worked_out, "a new activity forgets the kept count"


def test_opening_the_dashboard_clears_the_count(app, people):
    reader = people["reader"]
    write_about(people["writer"], "Staf Dinas Kesehatan")
    assert badge(app, reader) > 0
    app.get(tk.url_for("activity.dashboard"), headers=logged_in(reader))
    assert badge(app, reader) == 0


def test_each_user_has_their_own_count(app, people):
    write_about(people["writer"], "Staf Dinas Kesehatan")
    assert badge(app, people["reader"]) > 0
    assert badge(app, people["writer"]) == 0, "one's own changes are not news"


def test_a_request_with_parameters_is_answered_afresh(people, worked_out):
    reader = people["reader"]
    context = {"user": reader["name"]}
    before = helpers.call_action("dashboard_new_activities_count",
                                 context=dict(context))
    write_about(people["writer"], "Staf Dinas Kesehatan")
    del worked_out[:]
    for _ in range(2):
        assert helpers.call_action("dashboard_new_activities_count",
                                   context=dict(context), limit=5) == before + 1
    assert worked_out.count(reader["id"]) == 2


def test_anonymous_visitors_are_still_refused(app):
    response = app.post("/api/3/action/dashboard_new_activities_count",
                        json={}, status=403)
    assert response.json["success"] is False


def test_without_redis_the_count_is_worked_out(app, people, monkeypatch,
                                               worked_out):
    def unreachable(*args, **kwargs):
        raise RedisError("Connection refused")

    monkeypatch.setattr(shared_memo, "_redis", unreachable)
    before = badge(app, people["reader"])
    write_about(people["writer"], "Staf Dinas Kesehatan")
    del worked_out[:]
    assert badge(app, people["reader"]) == before + 1
    assert badge(app, people["reader"]) == before + 1
    assert worked_out.count(people["reader"]["id"]) == 2

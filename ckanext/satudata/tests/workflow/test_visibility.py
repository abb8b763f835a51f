"""Who sees an unpublished dataset, by every route CKAN offers to read one.

Anonymous users, a CKAN member of the OPD without a Satu Data role and
another OPD's staff never see an unpublished dataset; the OPD's own roles,
the regency-wide roles and sysadmins do. A published dataset is public; a
withdrawn one is private again. The search index follows every transition.
"""
from __future__ import annotations

import ckan.plugins.toolkit as tk
import pytest
from ckan.tests import helpers

from .conftest import act

INSIDERS = ("produsen", "admin_opd", "kepala_opd", "walidata", "forum",
            "pembina", "sysadmin")
OUTSIDERS = ("anonymous", "member", "other_opd")


def can_show(world, who, package_id) -> bool:
    try:
        act("package_show", world.users[who], id=package_id)
    except tk.NotAuthorized:
        return False
    return True


def found(world, who, package_id, **params) -> bool:
    results = act("package_search", world.users[who], include_private=True,
                  rows=1000, **params)["results"]
    return package_id in [r["id"] for r in results]


def page_status(app, world, who, url) -> int:
    return app.get(url, headers=world.headers(who), status=None).status_code


def transition_activities(world, who, package_id) -> list[str]:
    activities = act("package_activity_list", world.users[who], id=package_id)
    return [a["data"]["satudata_workflow"]["transition"] for a in activities
            if "satudata_workflow" in a.get("data", {})]


@pytest.mark.parametrize("state", ["draf", "diajukan", "disetujui", "ditarik"])
def test_unpublished_dataset(app, world, state):
    dataset = world.dataset(state)
    resource = dataset["resources"][0]
    read = tk.h.url_for("dataset.read", id=dataset["name"])
    download = tk.h.url_for("resource.download", id=dataset["id"],
                            resource_id=resource["id"])
    preview = tk.h.url_for("satudata_validation.table_preview",
                           id=dataset["name"], resource_id=resource["id"])
    for who in INSIDERS:
        assert can_show(world, who, dataset["id"]), who
        assert found(world, who, dataset["id"]), who
        assert page_status(app, world, who, read) == 200, who
        assert page_status(app, world, who, download) == 200, who
        assert page_status(app, world, who, preview) == 200, who
        act("resource_show", world.users[who], id=resource["id"])
        assert transition_activities(world, who, dataset["id"]) == list(
            reversed(_path(state))), who
    for who in OUTSIDERS:
        assert not can_show(world, who, dataset["id"]), who
        assert not found(world, who, dataset["id"]), who
        assert page_status(app, world, who, read) in (403, 404), who
        assert page_status(app, world, who, download) in (403, 404), who
        assert page_status(app, world, who, preview) in (403, 404), who
        with pytest.raises(tk.NotAuthorized):
            act("resource_show", world.users[who], id=resource["id"])
        with pytest.raises(tk.NotAuthorized):
            act("satudata_table_preview", world.users[who],
                resource_id=resource["id"])
        with pytest.raises(tk.NotAuthorized):
            act("package_activity_list", world.users[who], id=dataset["id"])
        with pytest.raises(tk.NotAuthorized):
            act("satudata_workflow_show", world.users[who], id=dataset["id"])


def _path(state):
    from .conftest import PATHS

    return list(PATHS[state])


def test_producers_activity_does_not_leak(world):
    dataset = world.dataset("diajukan")
    for who, sees in [("anonymous", False), ("other_opd", False),
                      ("member", False), ("walidata", True), ("kepala_opd", True)]:
        activities = act("user_activity_list", world.users[who],
                         id=world.users["produsen"])
        ids = {a["object_id"] for a in activities}
        assert (dataset["id"] in ids) is sees, who


def test_published_and_withdrawn(app, world):
    dataset = world.dataset("terbit")
    read = tk.h.url_for("dataset.read", id=dataset["name"])
    for who in INSIDERS + OUTSIDERS:
        assert can_show(world, who, dataset["id"]), who
        assert found(world, who, dataset["id"]), who
        assert page_status(app, world, who, read) == 200, who
    # Only the publication itself is public in the activity stream.
    assert transition_activities(world, "anonymous", dataset["id"]) == ["terbitkan"]
    assert transition_activities(world, "produsen", dataset["id"]) == [
        "terbitkan", "setujui", "sesuai", "ajukan"]

    world.take(dataset["id"], "tarik")
    assert helpers.call_action("package_show", id=dataset["id"])["private"] is True
    for who in OUTSIDERS:
        assert not can_show(world, who, dataset["id"]), who
        assert not found(world, who, dataset["id"]), who
        assert page_status(app, world, who, read) in (403, 404), who
    assert transition_activities(world, "walidata", dataset["id"])[0] == "tarik"


def test_search_index_follows_every_transition(world):
    dataset = world.dataset()
    for transition in ("ajukan", "tidak_sesuai", "ajukan", "sesuai", "setujui",
                       "terbitkan", "tarik"):
        result = world.take(dataset["id"], transition)
        assert found(world, "walidata", dataset["id"],
                     fq=f'satudata_status:"{result["state"]}"')
        hits = helpers.call_action(
            "package_search", fq=f'id:"{dataset["id"]}"', include_private=True
        )["results"]
        assert hits[0]["satudata_status"] == result["state"]
        assert hits[0]["private"] is (result["state"] != "terbit")
        assert found(world, "anonymous", dataset["id"]) is (result["state"] == "terbit")


def test_regency_roles_read_but_do_not_write(world):
    dataset = world.dataset("draf")
    for who in ("walidata", "forum", "pembina"):
        assert can_show(world, who, dataset["id"])
        with pytest.raises(tk.NotAuthorized):
            act("package_patch", world.users[who], id=dataset["id"], title="x")
        with pytest.raises(tk.NotAuthorized):
            act("resource_create", world.users[who], package_id=dataset["id"],
                url="http://example.com/x.csv")

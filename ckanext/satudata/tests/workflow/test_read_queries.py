"""CKAN's read paths take a fixed number of SQL statements: package_show does
not grow with the dataset's resources, package_search not with its results.

Counted through the web app (the Action API), as a client meets them, for an
OPD's produsen, a regency-wide walidata and an anonymous visitor.
"""
from __future__ import annotations

from typing import Any

import ckan.model as model
import pytest
import sqlalchemy as sa
from redis.exceptions import RedisError

from ckanext.satudata import shared_memo, shown
from ckanext.satudata.datastore import status as datastore_status
from ckanext.satudata.model.workflow import WorkflowState
from ckanext.satudata.tests.database import counted_statements

from .conftest import GOOD_CSV, World, act


def sent(app: Any, world: World, who: str, action: str, kept: bool = False,
         **params: Any) -> list[str]:
    """The SQL statements of one API call by ``who``; the call must succeed.
    Unless ``kept``, as the first call after a change of the database, which
    reads again what the plugin keeps in the process."""
    url = f"/api/3/action/{action}"
    # A first call warms what CKAN caches once a process (plugin lookups).
    app.get(url, params=params, headers=world.headers(who))
    if not kept:
        shared_memo.database_changed()
    with counted_statements() as found:
        response = app.get(url, params=params, headers=world.headers(who))
    assert response.json["success"], response.json
    return found


def statements(app: Any, world: World, who: str, action: str, **params: Any) -> int:
    return len(sent(app, world, who, action, **params))


def plugins_own(found: list[str]) -> list[str]:
    """The statements that read the extension's tables or its DataStore load
    statuses (CKAN's own never do)."""
    return [s for s in found if "satudata_" in s or "task_status" in s]


def dataset_with_resources(world: World, count: int, state: str) -> dict[str, Any]:
    dataset = world.dataset("draf")
    producer = world.users["produsen"]
    for number in range(2, count + 1):
        world.upload(
            GOOD_CSV, f"penduduk-{number}.csv",
            context={"user": producer, "ignore_auth": False},
            package_id=dataset["id"], name=f"Tabel penduduk {number}", format="CSV",
        )
    world.walk(dataset["id"], state)
    return dataset


# The plugins of test.ini and CKAN's DataStore.
WITH_DATASTORE = pytest.mark.ckan_config(
    "ckan.plugins",
    "satudata scheming_datasets scheming_organizations activity"
    " datastore datatables_view",
)


def loaded(dataset: dict[str, Any]) -> None:
    """Record each of the dataset's resources as loaded into the DataStore."""
    for resource in model.Session.scalars(sa.select(model.Resource.id).where(
            model.Resource.package_id == dataset["id"])):
        datastore_status.record(resource, datastore_status.LOADED, rows=2)


def test_package_show_does_not_grow_with_resources(app, mojokerto):
    drafts = [dataset_with_resources(mojokerto, n, "draf") for n in (1, 10)]
    published = [dataset_with_resources(mojokerto, n, "terbit") for n in (1, 10)]

    for who, datasets in (("produsen", drafts), ("walidata", drafts),
                          ("produsen", published), ("anonymous", published)):
        one, ten = (statements(app, mojokerto, who, "package_show", id=d["id"])
                    for d in datasets)
        assert one == ten, (who, one, ten)


def test_package_search_does_not_grow_with_results(app, mojokerto):
    people = ("produsen", "walidata", "anonymous")
    dataset_with_resources(mojokerto, 1, "terbit")
    search = {"q": "*:*", "include_private": "true"}
    one = {who: statements(app, mojokerto, who, "package_search", **search)
           for who in people}
    for _ in range(9):
        dataset_with_resources(mojokerto, 2, "terbit")
    for who in people:
        response = app.get("/api/3/action/package_search", params=search,
                           headers=mojokerto.headers(who))
        assert response.json["result"]["count"] == 10, who
        ten = statements(app, mojokerto, who, "package_search", **search)
        assert one[who] == ten, (who, one[who], ten)


def test_two_users_in_consecutive_requests(app, mojokerto):
    """One app, one user after another: each request gets its own standing,
    never the previous user's (the standing is kept per request)."""
    dataset = mojokerto.dataset("draf")
    url = f"/api/3/action/package_show?id={dataset['id']}"
    for _ in range(2):
        for who, status in (("produsen", 200), ("other_opd", 403),
                            ("anonymous", 403), ("walidata", 200),
                            ("member", 403)):
            response = app.get(url, headers=mojokerto.headers(who), status=None)
            assert response.status_code == status, who


@WITH_DATASTORE
@pytest.mark.usefixtures("with_plugins")
def test_package_show_with_the_datastore_does_not_grow_with_resources(app, mojokerto):
    """Each resource's DataStore load status comes with the others'."""
    published = [dataset_with_resources(mojokerto, n, "terbit") for n in (1, 10)]
    for dataset in published:
        loaded(dataset)

    one, ten = (statements(app, mojokerto, "anonymous", "package_show", id=d["id"])
                for d in published)
    assert one == ten
    shown = app.get("/api/3/action/package_show",
                    params={"id": published[1]["id"]}).json["result"]
    assert [r["satudata_datastore"]["baris"] for r in shown["resources"]] == [2] * 10


@WITH_DATASTORE
@pytest.mark.usefixtures("with_plugins")
def test_what_package_show_adds_is_one_statement(app, mojokerto):
    """The permission labels' state, the status and provenance (with a
    published revision's review), the resources' conformance reports and
    their DataStore statuses: one statement, whoever asks."""
    dataset = dataset_with_resources(mojokerto, 3, "terbit")
    draft = act("satudata_revision_start", mojokerto.users["produsen"],
                id=dataset["id"])["draft_id"]
    mojokerto.walk(draft, "disetujui")
    mojokerto.take(draft, "terbitkan")
    loaded(dataset)

    for who in ("anonymous", "produsen", "walidata"):
        own = plugins_own(sent(app, mojokerto, who, "package_show", id=dataset["id"]))
        # a logged-in user's standing (roles per OPD) is one more, once a request
        standing = [s for s in own if "FROM satudata_role" in s]
        assert len(standing) == (0 if who == "anonymous" else 1), (who, own)
        assert len(own) - len(standing) == 1, (who, own)
    shown = app.get("/api/3/action/package_show",
                    params={"id": dataset["id"]}).json["result"]
    assert shown["satudata_version"] == "2"
    assert {r["validation_status"] for r in shown["resources"]} == {"success"}
    assert [r["satudata_datastore"]["baris"] for r in shown["resources"]] == [2] * 3


def test_a_dataset_read_again_costs_none_of_the_plugins_statements(app, mojokerto):
    """What package_show and package_search add is kept in the process until
    the database changes: read again, it takes none of the plugin's
    statements (a logged-in user's standing is still read once a request)."""
    dataset = dataset_with_resources(mojokerto, 3, "terbit")
    search = {"q": "*:*", "include_private": "true"}
    for who in ("anonymous", "produsen", "walidata"):
        first = app.get("/api/3/action/package_show", params={"id": dataset["id"]},
                        headers=mojokerto.headers(who)).json["result"]
        own = plugins_own(sent(app, mojokerto, who, "package_show", kept=True,
                               id=dataset["id"]))
        assert [s for s in own if "FROM satudata_role" not in s] == [], (who, own)
        again = app.get("/api/3/action/package_show", params={"id": dataset["id"]},
                        headers=mojokerto.headers(who)).json["result"]
        assert again == first
        assert again["satudata_status"] == "terbit"
        assert {r["validation_status"] for r in again["resources"]} == {"success"}
        own = plugins_own(sent(app, mojokerto, who, "package_search", kept=True,
                               **search))
        assert [s for s in own if "FROM satudata_role" not in s] == [], (who, own)


def test_a_withdrawal_hides_a_kept_dataset_at_once(app, mojokerto):
    """Kept answers carry the permission labels' state: a withdrawal in
    another request hides the dataset from the next anonymous read."""
    dataset = dataset_with_resources(mojokerto, 1, "terbit")
    url = "/api/3/action/package_show"
    for _ in range(2):
        assert app.get(url, params={"id": dataset["id"]}).json["result"][
            "satudata_status"] == "terbit"
    mojokerto.take(dataset["id"], "tarik")
    assert app.get(url, params={"id": dataset["id"]}, status=403)
    found = app.get("/api/3/action/package_search", params={"q": "*:*"}).json
    assert found["result"]["count"] == 0


def test_a_session_that_wrote_reads_afresh(mojokerto):
    """A kept answer is never used by a session with a change not yet
    committed: its change is in no generation yet."""
    dataset = dataset_with_resources(mojokerto, 1, "terbit")
    assert shown.read_one(dataset["id"]).public
    row = model.Session.get(WorkflowState, dataset["id"])
    row.public = False
    model.Session.flush()
    try:
        assert not shown.read_one(dataset["id"]).public
    finally:
        model.Session.rollback()
    assert shown.read_one(dataset["id"]).public


def test_redis_losing_its_data_forgets_what_was_kept(mojokerto, reset_redis):
    """After Redis loses its data the generation starts afresh, never at a
    value an answer was kept under before."""
    dataset = dataset_with_resources(mojokerto, 1, "terbit")
    reset_redis()
    assert shown.read_one(dataset["id"]).opd_title
    with model.meta.engine.begin() as conn:  # past CKAN's session
        conn.execute(sa.text("UPDATE \"group\" SET title = 'Dinas Baru'"
                             " WHERE id = :id"), {"id": dataset["owner_org"]})
    reset_redis()
    assert shown.read_one(dataset["id"]).opd_title == "Dinas Baru"


def test_a_stale_index_entry_costs_the_statement_once(mojokerto):
    """An id the database does not have (a search index entry of a dataset
    gone from it) is read once, until the database changes."""
    dataset = dataset_with_resources(mojokerto, 1, "terbit")
    gone = "00000000-0000-0000-0000-000000000000"
    for expected in (1, 0):
        with counted_statements() as found:
            assert set(shown.read([dataset["id"], gone])) == {dataset["id"]}
        assert len(plugins_own(found)) == expected, found
    shared_memo.database_changed()
    with counted_statements() as found:
        assert shown.read_one(gone) is None
    assert len(plugins_own(found)) == 1, found


def test_without_redis_every_read_asks_the_database(app, mojokerto, monkeypatch):
    dataset = dataset_with_resources(mojokerto, 1, "terbit")

    def unreachable():
        raise RedisError("down")

    monkeypatch.setattr(shared_memo, "_redis", unreachable)
    for _ in range(2):
        own = plugins_own(sent(app, mojokerto, "anonymous", "package_show",
                               kept=True, id=dataset["id"]))
        assert len(own) == 1, own


@pytest.mark.parametrize("action",
                         ["satudata_workflow_show", "satudata_workflow_history"])
def test_workflow_history_does_not_grow_with_events(app, mojokerto, action):
    """A dataset returned and submitted again three times has a history of six
    events where one returned once has two; both are read with as many
    statements, by each role that may read them."""
    once = mojokerto.dataset("dikembalikan")
    thrice = mojokerto.dataset("dikembalikan")
    for _ in range(2):
        mojokerto.walk(thrice["id"], "dikembalikan")
    history = act("satudata_workflow_history", mojokerto.users["walidata"],
                  id=thrice["id"])
    assert len(history) == 6
    for who in ("produsen", "admin_opd", "walidata"):
        counts = [statements(app, mojokerto, who, action, id=d["id"])
                  for d in (once, thrice)]
        assert counts[0] == counts[1], (who, counts)


def test_version_list_does_not_grow_with_versions(app, mojokerto):
    """A dataset published three times lists its versions, with who published
    and who approved each, in as many statements as one published once."""
    once = mojokerto.dataset("terbit")
    thrice = mojokerto.dataset("terbit")
    for _ in range(2):
        mojokerto.take(thrice["id"], "tarik")
        for transition in ("ajukan", "sesuai", "setujui", "terbitkan"):
            mojokerto.take(thrice["id"], transition)
    listed = act("satudata_version_list", mojokerto.users["walidata"],
                 id=thrice["id"])
    assert [v["number"] for v in listed] == [3, 2, 1]
    assert all(v["published_by"] and v["approved_by"] for v in listed), listed
    for who in ("anonymous", "produsen", "walidata"):
        counts = [statements(app, mojokerto, who, "satudata_version_list",
                             id=d["id"]) for d in (once, thrice)]
        assert counts[0] == counts[1], (who, counts)

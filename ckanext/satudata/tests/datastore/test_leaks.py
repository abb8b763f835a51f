"""Nothing of an unpublished or withdrawn dataset is readable as data.

Before publication nothing is in the DataStore; ``datastore_search``,
``datastore_info``, ``datastore_search_sql`` and the dump route refuse the
resource to anonymous users, a CKAN member without a Satu Data role and
another OPD's staff; a withdrawal removes the table and its view. Inside
the OPD the stored file (the checker's preview) stays readable.
"""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
import pytest
from ckan.lib import jobs as ckan_jobs
from ckan.tests import helpers

from ckanext.satudata.tests.workflow.conftest import act

from .conftest import GOOD_CSV, PLUGINS, datastore_tables, run_jobs

pytestmark = PLUGINS

OUTSIDERS = ("anonymous", "member", "other_opd")
INSIDERS = ("produsen", "admin_opd", "walidata", "sysadmin")
REFUSAL = "Tabel ini tidak dapat dibaca"


def _refused_everywhere(app, world, resource_id: str) -> None:
    for who in OUTSIDERS:
        name = world.users[who]
        for action, params in (("datastore_search", {"resource_id": resource_id}),
                               ("datastore_info", {"id": resource_id})):
            with pytest.raises(tk.NotAuthorized) as refused:
                act(action, name, **params)
            assert REFUSAL in str(refused.value), (who, action)
            response = app.get(f"/api/action/{action}", params=params,
                               headers=world.headers(who), status=None)
            assert response.status_code == 403, (who, action)
            assert REFUSAL in response.json["error"]["message"]
        dump = app.get(f"/datastore/dump/{resource_id}",
                       headers=world.headers(who), status=None)
        assert dump.status_code in (403, 404), who
        assert "Jatirejo" not in dump.body


def _file_readable_inside(app, world, dataset) -> None:
    resource = dataset["resources"][0]
    download = tk.h.url_for("resource.download", id=dataset["id"],
                            resource_id=resource["id"])
    page = tk.h.url_for("resource.read", id=dataset["id"],
                        resource_id=resource["id"])
    for who in INSIDERS:
        got = app.get(download, headers=world.headers(who), status=None)
        assert got.status_code == 200, who
        assert "Jatirejo" in got.body
        assert app.get(page, headers=world.headers(who),
                       status=None).status_code == 200, who


@pytest.mark.parametrize("state", ["draf", "diajukan", "disetujui"])
def test_before_publication_nothing_is_in_the_datastore(app, regency, state):
    dataset = regency.dataset([(GOOD_CSV, "penduduk.csv", "CSV")], state=state)
    resource_id = dataset["resources"][0]["id"]
    assert run_jobs() == 0
    assert datastore_tables() == set()
    _refused_everywhere(app, regency.world, resource_id)
    _file_readable_inside(app, regency.world, dataset)


def test_withdrawal_removes_the_table_and_its_view(app, regency):
    world = regency.world
    dataset = regency.dataset([(GOOD_CSV, "penduduk.csv", "CSV")], state="terbit")
    resource_id = dataset["resources"][0]["id"]
    run_jobs()
    assert act("datastore_search", None, resource_id=resource_id)["total"] == 2
    assert app.get(f"/datastore/dump/{resource_id}").status_code == 200

    world.take(dataset["id"], "tarik")
    assert datastore_tables() == set()
    assert helpers.call_action("resource_view_list", id=resource_id) == []
    shown = helpers.call_action("resource_show", id=resource_id)
    assert not shown.get("datastore_active")
    assert "satudata_datastore" not in shown
    _refused_everywhere(app, world, resource_id)
    _file_readable_inside(app, world, dataset)


def test_a_load_that_runs_after_the_withdrawal_loads_nothing(regency):
    world = regency.world
    dataset = regency.dataset([(GOOD_CSV, "penduduk.csv", "CSV")], state="terbit")
    world.take(dataset["id"], "tarik")
    assert run_jobs() == 1
    assert datastore_tables() == set()
    with pytest.raises(tk.NotAuthorized):
        act("datastore_search", None, resource_id=dataset["resources"][0]["id"])


@pytest.mark.ckan_config("ckan.datastore.sqlsearch.enabled", True)
def test_sql_search_reads_published_tables_only(regency):
    world = regency.world
    dataset = regency.dataset([(GOOD_CSV, "penduduk.csv", "CSV")], state="terbit")
    resource_id = dataset["resources"][0]["id"]
    run_jobs()
    sql = f'SELECT kecamatan FROM "{resource_id}" ORDER BY _id'
    found = act("datastore_search_sql", None, sql=sql)
    assert [r["kecamatan"] for r in found["records"]] == ["Jatirejo", "Gondang"]

    world.take(dataset["id"], "tarik")
    for who in OUTSIDERS:
        with pytest.raises((tk.NotAuthorized, tk.ValidationError)):
            act("datastore_search_sql", world.users[who], sql=sql)


def test_only_the_portal_fills_the_datastore(regency):
    world = regency.world
    draft = regency.dataset([(GOOD_CSV, "penduduk.csv", "CSV")])
    fields = [{"id": "kecamatan", "type": "text"}]
    for who in ("produsen", "admin_opd"):
        with pytest.raises(tk.NotAuthorized) as refused:
            act("datastore_create", world.users[who], force=True,
                resource_id=draft["resources"][0]["id"], fields=fields,
                records=[{"kecamatan": "belum diperiksa"}])
        assert "diisi oleh portal" in str(refused.value)
    assert datastore_tables() == set()

    published = regency.dataset([(GOOD_CSV, "penduduk.csv", "CSV")],
                                state="terbit")
    run_jobs()
    resource_id = published["resources"][0]["id"]
    writes: list[tuple[str, dict[str, Any]]] = [
            ("datastore_upsert", {"records": [{"kecamatan": "x"}],
                                  "method": "insert"}),
            ("datastore_records_delete", {"filters": {}}),
            ("datastore_delete", {})]
    for action, params in writes:
        with pytest.raises(tk.NotAuthorized):
            act(action, world.users["admin_opd"], resource_id=resource_id,
                force=True, **params)
    assert act("datastore_search", None, resource_id=resource_id)["total"] == 2


def test_a_load_lost_with_its_worker_is_resumed(regency, cli):
    from ckanext.satudata.cli import satudata

    dataset = regency.dataset([(GOOD_CSV, "penduduk.csv", "CSV")], state="terbit")
    resource_id = dataset["resources"][0]["id"]
    # The worker died: its job is gone from the queue, the status stays.
    ckan_jobs.get_queue().empty()
    shown = helpers.call_action("resource_show", id=resource_id)
    assert shown["satudata_datastore"]["status"] == "antre"

    result = cli.invoke(satudata, ["datastore", "resume"])
    assert result.exit_code == 0, result.output
    assert "1 pemuatan diantrekan lagi." in result.output
    assert run_jobs() == 1
    assert act("datastore_search", None, resource_id=resource_id)["total"] == 2
    shown = helpers.call_action("resource_show", id=resource_id)
    assert shown["satudata_datastore"]["status"] == "dimuat"

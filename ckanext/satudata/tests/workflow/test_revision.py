"""Revisions of a published dataset, on both presets.

After every step of a revision (start, edits of the draft, each
transition, a return, abandoning, publishing) what the public sees of the
live dataset is compared with what it saw before: ``package_show``, its
``package_search`` result, the dataset page, each resource download, the
activity stream, ``/catalog.ttl`` (the module enables ckanext-dcat's ``dcat``
plugin with the ``satudata`` profile) and ``ckanapi dump datasets --all``,
byte for byte. Only the draft's publishing transition changes it.
"""
from __future__ import annotations

import io
import json
from types import SimpleNamespace
from typing import Any
from urllib.parse import urlparse

import ckan.model as model
import ckan.plugins.toolkit as tk
import pytest
from ckan.tests import helpers
from ckanapi import RemoteCKAN
from ckanapi.cli.dump import dump_things, dump_things_worker
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, XSD

from ckanext.satudata.revision import review
from ckanext.satudata.revision.table_diff import table_diff
from ckanext.satudata.tests.workflow.conftest import GOOD_CSV, act

pytestmark = [
    pytest.mark.ckan_config(
        "ckan.plugins",
        "satudata scheming_datasets scheming_organizations activity dcat"),
    pytest.mark.ckan_config("ckanext.dcat.rdf.profiles", "euro_dcat_ap_3 satudata"),
]

NEW_CSV = "kecamatan,jumlah\nMojosari,82000\nBangsal,53000\nDlanggu,41000\n"


def download(app, url: str, who_headers: dict[str, str] | None = None) -> Any:
    return app.get(urlparse(url).path, headers=who_headers or {}, status=None)


class _AppSession:
    """A requests session for ckanapi's RemoteCKAN that sends its calls to
    the test app, with no API token: an anonymous harvesting client."""

    def __init__(self, app) -> None:
        self.app = app

    def post(self, url: str, data: Any = None, headers: Any = None,
             files: Any = None, **kwargs: Any) -> SimpleNamespace:
        response = self.app.post(urlparse(url).path, data=data,
                                 headers=headers or {}, status=None)
        return SimpleNamespace(status_code=response.status_code,
                               text=response.get_data(as_text=True))

    def close(self) -> None:
        pass


DUMP_ARGUMENTS: dict[str, Any] = {
    "--all": True, "--worker": False, "--log": None, "--datapackages": None,
    "--output": None, "--gzip": False, "--include-private": False,
    "--include-drafts": False, "--include-deleted": False,
    "--datastore-fields": False, "--resource-views": False,
    "--include-users": False, "--insecure": False, "--processes": "1",
    "--quiet": True, "--config": None, "--ckan-user": None,
    "--remote": "http://test.ckan.net", "--apikey": None,
    "--get-request": False,
}


def ckanapi_dump(app) -> bytes:
    """``ckanapi dump datasets --all -r <portal>``, anonymous; its worker
    runs in this process instead of a child ``ckanapi`` process."""
    ckan = RemoteCKAN("http://test.ckan.net", session=_AppSession(app))

    def pool(cmd, processes, jobs):
        for number, line in jobs:
            out = io.BytesIO()
            dump_things_worker(ckan, "datasets", DUMP_ARGUMENTS,
                               stdin=io.BytesIO(line), stdout=out)
            yield [], number, out.getvalue()

    out = io.BytesIO()
    assert dump_things(ckan, "datasets", DUMP_ARGUMENTS, worker_pool=pool,
                       stdout=out, stderr=io.BytesIO()) is None
    return out.getvalue()


def dcat_dates(catalog: bytes, package_id: str) -> tuple[str, str, str]:
    """The dataset's dct:issued, dct:modified and dcat:version in the
    catalogue's Turtle."""
    g = Graph().parse(data=catalog, format="turtle")
    ref = URIRef(f"http://test.ckan.net/dataset/{package_id}")
    assert (None, DCAT.dataset, ref) in g
    (issued,) = g.objects(ref, DCTERMS.issued)
    (modified,) = g.objects(ref, DCTERMS.modified)
    (version,) = g.objects(ref, DCAT.version)
    assert isinstance(issued, Literal) and isinstance(modified, Literal)
    assert isinstance(version, Literal)
    assert issued.datatype == modified.datatype == XSD.dateTime
    return str(issued), str(modified), str(version)


def public_view(app, world, package_id: str) -> dict[str, Any]:
    """Everything anonymous users get of the dataset."""
    shown = act("package_show", None, id=package_id)
    searched = act("package_search", None, rows=1000)
    page = app.get(tk.h.url_for("dataset.read", id=shown["name"]))
    assert page.status_code == 200
    files = {}
    for resource in shown["resources"]:
        response = download(app, resource["url"])
        assert response.status_code == 200, resource["url"]
        files[resource["id"]] = response.data
    return {
        "show": shown,
        "search": [r for r in searched["results"] if r["id"] == package_id],
        "count": searched["count"],
        "page_has_notes": shown["notes"] in page.body,
        "files": files,
        "activity": [a["id"] for a in act("package_activity_list", None,
                                            id=package_id)],
        "catalog": app.get("/catalog.ttl", status=200).data,
        "dump": ckanapi_dump(app),
    }


def draft_hidden(app, world, draft_id: str) -> None:
    """Nobody without a role in the revision sees the draft anywhere."""
    for who in ("anonymous", "member", "other_opd"):
        with pytest.raises(tk.NotAuthorized):
            act("package_show", world.users[who], id=draft_id)
        results = act("package_search", world.users[who], include_private=True,
                      rows=1000)["results"]
        assert draft_id not in [r["id"] for r in results], who
        with pytest.raises(tk.NotAuthorized):
            act("satudata_revision_show", world.users[who], id=draft_id)
        status = app.get(tk.h.url_for("dataset.read", id=draft_id),
                         headers=world.headers(who), status=None).status_code
        assert status in (403, 404), who


def replace_file(world, resource_id: str, csv: str) -> dict[str, Any]:
    return world.upload(
        csv, "penduduk-2025.csv", action="resource_update",
        context={"user": world.users["produsen"], "ignore_auth": False},
        id=resource_id, name="Tabel penduduk 2025", format="CSV",
    )


def test_publish_a_revision(app, world):
    live = world.dataset("terbit")
    before = public_view(app, world, live["id"])
    assert act("satudata_version_list", None, id=live["id"])[0]["number"] == 1
    # The catalogue and the dump hold the live dataset, and nothing else.
    assert [json.loads(line)["id"] for line in before["dump"].splitlines()] == [
        live["id"]]
    assert dcat_dates(before["catalog"], live["id"]) == (
        live["satudata_published"], live["satudata_published"], "1")

    revision = act("satudata_revision_start", world.users["produsen"],
                   id=live["id"])
    draft_id = revision["draft_id"]
    assert revision["number"] == 1 and revision["state"] == "open"
    assert public_view(app, world, live["id"]) == before
    draft_hidden(app, world, draft_id)
    draft = helpers.call_action("package_show", id=draft_id)
    assert draft["private"] is True and draft["satudata_status"] == "draf"
    assert revision["replaces"] == {
        draft["resources"][0]["id"]: live["resources"][0]["id"]}

    # The Produsen corrects a field and replaces the file with next year's.
    act("package_patch", world.users["produsen"], id=draft_id,
        notes="Data diperbarui dengan tahun 2025.")
    replace_file(world, draft["resources"][0]["id"], NEW_CSV)
    assert public_view(app, world, live["id"]) == before
    # The live dataset stays locked meanwhile.
    with pytest.raises(tk.NotAuthorized):
        act("package_patch", world.users["produsen"], id=live["id"], notes="x")

    for step in ("ajukan", "sesuai", "setujui"):
        world.take(draft_id, step)
        assert public_view(app, world, live["id"]) == before, step
        draft_hidden(app, world, draft_id)

    result = world.take(draft_id, "terbitkan")
    assert result["id"] == live["id"] and result["public"] is True
    after = public_view(app, world, live["id"])
    assert after["show"]["notes"] == "Data diperbarui dengan tahun 2025."
    assert after["show"]["metadata_modified"] > before["show"]["metadata_modified"]
    assert after["show"]["name"] == live["name"]
    # The replaced file keeps the live resource's id, with the new content.
    resource_id = live["resources"][0]["id"]
    assert [r["id"] for r in after["show"]["resources"]] == [resource_id]
    assert after["files"][resource_id] == NEW_CSV.encode()
    assert after["count"] == before["count"]
    assert after["show"]["private"] is False
    assert [json.loads(line) for line in after["dump"].splitlines()] == [
        after["show"]]
    # DCAT: version 2, issued at the first publication, modified at this one.
    assert after["show"]["satudata_published"] > live["satudata_published"]
    assert dcat_dates(after["catalog"], live["id"]) == (
        live["satudata_published"], after["show"]["satudata_published"], "2")

    # The draft is gone from everywhere, the revision closed.
    assert model.Package.get(draft_id).state == "deleted"
    results = act("package_search", world.users["produsen"],
                  include_private=True, rows=1000)["results"]
    assert draft_id not in [r["id"] for r in results]
    assert act("satudata_revision_show", world.users["produsen"],
               id=draft_id)["state"] == "published"

    # Version 2 is listed; version 1's file is still downloadable.
    listed = act("satudata_version_list", None, id=live["id"])
    assert [v["number"] for v in listed] == [2, 1]
    assert listed[0]["revision"] is True
    assert listed[0]["approved_role"] == world.actor("setujui")
    v1 = act("satudata_version_show", None, id=live["id"], number=1)
    assert v1["snapshot"]["notes"] == live["notes"]
    old = app.get(tk.h.url_for("satudata_revision.version_download",
                               id=live["name"], number=1,
                               resource_id=resource_id))
    assert old.data == GOOD_CSV.encode()
    new = app.get(tk.h.url_for("satudata_revision.version_download",
                               id=live["name"], number=2,
                               resource_id=resource_id))
    assert new.data == NEW_CSV.encode()

    # The publication is an event into the public state on the live
    # dataset, and its provenance names the revision's approval.
    history = act("satudata_workflow_history", world.users["walidata"],
                  id=live["id"])
    assert (history[-1]["from_state"], history[-1]["to_state"]) == (
        "terbit", "terbit")
    assert history[-1]["transition"] == "terbitkan"
    assert after["show"]["satudata_approval_role"] == world.actor("setujui")


def test_returned_then_abandoned_revision(app, world):
    live = world.dataset("terbit")
    before = public_view(app, world, live["id"])
    revision = act("satudata_revision_start", world.users["admin_opd"],
                   id=live["id"])
    draft_id = revision["draft_id"]
    act("package_patch", world.users["produsen"], id=draft_id, notes="Salah.")
    world.take(draft_id, "ajukan")
    world.take(draft_id, "tidak_sesuai")
    assert world.state(draft_id) == "dikembalikan"
    assert public_view(app, world, live["id"]) == before

    abandoned = act("satudata_revision_abandon", world.users["produsen"],
                    id=live["id"])
    assert abandoned["state"] == "abandoned"
    assert model.Package.get(draft_id).state == "deleted"
    results = act("package_search", world.users["produsen"],
                  include_private=True, rows=1000)["results"]
    assert draft_id not in [r["id"] for r in results]
    assert public_view(app, world, live["id"]) == before
    assert [v["number"] for v in act("satudata_version_list", None,
                                     id=live["id"])] == [1]
    # A new revision may start once the last one is closed.
    again = act("satudata_revision_start", world.users["produsen"], id=live["id"])
    assert again["number"] == 2


def test_one_open_revision_at_a_time(app, world):
    live = world.dataset("terbit")
    act("satudata_revision_start", world.users["produsen"], id=live["id"])
    before = public_view(app, world, live["id"])
    with pytest.raises(tk.ValidationError) as refused:
        act("satudata_revision_start", world.users["admin_opd"], id=live["id"])
    assert "sedang dimutakhirkan" in str(refused.value.error_dict)
    assert public_view(app, world, live["id"]) == before


def test_withdrawal_abandons_the_open_revision(app, world):
    live = world.dataset("terbit")
    revision = act("satudata_revision_start", world.users["produsen"],
                   id=live["id"])
    world.take(live["id"], "tarik")
    shown = act("satudata_revision_show", world.users["produsen"],
                id=revision["draft_id"])
    assert shown["state"] == "abandoned"
    assert model.Package.get(revision["draft_id"]).state == "deleted"


@pytest.mark.parametrize("state", ["draf", "diajukan", "disetujui", "ditarik"])
def test_only_published_datasets_are_revised(world, state):
    dataset = world.dataset(state)
    with pytest.raises(tk.ValidationError):
        act("satudata_revision_start", world.users["produsen"], id=dataset["id"])


def test_who_may_start_a_revision(world):
    live = world.dataset("terbit")
    for who in ("anonymous", "member", "other_opd", "kepala_opd", "walidata",
                "forum", "pembina"):
        with pytest.raises(tk.NotAuthorized):
            act("satudata_revision_start", world.users[who], id=live["id"])
    revision = act("satudata_revision_start", world.users["admin_opd"],
                   id=live["id"])
    for who in ("anonymous", "member", "other_opd", "kepala_opd", "walidata"):
        with pytest.raises(tk.NotAuthorized):
            act("satudata_revision_abandon", world.users[who],
                id=revision["draft_id"])


def test_the_draft_of_a_revision_is_not_revised(world):
    live = world.dataset("terbit")
    revision = act("satudata_revision_start", world.users["produsen"],
                   id=live["id"])
    with pytest.raises(tk.ValidationError):
        act("satudata_revision_start", world.users["produsen"],
            id=revision["draft_id"])


def test_no_route_changes_the_live_dataset_during_a_revision(app, world):
    live = world.dataset("terbit")
    revision = act("satudata_revision_start", world.users["produsen"],
                   id=live["id"])
    before = public_view(app, world, live["id"])
    resource_id = live["resources"][0]["id"]
    writes = [
        ("package_update", {**live, "notes": "diubah"}),
        ("package_patch", {"id": live["id"], "notes": "diubah"}),
        ("package_revise", {"match": {"id": live["id"]},
                            "update": {"notes": "diubah"}}),
        ("resource_create", {"package_id": live["id"], "url": "http://x.test/a.csv"}),
        ("resource_patch", {"id": resource_id, "name": "diubah"}),
        ("resource_delete", {"id": resource_id}),
        ("package_delete", {"id": live["id"]}),
        ("bulk_update_private", {"org_id": world.opd["id"],
                                 "datasets": [live["id"]]}),
        ("package_owner_org_update", {"id": live["id"],
                                      "organization_id": world.other_opd["id"]}),
    ]
    for who in ("produsen", "admin_opd", "kepala_opd", "walidata", "other_opd"):
        for action, data in writes:
            with pytest.raises((tk.NotAuthorized, tk.ValidationError)):
                act(action, world.users[who], **data)
    assert public_view(app, world, live["id"]) == before

    # The draft moves to no other OPD, whoever asks, and cannot be made
    # public or given a workflow state by editing it.
    for who in ("produsen", "sysadmin"):
        with pytest.raises(tk.ValidationError) as refused:
            act("package_patch", world.users[who], id=revision["draft_id"],
                owner_org=world.other_opd["id"])
        assert "Salinan revisi tidak dapat dipindahkan" in str(
            refused.value.error_dict)
    for field, value in (("private", False), ("satudata_status", "terbit")):
        with pytest.raises(tk.ValidationError):
            act("package_patch", world.users["produsen"],
                id=revision["draft_id"], **{field: value})
    assert public_view(app, world, live["id"]) == before


def test_the_draft_activity_stays_inside(app, world):
    live = world.dataset("terbit")
    revision = act("satudata_revision_start", world.users["produsen"],
                   id=live["id"])
    act("package_patch", world.users["produsen"], id=revision["draft_id"],
        notes="Rahasia sebelum terbit.")
    activities = act("package_activity_list", world.users["produsen"],
                     id=revision["draft_id"])
    assert activities
    for who in ("anonymous", "member", "other_opd"):
        with pytest.raises(tk.NotAuthorized):
            act("package_activity_list", world.users[who], id=revision["draft_id"])
        for activity in activities:
            status = app.get(
                tk.h.url_for("activity.package_changes", id=activity["id"]),
                headers=world.headers(who), status=None).status_code
            assert status in (403, 404), who
        page = app.get(tk.h.url_for("activity.package_activity", id=live["name"]),
                       headers=world.headers(who))
        assert "Rahasia sebelum terbit" not in page.body


def _options(world, who: str, package_id: str) -> list[tuple[str, bool, Any]]:
    shown = act("satudata_workflow_show", world.users[who], id=package_id)
    return [(o["name"], o["allowed"], o["refusal"]) for o in shown["options"]]


def test_a_draft_follows_the_same_rules_as_a_new_dataset(world):
    """Role x state x transition: in every state of its review the draft
    offers each person the transitions a new dataset offers them."""
    live = world.dataset("terbit")
    revision = act("satudata_revision_start", world.users["produsen"],
                   id=live["id"])
    draft_id = revision["draft_id"]
    fresh = world.dataset()
    people = ("produsen", "admin_opd", "kepala_opd", "walidata", "forum",
              "pembina")
    for step in ("", "ajukan", "sesuai", "setujui"):
        if step:
            world.take(draft_id, step)
            world.take(fresh["id"], step)
        for who in people:
            assert _options(world, who, draft_id) == _options(
                world, who, fresh["id"]), (step, who)
    # The publisher is refused to the others on the draft as on a new one.
    for who in people:
        if who == world.actor("terbitkan"):
            continue
        with pytest.raises(tk.NotAuthorized):
            world.take(draft_id, "terbitkan", who=who)
    assert model.Package.get(draft_id).state == "active"


def test_the_report_counts_a_revision_as_its_dataset(world):
    live = world.dataset("terbit")
    before = act("satudata_report_summary", world.users["walidata"], tahun=2024)
    assert before["ringkasan"]["dataset"] == 1
    revision = act("satudata_revision_start", world.users["produsen"],
                   id=live["id"])
    world.take(revision["draft_id"], "ajukan")
    during = act("satudata_report_summary", world.users["walidata"], tahun=2024)
    assert during["ringkasan"]["dataset"] == 1
    assert during["ringkasan"]["terbit"] == 1


def test_deleting_the_draft_abandons_the_revision(world):
    live = world.dataset("terbit")
    revision = act("satudata_revision_start", world.users["produsen"],
                   id=live["id"])
    act("package_delete", world.users["produsen"], id=revision["draft_id"])
    assert act("satudata_revision_show", world.users["produsen"],
               id=revision["draft_id"])["state"] == "abandoned"
    again = act("satudata_revision_start", world.users["produsen"], id=live["id"])
    assert again["number"] == 2


def test_the_checker_sees_what_the_revision_changes(app, world, monkeypatch):
    compared: list[tuple[Any, ...]] = []

    def counted(*args: Any, **kwargs: Any) -> Any:
        compared.append(args)
        return table_diff(*args, **kwargs)

    monkeypatch.setattr(review, "table_diff", counted)
    live = world.dataset("terbit")
    revision = act("satudata_revision_start", world.users["produsen"],
                   id=live["id"])
    draft_id = revision["draft_id"]
    draft = helpers.call_action("package_show", id=draft_id)
    draft_resource = draft["resources"][0]["id"]
    act("package_patch", world.users["produsen"], id=draft_id,
        notes="Data diperbarui dengan tahun 2025.")
    replace_file(world, draft_resource, NEW_CSV)

    checker = world.users[world.actor("sesuai")]
    changes = act("satudata_revision_diff", checker, id=draft_id)
    assert [(f["field"], f["old"], f["new"]) for f in changes["package"]["fields"]] == [
        ("notes", live["notes"], "Data diperbarui dengan tahun 2025.")]
    [resource] = changes["package"]["resources"]
    assert (resource["kind"], resource["live_id"], resource["draft_id"],
            resource["file_changed"]) == (
        "diganti", live["resources"][0]["id"], draft_resource, True)
    table = changes["tables"][draft_resource]
    assert table["error"] is None
    assert (table["added_count"], table["removed_count"], table["changed_count"],
            table["unchanged_count"]) == (1, 0, 2, 0)
    assert [tuple(row["values"]) for row in table["added"]] == [("Dlanggu", "41000")]
    assert {tuple(row["key"]): [(c["column"], c["old"], c["new"]) for c in row["cells"]]
            for row in table["changed"]} == {
        ("Mojosari",): [("jumlah", "81234", "82000")],
        ("Bangsal",): [("jumlah", "52011", "53000")],
    }
    # Asked of the live dataset, the same open revision answers.
    assert act("satudata_revision_diff", checker, id=live["id"]) == changes

    page = app.get(tk.h.url_for("dataset.read", id=draft_id),
                   headers=world.headers(world.actor("sesuai")))
    assert page.body.count("Perubahan terhadap versi terbit") == 1
    assert "82000" in page.body and "Dlanggu" in page.body
    # The files were read once for the three views; a new file is read again.
    assert len(compared) == 1
    replace_file(world, draft_resource, NEW_CSV + "Pungging,70000\n")
    again = act("satudata_revision_diff", checker, id=draft_id)
    assert (again["tables"][draft_resource]["added_count"], len(compared)) == (2, 2)

    for who in ("anonymous", "member", "other_opd"):
        with pytest.raises(tk.NotAuthorized):
            act("satudata_revision_diff", world.users[who], id=draft_id)

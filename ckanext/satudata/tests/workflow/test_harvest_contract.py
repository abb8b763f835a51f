"""The contract with harvesters: what an anonymous client of the Action API
sees, and the approval provenance a published dataset carries.

A national catalogue pulls a regional portal anonymously through
package_list, package_search, current_package_list_with_resources, the
organization and group listings and the activity streams. Each of them,
with every flag or filter that could widen it, must return only published
datasets. test_visibility.py covers package_show, resource_show, downloads
and package_activity_list dataset by dataset; this module covers the
listings. The clients themselves (ckanapi, ckanext-harvest, DCAT) run
against a live portal in tools/tests/test_harvest_contract.py.
"""
from __future__ import annotations

import datetime
from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk
import pytest
from ckan.tests import helpers

from ckanext.satudata.workflow import provenance

from .conftest import PATHS, act

PROVENANCE_MSG = "Riwayat persetujuan dataset dicatat oleh alur kerja"
WIDENING_SEARCHES: list[dict[str, Any]] = [
    {},
    {"q": "*:*"},
    {"q": "Penduduk"},
    {"include_private": True},
    {"include_drafts": True},
    {"include_deleted": True},
    {"include_private": True, "include_drafts": True, "include_deleted": True},
    {"fq": "private:true", "include_private": True},
    {"fq": "capacity:private", "include_private": True},
    {"fq": "capacity:public"},
    {"fq": 'satudata_status:"draf"', "include_private": True},
    {"fq": "satudata_status:*", "include_private": True},
    {"fq": "+state:(draft OR deleted OR active)", "include_drafts": True,
     "include_deleted": True, "include_private": True},
    {"fq": "-satudata_status:terbit", "include_private": True},
]


@pytest.fixture
def catalogue(mojokerto):
    """A dataset in every state, one published one deleted, an open
    revision of the published one, and a group holding every dataset."""
    world = mojokerto
    group = helpers.call_action(
        "group_create", {"user": world.sysadmin}, name="kependudukan",
        title="Kependudukan",
    )
    # Into the group as drafts: groups do not change while under review.
    datasets = {state: world.dataset() for state in PATHS}
    for state, dataset in datasets.items():
        helpers.call_action(
            "member_create", {"user": world.sysadmin}, id=group["id"],
            object=dataset["id"], object_type="package", capacity="public",
        )
        world.walk(dataset["id"], state)
        datasets[state] = helpers.call_action("package_show", id=dataset["id"])
    gone = world.dataset("terbit")
    helpers.call_action("package_delete", {"user": world.sysadmin}, id=gone["id"])
    # The published dataset is being updated: its revision's draft, edited
    # and submitted, is in no listing and no stream.
    revision = act("satudata_revision_start", world.users["produsen"],
                   id=datasets["terbit"]["id"])
    act("package_patch", world.users["produsen"], id=revision["draft_id"],
        notes="Revisi yang belum terbit.")
    world.take(revision["draft_id"], "ajukan")
    datasets["revisi"] = helpers.call_action("package_show",
                                             id=revision["draft_id"])
    return world, datasets, group


def published_ids(datasets) -> set[str]:
    return {datasets["terbit"]["id"]}


@pytest.mark.parametrize("who", ["anonymous", "member", "other_opd"])
def test_listings_return_only_published_datasets(catalogue, who):
    world, datasets, group = catalogue
    user = world.users[who]
    want = published_ids(datasets)
    names = {d["id"]: d["name"] for d in datasets.values()}

    assert set(act("package_list", user)) == {names[i] for i in want}
    for params in WIDENING_SEARCHES:
        result = act("package_search", user, rows=1000, **params)
        got = {r["id"] for r in result["results"]}
        # Filters that exclude the published dataset may find nothing at all.
        assert got <= want, params
        assert result["count"] == len(got), params
    assert {r["id"] for r in act("package_search", user, rows=1000)["results"]} == want
    current = act("current_package_list_with_resources", user, limit=1000)
    assert {d["id"] for d in current} == want

    org = act("organization_show", user, id=world.opd["id"], include_datasets=True)
    assert {d["id"] for d in org["packages"]} == want
    assert org["package_count"] == 1
    shown = act("group_show", user, id=group["id"], include_datasets=True)
    assert {d["id"] for d in shown["packages"]} == want
    assert shown["package_count"] == 1


@pytest.mark.parametrize("who", ["anonymous", "member", "other_opd"])
def test_activity_streams_show_only_published_datasets(catalogue, who):
    world, datasets, group = catalogue
    user = world.users[who]
    want = published_ids(datasets)
    every = {d["id"] for d in datasets.values()}
    streams = [
        act("organization_activity_list", user, id=world.opd["id"], limit=100),
        act("group_activity_list", user, id=group["id"], limit=100),
        act("recently_changed_packages_activity_list", user, limit=100),
    ]
    if user is not None:
        streams.append(act("dashboard_activity_list", user, limit=100))
    states = {d["id"]: state for state, d in datasets.items()}
    for activities in streams:
        seen = {a["object_id"] for a in activities} & every
        assert seen <= want, [(states[i], a["activity_type"]) for a in activities
                              for i in seen - want if a["object_id"] == i]
    assert want <= {
        a["object_id"]
        for a in act("recently_changed_packages_activity_list", user, limit=100)
    }


def test_published_dataset_carries_its_approval_provenance(world):
    dataset = world.dataset("terbit")
    shown = helpers.call_action("package_show", id=dataset["id"])
    history = helpers.call_action("satudata_workflow_history", id=dataset["id"])
    by_transition = {e["transition"]: e for e in history}
    publication, approval = by_transition["terbitkan"], by_transition["setujui"]
    assert shown["satudata_status"] == "terbit"
    assert shown[provenance.PUBLISHED] == publication["created"]
    assert shown[provenance.APPROVAL_DATE] == approval["created"]
    assert shown[provenance.APPROVAL_ROLE] == {
        "mojokerto": "kepala_opd", "trenggalek": "forum"}[world.preset]
    assert shown[provenance.APPROVAL_OPD] == world.opd["title"]
    assert shown[provenance.TEMPLATE_ID] == world.template["id"]
    assert shown[provenance.TEMPLATE_VERSION] == str(
        by_transition["ajukan"]["template_version"])
    # Plain strings: a harvesting side's schema keeps them as they are.
    assert all(isinstance(shown[f], str) for f in provenance.FIELDS)

    # Mirrored into extras: ckanext-harvest imports with CKAN's default
    # schema, which keeps extras and ignores unknown top-level keys.
    mirrored = {f: shown[f] for f in provenance.MIRRORED}
    assert {e["key"]: e["value"] for e in shown["extras"]} == mirrored

    # Anonymous search results (what ckanext-harvest imports) carry the same.
    (hit,) = act("package_search", None, fq=f'id:"{dataset["id"]}"')["results"]
    assert {f: hit[f] for f in provenance.MIRRORED} == mirrored
    assert {e["key"]: e["value"] for e in hit["extras"]} == mirrored


def test_unpublished_datasets_carry_no_provenance(mojokerto):
    world = mojokerto
    for state in ("draf", "disetujui", "ditarik"):
        shown = world.dataset(state)
        assert not set(provenance.FIELDS) & set(shown), state
        assert shown["extras"] == [{"key": "satudata_status", "value": state}]


def test_status_cannot_be_written_through_extras(mojokerto):
    world = mojokerto
    draft = world.dataset("draf")
    with pytest.raises(tk.ValidationError) as error:
        act("package_patch", world.users["produsen"], id=draft["id"],
            extras=[{"key": "satudata_status", "value": "terbit"}])
    assert "satudata_status" in error.value.error_dict
    assert world.state(draft["id"]) == "draf"


def test_republication_updates_the_provenance(mojokerto):
    world = mojokerto
    dataset = world.dataset("ditarik")
    first = helpers.call_action("satudata_workflow_history", id=dataset["id"])
    for transition in ("ajukan", "sesuai", "setujui", "terbitkan"):
        world.take(dataset["id"], transition)
    shown = helpers.call_action("package_show", id=dataset["id"])
    history = helpers.call_action("satudata_workflow_history", id=dataset["id"])
    assert shown[provenance.PUBLISHED] == history[-1]["created"]
    assert shown[provenance.PUBLISHED] not in {e["created"] for e in first}
    assert shown[provenance.APPROVAL_DATE] == history[-2]["created"]


@pytest.mark.parametrize("field", provenance.FIELDS)
def test_provenance_cannot_be_written(mojokerto, field):
    world = mojokerto
    dataset = world.dataset("terbit")
    before = helpers.call_action("package_show", id=dataset["id"])
    # Only a sysadmin may edit a published dataset at all.
    for action, data in [
        ("package_patch", {"id": dataset["id"], field: "2020-01-01"}),
        ("package_update", dict(before, **{field: "palsu"})),
    ]:
        with pytest.raises(tk.ValidationError) as error:
            act(action, world.users["sysadmin"], **data)
        assert PROVENANCE_MSG in str(error.value.error_dict[field])
    assert helpers.call_action("package_show", id=dataset["id"]) == before

    extras = [{"key": field, "value": "2020-01-01"}]
    with pytest.raises(tk.ValidationError) as error:
        act("package_patch", world.users["sysadmin"], id=dataset["id"],
            extras=extras)
    assert PROVENANCE_MSG in str(error.value.error_dict[field])
    assert helpers.call_action("package_show", id=dataset["id"]) == before

    draft = world.dataset("draf")
    with pytest.raises(tk.ValidationError) as error:
        act("package_patch", world.users["produsen"], id=draft["id"],
            **{field: "2020-01-01"})
    assert PROVENANCE_MSG in str(error.value.error_dict[field])
    with pytest.raises(tk.ValidationError):
        act("package_create", world.users["produsen"], name="palsu",
            title="Palsu", owner_org=world.opd["id"], **{field: "x"})
    assert model.Package.get("palsu") is None


def test_round_trip_with_provenance_is_accepted(mojokerto):
    world = mojokerto
    dataset = world.dataset("terbit")
    full = helpers.call_action("package_show", id=dataset["id"])
    updated = act("package_update", world.users["sysadmin"],
                  **dict(full, title="Judul baru"))
    assert updated["title"] == "Judul baru"
    assert {f: updated[f] for f in provenance.FIELDS} == {
        f: full[f] for f in provenance.FIELDS}


def test_a_harvester_sees_a_revision_only_once_published(catalogue):
    """What a CKAN harvester reads of the published dataset while its
    revision goes through review: the datasets changed since its last run
    (``metadata_modified`` in ``package_search``) and their ``package_show``.
    The revision is picked up as a change only at its publication."""
    world, datasets, group = catalogue
    live, draft_id = datasets["terbit"], datasets["revisi"]["id"]
    last_run = datetime.datetime.now(datetime.timezone.utc).replace(
        tzinfo=None).isoformat()

    def harvested() -> tuple[list[str], dict[str, Any]]:
        changed = act("package_search", None, rows=1000,
                      fq=f"metadata_modified:[{last_run}Z TO *]")["results"]
        return [d["id"] for d in changed], act("package_show", None, id=live["id"])

    old = harvested()[1]
    assert (old["notes"], old["metadata_modified"], old["satudata_version"]) == (
        live["notes"], live["metadata_modified"], "1")
    for step in ("sesuai", "setujui"):
        world.take(draft_id, step)
        assert harvested() == ([], old), step
    world.take(draft_id, "terbitkan")
    changed, new = harvested()
    assert changed == [live["id"]]
    assert new["notes"] == "Revisi yang belum terbit."
    assert new["metadata_modified"] > last_run
    assert new["satudata_version"] == "2"

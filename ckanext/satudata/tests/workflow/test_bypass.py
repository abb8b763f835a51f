"""Every CKAN write route that could publish, unpublish or change a dataset
outside the workflow, tried by every role, through the API and the forms.

Each attempt must be refused and leave the dataset as it was: state,
``private`` (in the database and in the search index), title, resources.
"""
from __future__ import annotations

from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk
import pytest
from ckan.tests import helpers

from .conftest import EVERYONE, act

UNPUBLISHED = ("draf", "diajukan", "dikembalikan", "menunggu_persetujuan",
               "disetujui", "ditarik")
LOCKED = ("diajukan", "menunggu_persetujuan", "disetujui", "terbit")
EDITABLE = ("draf", "dikembalikan", "ditarik")
PRIVATE_MSG = "Visibilitas dataset hanya berubah melalui alur kerja"
STATUS_MSG = "Status alur kerja hanya dapat diubah dengan aksi alur kerja"


def snapshot(world, package_id: str) -> dict[str, Any]:
    shown = helpers.call_action("package_show", id=package_id)
    indexed = helpers.call_action(
        "package_search", fq=f'id:"{package_id}"', include_private=True
    )["results"]
    return {
        "state": shown["satudata_status"],
        "private": shown["private"],
        "title": shown["title"],
        "owner_org": shown["owner_org"],
        "ckan_state": shown["state"],
        "resources": sorted((r["id"], r["name"]) for r in shown["resources"]),
        "indexed_private": [r["private"] for r in indexed],
        "events": len(helpers.call_action("satudata_workflow_history", id=package_id)),
    }


def refused(world, who: str, action: str, **data: Any) -> Exception:
    with pytest.raises((tk.ValidationError, tk.NotAuthorized)) as error:
        act(action, world.users[who], **data)
    return error.value


def text(error: Exception) -> str:
    if isinstance(error, tk.ValidationError):
        return " ".join(str(m) for msgs in error.error_dict.values() for m in msgs)
    return str(getattr(error, "message", error))


class TestVisibilityRoutes:
    @pytest.mark.parametrize("state", UNPUBLISHED)
    def test_nothing_publishes_an_unpublished_dataset(self, world, state):
        dataset = world.dataset(state)
        before = snapshot(world, dataset["id"])
        assert before["private"] is True and before["indexed_private"] == [True]
        for who in EVERYONE:
            full = helpers.call_action("package_show", id=dataset["id"])
            attempts = [
                ("package_update", dict(full, private=False)),
                ("package_update", dict(full, private="False")),
                ("package_update", dict(full, satudata_status="terbit")),
                ("package_patch", {"id": dataset["id"], "private": False}),
                ("package_patch", {"id": dataset["id"], "satudata_status": "terbit"}),
                ("package_revise", {"match": {"id": dataset["id"]},
                                    "update": {"private": False}}),
                ("bulk_update_public", {"datasets": [dataset["id"]],
                                        "org_id": world.opd["id"]}),
            ]
            for action, data in attempts:
                error = refused(world, who, action, **data)
                if who in ("admin_opd", "sysadmin"):
                    # Those CKAN would let through get the workflow's reason.
                    assert PRIVATE_MSG in text(error) or STATUS_MSG in text(error) \
                        or "terkunci" in text(error), (who, action)
        assert snapshot(world, dataset["id"]) == before

    def test_nothing_unpublishes_a_published_dataset(self, world):
        dataset = world.dataset("terbit")
        before = snapshot(world, dataset["id"])
        assert before["private"] is False and before["indexed_private"] == [False]
        for who in EVERYONE:
            full = helpers.call_action("package_show", id=dataset["id"])
            for action, data in [
                ("package_update", dict(full, private=True)),
                ("package_update", dict(full, satudata_status="ditarik")),
                ("package_patch", {"id": dataset["id"], "private": True}),
                ("package_revise", {"match": {"id": dataset["id"]},
                                    "update": {"private": True}}),
                ("bulk_update_private", {"datasets": [dataset["id"]],
                                         "org_id": world.opd["id"]}),
                ("bulk_update_delete", {"datasets": [dataset["id"]],
                                        "org_id": world.opd["id"]}),
                ("package_delete", {"id": dataset["id"]}),
            ]:
                if who == "sysadmin" and action in ("bulk_update_delete",
                                                    "package_delete"):
                    continue  # sysadmins may delete; see test_sysadmin_policy
                refused(world, who, action, **data)
        assert snapshot(world, dataset["id"]) == before

    @pytest.mark.parametrize("who", ["produsen", "admin_opd", "sysadmin"])
    def test_create_cannot_start_public_or_in_another_state(self, world, who):
        from ckanext.satudata.tests.schemas.factories import (
            daftar_data_row,
            sdi_metadata,
        )

        row = daftar_data_row(world.opd["id"], template_id=world.template["id"])
        cases: list[tuple[dict[str, Any], str]] = [
            ({"private": False}, PRIVATE_MSG),
            ({"private": "false"}, PRIVATE_MSG),
            ({"satudata_status": "terbit"}, STATUS_MSG),
        ]
        for extra, message in cases:
            error = refused(world, who, "package_create", name="tidak-boleh",
                            title="Tidak boleh", owner_org=world.opd["id"],
                            **sdi_metadata(row.id), **extra)
            assert message in text(error)
            assert model.Package.get("tidak-boleh") is None

    def test_new_datasets_start_private_in_draf(self, world):
        dataset = world.dataset()
        assert dataset["private"] is True
        assert dataset["satudata_status"] == "draf"

    def test_round_trip_of_unchanged_values_is_accepted(self, world):
        draft = world.dataset("draf")
        full = helpers.call_action("package_show", id=draft["id"])
        updated = act("package_update", world.users["produsen"],
                      **dict(full, title="Judul baru"))
        assert updated["title"] == "Judul baru"
        assert updated["private"] is True
        published = world.dataset("terbit")
        full = helpers.call_action("package_show", id=published["id"])
        act("package_update", world.users["sysadmin"], **dict(full, title="Baru"))
        assert world.state(published["id"]) == "terbit"


class TestEditLock:
    @pytest.mark.parametrize("state", LOCKED)
    def test_no_role_changes_metadata_or_resources(self, world, state):
        dataset = world.dataset(state)
        resource_id = dataset["resources"][0]["id"]
        before = snapshot(world, dataset["id"])
        for who in EVERYONE:
            if who == "sysadmin":
                continue
            for action, data in [
                ("package_update", dict(
                    helpers.call_action("package_show", id=dataset["id"]),
                    title="Diubah")),
                ("package_patch", {"id": dataset["id"], "title": "Diubah"}),
                ("package_delete", {"id": dataset["id"]}),
                ("resource_create", {"package_id": dataset["id"], "name": "baru",
                                     "url": "http://example.com/data.csv"}),
                ("resource_update", {"id": resource_id, "name": "diubah",
                                     "url": "http://example.com/lain.csv"}),
                ("resource_patch", {"id": resource_id, "name": "diubah"}),
                ("resource_delete", {"id": resource_id}),
                ("bulk_update_delete", {"datasets": [dataset["id"]],
                                        "org_id": world.opd["id"]}),
            ]:
                error = refused(world, who, action, **data)
                if who in ("produsen", "admin_opd"):
                    assert "terkunci" in text(error), (who, action)
        assert snapshot(world, dataset["id"]) == before

    @pytest.mark.parametrize("state", EDITABLE)
    def test_producer_and_admin_edit_in_their_states(self, world, state):
        dataset = world.dataset(state)
        for who in ("produsen", "admin_opd"):
            act("package_patch", world.users[who], id=dataset["id"],
                title=f"Diubah oleh {who}")
            act("resource_create", world.users[who], package_id=dataset["id"],
                name=f"catatan {who}", url="http://example.com/catatan.pdf",
                format="PDF")
        for who in ("kepala_opd", "walidata", "forum", "pembina", "member",
                    "other_opd", "anonymous"):
            refused(world, who, "package_patch", id=dataset["id"], title="x")
        assert world.state(dataset["id"]) == state

    def test_sysadmin_policy(self, world):
        """Sysadmins (and background jobs) keep CKAN's rights over metadata
        and resources, never over visibility or the state."""
        dataset = world.dataset("terbit")
        act("package_patch", world.users["sysadmin"], id=dataset["id"],
            title="Diperbaiki sysadmin")
        error = refused(world, "sysadmin", "package_patch", id=dataset["id"],
                        private=True)
        assert PRIVATE_MSG in text(error)
        shown = helpers.call_action("package_show", id=dataset["id"])
        assert shown["title"] == "Diperbaiki sysadmin"
        assert shown["private"] is False
        assert shown["satudata_status"] == "terbit"


class TestForms:
    def test_dataset_forms_do_not_offer_visibility(self, app, world):
        dataset = world.dataset("draf")
        headers = world.headers("produsen")
        for url in (tk.h.url_for("dataset.new"),
                    tk.h.url_for("dataset.edit", id=dataset["name"])):
            body = app.get(url, headers=headers).body
            assert 'name="private"' not in body
            assert 'name="owner_org"' in body

    def test_edit_form_cannot_publish(self, app, world):
        dataset = world.dataset("draf")
        before = snapshot(world, dataset["id"])
        form = {k: v for k, v in helpers.call_action(
            "package_show", id=dataset["id"]).items()
            if isinstance(v, (str, int)) and not isinstance(v, bool)}
        form.update({"private": "False", "save": ""})
        response = app.post(tk.h.url_for("dataset.edit", id=dataset["name"]),
                            data=form, headers=world.headers("produsen"))
        assert PRIVATE_MSG in response.body
        assert snapshot(world, dataset["id"]) == before

    @pytest.mark.parametrize("state", LOCKED)
    def test_locked_dataset_forms_are_refused(self, app, world, state):
        dataset = world.dataset(state)
        before = snapshot(world, dataset["id"])
        for who in ("produsen", "admin_opd"):
            headers = world.headers(who)
            app.get(tk.h.url_for("dataset.edit", id=dataset["name"]),
                    headers=headers, status=403)
            app.post(tk.h.url_for("dataset.edit", id=dataset["name"]),
                     data={"title": "Diubah", "save": ""}, headers=headers,
                     status=403)
            app.get(tk.h.url_for("dataset_resource.new", id=dataset["name"]),
                    headers=headers, status=403)
            app.post(tk.h.url_for("dataset.delete", id=dataset["name"]),
                     headers=headers, status=403)
        assert snapshot(world, dataset["id"]) == before

    @pytest.mark.parametrize("action,state", [("public", "disetujui"),
                                              ("private", "terbit"),
                                              ("delete", "diajukan")])
    def test_organization_bulk_page_is_refused(self, app, world, action, state):
        dataset = world.dataset(state)
        before = snapshot(world, dataset["id"])
        for who in ("admin_opd", "sysadmin"):
            if who == "sysadmin" and action == "delete":
                continue
            response = app.post(
                tk.h.url_for("organization.bulk_process", id=world.opd["name"]),
                data={f"bulk_action.{action}": action,
                      f"dataset_{dataset['id']}": "on"},
                headers=world.headers(who),
                status=403,
            )
            reason = PRIVATE_MSG if action != "delete" else "terkunci"
            assert reason in response.body, (who, action)
            assert dataset["name"] in response.body
        assert snapshot(world, dataset["id"]) == before

    def test_bulk_refusal_reason_is_only_for_the_opd_editors(self, app, world):
        dataset = world.dataset("disetujui")
        response = app.post(
            tk.h.url_for("organization.bulk_process", id=world.opd["name"]),
            data={"bulk_action.public": "public",
                  f"dataset_{dataset['id']}": "on"},
            headers=world.headers("other_opd"),
            status=403,
        )
        assert dataset["name"] not in response.body
        assert world.state(dataset["id"]) == "disetujui"

    def test_organization_bulk_page_offers_deleting_only(self, app, world):
        draft = world.dataset("draf")
        body = app.get(
            tk.h.url_for("organization.bulk_process", id=world.opd["name"]),
            headers=world.headers("admin_opd"),
        ).body
        assert 'name="bulk_action.delete"' in body
        assert 'name="bulk_action.public"' not in body
        assert 'name="bulk_action.private"' not in body
        assert "tidak menyediakan tombol" in body
        assert f'name="dataset_{draft["id"]}"' in body
        assert "satudata-status-" in body

    def test_editable_dataset_is_deleted_from_the_bulk_page(self, app, world):
        draft = world.dataset("draf")
        app.post(
            tk.h.url_for("organization.bulk_process", id=world.opd["name"]),
            data={"bulk_action.delete": "delete", f"dataset_{draft['id']}": "on"},
            headers=world.headers("admin_opd"),
        )
        assert model.Package.get(draft["id"]).state == "deleted"


MOVE_MSG = "tidak dapat dipindahkan ke OPD lain"


class TestMovingToAnotherOpd:
    @pytest.mark.parametrize("state", LOCKED)
    def test_locked_dataset_stays_in_its_opd(self, world, state):
        dataset = world.dataset(state)
        before = snapshot(world, dataset["id"])
        for who in ("produsen", "admin_opd", "sysadmin"):
            error = refused(world, who, "package_patch", id=dataset["id"],
                            owner_org=world.other_opd["id"])
            # The edit lock stops the OPD's editors before the move rule.
            reason = MOVE_MSG if who == "sysadmin" else "terkunci"
            assert reason in text(error), who
        error = refused(world, "sysadmin", "package_owner_org_update",
                        id=dataset["id"], organization_id=world.other_opd["name"])
        assert MOVE_MSG in text(error)
        error = refused(world, "sysadmin", "package_owner_org_update",
                        id=dataset["id"], organization_id="")
        assert MOVE_MSG in text(error)
        for who in ("admin_opd", "other_opd", "walidata"):
            refused(world, who, "package_owner_org_update", id=dataset["id"],
                    organization_id=world.other_opd["id"])
        assert snapshot(world, dataset["id"]) == before

    def test_naming_the_same_opd_is_not_a_move(self, world):
        dataset = world.dataset("terbit")
        act("package_patch", world.users["sysadmin"], id=dataset["id"],
            owner_org=world.opd["name"], title="Judul diperbaiki")
        shown = helpers.call_action("package_show", id=dataset["id"])
        assert shown["owner_org"] == world.opd["id"]
        assert shown["title"] == "Judul diperbaiki"

    @pytest.mark.parametrize("state", EDITABLE)
    def test_editable_dataset_moves_with_a_row_of_the_new_opd(self, world, state):
        from ckanext.satudata.tests.schemas.factories import daftar_data_row

        dataset = world.dataset(state)
        error = refused(world, "sysadmin", "package_owner_org_update",
                        id=dataset["id"], organization_id=world.other_opd["id"])
        assert "daftar_data_id milik OPD tujuan" in text(error)
        error = refused(world, "sysadmin", "package_patch", id=dataset["id"],
                        owner_org=world.other_opd["id"])
        assert "milik OPD lain" in text(error)
        assert model.Package.get(dataset["id"]).owner_org == world.opd["id"]

        row = daftar_data_row(world.other_opd["id"], template_id=world.template["id"])
        act("package_patch", world.users["sysadmin"], id=dataset["id"],
            owner_org=world.other_opd["id"], daftar_data_id=row.id)
        shown = act("package_show", world.users["other_opd"], id=dataset["id"])
        assert shown["owner_org"] == world.other_opd["id"]
        assert shown["satudata_status"] == state
        with pytest.raises(tk.NotAuthorized):
            act("package_show", world.users["kepala_opd"], id=dataset["id"])
        found = act("package_search", world.users["other_opd"],
                    fq=f'id:"{dataset["id"]}"', include_private=True)
        assert [r["owner_org"] for r in found["results"]] == [world.other_opd["id"]]
        assert act("package_search", world.users["kepala_opd"],
                   fq=f'id:"{dataset["id"]}"', include_private=True)["count"] == 0

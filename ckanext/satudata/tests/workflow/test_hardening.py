"""The rest of issue 11: separation of duties over a whole submission, group
membership, tag and format listings, extras, history that survives a delete
or a purge, and an event table that refuses DELETE and TRUNCATE."""
from __future__ import annotations

import datetime

import ckan.model as model
import ckan.plugins.toolkit as tk
import pytest
import sqlalchemy as sa
from ckan.tests import factories, helpers

from ckanext.satudata.tests.database import events_deletable

from .conftest import act


class TestSeparationAcrossASubmission:
    def test_the_submitter_does_not_approve_what_another_checked(self, mojokerto):
        # One person holds produsen and kepala_opd in the OPD.
        act("satudata_role_assign", mojokerto.sysadmin,
            user=mojokerto.users["produsen"], role="kepala_opd",
            organization=mojokerto.opd["id"])
        dataset = mojokerto.dataset("menunggu_persetujuan")
        with pytest.raises(tk.NotAuthorized, match="Pemisahan tugas.*«Ajukan»"):
            mojokerto.take(dataset["id"], "setujui", who="produsen")
        with pytest.raises(tk.NotAuthorized, match="Pemisahan tugas"):
            mojokerto.take(dataset["id"], "kembalikan", who="produsen")
        shown = act("satudata_workflow_show", mojokerto.users["produsen"],
                    id=dataset["id"])
        assert shown["transitions"] == []
        assert {o["refusal"] for o in shown["options"]} == {"separation"}
        mojokerto.take(dataset["id"], "setujui", who="kepala_opd")

    def test_a_new_submission_starts_afresh(self, mojokerto):
        # The checker who returned the data may check its next submission;
        # only the current submission's duties count.
        dataset = mojokerto.dataset("dikembalikan")
        mojokerto.take(dataset["id"], "ajukan")
        assert mojokerto.take(dataset["id"], "sesuai")["state"] == (
            "menunggu_persetujuan")

    def test_the_queue_and_the_digest_follow_the_engine(self, mojokerto, monkeypatch):
        from ckanext.satudata.workflow import notifications
        from ckanext.satudata.workflow.definition import configured

        act("satudata_role_assign", mojokerto.sysadmin,
            user=mojokerto.users["produsen"], role="kepala_opd",
            organization=mojokerto.opd["id"])
        dataset = mojokerto.dataset("menunggu_persetujuan")
        queue = act("satudata_workflow_queue", mojokerto.users["produsen"])
        assert dataset["id"] not in {r["id"] for r in queue["results"]}
        model.Session.execute(
            sa.text("UPDATE satudata_workflow_state SET entered = entered"
                    " - interval '2 days' WHERE package_id = :id"),
            {"id": dataset["id"]})
        model.Session.commit()
        emailed = []

        def send(user_id, *_):
            emailed.append(user_id)
            return True

        monkeypatch.setattr(notifications, "send_email", send)
        notifications.send_reminders(configured())
        kepala = model.User.get(mojokerto.users["kepala_opd"]).id
        produsen = model.User.get(mojokerto.users["produsen"]).id
        assert kepala in emailed and produsen not in emailed


class TestGroups:
    @pytest.fixture
    def group(self, mojokerto):
        owner = factories.User()
        group = factories.Group(user=owner)
        mojokerto.group_owner = owner["name"]
        return group

    def test_an_outsider_group_admin_cannot_take_in_an_opd_dataset(
        self, mojokerto, group
    ):
        for state in ("draf", "terbit"):
            dataset = mojokerto.dataset(state)
            with pytest.raises(tk.NotAuthorized, match="hanya dapat diubah oleh"):
                act("member_create", mojokerto.group_owner, id=group["id"],
                    object=dataset["id"], object_type="package", capacity="public")
            assert helpers.call_action("package_show", id=dataset["id"])["groups"] == []

    def test_the_opd_and_the_walidata_can_outside_review(self, mojokerto, group):
        helpers.call_action(
            "group_member_create", id=group["id"],
            username=mojokerto.users["produsen"], role="member")
        helpers.call_action(
            "group_member_create", id=group["id"],
            username=mojokerto.users["walidata"], role="member")
        published = mojokerto.dataset("terbit")
        act("member_create", mojokerto.users["produsen"], id=group["id"],
            object=published["id"], object_type="package", capacity="public")
        assert [g["name"] for g in helpers.call_action(
            "package_show", id=published["id"])["groups"]] == [group["name"]]
        act("member_delete", mojokerto.users["walidata"], id=group["id"],
            object=published["id"], object_type="package")
        assert helpers.call_action("package_show", id=published["id"])["groups"] == []

    @pytest.mark.parametrize("state", ["diajukan", "menunggu_persetujuan",
                                       "disetujui"])
    def test_nobody_while_under_review(self, mojokerto, group, state):
        dataset = mojokerto.dataset(state)
        for who in ("produsen", "walidata", "sysadmin"):
            with pytest.raises(tk.NotAuthorized, match="selama dataset diperiksa"):
                act("member_create", mojokerto.users[who], id=group["id"],
                    object=dataset["id"], object_type="package", capacity="public")
        with pytest.raises(tk.NotAuthorized, match="selama dataset diperiksa"):
            act("group_patch", mojokerto.users["sysadmin"], id=group["id"],
                packages=[{"id": dataset["id"]}])
        with pytest.raises(tk.ValidationError, match="selama dataset diperiksa"):
            act("package_patch", mojokerto.users["sysadmin"], id=dataset["id"],
                groups=[{"id": group["id"]}])
        assert helpers.call_action("package_show", id=dataset["id"])["groups"] == []

    def test_group_edit_with_packages_follows_the_rule(self, mojokerto, group):
        dataset = mojokerto.dataset("draf")
        with pytest.raises(tk.NotAuthorized, match="hanya dapat diubah oleh"):
            act("group_patch", mojokerto.group_owner, id=group["id"],
                packages=[{"name": dataset["name"]}])
        with pytest.raises(tk.ValidationError, match="daftar dataset"):
            act("group_patch", mojokerto.group_owner, id=group["id"],
                packages={"name": dataset["name"]})


class TestListings:
    """Tags and formats count only what the caller may see."""

    def test_tags_and_formats_of_unpublished_data_stay_hidden(self, mojokerto):
        published = mojokerto.dataset("terbit")
        draft = mojokerto.dataset("draf")
        act("package_patch", mojokerto.users["sysadmin"], id=published["id"],
            tags=[{"name": "umum"}, {"name": "kependudukan"}])
        act("package_patch", mojokerto.users["produsen"], id=draft["id"],
            tags=[{"name": "rahasia-draf"}, {"name": "kependudukan"}])
        act("resource_create", mojokerto.users["produsen"], package_id=draft["id"],
            url="http://example.invalid/x.geojson", format="GeoJSON", name="peta")

        for who, sees_draft in (("anonymous", False), ("other_opd", False),
                                ("produsen", True), ("walidata", True)):
            user = mojokerto.users[who]
            tags = act("tag_list", user)
            assert {"umum", "kependudukan"} <= set(tags)
            assert ("rahasia-draf" in tags) is sees_draft, who
            found = act("tag_search", user, query="rahasia")
            assert found["count"] == (1 if sees_draft else 0), who
            assert (act("tag_autocomplete", user, q="rahasia")
                    == (["rahasia-draf"] if sees_draft else [])), who
            assert (act("format_autocomplete", user, q="geo")
                    == (["geojson"] if sees_draft else [])), who

    def test_paging_counts_after_filtering(self, mojokerto):
        published = mojokerto.dataset("terbit")
        draft = mojokerto.dataset("draf")
        act("package_patch", mojokerto.users["sysadmin"], id=published["id"],
            tags=[{"name": f"data-{n}"} for n in range(3)])
        act("package_patch", mojokerto.users["produsen"], id=draft["id"],
            tags=[{"name": f"data-draf-{n}"} for n in range(5)])
        everything = act("tag_search", None, query="data")
        assert everything["count"] == 3
        assert sorted(t["name"] for t in everything["results"]) == [
            "data-0", "data-1", "data-2"]
        page = act("tag_search", None, query="data", limit=2, offset=1)
        assert page["count"] == 3
        assert [t["name"] for t in page["results"]] == [
            t["name"] for t in everything["results"][1:3]]

    def test_the_api_2_autocompletes(self, app, mojokerto):
        draft = mojokerto.dataset("draf")
        act("package_patch", mojokerto.users["produsen"], id=draft["id"],
            tags=[{"name": "rahasia-draf"}])
        body = app.get("/api/2/util/tag/autocomplete?incomplete=rahasia").json
        assert body["ResultSet"]["Result"] == []
        body = app.get("/api/2/util/resource/format_autocomplete?incomplete=cs").json
        assert body["ResultSet"]["Result"] == []
        assert app.get("/api/3/action/format_autocomplete", status=None
                       ).status_code == 409


class TestHistorySurvives:
    def test_deleted_dataset_history_stays_readable(self, mojokerto):
        dataset = mojokerto.dataset("dikembalikan")
        act("package_delete", mojokerto.users["produsen"], id=dataset["id"])
        for who in ("produsen", "admin_opd", "walidata"):
            history = act("satudata_workflow_history", mojokerto.users[who],
                          id=dataset["id"])
            assert [e["transition"] for e in history] == ["ajukan", "tidak_sesuai"]
        for who in ("other_opd", "anonymous"):
            with pytest.raises(tk.NotAuthorized):
                act("satudata_workflow_history", mojokerto.users[who],
                    id=dataset["id"])

    def test_purge_keeps_the_history_and_the_report(self, mojokerto):
        dataset = mojokerto.dataset("dikembalikan")
        # The row is of 2024; the events happen today.
        scope = {"tahun": 2024, "mulai": "2024-01-01",
                 "sampai": datetime.date.today().isoformat()}
        walidata = mojokerto.users["walidata"]
        summary = act("satudata_report_summary", walidata, **scope)
        assert len(summary["pengembalian"]) == 1
        act("dataset_purge", mojokerto.users["sysadmin"], id=dataset["id"])
        assert model.Package.get(dataset["id"]) is None
        again = act("satudata_report_summary", walidata, **scope)
        assert again["pengembalian"] == summary["pengembalian"]
        assert again["langkah"] == summary["langkah"]
        history = act("satudata_workflow_history", mojokerto.users["admin_opd"],
                      id=dataset["id"])
        assert [e["transition"] for e in history] == ["ajukan", "tidak_sesuai"]
        with pytest.raises(tk.NotAuthorized):
            act("satudata_workflow_history", mojokerto.users["other_opd"],
                id=dataset["id"])

    def test_the_event_table_refuses_delete_and_truncate(self, mojokerto):
        dataset = mojokerto.dataset("diajukan")
        for statement in ("DELETE FROM satudata_workflow_event WHERE package_id = :id",
                          "TRUNCATE satudata_workflow_event"):
            with pytest.raises(sa.exc.DBAPIError, match="append-only"):
                model.Session.execute(sa.text(statement), {"id": dataset["id"]})
            model.Session.rollback()
        history = helpers.call_action("satudata_workflow_history", id=dataset["id"])
        assert len(history) == 1

    def test_only_the_owner_lifts_it_on_purpose(self, mojokerto):
        # The test harness empties the database between tests this way.
        dataset = mojokerto.dataset("diajukan")
        with events_deletable():
            with model.meta.engine.begin() as conn:
                conn.execute(sa.text(
                    "DELETE FROM satudata_workflow_event WHERE package_id = :id"),
                    {"id": dataset["id"]})
        assert helpers.call_action("satudata_workflow_history", id=dataset["id"]) == []
        with pytest.raises(sa.exc.DBAPIError, match="append-only"):
            model.Session.execute(sa.text("TRUNCATE satudata_workflow_event"))
        model.Session.rollback()

"""The workflow actions: show, history, queue, and the transition's rules."""
from __future__ import annotations

import datetime

import ckan.model as model
import ckan.plugins.toolkit as tk
import pytest
import sqlalchemy as sa
from ckan.tests import helpers

from ckanext.satudata.model import utcnow
from ckanext.satudata.model.workflow import WorkflowEvent, WorkflowState
from ckanext.satudata.workflow import state as wf_state
from ckanext.satudata.workflow.definition import load

from .conftest import BAD_CSV, CHECKLIST_KEYS, act


def events(package_id):
    return helpers.call_action("satudata_workflow_history", id=package_id)


def backdate(package_id, **delta):
    """Pretend the dataset entered its state ``delta`` ago."""
    model.Session.execute(
        sa.update(WorkflowState)
        .where(WorkflowState.package_id == package_id)
        .values(entered=utcnow() - datetime.timedelta(**delta))
    )
    model.Session.commit()


class TestShow:
    def test_state_transitions_history_and_time(self, mojokerto):
        dataset = mojokerto.dataset("diajukan")
        shown = act("satudata_workflow_show", mojokerto.users["admin_opd"],
                    id=dataset["name"])
        assert shown["state"] == "diajukan"
        assert shown["state_label"] == "Diajukan"
        assert shown["public"] is False
        assert shown["roles"] == ["admin_opd"]
        assert [t["name"] for t in shown["transitions"]] == ["sesuai", "tidak_sesuai"]
        sesuai = shown["transitions"][0]
        assert sesuai["checklist_complete"] is True
        assert [i["key"] for i in sesuai["checklist"]] == [
            "format_tabel", "kebenaran_data", "metadata", "kode_referensi"]
        assert shown["time_standard_seconds"] == 30 * 60
        assert shown["overdue"] is False
        assert [e["transition"] for e in shown["history"]] == ["ajukan"]
        assert [s["state"] for s in shown["steps"]] == ["draf", "diajukan"]
        assert shown["steps"][0]["time_standard_seconds"] == 120 * 60
        assert shown["steps"][1]["left"] is None
        assert shown["gate"] is None  # the checker does not submit

    def test_refusals_are_explained_to_the_caller(self, mojokerto):
        dataset = mojokerto.dataset("diajukan")
        shown = act("satudata_workflow_show", mojokerto.users["kepala_opd"],
                    id=dataset["id"])
        assert shown["transitions"] == []
        assert {o["name"]: o["reason"] for o in shown["options"]} == {
            "sesuai": "Hanya Admin Portal OPD yang dapat melakukan «Sesuai».",
            "tidak_sesuai":
                "Hanya Admin Portal OPD yang dapat melakukan «Tidak sesuai».",
        }

    def test_overdue(self, mojokerto):
        dataset = mojokerto.dataset("menunggu_persetujuan")
        backdate(dataset["id"], minutes=16)
        shown = act("satudata_workflow_show", mojokerto.users["kepala_opd"],
                    id=dataset["id"])
        assert shown["overdue"] is True
        assert shown["waiting_seconds"] >= 16 * 60

    def test_producer_sees_the_gate(self, mojokerto):
        dataset = mojokerto.dataset("draf", csv=BAD_CSV, checker=True)
        shown = act("satudata_workflow_show", mojokerto.users["produsen"],
                    id=dataset["id"])
        assert shown["gate"]["passed"] is False
        assert shown["gate"]["problems"]
        assert shown["transitions"] == []
        assert shown["options"][0]["refusal"] == "gate"


class TestTransitionRules:
    def test_gate_refuses_non_conforming_data(self, mojokerto):
        dataset = mojokerto.dataset("draf", csv=BAD_CSV, checker=True)
        with pytest.raises(tk.ValidationError) as error:
            mojokerto.take(dataset["id"], "ajukan")
        assert "Data belum dapat diajukan" in error.value.error_dict["gate"][0]
        assert len(error.value.error_dict["gate"]) > 1
        assert mojokerto.state(dataset["id"]) == "draf"
        assert events(dataset["id"]) == []

    def test_submission_records_template_and_reports(self, mojokerto):
        dataset = mojokerto.dataset("diajukan")
        event = events(dataset["id"])[0]
        report = model.Session.execute(sa.text(
            "SELECT id FROM satudata_validation_report WHERE resource_id = :r"
            " ORDER BY created DESC LIMIT 1"), {"r": dataset["resources"][0]["id"]}
        ).scalar()
        assert event["template_id"] == mojokerto.template["id"]
        assert event["template_version"] == 1
        assert event["report_ids"] == [report]

    @pytest.mark.parametrize("transition", ["tidak_sesuai"])
    def test_note_required(self, mojokerto, transition):
        dataset = mojokerto.dataset("diajukan")
        # A web form with no box ticked sends an empty checklist: the refusal
        # is still about the note.
        cases: list[tuple[str, dict[str, list[str]]]] = [
            ("", {}), ("   ", {}), ("   ", {"checklist": []})]
        for note, extra in cases:
            with pytest.raises(tk.ValidationError) as error:
                mojokerto.take(dataset["id"], transition, note=note, **extra)
            assert "Catatan wajib diisi untuk «Tidak sesuai»" in (
                error.value.error_dict["note"][0])
        assert mojokerto.state(dataset["id"]) == "diajukan"

    def test_note_required_for_return_and_withdrawal(self, mojokerto):
        waiting = mojokerto.dataset("menunggu_persetujuan")
        with pytest.raises(tk.ValidationError, match="Kembalikan"):
            mojokerto.take(waiting["id"], "kembalikan", note="")
        published = mojokerto.dataset("terbit")
        with pytest.raises(tk.ValidationError, match="Tarik"):
            mojokerto.take(published["id"], "tarik", note="")

    def test_checklist(self, mojokerto):
        dataset = mojokerto.dataset("diajukan")
        cases = [
            ({"format_tabel": True}, "Semua butir pemeriksaan harus dicentang"),
            (["format_tabel", "bukan_butir"], "Butir daftar periksa tidak dikenal"),
            (42, "Daftar periksa harus berupa"),
        ]
        for checklist, message in cases:
            with pytest.raises(tk.ValidationError) as error:
                mojokerto.take(dataset["id"], "sesuai", checklist=checklist)
            assert message in error.value.error_dict["checklist"][0]
        # A list of ticked keys, as the web form sends it.
        result = mojokerto.take(dataset["id"], "sesuai", checklist=[
            "format_tabel", "kebenaran_data", "metadata", "kode_referensi"])
        assert result["event"]["checklist"] == {
            "format_tabel": True, "kebenaran_data": True, "metadata": True,
            "kode_referensi": True}

    def test_checklist_on_a_transition_without_one(self, mojokerto):
        dataset = mojokerto.dataset("disetujui")
        with pytest.raises(tk.ValidationError, match="tidak memakai daftar periksa"):
            mojokerto.take(dataset["id"], "terbitkan", checklist=["metadata"])

    def test_unknown_transition(self, mojokerto):
        dataset = mojokerto.dataset()
        with pytest.raises(tk.ValidationError) as error:
            mojokerto.take(dataset["id"], "publikasikan", who="produsen")
        message = error.value.error_dict["transition"][0]
        assert "Aksi «publikasikan» tidak ada" in message

    def test_missing_dataset(self, mojokerto):
        with pytest.raises(tk.ObjectNotFound):
            act("satudata_workflow_transition", mojokerto.users["produsen"],
                id="tidak-ada", transition="ajukan")


class TestReturnNamesWhatDoesNotConform:
    """"Tidak sesuai" with every item ticked contradicts itself: the unticked
    items are what the producer must fix. Refused through the action and
    the HTTP API alike; a return without a checklist needs only its note."""

    REFUSAL = "Hapus centang pada butir yang tidak sesuai"

    def test_every_item_ticked_is_refused(self, world):
        dataset = world.dataset("diajukan")
        keys = CHECKLIST_KEYS[world.preset]
        for checklist in ({k: True for k in keys}, list(keys)):
            with pytest.raises(tk.ValidationError) as error:
                world.take(dataset["id"], "tidak_sesuai", checklist=checklist)
            message = error.value.error_dict["checklist"][0]
            assert self.REFUSAL in message
            assert "«Tidak sesuai»" in message
        assert world.state(dataset["id"]) == "diajukan"
        assert [e["transition"] for e in events(dataset["id"])] == ["ajukan"]

    def test_refused_over_http_with_the_message(self, app, world):
        dataset = world.dataset("diajukan")
        checker = world.actor("tidak_sesuai")
        response = app.post(
            "/api/3/action/satudata_workflow_transition",
            json={"id": dataset["id"], "transition": "tidak_sesuai",
                  "note": "Semua benar?",
                  "checklist": CHECKLIST_KEYS[world.preset]},
            headers=world.headers(checker), status=409,
        )
        error = response.json["error"]
        assert error["__type"] == "Validation Error"
        assert self.REFUSAL in error["checklist"][0]
        assert world.state(dataset["id"]) == "diajukan"

    def test_one_unticked_item_returns_the_dataset(self, world):
        dataset = world.dataset("diajukan")
        keys = CHECKLIST_KEYS[world.preset]
        result = world.take(dataset["id"], "tidak_sesuai", checklist=keys[1:])
        assert result["state"] == "dikembalikan"
        event = result["event"]
        assert event["checklist"] == {k: k != keys[0] for k in keys}
        assert [i["key"] for i in event["checklist_items"]] == keys
        assert [i["ticked"] for i in event["checklist_items"]] == [
            False, True, True, True]

    def test_nothing_ticked_is_a_return_too(self, world):
        dataset = world.dataset("diajukan")
        # As the web form sends it when no box is ticked.
        result = world.take(dataset["id"], "tidak_sesuai", checklist=[])
        assert result["event"]["checklist"] == {
            k: False for k in CHECKLIST_KEYS[world.preset]}

    def test_a_return_without_a_checklist_needs_only_its_note(self, world):
        waiting = world.dataset("menunggu_persetujuan")
        result = world.take(waiting["id"], "kembalikan", note="Angka 2025 belum ada.")
        assert result["state"] == "dikembalikan"
        assert result["event"]["checklist"] is None
        assert result["event"]["checklist_items"] == []

    def test_the_rule_is_announced_with_the_options(self, world):
        dataset = world.dataset("diajukan")
        shown = act("satudata_workflow_show", world.users[world.actor("sesuai")],
                    id=dataset["id"])
        rule = {o["name"]: (o["checklist_complete"], o["checklist_needs_unticked"])
                for o in shown["options"]}
        assert rule == {"sesuai": (True, False), "tidak_sesuai": (False, True)}


class TestReturnedAndChecked:
    """``satudata_workflow_show`` names the event the page puts on top."""

    def test_returned_while_waiting_for_the_fix(self, world):
        dataset = world.dataset("dikembalikan")
        shown = act("satudata_workflow_show", world.users["produsen"],
                    id=dataset["id"])
        returned = shown["returned"]
        assert returned["transition"] == "tidak_sesuai"
        assert returned["user_name"] == world.users[world.actor("tidak_sesuai")]
        assert returned["note"] == "Catatan untuk tidak_sesuai."
        first = CHECKLIST_KEYS[world.preset][0]
        assert [i["key"] for i in returned["checklist_items"] if not i["ticked"]] == [
            first]
        assert shown["checked"] is None
        world.take(dataset["id"], "ajukan")
        again = act("satudata_workflow_show", world.users["produsen"],
                    id=dataset["id"])
        assert again["returned"] is None

    def test_withdrawal_is_a_return(self, world):
        dataset = world.dataset("ditarik")
        shown = act("satudata_workflow_show", world.users["produsen"],
                    id=dataset["id"])
        assert shown["returned"]["transition"] == "tarik"
        assert shown["returned"]["checklist_items"] == []

    def test_checked_for_the_approver(self, world):
        dataset = world.dataset("menunggu_persetujuan")
        shown = act("satudata_workflow_show", world.users[world.actor("setujui")],
                    id=dataset["id"])
        checked = shown["checked"]
        assert checked["transition"] == "sesuai"
        assert checked["user_name"] == world.users[world.actor("sesuai")]
        assert all(i["ticked"] for i in checked["checklist_items"])
        assert len(checked["checklist_items"]) == 4
        assert shown["returned"] is None
        world.take(dataset["id"], "setujui")
        assert act("satudata_workflow_show", world.users["produsen"],
                   id=dataset["id"])["checked"] is None


class TestSeparationOfDuties:
    def _double_role(self, world, role):
        act("satudata_role_assign", world.sysadmin, user=world.users["produsen"],
            role=role, organization=world.opd["id"])

    def test_submitter_cannot_check(self, mojokerto):
        self._double_role(mojokerto, "admin_opd")
        dataset = mojokerto.dataset("diajukan")
        with pytest.raises(tk.NotAuthorized, match="Pemisahan tugas"):
            mojokerto.take(dataset["id"], "sesuai", who="produsen")
        with pytest.raises(tk.NotAuthorized, match="Pemisahan tugas"):
            mojokerto.take(dataset["id"], "tidak_sesuai", who="produsen")
        mojokerto.take(dataset["id"], "sesuai", who="admin_opd")

    def test_checker_cannot_approve(self, mojokerto):
        act("satudata_role_assign", mojokerto.sysadmin,
            user=mojokerto.users["admin_opd"], role="kepala_opd",
            organization=mojokerto.opd["id"])
        dataset = mojokerto.dataset("menunggu_persetujuan")
        with pytest.raises(tk.NotAuthorized, match="Pemisahan tugas"):
            mojokerto.take(dataset["id"], "setujui", who="admin_opd")
        mojokerto.take(dataset["id"], "setujui", who="kepala_opd")

    def test_can_be_turned_off(self, mojokerto, ckan_config, monkeypatch):
        monkeypatch.setitem(ckan_config, "ckanext.satudata.separation_of_duties",
                            False)
        self._double_role(mojokerto, "admin_opd")
        dataset = mojokerto.dataset("diajukan")
        assert mojokerto.take(dataset["id"], "sesuai", who="produsen")["state"] == (
            "menunggu_persetujuan")


class TestQueue:
    def names(self, world, who, **params):
        result = act("satudata_workflow_queue", world.users[who], **params)
        assert result["count"] == len(result["results"])
        return [r["name"] for r in result["results"]]

    def test_each_person_sees_their_steps(self, world):
        by_state = {s: world.dataset(s)["name"] for s in (
            "draf", "diajukan", "dikembalikan", "menunggu_persetujuan",
            "disetujui", "terbit", "ditarik")}
        elsewhere = world.dataset("draf", opd=world.other_opd)["name"]
        world.take(elsewhere, "ajukan", who="other_opd")
        expected = {
            "mojokerto": {
                "produsen": {"draf", "dikembalikan", "ditarik"},
                "admin_opd": {"diajukan", "disetujui"},
                "kepala_opd": {"menunggu_persetujuan"},
                "walidata": set(), "forum": set(), "pembina": set(),
                "member": set(),
            },
            "trenggalek": {
                "produsen": {"draf", "dikembalikan", "ditarik"},
                "admin_opd": set(),
                "kepala_opd": set(),
                "walidata": {"diajukan", "disetujui"},
                "forum": {"menunggu_persetujuan"},
                "pembina": set(), "member": set(),
            },
        }[world.preset]
        for who, states in expected.items():
            names = set(self.names(world, who))
            wanted = {by_state[s] for s in states}
            if world.preset == "trenggalek" and who == "walidata":
                wanted.add(elsewhere)  # regency-wide: every OPD
            assert names == wanted, (who, {
                n: s for s, n in by_state.items() if n in names ^ wanted})
        # other_opd is its OPD's admin_opd but submitted the dataset itself,
        # so separation of duties keeps it out of its own queue.
        assert self.names(world, "other_opd") == []

    def test_overdue_first_and_filter(self, mojokerto):
        fresh = mojokerto.dataset("diajukan")
        late = mojokerto.dataset("diajukan")
        backdate(late["id"], minutes=45)
        result = act("satudata_workflow_queue", mojokerto.users["admin_opd"])
        assert [r["name"] for r in result["results"]] == [late["name"], fresh["name"]]
        first = result["results"][0]
        assert first["overdue"] is True
        assert first["time_standard_seconds"] == 30 * 60
        assert first["waiting_seconds"] >= 45 * 60
        assert first["organization"]["title"] == mojokerto.opd["title"]
        assert [t["name"] for t in first["transitions"]] == ["sesuai", "tidak_sesuai"]
        assert self.names(mojokerto, "admin_opd", overdue_only=True) == [late["name"]]

    def test_separation_excludes_own_submission(self, mojokerto):
        act("satudata_role_assign", mojokerto.sysadmin,
            user=mojokerto.users["produsen"], role="admin_opd",
            organization=mojokerto.opd["id"])
        dataset = mojokerto.dataset("diajukan")
        assert dataset["name"] not in self.names(mojokerto, "produsen")
        assert dataset["name"] in self.names(mojokerto, "admin_opd")

    def test_anonymous_is_refused(self, mojokerto):
        with pytest.raises(tk.NotAuthorized, match="Anda harus masuk"):
            act("satudata_workflow_queue", None)


class TestAtomicity:
    def test_a_stale_transition_conflicts_and_records_nothing(self, mojokerto):
        dataset = mojokerto.dataset("diajukan")
        pkg = model.Package.get(dataset["id"])
        definition = load("mojokerto")
        stale = wf_state.current(pkg, definition)
        mojokerto.take(dataset["id"], "sesuai")
        with pytest.raises(wf_state.Conflict) as conflict:
            wf_state.apply(definition, pkg, definition.transitions["tidak_sesuai"],
                           stale, mojokerto.user_obj("admin_opd").id, note="x")
        assert conflict.value.current.state == "menunggu_persetujuan"
        assert [e["transition"] for e in events(dataset["id"])] == ["ajukan", "sesuai"]

    def test_the_loser_is_told_the_current_state(self, mojokerto, monkeypatch):
        """Both requests passed their checks before either wrote: the second
        one's compare-and-set finds the row changed."""
        dataset = mojokerto.dataset("diajukan")
        pkg = model.Package.get(dataset["id"])
        stale = wf_state.current(pkg, load("mojokerto"))
        mojokerto.take(dataset["id"], "sesuai")
        real, calls = wf_state.current, []

        def first_read_is_stale(*args):
            calls.append(args)
            return stale if len(calls) == 1 else real(*args)

        monkeypatch.setattr(wf_state, "current", first_read_is_stale)
        with pytest.raises(tk.ValidationError) as error:
            mojokerto.take(dataset["id"], "tidak_sesuai")
        assert "«Menunggu Persetujuan»" in error.value.error_dict["transition"][0]
        monkeypatch.undo()
        assert [e["transition"] for e in events(dataset["id"])] == ["ajukan", "sesuai"]

    def test_events_are_append_only(self, mojokerto):
        dataset = mojokerto.dataset("diajukan")
        with pytest.raises(sa.exc.DBAPIError, match="append-only"):
            model.Session.execute(
                sa.update(WorkflowEvent)
                .where(WorkflowEvent.package_id == dataset["id"])
                .values(note="diubah")
            )
        model.Session.rollback()
        assert events(dataset["id"])[0]["note"] == "Catatan untuk ajukan."


class TestAccess:
    @pytest.mark.parametrize("action", ["satudata_workflow_show",
                                        "satudata_workflow_history"])
    def test_outsiders_are_refused(self, mojokerto, action):
        dataset = mojokerto.dataset("terbit")
        for who, message in [("anonymous", "Anda harus masuk"),
                             ("member", "hanya dapat diikuti"),
                             ("other_opd", "hanya dapat diikuti")]:
            with pytest.raises(tk.NotAuthorized, match=message):
                act(action, mojokerto.users[who], id=dataset["id"])
        for who in ("produsen", "kepala_opd", "pembina", "sysadmin"):
            act(action, mojokerto.users[who], id=dataset["id"])

    def test_package_show_carries_the_status(self, mojokerto):
        dataset = mojokerto.dataset("disetujui")
        assert dataset["satudata_status"] == "disetujui"
        assert dataset["private"] is True

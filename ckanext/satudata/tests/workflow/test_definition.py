"""The definition loader, its start-up validation, and the pure engine."""
from __future__ import annotations

import copy
import datetime

import ckan.plugins.toolkit as tk
import pytest
import yaml

from ckanext.satudata.workflow import definition as wf_definition
from ckanext.satudata.workflow import engine, service
from ckanext.satudata.workflow.definition import DefinitionError, load, parse


def raw(preset: str = "mojokerto") -> dict:
    with open(wf_definition._path(preset), encoding="utf-8") as f:
        return yaml.safe_load(f)


class TestPresets:
    def test_mojokerto(self):
        d = load("mojokerto")
        assert d.initial_state == "draf" and d.public_state == "terbit"
        assert [t.name for t in d.outgoing("diajukan")] == ["sesuai", "tidak_sesuai"]
        roles = {name: t.role for name, t in d.transitions.items()}
        assert roles == {
            "ajukan": "produsen", "sesuai": "admin_opd", "tidak_sesuai": "admin_opd",
            "setujui": "kepala_opd", "kembalikan": "kepala_opd",
            "terbitkan": "admin_opd", "tarik": "walidata",
        }
        minutes = {s: st.time_standard.total_seconds() / 60
                   for s, st in d.states.items() if st.time_standard}
        # SOP Mojokerto steps 4-7: 120, 30, 15 and 30 minutes.
        assert minutes == {"draf": 120, "diajukan": 30, "dikembalikan": 120,
                           "menunggu_persetujuan": 15, "disetujui": 30}
        assert d.transitions["ajukan"].gate
        assert {n for n, t in d.transitions.items() if t.note == "required"} == {
            "tidak_sesuai", "kembalikan", "tarik"}

    def test_trenggalek(self):
        d = load("trenggalek")
        roles = {name: t.role for name, t in d.transitions.items()}
        assert roles == {
            "ajukan": "produsen", "sesuai": "walidata", "tidak_sesuai": "walidata",
            "setujui": "forum", "kembalikan": "forum", "terbitkan": "walidata",
            "tarik": "walidata",
        }
        day, hour = datetime.timedelta(days=1), datetime.timedelta(hours=1)
        assert d.states["diajukan"].time_standard == day
        assert d.states["menunggu_persetujuan"].time_standard == day
        assert d.states["disetujui"].time_standard == hour

    def test_unknown_preset_names_the_presets(self):
        with pytest.raises(DefinitionError, match="mojokerto, trenggalek"):
            load("sidoarjo")

    def test_own_file(self, tmp_path):
        path = tmp_path / "sop.yaml"
        data = raw()
        data["name"] = "kabupaten"
        path.write_text(yaml.safe_dump(data), encoding="utf-8")
        assert load(str(path)).name == "kabupaten"


@pytest.mark.parametrize("change,message", [
    (lambda d: d.pop("public_state"), "'public_state' is missing"),
    (lambda d: d.update(public_state="umum"), "public_state 'umum' is not a state"),
    (lambda d: d.update(initial_state="terbit"), "must differ"),
    (lambda d: d.update(colour="red"), "unknown key 'colour'"),
    (lambda d: d["states"]["draf"].update(time_standard="dua jam"),
     "time_standard 'dua jam'"),
    (lambda d: d["states"]["draf"].update(editable_by=["camat"]),
     "unknown role 'camat'"),
    (lambda d: d["transitions"]["ajukan"].update(role="camat"),
     "role 'camat' is not one of"),
    (lambda d: d["transitions"]["ajukan"].update(to="arsip"),
     "to-state 'arsip' is not a state"),
    (lambda d: d["transitions"]["sesuai"].update(checklist="lain"),
     "checklist 'lain' is not defined"),
    (lambda d: d["transitions"]["tarik"].update(note="wajib"), "note must be"),
    (lambda d: d.update(separation_of_duties=[["ajukan"], ["periksa"]]),
     "separation_of_duties: 'periksa' is not a transition"),
    (lambda d: d.update(separation_of_duties=[["ajukan"], ["ajukan", "sesuai"]]),
     "'ajukan' is in two duties"),
    (lambda d: d.update(separation_of_duties=["ajukan"]),
     "must be a list of lists"),
    (lambda d: d["transitions"]["setujui"].update(separate_from=["sesuai"]),
     "unknown key 'separate_from'"),
    (lambda d: d["transitions"].pop("tarik"), "no transition leaves the public"),
    (lambda d: d["transitions"].pop("terbitkan"), "cannot be reached"),
])
def test_invalid_definitions_are_explained(change, message):
    data = copy.deepcopy(raw())
    change(data)
    with pytest.raises(DefinitionError) as error:
        parse(data, "sop.yaml")
    assert message in str(error.value)
    assert "sop.yaml" in str(error.value)


def test_every_problem_is_listed_at_once():
    data = copy.deepcopy(raw())
    data["transitions"]["ajukan"]["role"] = "camat"
    data["states"]["draf"]["time_standard"] = "lama"
    with pytest.raises(DefinitionError) as error:
        parse(data, "sop.yaml")
    assert "camat" in str(error.value) and "lama" in str(error.value)


def test_broken_yaml(tmp_path):
    path = tmp_path / "rusak.yaml"
    path.write_text("states: [draf\n", encoding="utf-8")
    with pytest.raises(DefinitionError, match="not valid YAML"):
        load(str(path))


def test_start_up_refuses_a_broken_definition(tmp_path, ckan_config, monkeypatch):
    from ckan.plugins import get_plugin

    path = tmp_path / "rusak.yaml"
    path.write_text(yaml.safe_dump({"name": "x"}), encoding="utf-8")
    monkeypatch.setitem(ckan_config, "ckanext.satudata.workflow", str(path))
    with pytest.raises(DefinitionError, match="'states' is missing"):
        get_plugin("satudata").configure(ckan_config)


class TestEngine:
    """The pure function: no database, no request."""

    d = load("mojokerto")

    def verdicts(self, state, roles, **facts):
        options = engine.options(self.d, state, roles, engine.Facts(
            user_id="u1", **facts))
        return {o.transition.name: (o.allowed, o.code) for o in options}

    def test_role_decides(self):
        assert self.verdicts("diajukan", {"admin_opd"}) == {
            "sesuai": (True, None), "tidak_sesuai": (True, None)}
        assert self.verdicts("diajukan", {"produsen", "walidata"}) == {
            "sesuai": (False, "role"), "tidak_sesuai": (False, "role")}

    def test_gate(self):
        assert self.verdicts("draf", {"produsen"}) == {"ajukan": (False, "gate")}
        assert self.verdicts("draf", {"produsen"}, gate_passed=True) == {
            "ajukan": (True, None)}
        options = engine.options(self.d, "draf", {"produsen"}, engine.Facts(
            user_id="u1", gate_passed=False, gate_problems=("Kolom hilang.",)))
        assert "Kolom hilang." in (options[0].reason or "")

    def test_separation_of_duties(self):
        submitted = (("ajukan", "u1"),)
        assert self.verdicts("diajukan", {"admin_opd"}, submission=submitted) == {
            "sesuai": (False, "separation"), "tidak_sesuai": (False, "separation")}
        checked = (("ajukan", "u2"), ("sesuai", "u1"))
        assert self.verdicts(
            "menunggu_persetujuan", {"kepala_opd"}, submission=checked
        ) == {"setujui": (False, "separation"), "kembalikan": (False, "separation")}
        assert self.verdicts(
            "diajukan", {"admin_opd"}, submission=submitted,
            separation_of_duties=False,
        )["sesuai"] == (True, None)
        assert self.verdicts(
            "diajukan", {"admin_opd"}, submission=(("ajukan", "u2"),)
        )["sesuai"] == (True, None)

    def test_one_duty_per_person_across_the_whole_submission(self):
        # The submitter approving what someone else checked: refused too.
        round_: tuple[tuple[str, str], ...] = (("ajukan", "u1"), ("sesuai", "u2"))
        assert self.verdicts(
            "menunggu_persetujuan", {"kepala_opd"}, submission=round_
        )["setujui"] == (False, "separation")
        # Publishing is no duty: the checker publishes (Mojokerto's Admin OPD).
        round_ = (("ajukan", "u2"), ("sesuai", "u1"), ("setujui", "u3"))
        assert self.verdicts("disetujui", {"admin_opd"}, submission=round_) == {
            "terbitkan": (True, None)}
        # A new submission starts afresh; submitting is never refused.
        returned = (("ajukan", "u2"), ("tidak_sesuai", "u1"))
        assert self.verdicts(
            "dikembalikan", {"produsen"}, submission=returned, gate_passed=True
        ) == {"ajukan": (True, None)}

    def test_each_preset_separates_submit_check_and_approve(self):
        for preset in ("mojokerto", "trenggalek"):
            assert load(preset).duties == (
                ("ajukan",), ("sesuai", "tidak_sesuai"), ("setujui", "kembalikan"))

    def test_a_transition_asked_for_in_the_wrong_state(self):
        option = engine.option_for(
            self.d, "draf", self.d.transitions["setujui"], {"kepala_opd"},
            engine.Facts(user_id="u1"))
        assert (option.allowed, option.code) == (False, "state")
        reason = option.reason or ""
        assert "«Draf»" in reason and "«Menunggu Persetujuan»" in reason

    def test_inactive_dataset(self):
        assert self.verdicts("disetujui", {"admin_opd"}, dataset_active=False) == {
            "terbitkan": (False, "inactive")}

    def test_public_state_has_only_withdrawal(self):
        assert self.verdicts("terbit", {"walidata"}) == {"tarik": (True, None)}

    def test_needs_gate(self):
        assert engine.needs_gate(self.d, "draf", {"produsen"})
        assert not engine.needs_gate(self.d, "draf", {"admin_opd"})
        assert not engine.needs_gate(self.d, "diajukan", {"produsen"})


class TestReturnChecklist:
    """A return with a checklist must leave an item unticked; the rule
    follows the definition, not the transition's name."""

    @pytest.mark.parametrize("preset", ["mojokerto", "trenggalek"])
    def test_presets(self, preset):
        rule = {name: t.checklist_needs_unticked
                for name, t in load(preset).transitions.items()}
        assert [name for name, needed in rule.items() if needed] == ["tidak_sesuai"]

    def test_all_ticked_refused_by_the_service(self):
        returning = load("mojokerto").transitions["tidak_sesuai"]
        keys = [i.key for i in returning.checklist]
        with pytest.raises(tk.ValidationError, match="Hapus centang"):
            service.parse_checklist(returning, keys)
        assert service.parse_checklist(returning, keys[1:]) == {
            k: k != keys[0] for k in keys}

    def test_a_return_without_a_checklist_has_no_such_rule(self):
        data = raw()
        del data["transitions"]["tidak_sesuai"]["checklist"]
        returning = parse(data, "tanpa-daftar").transitions["tidak_sesuai"]
        assert returning.returns and not returning.checklist_needs_unticked
        assert service.parse_checklist(returning, None) is None


def test_describe_duration():
    describe = wf_definition.describe_duration
    assert describe(30 * 60) == "30 menit"
    assert describe(90 * 60) == "1 jam 30 menit"
    assert describe(26 * 3600 + 60) == "1 hari 2 jam"
    assert describe(10) == "kurang dari 1 menit"
    assert describe(None) == "-"

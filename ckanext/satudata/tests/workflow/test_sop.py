"""A dataset through the whole SOP of each preset, returns included."""
from __future__ import annotations

from ckan.tests import helpers

from .conftest import act


def test_whole_sop_with_returns(world):
    dataset = world.dataset()
    pid = dataset["id"]
    assert dataset["private"] is True
    assert dataset["satudata_status"] == "draf"

    steps = [
        ("ajukan", "diajukan"),
        ("tidak_sesuai", "dikembalikan"),
        ("ajukan", "diajukan"),
        ("sesuai", "menunggu_persetujuan"),
        ("kembalikan", "dikembalikan"),
        ("ajukan", "diajukan"),
        ("sesuai", "menunggu_persetujuan"),
        ("setujui", "disetujui"),
        ("terbitkan", "terbit"),
        ("tarik", "ditarik"),
        ("ajukan", "diajukan"),
    ]
    for transition, state in steps:
        result = world.take(pid, transition)
        assert result["state"] == state
        shown = helpers.call_action("package_show", id=pid)
        assert shown["satudata_status"] == state
        assert shown["private"] is (state != "terbit")

    history = act("satudata_workflow_history", world.users["walidata"], id=pid)
    assert [e["transition"] for e in history] == [t for t, _ in steps]
    assert [e["to_state"] for e in history] == [s for _, s in steps]
    first = history[0]
    assert first["user_name"] == world.users["produsen"]
    assert first["role"] == "produsen"
    assert first["template_id"] == world.template["id"]
    assert first["template_version"] == 1
    assert len(first["report_ids"]) == 1
    assert history[1]["note"] == "Catatan untuk tidak_sesuai."
    assert history[1]["checklist"] is not None

"""The workflow in the browser: badge, panel, buttons, "Tugas saya", facet."""
from __future__ import annotations

import re

import ckan.plugins.toolkit as tk
import pytest
from ckan.tests import helpers

from .conftest import CHECKLIST_KEYS, PATHS, inputs


def badges(body):
    """The (class, label) of every status badge on the page."""
    return re.findall(
        r'satudata-status satudata-status-(\w+)"[^>]*>\s*([^<]+?)\s*</span>', body
    )


def page(app, world, who, url, status=200):
    return app.get(url, headers=world.headers(who), status=status).body


def post_transition(app, world, who, dataset, transition, follow=False, **form):
    return app.post(
        tk.h.url_for("satudata_workflow.transition", id=dataset["name"]),
        data={"transition": transition, **form},
        headers=world.headers(who),
        follow_redirects=follow,
    )


def form_for(preset, transition):
    """The form fields the panel would send for the transition."""
    data = inputs(preset, transition)
    form = {"note": data["note"]}
    if "checklist" in data:
        form["has_checklist"] = "1"
        form["checklist"] = [k for k, v in data["checklist"].items() if v]
    return form


class TestWholeSopThroughTheForms:
    def test_every_step_by_its_actor_with_returns(self, app, world):
        dataset = world.dataset()
        steps = ["ajukan", "tidak_sesuai", "ajukan", "sesuai", "kembalikan",
                 "ajukan", "sesuai", "setujui", "terbitkan", "tarik"]
        for transition in steps:
            who = world.actor(transition)
            url = tk.h.url_for("dataset.read", id=dataset["name"])
            body = page(app, world, who, url)
            assert f'data-transition="{transition}"' in body
            form = form_for(world.preset, transition)
            response = post_transition(app, world, who, dataset, transition, **form)
            assert response.status_code == 302
            assert response.headers["Location"].endswith(f"/dataset/{dataset['name']}")
        history = helpers.call_action("satudata_workflow_history", id=dataset["id"])
        assert [e["transition"] for e in history] == steps
        assert world.state(dataset["id"]) == "ditarik"


class TestPanel:
    def test_producer_sees_submit_and_the_timeline(self, app, world):
        dataset = world.dataset()
        url = tk.h.url_for("dataset.read", id=dataset["name"])
        body = page(app, world, "produsen", url)
        assert 'id="alur-kerja"' in body
        assert 'data-transition="ajukan"' in body
        assert ("draft", "Draf") in badges(body)
        assert "Riwayat" in body

    def test_checker_sees_checklist_report_and_both_verdicts(self, app, world):
        dataset = world.dataset("diajukan")
        body = page(app, world, world.actor("sesuai"),
                    tk.h.url_for("dataset.read", id=dataset["name"]))
        assert 'data-transition="sesuai"' in body
        assert 'data-transition="tidak_sesuai"' in body
        assert 'name="checklist"' in body
        assert "Laporan kesesuaian" in body
        assert "Sesuai template" in body
        assert "Menunggu" in body

    @pytest.mark.parametrize("who", ["pembina", "kepala_opd"])
    def test_who_cannot_act_sees_no_buttons(self, app, world, who):
        dataset = world.dataset("diajukan")
        url = tk.h.url_for("dataset.read", id=dataset["name"])
        body = page(app, world, who, url)
        assert 'id="alur-kerja"' in body
        assert "satudata-workflow-action" not in body

    def test_anonymous_sees_no_panel_on_a_published_dataset(self, app, world):
        dataset = world.dataset("terbit")
        url = tk.h.url_for("dataset.read", id=dataset["name"])
        body = page(app, world, "anonymous", url)
        assert 'id="alur-kerja"' not in body
        assert "satudata-status" not in body

    def test_missing_note_is_reported_on_the_page(self, app, world):
        dataset = world.dataset("diajukan")
        response = post_transition(app, world, world.actor("tidak_sesuai"), dataset,
                                   "tidak_sesuai", follow=True, note="")
        assert response.status_code == 200
        assert "Catatan wajib diisi" in response.body
        assert world.state(dataset["id"]) == "diajukan"

    def test_refused_form_keeps_the_note_and_ticks_once(self, app, world):
        dataset = world.dataset("diajukan")
        checker = world.actor("sesuai")
        ticked = CHECKLIST_KEYS[world.preset][:2]
        client = app.test_client()
        response = client.post(
            tk.h.url_for("satudata_workflow.transition", id=dataset["name"]),
            data={"transition": "sesuai", "has_checklist": "1",
                  "checklist": ticked, "note": "Baris 12 masih dicek ulang."},
            headers=world.headers(checker), follow_redirects=True,
        )
        body = response.get_data(as_text=True)
        assert "Semua butir daftar periksa" in body or "harus" in body
        assert world.state(dataset["id"]) == "diajukan"
        form = re.search(
            r'data-transition="sesuai">(.*?)</form>', body, re.S).group(1)
        assert "Baris 12 masih dicek ulang.</textarea>" in form
        assert "<legend>Daftar periksa untuk «Sesuai»</legend>" in form
        for key in CHECKLIST_KEYS[world.preset]:
            box = re.search(rf'<input[^>]*value="{key}"[^>]*>', form).group(0)
            assert ("checked" in box) == (key in ticked), key
        other = re.search(
            r'data-transition="tidak_sesuai">(.*?)</form>', body, re.S).group(1)
        assert "Baris 12" not in other and "checked" not in other
        again = client.get(tk.h.url_for("dataset.read", id=dataset["name"]),
                           headers=world.headers(checker))
        assert "Baris 12" not in again.get_data(as_text=True)

    def test_transition_refused_by_role_is_403(self, app, world):
        dataset = world.dataset("diajukan")
        response = post_transition(app, world, "pembina", dataset, "sesuai")
        assert response.status_code == 403
        assert world.state(dataset["id"]) == "diajukan"

    def test_anonymous_post_is_refused(self, app, world):
        dataset = world.dataset("terbit")
        response = post_transition(app, world, "anonymous", dataset, "tarik", note="x")
        assert response.status_code == 403
        assert world.state(dataset["id"]) == "terbit"


class TestBadge:
    def test_dataset_list_shows_each_state(self, app, world):
        names = {s: world.dataset(s)["name"] for s in ("draf", "diajukan", "terbit")}
        body = page(app, world, "walidata", tk.h.url_for("dataset.search"))
        for name in names.values():
            assert name in body
        assert sorted(badges(body)) == [
            ("draft", "Draf"), ("public", "Terbit"), ("review", "Diajukan")
        ]


class TestQueuePage:
    def test_lists_the_users_tasks(self, app, world):
        waiting = world.dataset("diajukan")
        queue = tk.h.url_for("satudata_workflow.queue")
        body = page(app, world, world.actor("sesuai"), queue)
        assert "Tugas saya" in body
        assert waiting["name"] in body

    def test_is_a_dashboard_tab(self, app, world):
        body = page(app, world, "produsen", tk.h.url_for("dashboard.datasets"))
        assert 'href="/satudata/tugas"' in body

    def test_empty_queue(self, app, world):
        body = page(app, world, "pembina", tk.h.url_for("satudata_workflow.queue"))
        assert "Tidak ada dataset yang menunggu tindakan Anda." in body

    def test_anonymous_is_refused(self, app, world):
        queue = tk.h.url_for("satudata_workflow.queue")
        page(app, world, "anonymous", queue, status=403)


class TestStatusFacet:
    def test_logged_in_users_get_the_facet_with_labels(self, app, world):
        world.dataset("diajukan")
        body = page(app, world, "walidata", tk.h.url_for("dataset.search"))
        assert "Status Alur Kerja" in body
        assert "satudata_status=diajukan" in body

    def test_anonymous_users_do_not(self, app, world):
        world.dataset("terbit")
        body = page(app, world, "anonymous", tk.h.url_for("dataset.search"))
        assert "Status Alur Kerja" not in body


def test_paths_cover_every_state(preset):
    from ckanext.satudata.workflow.definition import load

    assert set(PATHS) == set(load(preset).states)


class TestActivityPage:
    def test_transitions_render_as_workflow_steps(self, app, world):
        dataset = world.dataset("dikembalikan")
        url = tk.h.url_for("activity.package_activity", id=dataset["name"])
        body = page(app, world, "walidata", url)
        assert "satudata-workflow-activity" in body
        assert "melakukan «Tidak sesuai» pada dataset" in body
        assert "Diajukan → Dikembalikan" in body
        assert "Catatan untuk tidak_sesuai." in body

    def test_anonymous_sees_only_the_publication(self, app, world):
        dataset = world.dataset("terbit")
        url = tk.h.url_for("activity.package_activity", id=dataset["name"])
        body = page(app, world, "anonymous", url)
        assert "melakukan «Terbitkan»" in body
        assert "«Ajukan»" not in body

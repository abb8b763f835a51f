"""The workflow in the browser: badge, panel, buttons, "Tugas saya", facet."""
from __future__ import annotations

import datetime
import re

import ckan.model as model
import ckan.plugins.toolkit as tk
import pytest
from ckan.tests import helpers
from markupsafe import escape

from ckanext.satudata.roles import ROLE_LABELS
from ckanext.satudata.workflow.definition import configured, load

from .conftest import CHECKLIST_KEYS, PATHS, inputs

BULAN = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli",
         "Agustus", "September", "Oktober", "November", "Desember")


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


def section(body, marker):
    """The HTML of the <section> whose opening tag carries ``marker``."""
    found = re.search(rf'<section[^>]*{marker}[^>]*>.*?</section>', body, re.S)
    assert found, marker
    return found.group(0)


def indonesian(moment, zone="UTC", hours=0):
    """``moment`` (naive UTC) as the page should write it, spelled out here
    rather than through Babel so a wrong format cannot agree with itself."""
    moment += datetime.timedelta(hours=hours)
    return (f"{moment.day} {BULAN[moment.month - 1]} {moment.year},"
            f" {moment:%H.%M} {zone}")


def by_line(event):
    """``«Tidak sesuai» oleh <name> (<role>) pada`` for a history event."""
    name = escape(model.User.get(event["user_name"]).display_name)
    role = ROLE_LABELS[event["role"]]
    return f"«{event['transition_label']}» oleh {name} ({role}) pada"


class TestReturnBox:
    """A returned dataset says on top of its page who sent it back, when,
    why and which checklist items do not conform."""

    NOTE = "Kolom jumlah Kecamatan Bangsal salah ketik.\nBaris 3 dicek ulang."

    def test_producer_reads_the_return_on_top(self, app, world):
        dataset = world.dataset("diajukan")
        keys = CHECKLIST_KEYS[world.preset]
        world.take(dataset["id"], "tidak_sesuai", note=self.NOTE,
                   checklist=[keys[1], keys[3]])
        labels = {i.key: i.label for i in
                  load(world.preset).transitions["tidak_sesuai"].checklist}
        url = tk.h.url_for("dataset.read", id=dataset["name"])
        body = page(app, world, "produsen", url)
        box = section(body, 'id="pengembalian"')
        # Above both columns: before the sidebar (a phone shows it first)
        # and the dataset's title.
        at = body.index('id="pengembalian"')
        assert at < body.index('<aside class="secondary')
        assert at < body.index("<h1>", body.index('role="main"'))
        assert "Dikembalikan: dataset perlu diperbaiki" in box
        event = helpers.call_action("satudata_workflow_history",
                                    id=dataset["id"])[-1]
        created = datetime.datetime.fromisoformat(event["created"])
        assert f"{by_line(event)} {indonesian(created)}." in box
        assert str(escape(self.NOTE)) in box
        unticked = re.search(r'<ul class="satudata-returned-items">(.*?)</ul>',
                             box, re.S).group(1)
        assert re.findall(r"<li>(.*?)</li>", unticked) == [
            str(escape(labels[keys[0]])), str(escape(labels[keys[2]]))]
        assert "Butir yang tidak sesuai" in box
        assert "lalu ajukan kembali melalui panel" in box
        # The panel's timeline writes the same date.
        panel = re.sub(r"\s+", " ", section(body, 'id="alur-kerja"'))
        assert f"{indonesian(created)}: «Tidak sesuai»" in panel

        # The OPD's other role holders see it too; it goes once resubmitted.
        other = "kepala_opd" if world.preset == "mojokerto" else "walidata"
        seen = section(page(app, world, other, url), 'id="pengembalian"')
        assert str(escape(labels[keys[0]])) in seen
        assert ("Langkah berikutnya: Produsen Data memperbaiki data sesuai"
                " catatan pemeriksa.") in seen
        assert "ajukan kembali" not in seen
        world.take(dataset["id"], "ajukan")
        assert "satudata-returned" not in page(app, world, "produsen", url)

    def test_a_return_without_checklist_shows_its_note(self, app, world):
        dataset = world.dataset("menunggu_persetujuan")
        world.take(dataset["id"], "kembalikan", note="Data tahun 2025 belum ada.")
        body = page(app, world, "produsen",
                    tk.h.url_for("dataset.read", id=dataset["name"]))
        box = section(body, 'id="pengembalian"')
        assert "«Kembalikan» oleh" in box
        assert "Data tahun 2025 belum ada." in box
        assert "Butir yang tidak sesuai" not in box

    @pytest.mark.parametrize("state", ["draf", "diajukan", "terbit"])
    def test_no_box_when_nothing_was_returned(self, app, world, state):
        dataset = world.dataset(state)
        body = page(app, world, "produsen",
                    tk.h.url_for("dataset.read", id=dataset["name"]))
        assert 'id="alur-kerja"' in body
        assert "satudata-returned" not in body

    def test_date_in_the_portals_time_zone(self, app, mojokerto, ckan_config,
                                           monkeypatch):
        monkeypatch.setitem(ckan_config, "ckan.display_timezone", "Asia/Jakarta")
        dataset = mojokerto.dataset("dikembalikan")
        body = page(app, mojokerto, "produsen",
                    tk.h.url_for("dataset.read", id=dataset["name"]))
        event = helpers.call_action("satudata_workflow_history",
                                    id=dataset["id"])[-1]
        created = datetime.datetime.fromisoformat(event["created"])
        assert indonesian(created, "WIB", hours=7) in section(
            body, 'id="pengembalian"')


class TestApproverPanel:
    """The approver (Kepala OPD; Forum Satu Data in Trenggalek) decides
    with the conformance reports and the checker's checklist at hand."""

    def test_reports_and_the_checkers_checklist(self, app, world):
        dataset = world.dataset("diajukan")
        world.take(dataset["id"], "sesuai", note="Sudah dicocokkan dengan BPS.")
        approver = world.actor("setujui")
        body = page(app, world, approver,
                    tk.h.url_for("dataset.read", id=dataset["name"]))
        panel = section(body, 'id="alur-kerja"')
        assert 'data-transition="setujui"' in panel
        checked = re.search(
            r'<div class="satudata-workflow-checked">(.*?)</div>', panel, re.S
        ).group(1)
        event = helpers.call_action("satudata_workflow_history",
                                    id=dataset["id"])[-1]
        assert event["transition"] == "sesuai"
        assert by_line(event) in checked
        assert "Sudah dicocokkan dengan BPS." in checked
        ticked = re.findall(
            r'<li class="satudata-ticked">\s*<i[^>]*></i>\s*(.*?)\s*</li>',
            checked, re.S)
        assert ticked == [str(escape(i.label)) for i in
                          load(world.preset).transitions["sesuai"].checklist]
        assert "satudata-unticked" not in checked

        resource = helpers.call_action("package_show", id=dataset["id"])[
            "resources"][0]
        report_url = tk.h.url_for("satudata_validation.report",
                                  id=resource["satudata_validation_report_id"])
        reports = re.search(
            r'<div class="satudata-workflow-reports">(.*?)</div>', panel, re.S
        ).group(1)
        assert f'<a href="{report_url}">Sesuai template</a>' in reports
        assert "Tabel penduduk" in reports
        dataset_url = tk.h.url_for("satudata_validation.dataset", id=dataset["name"])
        assert f'href="{dataset_url}"' in reports
        # The link opens the report for the approver.
        report = page(app, world, approver, report_url)
        assert "Laporan kesesuaian" in report
        assert "Tabel penduduk" in report

    def test_no_check_result_before_the_check(self, app, world):
        dataset = world.dataset("diajukan")
        body = page(app, world, "produsen",
                    tk.h.url_for("dataset.read", id=dataset["name"]))
        assert "satudata-workflow-checked" not in body


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
        label = configured().state_label("diajukan")
        assert label != "diajukan"
        assert f'<span class="item-label">{label}</span>' in body
        # The filter's pill names the state as the facet does.
        body = page(app, world, "walidata",
                    tk.h.url_for("dataset.search", satudata_status="diajukan"))
        assert re.search(rf'class="filtered pill">\s*{re.escape(label)}\s*<', body)

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

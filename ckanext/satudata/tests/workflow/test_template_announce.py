"""The Walidata's template work (Mojokerto SOP steps 2-3): the rows without
a template and the templates not announced in the Walidata's "Tugas saya",
«Informasikan» (who may, the emails, the record, twice), the OPD's entry
until a dataset is linked, and the step on the board."""
from __future__ import annotations

import datetime
import re

import ckan.model as model
import ckan.plugins.toolkit as tk
import pytest
import sqlalchemy as sa

from ckanext.satudata.model import utcnow
from ckanext.satudata.model.daftar_data import DaftarData
from ckanext.satudata.model.template import TemplateAnnouncement, TemplateVersion
from ckanext.satudata.report import figures
from ckanext.satudata.tests.schemas.factories import daftar_data_row, sdi_metadata
from ckanext.satudata.workflow import queue
from ckanext.satudata.workflow.definition import configured

from .conftest import TABLE_SCHEMA, act
from .test_notifications import clear, mails


@pytest.fixture(autouse=True)
def _no_jobs_of_other_tests(clean_queues):
    """Queued emails of earlier tests must not be delivered here."""


def address(who: str) -> str:
    return f"{who}@mojokertokab.go.id"


def tasks(world, who: str) -> list[dict]:
    result = act("satudata_workflow_queue", world.users[who])
    assert result["count"] == queue.count(world.user_obj(who))
    return result["template_tasks"]


def kinds(world, who: str) -> list[tuple[str, str]]:
    return [(t["kind"], t["daftar_data"]["kode"]) for t in tasks(world, who)]


def established(world, kode: str, tahun: int | None = None, opd=None) -> DaftarData:
    return daftar_data_row((opd or world.opd)["id"], kode=kode,
                           tahun=tahun or utcnow().year)


def link(world, row: DaftarData, template: str = "penduduk-kecamatan") -> None:
    act("satudata_daftar_data_update", world.users["walidata"], id=row.id,
        template_id=template)


class TestWalidataTasks:
    def test_rows_of_this_year_without_template_then_unannounced(self, mojokerto):
        world = mojokerto
        row = established(world, "DD-T-1")
        established(world, "DD-LALU", tahun=utcnow().year - 1)
        daftar_data_row(world.opd["id"], kode="DD-USUL", tahun=utcnow().year,
                        status="usulan")
        assert kinds(world, "walidata") == [("template_belum_ada", "DD-T-1")]
        link(world, row)
        found = tasks(world, "walidata")
        assert [(t["kind"], t["template"]["name"]) for t in found] == [
            ("template_belum_diinformasikan", "penduduk-kecamatan")]
        assert found[0]["time_standard_seconds"] == 600
        act("satudata_template_announce", world.users["walidata"],
            id="penduduk-kecamatan")
        assert kinds(world, "walidata") == []

    def test_the_header_counts_the_template_tasks(self, app, mojokerto):
        established(mojokerto, "DD-T-2")
        established(mojokerto, "DD-T-3")
        body = app.get("/dataset/", headers=mojokerto.headers("walidata")).body
        assert re.findall(r'satudata-nav-count"[^>]*>(\d+)</span>', body) == ["2"]
        page = app.get("/satudata/tugas", headers=mojokerto.headers("walidata")).body
        assert page.count('data-kind="template_belum_ada"') == 2
        assert "Buat atau pilih template untuk DD-T-2" in page

    def test_other_roles_have_no_walidata_tasks(self, mojokerto):
        established(mojokerto, "DD-T-4")
        for who in ("forum", "pembina", "produsen", "admin_opd", "kepala_opd"):
            assert kinds(mojokerto, who) == [], who


class TestAnnounce:
    @pytest.mark.parametrize("who", ["produsen", "admin_opd", "kepala_opd",
                                     "forum", "pembina", "member", "anonymous"])
    def test_only_the_walidata_announces(self, mojokerto, who):
        link(mojokerto, established(mojokerto, "DD-A-1"))
        with pytest.raises(tk.NotAuthorized) as refused:
            act("satudata_template_announce", mojokerto.users[who],
                id="penduduk-kecamatan")
        assert "Hanya Walidata" in str(refused.value)
        assert model.Session.scalar(
            sa.select(sa.func.count()).select_from(TemplateAnnouncement)) == 0

    def test_emails_the_opds_produsen_and_admin_opd_with_downloads(
        self, mojokerto, mail_server
    ):
        world = mojokerto
        row = established(world, "DD-A-2")
        other = established(world, "DD-A-3", opd=world.other_opd)
        link(world, row)
        link(world, other)
        clear(mail_server)
        result = act("satudata_template_announce", world.users["walidata"],
                     id="penduduk-kecamatan")
        assert mail_server.get_smtp_messages() == []  # a job, not the request
        sent = mails(mail_server)
        assert set(sent) == {address("produsen"), address("admin_opd"),
                             address("other_opd")}
        body = sent[address("produsen")]["body"]
        assert "Template tabel baru" in sent[address("produsen")]["subject"]
        assert "DD-A-2" in body and "DD-A-3" not in body
        assert "/template/penduduk-kecamatan/unduh/xlsx?versi=1" in body
        assert "/template/penduduk-kecamatan/unduh/csv?versi=1" in body
        assert "/satudata/tugas" in body

        recorded = {a["daftar_data_id"]: a for a in result["announcements"]}
        assert set(recorded) == {row.id, other.id}
        mine = recorded[row.id]
        walidata = world.user_obj("walidata")
        assert (mine["user_id"], mine["template_version"], mine["owner_org"]) == (
            walidata.id, 1, world.opd["id"])
        assert set(mine["recipients"]) == {world.user_obj("produsen").id,
                                           world.user_obj("admin_opd").id}
        linked = model.Session.get(DaftarData, row.id).template_linked
        assert mine["clock_start"] == linked.isoformat()

    def test_twice_is_refused_until_a_new_version(self, mojokerto):
        link(mojokerto, established(mojokerto, "DD-A-4"))
        walidata = mojokerto.users["walidata"]
        act("satudata_template_announce", walidata, id="penduduk-kecamatan")
        with pytest.raises(tk.ValidationError) as refused:
            act("satudata_template_announce", walidata, id="penduduk-kecamatan")
        assert "sudah diinformasikan" in str(refused.value.error_dict)
        schema = dict(TABLE_SCHEMA, fields=TABLE_SCHEMA["fields"] + [
            {"name": "catatan", "type": "string"}])
        act("satudata_template_update", walidata, id="penduduk-kecamatan",
            table_schema=schema)
        again = act("satudata_template_announce", walidata, id="penduduk-kecamatan")
        assert [a["template_version"] for a in again["announcements"]] == [2]

    def test_refusals_in_indonesian(self, mojokerto):
        walidata = mojokerto.users["walidata"]
        with pytest.raises(tk.ValidationError) as refused:
            act("satudata_template_announce", walidata, id="penduduk-kecamatan")
        assert "belum dipasang" in str(refused.value.error_dict)
        row = established(mojokerto, "DD-A-5")
        with pytest.raises(tk.ValidationError) as refused:
            act("satudata_template_announce", walidata, id="penduduk-kecamatan",
                daftar_data_id=row.id)
        assert "tidak memakai template ini" in str(refused.value.error_dict)
        with pytest.raises(tk.ValidationError) as refused:
            link(mojokerto, row, template="tidak-ada")
        assert "tidak ditemukan" in str(refused.value.error_dict)
        with pytest.raises(tk.ObjectNotFound):
            act("satudata_template_announce", walidata, id="tidak-ada")

    def test_the_record_is_append_only(self, mojokerto):
        link(mojokerto, established(mojokerto, "DD-A-6"))
        act("satudata_template_announce", mojokerto.users["walidata"],
            id="penduduk-kecamatan")
        with pytest.raises(sa.exc.DBAPIError):
            model.Session.execute(sa.text(
                "UPDATE satudata_template_announcement SET template_version = 9"))
        model.Session.rollback()
        with pytest.raises(sa.exc.DBAPIError):
            model.Session.execute(sa.text(
                "DELETE FROM satudata_template_announcement"))
        model.Session.rollback()


class TestOpdEntry:
    def test_until_a_dataset_is_linked_to_the_row(self, mojokerto):
        world = mojokerto
        # A 2024 row: the SDI metadata factory describes a 2024 dataset.
        row = established(world, "DD-O-1", tahun=2024)
        link(world, row)
        act("satudata_template_announce", world.users["walidata"],
            id="penduduk-kecamatan")
        for who in ("produsen", "admin_opd"):
            found = tasks(world, who)
            assert [(t["kind"], t["daftar_data"]["kode"]) for t in found] == [
                ("template_baru", "DD-O-1")], who
            assert found[0]["label"].startswith("Template tabel baru untuk DD-O-1")
        for who in ("kepala_opd", "other_opd", "forum"):
            assert kinds(world, who) == [], who

        act("package_create", world.users["produsen"],
            name="data-dd-o-1", title="Jumlah Penduduk", owner_org=world.opd["id"],
            **sdi_metadata(row.id))
        for who in ("produsen", "admin_opd"):
            assert kinds(world, who) == [], who

    def test_the_queue_page_offers_the_downloads(self, app, mojokerto):
        row = established(mojokerto, "DD-O-2")
        link(mojokerto, row)
        act("satudata_template_announce", mojokerto.users["walidata"],
            id="penduduk-kecamatan")
        page = app.get("/satudata/tugas", headers=mojokerto.headers("produsen")).body
        assert "Template tabel baru untuk DD-O-2" in page
        assert "/template/penduduk-kecamatan/unduh/xlsx?versi=1" in page


class TestBoard:
    def test_the_announcement_is_timed_against_ten_minutes(self, mojokerto):
        world = mojokerto
        fast = established(world, "DD-B-1")
        slow = established(world, "DD-B-2")
        link(world, fast)
        link(world, slow)
        # The version is an hour old; the slow row's template was linked 25
        # minutes before the announcement: its clock starts at the link.
        model.Session.execute(
            sa.update(TemplateVersion).where(
                TemplateVersion.template_id == world.template["id"]).values(
                created=utcnow() - datetime.timedelta(hours=1)))
        model.Session.execute(
            sa.update(DaftarData).where(DaftarData.id == slow.id).values(
                template_linked=utcnow() - datetime.timedelta(minutes=25)))
        model.Session.commit()
        act("satudata_template_announce", world.users["walidata"],
            id="penduduk-kecamatan")
        report = figures.compute(figures.Scope(tahun=utcnow().year), configured())
        step = report["langkah"][0]
        assert step["status"] == "informasikan_template"
        assert (step["jumlah_peristiwa"], step["sesuai_standar"],
                step["standar_waktu_detik"]) == (2, 1, 600)
        assert report["ringkasan"]["langkah_diukur"] == 2

    def test_the_clock_starts_no_earlier_than_the_version(self, mojokerto):
        row = established(mojokerto, "DD-B-3")
        link(mojokerto, row)
        model.Session.execute(
            sa.update(DaftarData).where(DaftarData.id == row.id).values(
                template_linked=utcnow() - datetime.timedelta(days=3)))
        model.Session.commit()
        made = act("satudata_template_announce", mojokerto.users["walidata"],
                   id="penduduk-kecamatan")["announcements"][0]
        version = model.Session.scalars(sa.select(TemplateVersion).where(
            TemplateVersion.template_id == mojokerto.template["id"])).one()
        assert made["clock_start"] == version.created.isoformat()


class TestPickerPages:
    def test_the_row_page_sets_a_template_through_the_form(self, app, mojokerto):
        row = established(mojokerto, "DD-P-1")
        headers = mojokerto.headers("walidata")
        page = app.get(f"/daftar-data/{row.id}", headers=headers).body
        assert 'id="field-template_id"' in page
        assert "Jumlah Penduduk menurut Kecamatan (penduduk-kecamatan" in page
        app.post(f"/satudata/daftar-data/{row.id}/template", headers=headers,
                 data={"template_id": mojokerto.template["id"]})
        assert model.Session.get(DaftarData, row.id).template_id == (
            mojokerto.template["id"])
        page = app.get(f"/daftar-data/{row.id}", headers=headers).body
        assert "Informasikan" in page

    def test_a_bad_template_is_refused_in_indonesian(self, app, mojokerto):
        row = established(mojokerto, "DD-P-2")
        headers = mojokerto.headers("walidata")
        response = app.post(f"/satudata/daftar-data/{row.id}/template",
                            headers=headers, data={"template_id": "bukan-template"})
        assert response.status_code == 200
        assert "tidak ditemukan; pilih template dari daftar" in response.body
        assert model.Session.get(DaftarData, row.id).template_id is None

    def test_the_picker_searches_by_name(self, app, mojokerto):
        row = established(mojokerto, "DD-P-3")
        headers = mojokerto.headers("walidata")
        page = app.get(f"/daftar-data/{row.id}?cari_template=tidak-cocok",
                       headers=headers).body
        assert "(penduduk-kecamatan" not in page
        page = app.get(f"/daftar-data/{row.id}?cari_template=penduduk",
                       headers=headers).body
        assert "(penduduk-kecamatan" in page

    def test_the_produsen_has_no_picker(self, app, mojokerto):
        row = established(mojokerto, "DD-P-4")
        page = app.get(f"/daftar-data/{row.id}",
                       headers=mojokerto.headers("produsen")).body
        assert 'id="field-template_id"' not in page

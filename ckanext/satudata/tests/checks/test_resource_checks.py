"""Checks of resources through CKAN: uploads, URLs, the job, version pinning."""
from __future__ import annotations

import io
import os
import subprocess
import sys

import ckan.model as model
import ckan.plugins.toolkit as tk
import pytest
from ckan.tests import helpers

from ckanext.satudata.checks.gate import submission_gate
from ckanext.satudata.model.validation import ValidationReport
from ckanext.satudata.tests.template.factories import (
    act,
    add_upload,
    data_bytes,
    linked_dataset,
    make_template,
    penduduk,
    token,
    upload,
)


@pytest.fixture
def setup(people):
    template = make_template(people.walidata)
    dataset = linked_dataset(people.org_a["id"], template["id"], people.produsen_a)
    return people, template, dataset


def reports_of(resource_id: str) -> list[ValidationReport]:
    return list(model.Session.scalars(
        model.Session.query(ValidationReport)
        .filter(ValidationReport.resource_id == resource_id)
        .order_by(ValidationReport.created).statement))


class TestSynchronous:
    def test_good_upload_passes_and_the_resource_says_so(self, setup):
        people, template, dataset = setup
        res = add_upload(dataset["id"], people.produsen_a,
                         data_bytes("baik.csv"), "penduduk.csv")
        assert res["validation_status"] == "success"
        assert res["satudata_template_version"] == 1
        assert res["schema"]["fields"][0]["name"] == "kode_wilayah"
        shown = act("resource_show", people.produsen_a, id=res["id"])
        assert shown["validation_status"] == "success"
        assert shown["validation_timestamp"]
        report = act("satudata_validation_show", people.produsen_a,
                     resource_id=res["id"])
        assert report["status"] == "success"
        assert report["counts"]["rows"] == 18
        assert report["source"] == "upload"
        assert report["current"] is True

    def test_broken_upload_is_kept_and_reported_in_indonesian(self, setup):
        people, _, dataset = setup
        res = add_upload(dataset["id"], people.produsen_a,
                         data_bytes("tipe.csv"), "penduduk.csv")
        # The file is stored anyway: nothing the producer uploads is lost.
        assert res["url_type"] == "upload" and res["size"] > 0
        assert res["validation_status"] == "failure"
        report = act("satudata_validation_show", people.produsen_a,
                     resource_id=res["id"])
        assert report["counts"]["errors"] == 5
        first = report["errors"][0]
        assert (first["row"], first["column"], first["value"]) == (
            4, "laki_laki", "tiga ribu")
        assert first["message"] == (
            "Nilai 'tiga ribu' pada kolom 'laki_laki' bukan bilangan bulat.")

    def test_upload_through_the_resource_form(self, setup, app):
        people, _, dataset = setup
        response = app.post(
            tk.h.url_for("resource.new", id=dataset["name"]),
            data={"name": "Data 2024", "save": "go-metadata", "id": "",
                  "upload": (io.BytesIO(data_bytes("jumlah_catatan.csv")),
                             "penduduk.csv")},
            headers={"Authorization": token(people.produsen_a)},
            content_type="multipart/form-data",
        )
        assert response.status_code == 200
        (res,) = act("package_show", people.produsen_a,
                     id=dataset["id"])["resources"]
        assert res["validation_status"] == "failure"
        report = act("satudata_validation_show", people.produsen_a,
                     resource_id=res["id"])
        assert report["counts"]["by_code"] == {"baris-jumlah": 1,
                                               "baris-catatan": 2}

    def test_replacing_the_file_checks_again_metadata_edits_do_not(self, setup):
        people, _, dataset = setup
        res = add_upload(dataset["id"], people.produsen_a,
                         data_bytes("tipe.csv"), "penduduk.csv")
        act("resource_patch", people.produsen_a, id=res["id"],
            description="Data tahun 2024")
        assert len(reports_of(res["id"])) == 1
        fixed = act("resource_patch", people.produsen_a, id=res["id"],
                    upload=upload(data_bytes("baik.csv"), "penduduk.csv"))
        assert fixed["validation_status"] == "success"
        assert [r.status for r in reports_of(res["id"])] == ["failure", "success"]

    def test_xlsx_upload(self, setup, tmp_path):
        import openpyxl

        people, _, dataset = setup
        book = openpyxl.Workbook()
        sheet = book.active
        sheet.append(["Tabel 1. Penduduk menurut kecamatan"])
        sheet.append([f["name"] for f in penduduk()["table_schema"]["fields"]])
        sheet.append(["35.16.01", "Jatirejo", 26421, 26465, 52886, 99.83, 2024])
        path = tmp_path / "p.xlsx"
        book.save(path)
        res = add_upload(dataset["id"], people.produsen_a, path.read_bytes(),
                         "penduduk.xlsx")
        report = act("satudata_validation_show", people.produsen_a,
                     resource_id=res["id"])
        assert res["validation_status"] == "success", report["errors"][0]["message"]
        assert [w["code"] for w in report["warnings"]] == ["baris-judul"]

    def test_no_template_no_check(self, people):
        dataset = linked_dataset(people.org_a["id"], None, people.produsen_a)
        res = add_upload(dataset["id"], people.produsen_a,
                         data_bytes("baik.csv"), "penduduk.csv")
        assert "validation_status" not in res
        assert reports_of(res["id"]) == []

    def test_non_data_resources_are_not_checked(self, setup):
        people, _, dataset = setup
        res = add_upload(dataset["id"], people.produsen_a, b"%PDF-1.4 metodologi",
                         "metodologi.pdf")
        assert "validation_status" not in res
        assert reports_of(res["id"]) == []

    def test_status_cannot_be_forged_through_the_api(self, setup):
        people, _, dataset = setup
        res = act("resource_create", people.produsen_a, package_id=dataset["id"],
                  url="http://example.invalid/catatan.txt", format="TXT",
                  validation_status="success",
                  validation_timestamp="2024-01-01T00:00:00")
        shown = act("resource_show", people.produsen_a, id=res["id"])
        assert "validation_status" not in shown
        assert "validation_timestamp" not in shown


class TestUrlResources:
    @pytest.mark.ckan_config("ckanext.satudata.check.allow_private_urls", True)
    def test_url_resource_is_fetched_and_checked(self, setup, file_server):
        people, _, dataset = setup
        file_server.files["/data/penduduk.csv"] = data_bytes("kolom_urutan.csv")
        res = act("resource_create", people.produsen_a, package_id=dataset["id"],
                  url=file_server.url("/data/penduduk.csv"), format="CSV")
        assert res["validation_status"] == "failure"
        report = act("satudata_validation_show", people.produsen_a,
                     resource_id=res["id"])
        assert report["source"] == "url"
        assert report["counts"]["by_code"] == {"urutan-kolom": 1}

    @pytest.mark.ckan_config("ckanext.satudata.check.allow_private_urls", True)
    def test_url_that_fails(self, setup, file_server):
        people, _, dataset = setup
        res = act("resource_create", people.produsen_a, package_id=dataset["id"],
                  url=file_server.url("/tidak-ada.csv"), format="CSV")
        report = act("satudata_validation_show", people.produsen_a,
                     resource_id=res["id"])
        assert report["status"] == "failure"
        assert report["errors"][0]["code"] == "unduhan-gagal"
        assert "HTTP 404" in report["errors"][0]["message"]

    def test_internal_addresses_are_not_fetched(self, setup, file_server):
        people, _, dataset = setup
        file_server.files["/rahasia.csv"] = data_bytes("baik.csv")
        res = act("resource_create", people.produsen_a, package_id=dataset["id"],
                  url=file_server.url("/rahasia.csv"), format="CSV")
        report = act("satudata_validation_show", people.produsen_a,
                     resource_id=res["id"])
        assert report["status"] == "failure"
        assert "jaringan internal" in report["errors"][0]["message"]


@pytest.mark.usefixtures("clean_queues")
class TestBackground:
    @pytest.mark.ckan_config("ckanext.satudata.check.sync_max_bytes", 100)
    def test_large_upload_is_checked_by_a_real_worker(self, setup):
        people, _, dataset = setup
        res = add_upload(dataset["id"], people.produsen_a,
                         data_bytes("tipe.csv"), "penduduk.csv")
        assert res["validation_status"] == "pending"
        pending = act("satudata_validation_show", people.produsen_a,
                      resource_id=res["id"])
        assert pending["progress"] == 0

        worker = subprocess.run(
            [os.path.join(os.path.dirname(sys.executable), "ckan"),
             "-c", tk.config["__file__"], "jobs", "worker", "--burst"],
            capture_output=True, text=True, timeout=300, env=os.environ.copy(),
        )
        assert worker.returncode == 0, worker.stderr[-3000:]

        model.Session.expire_all()
        report = act("satudata_validation_show", people.produsen_a,
                     resource_id=res["id"])
        assert report["status"] == "failure", report
        assert report["progress"] == 100
        assert report["counts"]["errors"] == 5
        assert report["errors"][0]["row"] == 4


class TestVersionPinning:
    def test_old_report_keeps_its_version_and_submit_asks_for_a_recheck(self, setup):
        people, template, dataset = setup
        res = add_upload(dataset["id"], people.produsen_a,
                         data_bytes("baik.csv"), "penduduk.csv")
        assert submission_gate(dataset["id"]).passed

        content = penduduk()
        content["table_schema"]["fields"].append(
            {"name": "keterangan", "type": "string"})
        updated = act("satudata_template_update", people.walidata,
                      id=template["id"], table_schema=content["table_schema"])
        assert updated["version"]["version"] == 2

        old = act("satudata_validation_show", people.produsen_a,
                  resource_id=res["id"])
        assert old["template_version"] == 1
        assert old["current"] is False
        assert old["template_current_version"] == 2
        gate = submission_gate(dataset["id"])
        assert not gate.passed
        assert gate.problems == [
            "Sumber daya 'penduduk.csv' diperiksa dengan template versi 1, "
            "sedangkan versi yang berlaku 2; jalankan pemeriksaan ulang."]

        rerun = act("satudata_validation_run", people.produsen_a,
                    resource_id=res["id"])
        assert rerun["template_version"] == 2
        assert rerun["status"] == "failure"
        assert rerun["counts"]["by_code"] == {"kolom-hilang": 1}
        # The first report is unchanged.
        first = act("satudata_validation_show", people.produsen_a, id=old["id"])
        assert (first["template_version"], first["status"]) == (1, "success")


def test_validation_show_without_report(setup):
    people, _, dataset = setup
    res = act("resource_create", people.produsen_a, package_id=dataset["id"],
              url="http://example.invalid/catatan.pdf", format="PDF")
    with pytest.raises(tk.ObjectNotFound, match="Belum ada laporan"):
        act("satudata_validation_show", people.produsen_a, resource_id=res["id"])


def test_validation_run_refuses_what_has_nothing_to_check(setup, people):
    _, _, dataset = setup
    res = act("resource_create", people.produsen_a, package_id=dataset["id"],
              url="http://example.invalid/catatan.pdf", format="PDF")
    with pytest.raises(tk.ValidationError) as e:
        act("satudata_validation_run", people.produsen_a, resource_id=res["id"])
    assert "CSV atau XLSX" in str(e.value.error_dict)
    with pytest.raises(tk.ObjectNotFound):
        act("satudata_validation_run", people.produsen_a, resource_id="tidak-ada")
    with pytest.raises(tk.ValidationError):
        helpers.call_action("satudata_validation_show")


def _has_file_storages() -> bool:
    try:
        from ckan.lib import files  # noqa: F401
    except ImportError:
        return False
    return True


@pytest.mark.skipif(not _has_file_storages(),
                    reason="file-keeper storages exist from CKAN 2.12 on")
class TestFileKeeperStorage:
    """Uploads kept by a CKAN 2.12 file storage are streamed to the check."""

    @pytest.fixture
    def storage(self, ckan_config, monkeypatch, tmp_path, reset_storages):
        name = ckan_config["ckan.files.default_storages.default"]
        monkeypatch.setitem(ckan_config, f"ckan.files.storage.{name}.type", "ckan:fs")
        monkeypatch.setitem(ckan_config, f"ckan.files.storage.{name}.path",
                            str(tmp_path))
        monkeypatch.setitem(ckan_config,
                            f"ckan.files.storage.{name}.initialize", True)
        reset_storages()
        return tmp_path

    def test_upload_in_a_storage_is_checked(self, setup, storage):
        from ckan.lib import uploader

        people, _, dataset = setup
        res = add_upload(dataset["id"], people.produsen_a,
                         data_bytes("tipe.csv"), "penduduk.csv")
        upload = uploader.get_resource_uploader(dict(res))
        assert hasattr(upload, "storage"), "the storage branch is not in use"
        assert any(p.is_file() for p in (storage / "resources").rglob("*"))
        report = act("satudata_validation_show", people.produsen_a,
                     resource_id=res["id"])
        assert report["status"] == "failure"
        assert report["counts"]["errors"] == 5

    def test_file_missing_from_the_storage_is_reported(self, setup, storage):
        people, _, dataset = setup
        res = add_upload(dataset["id"], people.produsen_a,
                         data_bytes("baik.csv"), "penduduk.csv")
        assert res["validation_status"] == "success"
        for path in (storage / "resources").rglob("*"):
            if path.is_file():
                path.unlink()
        report = act("satudata_validation_run", people.produsen_a,
                     resource_id=res["id"])
        assert report["status"] == "failure"
        assert report["errors"][0]["code"] == "unduhan-gagal"
        assert "berkas unggahan tidak ditemukan" in report["errors"][0]["message"]

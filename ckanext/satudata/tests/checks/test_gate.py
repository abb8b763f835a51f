"""The submission gate the workflow calls before ``ajukan``."""
from __future__ import annotations

import datetime

import ckan.model as model
import ckan.plugins.toolkit as tk
import pytest

from ckanext.satudata.checks.gate import GateResult, submission_gate
from ckanext.satudata.model.daftar_data import DaftarData
from ckanext.satudata.tests.template.factories import (
    act,
    add_upload,
    data_bytes,
    linked_dataset,
    make_template,
)


@pytest.fixture
def template(people):
    return make_template(people.walidata)


@pytest.fixture
def dataset(people, template):
    return linked_dataset(people.org_a["id"], template["id"], people.produsen_a)


def test_passes_with_every_data_resource_conforming(people, template, dataset):
    first = add_upload(dataset["id"], people.produsen_a, data_bytes("baik.csv"),
                       "2023.csv")
    second = add_upload(dataset["id"], people.produsen_a, data_bytes("bom.csv"),
                        "2024.csv")
    add_upload(dataset["id"], people.produsen_a, b"%PDF-1.4", "metodologi.pdf")
    result = submission_gate(dataset["name"])
    assert result == GateResult(
        passed=True,
        problems=[],
        template_id=template["id"],
        template_version=1,
        report_ids=[first["satudata_validation_report_id"],
                    second["satudata_validation_report_id"]],
    )


def test_every_failing_resource_is_named(people, dataset):
    add_upload(dataset["id"], people.produsen_a, data_bytes("baik.csv"), "baik.csv")
    add_upload(dataset["id"], people.produsen_a, data_bytes("tipe.csv"), "tipe.csv")
    add_upload(dataset["id"], people.produsen_a, data_bytes("kosong.csv"),
               "kosong.csv")
    result = submission_gate(dataset["id"])
    assert not result.passed and result.report_ids == []
    assert result.problems == [
        "Sumber daya 'tipe.csv' tidak sesuai template (5 kesalahan).",
        "Sumber daya 'kosong.csv' tidak sesuai template (1 kesalahan).",
    ]
    assert result.template_version == 1


def test_dataset_without_data_resources(people, dataset):
    add_upload(dataset["id"], people.produsen_a, b"%PDF-1.4", "metodologi.pdf")
    result = submission_gate(dataset["id"])
    assert result.problems == [
        "Dataset belum memiliki sumber daya data (CSV atau XLSX)."]


def test_row_without_template(people):
    dataset = linked_dataset(people.org_a["id"], None, people.produsen_a)
    result = submission_gate(dataset["id"])
    assert not result.passed
    assert "belum memiliki template" in result.problems[0]
    assert result.template_id is None


def test_unknown_dataset():
    assert submission_gate("tidak-ada").problems == ["Dataset tidak ditemukan."]


def test_dataset_not_linked(people, dataset):
    package = model.Package.get(dataset["id"])
    package.extras = {k: v for k, v in package.extras.items()
                      if k != "daftar_data_id"}
    model.Session.commit()
    assert submission_gate(dataset["id"]).problems == [
        "Dataset belum ditautkan ke baris Daftar Data."]


def test_unchecked_resource(people, template):
    # The template is attached after the upload: nothing checked it yet.
    dataset = linked_dataset(people.org_a["id"], None, people.produsen_a)
    add_upload(dataset["id"], people.produsen_a, data_bytes("baik.csv"), "baik.csv")
    row = DaftarData.get(dataset["daftar_data_id"])
    row.template_id = template["id"]
    model.Session.commit()
    result = submission_gate(dataset["id"])
    assert result.problems == [
        "Sumber daya 'baik.csv' belum diperiksa terhadap template; jalankan "
        "pemeriksaan."]


def test_file_replaced_behind_the_checker(people, dataset):
    res = add_upload(dataset["id"], people.produsen_a, data_bytes("baik.csv"),
                     "baik.csv")
    resource = model.Resource.get(res["id"])
    resource.last_modified = datetime.datetime(2030, 1, 1)
    model.Session.commit()
    assert submission_gate(dataset["id"]).problems == [
        "Berkas sumber daya 'baik.csv' berubah sejak pemeriksaan terakhir; "
        "jalankan pemeriksaan ulang."]


@pytest.mark.ckan_config("ckanext.satudata.check.sync_max_bytes", 10)
@pytest.mark.usefixtures("clean_queues")
def test_check_still_running(people, dataset):
    add_upload(dataset["id"], people.produsen_a, data_bytes("baik.csv"), "baik.csv")
    assert submission_gate(dataset["id"]).problems == [
        "Pemeriksaan sumber daya 'baik.csv' belum selesai."]


def test_deleted_resources_do_not_count(people, dataset):
    bad = add_upload(dataset["id"], people.produsen_a, data_bytes("tipe.csv"),
                     "tipe.csv")
    add_upload(dataset["id"], people.produsen_a, data_bytes("baik.csv"), "baik.csv")
    act("resource_delete", people.produsen_a, id=bad["id"])
    assert submission_gate(dataset["id"]).passed


def test_the_gate_action_answers_who_may_read_the_dataset(people, dataset):
    good = add_upload(dataset["id"], people.produsen_a, data_bytes("baik.csv"),
                      "2023.csv")
    add_upload(dataset["id"], people.produsen_a, b"%PDF-1.4", "metodologi.pdf")
    result = act("satudata_validation_gate", people.produsen_a, id=dataset["name"])
    assert result["passed"] is True and result["problems"] == []
    assert result["data_resources"] == [good["id"]]
    assert result["report_ids"] == [good["satudata_validation_report_id"]]
    # The dataset is an unpublished draft: outsiders may not read it.
    with pytest.raises(tk.NotAuthorized):
        act("satudata_validation_gate", None, id=dataset["id"])
    with pytest.raises(tk.ObjectNotFound):
        act("satudata_validation_gate", people.produsen_a, id="tidak-ada")

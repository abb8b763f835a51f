"""A check with the seeded verdict writes what the checker writes for GOOD_CSV.

Most workflow tests rely on the seed (``World.dataset``); this holds its
report to the checker's, field by field and in what the gate, package_show
and the search index make of it.
"""
from __future__ import annotations

from typing import Any

import pytest
from ckan.tests import helpers

from ckanext.satudata.checks import gate, runner
from ckanext.satudata.model.validation import ValidationReport
from ckanext.satudata.tests.workflow.conftest import BAD_CSV, World, restored_world

# What a report says; its id, its resource and its moments differ anyway.
SAID = ("package_id", "template_id", "template_version", "status", "progress",
        "counts", "errors", "warnings", "source", "file_name", "file_format",
        "created_by")
# What package_show adds to a resource from its newest report.
SHOWN = ("schema", "validation_status", "satudata_template_id",
         "satudata_template_version")


@pytest.fixture
def world(clean_db, clean_index, create_with_upload) -> World:
    return restored_world("mojokerto", create_with_upload)


def _report(dataset: dict[str, Any]) -> ValidationReport:
    report = ValidationReport.latest(dataset["resources"][0]["id"])
    assert report is not None
    return report


def _said(report: ValidationReport, dataset: dict[str, Any]) -> dict[str, Any]:
    said = {key: getattr(report, key) for key in SAID}
    assert said.pop("package_id") == dataset["id"]
    return said


def _indexed(dataset: dict[str, Any]) -> dict[str, Any]:
    found = helpers.call_action(
        "package_search", fq=f'id:"{dataset["id"]}"', include_private=True,
        context={"ignore_auth": True})["results"]
    assert len(found) == 1
    return {key: found[0]["resources"][0].get(key) for key in SHOWN}


def test_the_seed_says_what_the_checker_says(world):
    checked = world.dataset("draf", checker=True)
    seeded = world.dataset("draf")
    real, seed = _report(checked), _report(seeded)
    assert real.status == "success"
    assert _said(seed, seeded) == _said(real, checked)
    assert seed.finished is not None and real.finished is not None


def test_the_seed_covers_the_file_the_resource_holds(world):
    seeded = world.dataset("draf")
    seed = _report(seeded)
    assert (seed.resource_id, seed.resource_url, seed.resource_last_modified) == (
        seeded["resources"][0]["id"], "penduduk.csv",
        seeded["resources"][0]["last_modified"])
    assert not runner.file_changed(seed)


def test_the_gate_the_dataset_and_the_index_read_it_alike(world):
    checked = world.dataset("draf", checker=True)
    seeded = world.dataset("draf")
    for dataset in (checked, seeded):
        result = gate.submission_gate(dataset["id"])
        assert result.passed, result.problems
        assert result.report_ids == [_report(dataset).id]
    shown = [{key: d["resources"][0][key] for key in SHOWN} for d in (checked, seeded)]
    assert shown[0] == shown[1]
    assert shown[0]["validation_status"] == "success"
    assert _indexed(seeded) == _indexed(checked) == shown[0]


def test_only_the_good_file_is_seeded_and_only_for_its_dataset(world):
    with pytest.raises(ValueError, match="GOOD_CSV"):
        world.dataset("draf", csv=BAD_CSV)
    world.dataset("draf")
    assert _report(world.dataset("draf", csv=BAD_CSV, checker=True)).status == "failure"

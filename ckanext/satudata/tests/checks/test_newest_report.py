"""Which report counts for a resource: one rule (``ValidationReport.newest``)
for the gate, package_show and the template's usage, down to two reports
made in the same instant."""
from __future__ import annotations

import copy

import ckan.model as model
import pytest
from ckan.tests import helpers

from ckanext.satudata.checks import gate
from ckanext.satudata.model.validation import ValidationReport
from ckanext.satudata.tests.workflow.conftest import (
    TABLE_SCHEMA,
    World,
    act,
    restored_world,
)


@pytest.fixture
def world(clean_db, clean_index, create_with_upload) -> World:
    return restored_world("mojokerto", create_with_upload)


def _tied(seed: ValidationReport, id: str, version: int) -> ValidationReport:
    """A passing report of the seed's file against ``version``, made at the
    same moment as every other report this returns."""
    return ValidationReport(
        id=id, resource_id=seed.resource_id, package_id=seed.package_id,
        template_id=seed.template_id, template_version=version,
        status="success", progress=100, counts=seed.counts, source=seed.source,
        file_name=seed.file_name, file_format=seed.file_format,
        resource_url=seed.resource_url,
        resource_last_modified=seed.resource_last_modified,
        created=seed.created.replace(year=seed.created.year + 1),
    )


def test_a_tie_goes_to_the_greater_id_everywhere(world):
    dataset = world.dataset("draf")
    resource_id = dataset["resources"][0]["id"]
    seed = ValidationReport.latest(resource_id)
    assert seed is not None
    schema = copy.deepcopy(TABLE_SCHEMA)
    schema["fields"][1]["title"] = "Jumlah Penduduk (jiwa)"
    act("satudata_template_update", world.sysadmin, id=world.template["id"],
        table_schema=schema, note="Judul kolom diperjelas.")
    # Against the current version (2) the file passes; against version 1
    # the gate asks for a new check.
    for report in (_tied(seed, "00000000-tied", 1), _tied(seed, "ffffffff-tied", 2),
                   _tied(seed, "77777777-tied", 1)):
        model.Session.add(report)
    model.Session.commit()

    assert ValidationReport.latest(resource_id).id == "ffffffff-tied"
    assert ValidationReport.latest_for([resource_id])[resource_id].id == "ffffffff-tied"
    result = gate.submission_gate(dataset["id"])
    assert result.passed, result.problems
    assert result.report_ids == ["ffffffff-tied"]
    shown = helpers.call_action("package_show", id=dataset["id"])["resources"][0]
    assert (shown["satudata_validation_report_id"],
            shown["satudata_template_version"]) == ("ffffffff-tied", 2)
    usage = act("satudata_template_show", world.sysadmin,
                id=world.template["id"])["usage"]
    assert usage == [{"version": 2, "datasets": [
        {"id": dataset["id"], "name": dataset["name"], "title": dataset["title"]}]}]

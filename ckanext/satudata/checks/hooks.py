"""What the plugin's resource hooks do: check new files, show the result.

A file saved through the resource form is announced on the next page
(:mod:`.notice`).

The result is not stored on the resource. ``schema``,
``validation_status`` and ``validation_timestamp`` (ckanext-validation's
names) are filled in from the newest report whenever a resource is shown,
so they cannot be set through the API and never disagree with the reports.
"""
from __future__ import annotations

import json
import logging
from typing import Any

from ckan.types import Context

from ckanext.satudata import shown
from ckanext.satudata.model.template import TemplateVersion
from ckanext.satudata.model.validation import ValidationReport

from . import notice, runner

log = logging.getLogger(__name__)

FIELDS = (
    "schema",
    "validation_status",
    "validation_timestamp",
    "satudata_template_id",
    "satudata_template_version",
    "satudata_validation_report_id",
)


def resource_saved(context: Context, resource: dict[str, Any], created: bool) -> None:
    """Check a data resource whose file is new (or never checked)."""
    if not runner.is_data_resource(resource):
        return
    if not created:
        latest = ValidationReport.latest(resource["id"])
        if latest is not None and not runner.file_changed(latest):
            return
    try:
        report = runner.check_resource(resource, context.get("user"))
    except Exception:
        # The upload is saved already; a failing checker must not turn it
        # into an error page. satudata_validation_run can try again.
        log.exception("Could not check resource %s", resource.get("id"))
        return
    if report is not None:
        resource.update(fields(report))
    if notice.from_resource_form():
        notice.announce(report)


def show_resource(resource: dict[str, Any]) -> None:
    for key in FIELDS:
        resource.pop(key, None)
    package_id = resource.get("package_id")
    if not resource.get("id") or not package_id:
        return
    # package_show shows the resources one by one: the newest reports of all
    # of them come with the rest of what the dataset shows, in one query.
    found = shown.read_one(package_id)
    report = found.reports.get(resource["id"]) if found else None
    if report is not None:
        resource.update(fields(report))


def fields(report: ValidationReport | shown.Report) -> dict[str, Any]:
    """:data:`FIELDS` of a resource from its newest report."""
    if isinstance(report, shown.Report):
        moment = report.moment
        table_schema = json.loads(report.table_schema) if report.table_schema else None
    else:
        version = TemplateVersion.get(report.template_id, report.template_version)
        moment = report.finished or report.created
        table_schema = version.table_schema if version else None
    return {
        "schema": table_schema,
        "validation_status": report.status,
        "validation_timestamp": moment.isoformat() if moment else None,
        "satudata_template_id": report.template_id,
        "satudata_template_version": report.template_version,
        "satudata_validation_report_id": report.id,
    }

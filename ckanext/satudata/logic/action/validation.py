"""Actions of the conformance checks of resources (satudata_validation_*)."""
from __future__ import annotations

from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.types import Context, DataDict

from ckanext.satudata.checks import gate, runner
from ckanext.satudata.logic import validate
from ckanext.satudata.logic.schema import template as schema
from ckanext.satudata.model.template import Template
from ckanext.satudata.model.validation import ValidationReport


def _resource_or_404(resource_id: str) -> model.Resource:
    resource = model.Resource.get(resource_id)
    if resource is None or resource.state == "deleted":
        raise tk.ObjectNotFound(tk._("Sumber daya tidak ditemukan."))
    return resource


def _with_currency(report: ValidationReport) -> dict[str, Any]:
    data = report.as_dict()
    template = Template.get(report.template_id)
    data["template_name"] = template.name if template else None
    data["template_title"] = template.title if template else None
    data["template_current_version"] = template.current_version if template else None
    data["current"] = bool(
        template and template.current_version == report.template_version)
    return data


def satudata_validation_run(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Check a resource now against the current version of its dataset's
    template (after the template changed, or a file changed behind CKAN's
    back). Small files are checked at once, larger ones in a background job.

    :param resource_id: the resource's id
    :type resource_id: string

    :returns: the new report (``status`` ``pending`` while a job runs it)
    :rtype: dictionary
    """
    data = validate(data_dict, schema.validation_run_schema(), context)
    _resource_or_404(data["resource_id"])
    tk.check_access("satudata_validation_run", context, data)
    resource = tk.get_action("resource_show")(
        {"ignore_auth": True}, {"id": data["resource_id"]})
    if not runner.is_data_resource(resource):
        raise tk.ValidationError({"resource_id": [tk._(
            "Hanya sumber daya data (CSV atau XLSX) yang diperiksa terhadap "
            "template.")]})
    _, template = runner.template_of_package(resource["package_id"])
    if template is None:
        raise tk.ValidationError({"resource_id": [tk._(
            "Dataset ini belum ditautkan ke baris Daftar Data yang memiliki "
            "template.")]})
    report = runner.check_resource(resource, context.get("user"))
    assert report is not None
    return _with_currency(report)


@tk.side_effect_free
def satudata_validation_show(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """A report of a conformance check: the newest of a resource, or one by id.

    :param resource_id: the resource's id (gives its newest report)
    :type resource_id: string
    :param id: a report's id (instead of ``resource_id``)
    :type id: string

    :returns: the report: ``status`` (pending, running, success, failure,
        error), ``progress`` (percent), ``template_id``,
        ``template_version``, ``current`` (whether that is still the
        template's current version), ``counts`` (rows, errors, warnings,
        by_code, by_column), ``errors`` and ``warnings`` (each with row,
        column, position, value, code, message and expected, in Bahasa
        Indonesia)
    :rtype: dictionary
    """
    data = validate(data_dict, schema.validation_show_schema(), context)
    if data.get("id"):
        report = ValidationReport.get(data["id"])
    elif data.get("resource_id"):
        _resource_or_404(data["resource_id"])
        report = ValidationReport.latest(data["resource_id"])
    else:
        raise tk.ValidationError(
            {"resource_id": [tk._("Berikan resource_id atau id laporan.")]})
    if report is None:
        raise tk.ObjectNotFound(tk._("Belum ada laporan pemeriksaan."))
    tk.check_access("satudata_validation_show", context, {"id": report.id})
    return _with_currency(report)


@tk.side_effect_free
def satudata_validation_gate(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Whether a dataset may be submitted: every data resource passes
    against its template's current version (the submission gate).

    Whoever may read the dataset may ask.

    :param id: id or name of the dataset
    :type id: string

    :returns: ``passed``, ``problems`` (in Bahasa Indonesia),
        ``template_id``, ``template_version``, ``report_ids`` and
        ``data_resources`` (ids of the resources that are checked)
    :rtype: dictionary
    """
    data = validate(data_dict, schema.validation_gate_schema(), context)
    package = model.Package.get(data["id"])
    if package is None or package.state == "deleted":
        raise tk.ObjectNotFound(tk._("Dataset tidak ditemukan."))
    tk.check_access("satudata_validation_gate", context, {"id": package.id})
    result = gate.submission_gate(package.id)
    return {
        "passed": bool(result.passed),
        "problems": list(result.problems),
        "template_id": result.template_id,
        "template_version": result.template_version,
        "report_ids": list(result.report_ids),
        "data_resources": [
            r.id for r in package.resources
            if runner.is_data_resource({"format": r.format, "url": r.url})
        ],
    }

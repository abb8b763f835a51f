"""Actions of the conformance checks of resources (satudata_validation_*)."""
from __future__ import annotations

import dataclasses
from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.types import Context, DataDict

from ckanext.satudata.checks import gate, messages, preview, runner
from ckanext.satudata.checks.reader import Unreadable
from ckanext.satudata.logic import validate
from ckanext.satudata.logic.schema import template as schema
from ckanext.satudata.model.template import Template, TemplateVersion
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
    return gate.submission_gate(package.id).as_dict() | {
        "data_resources": [
            r.id for r in package.resources
            if runner.is_data_resource({"format": r.format, "url": r.url})
        ],
    }


# The preview reads at most this many pages into a file: a page number typed
# into the URL must not make the server read a whole large file.
_PREVIEW_MAX_PAGE = 10000


def _cannot_preview(message: str) -> tk.ValidationError:
    return tk.ValidationError({"resource_id": [message]})


def _findings(report: ValidationReport | None) -> list[dict[str, Any]]:
    """The findings of the newest report that still covers the file."""
    if report is None or report.status not in ("success", "failure"):
        return []
    if runner.file_changed(report):
        return []
    return list(report.errors or []) + list(report.warnings or [])


@tk.side_effect_free
def satudata_table_preview(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """A page of the rows of an uploaded data resource, with the findings of
    its newest conformance report on the cells they concern.

    For the people who judge a dataset before it is published: those who
    may read the resource and follow the dataset's workflow. The file is read
    from the portal's storage with the checks' own reader, only up to the
    page asked for.

    :param resource_id: the resource's id
    :type resource_id: string
    :param page: the page, from 1 (default 1), of ``page_size`` rows
    :type page: int

    :returns: ``resource_id``, ``package_id``, ``page``, ``page_size``,
        ``has_next``, ``header_row`` (its row number in the file),
        ``columns`` (``position``, ``label`` as in the file, the template
        field's ``name`` and ``title`` or None, ``findings``), ``rows``
        (``row`` number in the file, ``cells`` each with ``value`` and
        ``findings``, and the row's own ``findings``), ``template`` (``id``,
        ``name``, ``title``, ``version``, or None), ``report`` (``id`` and
        ``status`` of the newest report that covers the file and has
        findings, or None) and
        ``notices`` (what the reader had to work around)
    :rtype: dictionary
    """
    data = validate(data_dict, schema.table_preview_schema(), context)
    resource_obj = _resource_or_404(data["resource_id"])
    tk.check_access("satudata_table_preview", context,
                    {"resource_id": resource_obj.id})
    number = data.get("page") or 1
    if number > _PREVIEW_MAX_PAGE:
        raise tk.ValidationError({"page": [tk._(
            "Halaman pratinjau paling banyak {max}.").format(
                max=_PREVIEW_MAX_PAGE)]})
    resource = tk.get_action("resource_show")(
        {"ignore_auth": True}, {"id": resource_obj.id})
    if not runner.is_data_resource(resource):
        raise _cannot_preview(tk._(
            "Pratinjau hanya tersedia untuk sumber daya data (CSV atau XLSX)."))
    if resource.get("url_type") != "upload":
        raise _cannot_preview(tk._(
            "Pratinjau hanya tersedia untuk berkas yang diunggah ke portal; "
            "buka tautan sumber daya untuk melihat datanya."))
    _, template = runner.template_of_package(resource["package_id"])
    report = ValidationReport.latest(resource_obj.id)
    findings = _findings(report)
    version = None
    if template is not None:
        # The version the findings were made against, so that the columns
        # are labelled as the report names them.
        version = template.version(report.template_version if findings and report
                                   else None)
    spec = runner.spec_of(version) if version else None
    try:
        with runner.local_copy(resource, tk.config.get(
                "ckanext.satudata.check.max_bytes")) as path:
            page = preview.read_page(
                path, spec,
                file_name=runner.resource_file_name(resource),
                file_format=runner.resource_format(resource),
                number=number,
            )
    except runner.TooLarge:
        raise _cannot_preview(tk._(
            "Berkas terlalu besar untuk dipratinjau.")) from None
    except runner.FetchError as e:
        raise _cannot_preview(messages.describe(e.code, **e.params)[0]) from None
    except Unreadable as e:
        raise _cannot_preview(messages.describe(e.code, **e.params)[0]) from None
    return _preview_dict(resource, page, findings, template, version, report)


def _preview_dict(resource: dict[str, Any], page: preview.Page,
                  findings: list[dict[str, Any]], template: Template | None,
                  version: TemplateVersion | None, report: ValidationReport | None
                  ) -> dict[str, Any]:
    by_cell: dict[tuple[int | None, int | None], list[str]] = {}
    for finding in findings:
        key = (finding.get("row"), finding.get("position"))
        by_cell.setdefault(key, []).append(finding.get("message") or "")
    return {
        "resource_id": resource["id"],
        "package_id": resource["package_id"],
        "page": page.number,
        "page_size": page.size,
        "has_next": page.has_next,
        "header_row": page.header_row,
        "columns": [
            dict(dataclasses.asdict(c),
                 findings=by_cell.get((None, c.position), []))
            for c in page.columns
        ],
        "rows": [
            {
                "row": number,
                "findings": by_cell.get((number, None), []),
                "cells": [
                    {"value": value,
                     "findings": by_cell.get((number, position), [])}
                    for position, value in enumerate(cells, start=1)
                ],
            }
            for number, cells in page.rows
        ],
        "template": {
            "id": template.id, "name": template.name, "title": template.title,
            "version": version.version,
        } if template is not None and version is not None else None,
        "report": {"id": report.id, "status": report.status}
        if findings and report is not None else None,
        "notices": [messages.describe(n.code, **n.params)[0]
                    for n in page.notices],
    }

"""Pages of the conformance checks.

``/laporan-kesesuaian/<id>`` is a report; ``/dataset/<id>/kesesuaian``
shows every data resource of a dataset with its newest report and whether
the dataset may be submitted (``satudata_validation_gate``), with a button
to check a resource again (``satudata_validation_run``);
``/dataset/<id>/pratinjau/<resource_id>?halaman=N`` is a page of an uploaded
table with the report's findings marked (``satudata_table_preview``).
"""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from flask import Blueprint

from ckanext.satudata.views.request import (
    call,
    can,
    context,
    error_text,
    flash_errors,
    int_arg,
)

bp = Blueprint("satudata_validation", __name__)


def report(id: str) -> str:
    result = call("satudata_validation_show", {"id": id})
    resource = package = None
    if result.get("resource_id"):
        # The report outlives a deleted resource; the page still explains it.
        try:
            resource = tk.get_action("resource_show")(
                context(), {"id": result["resource_id"]})
            package = tk.get_action("package_show")(
                context(), {"id": result["package_id"]})
        except tk.ObjectNotFound:
            resource = package = None
    return tk.render("satudata/validation/report.html", {
        "report": result, "resource": resource, "package": package,
        "can_run": bool(resource) and can(
            "satudata_validation_run", {"resource_id": result["resource_id"]}),
    })


def dataset(id: str) -> str:
    package = call("package_show", {"id": id})
    gate = call("satudata_validation_gate", {"id": package["id"]})
    resources = [
        dict(resource, can_run=can(
            "satudata_validation_run", {"resource_id": resource["id"]}))
        for resource in package["resources"]
        if resource["id"] in gate["data_resources"]
    ]
    return tk.render("satudata/validation/dataset.html", {
        "package": package, "resources": resources, "gate": gate,
    })


def run(id: str) -> Any:
    package = call("package_show", {"id": id})
    resource_id = tk.request.form.get("resource_id", "")
    if resource_id not in {r["id"] for r in package["resources"]}:
        return tk.abort(404, tk._("Sumber daya tidak ditemukan."))
    try:
        result = tk.get_action("satudata_validation_run")(
            context(), {"resource_id": resource_id})
    except tk.NotAuthorized as e:
        return tk.abort(403, str(e))
    except tk.ValidationError as e:
        flash_errors(e.error_dict)
        return tk.redirect_to("satudata_validation.dataset", id=package["name"])
    return tk.redirect_to("satudata_validation.report", id=result["id"])


def table_preview(id: str, resource_id: str) -> str:
    page = int_arg("halaman", 1, minimum=1)
    package = call("package_show", {"id": id})
    resource = next(
        (r for r in package["resources"] if r["id"] == resource_id), None)
    if resource is None:
        return tk.abort(404, tk._("Sumber daya tidak ditemukan."))
    preview: dict[str, Any] | None = None
    problem = None
    try:
        preview = tk.get_action("satudata_table_preview")(
            context(), {"resource_id": resource_id, "page": page})
    except tk.NotAuthorized as e:
        return tk.abort(403, str(e))
    except tk.ValidationError as e:
        problem = error_text(e)
    return tk.render("satudata/validation/preview.html", {
        "package": package, "resource": resource, "preview": preview,
        "problem": problem,
    })


bp.add_url_rule("/laporan-kesesuaian/<id>", view_func=report)
bp.add_url_rule("/dataset/<id>/kesesuaian", view_func=dataset)
bp.add_url_rule("/dataset/<id>/kesesuaian/periksa", view_func=run,
                methods=["POST"])
bp.add_url_rule("/dataset/<id>/pratinjau/<resource_id>", view_func=table_preview)

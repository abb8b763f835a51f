"""Loading a published dataset's tables, and taking them down again.

:func:`publish` and :func:`withdraw` run in the request that took the
workflow transition; the loading itself is :func:`load_resource`, a job of
``ckan jobs worker``. The job decides everything again from the database
when it runs (is the dataset still public? does the file still pass its
check?), so a job that runs late, twice, or again after a worker restart
(:func:`resume`) does the right thing.
"""
from __future__ import annotations

import logging

import ckan.model as model
import ckan.plugins.toolkit as tk

from ckanext.satudata.checks import conformance, runner
from ckanext.satudata.checks.reader import Unreadable
from ckanext.satudata.model.template import TemplateVersion
from ckanext.satudata.model.validation import ValidationReport
from ckanext.satudata.workflow import state as wf_state
from ckanext.satudata.workflow.definition import configured

from . import enabled, loader, site_context, status, views_enabled

log = logging.getLogger(__name__)

VIEW_TYPE = "datatables_view"


def _is_public(pkg: model.Package) -> bool:
    definition = configured()
    return (pkg.state == "active" and not pkg.private
            and definition.is_public(wf_state.current(pkg, definition).state))


def _as_dict(resource: model.Resource) -> dict[str, str | None]:
    return {"id": resource.id, "url": resource.url, "format": resource.format,
            "url_type": resource.url_type, "package_id": resource.package_id,
            "name": resource.name}


def _resources(package_id: str) -> list[model.Resource]:
    """The dataset's active resources; none when the DataStore is not used
    or the dataset is gone."""
    pkg = model.Package.get(package_id) if enabled() else None
    return list(pkg.resources) if pkg is not None else []


def publish(package_id: str) -> None:
    """Queue a load of each data resource of a dataset that became public."""
    for resource in _resources(package_id):
        if runner.is_data_resource(_as_dict(resource)):
            enqueue(resource.id)
        elif resource.extras.get("datastore_active"):
            # Only checked tables are served as data.
            loader.drop(resource.id)


def enqueue(resource_id: str) -> None:
    status.record(resource_id, status.QUEUED)
    tk.enqueue_job(
        load_resource, [resource_id],
        title=f"satudata: muat DataStore {resource_id}",
        rq_kwargs={"timeout": tk.config.get(
            "ckanext.satudata.datastore.job_timeout")},
    )


def withdraw(package_id: str) -> None:
    """Remove the tables and table views of a dataset that left the public
    state; the files stay, for the roles that may still see the dataset."""
    for resource in _resources(package_id):
        unload(resource.id)


def unload(resource_id: str) -> None:
    loader.drop(resource_id)
    _drop_views(resource_id)
    status.clear(resource_id)


def resume() -> list[str]:
    """Queue again every load a worker left unfinished; their resource ids."""
    unfinished = status.unfinished()
    for resource_id in unfinished:
        enqueue(resource_id)
    return unfinished


def load_resource(resource_id: str) -> None:
    """The job: load one resource's checked file into the DataStore."""
    if not enabled():
        return
    resource = model.Resource.get(resource_id)
    pkg = model.Package.get(resource.package_id) if resource else None
    if resource is None or resource.state != "active" or pkg is None \
            or not _is_public(pkg):
        unload(resource_id)
        return
    report = ValidationReport.latest_for([resource_id]).get(resource_id)
    if report is None or report.status != "success" or runner.file_changed(report):
        loader.drop(resource_id)
        status.record(resource_id, status.FAILED, message=tk._(
            "Berkas tidak dimuat: belum lulus pemeriksaan kesesuaian dengan"
            " template."))
        return
    version = TemplateVersion.get(report.template_id, report.template_version)
    if version is None:
        status.record(resource_id, status.FAILED, message=tk._(
            "Versi template tidak ditemukan."))
        return
    status.record(resource_id, status.LOADING)
    try:
        with runner.local_copy(_as_dict(resource), tk.config.get(
                "ckanext.satudata.check.max_bytes")) as path:
            rows = loader.load(
                resource_id, path, runner.spec_of(version),
                file_name=report.file_name, file_format=report.file_format)
    except (runner.FetchError, runner.TooLarge, Unreadable,
            conformance.NotConforming) as e:
        model.Session.rollback()
        status.record(resource_id, status.FAILED, message=_reason(e))
        return
    except Exception:
        log.exception("Loading resource %s into the DataStore failed", resource_id)
        model.Session.rollback()
        status.record(resource_id, status.FAILED, message=tk._(
            "Kesalahan sistem saat memuat tabel; hubungi admin portal."))
        raise
    model.Session.expire_all()
    if not _is_public(pkg):
        # Withdrawn while this job ran: the withdrawal's own clean-up may
        # have come before the table existed.
        unload(resource_id)
        return
    _ensure_view(resource_id)
    status.record(resource_id, status.LOADED, rows=rows)


def _reason(error: Exception) -> str:
    if isinstance(error, conformance.NotConforming):
        return tk._("Berkas tidak sesuai template pada baris {row}, kolom"
                    " {column}; periksa ulang berkas.").format(
                        row=error.row, column=error.column)
    if isinstance(error, runner.TooLarge):
        return tk._("Berkas terlalu besar untuk dimuat.")
    if isinstance(error, runner.FetchError):
        return tk._("Berkas tidak dapat diambil.")
    return tk._("Berkas tidak dapat dibaca sebagai tabel.")


def _views(resource_id: str) -> list[dict[str, str]]:
    try:
        views = tk.get_action("resource_view_list")(
            site_context(), {"id": resource_id})
    except tk.ObjectNotFound:
        return []
    return [v for v in views if v["view_type"] == VIEW_TYPE]


def _ensure_view(resource_id: str) -> None:
    if not views_enabled() or _views(resource_id):
        return
    tk.get_action("resource_view_create")(
        site_context(),
        {"resource_id": resource_id, "view_type": VIEW_TYPE,
         "title": tk._("Tabel data")})


def _drop_views(resource_id: str) -> None:
    if not views_enabled():
        return
    for view in _views(resource_id):
        tk.get_action("resource_view_delete")(
            site_context(), {"id": view["id"]})

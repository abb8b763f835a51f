"""Who may run and read conformance checks of resources.

Running a check is for whoever prepares or checks the dataset: the
Produsen Data and Admin Portal OPD of the owning OPD, and the Walidata.
A report shows the file's values, so reading one needs the right to read
the resource; the report of a loose "Cek kesesuaian" belongs to whoever ran
it (and the Walidata).
"""
from __future__ import annotations

import ckan.authz as authz
import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.types import AuthResult, Context, DataDict

from ckanext.satudata import roles
from ckanext.satudata.model.validation import ValidationReport

_RUNNERS = frozenset({"produsen", "admin_opd", "walidata"})


# Anonymous users reach the function, so that they too get the reason in
# Bahasa Indonesia rather than CKAN's generic English refusal.
@tk.auth_allow_anonymous_access
def satudata_validation_run(context: Context, data_dict: DataDict) -> AuthResult:
    user = context.get("user")
    resource = model.Resource.get(data_dict.get("resource_id") or "")
    package = resource.package if resource else None
    if user and package is not None and roles.user_roles(
            user, package.owner_org) & _RUNNERS:
        return {"success": True}
    return {"success": False,
            "msg": tk._("Hanya Produsen Data dan Admin Portal OPD pemilik "
                        "dataset, atau Walidata, yang dapat menjalankan "
                        "pemeriksaan.")}


@tk.auth_allow_anonymous_access
def satudata_validation_show(context: Context, data_dict: DataDict) -> AuthResult:
    report = ValidationReport.get(data_dict.get("id"))
    resource_id = report.resource_id if report else data_dict.get("resource_id")
    if resource_id:
        try:
            allowed = authz.is_authorized_boolean(
                "resource_show", context, {"id": resource_id})
        except tk.ObjectNotFound:
            allowed = False
        if allowed:
            return {"success": True}
        return {"success": False,
                "msg": tk._("Anda tidak berhak melihat sumber daya ini beserta "
                            "laporan pemeriksaannya.")}
    user = context.get("user")
    user_obj = model.User.get(user) if user else None
    if report is not None and user_obj is not None and (
            report.created_by == user_obj.id
            or "walidata" in roles.user_roles(user_obj)):
        return {"success": True}
    return {"success": False,
            "msg": tk._("Laporan ini hanya dapat dilihat oleh pengguna yang "
                        "menjalankan pemeriksaan.")}


@tk.auth_allow_anonymous_access
def satudata_validation_gate(context: Context, data_dict: DataDict) -> AuthResult:
    """Whoever may read the dataset."""
    if authz.is_authorized_boolean("package_show", context, data_dict):
        return {"success": True}
    return {"success": False,
            "msg": tk._("Anda tidak berhak melihat dataset ini.")}


@tk.auth_allow_anonymous_access
def satudata_table_preview(context: Context, data_dict: DataDict) -> AuthResult:
    """Whoever may read the resource and follow its dataset's workflow: the
    people who judge the dataset before publication, never the public (a
    published table is read from the DataStore)."""
    resource = model.Resource.get(data_dict.get("resource_id") or "")
    package = resource.package if resource else None
    if package is not None and authz.is_authorized_boolean(
            "resource_show", context, {"id": resource.id}) and \
            authz.is_authorized_boolean(
                "satudata_workflow_show", context, {"id": package.id}):
        return {"success": True}
    return {"success": False,
            "msg": tk._("Pratinjau tabel hanya untuk pengelola dataset ini "
                        "di OPD-nya, peran Satu Data kabupaten dan admin "
                        "sistem.")}

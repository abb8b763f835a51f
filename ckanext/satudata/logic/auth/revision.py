"""Who may start, abandon and follow a revision, and read the versions.

A revision is started and abandoned by the roles that may edit a dataset
in the preset's initial state in its OPD (Produsen Data and Admin Portal
OPD in both presets); it is followed by the Satu Data roles of the OPD and
the regency-wide roles, like the workflow. The versions of a dataset are
as readable as the dataset itself (``package_show``).
"""
from __future__ import annotations

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.types import AuthResult, Context, DataDict

from ckanext.satudata import roles as satudata_roles
from ckanext.satudata.revision import service as revision_service
from ckanext.satudata.workflow import policy
from ckanext.satudata.workflow.definition import configured


def _live(data_dict: DataDict) -> model.Package | None:
    """The live dataset ``id`` names, directly or through its draft."""
    pkg = model.Package.get(str(data_dict.get("id") or ""))
    if pkg is None:
        return None
    revision = revision_service.for_draft(pkg.id)
    return model.Package.get(revision.package_id) if revision else pkg


def _may_revise(context: Context, data_dict: DataDict, anonymous: str) -> AuthResult:
    user = context.get("user")
    if not user:
        return {"success": False, "msg": anonymous}
    pkg = _live(data_dict)
    if pkg is None or not pkg.owner_org:
        return {"success": False, "msg": tk._("Dataset tidak ditemukan.")}
    definition = configured()
    if policy.edits_in(definition, definition.initial_state, user, pkg.owner_org):
        return {"success": True}
    editors = policy.editors(definition, definition.initial_state)
    return {"success": False, "msg": tk._(
        "Hanya {roles} dari OPD pemilik dataset yang dapat memutakhirkan"
        " dataset ini."
    ).format(roles=" / ".join(
        tk._(r) for r in satudata_roles.role_labels(editors)))}


@tk.auth_allow_anonymous_access
def satudata_revision_start(context: Context, data_dict: DataDict) -> AuthResult:
    """The roles that edit a new dataset of the OPD."""
    return _may_revise(context, data_dict, tk._(
        "Anda harus masuk untuk memutakhirkan dataset."
    ))


@tk.auth_allow_anonymous_access
def satudata_revision_abandon(context: Context, data_dict: DataDict) -> AuthResult:
    """As ``satudata_revision_start``."""
    return _may_revise(context, data_dict, tk._(
        "Anda harus masuk untuk membatalkan revisi dataset."
    ))


@tk.auth_allow_anonymous_access
def satudata_revision_show(context: Context, data_dict: DataDict) -> AuthResult:
    """Satu Data roles of the dataset's OPD and the regency-wide roles."""
    user = context.get("user")
    if not user:
        return {"success": False, "msg": tk._(
            "Anda harus masuk untuk melihat revisi dataset."
        )}
    pkg = _live(data_dict)
    if pkg is not None and pkg.owner_org and satudata_roles.user_roles(
        user, pkg.owner_org
    ):
        return {"success": True}
    return {"success": False, "msg": tk._(
        "Revisi dataset hanya dapat dilihat oleh pemegang peran Satu Data di"
        " OPD pemiliknya dan peran tingkat kabupaten."
    )}


@tk.auth_allow_anonymous_access
def satudata_revision_diff(context: Context, data_dict: DataDict) -> AuthResult:
    """As ``satudata_revision_show``."""
    return satudata_revision_show(context, data_dict)


@tk.auth_allow_anonymous_access
def satudata_version_list(context: Context, data_dict: DataDict) -> AuthResult:
    """Whoever may see the dataset."""
    try:
        tk.check_access("package_show", context, {"id": data_dict.get("id")})
    except tk.NotAuthorized as refused:
        return {"success": False, "msg": str(refused)}
    return {"success": True}


@tk.auth_allow_anonymous_access
def satudata_version_show(context: Context, data_dict: DataDict) -> AuthResult:
    """Whoever may see the dataset."""
    return satudata_version_list(context, data_dict)

"""Who may read and drive the workflow, and the edit lock on core writes.

The workflow's own actions are open to anyone holding a Satu Data role for
the dataset's OPD (its OPD roles or a regency-wide role); which transition a
user may take is decided by :mod:`ckanext.satudata.workflow.engine` inside
the action, so the refusal names the exact reason.

``package_update`` is chained with the edit lock of
:mod:`ckanext.satudata.workflow.policy`. CKAN routes ``package_patch``,
``package_revise``, ``package_delete``, ``resource_create``,
``resource_update``, ``resource_delete``, resource views and datastore
writes through it, so one check locks them all. Sysadmins pass every auth
function before these run.
"""
from __future__ import annotations

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.logic.auth import get_package_object
from ckan.types import AuthFunction, AuthResult, Context, DataDict

from ckanext.satudata import roles as satudata_roles
from ckanext.satudata.model.workflow import PurgedDataset
from ckanext.satudata.workflow import policy


def _owner_org(context: Context, data_dict: DataDict) -> str | None:
    """The dataset's OPD; a purged dataset's as its record keeps it."""
    record = model.Session.get(PurgedDataset, str(data_dict.get("id") or ""))
    if record is not None and model.Package.get(record.package_id) is None:
        return record.owner_org
    return get_package_object(context, data_dict).owner_org


def _may_follow(context: Context, data_dict: DataDict, anonymous: str) -> AuthResult:
    user = context.get("user")
    if not user:
        return {"success": False, "msg": anonymous}
    owner_org = _owner_org(context, data_dict)
    if owner_org and satudata_roles.user_roles(user, owner_org):
        return {"success": True}
    return {"success": False, "msg": tk._(
        "Alur kerja dataset ini hanya dapat diikuti oleh pemegang peran Satu"
        " Data di OPD pemiliknya dan peran tingkat kabupaten (Walidata, Forum"
        " Satu Data, Pembina Data)."
    )}


@tk.auth_allow_anonymous_access
def satudata_workflow_show(context: Context, data_dict: DataDict) -> AuthResult:
    """Satu Data roles of the dataset's OPD and regency-wide roles."""
    return _may_follow(context, data_dict, tk._(
        "Anda harus masuk untuk melihat alur kerja dataset."
    ))


@tk.auth_allow_anonymous_access
def satudata_workflow_history(context: Context, data_dict: DataDict) -> AuthResult:
    """As ``satudata_workflow_show``."""
    return _may_follow(context, data_dict, tk._(
        "Anda harus masuk untuk melihat riwayat alur kerja dataset."
    ))


@tk.auth_allow_anonymous_access
def satudata_workflow_transition(context: Context, data_dict: DataDict) -> AuthResult:
    """As ``satudata_workflow_show``; the action decides per transition."""
    return _may_follow(context, data_dict, tk._(
        "Anda harus masuk untuk mengubah status dataset."
    ))


@tk.auth_allow_anonymous_access
def satudata_workflow_queue(context: Context, data_dict: DataDict) -> AuthResult:
    """Any logged-in user; the queue holds only their own tasks."""
    if not context.get("user"):
        return {"success": False, "msg": tk._(
            "Anda harus masuk untuk melihat daftar tugas Anda."
        )}
    return {"success": True}


def satudata_workflow_remind(context: Context, data_dict: DataDict) -> AuthResult:
    """Sysadmins only (they pass before this runs)."""
    return {"success": False, "msg": tk._(
        "Hanya sysadmin yang dapat mengirim email pengingat."
    )}


@tk.chained_auth_function
def package_update(
    next_auth: AuthFunction, context: Context, data_dict: DataDict
) -> AuthResult:
    """CKAN's rule, then the workflow's edit lock for the current state."""
    result = next_auth(context, data_dict)
    if not result.get("success"):
        return result
    reason = policy.edit_lock_reason(
        context.get("user"), get_package_object(context, data_dict)
    )
    if reason:
        return {"success": False, "msg": reason}
    return result


def _explained(
    result: AuthResult, user: str | None, package_id: str | None
) -> AuthResult:
    """CKAN's resource refusals name no reason; give the lock's if it holds."""
    if result.get("success") or not package_id:
        return result
    pkg = model.Package.get(package_id)
    reason = policy.edit_lock_reason(user, pkg) if pkg is not None else None
    return {"success": False, "msg": reason} if reason else result


def _resource_package_id(data_dict: DataDict) -> str | None:
    resource = model.Resource.get(data_dict.get("id") or "")
    return resource.package_id if resource is not None else None


@tk.chained_auth_function
def resource_create(
    next_auth: AuthFunction, context: Context, data_dict: DataDict
) -> AuthResult:
    """CKAN's rule (which asks package_update), with the lock's reason."""
    return _explained(
        next_auth(context, data_dict),
        context.get("user"),
        data_dict.get("package_id") or _resource_package_id(data_dict),
    )


@tk.chained_auth_function
def resource_update(
    next_auth: AuthFunction, context: Context, data_dict: DataDict
) -> AuthResult:
    """CKAN's rule (which asks package_update), with the lock's reason."""
    return _explained(
        next_auth(context, data_dict), context.get("user"),
        _resource_package_id(data_dict),
    )


@tk.chained_auth_function
def resource_delete(
    next_auth: AuthFunction, context: Context, data_dict: DataDict
) -> AuthResult:
    """CKAN's rule (which asks package_delete), with the lock's reason."""
    return _explained(
        next_auth(context, data_dict), context.get("user"),
        _resource_package_id(data_dict),
    )

"""Who may manage and see Satu Data roles.

Sysadmins pass every check before these functions run (CKAN's
``check_access``); a sysadmin is also an implicit walidata. Anonymous calls
reach the functions so that the refusal is explained in Indonesian rather
than by CKAN's generic English one.
"""
from __future__ import annotations

import ckan.plugins.toolkit as tk
from ckan.types import AuthResult, Context, DataDict

from ckanext.satudata import roles


def _may_change(
    context: Context, data_dict: DataDict, refusals: dict[str, str]
) -> AuthResult:
    user = context.get("user")
    if not user:
        return {"success": False, "msg": refusals["anonymous"]}
    if "walidata" in roles.user_roles(user):
        return {"success": True}

    organization = data_dict.get("organization")
    if isinstance(organization, str) and organization and (
        "admin_opd" in roles.user_roles(user, organization)
    ):
        if data_dict.get("role") == "produsen":
            return {"success": True}
        return {"success": False, "msg": refusals["admin_opd"]}
    return {"success": False, "msg": refusals["other"]}


@tk.auth_allow_anonymous_access
def satudata_role_assign(context: Context, data_dict: DataDict) -> AuthResult:
    """Walidata: any role; Admin Portal OPD: ``produsen`` in their OPD."""
    return _may_change(
        context,
        data_dict,
        {
            "anonymous": tk._("Anda harus masuk untuk memberikan peran Satu Data."),
            "admin_opd": tk._(
                "Admin Portal OPD hanya dapat memberikan peran Produsen Data."
            ),
            "other": tk._(
                "Hanya sysadmin, Walidata, atau Admin Portal OPD (peran Produsen "
                "Data di OPD-nya sendiri) yang dapat memberikan peran Satu Data."
            ),
        },
    )


@tk.auth_allow_anonymous_access
def satudata_role_revoke(context: Context, data_dict: DataDict) -> AuthResult:
    """Walidata: any role; Admin Portal OPD: ``produsen`` in their OPD."""
    return _may_change(
        context,
        data_dict,
        {
            "anonymous": tk._("Anda harus masuk untuk mencabut peran Satu Data."),
            "admin_opd": tk._(
                "Admin Portal OPD hanya dapat mencabut peran Produsen Data."
            ),
            "other": tk._(
                "Hanya sysadmin, Walidata, atau Admin Portal OPD (peran Produsen "
                "Data di OPD-nya sendiri) yang dapat mencabut peran Satu Data."
            ),
        },
    )


@tk.auth_allow_anonymous_access
def satudata_role_list(context: Context, data_dict: DataDict) -> AuthResult:
    """Logged-in users holding a Satu Data role.

    Regency-wide roles see every assignment; OPD roles only those of their
    own organizations (the action narrows the rows), and asking for another
    organization is refused.
    """
    user = context.get("user")
    if not user:
        return {
            "success": False,
            "msg": tk._("Anda harus masuk untuk melihat peran Satu Data."),
        }
    if roles.user_roles(user):
        # Any regency-wide role: every organization's roles are visible.
        return {"success": True}

    organization = data_dict.get("organization")
    if organization:
        if isinstance(organization, str) and roles.user_roles(user, organization):
            return {"success": True}
        return {
            "success": False,
            "msg": tk._(
                "Anda tidak memegang peran Satu Data di organisasi ini, "
                "sehingga tidak dapat melihat perannya."
            ),
        }
    if roles.opd_organizations(user):
        return {"success": True}
    return {
        "success": False,
        "msg": tk._(
            "Hanya pemegang peran Satu Data yang dapat melihat daftar peran."
        ),
    }

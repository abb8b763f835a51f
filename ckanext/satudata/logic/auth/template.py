"""Who may do what with table templates.

The Walidata keeps the templates (create, change, draft from a sample)
and announces them to the OPDs («Informasikan»).
Templates are the published table formats of the regency, so everybody may
read them and download the files to fill. "Cek kesesuaian" of a loose file
is for users who hold a Satu Data role somewhere: it costs the portal work
and is of no use to anyone else.

Anonymous users reach every function, so that they too get the reason in
Bahasa Indonesia rather than CKAN's generic English refusal.
"""
from __future__ import annotations

import ckan.plugins.toolkit as tk
from ckan.types import AuthResult, Context, DataDict

from ckanext.satudata import roles


def _walidata(context: Context) -> AuthResult:
    user = context.get("user")
    if user and "walidata" in roles.user_roles(user):
        return {"success": True}
    return {"success": False,
            "msg": tk._("Hanya Walidata yang dapat mengelola template tabel.")}


@tk.auth_allow_anonymous_access
def satudata_template_create(context: Context, data_dict: DataDict) -> AuthResult:
    return _walidata(context)


@tk.auth_allow_anonymous_access
def satudata_template_update(context: Context, data_dict: DataDict) -> AuthResult:
    return _walidata(context)


@tk.auth_allow_anonymous_access
def satudata_template_infer(context: Context, data_dict: DataDict) -> AuthResult:
    return _walidata(context)


@tk.auth_allow_anonymous_access
def satudata_template_show(context: Context, data_dict: DataDict) -> AuthResult:
    return {"success": True}


@tk.auth_allow_anonymous_access
def satudata_template_list(context: Context, data_dict: DataDict) -> AuthResult:
    return {"success": True}


@tk.auth_allow_anonymous_access
def satudata_template_check(context: Context, data_dict: DataDict) -> AuthResult:
    user = context.get("user")
    if user and (roles.user_roles(user) or roles.opd_organizations(user)):
        return {"success": True}
    return {"success": False,
            "msg": tk._("Cek kesesuaian hanya untuk pengguna yang memiliki peran "
                        "Satu Data (Produsen Data, Admin Portal OPD, Walidata, "
                        "...).")}


@tk.auth_allow_anonymous_access
def satudata_template_announce(context: Context, data_dict: DataDict) -> AuthResult:
    user = context.get("user")
    if user and "walidata" in roles.user_roles(user):
        return {"success": True}
    return {"success": False,
            "msg": tk._("Hanya Walidata yang dapat menginformasikan template "
                        "tabel kepada OPD.")}

"""Who may do what with the Daftar Data register.

Walidata and Forum keep the proposals (usulan); only the Forum establishes
(SK Bupati) and revokes. OPD roles read their own OPD's rows, Pembina reads
everything, and everybody, anonymous users included, reads established rows:
the list itself is public information.
"""
from __future__ import annotations

import ckan.authz as authz
import ckan.plugins.toolkit as tk
from ckan.types import AuthResult, Context, DataDict

from ckanext.satudata import roles
from ckanext.satudata.model.daftar_data import DITETAPKAN, DaftarData

_EDITORS = frozenset({"walidata", "forum"})
_ALIAS_KEEPERS = frozenset({"walidata"})
_READERS = frozenset({"walidata", "forum", "pembina"})


def _regency_roles(context: Context) -> frozenset[str]:
    user = context.get("user")
    return roles.user_roles(user) if user else frozenset()


def _reads_everything(context: Context) -> bool:
    return authz.is_sysadmin(context.get("user")) or bool(
        _regency_roles(context) & _READERS
    )


def _opd_organizations(context: Context) -> set[str]:
    """Ids of the organizations where the user holds an OPD role."""
    return set(roles.opd_organizations(context.get("user")))


def _row(context: Context, data_dict: DataDict) -> DaftarData | None:
    row = context.get("satudata_daftar_data")
    if row is None:
        row = DaftarData.get(data_dict.get("id"))
    return row


def _editor(context: Context) -> AuthResult:
    if _regency_roles(context) & _EDITORS:
        return {"success": True}
    return {
        "success": False,
        "msg": tk._("Hanya Walidata dan Forum Satu Data yang dapat mengelola "
                    "usulan Daftar Data."),
    }


def _forum(context: Context) -> AuthResult:
    if "forum" in _regency_roles(context):
        return {"success": True}
    return {
        "success": False,
        "msg": tk._("Hanya Forum Satu Data yang dapat menetapkan atau "
                    "mencabut Daftar Data."),
    }


def satudata_daftar_data_create(context: Context, data_dict: DataDict) -> AuthResult:
    return _editor(context)


def satudata_daftar_data_update(context: Context, data_dict: DataDict) -> AuthResult:
    return _editor(context)


def satudata_daftar_data_delete(context: Context, data_dict: DataDict) -> AuthResult:
    return _editor(context)


def satudata_daftar_data_import(context: Context, data_dict: DataDict) -> AuthResult:
    return _editor(context)


def satudata_daftar_data_establish(
    context: Context, data_dict: DataDict
) -> AuthResult:
    return _forum(context)


def satudata_daftar_data_establish_bulk(
    context: Context, data_dict: DataDict
) -> AuthResult:
    return _forum(context)


def satudata_daftar_data_revoke(context: Context, data_dict: DataDict) -> AuthResult:
    return _forum(context)


@tk.auth_allow_anonymous_access
def satudata_daftar_data_show(context: Context, data_dict: DataDict) -> AuthResult:
    row = _row(context, data_dict)
    if row is None or row.status == DITETAPKAN or _reads_everything(context):
        return {"success": True}
    if row.owner_org in _opd_organizations(context):
        return {"success": True}
    return {
        "success": False,
        "msg": tk._("Daftar Data yang belum ditetapkan hanya dapat dilihat oleh "
                    "OPD produsennya, Walidata, Forum dan Pembina Data."),
    }


@tk.auth_allow_anonymous_access
def satudata_daftar_data_list(context: Context, data_dict: DataDict) -> AuthResult:
    # Everybody may list; the action narrows the rows to what the user may see.
    return {"success": True}


def _alias_keeper(context: Context) -> AuthResult:
    if _regency_roles(context) & _ALIAS_KEEPERS:
        return {"success": True}
    return {
        "success": False,
        "msg": tk._("Hanya Walidata yang dapat mengelola alias nama OPD."),
    }


def satudata_opd_alias_create(context: Context, data_dict: DataDict) -> AuthResult:
    return _alias_keeper(context)


def satudata_opd_alias_delete(context: Context, data_dict: DataDict) -> AuthResult:
    return _alias_keeper(context)


def satudata_opd_alias_seed(context: Context, data_dict: DataDict) -> AuthResult:
    return _alias_keeper(context)


def satudata_opd_alias_list(context: Context, data_dict: DataDict) -> AuthResult:
    # Whoever keeps or imports the register sees the names it resolves.
    if _reads_everything(context):
        return {"success": True}
    return {
        "success": False,
        "msg": tk._("Hanya Walidata, Forum dan Pembina Data yang dapat melihat "
                    "alias nama OPD."),
    }

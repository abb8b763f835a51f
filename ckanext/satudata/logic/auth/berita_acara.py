"""Who may do what with the Berita Acara of the availability check.

The Walidata writes them (drafts, their content, the signed scan). A draft
is a working paper: the Walidata, Forum and Pembina Data and the roles of
the OPD it checks read it. A signed Berita Acara is a public record, read
by everybody, like the established Daftar Data it is about.
"""
from __future__ import annotations

import ckan.plugins.toolkit as tk
from ckan.types import AuthResult, Context, DataDict

from ckanext.satudata.logic.auth.daftar_data import (
    _opd_organizations,
    _reads_everything,
    _regency_roles,
)
from ckanext.satudata.model.berita_acara import DITANDATANGANI, BeritaAcara


def _walidata(context: Context) -> AuthResult:
    if "walidata" in _regency_roles(context):
        return {"success": True}
    return {
        "success": False,
        "msg": tk._("Hanya Walidata yang dapat menyusun Berita Acara "
                    "pemeriksaan ketersediaan data."),
    }


def satudata_berita_acara_create(context: Context, data_dict: DataDict) -> AuthResult:
    return _walidata(context)


def satudata_berita_acara_update(context: Context, data_dict: DataDict) -> AuthResult:
    return _walidata(context)


def satudata_berita_acara_upload(context: Context, data_dict: DataDict) -> AuthResult:
    return _walidata(context)


def _reads_drafts_of(context: Context, owner_org: str) -> bool:
    """Whether the user may read the drafts of this OPD's Berita Acara."""
    return _reads_everything(context) or owner_org in _opd_organizations(context)


@tk.auth_allow_anonymous_access
def satudata_berita_acara_show(context: Context, data_dict: DataDict) -> AuthResult:
    document = context.get("satudata_berita_acara") or BeritaAcara.get(
        data_dict.get("id"))
    if (document is None or document.status == DITANDATANGANI
            or _reads_drafts_of(context, document.owner_org)):
        return {"success": True}
    return {
        "success": False,
        "msg": tk._("Berita Acara yang belum ditandatangani hanya dapat dilihat "
                    "oleh OPD yang diperiksa, Walidata, Forum dan Pembina Data."),
    }


@tk.auth_allow_anonymous_access
def satudata_berita_acara_list(context: Context, data_dict: DataDict) -> AuthResult:
    # Everybody may list; the action narrows the documents to what the user
    # may see.
    return {"success": True}

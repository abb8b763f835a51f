"""Who may read the monitoring board and the report.

Regency-wide roles see every OPD, OPD roles their own OPDs (see
:mod:`ckanext.satudata.report.access`); asking for another OPD is refused.
"""
from __future__ import annotations

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.types import AuthResult, Context, DataDict

from ckanext.satudata.report.access import visible_organizations


def _may_read(context: Context, data_dict: DataDict) -> AuthResult:
    user = context.get("user")
    if not user:
        return {"success": False, "msg": tk._(
            "Anda harus masuk untuk melihat pemantauan dan laporan Satu Data."
        )}
    visible = visible_organizations(user)
    if visible is None:
        return {"success": True}
    if not visible:
        return {"success": False, "msg": tk._(
            "Pemantauan dan laporan Satu Data hanya untuk Walidata, Forum Satu"
            " Data, Pembina Data dan pemegang peran Satu Data di OPD."
        )}
    wanted = data_dict.get("organization")
    if wanted:
        org = model.Group.get(wanted)
        if org is None or org.id not in visible:
            return {"success": False, "msg": tk._(
                "Anda hanya dapat melihat pemantauan OPD tempat Anda memegang"
                " peran Satu Data."
            )}
    return {"success": True}


@tk.auth_allow_anonymous_access
def satudata_report_summary(context: Context, data_dict: DataDict) -> AuthResult:
    """Regency-wide roles: every OPD; OPD roles: their own OPDs."""
    return _may_read(context, data_dict)


@tk.auth_allow_anonymous_access
def satudata_report_rows(context: Context, data_dict: DataDict) -> AuthResult:
    """As ``satudata_report_summary``."""
    return _may_read(context, data_dict)


@tk.auth_allow_anonymous_access
def satudata_report_period(context: Context, data_dict: DataDict) -> AuthResult:
    """As ``satudata_report_summary``."""
    return _may_read(context, data_dict)

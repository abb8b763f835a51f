"""Who sees which OPDs on the board and in the report.

Walidata, Forum Satu Data, Pembina Data and sysadmins (also when implicit
roles are off: the CLI runs as the site user) see every OPD; Produsen Data,
Admin Portal OPD and Kepala OPD see the OPDs where they hold one of these
roles; nobody else sees anything.
"""
from __future__ import annotations

import ckan.model as model

from ckanext.satudata import roles as satudata_roles

__all__ = ["visible_organizations"]


def visible_organizations(user: str | model.User | None) -> list[str] | None:
    """``None`` for every OPD, else the ids of the OPDs the user may see
    (empty: none)."""
    user_obj = user if isinstance(user, model.User) else model.User.get(user or "")
    if user_obj is None or user_obj.state != "active":
        return []
    if user_obj.sysadmin:
        return None
    if satudata_roles.holds_regency_role(user_obj):
        return None
    return satudata_roles.opd_organizations(user_obj)

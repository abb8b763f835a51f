"""Who may read the Kalender rilis: everyone."""
from __future__ import annotations

import ckan.plugins.toolkit as tk
from ckan.types import AuthResult, Context, DataDict


@tk.auth_allow_anonymous_access
def satudata_calendar(context: Context, data_dict: DataDict) -> AuthResult:
    """Public: established rows are public information, and the calendar
    reads only publications of datasets that are published now."""
    return {"success": True}


def satudata_calendar_remind(context: Context, data_dict: DataDict) -> AuthResult:
    """Sysadmins only (they pass before this runs)."""
    return {"success": False, "msg": tk._(
        "Hanya sysadmin yang dapat mengirim email pengingat."
    )}

"""DataStore reads with the dataset's visibility, refused in Bahasa Indonesia.

Registered only when CKAN's ``datastore`` plugin is enabled. CKAN looks the
table up before it checks access, so a caller who may not see the dataset
would learn from "not found" versus "not authorised" whether a resource has
a table; here the dataset's visibility (``resource_show``) is checked first,
with the same refusal either way.
"""
from __future__ import annotations

from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.types import Action, Context, DataDict


def _may_read(context: Context, resource_id: Any) -> None:
    if context.get("ignore_auth") or not isinstance(resource_id, str):
        return
    if model.Resource.get(resource_id) is None:
        return  # an alias, or nothing: CKAN's own lookup answers
    try:
        tk.check_access("resource_show", context, {"id": resource_id})
    except tk.NotAuthorized:
        raise tk.NotAuthorized(tk._(
            "Tabel ini tidak dapat dibaca: datasetnya belum diterbitkan, sudah"
            " ditarik, atau tidak terbuka untuk Anda."
        )) from None


@tk.chained_action
@tk.side_effect_free
def datastore_search(up: Action, context: Context, data_dict: DataDict) -> Any:
    _may_read(context, data_dict.get("resource_id"))
    return up(context, data_dict)


@tk.chained_action
@tk.side_effect_free
def datastore_info(up: Action, context: Context, data_dict: DataDict) -> Any:
    _may_read(context, data_dict.get("resource_id") or data_dict.get("id"))
    return up(context, data_dict)

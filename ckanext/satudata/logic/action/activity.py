"""CKAN's activity actions, as the portal serves them."""
from __future__ import annotations

from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.types import Action, Context, DataDict

from ckanext.satudata import shared_memo


@tk.chained_action
@tk.side_effect_free
def dashboard_new_activities_count(
    up_func: Action, context: Context, data_dict: DataDict
) -> Any:
    """The header of every page a logged-in user opens shows this count, and
    CKAN works it out from a union of five activity queries each time (a
    fifth of a logged-in page's time). It changes only when the database
    does (a new activity, the user opening their dashboard, a new follow or
    permission), so the answer is kept until then (:mod:`shared_memo`). A
    request with parameters is answered afresh."""
    tk.check_access("dashboard_new_activities_count", context, data_dict)
    # check_access has found the user already, unless auth was ignored
    user = context.get("auth_user_obj") or model.User.get(context.get("user") or "")
    if data_dict or user is None:
        return up_func(context, data_dict)
    return shared_memo.kept(f"new_activities:{user.id}",
                            lambda: up_func(context, data_dict))

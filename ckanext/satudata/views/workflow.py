"""The workflow's pages.

``/satudata/tugas``: "Tugas saya", the datasets waiting for the user.
``POST /dataset/<id>/alur-kerja``: the workflow panel's buttons; it calls
``satudata_workflow_transition`` and reports the outcome by flash message
on the dataset page. Every rule lives in the action.

CKAN's organization bulk page answers any refused bulk action with a
generic "Not authorized to perform bulk update"; the request hook below
checks the same rule first (:func:`policy.bulk_refusal`) and says why.
"""
from __future__ import annotations

from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan import authz
from ckan.common import session
from ckan.types import Response
from flask import Blueprint

from ckanext.satudata.views.request import context, flag_arg, submit
from ckanext.satudata.workflow import policy

bp = Blueprint("satudata_workflow", __name__)


_BULK_ACTIONS = ("public", "private", "delete")
KEPT_FORM = "satudata_workflow_form"


@bp.before_app_request
def explain_bulk_refusal() -> None:
    if (
        tk.request.method != "POST"
        or tk.request.endpoint != "organization.bulk_process"
    ):
        return
    form = tk.request.form
    action = next((a for a in _BULK_ACTIONS if f"bulk_action.{a}" in form), None)
    organization = model.Group.get((tk.request.view_args or {}).get("id") or "")
    user = tk.current_user.name if tk.current_user.is_authenticated else ""
    # Only the OPD's editors learn the reason; CKAN refuses everyone else.
    if (
        action is None
        or organization is None
        or not authz.has_user_permission_for_group_or_org(
            organization.id, user, "update"
        )
    ):
        return
    datasets = [key[len("dataset_"):] for key in form if key.startswith("dataset_")]
    reason = policy.bulk_refusal(user, action, organization.id, datasets)
    if reason:
        tk.abort(403, reason)


@bp.route("/satudata/tugas")
def queue() -> str:
    if not tk.current_user.is_authenticated:
        return tk.abort(403, tk._("Anda harus masuk untuk melihat daftar tugas Anda."))
    overdue_only = flag_arg("terlambat")
    result = tk.get_action("satudata_workflow_queue")(
        context(), {"overdue_only": overdue_only}
    )
    # The page is a tab of the user's dashboard, whose frame needs these.
    user_dict = tk.get_action("user_show")(context(), {"id": tk.current_user.id})
    return tk.render(
        "satudata/workflow/queue.html",
        {
            "queue": result,
            "overdue_only": overdue_only,
            "user_dict": user_dict,
            "is_myself": True,
            "is_sysadmin": tk.current_user.sysadmin,
        },
    )


@bp.route("/dataset/<id>/alur-kerja", methods=["POST"])
def transition(id: str) -> Response:
    form = tk.request.form
    data_dict: dict[str, Any] = {
        "id": id,
        "transition": form.get("transition", ""),
        "note": form.get("note", ""),
    }
    if "checklist" in form or form.get("has_checklist"):
        data_dict["checklist"] = form.getlist("checklist")
    result = submit("satudata_workflow_transition", data_dict)
    if result is None:
        # What was typed and ticked comes back in the panel after the redirect.
        session[KEPT_FORM] = {
            "dataset": id,
            "transition": data_dict["transition"],
            "note": data_dict["note"],
            "checklist": data_dict.get("checklist") or [],
        }
    else:
        tk.h.flash_success(
            tk._("«{action}» berhasil. Status dataset sekarang «{state}».").format(
                action=result["event"]["transition_label"],
                state=result["state_label"],
            )
        )
        if "revision" in result:
            # A published revision lands on the dataset it updated.
            return tk.redirect_to(
                "dataset.read", id=result["revision"]["package_name"])
    return tk.redirect_to("dataset.read", id=id)

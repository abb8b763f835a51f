"""The workflow's pages.

``/satudata/tugas``: "Tugas saya", the datasets waiting for the user.
``POST /dataset/<id>/alur-kerja``: the workflow panel's buttons; it calls
``satudata_workflow_transition`` and reports the outcome by flash message
on the dataset page. Every rule lives in the action.
"""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan.types import Context, Response
from flask import Blueprint

bp = Blueprint("satudata_workflow", __name__)


def _context() -> Context:
    return {"user": tk.current_user.name if tk.current_user else ""}


def _error_text(error: tk.ValidationError) -> str:
    messages = []
    for field_errors in error.error_dict.values():
        if isinstance(field_errors, list):
            messages.extend(str(m) for m in field_errors)
        else:
            messages.append(str(field_errors))
    return " ".join(messages)


@bp.route("/satudata/tugas")
def queue() -> str:
    if not tk.current_user.is_authenticated:
        return tk.abort(403, tk._("Anda harus masuk untuk melihat daftar tugas Anda."))
    overdue_only = tk.asbool(tk.request.args.get("terlambat", False))
    result = tk.get_action("satudata_workflow_queue")(
        _context(), {"overdue_only": overdue_only}
    )
    # The page is a tab of the user's dashboard, whose frame needs these.
    user_dict = tk.get_action("user_show")(_context(), {"id": tk.current_user.id})
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
    try:
        result = tk.get_action("satudata_workflow_transition")(_context(), data_dict)
    except tk.ObjectNotFound:
        return tk.abort(404, tk._("Dataset tidak ditemukan."))
    except tk.NotAuthorized as e:
        return tk.abort(403, str(e.message) if e.message else None)
    except tk.ValidationError as e:
        tk.h.flash_error(_error_text(e))
    else:
        tk.h.flash_success(
            tk._("«{action}» berhasil. Status dataset sekarang «{state}».").format(
                action=result["event"]["transition_label"],
                state=result["state_label"],
            )
        )
    return tk.redirect_to("dataset.read", id=id)

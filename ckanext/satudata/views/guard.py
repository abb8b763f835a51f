"""Requests refused before any view reads them.

- A NUL byte in a parameter of one of the extension's pages: PostgreSQL
  cannot store or compare it, so the first query with it fails; no form or
  link of the portal ever sends one.
- A JSON body to the Action API nested deeper than :data:`MAX_JSON_DEPTH`:
  CKAN parses it recursively and fails with a RecursionError (a 500) at
  some thousands of levels; no action takes more than a few.
- ``/dataset/changes_multiple`` (CKAN's activity plugin) with ids that are
  not activities of one dataset the user may see: CKAN's view assumes they
  are and fails on anything else.

Each refusal is a 4xx with the reason in Bahasa Indonesia.
"""
from __future__ import annotations

import datetime
import re
from typing import Any

import ckan.plugins.toolkit as tk
from flask import Blueprint, jsonify

from ckanext.satudata.views.request import context

bp = Blueprint("satudata_guard", __name__)

MAX_JSON_DEPTH = 100

_JSON_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"')
_JSON_BRACKET = re.compile(rb"[\[\]{}]")


def json_depth(body: bytes, limit: int) -> int:
    """How deep ``body`` nests arrays and objects, counting at most to
    ``limit + 1``; brackets inside strings do not count."""
    depth = deepest = 0
    for bracket in _JSON_BRACKET.finditer(_JSON_STRING.sub(b'""', body)):
        if bracket.group() in (b"[", b"{"):
            depth += 1
            deepest = max(deepest, depth)
            if deepest > limit:
                break
        else:
            depth -= 1
    return deepest


@bp.before_app_request
def refuse_nul_bytes() -> None:
    if not (tk.request.blueprint or "").startswith("satudata_"):
        return
    request = tk.request
    values: list[Any] = list((request.view_args or {}).values())
    for multi in (request.args, request.form):
        for key, items in multi.lists():
            values.append(key)
            values.extend(items)
    values.extend(upload.filename for upload in request.files.values())
    if any(isinstance(v, str) and "\x00" in v for v in values):
        tk.abort(400, tk._("Permintaan memuat karakter NUL, yang tidak pernah ada "
                           "dalam isian yang sah."))


@bp.before_app_request
def refuse_deep_json() -> Any:
    request = tk.request
    if request.endpoint != "api.action" or request.method not in ("POST", "PUT"):
        return None
    if request.mimetype == "multipart/form-data":
        return None
    # CKAN reads a JSON body, or a form whose only key is the JSON text.
    texts = [request.get_data(cache=True)]
    if request.mimetype == "application/x-www-form-urlencoded":
        texts = [key.encode("utf-8") for key in request.form]
    if all(json_depth(text, MAX_JSON_DEPTH) <= MAX_JSON_DEPTH for text in texts):
        return None
    response = jsonify({
        "success": False,
        "error": {
            "__type": "Bad Request",
            "message": tk._("Data JSON bersarang lebih dari {limit} tingkat.")
            .format(limit=MAX_JSON_DEPTH),
        },
    })
    response.status_code = 400
    return response


def _package_activity(id: str | None, name: str) -> dict[str, Any]:
    if not id or "\x00" in id:
        return tk.abort(400, tk._("Parameter {name} harus berisi ID aktivitas.")
                        .format(name=name))
    try:
        activity = tk.get_action("activity_show")(
            context(), {"id": id, "include_data": False})
    except tk.ObjectNotFound:
        return tk.abort(404, tk._("Aktivitas {name} tidak ditemukan.")
                        .format(name=name))
    except tk.NotAuthorized:
        return tk.abort(403, tk._("Anda tidak berhak melihat aktivitas ini."))
    except tk.ValidationError:
        return tk.abort(400, tk._("Parameter {name} harus berisi ID aktivitas.")
                        .format(name=name))
    if "package" not in activity.get("activity_type", ""):
        return tk.abort(400, tk._("Aktivitas {name} bukan perubahan dataset.")
                        .format(name=name))
    return activity


@bp.before_app_request
def check_changes_range() -> None:
    if tk.request.endpoint != "activity.package_changes_multiple":
        return
    args = tk.request.args
    new = _package_activity(args.get("new_id"), "new_id")
    old = _package_activity(args.get("old_id"), "old_id")
    if new["object_id"] != old["object_id"]:
        tk.abort(400, tk._("new_id dan old_id harus aktivitas dataset yang sama."))
    newer = datetime.datetime.fromisoformat(new["timestamp"])
    if newer <= datetime.datetime.fromisoformat(old["timestamp"]):
        # CKAN then shows the change of current_new_id alone.
        current = _package_activity(args.get("current_new_id"), "current_new_id")
        if current["object_id"] != new["object_id"]:
            tk.abort(400, tk._("current_new_id harus aktivitas dataset yang "
                               "sama."))

"""Pages to see and manage Satu Data roles.

``/satudata/peran``: every assignment, for Walidata and sysadmins.
``/organization/<id>/peran``: one OPD's role holders, including the implicit
ones, for anyone allowed to list that OPD's roles.
"""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan.types import Response
from flask import Blueprint

from ckanext.satudata import roles
from ckanext.satudata.views.request import context, error_text

bp = Blueprint("satudata_roles", __name__)


def _allowed(auth: str, data_dict: dict[str, Any]) -> bool:
    try:
        tk.check_access(auth, context(), data_dict)
    except tk.NotAuthorized:
        return False
    return True


def _label(role: str) -> str:
    return tk._(roles.ROLE_LABELS.get(role, role))


def _change(action: str, data_dict: dict[str, Any]) -> None:
    """Run an assign or revoke from a form, reporting the outcome by flash."""
    try:
        tk.get_action(action)(context(), data_dict)
    except tk.NotAuthorized as e:
        tk.abort(403, str(e.message) if e.message else None)
    except tk.ValidationError as e:
        tk.h.flash_error(error_text(e))
    except tk.ObjectNotFound as e:
        tk.h.flash_error(str(e.message))
    else:
        if action == "satudata_role_assign":
            success = tk._("Peran {role} diberikan kepada {user}.")
        else:
            success = tk._("Peran {role} dicabut dari {user}.")
        tk.h.flash_success(
            success.format(role=_label(data_dict["role"]), user=data_dict["user"])
        )


def _form(*keys: str) -> dict[str, str]:
    return {
        key: value.strip()
        for key in keys
        if (value := tk.request.form.get(key, "")) and value.strip()
    }


# Regency-wide page


def _require_walidata() -> None:
    # Whoever may hand out the regency-wide roles is a walidata (or sysadmin).
    if not _allowed("satudata_role_assign", {"role": "walidata"}):
        tk.abort(403, tk._("Halaman ini hanya untuk Walidata dan sysadmin."))


def _all_organizations() -> list[dict[str, Any]]:
    organizations: list[dict[str, Any]] = []
    while True:
        page = tk.get_action("organization_list")(
            context(),
            {
                "all_fields": True,
                "include_dataset_count": False,
                "include_extras": False,
                "sort": "title asc",
                "limit": 25,
                "offset": len(organizations),
            },
        )
        organizations.extend(page)
        if len(page) < 25:
            return organizations


@bp.route("/satudata/peran")
def index() -> str:
    _require_walidata()
    filters = {
        key: value
        for key in ("organization", "role", "user")
        if (value := tk.request.args.get(key, "").strip())
    }
    try:
        assignments = tk.get_action("satudata_role_list")(context(), filters)
    except (tk.ValidationError, tk.ObjectNotFound) as e:
        tk.h.flash_error(
            error_text(e) if isinstance(e, tk.ValidationError) else str(e.message)
        )
        assignments = []
    return tk.render(
        "satudata/roles/index.html",
        {
            "assignments": assignments,
            "filters": filters,
            "organizations": _all_organizations(),
            "role_options": [(r, _label(r)) for r in roles.ROLES],
            "implicit_roles": roles.implicit_roles_enabled(),
        },
    )


@bp.route("/satudata/peran", methods=["POST"])
def assign() -> Response:
    _require_walidata()
    data_dict = _form("user", "role", "organization")
    _change("satudata_role_assign", data_dict)
    return tk.redirect_to("satudata_roles.index")


@bp.route("/satudata/peran/cabut", methods=["POST"])
def revoke() -> Response:
    _require_walidata()
    data_dict = _form("user", "role", "organization")
    _change("satudata_role_revoke", data_dict)
    return tk.redirect_to("satudata_roles.index")


# Per-OPD page


def _organization_or_abort(id: str) -> dict[str, Any]:
    try:
        organization = tk.get_action("organization_show")(
            context(),
            {"id": id, "include_users": True, "include_datasets": False},
        )
    except (tk.ObjectNotFound, tk.NotAuthorized):
        tk.abort(404, tk._("Organisasi tidak ditemukan."))
    if not _allowed("satudata_role_list", {"organization": organization["id"]}):
        tk.abort(
            403,
            tk._(
                "Hanya pemegang peran Satu Data di organisasi ini, Walidata, "
                "Forum, Pembina, dan sysadmin yang dapat melihat perannya."
            ),
        )
    return organization


def _holders(
    organization: dict[str, Any], assignments: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """One entry per user with a role in the OPD, explicit or implicit."""
    holders: dict[str, dict[str, Any]] = {}

    def holder(user_id: str, name: str, display_name: str) -> dict[str, Any]:
        return holders.setdefault(
            user_id,
            {"id": user_id, "name": name, "display_name": display_name, "roles": {}},
        )

    for item in assignments:
        entry = holder(item["user_id"], item["user_name"], item["user_display_name"])
        entry["roles"][item["role"]] = {"explicit": True, "implicit": False}

    if roles.implicit_roles_enabled():
        for user in organization.get("users", []):
            implied = roles.IMPLICIT_OPD_ROLES.get(user.get("capacity"))
            if not implied or user.get("state") != "active":
                continue
            entry = holder(user["id"], user["name"], user["display_name"])
            entry["roles"].setdefault(
                implied, {"explicit": False, "implicit": False}
            )["implicit"] = True

    for entry in holders.values():
        entry["roles"] = [
            {"role": role, "label": _label(role), **entry["roles"][role]}
            for role in roles.OPD_ROLES
            if role in entry["roles"]
        ]
    return sorted(holders.values(), key=lambda e: e["display_name"].lower())


@bp.route("/organization/<id>/peran")
def organization(id: str) -> str:
    group_dict = _organization_or_abort(id)
    assignments = tk.get_action("satudata_role_list")(
        context(), {"organization": group_dict["id"]}
    )
    assignable = [
        (role, _label(role))
        for role in roles.OPD_ROLES
        if _allowed(
            "satudata_role_assign", {"role": role, "organization": group_dict["id"]}
        )
    ]
    revocable = {
        role
        for role in roles.OPD_ROLES
        if _allowed(
            "satudata_role_revoke", {"role": role, "organization": group_dict["id"]}
        )
    }
    return tk.render(
        "satudata/roles/organization.html",
        {
            "group_dict": group_dict,
            "group_type": group_dict.get("type", "organization"),
            "holders": _holders(group_dict, assignments),
            "assignable": assignable,
            "revocable": revocable,
            "implicit_roles": roles.implicit_roles_enabled(),
            "is_walidata": _allowed("satudata_role_assign", {"role": "walidata"}),
        },
    )


@bp.route("/organization/<id>/peran", methods=["POST"])
def organization_assign(id: str) -> Response:
    group_dict = _organization_or_abort(id)
    data_dict = {**_form("user", "role"), "organization": group_dict["id"]}
    _change("satudata_role_assign", data_dict)
    return tk.redirect_to("satudata_roles.organization", id=group_dict["name"])


@bp.route("/organization/<id>/peran/cabut", methods=["POST"])
def organization_revoke(id: str) -> Response:
    group_dict = _organization_or_abort(id)
    data_dict = {**_form("user", "role"), "organization": group_dict["id"]}
    _change("satudata_role_revoke", data_dict)
    return tk.redirect_to("satudata_roles.organization", id=group_dict["name"])

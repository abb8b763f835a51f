"""Assign, revoke and list explicit Satu Data roles.

The capacity rules (which CKAN membership an OPD role needs, and what
revoking gives back) are described in :mod:`ckanext.satudata.roles`.
"""
from __future__ import annotations

from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk
import sqlalchemy as sa
from ckan import authz
from ckan.types import Context, DataDict
from sqlalchemy.exc import IntegrityError

from ckanext.satudata import model as satudata_model
from ckanext.satudata import roles
from ckanext.satudata.logic import validate
from ckanext.satudata.logic.schema import roles as schema
from ckanext.satudata.model.role import SatudataRole
from ckanext.satudata.roles import membership


def satudata_role_assign(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Give a user a Satu Data role.

    Assigning an OPD role also gives the user the CKAN membership the role
    needs in that organization (``produsen`` editor, ``admin_opd`` admin,
    ``kepala_opd`` member), never lowering an existing one.

    Walidata (and sysadmins) may assign any role; an Admin Portal OPD may
    assign ``produsen`` in their own organization.

    :param user: name or id of the user
    :type user: string
    :param role: ``produsen``, ``admin_opd`` or ``kepala_opd`` (per OPD);
        ``walidata``, ``forum`` or ``pembina`` (regency-wide)
    :type role: string
    :param organization: id or name of the organization; required for an OPD
        role, not allowed for a regency-wide one
    :type organization: string

    :returns: the assignment, shaped like an item of ``satudata_role_list``
    :rtype: dictionary
    """
    tk.check_access("satudata_role_assign", context, data_dict)
    user, role, org = _resolve(context, data_dict, for_assign=True)

    org_id = org.id if org else None
    if membership.assignment(user.id, role, org_id) is not None:
        raise tk.ValidationError({"role": [_already_held(user, role, org)]})

    author = model.User.get(context.get("user") or "")
    row = SatudataRole(
        user_id=user.id,
        role=role,
        organization_id=org_id,
        created_by=author.id if author else None,
    )
    if org is not None:
        membership.grant_capacity(row, user, org)
    model.Session.add(row)
    try:
        model.Session.commit()
    except IntegrityError:
        # A simultaneous identical assignment won the unique index.
        model.Session.rollback()
        raise tk.ValidationError(
            {"role": [_already_held(user, role, org)]}
        ) from None
    return _dictize(row, user, org, author)


def satudata_role_revoke(context: Context, data_dict: DataDict) -> None:
    """Take an explicit Satu Data role away from a user.

    For an OPD role, the CKAN membership goes back to what the user's
    remaining roles in that organization need, and is removed if this
    extension created it and nothing needs it any more. Memberships the user
    had on their own, or that were changed by hand since, are left alone.

    Implicit roles (from CKAN membership or sysadmin status) are not rows and
    cannot be revoked here; change the membership instead.

    :param user: name or id of the user
    :type user: string
    :param role: the role to revoke
    :type role: string
    :param organization: id or name of the organization, for an OPD role
    :type organization: string
    """
    tk.check_access("satudata_role_revoke", context, data_dict)
    user, role, org = _resolve(context, data_dict, for_assign=False)

    row = membership.assignment(user.id, role, org.id if org else None)
    if row is None:
        if role in roles.user_roles(user, org.id if org else None):
            raise tk.ValidationError({"role": [_implicit_only(user, role, org)]})
        raise tk.ObjectNotFound(
            tk._("{user} tidak memegang peran {role}{where}.").format(
                user=user.name, role=roles.ROLE_LABELS[role], where=_where(org)
            )
        )

    model.Session.delete(row)
    model.Session.flush()
    if org is not None:
        membership.return_capacity(row, user, org)
    model.Session.commit()


@tk.side_effect_free
def satudata_role_list(
    context: Context, data_dict: DataDict
) -> list[dict[str, Any]]:
    """Explicit Satu Data role assignments.

    Only assignments stored by this extension are listed. Implicit roles
    (a CKAN editor as produsen, an admin as admin_opd, a sysadmin's
    regency-wide roles; see ``ckanext.satudata.implicit_roles``) are not rows
    and do not appear; ask :func:`ckanext.satudata.roles.user_roles` for the
    roles a user actually holds.

    Holders of a regency-wide role and sysadmins see every assignment; other
    callers only the assignments in the organizations where they hold an OPD
    role.

    :param organization: id or name of an organization to list (optional)
    :type organization: string
    :param user: name or id of a user to list (optional)
    :type user: string
    :param role: a role to list (optional)
    :type role: string

    :returns: the assignments of active users in active organizations (and
        the regency-wide ones), each with ``id``, ``user_id``, ``user_name``,
        ``user_display_name``, ``role``, ``role_label``,
        ``organization_id``, ``organization_name``, ``organization_title``
        (``None`` for regency-wide roles), ``added_capacity``,
        ``previous_capacity``, ``created`` (ISO 8601, UTC) and
        ``created_by`` (user name); ordered by organization, role and user
    :rtype: list of dictionaries
    """
    tk.check_access("satudata_role_list", context, data_dict)
    data = validate(data_dict, schema.role_list(), context)

    query = (
        sa.select(SatudataRole, model.User, model.Group)
        .join(model.User, model.User.id == SatudataRole.user_id)
        .outerjoin(model.Group, model.Group.id == SatudataRole.organization_id)
        .where(
            model.User.state != "deleted",
            sa.or_(model.Group.id.is_(None), model.Group.state == "active"),
        )
    )
    if data.get("organization"):
        org = model.Group.get(data["organization"])
        if org is None or not org.is_organization:
            raise tk.ObjectNotFound(tk._("Organisasi tidak ditemukan."))
        query = query.where(SatudataRole.organization_id == org.id)
    if data.get("user"):
        user = model.User.get(data["user"])
        if user is None:
            raise tk.ObjectNotFound(tk._("Pengguna tidak ditemukan."))
        query = query.where(SatudataRole.user_id == user.id)
    if data.get("role"):
        if data["role"] not in roles.ROLES:
            raise tk.ValidationError({"role": [_unknown_role()]})
        query = query.where(SatudataRole.role == data["role"])

    caller = context.get("user")
    if not (
        context.get("ignore_auth")
        or authz.is_sysadmin(caller)
        or roles.user_roles(caller)
    ):
        query = query.where(
            SatudataRole.organization_id.in_(roles.opd_organizations(caller))
        )

    rows = model.Session.execute(query).all()
    authors = satudata_model.users(row.created_by for row, _user, _org in rows)
    result = [
        _dictize(row, user, org, authors.get(row.created_by or ""))
        for row, user, org in rows
    ]
    role_order = {role: i for i, role in enumerate(roles.ROLES)}
    result.sort(
        key=lambda item: (
            item["organization_title"] is not None,
            (item["organization_title"] or "").lower(),
            role_order[item["role"]],
            item["user_name"],
        )
    )
    return result


def _resolve(
    context: Context, data_dict: DataDict, for_assign: bool
) -> tuple[model.User, str, model.Group | None]:
    """The user, role and organization of an assign or revoke request."""
    data = validate(data_dict, schema.role_change(), context)

    problems: dict[str, list[str]] = {}
    user = None
    if not data.get("user"):
        problems["user"] = [tk._("Pengguna wajib diisi.")]
    else:
        user = model.User.get(data["user"])
        if user is None or (for_assign and user.state == "deleted"):
            problems["user"] = [
                tk._("Pengguna {user} tidak ditemukan.").format(user=data["user"])
            ]

    role = data.get("role")
    if not role:
        problems["role"] = [tk._("Peran wajib diisi.")]
    elif role not in roles.ROLES:
        problems["role"] = [_unknown_role()]

    org = None
    organization = data.get("organization")
    if role in roles.OPD_ROLES:
        if not organization:
            problems["organization"] = [
                tk._("Peran {role} berlaku per OPD: organisasi wajib diisi.").format(
                    role=roles.ROLE_LABELS[role]
                )
            ]
        else:
            org = model.Group.get(organization)
            if (
                org is None
                or not org.is_organization
                or (for_assign and org.state != "active")
            ):
                org = None
                problems["organization"] = [
                    tk._("Organisasi {organization} tidak ditemukan.").format(
                        organization=organization
                    )
                ]
    elif role in roles.REGENCY_ROLES and organization:
        problems["organization"] = [
            tk._(
                "Peran {role} berlaku untuk seluruh kabupaten: organisasi "
                "tidak boleh diisi."
            ).format(role=roles.ROLE_LABELS[role])
        ]

    if problems:
        raise tk.ValidationError(problems)
    assert user is not None and role is not None
    return user, role, org


def _dictize(
    row: SatudataRole,
    user: model.User,
    org: model.Group | None,
    author: model.User | None,
) -> dict[str, Any]:
    return {
        "id": row.id,
        "user_id": user.id,
        "user_name": user.name,
        "user_display_name": user.display_name,
        "role": row.role,
        "role_label": tk._(roles.ROLE_LABELS[row.role]),
        "organization_id": org.id if org else None,
        "organization_name": org.name if org else None,
        "organization_title": (org.title or org.name) if org else None,
        "added_capacity": row.added_capacity,
        "previous_capacity": row.previous_capacity,
        "created": row.created.isoformat(),
        "created_by": author.name if author else None,
    }


def _where(org: model.Group | None) -> str:
    if org is None:
        return ""
    return tk._(" di {organization}").format(organization=org.title or org.name)


def _already_held(user: model.User, role: str, org: model.Group | None) -> str:
    return tk._("{user} sudah memegang peran {role}{where}.").format(
        user=user.name, role=roles.ROLE_LABELS[role], where=_where(org)
    )


def _implicit_only(user: model.User, role: str, org: model.Group | None) -> str:
    if org is None:
        return tk._(
            "{user} memegang peran {role} secara otomatis sebagai sysadmin; "
            "peran otomatis tidak dapat dicabut di sini."
        ).format(user=user.name, role=roles.ROLE_LABELS[role])
    return tk._(
        "{user} memegang peran {role}{where} secara otomatis dari keanggotaan "
        "CKAN; ubah keanggotaannya di halaman Anggota organisasi."
    ).format(user=user.name, role=roles.ROLE_LABELS[role], where=_where(org))


def _unknown_role() -> str:
    return tk._("Peran tidak dikenal. Pilihan: {roles}.").format(
        roles=", ".join(roles.ROLES)
    )

"""Satu Data roles: who holds which role, per OPD and regency-wide.

Per OPD (a CKAN organization): ``produsen`` (Produsen Data), ``admin_opd``
(Admin Portal OPD) and ``kepala_opd`` (Kepala OPD). Regency-wide:
``walidata``, ``forum`` (Forum Satu Data) and ``pembina`` (Pembina Data).
A user may hold several.

Explicit roles are rows of ``satudata_role``, written by the
``satudata_role_assign`` / ``satudata_role_revoke`` actions (API, CLI and the
``/satudata/peran`` and ``/organization/<id>/peran`` pages).

Implicit roles, while ``ckanext.satudata.implicit_roles`` is on (default), let
a portal keep working on the day the extension is installed:

* a CKAN editor of an organization is its ``produsen``;
* a CKAN admin of an organization is its ``admin_opd``;
* a sysadmin holds ``walidata``, ``forum`` and ``pembina``.

``kepala_opd`` is never implicit: the head of an agency is always named
explicitly.

Capacity mapping. So that CKAN's own authorization agrees with ours, an OPD
role needs a CKAN membership of the organization (:data:`CAPACITY`):

* ``produsen`` -> ``editor`` (creates and edits the OPD's datasets);
* ``admin_opd`` -> ``admin`` (publishes, manages the OPD's members);
* ``kepala_opd`` -> ``member`` (reads the OPD's private datasets; approving
  happens through the workflow, not by editing).

Assigning raises the membership to that capacity and never lowers it. The row
records the user's own capacity before the extension touched it
(``previous_capacity``) and the capacity the role needs above it
(``added_capacity``, NULL when the user's own membership suffices). Revoking
sets the membership to what the remaining roles in that organization need,
never below the user's own capacity, and removes it if the extension created
it and nothing needs it any more. If someone changed the membership by hand
since (it is no longer what the extension set), revoking leaves it alone.

:func:`user_roles` is the single answer to "which roles does this user hold
for this organization"; everything else asks it. It answers from the user's
:class:`Standing` (every role, in every OPD, read in two queries), which a web
request works out once and reuses until the session writes anything
(:mod:`ckanext.satudata.request_memo`): the permission labels, the auth
functions, the workflow panel and "Tugas saya" of one page share it.
"""
from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Iterable

import ckan.model as model
import ckan.plugins.toolkit as tk
import sqlalchemy as sa

from ckanext.satudata import request_memo
from ckanext.satudata.model.role import SatudataRole

__all__ = [
    "CAPACITY",
    "IMPLICIT_OPD_ROLES",
    "OPD_ROLES",
    "REGENCY_ROLES",
    "ROLES",
    "ROLE_LABELS",
    "Standing",
    "capacity_rank",
    "implicit_roles_enabled",
    "member_capacity",
    "holds_any_role",
    "holds_regency_role",
    "opd_organizations",
    "organizations_for_role",
    "role_labels",
    "standing",
    "user_roles",
    "users_with_role",
]

OPD_ROLES: tuple[str, ...] = ("produsen", "admin_opd", "kepala_opd")
REGENCY_ROLES: tuple[str, ...] = ("walidata", "forum", "pembina")
ROLES: tuple[str, ...] = OPD_ROLES + REGENCY_ROLES

ROLE_LABELS: dict[str, str] = {
    "produsen": "Produsen Data",
    "admin_opd": "Admin Portal OPD",
    "kepala_opd": "Kepala OPD",
    "walidata": "Walidata",
    "forum": "Forum Satu Data",
    "pembina": "Pembina Data",
}

# The CKAN member capacity each OPD role needs in its organization.
CAPACITY: dict[str, str] = {
    "produsen": "editor",
    "admin_opd": "admin",
    "kepala_opd": "member",
}

# CKAN capacity -> the OPD role it implies while implicit roles are on.
IMPLICIT_OPD_ROLES: dict[str, str] = {
    "editor": "produsen",
    "admin": "admin_opd",
}

_RANK: dict[str | None, int] = {None: 0, "member": 1, "editor": 2, "admin": 3}


def capacity_rank(capacity: str | None) -> int:
    """Order of CKAN capacities: no membership < member < editor < admin."""
    return _RANK.get(capacity, 0)


def implicit_roles_enabled() -> bool:
    return tk.config.get("ckanext.satudata.implicit_roles")


def _active_user(user: str | model.User | None) -> model.User | None:
    if not user:
        return None
    obj = user if isinstance(user, model.User) else model.User.get(user)
    if obj is None or obj.state != "active":
        return None
    return obj


def _active_organization(organization_id: str) -> model.Group | None:
    group = model.Group.get(organization_id)
    if group is None or not group.is_organization or group.state != "active":
        return None
    return group


def member_capacity(user_id: str, organization_id: str) -> str | None:
    """The user's active CKAN capacity in the organization, or None."""
    return model.Session.execute(
        sa.select(model.Member.capacity).where(
            model.Member.table_name == "user",
            model.Member.table_id == user_id,
            model.Member.group_id == organization_id,
            model.Member.state == "active",
        )
    ).scalars().first()


@dataclasses.dataclass(frozen=True)
class Standing:
    """Everything a user holds, read in two queries: the regency-wide roles
    and, for each active organization where the user holds an OPD role
    (explicit or implicit), those roles."""

    regency: frozenset[str]
    #: active organization id -> the roles held there (regency-wide ones aside)
    by_organization: dict[str, frozenset[str]]
    #: active organization name -> id, for callers that pass a name
    names: dict[str, str]

    def roles_in(self, organization: str | None) -> frozenset[str]:
        if not organization:
            return self.regency
        org_id = self.names.get(organization, organization)
        return self.regency | self.by_organization.get(org_id, frozenset())


_NO_STANDING = Standing(frozenset(), {}, {})


def standing(user: str | model.User | None) -> Standing:
    """What ``user`` holds, worked out once per request
    (:mod:`ckanext.satudata.request_memo`) and shared by the permission
    labels, the auth functions, the workflow panel and "Tugas saya"."""
    if not user:
        return _NO_STANDING
    if isinstance(user, model.User):
        user_obj: model.User | None = user
    else:
        # The object itself is kept: the session's identity map holds it
        # only while something else does.
        name = user
        user_obj = request_memo.remembered(
            ("satudata.user", name), lambda: _active_user(name)
        )
    if user_obj is None or user_obj.state != "active":
        return _NO_STANDING
    implicit = implicit_roles_enabled()
    active = user_obj
    return request_memo.remembered(
        ("satudata.standing", active.id, implicit),
        lambda: _read_standing(active, implicit),
    )


def _read_standing(user_obj: model.User, implicit: bool) -> Standing:
    regency: set[str] = set()
    if implicit and user_obj.sysadmin:
        regency.update(REGENCY_ROLES)
    held: dict[str, set[str]] = defaultdict(set)
    names: dict[str, str] = {}
    active_org = sa.and_(
        model.Group.is_organization.is_(True), model.Group.state == "active"
    )
    for org_id, org_name, role in model.Session.execute(
        sa.select(SatudataRole.organization_id, model.Group.name, SatudataRole.role)
        .outerjoin(model.Group, model.Group.id == SatudataRole.organization_id)
        .where(
            SatudataRole.user_id == user_obj.id,
            sa.or_(SatudataRole.organization_id.is_(None), active_org),
        )
    ):
        if org_id is None:
            regency.add(role)
        else:
            held[org_id].add(role)
            names[org_name] = org_id
    if implicit:
        for org_id, org_name, capacity in model.Session.execute(
            sa.select(model.Member.group_id, model.Group.name, model.Member.capacity)
            .join(model.Group, model.Group.id == model.Member.group_id)
            .where(
                model.Member.table_name == "user",
                model.Member.table_id == user_obj.id,
                model.Member.state == "active",
                model.Member.capacity.in_(IMPLICIT_OPD_ROLES),
                active_org,
            )
        ):
            held[org_id].add(IMPLICIT_OPD_ROLES[capacity])
            names[org_name] = org_id
    return Standing(
        frozenset(regency),
        {org_id: frozenset(roles) for org_id, roles in held.items()},
        names,
    )


def user_roles(
    user: str | model.User | None, organization_id: str | None = None
) -> frozenset[str]:
    """The Satu Data roles ``user`` holds for an organization.

    :param user: name, id or ``User`` object; ``None`` or ``""`` means
        anonymous
    :param organization_id: id or name of the organization (OPD); ``None``
        asks only for the regency-wide roles

    The answer combines the user's explicit OPD roles in that organization,
    the implicit ones from CKAN membership (when
    ``ckanext.satudata.implicit_roles`` is on) and the regency-wide roles
    (explicit, plus all three for sysadmins when implicit roles are on).
    Regency-wide roles count for every organization.

    Anonymous, unknown and inactive (deleted, pending) users hold no role;
    an unknown or deleted organization gives only the regency-wide roles.
    """
    return standing(user).roles_in(organization_id)


def organizations_for_role(user: str | model.User | None, role: str) -> list[str]:
    """Ids of the active organizations where ``user`` holds the OPD role.

    Explicit and implicit holdings both count. Raises ``ValueError`` for a
    role that is not an OPD role.
    """
    if role not in OPD_ROLES:
        raise ValueError(f"not an OPD role: {role!r}")
    return sorted(
        org_id for org_id, roles in standing(user).by_organization.items()
        if role in roles
    )


def opd_organizations(user: str | model.User | None) -> list[str]:
    """Ids of the active organizations where ``user`` holds any OPD role."""
    return sorted(
        org_id for org_id, roles in standing(user).by_organization.items()
        if roles & set(OPD_ROLES)
    )


def _implicit_capacity(role: str) -> str | None:
    if not implicit_roles_enabled():
        return None
    for capacity, implied in IMPLICIT_OPD_ROLES.items():
        if implied == role:
            return capacity
    return None


def holds_regency_role(user: str | model.User | None) -> bool:
    return bool(user_roles(user) & set(REGENCY_ROLES))


def holds_any_role(user: str | model.User | None) -> bool:
    """Whether ``user`` holds any Satu Data role, regency-wide or in an OPD."""
    return bool(user_roles(user)) or bool(opd_organizations(user))


def users_with_role(role: str, organization_id: str | None = None) -> list[str]:
    """Ids of the active users holding ``role``, explicitly or implicitly.

    :param role: any Satu Data role
    :param organization_id: id or name of the organization; required for an
        OPD role, ignored for a regency-wide one

    The site user is never included: it is not a person to notify. Raises
    ``ValueError`` for an unknown role or an OPD role without organization.
    """
    if role not in ROLES:
        raise ValueError(f"unknown Satu Data role: {role!r}")
    person = sa.and_(
        model.User.state == "active", model.User.name != tk.config.get("ckan.site_id")
    )
    explicit = (
        sa.select(SatudataRole.user_id)
        .join(model.User, model.User.id == SatudataRole.user_id)
        .where(SatudataRole.role == role, person)
    )
    implicit: sa.sql.Select | None = None

    if role in OPD_ROLES:
        if not organization_id:
            raise ValueError(f"{role!r} is an OPD role: organization_id needed")
        org = _active_organization(organization_id)
        if org is None:
            return []
        explicit = explicit.where(SatudataRole.organization_id == org.id)
        capacity = _implicit_capacity(role)
        if capacity:
            implicit = (
                sa.select(model.Member.table_id)
                .join(model.User, model.User.id == model.Member.table_id)
                .where(
                    model.Member.table_name == "user",
                    model.Member.group_id == org.id,
                    model.Member.state == "active",
                    model.Member.capacity == capacity,
                    person,
                )
            )
    else:
        explicit = explicit.where(SatudataRole.organization_id.is_(None))
        if implicit_roles_enabled():
            implicit = sa.select(model.User.id).where(
                model.User.sysadmin.is_(True), person
            )

    ids: set[str] = set(model.Session.execute(explicit).scalars())
    if implicit is not None:
        ids.update(model.Session.execute(implicit).scalars())
    return sorted(ids)


def role_labels(roles: Iterable[str]) -> list[str]:
    """Indonesian labels of ``roles``, in the canonical role order."""
    held = set(roles)
    return [ROLE_LABELS[role] for role in ROLES if role in held]

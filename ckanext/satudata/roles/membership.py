"""CKAN memberships that follow the Satu Data roles.

An OPD role needs a CKAN membership of its organization
(:data:`ckanext.satudata.roles.CAPACITY`). Assigning raises the membership
to that capacity and never lowers it, recording the user's own capacity
(``previous_capacity``) and what the role added (``added_capacity``);
revoking gives back only what nothing still needs and what nobody changed
by hand since; removing a user from an OPD by hand takes their explicit
roles there with it.
"""
from __future__ import annotations

import ckan.model as model
import ckan.plugins.toolkit as tk
import sqlalchemy as sa
from ckan.types import Context

from ckanext.satudata.model.role import SatudataRole

from . import CAPACITY, capacity_rank, member_capacity

__all__ = ["assignment", "drop_roles_without_membership", "grant_capacity",
           "return_capacity", "set_capacity"]


def assignment(user_id: str, role: str, org_id: str | None) -> SatudataRole | None:
    scope = (
        SatudataRole.organization_id.is_(None)
        if org_id is None
        else SatudataRole.organization_id == org_id
    )
    return model.Session.execute(
        sa.select(SatudataRole).where(
            SatudataRole.user_id == user_id, SatudataRole.role == role, scope
        )
    ).scalars().first()


def grant_capacity(row: SatudataRole, user: model.User, org: model.Group) -> None:
    """Raise the user's membership to what ``row.role`` needs, and record it.

    The user's own capacity ("base") is the one before the extension first
    raised it in this organization; later assignments inherit it so that
    revoking can always find its way back.
    """
    current = member_capacity(user.id, org.id)
    raised = model.Session.execute(
        sa.select(SatudataRole).where(
            SatudataRole.user_id == user.id,
            SatudataRole.organization_id == org.id,
            SatudataRole.added_capacity.is_not(None),
        )
    ).scalars().first()
    base = raised.previous_capacity if raised is not None else current
    needed = CAPACITY[row.role]

    row.previous_capacity = base
    needs_more = capacity_rank(needed) > capacity_rank(base)
    row.added_capacity = needed if needs_more else None
    if capacity_rank(needed) > capacity_rank(current):
        set_capacity(user, org, needed)


def return_capacity(
    revoked: SatudataRole, user: model.User, org: model.Group
) -> None:
    """Give back what the extension added, as far as nothing still needs it."""
    others = model.Session.execute(
        sa.select(SatudataRole).where(
            SatudataRole.user_id == user.id, SatudataRole.organization_id == org.id
        )
    ).scalars().all()
    owned = [r for r in [revoked, *others] if r.added_capacity]
    if not owned:
        return
    base = owned[0].previous_capacity
    expected = max(
        (r.added_capacity for r in owned), key=capacity_rank
    )
    current = member_capacity(user.id, org.id)
    if current != expected:
        # Changed by hand since: the membership is no longer ours to adjust.
        return
    still_needed = max(
        [CAPACITY[r.role] for r in others] + [base],
        key=capacity_rank,
    )
    if still_needed != current:
        set_capacity(user, org, still_needed)


def set_capacity(user: model.User, org: model.Group, capacity: str | None) -> None:
    # Through CKAN's actions, as the site user, so that CKAN's own bookkeeping
    # (activity, search index of the user's datasets) sees the change.
    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})
    context: Context = {"user": site_user["name"], "ignore_auth": True}
    if capacity is None:
        tk.get_action("organization_member_delete")(
            context, {"id": org.id, "username": user.id}
        )
    else:
        tk.get_action("organization_member_create")(
            context, {"id": org.id, "username": user.name, "role": capacity}
        )




def drop_roles_without_membership(user_id: str, organization_id: str) -> None:
    """A user removed from an OPD (CKAN's Members page, the API) loses the
    explicit OPD roles there too: a role must not outlive the membership
    it needs, or a former Kepala OPD could still approve."""
    if member_capacity(user_id, organization_id) is not None:
        return
    model.Session.execute(
        sa.delete(SatudataRole).where(
            SatudataRole.user_id == user_id,
            SatudataRole.organization_id == organization_id,
        )
    )
    model.Session.commit()

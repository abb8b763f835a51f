"""Explicit Satu Data role assignments (table ``satudata_role``).

Implicit roles (from CKAN membership and sysadmin status) are not stored;
:mod:`ckanext.satudata.roles` combines both kinds.
"""
from __future__ import annotations

import datetime

import sqlalchemy as sa
from ckan.model.types import make_uuid
from sqlalchemy import Column, ForeignKey, types
from sqlalchemy.orm import Mapped

from ckanext.satudata.model import BaseModel, utcnow

__all__ = ["SatudataRole"]


# The database refuses an OPD role without an organization and a regency-wide
# role with one, whatever code path wrote the row.
_SCOPE = (
    "(role IN ('produsen', 'admin_opd', 'kepala_opd')"
    " AND organization_id IS NOT NULL)"
    " OR (role IN ('walidata', 'forum', 'pembina') AND organization_id IS NULL)"
)


class SatudataRole(BaseModel):
    """One explicit role of one user, in one OPD or regency-wide.

    ``added_capacity`` is the CKAN member capacity this assignment needs on
    top of the user's own membership (``previous_capacity``, NULL for "not a
    member"); NULL when the user's own membership already suffices. Revoking
    uses it to take back only what the extension gave.
    """

    __tablename__ = "satudata_role"
    __table_args__ = (
        # PostgreSQL treats NULLs as distinct, so regency-wide rows (no
        # organization) need their own unique index.
        sa.Index(
            "satudata_role_opd_unique",
            "user_id",
            "role",
            "organization_id",
            unique=True,
            postgresql_where=sa.text("organization_id IS NOT NULL"),
        ),
        sa.Index(
            "satudata_role_regency_unique",
            "user_id",
            "role",
            unique=True,
            postgresql_where=sa.text("organization_id IS NULL"),
        ),
        sa.Index("satudata_role_organization_idx", "organization_id"),
        sa.CheckConstraint(_SCOPE, name="satudata_role_scope"),
    )

    id: Mapped[str] = Column(types.UnicodeText, primary_key=True, default=make_uuid)
    user_id: Mapped[str] = Column(
        types.UnicodeText,
        ForeignKey("user.id", ondelete="CASCADE"),
        nullable=False,
    )
    role: Mapped[str] = Column(types.UnicodeText, nullable=False)
    organization_id: Mapped[str | None] = Column(
        types.UnicodeText,
        ForeignKey("group.id", ondelete="CASCADE"),
        nullable=True,
    )
    added_capacity: Mapped[str | None] = Column(types.UnicodeText, nullable=True)
    previous_capacity: Mapped[str | None] = Column(types.UnicodeText, nullable=True)
    created: Mapped[datetime.datetime] = Column(
        types.DateTime, nullable=False, default=utcnow
    )
    created_by: Mapped[str | None] = Column(
        types.UnicodeText,
        ForeignKey("user.id", ondelete="SET NULL"),
        nullable=True,
    )

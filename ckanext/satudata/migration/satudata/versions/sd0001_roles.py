"""Satu Data roles

Revision ID: sd0001
Revises:
Create Date: 2026-11-22
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "sd0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "satudata_role",
        sa.Column("id", sa.UnicodeText, primary_key=True),
        sa.Column(
            "user_id",
            sa.UnicodeText,
            sa.ForeignKey("user.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("role", sa.UnicodeText, nullable=False),
        sa.Column(
            "organization_id",
            sa.UnicodeText,
            sa.ForeignKey("group.id", ondelete="CASCADE"),
            nullable=True,
        ),
        sa.Column("added_capacity", sa.UnicodeText, nullable=True),
        sa.Column("previous_capacity", sa.UnicodeText, nullable=True),
        sa.Column("created", sa.DateTime, nullable=False),
        sa.Column(
            "created_by",
            sa.UnicodeText,
            sa.ForeignKey("user.id", ondelete="SET NULL"),
            nullable=True,
        ),
        sa.CheckConstraint(
            "(role IN ('produsen', 'admin_opd', 'kepala_opd')"
            " AND organization_id IS NOT NULL)"
            " OR (role IN ('walidata', 'forum', 'pembina')"
            " AND organization_id IS NULL)",
            name="satudata_role_scope",
        ),
    )
    op.create_index(
        "satudata_role_opd_unique",
        "satudata_role",
        ["user_id", "role", "organization_id"],
        unique=True,
        postgresql_where=sa.text("organization_id IS NOT NULL"),
    )
    op.create_index(
        "satudata_role_regency_unique",
        "satudata_role",
        ["user_id", "role"],
        unique=True,
        postgresql_where=sa.text("organization_id IS NULL"),
    )
    op.create_index(
        "satudata_role_organization_idx", "satudata_role", ["organization_id"]
    )


def downgrade() -> None:
    op.drop_table("satudata_role")

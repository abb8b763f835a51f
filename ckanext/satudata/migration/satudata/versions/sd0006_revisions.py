"""Revisions of published datasets and their numbered versions.

Revision ID: sd0006
Revises: sd0005
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "sd0006"
down_revision = "sd0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "satudata_revision",
        sa.Column("id", sa.UnicodeText, primary_key=True),
        sa.Column("package_id", sa.UnicodeText, nullable=False),
        sa.Column("draft_package_id", sa.UnicodeText, nullable=False),
        sa.Column("number", sa.Integer, nullable=False),
        sa.Column("state", sa.UnicodeText, nullable=False),
        sa.Column("replaces", JSONB, nullable=False, server_default="{}"),
        sa.Column("created_by", sa.UnicodeText, nullable=False),
        sa.Column("created", sa.DateTime, nullable=False),
        sa.Column("closed", sa.DateTime),
        sa.Column("closed_by", sa.UnicodeText),
        sa.UniqueConstraint("package_id", "number", name="satudata_revision_number"),
        sa.CheckConstraint(
            "state IN ('open', 'published', 'abandoned')",
            name="satudata_revision_state",
        ),
    )
    # One open revision per dataset, whatever code path writes.
    op.create_index(
        "satudata_revision_one_open", "satudata_revision", ["package_id"],
        unique=True, postgresql_where=sa.text("state = 'open'"),
    )
    op.create_index(
        "satudata_revision_draft", "satudata_revision", ["draft_package_id"],
        unique=True,
    )
    op.create_table(
        "satudata_version",
        sa.Column("id", sa.UnicodeText, primary_key=True),
        sa.Column("package_id", sa.UnicodeText, nullable=False),
        sa.Column("number", sa.Integer, nullable=False),
        sa.Column("event_id", sa.UnicodeText),
        sa.Column("revision_id", sa.UnicodeText),
        sa.Column("published_at", sa.DateTime, nullable=False),
        sa.Column("published_by", sa.UnicodeText),
        sa.Column("approved_by", sa.UnicodeText),
        sa.Column("approved_role", sa.UnicodeText),
        sa.Column("approved_at", sa.DateTime),
        sa.Column("snapshot", JSONB),
        sa.Column("files", JSONB, nullable=False, server_default="{}"),
        sa.UniqueConstraint("package_id", "number", name="satudata_version_number"),
    )
    # The versions of datasets published before: one per event into the
    # public state (the states the state table marks public), numbered in
    # order, with the approval that preceded it
    # (the last event into the state the publication left from). No
    # snapshot or archived files: those were never kept.
    op.execute(
        """
        INSERT INTO satudata_version (id, package_id, number, event_id,
            published_at, published_by, approved_by, approved_role, approved_at,
            files)
        SELECT md5(random()::text || p.id), p.package_id,
            row_number() OVER (PARTITION BY p.package_id ORDER BY p.version),
            p.id, p.created, p.user_id, a.user_id, a.role, a.created, '{}'
        FROM satudata_workflow_event p
        LEFT JOIN LATERAL (
            SELECT e.user_id, e.role, e.created FROM satudata_workflow_event e
            WHERE e.package_id = p.package_id AND e.version < p.version
              AND e.to_state = p.from_state
            ORDER BY e.version DESC LIMIT 1
        ) a ON true
        WHERE p.to_state IN (
            SELECT DISTINCT state FROM satudata_workflow_state WHERE public
        )
        """
    )


def downgrade() -> None:
    op.drop_table("satudata_version")
    op.drop_table("satudata_revision")

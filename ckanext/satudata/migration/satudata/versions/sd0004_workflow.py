"""Workflow state and the append-only event table.

Revision ID: sd0004
Revises: sd0003
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "sd0004"
down_revision = "sd0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "satudata_workflow_state",
        sa.Column(
            "package_id",
            sa.UnicodeText,
            sa.ForeignKey("package.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("state", sa.UnicodeText, nullable=False),
        sa.Column("version", sa.Integer, nullable=False, server_default="0"),
        sa.Column("entered", sa.DateTime, nullable=False),
    )
    op.create_index(
        "satudata_workflow_state_state", "satudata_workflow_state", ["state"]
    )
    op.create_table(
        "satudata_workflow_event",
        sa.Column("id", sa.UnicodeText, primary_key=True),
        sa.Column("package_id", sa.UnicodeText, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("workflow", sa.UnicodeText, nullable=False),
        sa.Column("transition", sa.UnicodeText, nullable=False),
        sa.Column("from_state", sa.UnicodeText, nullable=False),
        sa.Column("to_state", sa.UnicodeText, nullable=False),
        sa.Column("user_id", sa.UnicodeText, nullable=False),
        sa.Column("role", sa.UnicodeText, nullable=False),
        sa.Column("note", sa.UnicodeText),
        sa.Column("checklist", JSONB),
        sa.Column("template_id", sa.UnicodeText),
        sa.Column("template_version", sa.Integer),
        sa.Column("report_ids", JSONB, nullable=False, server_default="[]"),
        sa.Column("created", sa.DateTime, nullable=False),
        sa.UniqueConstraint(
            "package_id", "version", name="satudata_workflow_event_step"
        ),
    )
    op.create_index(
        "satudata_workflow_event_user",
        "satudata_workflow_event",
        ["user_id", "created"],
    )
    # The audit trail is append-only whatever code path touches it.
    op.execute(
        """
        CREATE OR REPLACE FUNCTION satudata_workflow_event_immutable() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'satudata_workflow_event is append-only';
        END $$;
        CREATE TRIGGER satudata_workflow_event_no_update
            BEFORE UPDATE ON satudata_workflow_event
            FOR EACH ROW EXECUTE FUNCTION satudata_workflow_event_immutable();
        """
    )


def downgrade() -> None:
    op.drop_table("satudata_workflow_event")
    op.execute("DROP FUNCTION IF EXISTS satudata_workflow_event_immutable()")
    op.drop_table("satudata_workflow_state")

"""Table templates, their versions, and conformance check reports.

Revision ID: sd0003
Revises: sd0002
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "sd0003"
down_revision = "sd0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "satudata_template",
        sa.Column("id", sa.UnicodeText, primary_key=True),
        sa.Column("name", sa.UnicodeText, nullable=False, unique=True),
        sa.Column("title", sa.UnicodeText, nullable=False),
        sa.Column("description", sa.UnicodeText),
        sa.Column("current_version", sa.Integer, nullable=False),
        sa.Column("created", sa.DateTime, nullable=False),
        sa.Column("modified", sa.DateTime, nullable=False),
        sa.Column("creator_user_id", sa.UnicodeText),
    )
    op.create_table(
        "satudata_template_version",
        sa.Column("id", sa.UnicodeText, primary_key=True),
        sa.Column(
            "template_id",
            sa.UnicodeText,
            sa.ForeignKey("satudata_template.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("table_schema", JSONB, nullable=False),
        sa.Column("dialect", JSONB, nullable=False),
        sa.Column("options", JSONB, nullable=False),
        sa.Column("note", sa.UnicodeText),
        sa.Column("created", sa.DateTime, nullable=False),
        sa.Column("created_by", sa.UnicodeText),
        sa.UniqueConstraint(
            "template_id", "version", name="satudata_template_version_unique"
        ),
    )
    op.create_table(
        "satudata_validation_report",
        sa.Column("id", sa.UnicodeText, primary_key=True),
        sa.Column("resource_id", sa.UnicodeText),
        sa.Column("package_id", sa.UnicodeText),
        sa.Column("template_id", sa.UnicodeText, nullable=False),
        sa.Column("template_version", sa.Integer, nullable=False),
        sa.Column("status", sa.UnicodeText, nullable=False),
        sa.Column("progress", sa.Integer, nullable=False),
        sa.Column("counts", JSONB, nullable=False),
        sa.Column("errors", JSONB, nullable=False),
        sa.Column("warnings", JSONB, nullable=False),
        sa.Column("source", sa.UnicodeText, nullable=False),
        sa.Column("file_name", sa.UnicodeText),
        sa.Column("file_format", sa.UnicodeText),
        sa.Column("resource_url", sa.UnicodeText),
        sa.Column("resource_last_modified", sa.UnicodeText),
        sa.Column("created", sa.DateTime, nullable=False),
        sa.Column("started", sa.DateTime),
        sa.Column("finished", sa.DateTime),
        sa.Column("created_by", sa.UnicodeText),
        sa.CheckConstraint(
            "status IN ('pending', 'running', 'success', 'failure', 'error')",
            name="satudata_validation_report_status",
        ),
    )
    op.create_index(
        "satudata_validation_report_resource",
        "satudata_validation_report",
        ["resource_id", "created"],
    )
    op.create_index(
        "satudata_validation_report_package",
        "satudata_validation_report",
        ["package_id"],
    )
    op.create_index(
        "satudata_validation_report_template",
        "satudata_validation_report",
        ["template_id", "template_version"],
    )


def downgrade() -> None:
    op.drop_table("satudata_validation_report")
    op.drop_table("satudata_template_version")
    op.drop_table("satudata_template")

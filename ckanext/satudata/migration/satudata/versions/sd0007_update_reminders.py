"""``satudata_update_reminder``: which periods' update reminders were sent
(``ckan satudata remind``), one per Daftar Data row and period.

Revision ID: sd0007
Revises: sd0006
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "sd0007"
down_revision = "sd0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "satudata_update_reminder",
        sa.Column("id", sa.UnicodeText, primary_key=True),
        sa.Column("daftar_data_id", sa.UnicodeText, nullable=False),
        sa.Column("period_start", sa.Date, nullable=False),
        sa.Column("period_end", sa.Date, nullable=False),
        sa.Column("recipients", sa.Integer, nullable=False, server_default="0"),
        sa.Column("sent", sa.DateTime, nullable=False),
        sa.UniqueConstraint("daftar_data_id", "period_start",
                            name="satudata_update_reminder_period"),
    )


def downgrade() -> None:
    op.drop_table("satudata_update_reminder")

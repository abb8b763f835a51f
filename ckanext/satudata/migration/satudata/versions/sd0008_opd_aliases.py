"""``satudata_opd_alias``: the other names of each OPD (Walidata's list), and
``produsen_pendukung`` of a Daftar Data row (the supporting producers of a
multi-producer annex cell).

Revision ID: sd0008
Revises: sd0007
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "sd0008"
down_revision = "sd0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "satudata_opd_alias",
        sa.Column("id", sa.UnicodeText, primary_key=True),
        sa.Column("owner_org", sa.UnicodeText, nullable=False),
        sa.Column("alias", sa.UnicodeText, nullable=False),
        sa.Column("normalised", sa.UnicodeText, nullable=False),
        sa.Column("created", sa.DateTime, nullable=False),
        sa.Column("creator_user_id", sa.UnicodeText),
        sa.UniqueConstraint("normalised", name="satudata_opd_alias_normalised"),
    )
    op.create_index(
        "satudata_opd_alias_owner_org", "satudata_opd_alias", ["owner_org"])
    op.add_column(
        "satudata_daftar_data", sa.Column("produsen_pendukung", sa.UnicodeText))


def downgrade() -> None:
    op.drop_column("satudata_daftar_data", "produsen_pendukung")
    op.drop_table("satudata_opd_alias")

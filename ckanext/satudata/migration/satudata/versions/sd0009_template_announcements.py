"""``satudata_template_announcement``: the Walidata's «Informasikan» of a
template version to the OPD of a Daftar Data row (Mojokerto SOP step 3),
append-only like the workflow events; and ``template_linked`` of a row, when
its template was last set, where the announcement's time standard starts.

Revision ID: sd0009
Revises: sd0008
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "sd0009"
down_revision = "sd0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "satudata_daftar_data", sa.Column("template_linked", sa.DateTime))
    op.create_table(
        "satudata_template_announcement",
        sa.Column("id", sa.UnicodeText, primary_key=True),
        sa.Column("template_id", sa.UnicodeText,
                  sa.ForeignKey("satudata_template.id", ondelete="RESTRICT"),
                  nullable=False),
        sa.Column("template_version", sa.Integer, nullable=False),
        sa.Column("daftar_data_id", sa.UnicodeText, nullable=False),
        sa.Column("owner_org", sa.UnicodeText, nullable=False),
        sa.Column("user_id", sa.UnicodeText, nullable=False),
        sa.Column("clock_start", sa.DateTime, nullable=False),
        sa.Column("created", sa.DateTime, nullable=False),
        sa.Column("recipients", JSONB, nullable=False),
        sa.UniqueConstraint(
            "template_id", "template_version", "daftar_data_id",
            name="satudata_template_announcement_once"),
    )
    op.create_index("satudata_template_announcement_row",
                    "satudata_template_announcement", ["daftar_data_id"])
    op.create_index("satudata_template_announcement_org",
                    "satudata_template_announcement", ["owner_org"])
    op.execute(
        """
        CREATE OR REPLACE FUNCTION satudata_template_announcement_immutable()
            RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'satudata_template_announcement is append-only';
        END $$;
        CREATE TRIGGER satudata_template_announcement_no_update
            BEFORE UPDATE OR DELETE ON satudata_template_announcement
            FOR EACH ROW EXECUTE FUNCTION satudata_template_announcement_immutable();
        CREATE TRIGGER satudata_template_announcement_no_truncate
            BEFORE TRUNCATE ON satudata_template_announcement
            FOR EACH STATEMENT
            EXECUTE FUNCTION satudata_template_announcement_immutable();
        """
    )


def downgrade() -> None:
    op.drop_table("satudata_template_announcement")
    op.execute(
        "DROP FUNCTION IF EXISTS satudata_template_announcement_immutable()")
    op.drop_column("satudata_daftar_data", "template_linked")

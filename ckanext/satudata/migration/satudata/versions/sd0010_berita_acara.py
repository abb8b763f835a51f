"""``satudata_berita_acara`` and ``satudata_berita_acara_item``: the Berita
Acara of the availability check as a document, with the rows it checked.

The rows' old Berita Acara fields are moved into documents: the rows of one
OPD and year sharing a Berita Acara number and date (a row with a result and
no date: the day it was last changed) make one document, recorded as signed
(it was entered as held) and without a scan. The fields stay on the rows as
the summary of their latest signed Berita Acara.

Revision ID: sd0010
Revises: sd0009
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "sd0010"
down_revision = "sd0009"
branch_labels = None
depends_on = None

# One document per group of rows, with an id made from the group so that
# its items can find it again.
_GROUPS = """
SELECT tahun, owner_org, no_berita_acara AS nomor,
       COALESCE(tanggal_berita_acara, modified::date) AS tanggal,
       md5(concat_ws('|', tahun, owner_org, no_berita_acara,
                     COALESCE(tanggal_berita_acara, modified::date)))::uuid::text
         AS ba_id,
       id AS row_id, kode, ketersediaan
FROM satudata_daftar_data
WHERE ketersediaan IS NOT NULL
"""


def upgrade() -> None:
    op.create_table(
        "satudata_berita_acara",
        sa.Column("id", sa.UnicodeText, primary_key=True),
        sa.Column("nomor", sa.UnicodeText),
        sa.Column("tahun", sa.Integer, nullable=False),
        sa.Column("owner_org", sa.UnicodeText, nullable=False),
        sa.Column("tanggal", sa.Date, nullable=False),
        sa.Column("tempat", sa.UnicodeText),
        sa.Column("peserta", sa.UnicodeText),
        sa.Column("catatan", sa.UnicodeText),
        sa.Column("status", sa.UnicodeText, nullable=False),
        sa.Column("scan_url", sa.UnicodeText),
        sa.Column("scan_name", sa.UnicodeText),
        sa.Column("scan_mimetype", sa.UnicodeText),
        sa.Column("scan_size", sa.Integer),
        sa.Column("scan_uploaded", sa.DateTime),
        sa.Column("created", sa.DateTime, nullable=False),
        sa.Column("modified", sa.DateTime, nullable=False),
        sa.Column("creator_user_id", sa.UnicodeText),
        sa.Column("modifier_user_id", sa.UnicodeText),
    )
    op.create_index("satudata_berita_acara_tahun_org", "satudata_berita_acara",
                    ["tahun", "owner_org"])
    op.create_table(
        "satudata_berita_acara_item",
        sa.Column("id", sa.UnicodeText, primary_key=True),
        sa.Column("berita_acara_id", sa.UnicodeText,
                  sa.ForeignKey("satudata_berita_acara.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("daftar_data_id", sa.UnicodeText,
                  sa.ForeignKey("satudata_daftar_data.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("ketersediaan", sa.UnicodeText, nullable=False),
        sa.Column("keterangan", sa.UnicodeText),
        sa.UniqueConstraint("berita_acara_id", "daftar_data_id",
                            name="satudata_berita_acara_item_unique"),
    )
    op.create_index("satudata_berita_acara_item_row",
                    "satudata_berita_acara_item", ["daftar_data_id"])
    op.execute(f"""
INSERT INTO satudata_berita_acara
  (id, nomor, tahun, owner_org, tanggal, catatan, status, created, modified)
SELECT DISTINCT ba_id, nomor, tahun, owner_org, tanggal,
       'Dipindahkan dari kolom Berita Acara pada baris Daftar Data.',
       'ditandatangani', now() AT TIME ZONE 'utc', now() AT TIME ZONE 'utc'
FROM ({_GROUPS}) g
""")
    op.execute(f"""
INSERT INTO satudata_berita_acara_item
  (id, berita_acara_id, daftar_data_id, position, ketersediaan)
SELECT gen_random_uuid()::text, ba_id, row_id,
       row_number() OVER (PARTITION BY ba_id ORDER BY kode), ketersediaan
FROM ({_GROUPS}) g
""")


def downgrade() -> None:
    op.drop_table("satudata_berita_acara_item")
    op.drop_table("satudata_berita_acara")

"""The Daftar Data register.

Revision ID: sd0002
Revises: sd0001
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "sd0002"
down_revision = "sd0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "satudata_daftar_data",
        sa.Column("id", sa.UnicodeText, primary_key=True),
        sa.Column("kode", sa.UnicodeText, nullable=False),
        sa.Column("tahun", sa.Integer, nullable=False),
        sa.Column("kode_ddp", sa.UnicodeText),
        sa.Column("sumber_referensi", sa.UnicodeText),
        sa.Column("kode_indikator", sa.UnicodeText),
        sa.Column("nama_indikator", sa.UnicodeText),
        sa.Column("nama_data", sa.UnicodeText, nullable=False),
        sa.Column("jenis_data", sa.UnicodeText, nullable=False),
        sa.Column("indikator_variabel", sa.UnicodeText),
        sa.Column("kode_standar_data", sa.UnicodeText),
        sa.Column("owner_org", sa.UnicodeText, nullable=False),
        sa.Column("klasifikasi_akses", sa.UnicodeText, nullable=False),
        sa.Column("definisi", sa.UnicodeText),
        sa.Column("satuan", sa.UnicodeText),
        sa.Column("klasifikasi_penyajian", sa.UnicodeText),
        sa.Column("jadwal_pemutakhiran", sa.UnicodeText),
        sa.Column(
            "data_prioritas", sa.Boolean, nullable=False, server_default=sa.false()
        ),
        sa.Column("kode_metadata", sa.UnicodeText),
        sa.Column("link_portal_daerah", sa.UnicodeText),
        sa.Column("link_portal_sdi", sa.UnicodeText),
        sa.Column("catatan", sa.UnicodeText),
        sa.Column("ketersediaan", sa.UnicodeText),
        sa.Column("no_berita_acara", sa.UnicodeText),
        sa.Column("tanggal_berita_acara", sa.Date),
        sa.Column("template_id", sa.UnicodeText),
        sa.Column("status", sa.UnicodeText, nullable=False, server_default="usulan"),
        sa.Column("no_sk", sa.UnicodeText),
        sa.Column("tanggal_sk", sa.Date),
        sa.Column("alasan_pencabutan", sa.UnicodeText),
        sa.Column("created", sa.DateTime, nullable=False),
        sa.Column("modified", sa.DateTime, nullable=False),
        sa.Column("creator_user_id", sa.UnicodeText),
        sa.Column("modifier_user_id", sa.UnicodeText),
        sa.UniqueConstraint("kode", "tahun", name="satudata_daftar_data_kode_tahun"),
        sa.CheckConstraint(
            "status IN ('usulan', 'ditetapkan', 'dicabut')",
            name="satudata_daftar_data_status_check",
        ),
    )
    op.create_index(
        "satudata_daftar_data_tahun_org",
        "satudata_daftar_data",
        ["tahun", "owner_org"],
    )
    op.create_index(
        "satudata_daftar_data_status", "satudata_daftar_data", ["status"]
    )


def downgrade() -> None:
    op.drop_table("satudata_daftar_data")

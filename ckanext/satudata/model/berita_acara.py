"""Berita Acara of the availability check (pemeriksaan ketersediaan data).

Trenggalek's SOP, step 4: before the data are collected, the Walidata sits
with an OPD and goes through its Daftar Data of a year, row by row, and
records in a Berita Acara which data are available (tersedia), partly
available (sebagian) or not available (tidak tersedia). The document is
printed, signed by the participants and scanned back.

A Berita Acara is a ``draf`` while the Walidata prepares it and
``ditandatangani`` once the signed scan is uploaded (or, for the documents
migration sd0010 made from the rows' old fields, when it was recorded as
held). A signed document is a record: its content no longer changes, only
its scan may be replaced. The row's own ``ketersediaan``, ``no_berita_acara``
and ``tanggal_berita_acara`` are the summary of its latest signed Berita
Acara, kept by the actions.
"""
from __future__ import annotations

import datetime
from typing import Any

import ckan.model as model
import sqlalchemy as sa
from ckan.model.types import make_uuid
from sqlalchemy import Column, ForeignKey, types
from sqlalchemy.orm import Mapped, relationship

from ckanext.satudata.model import BaseModel, utcnow

__all__ = ["DITANDATANGANI", "DRAF", "BeritaAcara", "BeritaAcaraItem"]

DRAF = "draf"
DITANDATANGANI = "ditandatangani"


def _iso(value: datetime.date | datetime.datetime | None) -> str | None:
    return value.isoformat() if value else None


class BeritaAcara(BaseModel):
    """One availability check of one OPD's Daftar Data of one year.

    ``owner_org`` holds the organization id without a foreign key, like the
    register's rows it records: both outlive an organization being purged.
    """

    __tablename__ = "satudata_berita_acara"
    __table_args__ = (
        sa.Index("satudata_berita_acara_tahun_org", "tahun", "owner_org"),
    )

    id: Mapped[str] = Column(types.UnicodeText, primary_key=True, default=make_uuid)
    nomor: Mapped[str | None] = Column(types.UnicodeText)
    tahun: Mapped[int] = Column(types.Integer, nullable=False)
    owner_org: Mapped[str] = Column(types.UnicodeText, nullable=False)
    tanggal: Mapped[datetime.date] = Column(types.Date, nullable=False)
    tempat: Mapped[str | None] = Column(types.UnicodeText)
    # One participant a line: "Nama, jabatan, instansi".
    peserta: Mapped[str | None] = Column(types.UnicodeText)
    catatan: Mapped[str | None] = Column(types.UnicodeText)
    status: Mapped[str] = Column(types.UnicodeText, nullable=False, default=DRAF)
    # The signed scan: the uploader's file name, the name it was uploaded
    # under, its type and size.
    scan_url: Mapped[str | None] = Column(types.UnicodeText)
    scan_name: Mapped[str | None] = Column(types.UnicodeText)
    scan_mimetype: Mapped[str | None] = Column(types.UnicodeText)
    scan_size: Mapped[int | None] = Column(types.Integer)
    scan_uploaded: Mapped[datetime.datetime | None] = Column(types.DateTime)
    created: Mapped[datetime.datetime] = Column(
        types.DateTime, nullable=False, default=utcnow
    )
    modified: Mapped[datetime.datetime] = Column(
        types.DateTime, nullable=False, default=utcnow, onupdate=utcnow
    )
    creator_user_id: Mapped[str | None] = Column(types.UnicodeText)
    modifier_user_id: Mapped[str | None] = Column(types.UnicodeText)

    items: Mapped[list[BeritaAcaraItem]] = relationship(
        "BeritaAcaraItem", cascade="all, delete-orphan",
        order_by="BeritaAcaraItem.position",
    )

    @classmethod
    def get(cls, id: str | None) -> BeritaAcara | None:
        if not id:
            return None
        return model.Session.get(cls, id)

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "nomor": self.nomor,
            "tahun": self.tahun,
            "owner_org": self.owner_org,
            "tanggal": _iso(self.tanggal),
            "tempat": self.tempat,
            "peserta": self.peserta,
            "catatan": self.catatan,
            "status": self.status,
            "scan": {
                "name": self.scan_name,
                "mimetype": self.scan_mimetype,
                "size": self.scan_size,
                "uploaded": _iso(self.scan_uploaded),
            } if self.scan_url else None,
            "created": _iso(self.created),
            "modified": _iso(self.modified),
            "creator_user_id": self.creator_user_id,
            "modifier_user_id": self.modifier_user_id,
        }


class BeritaAcaraItem(BaseModel):
    """The result for one Daftar Data row in one Berita Acara."""

    __tablename__ = "satudata_berita_acara_item"
    __table_args__ = (
        sa.UniqueConstraint("berita_acara_id", "daftar_data_id",
                            name="satudata_berita_acara_item_unique"),
        sa.Index("satudata_berita_acara_item_row", "daftar_data_id"),
    )

    id: Mapped[str] = Column(types.UnicodeText, primary_key=True, default=make_uuid)
    berita_acara_id: Mapped[str] = Column(
        types.UnicodeText,
        ForeignKey("satudata_berita_acara.id", ondelete="CASCADE"),
        nullable=False,
    )
    # A proposal (usulan) may be checked and then deleted: its results go
    # with it.
    daftar_data_id: Mapped[str] = Column(
        types.UnicodeText,
        ForeignKey("satudata_daftar_data.id", ondelete="CASCADE"),
        nullable=False,
    )
    position: Mapped[int] = Column(types.Integer, nullable=False, default=0)
    ketersediaan: Mapped[str] = Column(types.UnicodeText, nullable=False)
    keterangan: Mapped[str | None] = Column(types.UnicodeText)

"""The Daftar Data register: one row per item per year (Format Daftar Data)."""
from __future__ import annotations

import datetime
from typing import Any

import ckan.model as model
import sqlalchemy as sa
from ckan.model.types import make_uuid
from sqlalchemy import Column, types
from sqlalchemy.orm import Mapped

from ckanext.satudata.model import BaseModel, utcnow

# The statuses of a row: proposed, established by an SK Bupati, revoked.
USULAN = "usulan"
DITETAPKAN = "ditetapkan"
DICABUT = "dicabut"

# Fields that stay editable once a row is established: they record what happens
# after the SK Bupati (availability check, links, the template, notes), not what
# the SK decided.
EDITABLE_WHEN_ESTABLISHED = frozenset(
    {
        "catatan",
        "kode_metadata",
        "link_portal_daerah",
        "link_portal_sdi",
        "template_id",
        "ketersediaan",
        "no_berita_acara",
        "tanggal_berita_acara",
    }
)

# The attributes of the regional format, in the order of the spreadsheet.
CONTENT_FIELDS = (
    "kode",
    "kode_ddp",
    "sumber_referensi",
    "kode_indikator",
    "nama_indikator",
    "nama_data",
    "jenis_data",
    "indikator_variabel",
    "kode_standar_data",
    "owner_org",
    "produsen_pendukung",
    "klasifikasi_akses",
    "definisi",
    "satuan",
    "klasifikasi_penyajian",
    "jadwal_pemutakhiran",
    "data_prioritas",
    "kode_metadata",
    "link_portal_daerah",
    "link_portal_sdi",
    "catatan",
    "ketersediaan",
    "no_berita_acara",
    "tanggal_berita_acara",
    "template_id",
)


class DaftarData(BaseModel):
    """One obligation of one OPD for one year.

    ``owner_org`` holds the CKAN organization id without a foreign key: the
    register is a legal record (an annex of an SK Bupati) and must survive an
    organization being merged or purged.
    """

    __tablename__ = "satudata_daftar_data"
    __table_args__ = (
        sa.UniqueConstraint("kode", "tahun", name="satudata_daftar_data_kode_tahun"),
        sa.Index("satudata_daftar_data_tahun_org", "tahun", "owner_org"),
        sa.Index("satudata_daftar_data_status", "status"),
    )

    id: Mapped[str] = Column(types.UnicodeText, primary_key=True, default=make_uuid)
    kode: Mapped[str] = Column(types.UnicodeText, nullable=False)
    tahun: Mapped[int] = Column(types.Integer, nullable=False)
    kode_ddp: Mapped[str | None] = Column(types.UnicodeText)
    sumber_referensi: Mapped[str | None] = Column(types.UnicodeText)
    kode_indikator: Mapped[str | None] = Column(types.UnicodeText)
    nama_indikator: Mapped[str | None] = Column(types.UnicodeText)
    nama_data: Mapped[str] = Column(types.UnicodeText, nullable=False)
    jenis_data: Mapped[str] = Column(types.UnicodeText, nullable=False)
    indikator_variabel: Mapped[str | None] = Column(types.UnicodeText)
    kode_standar_data: Mapped[str | None] = Column(types.UnicodeText)
    owner_org: Mapped[str] = Column(types.UnicodeText, nullable=False)
    # The other producers an annex cell names ("1. BPS; 2. Dinas Perinaker"),
    # "; "-separated: OPD titles where they are OPDs of the portal, the name
    # as written otherwise (BPS and other vertical agencies are no OPD).
    produsen_pendukung: Mapped[str | None] = Column(types.UnicodeText)
    klasifikasi_akses: Mapped[str] = Column(types.UnicodeText, nullable=False)
    definisi: Mapped[str | None] = Column(types.UnicodeText)
    satuan: Mapped[str | None] = Column(types.UnicodeText)
    klasifikasi_penyajian: Mapped[str | None] = Column(types.UnicodeText)
    jadwal_pemutakhiran: Mapped[str | None] = Column(types.UnicodeText)
    data_prioritas: Mapped[bool] = Column(types.Boolean, nullable=False, default=False)
    kode_metadata: Mapped[str | None] = Column(types.UnicodeText)
    link_portal_daerah: Mapped[str | None] = Column(types.UnicodeText)
    link_portal_sdi: Mapped[str | None] = Column(types.UnicodeText)
    catatan: Mapped[str | None] = Column(types.UnicodeText)

    ketersediaan: Mapped[str | None] = Column(types.UnicodeText)
    no_berita_acara: Mapped[str | None] = Column(types.UnicodeText)
    tanggal_berita_acara: Mapped[datetime.date | None] = Column(types.Date)

    # Filled by the template register; no foreign key until that table exists.
    template_id: Mapped[str | None] = Column(types.UnicodeText)
    #: when ``template_id`` was last set: the announcement's clock starts here
    template_linked: Mapped[datetime.datetime | None] = Column(types.DateTime)

    status: Mapped[str] = Column(types.UnicodeText, nullable=False, default=USULAN)
    no_sk: Mapped[str | None] = Column(types.UnicodeText)
    tanggal_sk: Mapped[datetime.date | None] = Column(types.Date)
    alasan_pencabutan: Mapped[str | None] = Column(types.UnicodeText)

    created: Mapped[datetime.datetime] = Column(
        types.DateTime, nullable=False, default=utcnow
    )
    modified: Mapped[datetime.datetime] = Column(
        types.DateTime,
        nullable=False,
        default=utcnow,
        onupdate=utcnow,
    )
    creator_user_id: Mapped[str | None] = Column(types.UnicodeText)
    modifier_user_id: Mapped[str | None] = Column(types.UnicodeText)

    @classmethod
    def get(cls, id: str | None) -> DaftarData | None:
        """The row with this uuid (``kode`` is only unique within a year)."""
        if not id:
            return None
        return model.Session.get(cls, id)

    @classmethod
    def by_kode(cls, kode: str, tahun: int) -> DaftarData | None:
        return model.Session.scalars(
            sa.select(cls).where(cls.kode == kode, cls.tahun == tahun)
        ).one_or_none()

    @classmethod
    def for_year(cls, tahun: int) -> list[DaftarData]:
        return list(
            model.Session.scalars(sa.select(cls).where(cls.tahun == tahun))
        )

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            c.name: getattr(self, c.name) for c in self.__table__.columns
        }
        for key, value in data.items():
            if isinstance(value, (datetime.date, datetime.datetime)):
                data[key] = value.isoformat()
        return data

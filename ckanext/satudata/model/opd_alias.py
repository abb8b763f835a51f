"""Other names of an OPD, as Daftar Data annexes and forms write them.

An SK annex names the producing OPD however its author knows it: "Dinas
Kominfo", "Disdukcapil", "DINKES". Each such name is an alias of exactly one
organization; the Walidata keeps the list (``satudata_opd_alias_*``). The
name is matched in its normalised form (:func:`ckanext.satudata.daftar_data.
opd_names.normalise`), which is what the unique constraint holds.
"""
from __future__ import annotations

import datetime

import ckan.model as model
import sqlalchemy as sa
from ckan.model.types import make_uuid
from sqlalchemy import Column, types
from sqlalchemy.orm import Mapped

from ckanext.satudata.model import BaseModel, utcnow

__all__ = ["OpdAlias"]


class OpdAlias(BaseModel):
    """One alias of one organization.

    ``owner_org`` holds the organization id without a foreign key, like the
    register's rows: a purged organization leaves an alias that resolves to
    nothing, which the resolver ignores.
    """

    __tablename__ = "satudata_opd_alias"
    __table_args__ = (
        sa.UniqueConstraint("normalised", name="satudata_opd_alias_normalised"),
        sa.Index("satudata_opd_alias_owner_org", "owner_org"),
    )

    id: Mapped[str] = Column(types.UnicodeText, primary_key=True, default=make_uuid)
    owner_org: Mapped[str] = Column(types.UnicodeText, nullable=False)
    alias: Mapped[str] = Column(types.UnicodeText, nullable=False)
    normalised: Mapped[str] = Column(types.UnicodeText, nullable=False)
    created: Mapped[datetime.datetime] = Column(
        types.DateTime, nullable=False, default=utcnow
    )
    creator_user_id: Mapped[str | None] = Column(types.UnicodeText)

    @classmethod
    def all(cls) -> list[OpdAlias]:
        return list(model.Session.scalars(
            sa.select(cls).order_by(cls.owner_org, cls.normalised)
        ))

    def as_dict(self) -> dict[str, str | None]:
        return {
            "id": self.id,
            "owner_org": self.owner_org,
            "alias": self.alias,
            "created": self.created.isoformat(),
            "creator_user_id": self.creator_user_id,
        }

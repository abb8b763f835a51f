"""Table templates (format tabel dataset): Frictionless Table Schemas, versioned.

A template is owned by the Walidata and referenced by Daftar Data rows. Its
content (table schema, CSV dialect hints, checking options) lives in
numbered versions that are never changed once written: a report of a check
names the version it used, so an old report stays explainable after the
template moves on.
"""
from __future__ import annotations

import datetime
from typing import Any

import ckan.model as model
import sqlalchemy as sa
from ckan.model.types import make_uuid
from sqlalchemy import Column, ForeignKey, types
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped

from ckanext.satudata.model import BaseModel, utcnow

__all__ = ["Template", "TemplateAnnouncement", "TemplateVersion"]


def _iso(value: datetime.datetime | None) -> str | None:
    return value.isoformat() if value else None


class Template(BaseModel):
    """A table template; ``current_version`` is what uploads are checked against."""

    __tablename__ = "satudata_template"

    id: Mapped[str] = Column(types.UnicodeText, primary_key=True, default=make_uuid)
    name: Mapped[str] = Column(types.UnicodeText, nullable=False, unique=True)
    title: Mapped[str] = Column(types.UnicodeText, nullable=False)
    description: Mapped[str | None] = Column(types.UnicodeText)
    current_version: Mapped[int] = Column(types.Integer, nullable=False, default=1)
    created: Mapped[datetime.datetime] = Column(
        types.DateTime, nullable=False, default=utcnow
    )
    modified: Mapped[datetime.datetime] = Column(
        types.DateTime, nullable=False, default=utcnow, onupdate=utcnow
    )
    creator_user_id: Mapped[str | None] = Column(types.UnicodeText)

    @classmethod
    def get(cls, id_or_name: str | None) -> Template | None:
        if not id_or_name:
            return None
        return model.Session.get(cls, id_or_name) or model.Session.scalars(
            sa.select(cls).where(cls.name == id_or_name)
        ).one_or_none()

    def version(self, number: int | None = None) -> TemplateVersion | None:
        """The given version, or the current one."""
        return TemplateVersion.get(self.id, number or self.current_version)

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "title": self.title,
            "description": self.description,
            "current_version": self.current_version,
            "created": _iso(self.created),
            "modified": _iso(self.modified),
            "creator_user_id": self.creator_user_id,
        }


class TemplateVersion(BaseModel):
    """One immutable state of a template's schema, dialect and options."""

    __tablename__ = "satudata_template_version"
    __table_args__ = (
        sa.UniqueConstraint(
            "template_id", "version", name="satudata_template_version_unique"
        ),
    )

    id: Mapped[str] = Column(types.UnicodeText, primary_key=True, default=make_uuid)
    template_id: Mapped[str] = Column(
        types.UnicodeText,
        ForeignKey("satudata_template.id", ondelete="CASCADE"),
        nullable=False,
    )
    version: Mapped[int] = Column(types.Integer, nullable=False)
    table_schema: Mapped[dict[str, Any]] = Column(JSONB, nullable=False)
    dialect: Mapped[dict[str, Any]] = Column(JSONB, nullable=False, default=dict)
    options: Mapped[dict[str, Any]] = Column(JSONB, nullable=False, default=dict)
    note: Mapped[str | None] = Column(types.UnicodeText)
    created: Mapped[datetime.datetime] = Column(
        types.DateTime, nullable=False, default=utcnow
    )
    created_by: Mapped[str | None] = Column(types.UnicodeText)

    @classmethod
    def get(cls, template_id: str, version: int) -> TemplateVersion | None:
        return model.Session.scalars(
            sa.select(cls).where(
                cls.template_id == template_id, cls.version == version
            )
        ).one_or_none()

    @classmethod
    def for_template(cls, template_id: str) -> list[TemplateVersion]:
        return list(model.Session.scalars(
            sa.select(cls)
            .where(cls.template_id == template_id)
            .order_by(cls.version.desc())
        ))

    def as_dict(self) -> dict[str, Any]:
        return {
            "template_id": self.template_id,
            "version": self.version,
            "table_schema": self.table_schema,
            "dialect": self.dialect or {},
            "options": self.options or {},
            "note": self.note,
            "created": _iso(self.created),
            "created_by": self.created_by,
        }


class TemplateAnnouncement(BaseModel):
    """The Walidata's «Informasikan» of one template version to the OPD of
    one Daftar Data row (SOP step 3). Append-only (a database trigger
    refuses UPDATE and DELETE); one per (template, version, row)."""

    __tablename__ = "satudata_template_announcement"
    __table_args__ = (
        sa.UniqueConstraint(
            "template_id", "template_version", "daftar_data_id",
            name="satudata_template_announcement_once"),
    )

    id: Mapped[str] = Column(types.UnicodeText, primary_key=True, default=make_uuid)
    template_id: Mapped[str] = Column(
        types.UnicodeText, ForeignKey("satudata_template.id"), nullable=False)
    template_version: Mapped[int] = Column(types.Integer, nullable=False)
    daftar_data_id: Mapped[str] = Column(types.UnicodeText, nullable=False)
    owner_org: Mapped[str] = Column(types.UnicodeText, nullable=False)
    user_id: Mapped[str] = Column(types.UnicodeText, nullable=False)
    #: where the step's time standard starts: the later of the template's
    #: link to the row and the announced version's creation
    clock_start: Mapped[datetime.datetime] = Column(types.DateTime, nullable=False)
    created: Mapped[datetime.datetime] = Column(
        types.DateTime, nullable=False, default=utcnow)
    #: the users the announcement was sent to (Produsen, Admin OPD)
    recipients: Mapped[list[str]] = Column(JSONB, nullable=False)

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "template_id": self.template_id,
            "template_version": self.template_version,
            "daftar_data_id": self.daftar_data_id,
            "owner_org": self.owner_org,
            "user_id": self.user_id,
            "clock_start": _iso(self.clock_start),
            "created": _iso(self.created),
            "recipients": list(self.recipients),
            "seconds": int((self.created - self.clock_start).total_seconds()),
        }

"""Revisions of published datasets and the numbered versions they publish.

A revision (``satudata_revision``) links a published, live dataset to a
private draft copy: its own CKAN dataset, made through ``package_create``
and ``resource_create``, that goes through the preset's transitions like
any other dataset while the live one stays as it was published. At most
one revision of a dataset is open at a time: a partial unique index holds
that in the database. ``replaces`` maps each draft resource id to the id of
the live resource it replaces; a draft resource missing from it is a new
file, a live resource no draft resource replaces is dropped at publication.

A version (``satudata_version``) is one publication of a live dataset:
version N is its N-th event into the preset's public state. It keeps the
``package_show`` of the dataset as published and where the copies of its
files are kept, so an earlier version stays readable and downloadable.
"""
from __future__ import annotations

import datetime
from typing import Any

import sqlalchemy as sa
from ckan.model.types import make_uuid
from sqlalchemy import Column, types
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped

from ckanext.satudata.model import BaseModel, utcnow

__all__ = ["ABANDONED", "OPEN", "PUBLISHED", "Revision", "Version"]

OPEN = "open"
PUBLISHED = "published"
ABANDONED = "abandoned"


class Revision(BaseModel):
    """One revision of a published dataset."""

    __tablename__ = "satudata_revision"
    __table_args__ = (
        sa.Index(
            "satudata_revision_one_open", "package_id", unique=True,
            postgresql_where=sa.text("state = 'open'"),
        ),
        sa.Index("satudata_revision_draft", "draft_package_id", unique=True),
        sa.UniqueConstraint("package_id", "number", name="satudata_revision_number"),
    )

    id: Mapped[str] = Column(types.UnicodeText, primary_key=True, default=make_uuid)
    # The live dataset, and the private draft copy the revision is edited in.
    package_id: Mapped[str] = Column(types.UnicodeText, nullable=False)
    draft_package_id: Mapped[str] = Column(types.UnicodeText, nullable=False)
    number: Mapped[int] = Column(types.Integer, nullable=False)
    state: Mapped[str] = Column(types.UnicodeText, nullable=False, default=OPEN)
    replaces: Mapped[dict[str, str]] = Column(JSONB, nullable=False, default=dict)
    created_by: Mapped[str] = Column(types.UnicodeText, nullable=False)
    created: Mapped[datetime.datetime] = Column(
        types.DateTime, nullable=False, default=utcnow
    )
    closed: Mapped[datetime.datetime | None] = Column(types.DateTime)
    closed_by: Mapped[str | None] = Column(types.UnicodeText)


class Version(BaseModel):
    """One publication of a dataset."""

    __tablename__ = "satudata_version"
    __table_args__ = (
        sa.UniqueConstraint("package_id", "number", name="satudata_version_number"),
    )

    id: Mapped[str] = Column(types.UnicodeText, primary_key=True, default=make_uuid)
    package_id: Mapped[str] = Column(types.UnicodeText, nullable=False)
    number: Mapped[int] = Column(types.Integer, nullable=False)
    # The event into the public state that made this version.
    event_id: Mapped[str | None] = Column(types.UnicodeText)
    revision_id: Mapped[str | None] = Column(types.UnicodeText)
    published_at: Mapped[datetime.datetime] = Column(types.DateTime, nullable=False)
    published_by: Mapped[str | None] = Column(types.UnicodeText)
    approved_by: Mapped[str | None] = Column(types.UnicodeText)
    approved_role: Mapped[str | None] = Column(types.UnicodeText)
    approved_at: Mapped[datetime.datetime | None] = Column(types.DateTime)
    # package_show as published; None for a version the migration recorded
    # from the events of a dataset published before versions were kept.
    snapshot: Mapped[dict[str, Any] | None] = Column(JSONB)
    # resource id -> path (relative to the storage) of the archived file.
    files: Mapped[dict[str, str]] = Column(JSONB, nullable=False, default=dict)

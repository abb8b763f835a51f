"""Reports of conformance checks of a file against a template version."""
from __future__ import annotations

import datetime
from typing import Any

import ckan.model as model
import sqlalchemy as sa
from ckan.model.types import make_uuid
from sqlalchemy import Column, types
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, aliased
from sqlalchemy.sql.elements import ColumnElement

from ckanext.satudata.model import BaseModel, utcnow

__all__ = ["ValidationReport", "STATUSES"]

# The status values of ckanext-validation, so a client of either reads both.
STATUSES = ("pending", "running", "success", "failure", "error")


class ValidationReport(BaseModel):
    """One check of one file.

    ``resource_id`` and ``package_id`` are empty for a "Cek kesesuaian"
    (source ``check``) that never became a resource. They carry no foreign
    key: a report explains a past decision of the workflow and outlives the
    resource. ``resource_url`` and ``resource_last_modified`` identify the
    file that was checked, so a replaced file is known not to be covered.
    ``errors`` holds at most ``ckanext.satudata.check.max_errors`` entries;
    ``counts`` has the totals.
    """

    __tablename__ = "satudata_validation_report"
    __table_args__ = (
        sa.Index("satudata_validation_report_resource", "resource_id", "created"),
        sa.Index("satudata_validation_report_package", "package_id"),
        sa.Index("satudata_validation_report_template",
                 "template_id", "template_version"),
        sa.CheckConstraint(
            "status IN ('pending', 'running', 'success', 'failure', 'error')",
            name="satudata_validation_report_status",
        ),
    )

    id: Mapped[str] = Column(types.UnicodeText, primary_key=True, default=make_uuid)
    resource_id: Mapped[str | None] = Column(types.UnicodeText)
    package_id: Mapped[str | None] = Column(types.UnicodeText)
    template_id: Mapped[str] = Column(types.UnicodeText, nullable=False)
    template_version: Mapped[int] = Column(types.Integer, nullable=False)
    status: Mapped[str] = Column(types.UnicodeText, nullable=False, default="pending")
    progress: Mapped[int] = Column(types.Integer, nullable=False, default=0)
    counts: Mapped[dict[str, Any]] = Column(JSONB, nullable=False, default=dict)
    errors: Mapped[list[dict[str, Any]]] = Column(JSONB, nullable=False, default=list)
    warnings: Mapped[list[dict[str, Any]]] = Column(JSONB, nullable=False, default=list)
    source: Mapped[str] = Column(types.UnicodeText, nullable=False)
    file_name: Mapped[str | None] = Column(types.UnicodeText)
    file_format: Mapped[str | None] = Column(types.UnicodeText)
    resource_url: Mapped[str | None] = Column(types.UnicodeText)
    resource_last_modified: Mapped[str | None] = Column(types.UnicodeText)
    created: Mapped[datetime.datetime] = Column(
        types.DateTime, nullable=False, default=utcnow
    )
    started: Mapped[datetime.datetime | None] = Column(types.DateTime)
    finished: Mapped[datetime.datetime | None] = Column(types.DateTime)
    created_by: Mapped[str | None] = Column(types.UnicodeText)

    @classmethod
    def get(cls, id: str | None) -> ValidationReport | None:
        return model.Session.get(cls, id) if id else None

    @classmethod
    def newest(cls) -> ColumnElement[Any]:
        """True of the report that counts for its resource: the newest of
        the resource's reports, ties broken by id. A condition on ``cls``
        in a query of reports."""
        newer = aliased(cls)
        return sa.and_(cls.resource_id.is_not(None), ~sa.exists().where(sa.and_(
            newer.resource_id == cls.resource_id,
            sa.or_(newer.created > cls.created,
                   sa.and_(newer.created == cls.created, newer.id > cls.id)),
        )))

    @classmethod
    def latest(cls, resource_id: str) -> ValidationReport | None:
        return cls.latest_for([resource_id]).get(resource_id)

    @classmethod
    def latest_for(cls, resource_ids: list[str]) -> dict[str, ValidationReport]:
        """The newest report of each resource, in one query."""
        if not resource_ids:
            return {}
        rows = model.Session.scalars(
            sa.select(cls).where(cls.resource_id.in_(resource_ids), cls.newest()))
        return {r.resource_id: r for r in rows}

    def as_dict(self, with_errors: bool = True) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": self.id,
            "resource_id": self.resource_id,
            "package_id": self.package_id,
            "template_id": self.template_id,
            "template_version": self.template_version,
            "status": self.status,
            "progress": self.progress,
            "counts": self.counts or {},
            "warnings": self.warnings or [],
            "source": self.source,
            "file_name": self.file_name,
            "file_format": self.file_format,
            "resource_url": self.resource_url,
            "resource_last_modified": self.resource_last_modified,
            "created": self.created.isoformat() if self.created else None,
            "started": self.started.isoformat() if self.started else None,
            "finished": self.finished.isoformat() if self.finished else None,
            "created_by": self.created_by,
        }
        if with_errors:
            data["errors"] = self.errors or []
        return data

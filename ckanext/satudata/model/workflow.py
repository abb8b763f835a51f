"""Workflow state of datasets: the current state and the append-only events.

``satudata_workflow_state`` holds one row per dataset that has taken a
transition (and per dataset that was public before the extension came);
``version`` counts its transitions and is the compare-and-set token that
makes two racing transitions give one winner; ``public`` says whether the
state is the public one. A dataset without a row has never moved: it is in
the definition's initial state. The database holds ``package.private`` to
the row: a dataset of an organization is public exactly when its row is
(constraint triggers of migration sd0005, checked at commit).

``satudata_workflow_event`` is the audit trail and the source of truth for
the history and the time standards. Nothing updates an event (a database
trigger refuses it) and the code never deletes one; events carry no foreign
key to the dataset so they outlive a purge. ``(package_id, version)`` is
unique, so even a bug in the locking could not record two events for one
step. Nothing deletes an event either; a purged dataset leaves a
:class:`PurgedDataset` record so its history still counts in the report.
"""
from __future__ import annotations

import datetime

import sqlalchemy as sa
from ckan.model.types import make_uuid
from sqlalchemy import Column, ForeignKey, types
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped

from ckanext.satudata.model import BaseModel, utcnow

__all__ = ["PurgedDataset", "WorkflowEvent", "WorkflowState"]


class WorkflowState(BaseModel):
    """The current workflow state of one dataset."""

    __tablename__ = "satudata_workflow_state"
    __table_args__ = (sa.Index("satudata_workflow_state_state", "state"),)

    package_id: Mapped[str] = Column(
        types.UnicodeText,
        ForeignKey("package.id", ondelete="CASCADE"),
        primary_key=True,
    )
    state: Mapped[str] = Column(types.UnicodeText, nullable=False)
    version: Mapped[int] = Column(types.Integer, nullable=False, default=0)
    # When the current state was entered: the clock of its time standard.
    entered: Mapped[datetime.datetime] = Column(
        types.DateTime, nullable=False, default=utcnow
    )
    public: Mapped[bool] = Column(types.Boolean, nullable=False, default=False)


class WorkflowEvent(BaseModel):
    """One transition taken on one dataset."""

    __tablename__ = "satudata_workflow_event"
    __table_args__ = (
        sa.UniqueConstraint(
            "package_id", "version", name="satudata_workflow_event_step"
        ),
        sa.Index("satudata_workflow_event_user", "user_id", "created"),
    )

    id: Mapped[str] = Column(types.UnicodeText, primary_key=True, default=make_uuid)
    package_id: Mapped[str] = Column(types.UnicodeText, nullable=False)
    version: Mapped[int] = Column(types.Integer, nullable=False)
    workflow: Mapped[str] = Column(types.UnicodeText, nullable=False)
    transition: Mapped[str] = Column(types.UnicodeText, nullable=False)
    from_state: Mapped[str] = Column(types.UnicodeText, nullable=False)
    to_state: Mapped[str] = Column(types.UnicodeText, nullable=False)
    user_id: Mapped[str] = Column(types.UnicodeText, nullable=False)
    role: Mapped[str] = Column(types.UnicodeText, nullable=False)
    note: Mapped[str | None] = Column(types.UnicodeText)
    checklist: Mapped[dict[str, bool] | None] = Column(JSONB)
    template_id: Mapped[str | None] = Column(types.UnicodeText)
    template_version: Mapped[int | None] = Column(types.Integer)
    report_ids: Mapped[list[str]] = Column(JSONB, nullable=False, default=list)
    created: Mapped[datetime.datetime] = Column(
        types.DateTime, nullable=False, default=utcnow
    )


class PurgedDataset(BaseModel):
    """What the report and the history need of a dataset purged from CKAN."""

    __tablename__ = "satudata_purged_dataset"
    __table_args__ = (
        sa.Index("satudata_purged_dataset_daftar_data", "daftar_data_id"),
    )

    package_id: Mapped[str] = Column(types.UnicodeText, primary_key=True)
    name: Mapped[str] = Column(types.UnicodeText, nullable=False)
    title: Mapped[str | None] = Column(types.UnicodeText)
    owner_org: Mapped[str | None] = Column(types.UnicodeText)
    daftar_data_id: Mapped[str | None] = Column(types.UnicodeText)
    metadata_created: Mapped[datetime.datetime | None] = Column(types.DateTime)
    purged: Mapped[datetime.datetime] = Column(
        types.DateTime, nullable=False, default=utcnow
    )
    purged_by: Mapped[str | None] = Column(types.UnicodeText)

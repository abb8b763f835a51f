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

import ckan.plugins.toolkit as tk
import sqlalchemy as sa
from ckan.model.types import make_uuid
from sqlalchemy import Column, ForeignKey, types
from sqlalchemy.dialects.postgresql import JSONB

from ckanext.satudata.model import utcnow

__all__ = ["PurgedDataset", "WorkflowEvent", "WorkflowState"]


class WorkflowState(tk.BaseModel):  # type: ignore[misc]
    """The current workflow state of one dataset."""

    __tablename__ = "satudata_workflow_state"
    __table_args__ = (sa.Index("satudata_workflow_state_state", "state"),)

    package_id = Column(
        types.UnicodeText,
        ForeignKey("package.id", ondelete="CASCADE"),
        primary_key=True,
    )
    state = Column(types.UnicodeText, nullable=False)
    version = Column(types.Integer, nullable=False, default=0)
    # When the current state was entered: the clock of its time standard.
    entered = Column(types.DateTime, nullable=False, default=utcnow)
    public = Column(types.Boolean, nullable=False, default=False)


class WorkflowEvent(tk.BaseModel):  # type: ignore[misc]
    """One transition taken on one dataset."""

    __tablename__ = "satudata_workflow_event"
    __table_args__ = (
        sa.UniqueConstraint(
            "package_id", "version", name="satudata_workflow_event_step"
        ),
        sa.Index("satudata_workflow_event_user", "user_id", "created"),
    )

    id = Column(types.UnicodeText, primary_key=True, default=make_uuid)
    package_id = Column(types.UnicodeText, nullable=False)
    version = Column(types.Integer, nullable=False)
    workflow = Column(types.UnicodeText, nullable=False)
    transition = Column(types.UnicodeText, nullable=False)
    from_state = Column(types.UnicodeText, nullable=False)
    to_state = Column(types.UnicodeText, nullable=False)
    user_id = Column(types.UnicodeText, nullable=False)
    role = Column(types.UnicodeText, nullable=False)
    note = Column(types.UnicodeText)
    checklist = Column(JSONB)
    template_id = Column(types.UnicodeText)
    template_version = Column(types.Integer)
    report_ids = Column(JSONB, nullable=False, default=list)
    created = Column(types.DateTime, nullable=False, default=utcnow)


class PurgedDataset(tk.BaseModel):  # type: ignore[misc]
    """What the report and the history need of a dataset purged from CKAN."""

    __tablename__ = "satudata_purged_dataset"
    __table_args__ = (
        sa.Index("satudata_purged_dataset_daftar_data", "daftar_data_id"),
    )

    package_id = Column(types.UnicodeText, primary_key=True)
    name = Column(types.UnicodeText, nullable=False)
    title = Column(types.UnicodeText)
    owner_org = Column(types.UnicodeText)
    daftar_data_id = Column(types.UnicodeText)
    metadata_created = Column(types.DateTime)
    purged = Column(types.DateTime, nullable=False, default=utcnow)
    purged_by = Column(types.UnicodeText)

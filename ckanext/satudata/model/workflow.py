"""Workflow state of datasets: the current state and the append-only events.

``satudata_workflow_state`` holds one row per dataset that has taken a
transition; ``version`` counts its transitions and is the compare-and-set
token that makes two racing transitions give one winner. A dataset without
a row has never moved: it is in the definition's initial state if private,
in the public state if public (datasets that existed before the extension).

``satudata_workflow_event`` is the audit trail and the source of truth for
the history and the time standards. Nothing updates an event (a database
trigger refuses it) and the code never deletes one; events carry no foreign
key to the dataset so they outlive a purge. ``(package_id, version)`` is
unique, so even a bug in the locking could not record two events for one
step.
"""
from __future__ import annotations

import datetime

import ckan.plugins.toolkit as tk
import sqlalchemy as sa
from ckan.model.types import make_uuid
from sqlalchemy import Column, ForeignKey, types
from sqlalchemy.dialects.postgresql import JSONB

__all__ = ["WorkflowEvent", "WorkflowState", "utcnow"]


def utcnow() -> datetime.datetime:
    return datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)


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

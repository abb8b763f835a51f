"""Reminders sent before a Daftar Data row's periodic update is due.

One record per row and period: ``ckan satudata remind`` sends a period's
reminder once, whatever how often cron runs it (the unique constraint holds
even for two runs at once). No foreign key to the row: like the event
table, the record is history.
"""
from __future__ import annotations

import datetime

import sqlalchemy as sa
from ckan.model.types import make_uuid
from sqlalchemy import Column, types
from sqlalchemy.orm import Mapped

from ckanext.satudata.model import BaseModel, utcnow

__all__ = ["UpdateReminder"]


class UpdateReminder(BaseModel):
    """The reminder for one period of one row, and to how many people."""

    __tablename__ = "satudata_update_reminder"
    __table_args__ = (
        sa.UniqueConstraint("daftar_data_id", "period_start",
                            name="satudata_update_reminder_period"),
    )

    id: Mapped[str] = Column(types.UnicodeText, primary_key=True, default=make_uuid)
    daftar_data_id: Mapped[str] = Column(types.UnicodeText, nullable=False)
    period_start: Mapped[datetime.date] = Column(types.Date, nullable=False)
    period_end: Mapped[datetime.date] = Column(types.Date, nullable=False)
    recipients: Mapped[int] = Column(types.Integer, nullable=False, default=0)
    sent: Mapped[datetime.datetime] = Column(
        types.DateTime, nullable=False, default=utcnow
    )

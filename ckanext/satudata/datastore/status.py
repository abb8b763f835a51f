"""Where a resource's DataStore load stands, kept in CKAN's ``task_status``.

One row per resource (task type ``satudata_datastore``): ``antre`` (queued),
``memuat`` (loading), ``dimuat`` (loaded, with the row count) or ``gagal``
(failed, with the reason). A row still ``antre`` or ``memuat`` after its
worker died is what ``ckan satudata datastore resume`` queues again.
"""
from __future__ import annotations

import datetime
import json
from typing import Any

import ckan.model as model
import sqlalchemy as sa

from ckanext.satudata.model import utcnow

TASK_TYPE = "satudata_datastore"
KEY = "muat"
QUEUED, LOADING, LOADED, FAILED = "antre", "memuat", "dimuat", "gagal"
UNFINISHED = (QUEUED, LOADING)


def _row(resource_id: str) -> model.TaskStatus | None:
    return model.Session.scalars(sa.select(model.TaskStatus).where(
        model.TaskStatus.entity_id == resource_id,
        model.TaskStatus.task_type == TASK_TYPE,
        model.TaskStatus.key == KEY,
    )).one_or_none()


def record(resource_id: str, state: str, *, rows: int | None = None,
           message: str = "") -> None:
    row = _row(resource_id)
    if row is None:
        row = model.TaskStatus(entity_id=resource_id, entity_type="resource",
                               task_type=TASK_TYPE, key=KEY)
        model.Session.add(row)
    row.state = state
    row.value = json.dumps({"baris": rows} if rows is not None else {})
    row.error = message
    row.last_updated = utcnow()
    model.Session.commit()


def clear(resource_id: str) -> None:
    row = _row(resource_id)
    if row is not None:
        model.Session.delete(row)
        model.Session.commit()


def shown(row: dict[str, Any]) -> dict[str, Any]:
    """A resource's status as ``resource_show`` gives it, from its task row
    as :mod:`ckanext.satudata.shown` reads it."""
    value = json.loads(row.get("value") or "{}")
    return {
        "status": row["state"],
        "baris": value.get("baris"),
        "pesan": row.get("error") or "",
        "diperbarui": (datetime.datetime.fromisoformat(row["last_updated"]).isoformat()
                       if row.get("last_updated") else None),
    }


def unfinished() -> list[str]:
    """Resources whose load was queued or started and never finished."""
    return list(model.Session.scalars(sa.select(model.TaskStatus.entity_id).where(
        model.TaskStatus.task_type == TASK_TYPE,
        model.TaskStatus.state.in_(UNFINISHED),
    )))

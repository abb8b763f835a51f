"""What the plugin adds to the datasets CKAN shows, read in one statement.

A ``package_show`` asks the plugin five things about one dataset: whether
its state row says public (its permission labels), its workflow state and
OPD, the events behind a publication's provenance (its own, and those of
the revision drafts published onto it), the newest conformance report of
each resource with its template version, and each resource's DataStore
load status. As five queries they cost more than CKAN's own work on the
request. :func:`read` gets all of them, for one dataset or a page of search
results, in one ``SELECT``: a correlated subquery per part, each built as
JSON by PostgreSQL. The answer is kept for the rest of the web request
(:mod:`.request_memo`, which forgets it on any write of the session, so
the permission labels never come from a state the request has changed),
and in the process until the database next changes (:mod:`.shared_memo`).

Only the rows are read here; what they mean stays with their domain:
provenance in :mod:`.workflow.provenance`, the report fields in
:mod:`.checks.hooks`, the load status in :mod:`.datastore.status`.
"""
from __future__ import annotations

import dataclasses
import datetime
import functools
from collections.abc import Callable, Iterable
from typing import Any

import ckan.model as model
import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSON, aggregate_order_by
from sqlalchemy.sql import Select

from ckanext.satudata import request_memo, shared_memo
from ckanext.satudata.datastore import status as load_status
from ckanext.satudata.model.revision import Revision, Version
from ckanext.satudata.model.template import TemplateVersion
from ckanext.satudata.model.validation import ValidationReport
from ckanext.satudata.model.workflow import WorkflowEvent, WorkflowState
from ckanext.satudata.workflow.definition import configured

__all__ = ["Event", "Report", "Shown", "read", "read_one"]


@dataclasses.dataclass(frozen=True)
class Event:
    """A workflow event, as much of it as provenance needs."""

    id: str
    from_state: str
    to_state: str
    role: str
    created: datetime.datetime
    template_id: str | None
    template_version: int | None


@dataclasses.dataclass(frozen=True)
class Report:
    """A resource's newest conformance report, without its error lists."""

    id: str
    status: str
    template_id: str
    template_version: int
    moment: datetime.datetime | None
    table_schema: str | None
    """Its template version's Table Schema as JSON text: what is read here
    is shared by the requests that follow, and a dict handed to each
    would be one that any of them could change."""


@dataclasses.dataclass(frozen=True)
class Shown:
    state: str | None
    """The state row's state; ``None`` for a dataset without a row."""
    public: bool
    """The state row's ``public`` flag (the database invariant's side)."""
    opd_title: str | None
    events: tuple[Event, ...] = ()
    """Oldest first; read only for a dataset in the public state."""
    reviewed: dict[str, tuple[Event, ...]] = dataclasses.field(default_factory=dict)
    """Publication event id -> the events of the revision draft it published."""
    reports: dict[str, Report] = dataclasses.field(default_factory=dict)
    """Resource id -> its newest report (``resources=True`` only)."""
    loads: dict[str, dict[str, Any]] = dataclasses.field(default_factory=dict)
    """Resource id -> its DataStore task row (``resources=True`` only)."""


def _event_json(event: Any) -> Any:
    return sa.func.json_build_object(
        "id", event.id, "from_state", event.from_state, "to_state", event.to_state,
        "role", event.role, "created", event.created,
        "template_id", event.template_id, "template_version", event.template_version,
    )


def _events_of(package_id: Any) -> Any:
    event = sa.orm.aliased(WorkflowEvent)
    return (
        sa.select(sa.func.json_agg(aggregate_order_by(
            _event_json(event), event.version)))
        .where(event.package_id == package_id)
        .scalar_subquery()
    )


def _reviewed(package_id: Any) -> Any:
    return (
        sa.select(sa.func.json_object_agg(
            Version.event_id, _events_of(Revision.draft_package_id)))
        .join(Revision, Revision.id == Version.revision_id)
        .where(Version.package_id == package_id, Version.event_id.is_not(None))
        .scalar_subquery()
    )


def _reports(package_id: Any) -> Any:
    report = ValidationReport
    return (
        sa.select(sa.func.json_object_agg(report.resource_id, sa.func.json_build_object(
            "id", report.id, "status", report.status,
            "template_id", report.template_id,
            "template_version", report.template_version,
            "moment", sa.func.coalesce(report.finished, report.created),
            "table_schema", sa.cast(TemplateVersion.table_schema, sa.Text),
        )))
        .outerjoin(TemplateVersion, sa.and_(
            TemplateVersion.template_id == report.template_id,
            TemplateVersion.version == report.template_version,
        ))
        .where(report.package_id == package_id, report.newest())
        .scalar_subquery()
    )


def _loads(package_id: Any) -> Any:
    task = model.TaskStatus
    return (
        sa.select(sa.func.json_object_agg(task.entity_id, sa.func.json_build_object(
            "state", task.state, "value", task.value, "error", task.error,
            "last_updated", task.last_updated)))
        .join(model.Resource, model.Resource.id == task.entity_id)
        .where(model.Resource.package_id == package_id,
               task.task_type == load_status.TASK_TYPE, task.key == load_status.KEY)
        .scalar_subquery()
    )


def _moment(value: str | None) -> datetime.datetime | None:
    return datetime.datetime.fromisoformat(value) if value else None


def _events(rows: list[dict[str, Any]] | None) -> tuple[Event, ...]:
    return tuple(
        Event(**{**row, "created": datetime.datetime.fromisoformat(row["created"])})
        for row in rows or ()
    )


@functools.cache
def _query(resources: bool) -> Select:
    """The statement, built once: its parameters are the ids and the
    public state (building it is most of the cost of a small read)."""
    package_id = model.Package.id
    published = WorkflowState.state == sa.bindparam("public_state")

    def as_json(value: Any, name: str) -> Any:
        return sa.type_coerce(value, JSON).label(name)

    columns = [
        package_id, WorkflowState.state, WorkflowState.public, model.Group.title,
        as_json(sa.case((published, _events_of(package_id))), "events"),
        as_json(sa.case((published, _reviewed(package_id))), "reviewed"),
    ]
    if resources:
        columns += [as_json(_reports(package_id), "reports"),
                    as_json(_loads(package_id), "loads")]
    return (
        sa.select(*columns)
        .select_from(model.Package)
        .outerjoin(WorkflowState, WorkflowState.package_id == package_id)
        .outerjoin(model.Group, model.Group.id == model.Package.owner_org)
        .where(package_id.in_(sa.bindparam("ids", expanding=True)))
    )


def _shown(row: Any, resources: bool) -> Shown:
    found: dict[str, Any] = {}
    if resources:
        found["reports"] = {
            resource_id: Report(**{**r, "moment": _moment(r["moment"])})
            for resource_id, r in (row.reports or {}).items()
        }
        found["loads"] = row.loads or {}
    return Shown(
        state=row.state, public=bool(row.public), opd_title=row.title,
        events=_events(row.events),
        reviewed={k: _events(v) for k, v in (row.reviewed or {}).items()},
        **found,
    )


_KEY = "satudata.shown"

# Across requests, in each process: the datasets read last, for as long as
# the database has not changed since (:class:`.shared_memo.InProcess`). An
# anonymous package_show, search or dataset page reads nothing else of the
# plugin's, so this is the plugin's whole cost on those reads once a dataset
# has been read; a dataset with its resources is a few kilobytes.
_KEPT: shared_memo.InProcess[Shown] = shared_memo.InProcess(size=1000)
# Kept for an id the database does not have (a search index entry of a
# dataset gone from the database), so that a stale index costs the
# statement once, not on every search.
_ABSENT = Shown(state=None, public=False, opd_title=None)


def _recalled(package_id: str, resources: bool,
              recall: Callable[[tuple[str, bool]], Shown | None]) -> Shown | None:
    # What was read with the resources serves without them.
    return recall((package_id, True)) or (
        None if resources else recall((package_id, False)))


def read(package_ids: Iterable[str], *, resources: bool = False) -> dict[str, Shown]:
    """Package id -> what is shown of it, for the datasets in the database
    (a stale index entry's id is left out); with ``resources``, the
    resources' reports and loads as well. One statement, or none for what
    this request has read already or the process read since the database
    last changed."""
    found: dict[str, Shown] = {}
    missing = []
    for package_id in dict.fromkeys(package_ids):
        known = _recalled(package_id, resources,
                          lambda key: request_memo.recalled((_KEY, *key)))
        if known is None:
            missing.append(package_id)
        else:
            found[package_id] = known
    if not missing:
        return found
    # Asked before the statement runs: what it reads is at least as new.
    generation = shared_memo.generation()
    if generation is not None:
        for package_id in list(missing):
            known = _recalled(package_id, resources,
                              functools.partial(_KEPT.recalled, generation))
            if known is not None:
                missing.remove(package_id)
                if known is not _ABSENT:
                    found[package_id] = known
                    request_memo.remember((_KEY, package_id, resources), known)
    if missing:
        for row in model.Session.execute(_query(resources), {
                "ids": missing, "public_state": configured().public_state}):
            found[row.id] = _shown(row, resources)
            request_memo.remember((_KEY, row.id, resources), found[row.id])
            if generation is not None:
                _KEPT.keep(generation, (row.id, resources), found[row.id])
        if generation is not None:
            for package_id in missing:
                if package_id not in found:
                    _KEPT.keep(generation, (package_id, True), _ABSENT)
    return found


def read_one(package_id: str) -> Shown | None:
    """:func:`read` of one dataset with its resources (package_show)."""
    return read([package_id], resources=True).get(package_id)

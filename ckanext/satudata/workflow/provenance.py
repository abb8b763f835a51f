"""The approval provenance of a published dataset, for harvesters.

A national catalogue that pulls this portal (CKAN-to-CKAN harvest, ckanapi,
DCAT) keeps plain string fields; nested objects would be dropped by a
scheming schema on the harvesting side. So the provenance is a handful of
flat, read-only fields computed from the append-only event table, shown on
published datasets only: top-level (ckanapi, DCAT, a scheming catalogue),
and mirrored with ``satudata_status`` into ``extras``, the only place
ckanext-harvest's CKAN harvester keeps (it imports with CKAN's default
dataset schema, which ignores unknown top-level keys).

Each publication is a version: the first publication, every revision
published since and a publication after a withdrawal each add an event into
the public state, so ``satudata_version`` counts those events,
``satudata_first_published`` is the first and ``satudata_published`` the
latest. A withdrawal and publication again counts as a new version because
the data went through the check and the approval again and may differ.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import ckan.model as model
import sqlalchemy as sa

from ckanext.satudata.model.revision import Revision, Version
from ckanext.satudata.model.workflow import WorkflowEvent, WorkflowState

from .definition import Definition

PUBLISHED = "satudata_published"
FIRST_PUBLISHED = "satudata_first_published"
VERSION = "satudata_version"
APPROVAL_ROLE = "satudata_approval_role"
APPROVAL_DATE = "satudata_approval_date"
APPROVAL_OPD = "satudata_approval_opd"
TEMPLATE_ID = "satudata_template_id"
TEMPLATE_VERSION = "satudata_template_version"
FIELDS = (PUBLISHED, FIRST_PUBLISHED, VERSION, APPROVAL_ROLE, APPROVAL_DATE,
          APPROVAL_OPD, TEMPLATE_ID, TEMPLATE_VERSION)
STATUS = "satudata_status"
MIRRORED = (STATUS, *FIELDS)


def compute(
    events: Sequence[WorkflowEvent], definition: Definition, opd_title: str | None,
    reviewed: Mapping[str, Sequence[WorkflowEvent]] | None = None,
) -> dict[str, str]:
    """The provenance of the latest publication in ``events`` (oldest first),
    with the first publication and the number of publications.

    The approval is the step that led into the state the publication left
    from (``setujui`` into ``disetujui`` in both presets), so it follows the
    definition rather than a transition name. A published revision is an
    event from the public state to itself; its review ran on the revision's
    draft, whose events ``reviewed`` gives by the publication event's id,
    and the approval is the draft's last event. A dataset public since
    before the extension has no publication event and no provenance.
    """
    publications = [i for i, e in enumerate(events)
                    if e.to_state == definition.public_state]
    if not publications:
        return {}
    last = publications[-1]
    published = events[last]
    earlier = list(events[:last])
    from_state = published.from_state
    draft_events = (reviewed or {}).get(published.id)
    if draft_events:
        earlier = list(draft_events)
        from_state = earlier[-1].to_state
    approval = next(
        (e for e in reversed(earlier) if e.to_state == from_state), None
    )
    checked = next((e for e in reversed(earlier) if e.template_id), None)
    fields = {
        PUBLISHED: published.created.isoformat(),
        FIRST_PUBLISHED: events[publications[0]].created.isoformat(),
        VERSION: str(len(publications)),
    }
    if approval is not None:
        fields[APPROVAL_ROLE] = approval.role
        fields[APPROVAL_DATE] = approval.created.isoformat()
        if opd_title:
            fields[APPROVAL_OPD] = opd_title
    if checked is not None:
        fields[TEMPLATE_ID] = str(checked.template_id)
        fields[TEMPLATE_VERSION] = str(checked.template_version)
    return fields


def for_packages(
    packages: Iterable[tuple[str, str | None]], definition: Definition
) -> dict[str, dict[str, str]]:
    """``(package id, owner org id)`` -> provenance, in four queries."""
    packages = list(packages)
    if not packages:
        return {}
    ids = [p for p, _ in packages]
    by_package: dict[str, list[WorkflowEvent]] = defaultdict(list)
    for event in model.Session.execute(
        sa.select(WorkflowEvent)
        .where(WorkflowEvent.package_id.in_(ids))
        .order_by(WorkflowEvent.package_id, WorkflowEvent.version)
    ).scalars():
        by_package[event.package_id].append(event)
    org_ids = {o for _, o in packages if o}
    titles = dict(
        model.Session.execute(
            sa.select(model.Group.id, model.Group.title).where(
                model.Group.id.in_(org_ids)
            )
        ).all()
    ) if org_ids else {}
    reviewed = _revision_reviews(ids)
    return {
        package_id: compute(by_package[package_id], definition, titles.get(org),
                            reviewed)
        for package_id, org in packages
    }


def _revision_reviews(package_ids: list[str]) -> dict[str, list[WorkflowEvent]]:
    """Publication event id -> the events of the revision draft it
    published, for the published revisions of these datasets."""
    drafts = dict(model.Session.execute(
        sa.select(Version.event_id, Revision.draft_package_id)
        .join(Revision, Revision.id == Version.revision_id)
        .where(Version.package_id.in_(package_ids))
    ).all())
    if not drafts:
        return {}
    by_draft: dict[str, list[WorkflowEvent]] = defaultdict(list)
    for event in model.Session.execute(
        sa.select(WorkflowEvent)
        .where(WorkflowEvent.package_id.in_(list(drafts.values())))
        .order_by(WorkflowEvent.package_id, WorkflowEvent.version)
    ).scalars():
        by_draft[event.package_id].append(event)
    return {str(event_id): by_draft[draft] for event_id, draft in drafts.items()
            if event_id}


def states_and_provenance(
    package_ids: Iterable[str], definition: Definition
) -> dict[str, tuple[str, dict[str, str]]]:
    """Package id -> (workflow state, provenance) in one query, for a
    package_show or a page of search results: each dataset's state row, its
    OPD's title and, for the published ones only, their events. A dataset
    without a state row is in the initial state; an id that is not in the
    database (a stale index entry) is left out."""
    ids = list(package_ids)
    if not ids:
        return {}
    published = sa.and_(
        WorkflowEvent.package_id == model.Package.id,
        WorkflowState.state == definition.public_state,
    )
    rows = model.Session.execute(
        sa.select(model.Package.id, WorkflowState.state, model.Group.title,
                  WorkflowEvent)
        .select_from(model.Package)
        .outerjoin(WorkflowState, WorkflowState.package_id == model.Package.id)
        .outerjoin(model.Group, model.Group.id == model.Package.owner_org)
        .outerjoin(WorkflowEvent, published)
        .where(model.Package.id.in_(ids))
        .order_by(model.Package.id, WorkflowEvent.version)
    ).all()
    states: dict[str, str] = {}
    titles: dict[str, str | None] = {}
    events: dict[str, list[WorkflowEvent]] = defaultdict(list)
    for package_id, state, title, event in rows:
        states[package_id] = state or definition.initial_state
        titles[package_id] = title
        if event is not None:
            events[package_id].append(event)
    reviewed = _revision_reviews([p for p, e in events.items() if e])
    return {
        package_id: (
            state, compute(events[package_id], definition, titles[package_id],
                           reviewed)
        )
        for package_id, state in states.items()
    }


def add(pkg_dicts: Iterable[dict[str, Any]], definition: Definition) -> None:
    """Set ``satudata_status`` on ``pkg_dicts`` (datasets of an OPD) and the
    provenance on the published ones, and mirror the read-only fields of each
    into its ``extras``."""
    pkg_dicts = list(pkg_dicts)
    found = states_and_provenance((d["id"] for d in pkg_dicts), definition)
    for pkg_dict in pkg_dicts:
        state, fields = found.get(pkg_dict["id"], (definition.initial_state, {}))
        pkg_dict[STATUS] = state
        pkg_dict.update(fields)
        mirror(pkg_dict)


def mirror(pkg_dict: dict[str, Any]) -> None:
    """Mirror what the dataset dict carries of the read-only fields into its
    ``extras``, and drop any other entry of theirs there."""
    extras = [e for e in pkg_dict.get("extras") or []
              if e.get("key") not in MIRRORED]
    extras += [{"key": f, "value": pkg_dict[f]} for f in MIRRORED if f in pkg_dict]
    pkg_dict["extras"] = extras


def strip_extras(data_dict: dict[str, Any]) -> dict[str, Any]:
    """Remove the mirrored entries from a write's ``extras``; return them
    as fields, so that they are checked like the top-level ones."""
    extras = data_dict.get("extras")
    if not isinstance(extras, list):
        return {}
    ours = [e for e in extras if isinstance(e, dict) and e.get("key") in MIRRORED]
    if ours:
        data_dict["extras"] = [e for e in extras if e not in ours]
    return {e["key"]: e.get("value") for e in ours}

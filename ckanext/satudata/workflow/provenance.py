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

import datetime
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Protocol

from ckanext.satudata import shown

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


class Event(Protocol):
    """What provenance reads of an event: a stored one or one :mod:`shown`
    read."""

    @property
    def id(self) -> str: ...
    @property
    def from_state(self) -> str: ...
    @property
    def to_state(self) -> str: ...
    @property
    def role(self) -> str: ...
    @property
    def created(self) -> datetime.datetime: ...
    @property
    def template_id(self) -> str | None: ...
    @property
    def template_version(self) -> int | None: ...


def compute(
    events: Sequence[Event], definition: Definition, opd_title: str | None,
    reviewed: Mapping[str, Sequence[Event]] | None = None,
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


def states_and_provenance(
    package_ids: Iterable[str], definition: Definition
) -> dict[str, tuple[str, dict[str, str]]]:
    """Package id -> (workflow state, provenance), for a package_show or a
    page of search results, from what :mod:`ckanext.satudata.shown` reads
    in one statement. A dataset without a state row is in the initial
    state; an id that is not in the database (a stale index entry) is left
    out."""
    return {
        package_id: (
            found.state or definition.initial_state,
            compute(found.events, definition, found.opd_title, found.reviewed),
        )
        for package_id, found in shown.read(package_ids).items()
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

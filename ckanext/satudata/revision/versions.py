"""Each publication of a dataset as a numbered version.

Version N of a dataset is its N-th event into the preset's public state:
the first publication, each published revision and a publication again
after a withdrawal all count (the DCAT and release-calendar code count the
same events). A version keeps ``package_show`` as published and a copy of
each uploaded file under ``<storage>/satudata/versions/<dataset id>/<N>/``,
so an earlier version stays downloadable after a revision replaced a file.
"""
from __future__ import annotations

import logging
import os
from collections.abc import Mapping, Sequence
from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk
import sqlalchemy as sa

from ckanext.satudata import model as satudata_model
from ckanext.satudata.model.revision import Version
from ckanext.satudata.model.workflow import WorkflowEvent
from ckanext.satudata.workflow.definition import Definition

from . import copying

__all__ = ["archive_files", "as_dict", "ensure_files", "file_of", "get", "listed",
           "number_for", "record"]

log = logging.getLogger(__name__)


def number_for(event: WorkflowEvent, definition: Definition) -> int:
    """The version ``event`` (into the public state) makes."""
    return int(model.Session.execute(
        sa.select(sa.func.count()).select_from(WorkflowEvent).where(
            WorkflowEvent.package_id == event.package_id,
            WorkflowEvent.to_state == definition.public_state,
            WorkflowEvent.version <= event.version,
        )
    ).scalar() or 0)


def _approval(event: WorkflowEvent) -> WorkflowEvent | None:
    """The approval a publication rests on: the last event into the state
    the publication left from."""
    return model.Session.execute(
        sa.select(WorkflowEvent).where(
            WorkflowEvent.package_id == event.package_id,
            WorkflowEvent.version < event.version,
            WorkflowEvent.to_state == event.from_state,
        ).order_by(WorkflowEvent.version.desc()).limit(1)
    ).scalar()


def archive_files(
    package_id: str, number: int, resources: list[dict[str, Any]]
) -> dict[str, str]:
    """Copy each uploaded file of ``resources`` into version ``number``'s
    directory; resource id -> path relative to the archive root."""
    files = {}
    for resource in resources:
        if not copying.is_upload(resource):
            continue
        source = copying.file_path(resource)
        if not os.path.exists(source):
            log.warning("Version %s of %s: file of resource %s missing",
                        number, package_id, resource["id"])
            continue
        relative = os.path.join(package_id, str(number), resource["id"])
        copying.copy_file(source, os.path.join(copying.archive_root(), relative))
        files[resource["id"]] = relative
    return files


def record(
    pkg: model.Package,
    event: WorkflowEvent,
    definition: Definition,
    approval: WorkflowEvent | None = None,
    revision_id: str | None = None,
) -> Version:
    """Record the version ``event`` published, with a snapshot and copies of
    its files; added to the session, not committed. ``approval`` defaults
    to the live dataset's own approval event."""
    approval = approval or _approval(event)
    snapshot = tk.get_action("package_show")(
        {"ignore_auth": True, "for_view": False}, {"id": pkg.id}
    )
    number = number_for(event, definition)
    version = Version(
        package_id=pkg.id,
        number=number,
        event_id=event.id,
        revision_id=revision_id,
        published_at=event.created,
        published_by=event.user_id,
        approved_by=approval.user_id if approval else None,
        approved_role=approval.role if approval else None,
        approved_at=approval.created if approval else None,
        snapshot=snapshot,
        files=archive_files(pkg.id, number, snapshot.get("resources") or []),
    )
    model.Session.add(version)
    return version


def ensure_files(pkg: model.Package) -> None:
    """Give the newest version copies of the live files if it has none (a
    version the migration recorded), before a revision replaces them."""
    newest = model.Session.execute(
        sa.select(Version).where(Version.package_id == pkg.id)
        .order_by(Version.number.desc()).limit(1)
    ).scalar()
    if newest is None or newest.files:
        return
    shown = tk.get_action("package_show")(
        {"ignore_auth": True, "for_view": False}, {"id": pkg.id}
    )
    newest.files = archive_files(pkg.id, newest.number, shown.get("resources") or [])
    if newest.snapshot is None:
        newest.snapshot = shown


def listed(package_id: str) -> list[Version]:
    """The dataset's versions, newest first."""
    return list(model.Session.execute(
        sa.select(Version).where(Version.package_id == package_id)
        .order_by(Version.number.desc())
    ).scalars())


def get(package_id: str, number: int) -> Version | None:
    return model.Session.execute(
        sa.select(Version).where(
            Version.package_id == package_id, Version.number == number
        )
    ).scalar()


def file_of(version: Version, resource_id: str) -> str | None:
    """The archived file of a resource of ``version``, if it was kept."""
    relative = version.files.get(resource_id)
    if not relative:
        return None
    path = os.path.join(copying.archive_root(), relative)
    return path if os.path.exists(path) else None


def as_dict(version: Version, with_snapshot: bool = False) -> dict[str, Any]:
    data = as_dicts([version])[0]
    if with_snapshot:
        data["snapshot"] = version.snapshot
    return data


def as_dicts(listed: Sequence[Version]) -> list[dict[str, Any]]:
    """The versions as the API lists them, their publishers and approvers
    read in one query: a dataset gains a version with every publication."""
    users = satudata_model.users(
        id_ for v in listed for id_ in (v.published_by, v.approved_by))
    return [_as_dict(version, users) for version in listed]


def _display_name(users: Mapping[str, model.User], user_id: str | None) -> str | None:
    user = users.get(user_id) if user_id else None
    return user.display_name if user else None


def _as_dict(version: Version, users: Mapping[str, model.User]) -> dict[str, Any]:
    return {
        "package_id": version.package_id,
        "number": version.number,
        "published_at": version.published_at.isoformat(),
        "published_by": _display_name(users, version.published_by),
        "approved_by": _display_name(users, version.approved_by),
        "approved_role": version.approved_role,
        "approved_at": (version.approved_at.isoformat()
                        if version.approved_at else None),
        "revision": bool(version.revision_id),
        "downloadable": sorted(version.files),
    }

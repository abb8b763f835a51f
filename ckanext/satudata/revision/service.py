"""Starting, publishing and abandoning a revision of a published dataset.

:func:`start` copies the live dataset into a private draft through
``package_create`` and ``resource_create`` (uploads copied as uploads), so
CKAN's upload, the conformance checks and the workflow treat the draft as
any dataset in the preset's initial state. The live dataset is not written.

The draft's publishing transition does not publish the draft:
:mod:`ckanext.satudata.workflow.service` hands it to :func:`publish`, which
applies the draft to the live dataset through ``package_update`` (same
resource ids for replaced files), records a publication event on the live
dataset and version N, deletes the draft and closes the revision, in one
database transaction. The draft never becomes public.

:func:`abandon` deletes the draft and leaves the live dataset untouched; a
withdrawal (``tarik``) of the live dataset abandons its open revision.
"""
from __future__ import annotations

import logging
from typing import Any

import ckan.lib.search as search
import ckan.model as model
import ckan.plugins.toolkit as tk
import sqlalchemy as sa
from ckan.model.types import make_uuid
from sqlalchemy.exc import IntegrityError
from werkzeug.datastructures import FileStorage

from ckanext.satudata.model import utcnow
from ckanext.satudata.model.revision import ABANDONED, OPEN, PUBLISHED, Revision
from ckanext.satudata.model.workflow import WorkflowEvent
from ckanext.satudata.workflow import state as wf_state
from ckanext.satudata.workflow.definition import Definition, Transition, configured

from . import copying, versions

__all__ = ["abandon", "as_dict", "close_on_withdrawal", "for_draft", "open_for",
           "publish", "start", "start_refusal"]

log = logging.getLogger(__name__)


def open_for(package_id: str) -> Revision | None:
    """The open revision of a live dataset, if any."""
    return model.Session.execute(
        sa.select(Revision).where(
            Revision.package_id == package_id, Revision.state == OPEN
        )
    ).scalar()


def for_draft(package_id: str) -> Revision | None:
    """The revision whose draft is ``package_id``, if it is one."""
    return model.Session.execute(
        sa.select(Revision).where(Revision.draft_package_id == package_id)
    ).scalar()


def _refuse_open(pkg: model.Package, revision: Revision) -> None:
    draft = model.Package.get(revision.draft_package_id)
    raise tk.ValidationError({"id": [tk._(
        "Dataset «{title}» sedang dimutakhirkan (revisi {number}, «{draft}»)."
        " Selesaikan atau batalkan revisi itu dulu; hanya satu revisi yang"
        " dapat berjalan pada satu waktu."
    ).format(title=pkg.title or pkg.name, number=revision.number,
             draft=draft.name if draft else revision.draft_package_id)]})


def start_refusal(pkg: model.Package, definition: Definition) -> str | None:
    """Why a revision of ``pkg`` cannot start (whoever asks), or ``None``."""
    if not pkg.owner_org or pkg.state != "active":
        return tk._("Hanya dataset OPD yang aktif yang dapat dimutakhirkan.")
    if for_draft(pkg.id) is not None:
        return tk._("Dataset ini adalah salinan revisi; mutakhirkan dataset"
                    " aslinya.")
    state = wf_state.current(pkg, definition).state
    if state != definition.public_state:
        return tk._(
            "Hanya dataset berstatus «{public}» yang dimutakhirkan lewat"
            " revisi; dataset berstatus «{state}» disunting langsung bila"
            " statusnya mengizinkan."
        ).format(public=definition.state_label(definition.public_state),
                 state=definition.state_label(state))
    return None


def _next_number(package_id: str) -> int:
    return int(model.Session.execute(
        sa.select(sa.func.coalesce(sa.func.max(Revision.number), 0))
        .where(Revision.package_id == package_id)
    ).scalar() or 0) + 1


def _draft_name(pkg: model.Package, number: int) -> str:
    suffix = f"-revisi-{number}"
    return pkg.name[:100 - len(suffix)] + suffix


def start(pkg: model.Package, user: model.User) -> dict[str, Any]:
    """Open a revision of the published ``pkg`` as ``user``; the caller
    checked access. Returns :func:`as_dict` of the new revision."""
    definition = configured()
    reason = start_refusal(pkg, definition)
    if reason:
        raise tk.ValidationError({"id": [reason]})
    existing = open_for(pkg.id)
    if existing is not None:
        _refuse_open(pkg, existing)
    context = {"user": user.name, "ignore_auth": True}
    live = tk.get_action("package_show")(
        {"ignore_auth": True, "for_view": False}, {"id": pkg.id}
    )
    number = _next_number(pkg.id)
    draft = tk.get_action("package_create")(dict(context), {
        **copying.dataset_fields(live),
        "name": _draft_name(pkg, number),
        "owner_org": pkg.owner_org,
        "private": True,
    })
    replaces = {}
    try:
        for resource in live.get("resources") or []:
            replaces[_copy_resource(context, draft["id"], resource)] = resource["id"]
        revision = Revision(
            package_id=pkg.id, draft_package_id=draft["id"], number=number,
            state=OPEN, replaces=replaces, created_by=user.id,
        )
        model.Session.add(revision)
        model.Session.commit()
    except IntegrityError:
        model.Session.rollback()
        _discard(draft["id"])
        existing = open_for(pkg.id)
        if existing is not None:
            _refuse_open(pkg, existing)
        raise
    except Exception:
        model.Session.rollback()
        _discard(draft["id"])
        raise
    return as_dict(revision)


def _copy_resource(
    context: dict[str, Any], draft_id: str, resource: dict[str, Any]
) -> str:
    """A copy of a live resource on the draft, its file uploaded again."""
    data = {**copying.resource_fields(resource), "package_id": draft_id}
    if copying.is_upload(resource):
        with copying.uploaded_file(resource) as stream:
            data["upload"] = FileStorage(
                stream=stream, filename=copying.file_name(resource),
                content_type=resource.get("mimetype") or None,
            )
            created = tk.get_action("resource_create")(dict(context), data)
    else:
        data["url"] = resource.get("url") or ""
        created = tk.get_action("resource_create")(dict(context), data)
    return str(created["id"])


def _discard(draft_id: str) -> None:
    """Purge a draft whose revision could not be recorded."""
    try:
        tk.get_action("dataset_purge")({"ignore_auth": True}, {"id": draft_id})
    except Exception:
        log.exception("Could not purge the unrecorded revision draft %s", draft_id)


def abandon(revision: Revision, user: model.User) -> dict[str, Any]:
    """Close ``revision`` without publishing it and delete its draft; the
    live dataset is not touched."""
    if revision.state != OPEN:
        raise tk.ValidationError({"id": [tk._(
            "Revisi ini sudah ditutup dan tidak dapat dibatalkan lagi."
        )]})
    revision.state = ABANDONED
    revision.closed = utcnow()
    revision.closed_by = user.id
    draft = model.Package.get(revision.draft_package_id)
    if draft is not None and draft.state != "deleted":
        draft.state = "deleted"
    model.Session.commit()
    if draft is not None:
        unindex(draft.id)
    return as_dict(revision)


def unindex(draft_id: str) -> None:
    """Take a deleted draft out of the search index: since CKAN 2.12 only
    the actions index, not a commit of the model."""
    try:
        search.rebuild(draft_id)
    except Exception:
        log.exception("Could not unindex the revision draft %s", draft_id)


def publish(
    draft: model.Package,
    revision: Revision,
    transition: Transition,
    expected: wf_state.Current,
    user: model.User,
    note: str | None,
) -> tuple[model.Package, WorkflowEvent]:
    """Apply the approved ``draft`` to the live dataset (see the module);
    the caller checked the draft's transition. Returns the live dataset and
    its new publication event."""
    definition = configured()
    live = model.Package.get(revision.package_id)
    if revision.state != OPEN or live is None or live.state != "active":
        raise tk.ValidationError({"id": [tk._(
            "Revisi ini sudah ditutup atau dataset aslinya tidak aktif lagi."
        )]})
    live_now = wf_state.current(live, definition)
    if live_now.state != definition.public_state:
        raise tk.ValidationError({"id": [tk._(
            "Dataset asli tidak lagi berstatus «{state}»; revisi tidak dapat"
            " diterbitkan."
        ).format(state=definition.state_label(definition.public_state))]})
    if wf_state.current(draft, definition) != expected:
        raise wf_state.Conflict(wf_state.current(draft, definition))

    # Committed first: a failed publication restores the live files from
    # these copies.
    versions.ensure_files(live)
    model.Session.commit()
    shown = tk.get_action("package_show")(
        {"ignore_auth": True, "for_view": False}, {"id": draft.id}
    )
    approval = _draft_approval(draft.id, expected.state)
    written: list[tuple[str, str]] = []
    try:
        data, files = _live_dict(live, shown, revision.replaces)
        # CKAN 2.12.0's package_update rolls its savepoint back when asked
        # to defer the commit, unless it only returns the id.
        tk.get_action("package_update")(
            {"user": user.name, "ignore_auth": True, "defer_commit": True,
             "return_id_only": True}, data
        )
        event = wf_state.republish(
            definition, live, transition, live_now, user.id,
            note=_publication_note(revision, note),
        )
        draft.state = "deleted"
        revision.state = PUBLISHED
        revision.closed = utcnow()
        revision.closed_by = user.id
        model.Session.flush()
        for source, target, resource_id in files:
            copying.copy_file(source, target)
            written.append((target, resource_id))
        versions.record(live, event, definition, approval=approval,
                        revision_id=revision.id)
        model.Session.commit()
    except Exception:
        model.Session.rollback()
        _restore_files(live.id, written)
        raise
    return live, event


def _publication_note(revision: Revision, note: str | None) -> str:
    prefix = tk._("Revisi {number} diterbitkan.").format(number=revision.number)
    return f"{prefix} {note}" if note else prefix


def _draft_approval(draft_id: str, approved_state: str) -> WorkflowEvent | None:
    """The draft's approval: its last event into the state it is published
    from."""
    return model.Session.execute(
        sa.select(WorkflowEvent).where(
            WorkflowEvent.package_id == draft_id,
            WorkflowEvent.to_state == approved_state,
        ).order_by(WorkflowEvent.version.desc()).limit(1)
    ).scalar()


def _live_dict(
    live: model.Package, shown: dict[str, Any], replaces: dict[str, str]
) -> tuple[dict[str, Any], list[tuple[str, str, str]]]:
    """The live dataset's update from the draft's ``package_show``, and the
    (draft file, live file, live resource id) to copy."""
    data = {**copying.dataset_fields(shown), "id": live.id, "name": live.name,
            "owner_org": live.owner_org}
    live_ids = {r.id for r in live.resources}
    resources = []
    files = []
    for resource in shown.get("resources") or []:
        replaced = replaces.get(resource["id"])
        target = replaced if replaced in live_ids else make_uuid()
        entry = {**copying.resource_fields(resource), "id": target,
                 "url": resource.get("url") or ""}
        if copying.is_upload(resource):
            entry["url_type"] = "upload"
            entry["url"] = copying.file_name(resource)
            for field in ("size", "mimetype", "hash"):
                if resource.get(field) is not None:
                    entry[field] = resource[field]
            files.append((copying.file_path(resource),
                          copying.file_path(entry, target), target))
        resources.append(entry)
    data["resources"] = resources
    return data, files


def _restore_files(package_id: str, written: list[tuple[str, str]]) -> None:
    """Put back the live files a failed publication overwrote, from the
    live version's copies (:func:`versions.ensure_files` made them)."""
    newest = versions.listed(package_id)
    for target, resource_id in written:
        kept = versions.file_of(newest[0], resource_id) if newest else None
        if kept is not None:
            copying.copy_file(kept, target)
        else:
            log.error("Could not restore %s of dataset %s", target, package_id)


def as_dict(revision: Revision) -> dict[str, Any]:
    draft = model.Package.get(revision.draft_package_id)
    live = model.Package.get(revision.package_id)
    return {
        "id": revision.id,
        "package_id": revision.package_id,
        "package_name": live.name if live else None,
        "draft_id": revision.draft_package_id,
        "draft_name": draft.name if draft else None,
        "number": revision.number,
        "state": revision.state,
        "replaces": dict(revision.replaces),
        "created_by": revision.created_by,
        "created": revision.created.isoformat(),
        "closed": revision.closed.isoformat() if revision.closed else None,
    }


def close_on_withdrawal(pkg: model.Package, user: model.User) -> None:
    """A withdrawn dataset keeps no open revision: the data comes down."""
    revision = open_for(pkg.id)
    if revision is not None:
        abandon(revision, user)

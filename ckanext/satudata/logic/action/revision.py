"""Revisions of published datasets (``satudata_revision_*``) and their
versions (``satudata_version_*``).

They validate, check access and hand over to
:mod:`ckanext.satudata.revision.service` and
:mod:`~ckanext.satudata.revision.versions`. A revision's review and
publication run through ``satudata_workflow_transition`` on its draft.
"""
from __future__ import annotations

import dataclasses
from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.types import Action, Context, DataDict

from ckanext.satudata.logic import validate
from ckanext.satudata.logic.schema import revision as schema
from ckanext.satudata.model.revision import Revision
from ckanext.satudata.revision import review, service, versions


def _package(id_or_name: str) -> model.Package:
    pkg = model.Package.get(id_or_name)
    if pkg is None or pkg.state == "deleted":
        raise tk.ObjectNotFound(tk._("Dataset tidak ditemukan."))
    return pkg


def _user(context: Context) -> model.User:
    user = model.User.get(context.get("user") or "")
    assert user is not None  # the auth functions refuse anonymous callers
    return user


def _revision_of(pkg: model.Package) -> Revision | None:
    """The revision ``pkg`` is the draft of, or the live dataset's open one."""
    return service.for_draft(pkg.id) or service.open_for(pkg.id)


def satudata_revision_start(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Start updating a published dataset ("Mutakhirkan").

    Makes a private draft copy of the dataset (metadata and files), which
    is edited and then goes through the workflow like a new dataset; the
    published dataset stays exactly as it is until the draft's publishing
    transition replaces it. One open revision per dataset at a time.
    Produsen Data and Admin Portal OPD of the dataset's OPD.

    :param id: id or name of the published dataset
    :type id: string

    :returns: the revision: ``id``, ``package_id``, ``package_name``,
        ``draft_id``, ``draft_name``, ``number``, ``state`` (``open``),
        ``replaces`` (draft resource id -> live resource id), ``created_by``,
        ``created``, ``closed``
    :rtype: dictionary
    """
    data = validate(data_dict, schema.revision_package(), context)
    pkg = _package(data["id"])
    tk.check_access("satudata_revision_start", context, {"id": pkg.id})
    return service.start(pkg, _user(context))


def satudata_revision_abandon(
    context: Context, data_dict: DataDict
) -> dict[str, Any]:
    """Abandon the open revision: its draft is deleted, the published
    dataset is not touched. Same access as ``satudata_revision_start``.

    :param id: id or name of the published dataset or of its draft
    :type id: string

    :returns: the revision, ``state`` ``abandoned``
    :rtype: dictionary
    """
    data = validate(data_dict, schema.revision_package(), context)
    pkg = _package(data["id"])
    tk.check_access("satudata_revision_abandon", context, {"id": pkg.id})
    revision = _revision_of(pkg)
    if revision is None or revision.state != "open":
        raise tk.ValidationError({"id": [tk._(
            "Dataset ini tidak sedang dimutakhirkan: tidak ada revisi terbuka."
        )]})
    return service.abandon(revision, _user(context))


@tk.side_effect_free
def satudata_revision_show(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """The open revision of a dataset, or the revision a draft belongs to
(also once it is closed and its draft deleted).

    Satu Data roles of the dataset's OPD and the regency-wide roles.

    :param id: id or name of the published dataset or of its draft
    :type id: string

    :returns: the revision (see ``satudata_revision_start``)
    :rtype: dictionary
    """
    data = validate(data_dict, schema.revision_package(), context)
    # A closed revision's draft is deleted; its revision stays readable.
    pkg = model.Package.get(data["id"])
    if pkg is None or (pkg.state == "deleted" and service.for_draft(pkg.id) is None):
        raise tk.ObjectNotFound(tk._("Dataset tidak ditemukan."))
    tk.check_access("satudata_revision_show", context, {"id": pkg.id})
    revision = _revision_of(pkg)
    if revision is None:
        raise tk.ObjectNotFound(tk._("Dataset ini tidak sedang dimutakhirkan."))
    return service.as_dict(revision)


@tk.side_effect_free
def satudata_revision_diff(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """What the open revision changes against the published dataset: the
    fields, the resources added, replaced and removed, and for each replaced
    table its rows added, removed and changed. Same access as
    ``satudata_revision_show``.

    :param id: id or name of the published dataset or of its draft
    :type id: string

    :returns: ``package`` (``fields``: ``field``, ``label``, ``old``,
        ``new``; ``resources``: ``kind`` ``ditambah``/``diganti``/
        ``dihapus``/``tetap``, ``name``, ``live_id``, ``draft_id``,
        ``file_changed``, ``fields``) and ``tables`` (draft resource id ->
        ``columns``, ``key``, ``added``, ``removed``, ``changed`` with their
        ``*_count``, ``unchanged_count``, ``notices``, ``error``)
    :rtype: dictionary
    """
    data = validate(data_dict, schema.revision_package(), context)
    pkg = _package(data["id"])
    tk.check_access("satudata_revision_diff", context, {"id": pkg.id})
    revision = _revision_of(pkg)
    if revision is None or revision.state != "open":
        raise tk.ObjectNotFound(tk._("Dataset ini tidak sedang dimutakhirkan."))
    return dataclasses.asdict(review.changes(revision))


@tk.side_effect_free
def satudata_version_list(
    context: Context, data_dict: DataDict
) -> list[dict[str, Any]]:
    """The published versions of a dataset, newest first.

    Version N is the dataset's N-th publication. Readable by whoever may
    read the dataset (``package_show``).

    :param id: id or name of the dataset
    :type id: string

    :returns: ``number``, ``published_at``, ``published_by``,
        ``approved_by``, ``approved_role``, ``approved_at``, ``revision``
        (whether a revision published it) and ``downloadable`` (ids of the
        resources whose file of that version is kept)
    :rtype: list of dictionaries
    """
    data = validate(data_dict, schema.version_list(), context)
    pkg = _package(data["id"])
    tk.check_access("satudata_version_list", context, {"id": pkg.id})
    return versions.as_dicts(versions.listed(pkg.id))


@tk.side_effect_free
def satudata_version_show(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """One version of a dataset with ``snapshot``: its ``package_show`` as
    published (``None`` for a version published before versions were
    kept). Same access as ``satudata_version_list``.

    :param id: id or name of the dataset
    :type id: string
    :param number: the version number
    :type number: integer

    :rtype: dictionary
    """
    data = validate(data_dict, schema.version_show(), context)
    pkg = _package(data["id"])
    tk.check_access("satudata_version_show", context, {"id": pkg.id})
    version = versions.get(pkg.id, data["number"])
    if version is None:
        raise tk.ObjectNotFound(tk._("Versi {number} tidak ada.").format(
            number=data["number"]))
    return versions.as_dict(version, with_snapshot=True)


@tk.chained_action
def package_delete(up_func: Action, context: Context, data_dict: DataDict) -> Any:
    """Deleting a revision's draft abandons the revision, so that the
    dataset can be updated again."""
    result = up_func(context, data_dict)
    pkg = model.Package.get(str(data_dict.get("id") or ""))
    revision = service.for_draft(pkg.id) if pkg is not None else None
    user = model.User.get(context.get("user") or "")
    if revision is not None and revision.state == "open" and user is not None:
        service.abandon(revision, user)
    return result

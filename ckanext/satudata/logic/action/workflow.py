"""The approval workflow's actions, and the CKAN routes it closes or filters.

The ``satudata_workflow_*`` actions validate their input, check access and
hand over to :mod:`ckanext.satudata.workflow.service` (show, transition),
:mod:`~ckanext.satudata.workflow.queue` ("Tugas saya") and
:mod:`~ckanext.satudata.workflow.notifications` (the digest).

The chained core actions adapt CKAN's write routes to
:mod:`ckanext.satudata.workflow.guards` (dataset writes, moving OPD, bulk
updates, group membership, purge) and its listings to
:mod:`~ckanext.satudata.workflow.listings` (tags and formats). The
publishing rule itself is held by the database; these give the reasons.
They bind sysadmins and background jobs too.
"""
from __future__ import annotations

from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.types import Action, Context, DataDict

from ckanext.satudata import upload_limit
from ckanext.satudata.logic import validate
from ckanext.satudata.logic.schema import workflow as schema
from ckanext.satudata.model.workflow import PurgedDataset
from ckanext.satudata.roles import membership
from ckanext.satudata.workflow import guards, listings, notifications, queue, service
from ckanext.satudata.workflow import state as wf_state
from ckanext.satudata.workflow.definition import configured


def _package(id_or_name: str) -> model.Package:
    pkg = model.Package.get(id_or_name)
    if pkg is None or pkg.state == "deleted":
        raise tk.ObjectNotFound(tk._("Dataset tidak ditemukan."))
    return pkg


def _user(context: Context) -> model.User | None:
    return model.User.get(context.get("user") or "")


@tk.side_effect_free
def satudata_workflow_show(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """The workflow state of a dataset and what the caller may do with it.

    Holders of a Satu Data role in the dataset's OPD, the regency-wide roles
    and sysadmins may call it.

    :param id: id or name of the dataset
    :type id: string

    :returns: ``workflow`` (definition name), ``state``, ``state_label``,
        ``public``, ``entered`` (ISO 8601, UTC), ``waiting_seconds``,
        ``time_standard_seconds``, ``overdue``, ``roles`` (the caller's Satu
        Data roles for this OPD), ``transitions`` (the transitions the caller
        may take now), ``options`` (every transition out of the state, each
        with ``allowed``, ``refusal`` and an Indonesian ``reason``),
        ``gate`` (the conformance gate's result when the caller may submit:
        ``passed``, ``problems``, ``template_id``, ``template_version``,
        ``report_ids``; otherwise ``None``), ``history`` (the events, oldest
        first), ``returned`` (the event that sent the dataset back, while
        it waits for the fix), ``checked`` (the passed check the current
        step rests on) and ``steps`` (time spent in each step against its
        standard)
    :rtype: dictionary
    """
    data = validate(data_dict, schema.workflow_package(), context)
    pkg = _package(data["id"])
    tk.check_access("satudata_workflow_show", context, {"id": pkg.id})
    return service.show(pkg, _user(context))


@tk.side_effect_free
def satudata_workflow_history(
    context: Context, data_dict: DataDict
) -> list[dict[str, Any]]:
    """The append-only event trail of a dataset, oldest first.

    Same access as ``satudata_workflow_show``. The history outlives the
    dataset: it stays readable after the dataset is deleted or purged.

    :param id: id or name of the dataset (the id, once it is purged)
    :type id: string

    :returns: events with ``transition``, ``from_state``, ``to_state`` (and
        their labels), ``user_id``, ``user_name``, ``role``, ``note``,
        ``checklist``, ``checklist_items`` (``key``, ``label``, ``ticked``
        in the definition's order), ``template_id``, ``template_version``,
        ``report_ids`` and ``created`` (ISO 8601, UTC)
    :rtype: list of dictionaries
    """
    data = validate(data_dict, schema.workflow_package(), context)
    pkg = model.Package.get(data["id"])
    package_id = pkg.id if pkg is not None else data["id"]
    if pkg is None and model.Session.get(PurgedDataset, package_id) is None:
        raise tk.ObjectNotFound(tk._("Dataset tidak ditemukan."))
    tk.check_access("satudata_workflow_history", context, {"id": package_id})
    definition = configured()
    return wf_state.event_dicts(wf_state.events(package_id), definition)


def satudata_workflow_transition(
    context: Context, data_dict: DataDict
) -> dict[str, Any]:
    """Take a workflow transition: the only way to change a dataset's state.

    The transition must leave the dataset's current state, the caller must
    hold its role in the dataset's OPD (or regency-wide), separation of
    duties must allow it, and a gated transition (``ajukan``) needs every
    data resource to pass the template conformance check. Entering the
    public state makes the dataset public; leaving it makes it private.

    It is atomic: of two requests racing on one dataset exactly one
    succeeds; the other gets a ValidationError naming the state the first
    one left, and only one event is recorded.

    :param id: id or name of the dataset
    :type id: string
    :param transition: name of the transition, e.g. ``ajukan``, ``sesuai``,
        ``tidak_sesuai``, ``setujui``, ``kembalikan``, ``terbitkan``, ``tarik``
    :type transition: string
    :param note: a note to the next person; required by transitions that
        return or withdraw a dataset
    :type note: string
    :param checklist: for transitions with a checklist, ``{item key:
        true/false}`` or a list of the ticked item keys. ``sesuai`` needs
        every item ticked; ``tidak_sesuai`` (a return with a checklist)
        needs at least one left unticked: the items that do not conform
    :type checklist: dictionary or list

    :returns: ``state``, ``state_label``, ``public`` and the recorded
        ``event``
    :rtype: dictionary
    """
    data = validate(
        data_dict, schema.workflow_transition(), context,
        takes_list=("checklist",))
    pkg = _package(data["id"])
    tk.check_access("satudata_workflow_transition", context, {"id": pkg.id})
    user = _user(context)
    assert user is not None  # the auth function refuses anonymous callers
    return service.transition(
        pkg, user, data["transition"], data.get("note"), data.get("checklist")
    )


@tk.side_effect_free
def satudata_workflow_queue(
    context: Context, data_dict: DataDict
) -> dict[str, Any]:
    """"Tugas saya": datasets waiting for an action of the caller.

    A dataset is in the caller's queue when it is in a step (any state but
    the public one) with a transition the caller may take: they hold its
    role in the dataset's OPD or regency-wide, and separation of duties does
    not exclude them. The conformance gate is not evaluated here; a draft
    whose data does not conform yet still waits for its producer.

    :param overdue_only: only items past their step's time standard
    :type overdue_only: boolean

    The template work of the Daftar Data rows is listed too, in
    ``template_tasks`` (see :mod:`ckanext.satudata.table_template.tasks`):
    each with ``kind`` (``template_belum_ada``,
    ``template_belum_diinformasikan``, ``template_baru``), ``label``,
    ``daftar_data`` (``id``, ``kode``, ``tahun``, ``nama_data``),
    ``owner_org``, ``template`` (``id``, ``name``, ``title``, ``version``;
    none for a row without one), ``since``, ``waiting_seconds``,
    ``time_standard_seconds`` and ``overdue``.

    :returns: ``count`` (datasets and template tasks) and ``results``
        (datasets), overdue items first, then the
        longest waiting; each with ``id``, ``name``, ``title``,
        ``organization`` (``id``, ``name``, ``title``), ``state``,
        ``state_label``, ``step``, ``entered``, ``waiting_seconds``,
        ``time_standard_seconds``, ``overdue`` and ``transitions`` (``name``
        and ``label`` of each transition open to the caller)
    :rtype: dictionary
    """
    tk.check_access("satudata_workflow_queue", context, data_dict)
    data = validate(data_dict, schema.workflow_queue(), context)
    user = _user(context)
    assert user is not None  # the auth function refuses anonymous callers
    return queue.tasks(user, bool(data.get("overdue_only")))


def satudata_workflow_remind(
    context: Context, data_dict: DataDict
) -> dict[str, Any]:
    """Email each person one digest of their items past the time standard.

    Meant for cron through ``ckan satudata remind``. Sysadmins only.

    :returns: ``sent``: user name -> number of overdue items in their email
    :rtype: dictionary
    """
    tk.check_access("satudata_workflow_remind", context, data_dict)
    return {"sent": notifications.send_reminders(configured())}


# Closing the other routes (the rules are in workflow/guards.py) -------------

@tk.chained_action
def package_create(
    up_func: Action, context: Context, data_dict: DataDict
) -> Any:
    """New datasets of an OPD start private, in the initial state. (And a
    file in ``resources`` above the upload limit is refused in Bahasa
    Indonesia, before CKAN's English refusal.)"""
    upload_limit.refuse_oversize_resources(data_dict)
    guards.check_dataset_write(data_dict, None)
    with guards.invariant_kept():
        return up_func(context, data_dict)


@tk.chained_action
def package_update(
    up_func: Action, context: Context, data_dict: DataDict
) -> Any:
    """No change of ``private`` or ``satudata_status`` outside a transition.
    (And a file in ``resources`` above the upload limit is refused in Bahasa
    Indonesia, before CKAN stores it or refuses it in English.)"""
    upload_limit.refuse_oversize_resources(data_dict)
    pkg = model.Package.get(str(data_dict.get("id") or data_dict.get("name") or ""))
    if pkg is not None:
        guards.check_dataset_write(data_dict, pkg)
    with guards.invariant_kept([pkg.id] if pkg is not None else []):
        return up_func(context, data_dict)


@tk.chained_action
def package_owner_org_update(
    up_func: Action, context: Context, data_dict: DataDict
) -> Any:
    """Moves no OPD dataset when called directly."""
    guards.check_owner_org_update(context, data_dict)
    return up_func(context, data_dict)


def _bulk(up_func: Action, context: Context, data_dict: DataDict, action: str) -> Any:
    guards.check_bulk(context, data_dict, action)
    with guards.invariant_kept(data_dict["datasets"]):
        return up_func(context, data_dict)


@tk.chained_action
def bulk_update_public(
    up_func: Action, context: Context, data_dict: DataDict
) -> Any:
    """Refused for any dataset that is not public already."""
    return _bulk(up_func, context, data_dict, "public")


@tk.chained_action
def bulk_update_private(
    up_func: Action, context: Context, data_dict: DataDict
) -> Any:
    """Refused for any dataset that is not private already."""
    return _bulk(up_func, context, data_dict, "private")


@tk.chained_action
def bulk_update_delete(
    up_func: Action, context: Context, data_dict: DataDict
) -> Any:
    """Refused for datasets the caller may not delete in their state."""
    return _bulk(up_func, context, data_dict, "delete")


@tk.chained_action
def member_create(up_func: Action, context: Context, data_dict: DataDict) -> Any:
    """A dataset of an OPD joins a group only by its OPD's roles or the
    Walidata, and not while under review."""
    guards.check_group_membership(context, data_dict)
    return up_func(context, data_dict)


@tk.chained_action
def member_delete(up_func: Action, context: Context, data_dict: DataDict) -> Any:
    """A dataset leaves a group as ``member_create`` says; a user removed
    from an OPD loses their explicit Satu Data roles there."""
    guards.check_group_membership(context, data_dict)
    result = up_func(context, data_dict)
    org = model.Group.get(str(data_dict.get("id") or ""))
    user = model.User.get(str(data_dict.get("object") or ""))
    if (data_dict.get("object_type") == "user" and org is not None
            and org.is_organization and user is not None):
        membership.drop_roles_without_membership(user.id, org.id)
    return result


@tk.chained_action
def group_update(up_func: Action, context: Context, data_dict: DataDict) -> Any:
    """The datasets a group edit adds or removes follow ``member_create``."""
    guards.check_group_packages(context, data_dict)
    return up_func(context, data_dict)


@tk.chained_action
def dataset_purge(up_func: Action, context: Context, data_dict: DataDict) -> Any:
    """The workflow history and what the report needs outlive the dataset."""
    guards.record_purge(context, data_dict)
    return up_func(context, data_dict)


def _free_tags(data_dict: DataDict) -> bool:
    return "vocabulary_id" not in data_dict


@tk.chained_action
@tk.side_effect_free
def tag_list(up_func: Action, context: Context, data_dict: DataDict) -> Any:
    """Free tags of the datasets the caller may see."""
    tags = up_func(context, data_dict)
    if not _free_tags(data_dict):
        return tags
    visible = listings.visible_tags(context)
    return [t for t in tags if listings.tag_name(t) in visible]


@tk.chained_action
@tk.side_effect_free
def tag_search(up_func: Action, context: Context, data_dict: DataDict) -> Any:
    """As ``tag_list``, with ``count``, ``limit`` and ``offset`` over what
    the caller may see."""
    if not _free_tags(data_dict):
        return up_func(context, data_dict)
    found = up_func(context, _unpaged(data_dict))
    visible = listings.visible_tags(context)
    results = [t for t in found["results"] if listings.tag_name(t) in visible]
    return {"count": len(results), "results": _page(results, data_dict)}


@tk.chained_action
@tk.side_effect_free
def tag_autocomplete(up_func: Action, context: Context, data_dict: DataDict) -> Any:
    """Tag names of the datasets the caller may see."""
    if not _free_tags(data_dict):
        return up_func(context, data_dict)
    names = up_func(context, _unpaged(data_dict))
    visible = listings.visible_tags(context)
    return _page([n for n in names if n in visible], data_dict)


@tk.chained_action
@tk.side_effect_free
def format_autocomplete(
    up_func: Action, context: Context, data_dict: DataDict
) -> Any:
    """Resource formats of the datasets the caller may see."""
    if not isinstance(data_dict.get("q"), str):
        # CKAN reads data_dict["q"] unchecked.
        raise tk.ValidationError({"q": [tk._("Kata yang dicari wajib diisi.")]})
    # CKAN counts formats over every active resource; ask for all of them.
    formats = up_func(context, {**data_dict, "limit": None})
    visible = listings.visible_formats(context)
    return _page([f for f in formats if f.lower() in visible],
                 {"limit": data_dict.get("limit", 5)})


def _unpaged(data_dict: DataDict) -> DataDict:
    return {k: v for k, v in data_dict.items() if k not in ("limit", "offset")}


def _page(items: list[Any], data_dict: DataDict) -> list[Any]:
    """``offset`` and ``limit`` applied after filtering; values that are not
    whole numbers count as absent."""
    def number(key: str) -> int | None:
        try:
            value = int(data_dict.get(key))
        except (TypeError, ValueError):
            return None
        return value if value >= 0 else None

    offset = number("offset") or 0
    limit = number("limit")
    return items[offset:None if limit is None else offset + limit]

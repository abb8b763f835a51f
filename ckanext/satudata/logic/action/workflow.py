"""The approval workflow's actions, and the CKAN write routes it closes.

``satudata_workflow_transition`` is the only way to change a dataset's
workflow state and its ``private`` flag. The chained core actions below
refuse every other way:

* ``package_create`` makes a dataset of an OPD private (it starts in the
  definition's initial state) and refuses ``private=False``;
* ``package_update`` (and so ``package_patch``, ``package_revise`` and the
  dataset form) refuses a change of ``private``, of ``satudata_status`` or
  of the approval provenance fields (:mod:`ckanext.satudata.workflow.provenance`),
  and moving the dataset to another OPD while it is under review, approved
  or published (``package_owner_org_update`` called directly moves no
  dataset of an OPD: its Daftar Data row must be checked too);
  sending back the values a ``package_show`` returned is accepted, so
  read-modify-write clients keep working;
* ``bulk_update_public`` and ``bulk_update_private`` refuse to change the
  visibility of any dataset (on CKAN 2.11 they write SQL directly, past
  every hook), and ``bulk_update_delete`` refuses datasets the caller may not
  delete (see :mod:`ckanext.satudata.workflow.policy`). They raise
  NotAuthorized; the organization's bulk page no longer offers making
  datasets public or private, and a crafted request gets the reason
  (``views/workflow.py``).

These rules hold for sysadmins and for background jobs (which run as the
site user, a sysadmin) too.
"""
from __future__ import annotations

import datetime
import logging
from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.lib import search
from ckan.types import Action, Context, DataDict

from ckanext.satudata import roles as satudata_roles
from ckanext.satudata.logic import validate
from ckanext.satudata.logic.schema import workflow as schema
from ckanext.satudata.workflow import (
    activity,
    engine,
    notifications,
    policy,
    provenance,
)
from ckanext.satudata.workflow import state as wf_state
from ckanext.satudata.workflow.definition import Definition, Transition, configured

log = logging.getLogger(__name__)


def _package(id_or_name: str) -> model.Package:
    pkg = model.Package.get(id_or_name)
    if pkg is None or pkg.state == "deleted":
        raise tk.ObjectNotFound(tk._("Dataset tidak ditemukan."))
    return pkg


def _user(context: Context) -> model.User | None:
    return model.User.get(context.get("user") or "")


def _seconds(delta: datetime.timedelta | None) -> int | None:
    return None if delta is None else int(delta.total_seconds())


def _separation_of_duties() -> bool:
    return tk.config.get("ckanext.satudata.separation_of_duties")


def _gate(package_id: str) -> Any:
    # Imported when needed: the gate runs the conformance checker.
    from ckanext.satudata.checks import gate

    return gate.submission_gate(package_id)


def _facts(
    pkg: model.Package,
    user: model.User | None,
    gate_result: Any = None,
) -> engine.Facts:
    return engine.Facts(
        user_id=user.id if user else None,
        last_actors=wf_state.last_actors(pkg.id),
        separation_of_duties=_separation_of_duties(),
        gate_passed=gate_result.passed if gate_result is not None else None,
        gate_problems=tuple(gate_result.problems) if gate_result is not None else (),
        dataset_active=pkg.state == "active",
    )


def _step(
    definition: Definition,
    state: str,
    entered: datetime.datetime,
    left: datetime.datetime | None,
    now: datetime.datetime,
) -> dict[str, Any]:
    known = definition.states.get(state)
    standard = known.time_standard if known else None
    spent = (left or now) - entered
    return {
        "state": state,
        "state_label": definition.state_label(state),
        "step": known.step if known else "",
        "entered": entered.isoformat(),
        "left": left.isoformat() if left else None,
        "seconds": _seconds(spent),
        "time_standard_seconds": _seconds(standard),
        "overdue": bool(standard is not None and spent > standard),
    }


def _timeline(
    definition: Definition,
    pkg: model.Package,
    events: list[Any],
    current: wf_state.Current,
) -> list[dict[str, Any]]:
    """Time spent in each step so far, against the step's time standard."""
    now = datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)
    steps = []
    entered = pkg.metadata_created or current.entered
    for event in events:
        steps.append(_step(definition, event.from_state, entered, event.created, now))
        entered = event.created
    if definition.is_public(current.state):
        # Published is the resting state, not a step with a deadline.
        steps.append(_step(definition, current.state, current.entered, None, now)
                     | {"overdue": False})
    else:
        steps.append(_step(definition, current.state, current.entered, None, now))
    return steps


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
        first) and ``steps`` (time spent in each step against its standard)
    :rtype: dictionary
    """
    data = validate(data_dict, schema.workflow_package(), context)
    pkg = _package(data["id"])
    tk.check_access("satudata_workflow_show", context, {"id": pkg.id})
    definition = configured()
    user = _user(context)
    current = wf_state.current(pkg, definition)
    roles = (
        satudata_roles.user_roles(user, pkg.owner_org) if pkg.owner_org else frozenset()
    )
    gate_result = None
    if pkg.state == "active" and engine.needs_gate(definition, current.state, roles):
        gate_result = _gate(pkg.id)
    options = engine.options(
        definition, current.state, roles, _facts(pkg, user, gate_result)
    )
    events = wf_state.events(pkg.id)
    steps = _timeline(definition, pkg, events, current)
    return {
        "id": pkg.id,
        "name": pkg.name,
        "workflow": definition.name,
        "workflow_title": definition.title,
        "state": current.state,
        "state_label": definition.state_label(current.state),
        "public": definition.is_public(current.state),
        "entered": current.entered.isoformat(),
        "waiting_seconds": steps[-1]["seconds"],
        "time_standard_seconds": steps[-1]["time_standard_seconds"],
        "overdue": steps[-1]["overdue"],
        "roles": sorted(roles),
        "transitions": [o.as_dict() for o in options if o.allowed],
        "options": [o.as_dict() for o in options],
        "gate": _gate_dict(gate_result),
        "history": [wf_state.event_dict(e, definition) for e in events],
        "steps": steps,
    }


def _gate_dict(result: Any) -> dict[str, Any] | None:
    if result is None:
        return None
    return {
        "passed": bool(result.passed),
        "problems": list(result.problems),
        "template_id": result.template_id,
        "template_version": result.template_version,
        "report_ids": list(result.report_ids),
    }


@tk.side_effect_free
def satudata_workflow_history(
    context: Context, data_dict: DataDict
) -> list[dict[str, Any]]:
    """The append-only event trail of a dataset, oldest first.

    Same access as ``satudata_workflow_show``.

    :param id: id or name of the dataset
    :type id: string

    :returns: events with ``transition``, ``from_state``, ``to_state`` (and
        their labels), ``user_id``, ``user_name``, ``role``, ``note``,
        ``checklist``, ``template_id``, ``template_version``, ``report_ids``
        and ``created`` (ISO 8601, UTC)
    :rtype: list of dictionaries
    """
    data = validate(data_dict, schema.workflow_package(), context)
    pkg = _package(data["id"])
    tk.check_access("satudata_workflow_history", context, {"id": pkg.id})
    definition = configured()
    return [wf_state.event_dict(e, definition) for e in wf_state.events(pkg.id)]


def _checklist(transition: Transition, raw: Any) -> dict[str, bool] | None:
    """The checklist as {item key: ticked}, or ValidationError."""
    if not transition.checklist:
        if raw:
            raise tk.ValidationError({"checklist": [tk._(
                "«{action}» tidak memakai daftar periksa."
            ).format(action=transition.label)]})
        return None
    keys = [item.key for item in transition.checklist]
    if raw in (None, ""):
        ticked: set[str] = set()
    elif isinstance(raw, dict):
        ticked = {k for k, v in raw.items() if tk.asbool(v)}
        unknown = set(raw) - set(keys)
    elif isinstance(raw, (list, tuple, str)):
        ticked = {raw} if isinstance(raw, str) else {str(k) for k in raw}
        unknown = ticked - set(keys)
    else:
        raise tk.ValidationError({"checklist": [tk._(
            "Daftar periksa harus berupa objek {butir: true/false} atau daftar"
            " butir yang dicentang."
        )]})
    if raw not in (None, "") and unknown:
        raise tk.ValidationError({"checklist": [tk._(
            "Butir daftar periksa tidak dikenal: {items}."
        ).format(items=", ".join(sorted(unknown)))]})
    if transition.checklist_complete and ticked != set(keys):
        missing = [i.label for i in transition.checklist if i.key not in ticked]
        raise tk.ValidationError({"checklist": [tk._(
            "Semua butir pemeriksaan harus dicentang untuk «{action}». Belum:"
            " {items}. Jika ada yang tidak sesuai, kembalikan dataset ke"
            " Produsen Data."
        ).format(action=transition.label, items="; ".join(missing))]})
    return {key: key in ticked for key in keys}


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
        true/false}`` or a list of the ticked item keys
    :type checklist: dictionary or list

    :returns: ``state``, ``state_label``, ``public`` and the recorded
        ``event``
    :rtype: dictionary
    """
    data = validate(data_dict, schema.workflow_transition(), context)
    pkg = _package(data["id"])
    tk.check_access("satudata_workflow_transition", context, {"id": pkg.id})
    if not pkg.owner_org:
        raise tk.ValidationError({"id": [tk._(
            "Dataset tanpa OPD tidak mengikuti alur kerja Satu Data."
        )]})
    definition = configured()
    transition = definition.transitions.get(data["transition"])
    if transition is None:
        raise tk.ValidationError({"transition": [tk._(
            "Aksi «{name}» tidak ada dalam alur kerja ini. Aksi yang ada: {names}."
        ).format(name=data["transition"], names=", ".join(definition.transitions))]})

    user = _user(context)
    assert user is not None  # the auth function refuses anonymous callers
    current = wf_state.current(pkg, definition)
    if current.state not in transition.sources:
        raise tk.ValidationError({"transition": [_wrong_state(
            definition, transition, current.state
        )]})

    roles = satudata_roles.user_roles(user, pkg.owner_org)
    gate_result = None
    if transition.gate and transition.role in roles and pkg.state == "active":
        gate_result = _gate(pkg.id)
    option = next(
        o for o in engine.options(
            definition, current.state, roles, _facts(pkg, user, gate_result)
        )
        if o.transition.name == transition.name
    )
    if not option.allowed:
        if option.code == "gate":
            problems = list(gate_result.problems) if gate_result else []
            raise tk.ValidationError({"gate": [option.reason or ""]
                                      if not problems else
                                      [_gate_refusal()] + problems})
        if option.code == "inactive":
            raise tk.ValidationError({"id": [option.reason or ""]})
        raise tk.NotAuthorized(option.reason)

    note = data.get("note") or None
    if transition.note == "required" and not note:
        raise tk.ValidationError({"note": [tk._(
            "Catatan wajib diisi untuk «{action}»: jelaskan apa yang harus"
            " diperbaiki."
        ).format(action=transition.label)]})
    checklist = _checklist(transition, data.get("checklist"))

    try:
        event = wf_state.apply(
            definition,
            pkg,
            transition,
            current,
            user.id,
            note=note,
            checklist=checklist,
            template_id=gate_result.template_id if gate_result else None,
            template_version=gate_result.template_version if gate_result else None,
            report_ids=list(gate_result.report_ids) if gate_result else None,
        )
    except wf_state.Conflict as conflict:
        raise tk.ValidationError({"transition": [tk._(
            "«{action}» gagal: status dataset baru saja diubah orang lain"
            " menjadi «{state}». Muat ulang halaman untuk melihat keadaan"
            " terbaru."
        ).format(
            action=transition.label,
            state=definition.state_label(conflict.current.state),
        )]}) from None

    _after_transition(definition, pkg, transition, event, user)
    return {
        "id": pkg.id,
        "state": transition.target,
        "state_label": definition.state_label(transition.target),
        "public": definition.is_public(transition.target),
        "event": wf_state.event_dict(event, definition),
    }


def _gate_refusal() -> str:
    return tk._(
        "Data belum dapat diajukan: belum semua sumber data sesuai dengan"
        " format tabel (template)."
    )


def _wrong_state(definition: Definition, transition: Transition, state: str) -> str:
    return tk._(
        "«{action}» tidak dapat dilakukan pada dataset berstatus «{state}»;"
        " hanya dari status {sources}."
    ).format(
        action=transition.label,
        state=definition.state_label(state),
        sources=", ".join(
            f"«{definition.state_label(s)}»" for s in transition.sources
        ),
    )


def _after_transition(
    definition: Definition,
    pkg: model.Package,
    transition: Transition,
    event: Any,
    user: model.User,
) -> None:
    """Index, activity and the emails' job. The transition is already
    committed, so a failure here is logged, not raised: the state must not
    look unchanged."""
    try:
        search.rebuild(pkg.id)
    except Exception:
        log.exception("Could not reindex dataset %s after a transition", pkg.id)
    try:
        activity.record(definition, pkg, transition, event, user)
    except Exception:
        log.exception("Could not record the activity of transition %s", event.id)
    try:
        notifications.enqueue_transition_emails(event)
    except Exception:
        log.exception("Could not queue the emails of transition %s", event.id)


def _search_clauses(
    definition: Definition, user: model.User
) -> list[str]:
    """Solr clauses for the datasets waiting in a step the user acts in."""
    regency = satudata_roles.user_roles(user) & set(satudata_roles.REGENCY_ROLES)
    orgs = {
        role: satudata_roles.organizations_for_role(user, role)
        for role in satudata_roles.OPD_ROLES
    }
    clauses = []
    for state in definition.states:
        if definition.is_public(state):
            continue
        acting = {t.role for t in definition.outgoing(state)}
        if acting & regency:
            clauses.append(f'satudata_status:"{state}"')
            continue
        in_orgs = sorted({o for role in acting if role in orgs for o in orgs[role]})
        if in_orgs:
            quoted = " OR ".join(f'"{o}"' for o in in_orgs)
            clauses.append(f'(satudata_status:"{state}" AND owner_org:({quoted}))')
    return clauses


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

    :returns: ``count`` and ``results``, overdue items first, then the
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
    definition = configured()
    clauses = _search_clauses(definition, user)
    if not clauses:
        return {"count": 0, "results": []}
    found = tk.get_action("package_search")(
        {"user": user.name},
        {
            # CKAN prepends "+permission_labels:(...)" to fq: without the
            # "+( )" our clauses would only be optional next to that one.
            "fq": "+(" + " OR ".join(clauses) + ")",
            "include_private": True,
            "rows": 1000,
            "sort": "metadata_modified asc",
        },
    )["results"]
    found = [d for d in found if model.Package.get(d["id"]) is not None]
    packages = [model.Package.get(d["id"]) for d in found]
    states = wf_state.current_many(packages, definition)
    now = datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)
    results = []
    for pkg, shown in zip(packages, found, strict=True):
        current = states[pkg.id]
        if definition.is_public(current.state):
            continue  # published is the resting state, not a task
        roles = satudata_roles.user_roles(user, pkg.owner_org)
        facts = _facts(pkg, user)
        open_ = [
            o.transition
            for o in engine.options(definition, current.state, roles, facts)
            if o.allowed or o.code == "gate"
        ]
        if not open_:
            continue
        step = _step(definition, current.state, current.entered, None, now)
        if data.get("overdue_only") and not step["overdue"]:
            continue
        org = shown.get("organization") or {}
        results.append({
            "id": pkg.id,
            "name": pkg.name,
            "title": pkg.title or pkg.name,
            "organization": {
                "id": pkg.owner_org,
                "name": org.get("name"),
                "title": org.get("title"),
            },
            "state": current.state,
            "state_label": step["state_label"],
            "step": step["step"],
            "entered": step["entered"],
            "waiting_seconds": step["seconds"],
            "time_standard_seconds": step["time_standard_seconds"],
            "overdue": step["overdue"],
            "transitions": [{"name": t.name, "label": t.label} for t in open_],
        })
    results.sort(key=lambda r: (not r["overdue"], -r["waiting_seconds"]))
    return {"count": len(results), "results": results}


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


# Closing the other routes -----------------------------------------------------

def _refusal_status() -> str:
    return tk._(
        "Status alur kerja hanya dapat diubah dengan aksi alur kerja"
        " (satudata_workflow_transition), bukan dengan menyunting dataset."
    )


def _refusal_provenance() -> str:
    return tk._(
        "Riwayat persetujuan dataset dicatat oleh alur kerja dan tidak dapat"
        " diubah dengan menyunting dataset."
    )


def _guard_provenance(
    data_dict: DataDict, pkg: model.Package | None, definition: Definition,
    errors: dict[str, list[str]], mirrored: dict[str, Any],
) -> None:
    sent = [(f, mirrored[f]) for f in provenance.FIELDS if f in mirrored]
    sent += [(f, data_dict.pop(f)) for f in provenance.FIELDS if f in data_dict]
    if not sent:
        return
    now: dict[str, str] = {}
    if pkg is not None and wf_state.current(pkg, definition).state == (
        definition.public_state
    ):
        now = provenance.for_packages([(pkg.id, pkg.owner_org)], definition)[pkg.id]
    for field, value in sent:
        if value not in (None, "") and str(value) != now.get(field):
            errors[field] = [_refusal_provenance()]


def _guard_move(
    pkg: model.Package, target: Any, errors: dict[str, list[str]]
) -> None:
    """Refuse moving ``pkg`` to the organization ``target`` (name or id)
    while the workflow forbids it."""
    group = model.Group.get(str(target)) if target else None
    if (group.id if group else target or None) == pkg.owner_org:
        return
    reason = policy.move_refusal(pkg)
    if reason is not None:
        errors["owner_org"] = [reason]


def _guard_write(data_dict: DataDict, pkg: model.Package | None) -> None:
    """Refuse a create/update that would change ``private``, the state or
    the approval provenance."""
    definition = configured()
    errors: dict[str, list[str]] = {}
    if pkg is not None:
        owned = bool(pkg.owner_org)
        now_state = wf_state.current(pkg, definition).state
        now_private = pkg.private
    else:
        owned = bool(data_dict.get("owner_org"))
        now_state = definition.initial_state
        now_private = True
    if pkg is not None and owned and "owner_org" in data_dict:
        _guard_move(pkg, data_dict["owner_org"], errors)
    mirrored = provenance.strip_extras(data_dict)
    sent = [data_dict.pop("satudata_status", None), mirrored.get("satudata_status")]
    if any(value not in (None, "", now_state) for value in sent):
        errors["satudata_status"] = [_refusal_status()]
    _guard_provenance(data_dict, pkg, definition, errors, mirrored)
    if owned:
        if "private" in data_dict:
            try:
                wanted = tk.asbool(data_dict["private"])
            except ValueError:
                wanted = now_private  # CKAN's own validator explains it
            if wanted != now_private:
                errors["private"] = [policy.visibility_refusal()]
        elif pkg is None:
            data_dict["private"] = True
    if errors:
        raise tk.ValidationError(errors)


@tk.chained_action
def package_create(
    up_func: Action, context: Context, data_dict: DataDict
) -> Any:
    """New datasets of an OPD start private, in the initial state."""
    _guard_write(data_dict, None)
    return up_func(context, data_dict)


@tk.chained_action
def package_update(
    up_func: Action, context: Context, data_dict: DataDict
) -> Any:
    """No change of ``private`` or ``satudata_status`` outside a transition."""
    pkg = model.Package.get(data_dict.get("id") or data_dict.get("name") or "")
    if pkg is not None:
        _guard_write(data_dict, pkg)
    return up_func(context, data_dict)


@tk.chained_action
def package_owner_org_update(
    up_func: Action, context: Context, data_dict: DataDict
) -> Any:
    """Called directly (package_create/update call it internally, with
    ``ignore_auth``, after their own guard), it would move an OPD's dataset
    past the validation that its Daftar Data row belongs to the new OPD,
    so a move goes through package_update/patch instead."""
    pkg = model.Package.get(data_dict.get("id") or "")
    if pkg is not None and pkg.owner_org and not context.get("ignore_auth"):
        target = data_dict.get("organization_id")
        group = model.Group.get(str(target)) if target else None
        if (group.id if group else None) != pkg.owner_org:
            raise tk.ValidationError({"organization_id": [
                policy.move_refusal(pkg) or tk._(
                    "Pindahkan dataset ke OPD lain dengan menyunting datasetnya"
                    " (owner_org bersama daftar_data_id milik OPD tujuan), agar"
                    " baris Daftar Data-nya ikut diperiksa."
                )
            ]})
    return up_func(context, data_dict)


def _bulk_refusal(context: Context, data_dict: DataDict, action: str) -> None:
    ids = data_dict.get("datasets")
    reason = policy.bulk_refusal(
        context.get("user"), action, data_dict.get("org_id") or "",
        ids if isinstance(ids, list) else [],
    )
    if reason:
        raise tk.NotAuthorized(reason)


@tk.chained_action
def bulk_update_public(
    up_func: Action, context: Context, data_dict: DataDict
) -> Any:
    """Refused for any dataset that is not public already."""
    _bulk_refusal(context, data_dict, "public")
    return up_func(context, data_dict)


@tk.chained_action
def bulk_update_private(
    up_func: Action, context: Context, data_dict: DataDict
) -> Any:
    """Refused for any dataset that is not private already."""
    _bulk_refusal(context, data_dict, "private")
    return up_func(context, data_dict)


@tk.chained_action
def bulk_update_delete(
    up_func: Action, context: Context, data_dict: DataDict
) -> Any:
    """Refused for datasets the caller may not delete in their state."""
    _bulk_refusal(context, data_dict, "delete")
    return up_func(context, data_dict)

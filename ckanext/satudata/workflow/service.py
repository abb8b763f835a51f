"""A dataset's workflow as the actions serve it: its standing, and taking a
transition.

:func:`transition` is the one way a state changes. It asks
:func:`engine.option_for` whether the user may take the transition now
(state, role, separation of duties, the conformance gate), checks the note
and the checklist, applies it atomically (:func:`state.apply`) and then
reindexes, records the activity and queues the emails. The actions in
:mod:`ckanext.satudata.logic.action.workflow` validate input, check access
and call these.
"""
from __future__ import annotations

import logging
from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.lib import search

from ckanext.satudata import roles as satudata_roles
from ckanext.satudata.checks import gate
from ckanext.satudata.revision import service as revision_service
from ckanext.satudata.revision import versions

from . import activity, engine, notifications, signals, timing
from . import state as wf_state
from .definition import Definition, Transition, configured

__all__ = ["parse_checklist", "show", "transition"]

log = logging.getLogger(__name__)


def facts(
    pkg: model.Package,
    user: model.User | None,
    definition: Definition,
    gate_result: gate.GateResult | None = None,
    submission: tuple[tuple[str, str], ...] | None = None,
) -> engine.Facts:
    """``submission``: the dataset's current submission when the caller
    read it already (:func:`wf_state.submissions_many`)."""
    return engine.Facts(
        user_id=user.id if user else None,
        submission=(
            wf_state.submission(pkg.id, definition)
            if submission is None else submission
        ),
        separation_of_duties=tk.config.get("ckanext.satudata.separation_of_duties"),
        gate_passed=gate_result.passed if gate_result is not None else None,
        gate_problems=tuple(gate_result.problems) if gate_result is not None else (),
        dataset_active=pkg.state == "active",
    )


def show(pkg: model.Package, user: model.User | None) -> dict[str, Any]:
    """The state, what ``user`` may do with it, the history and the steps.

    ``returned`` is the event that sent the dataset back to its producer
    while it waits for the fix (who, when, the note, the checklist);
    ``checked`` is the passed check the current step rests on, with the
    items the checker ticked. Each is ``None`` otherwise.
    """
    definition = configured()
    current = wf_state.current(pkg, definition)
    roles = (
        satudata_roles.user_roles(user, pkg.owner_org) if pkg.owner_org else frozenset()
    )
    gate_result: gate.GateResult | None = None
    if pkg.state == "active" and engine.needs_gate(definition, current.state, roles):
        gate_result = gate.submission_gate(pkg.id)
    options = engine.options(
        definition, current.state, roles, facts(pkg, user, definition, gate_result)
    )
    events = wf_state.events(pkg.id)
    steps = timing.timeline(definition, pkg.metadata_created, events, current)
    history = wf_state.event_dicts(events, definition)
    last = _entering(definition, events, history, current.state)
    returned = last if last and last["returns"] else None
    checked = last if last and not returned and last["checklist_items"] else None
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
        "gate": gate_result.as_dict() if gate_result else None,
        "history": history,
        "returned": returned,
        "checked": checked,
        "steps": steps,
    }


def _entering(
    definition: Definition,
    events: list[Any],
    history: list[dict[str, Any]],
    state: str,
) -> dict[str, Any] | None:
    """The event that brought the dataset into its current ``state``, with
    whether it sent the dataset back: the page shows a return's reason on
    top and a passed check's checklist to the approver."""
    if not events or events[-1].to_state != state:
        return None
    transition = definition.transitions.get(events[-1].transition)
    return history[-1] | {"returns": bool(transition and transition.returns)}


def parse_checklist(transition: Transition, raw: Any) -> dict[str, bool] | None:
    """The checklist as {item key: ticked}, or ValidationError.

    A transition with ``checklist_complete`` needs every item ticked; one
    that returns the dataset needs at least one left unticked
    (:attr:`Transition.checklist_needs_unticked`), so the form and the API
    both refuse an "all conforms" verdict that sends the data back.
    """
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
        ticked = {k for k, v in raw.items() if _ticked(v)}
        unknown = set(raw) - set(keys)
    elif isinstance(raw, list | tuple | str):
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
    if transition.checklist_needs_unticked and ticked == set(keys):
        raise tk.ValidationError({"checklist": [tk._(
            "Semua butir pemeriksaan dicentang (sesuai), padahal «{action}»"
            " mengembalikan dataset karena ada yang tidak sesuai. Hapus"
            " centang pada butir yang tidak sesuai agar Produsen Data tahu"
            " apa yang harus diperbaiki."
        ).format(action=transition.label)]})
    return {key: key in ticked for key in keys}


def _ticked(value: Any) -> bool:
    """A checklist value as ticked or not; only clear yeses count."""
    if isinstance(value, bool):
        return value
    return isinstance(value, str | int) and str(value).strip().lower() in (
        "true", "yes", "y", "t", "1", "on", "ya"
    )


def transition(
    pkg: model.Package,
    user: model.User,
    name: str,
    note: str | None = None,
    checklist: Any = None,
) -> dict[str, Any]:
    """Take the transition ``name`` on ``pkg`` as ``user``; see the module."""
    if not pkg.owner_org:
        raise tk.ValidationError({"id": [tk._(
            "Dataset tanpa OPD tidak mengikuti alur kerja Satu Data."
        )]})
    definition = configured()
    chosen = definition.transitions.get(name)
    if chosen is None:
        raise tk.ValidationError({"transition": [tk._(
            "Aksi «{name}» tidak ada dalam alur kerja ini. Aksi yang ada: {names}."
        ).format(name=name, names=", ".join(definition.transitions))]})

    current = wf_state.current(pkg, definition)
    roles = satudata_roles.user_roles(user, pkg.owner_org)
    gate_result: gate.GateResult | None = None
    if (chosen.gate and chosen.role in roles and pkg.state == "active"
            and current.state in chosen.sources):
        gate_result = gate.submission_gate(pkg.id)
    option = engine.option_for(
        definition, current.state, chosen, roles,
        facts(pkg, user, definition, gate_result),
    )
    if not option.allowed:
        _refuse(option, gate_result)

    note = note or None
    if chosen.note == "required" and not note:
        raise tk.ValidationError({"note": [tk._(
            "Catatan wajib diisi untuk «{action}»: jelaskan apa yang harus"
            " diperbaiki."
        ).format(action=chosen.label)]})
    ticked = parse_checklist(chosen, checklist)

    revision = (
        revision_service.for_draft(pkg.id)
        if chosen.target == definition.public_state else None
    )
    if revision is not None:
        return _publish_revision(definition, pkg, revision, chosen, current,
                                 user, note)

    try:
        event = wf_state.apply(
            definition, pkg, chosen, current, user.id,
            note=note,
            checklist=ticked,
            template_id=gate_result.template_id if gate_result else None,
            template_version=gate_result.template_version if gate_result else None,
            report_ids=list(gate_result.report_ids) if gate_result else None,
        )
    except wf_state.Conflict as conflict:
        raise _conflict(definition, chosen, conflict) from None

    _versions_after(definition, pkg, current, chosen, event, user)
    _after(definition, pkg, chosen, event, user)
    return {
        "id": pkg.id,
        "state": chosen.target,
        "state_label": definition.state_label(chosen.target),
        "public": definition.is_public(chosen.target),
        "event": wf_state.event_dict(event, definition),
    }


def _conflict(
    definition: Definition, chosen: Transition, conflict: wf_state.Conflict
) -> tk.ValidationError:
    return tk.ValidationError({"transition": [tk._(
        "«{action}» gagal: status dataset baru saja diubah orang lain"
        " menjadi «{state}». Muat ulang halaman untuk melihat keadaan"
        " terbaru."
    ).format(
        action=chosen.label,
        state=definition.state_label(conflict.current.state),
    )]})


def _publish_revision(
    definition: Definition,
    draft: model.Package,
    revision: Any,
    chosen: Transition,
    current: wf_state.Current,
    user: model.User,
    note: str | None,
) -> dict[str, Any]:
    """The publishing transition of a revision draft: the draft is applied
    to the live dataset, which stays public (:mod:`ckanext.satudata.revision`)."""
    try:
        live, event = revision_service.publish(
            draft, revision, chosen, current, user, note
        )
    except wf_state.Conflict as conflict:
        raise _conflict(definition, chosen, conflict) from None
    revision_service.unindex(draft.id)
    _after(definition, live, chosen, event, user)
    return {
        "id": live.id,
        "state": definition.public_state,
        "state_label": definition.state_label(definition.public_state),
        "public": True,
        "event": wf_state.event_dict(event, definition),
        "revision": revision_service.as_dict(revision),
    }


def _versions_after(
    definition: Definition,
    pkg: model.Package,
    before: wf_state.Current,
    chosen: Transition,
    event: Any,
    user: model.User,
) -> None:
    """A publication is a new version; a withdrawal abandons the open
    revision. The transition is committed already, so a failure is logged."""
    try:
        if chosen.target == definition.public_state:
            versions.record(pkg, event, definition)
            model.Session.commit()
        elif definition.is_public(before.state):
            revision_service.close_on_withdrawal(pkg, user)
    except Exception:
        model.Session.rollback()
        log.exception("Could not record the version or revision after %s", event.id)


def _refuse(option: engine.Option, gate_result: gate.GateResult | None) -> None:
    if option.code == "gate":
        problems = list(gate_result.problems) if gate_result else []
        raise tk.ValidationError({"gate": [option.reason or ""] if not problems
                                  else [_gate_refusal()] + problems})
    if option.code == "inactive":
        raise tk.ValidationError({"id": [option.reason or ""]})
    if option.code == "state":
        raise tk.ValidationError({"transition": [option.reason or ""]})
    raise tk.NotAuthorized(option.reason)


def _gate_refusal() -> str:
    return tk._(
        "Data belum dapat diajukan: belum semua sumber data sesuai dengan"
        " format tabel (template)."
    )


def _after(
    definition: Definition,
    pkg: model.Package,
    transition: Transition,
    event: Any,
    user: model.User,
) -> None:
    """Index, activity, the emails' job and the transition's signal. The
    transition is already committed, so a failure here is logged, not
    raised: the state must not look unchanged."""
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
    try:
        signals.transition_applied.send(
            pkg.id, event=event, public=definition.is_public(event.to_state),
            was_public=definition.is_public(event.from_state))
    except Exception:
        log.exception("A receiver of transition %s failed", event.id)

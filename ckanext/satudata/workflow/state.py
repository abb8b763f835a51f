"""Reading and changing the workflow state of datasets in the database.

:func:`apply` is the only writer of the state and the only code that flips
``package.private``. It is a compare-and-set: the state row is updated only
``WHERE state = <the state the caller checked> AND version = <its
version>``, in the same database transaction as the new event and the
``private`` flag. Of two requests racing on one dataset, the second waits
for the first's row lock, then finds the row changed and updates nothing;
it gets :class:`Conflict` with the state the first one left.
"""
from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Iterable, Sequence
from typing import Any

import ckan.model as model
import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.exc import IntegrityError

from ckanext.satudata import model as satudata_model
from ckanext.satudata.model import utcnow
from ckanext.satudata.model.workflow import WorkflowEvent, WorkflowState

from .definition import Definition, Transition

__all__ = ["Conflict", "Current", "apply", "checklist_items", "current",
           "current_many", "event_dict", "event_dicts", "events", "implied",
           "republish", "submission", "submissions_many"]


class Conflict(Exception):
    """Someone else changed the state first; ``current`` is what they left."""

    def __init__(self, current: Current) -> None:
        super().__init__(current.state)
        self.current = current


@dataclasses.dataclass(frozen=True)
class Current:
    state: str
    version: int
    entered: datetime.datetime


def implied(pkg: model.Package, definition: Definition) -> Current:
    # A dataset without a row never moved: it is in the initial state. (A
    # public dataset always has a row: the database refuses one without.)
    return Current(definition.initial_state, 0, pkg.metadata_created or utcnow())


def current(pkg: model.Package, definition: Definition) -> Current:
    """The dataset's state, read fresh from the database."""
    row = model.Session.execute(
        sa.select(WorkflowState.state, WorkflowState.version, WorkflowState.entered)
        .where(WorkflowState.package_id == pkg.id)
    ).first()
    if row is None:
        return implied(pkg, definition)
    return Current(row.state, row.version, row.entered)


def current_many(
    packages: Iterable[model.Package], definition: Definition
) -> dict[str, Current]:
    """:func:`current` for several datasets in one query."""
    packages = list(packages)
    rows = {
        r.package_id: Current(r.state, r.version, r.entered)
        for r in model.Session.execute(
            sa.select(
                WorkflowState.package_id,
                WorkflowState.state,
                WorkflowState.version,
                WorkflowState.entered,
            ).where(WorkflowState.package_id.in_([p.id for p in packages]))
        )
    }
    return {p.id: rows.get(p.id) or implied(p, definition) for p in packages}


def events(package_id: str) -> list[WorkflowEvent]:
    """The dataset's events, oldest first."""
    return list(
        model.Session.execute(
            sa.select(WorkflowEvent)
            .where(WorkflowEvent.package_id == package_id)
            .order_by(WorkflowEvent.version)
        ).scalars()
    )


def _current_submission(
    newest_first: Iterable[tuple[str, str]], definition: Definition
) -> tuple[tuple[str, str], ...]:
    taken: list[tuple[str, str]] = []
    for transition, user_id in newest_first:
        taken.append((transition, user_id))
        if definition.starts_submission(transition):
            break
    return tuple(reversed(taken))


def submission(
    package_id: str, definition: Definition
) -> tuple[tuple[str, str], ...]:
    """``(transition, user id)`` of the events of the current submission,
    oldest first: from the last transition that starts one (see
    :attr:`Definition.duties`)."""
    return _current_submission(
        model.Session.execute(
            sa.select(WorkflowEvent.transition, WorkflowEvent.user_id)
            .where(WorkflowEvent.package_id == package_id)
            .order_by(WorkflowEvent.version.desc())
        ),
        definition,
    )


def submissions_many(
    package_ids: Iterable[str], definition: Definition
) -> dict[str, tuple[tuple[str, str], ...]]:
    """:func:`submission` for several datasets in one query."""
    newest_first: dict[str, list[tuple[str, str]]] = {id_: [] for id_ in package_ids}
    for package_id, transition, user_id in model.Session.execute(
        sa.select(WorkflowEvent.package_id, WorkflowEvent.transition,
                  WorkflowEvent.user_id)
        .where(WorkflowEvent.package_id.in_(list(newest_first)))
        .order_by(WorkflowEvent.package_id, WorkflowEvent.version.desc())
    ):
        newest_first[package_id].append((transition, user_id))
    return {
        id_: _current_submission(events, definition)
        for id_, events in newest_first.items()
    }


def apply(
    definition: Definition,
    pkg: model.Package,
    transition: Transition,
    expected: Current,
    user_id: str,
    note: str | None = None,
    checklist: dict[str, bool] | None = None,
    template_id: str | None = None,
    template_version: int | None = None,
    report_ids: list[str] | None = None,
) -> WorkflowEvent:
    """Move the dataset from ``expected`` along ``transition`` and commit.

    Raises :class:`Conflict` (after rolling back) if the state is no longer
    ``expected``.
    """
    model.Session.execute(
        insert(WorkflowState.__table__)
        .values(
            package_id=pkg.id,
            state=expected.state,
            version=0,
            entered=expected.entered,
            public=definition.is_public(expected.state),
        )
        .on_conflict_do_nothing(index_elements=["package_id"])
    )
    event = _step(
        definition, pkg, transition, expected, transition.target, user_id,
        note=note or None,
        checklist=checklist or None,
        template_id=template_id,
        template_version=template_version,
        report_ids=list(report_ids or []),
    )
    private = not definition.is_public(transition.target)
    if pkg.private != private:
        pkg.private = private
    try:
        model.Session.commit()
    except IntegrityError:
        model.Session.rollback()
        raise Conflict(current(pkg, definition)) from None
    return event


def checklist_items(
    transition: Transition | None, checklist: dict[str, bool] | None
) -> list[dict[str, Any]]:
    """A recorded checklist as ``{key, label, ticked}`` in the definition's
    order, labelled from the definition; an item the definition no longer
    has keeps its key as its label."""
    if not checklist:
        return []
    items = transition.checklist if transition else ()
    labels = {item.key: item.label for item in items}
    order = list(labels) + [key for key in checklist if key not in labels]
    return [
        {"key": key, "label": labels.get(key, key), "ticked": bool(checklist[key])}
        for key in order if key in checklist
    ]


def event_dict(event: WorkflowEvent, definition: Definition) -> dict[str, Any]:
    return event_dicts([event], definition)[0]


def event_dicts(
    events: Sequence[WorkflowEvent], definition: Definition
) -> list[dict[str, Any]]:
    """The events as the API gives them, their users read in one query: a
    dataset's history grows with every return and resubmission."""
    users = satudata_model.users(event.user_id for event in events)
    return [_event_dict(event, definition, users.get(event.user_id))
            for event in events]


def _event_dict(
    event: WorkflowEvent, definition: Definition, user: model.User | None
) -> dict[str, Any]:
    transition = definition.transitions.get(event.transition)
    return {
        "id": event.id,
        "version": event.version,
        "workflow": event.workflow,
        "transition": event.transition,
        "transition_label": transition.label if transition else event.transition,
        "from_state": event.from_state,
        "from_state_label": definition.state_label(event.from_state),
        "to_state": event.to_state,
        "to_state_label": definition.state_label(event.to_state),
        "user_id": event.user_id,
        "user_name": user.name if user else None,
        "user_display_name": user.display_name if user else None,
        "role": event.role,
        "note": event.note,
        "checklist": event.checklist,
        "checklist_items": checklist_items(transition, event.checklist),
        "template_id": event.template_id,
        "template_version": event.template_version,
        "report_ids": list(event.report_ids or []),
        "created": event.created.isoformat(),
    }


def republish(
    definition: Definition,
    pkg: model.Package,
    transition: Transition,
    expected: Current,
    user_id: str,
    note: str | None = None,
) -> WorkflowEvent:
    """A published revision on the live dataset: an event from the public
    state to the public state along ``transition`` (the publishing one), so
    that whatever counts publications from the events counts this one.
    Compare-and-set like :func:`apply`; added to the session, not committed
    (the revision's changes commit with it). Raises :class:`Conflict`."""
    return _step(definition, pkg, transition, expected, expected.state, user_id,
                 note=note or None, public=True)


def _step(
    definition: Definition,
    pkg: model.Package,
    transition: Transition,
    expected: Current,
    target: str,
    user_id: str,
    public: bool | None = None,
    **recorded: Any,
) -> WorkflowEvent:
    """The compare-and-set both moves share: the state row goes from
    ``expected`` to ``target`` only if nobody moved it since it was read
    (and, with ``public``, only if its visibility is that), and the event
    that records it is added to the session. Raises :class:`Conflict` after
    rolling back."""
    now = utcnow()
    guard = [WorkflowState.package_id == pkg.id,
             WorkflowState.state == expected.state,
             WorkflowState.version == expected.version]
    if public is not None:
        guard.append(WorkflowState.public.is_(public))
    moved = model.Session.execute(
        sa.update(WorkflowState.__table__)
        .where(*guard)
        .values(state=target, version=expected.version + 1, entered=now,
                public=definition.is_public(target))
    )
    if moved.rowcount != 1:
        model.Session.rollback()
        raise Conflict(current(pkg, definition))
    event = WorkflowEvent(
        package_id=pkg.id,
        version=expected.version + 1,
        workflow=definition.name,
        transition=transition.name,
        from_state=expected.state,
        to_state=target,
        user_id=user_id,
        role=transition.role,
        created=now,
        **recorded,
    )
    model.Session.add(event)
    return event

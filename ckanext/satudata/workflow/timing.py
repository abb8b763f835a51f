"""Time spent in each workflow step, against the step's time standard.

One rule for the dataset's panel, "Tugas saya", the overdue digest and the
monitoring board: a step runs from entering a state (the previous event, or
the dataset's creation for the first one) to the event that leaves it; it
is overdue when that time exceeds the state's ``time_standard``. The public
state is the resting state, never overdue. The board computes the same
durations in SQL over many datasets at once (:mod:`ckanext.satudata.report.
figures`); a test holds the two to the same answers.
"""
from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from ckanext.satudata.model import utcnow
from ckanext.satudata.model.workflow import WorkflowEvent

from .definition import Definition
from .state import Current

__all__ = ["is_overdue", "step", "timeline"]


def _seconds(delta: datetime.timedelta | None) -> int | None:
    return None if delta is None else int(delta.total_seconds())


def is_overdue(
    definition: Definition, state: str, spent: datetime.timedelta
) -> bool:
    """Whether ``spent`` in ``state`` exceeds the state's time standard."""
    known = definition.states.get(state)
    standard = known.time_standard if known else None
    return (
        standard is not None and not definition.is_public(state) and spent > standard
    )


def step(
    definition: Definition,
    state: str,
    entered: datetime.datetime,
    left: datetime.datetime | None = None,
    now: datetime.datetime | None = None,
) -> dict[str, Any]:
    """One step: from ``entered`` until ``left`` (or ``now`` if still in it)."""
    known = definition.states.get(state)
    standard = known.time_standard if known else None
    spent = (left or now or utcnow()) - entered
    return {
        "state": state,
        "state_label": definition.state_label(state),
        "step": known.step if known else "",
        "entered": entered.isoformat(),
        "left": left.isoformat() if left else None,
        "seconds": _seconds(spent),
        "time_standard_seconds": _seconds(standard),
        "overdue": is_overdue(definition, state, spent),
    }


def timeline(
    definition: Definition,
    created: datetime.datetime | None,
    events: Sequence[WorkflowEvent],
    current: Current,
    now: datetime.datetime | None = None,
) -> list[dict[str, Any]]:
    """Every step of a dataset so far, the current one last."""
    now = now or utcnow()
    steps = []
    entered = created or current.entered
    for event in events:
        steps.append(step(definition, event.from_state, entered, event.created, now))
        entered = event.created
    steps.append(step(definition, current.state, current.entered, None, now))
    return steps

"""The one place that decides which transitions a user may take.

:func:`options` is a pure function of (definition, current state, the user's
Satu Data roles for the dataset's OPD, dataset facts). The auth functions,
the actions, the queue and the templates all ask it, so the button a user
sees, the API's answer and the refusal message never disagree.

It touches no database and no request: the caller gathers the facts
(who took which transition last, the result of the conformance gate) first.
"""
from __future__ import annotations

import dataclasses
from collections.abc import Collection
from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.satudata.roles import ROLE_LABELS

from .definition import Definition, Transition

__all__ = ["Facts", "Option", "allowed_transitions", "awaiting", "needs_gate",
           "option_for", "options"]


@dataclasses.dataclass(frozen=True)
class Facts:
    """What the rules need to know about the dataset and the user.

    :param user_id: the acting user, ``None`` for anonymous
    :param submission: ``(transition name, user id)`` of each event of the
        current submission, oldest first (for separation of duties, see
        :attr:`Definition.duties`)
    :param separation_of_duties: ``ckanext.satudata.separation_of_duties``
    :param gate_passed: the conformance gate's verdict; ``None`` when it was
        not evaluated (then a gated transition is refused)
    :param gate_problems: the gate's explanations when it did not pass
    :param dataset_active: ``False`` for a deleted dataset or an unfinished
        form (CKAN state ``draft``): no transition is possible
    """

    user_id: str | None
    submission: tuple[tuple[str, str], ...] = ()
    separation_of_duties: bool = True
    gate_passed: bool | None = None
    gate_problems: tuple[str, ...] = ()
    dataset_active: bool = True


@dataclasses.dataclass(frozen=True)
class Option:
    """One transition out of the current state and the user's standing."""

    transition: Transition
    allowed: bool
    #: why it was refused: ``state``, ``inactive``, ``role``, ``separation``
    #: or ``gate``
    code: str | None = None
    reason: str | None = None

    def as_dict(self) -> dict[str, Any]:
        t = self.transition
        return {
            "name": t.name,
            "label": t.label,
            "to": t.target,
            "role": t.role,
            "note": t.note,
            "checklist": [dataclasses.asdict(i) for i in t.checklist],
            "checklist_complete": t.checklist_complete,
            "checklist_needs_unticked": t.checklist_needs_unticked,
            "returns": t.returns,
            "allowed": self.allowed,
            "refusal": self.code,
            "reason": self.reason,
        }


def needs_gate(
    definition: Definition, state: str, roles: Collection[str]
) -> bool:
    """Whether a gated transition out of ``state`` is open to these roles,
    i.e. whether the caller should evaluate the gate before asking."""
    return any(t.gate and t.role in roles for t in definition.outgoing(state))


def options(
    definition: Definition,
    state: str,
    roles: Collection[str],
    facts: Facts,
) -> list[Option]:
    """Every transition out of ``state``, allowed or refused with a reason."""
    result = []
    for t in definition.outgoing(state):
        result.append(Option(t, *_verdict(definition, t, roles, facts)))
    return result


def option_for(
    definition: Definition,
    state: str,
    transition: Transition,
    roles: Collection[str],
    facts: Facts,
) -> Option:
    """The user's standing for one transition asked for by name; refused
    with ``state`` when it does not leave ``state``."""
    if state not in transition.sources:
        return Option(transition, False, "state", tk._(
            "«{action}» tidak dapat dilakukan pada dataset berstatus «{state}»;"
            " hanya dari status {sources}."
        ).format(
            action=transition.label,
            state=definition.state_label(state),
            sources=", ".join(
                f"«{definition.state_label(s)}»" for s in transition.sources
            ),
        ))
    return Option(transition, *_verdict(definition, transition, roles, facts))


def allowed_transitions(
    definition: Definition,
    state: str,
    roles: Collection[str],
    facts: Facts,
) -> list[Transition]:
    """The transitions the user may take now."""
    return [o.transition for o in options(definition, state, roles, facts)
            if o.allowed]


def awaiting(
    definition: Definition,
    state: str,
    roles: Collection[str],
    facts: Facts,
) -> list[Transition]:
    """The transitions that wait for the user: allowed, or refused only by
    the conformance gate (a draft whose data does not conform yet still
    waits for its producer). "Tugas saya" and the overdue digest list these."""
    if definition.is_public(state):
        return []  # published is the resting state, not a task
    return [o.transition for o in options(definition, state, roles, facts)
            if o.allowed or o.code == "gate"]


def _verdict(
    definition: Definition,
    t: Transition,
    roles: Collection[str],
    facts: Facts,
) -> tuple[bool, str | None, str | None]:
    if not facts.dataset_active:
        return False, "inactive", tk._(
            "Dataset belum selesai dibuat atau sudah dihapus, sehingga"
            " statusnya tidak dapat diubah."
        )
    if t.role not in roles:
        message = tk._("Hanya {role} yang dapat melakukan «{action}».")
        return False, "role", message.format(
            role=tk._(ROLE_LABELS[t.role]), action=t.label
        )
    earlier = _separated_from(definition, t, facts)
    if earlier is not None:
        return False, "separation", tk._(
            "Pemisahan tugas: Anda sudah melakukan «{earlier}» pada pengajuan"
            " ini, sehingga tidak dapat melakukan «{action}»."
        ).format(earlier=definition.transitions[earlier].label, action=t.label)
    if t.gate and not facts.gate_passed:
        detail = "; ".join(facts.gate_problems)
        message = tk._(
            "Data belum dapat diajukan: belum semua sumber data sesuai"
            " dengan format tabel (template)."
        )
        return False, "gate", f"{message} {detail}".strip()
    return True, None, None


def _separated_from(
    definition: Definition, t: Transition, facts: Facts
) -> str | None:
    """The transition of another duty the user took on this submission, if
    any. Starting a submission is never refused: it opens a new one."""
    if not (facts.separation_of_duties and facts.user_id):
        return None
    duty = definition.duty_of(t.name)
    if duty is None or definition.starts_submission(t.name):
        return None
    for earlier, actor in facts.submission:
        other = definition.duty_of(earlier)
        if actor == facts.user_id and other is not None and other != duty:
            return earlier
    return None

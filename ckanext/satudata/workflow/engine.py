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
from collections.abc import Collection, Mapping
from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.satudata.roles import ROLE_LABELS

from .definition import Definition, Transition

__all__ = ["Facts", "Option", "allowed_transitions", "needs_gate", "options"]


@dataclasses.dataclass(frozen=True)
class Facts:
    """What the rules need to know about the dataset and the user.

    :param user_id: the acting user, ``None`` for anonymous
    :param last_actors: transition name -> id of the user who took it most
        recently on this dataset (for separation of duties)
    :param separation_of_duties: ``ckanext.satudata.separation_of_duties``
    :param gate_passed: the conformance gate's verdict; ``None`` when it was
        not evaluated (then a gated transition is refused)
    :param gate_problems: the gate's explanations when it did not pass
    :param dataset_active: ``False`` for a deleted dataset or an unfinished
        form (CKAN state ``draft``): no transition is possible
    """

    user_id: str | None
    last_actors: Mapping[str, str] = dataclasses.field(default_factory=dict)
    separation_of_duties: bool = True
    gate_passed: bool | None = None
    gate_problems: tuple[str, ...] = ()
    dataset_active: bool = True


@dataclasses.dataclass(frozen=True)
class Option:
    """One transition out of the current state and the user's standing."""

    transition: Transition
    allowed: bool
    #: why it was refused: ``inactive``, ``role``, ``separation`` or ``gate``
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


def allowed_transitions(
    definition: Definition,
    state: str,
    roles: Collection[str],
    facts: Facts,
) -> list[Transition]:
    """The transitions the user may take now."""
    return [o.transition for o in options(definition, state, roles, facts)
            if o.allowed]


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
    if facts.separation_of_duties and facts.user_id:
        for earlier in t.separate_from:
            if facts.last_actors.get(earlier) == facts.user_id:
                return False, "separation", tk._(
                    "Pemisahan tugas: Anda sudah melakukan «{earlier}» pada"
                    " dataset ini, sehingga tidak dapat melakukan «{action}»."
                ).format(
                    earlier=definition.transitions[earlier].label,
                    action=t.label,
                )
    if t.gate and not facts.gate_passed:
        detail = "; ".join(facts.gate_problems)
        message = tk._(
            "Data belum dapat diajukan: belum semua sumber data sesuai"
            " dengan format tabel (template)."
        )
        return False, "gate", f"{message} {detail}".strip()
    return True, None, None

"""Loading and validating a workflow definition (YAML).

A definition names the states of a dataset, the transitions between them,
the one Satu Data role that may take each transition, which transitions need
a note or a checklist, which state is public and the time standard of each
step. Two presets ship in ``presets/``: ``mojokerto`` (the default) and
``trenggalek``. ``ckanext.satudata.workflow`` takes a preset name or the path
of a portal's own file, which is validated when CKAN starts so a mistake
stops the start-up with a message naming every problem.

File format (see the presets)::

    name: mojokerto
    title: ...
    initial_state: draf          # where new datasets start (private)
    public_state: terbit         # the only state where a dataset is public
    checklists:
      <name>: [{key: ..., label: ...}, ...]
    states:
      <state>:
        label: ...
        step: ...                # what happens in this step, and by whom
        time_standard: 30m       # m, h or d; elapsed clock time; optional
        editable_by: [produsen]  # roles that may edit metadata and resources
    transitions:
      <transition>:
        label: ...
        from: [<state>, ...]
        to: <state>
        role: <role>
        note: none | optional | required
        checklist: <checklist name>
        checklist_complete: true # every item must be ticked
        gate: true               # the template conformance gate must pass
        returns: true            # sends the dataset back to its producer;
                                 # with a checklist, at least one item must
                                 # be left unticked (what does not conform)
    separation_of_duties:        # optional; see Definition.duties
      - [ajukan]                 # submit (the first duty starts a submission)
      - [sesuai, tidak_sesuai]   # check
      - [setujui, kembalikan]    # approve
    template_announcement:       # optional: the Walidata's «Informasikan»
      label: ...                 # of a Daftar Data row's template, counted
      step: ...                  # on the board; the clock runs from the
      time_standard: 10m         # later of the template's link to the row
                                 # and its announced version's creation
"""
from __future__ import annotations

import dataclasses
import datetime
import functools
import os
import re
from collections.abc import Mapping
from typing import Any

import ckan.plugins.toolkit as tk
import yaml
from ckan.exceptions import CkanConfigurationException

from ckanext.satudata.roles import ROLES

__all__ = [
    "ANNOUNCEMENT_STEP",
    "ChecklistItem",
    "Definition",
    "DefinitionError",
    "State",
    "Transition",
    "configured",
    "describe_duration",
    "load",
    "parse",
]

PRESETS_DIR = os.path.join(os.path.dirname(__file__), "presets")
NOTE_MODES = ("none", "optional", "required")

_DURATION = re.compile(r"^\s*(\d+)\s*(m|menit|h|jam|d|hari)\s*$")
_UNITS = {"m": "minutes", "menit": "minutes", "h": "hours", "jam": "hours",
          "d": "days", "hari": "days"}
_NAME = re.compile(r"^[a-z][a-z0-9_]*$")

_TOP_KEYS = {"name", "title", "initial_state", "public_state", "checklists",
             "states", "transitions", "separation_of_duties",
             "template_announcement"}
_ANNOUNCEMENT_KEYS = {"label", "step", "time_standard"}
_STATE_KEYS = {"label", "step", "time_standard", "editable_by"}
_TRANSITION_KEYS = {"label", "from", "to", "role", "note", "checklist",
                    "checklist_complete", "gate", "returns"}


class DefinitionError(CkanConfigurationException):
    """A workflow definition that cannot be used; the message lists why."""


@dataclasses.dataclass(frozen=True)
class ChecklistItem:
    key: str
    label: str


@dataclasses.dataclass(frozen=True)
class State:
    name: str
    label: str
    step: str
    time_standard: datetime.timedelta | None
    editable_by: frozenset[str]


@dataclasses.dataclass(frozen=True)
class Transition:
    name: str
    label: str
    sources: tuple[str, ...]
    target: str
    role: str
    note: str
    checklist: tuple[ChecklistItem, ...]
    checklist_complete: bool
    gate: bool
    returns: bool

    @property
    def checklist_needs_unticked(self) -> bool:
        """A return with a checklist must name what does not conform: the
        unticked items are the reason the dataset goes back."""
        return self.returns and bool(self.checklist)


@dataclasses.dataclass(frozen=True)
class Definition:
    name: str
    title: str
    initial_state: str
    public_state: str
    states: Mapping[str, State]
    transitions: Mapping[str, Transition]
    #: Separation of duties: on one submission (the events since the last
    #: transition of the first duty) a person takes the transitions of at
    #: most one duty. Empty: no separation.
    duties: tuple[tuple[str, ...], ...] = ()
    #: The SOP step of announcing a row's template (not a dataset state);
    #: ``name`` is what the board's step list calls it.
    template_announcement: State | None = None

    def outgoing(self, state: str) -> list[Transition]:
        """The transitions out of ``state``, in definition order."""
        return [t for t in self.transitions.values() if state in t.sources]

    def state_label(self, state: str) -> str:
        known = self.states.get(state)
        return known.label if known else state

    def is_public(self, state: str) -> bool:
        return state == self.public_state

    def duty_of(self, transition: str) -> int | None:
        """The index of the duty ``transition`` belongs to, or ``None``."""
        return next(
            (i for i, duty in enumerate(self.duties) if transition in duty), None
        )

    def starts_submission(self, transition: str) -> bool:
        return self.duty_of(transition) == 0


def parse_duration(value: Any) -> datetime.timedelta:
    """``"30m"``, ``"2h"``, ``"1d"`` (or ``menit``/``jam``/``hari``)."""
    match = _DURATION.match(str(value))
    if not match:
        raise ValueError(value)
    return datetime.timedelta(**{_UNITS[match.group(2)]: int(match.group(1))})


def describe_duration(seconds: int | float | None) -> str:
    """``5400`` -> ``"1 jam 30 menit"``; whole minutes, at most two units."""
    if seconds is None:
        return "-"
    minutes = max(int(seconds) // 60, 0)
    days, rest = divmod(minutes, 60 * 24)
    hours, minutes = divmod(rest, 60)
    parts = [
        tk._("{n} hari").format(n=days) if days else "",
        tk._("{n} jam").format(n=hours) if hours else "",
        tk._("{n} menit").format(n=minutes) if minutes else "",
    ]
    shown = [part for part in parts if part][:2]
    return " ".join(shown) if shown else tk._("kurang dari 1 menit")


def parse(raw: Any, source: str) -> Definition:
    """A :class:`Definition` from the loaded YAML, or :class:`DefinitionError`
    listing every problem found."""
    problems: list[str] = []

    def problem(message: str) -> None:
        problems.append(message)

    if not isinstance(raw, dict):
        raise DefinitionError(
            f"Workflow definition {source} is not a YAML mapping."
        )
    for key in sorted(set(raw) - _TOP_KEYS):
        problem(f"unknown key '{key}'")
    for key in ("name", "initial_state", "public_state", "states", "transitions"):
        if not raw.get(key):
            problem(f"'{key}' is missing")

    checklists: dict[str, tuple[ChecklistItem, ...]] = {}
    raw_checklists = raw.get("checklists") or {}
    if not isinstance(raw_checklists, dict):
        problem("'checklists' must be a mapping of name to a list of items")
        raw_checklists = {}
    for name, items in raw_checklists.items():
        if not isinstance(items, list) or not items:
            problem(f"checklist '{name}' must be a non-empty list")
            continue
        parsed = []
        for item in items:
            if not (isinstance(item, dict) and item.get("key") and item.get("label")):
                problem(f"checklist '{name}': every item needs 'key' and 'label'")
                continue
            parsed.append(ChecklistItem(str(item["key"]), str(item["label"])))
        keys = [i.key for i in parsed]
        if len(keys) != len(set(keys)):
            problem(f"checklist '{name}' repeats a key")
        checklists[name] = tuple(parsed)

    states: dict[str, State] = {}
    raw_states = raw.get("states") or {}
    if not isinstance(raw_states, dict):
        problem("'states' must be a mapping")
        raw_states = {}
    for name, spec in raw_states.items():
        spec = spec or {}
        where = f"state '{name}'"
        if not _NAME.match(str(name)):
            problem(f"{where}: names are lower-case letters, digits and _")
        if not isinstance(spec, dict):
            problem(f"{where} must be a mapping")
            continue
        for key in sorted(set(spec) - _STATE_KEYS):
            problem(f"{where}: unknown key '{key}'")
        if not spec.get("label"):
            problem(f"{where}: 'label' is missing")
        standard = None
        if spec.get("time_standard") is not None:
            try:
                standard = parse_duration(spec["time_standard"])
            except ValueError:
                problem(
                    f"{where}: time_standard '{spec['time_standard']}' is not"
                    " a number followed by m, h or d (e.g. 30m, 2h, 1d)"
                )
        editable = spec.get("editable_by") or []
        if not isinstance(editable, list):
            problem(f"{where}: 'editable_by' must be a list of roles")
            editable = []
        for role in editable:
            if role not in ROLES:
                problem(f"{where}: unknown role '{role}' in editable_by")
        states[str(name)] = State(
            name=str(name),
            label=str(spec.get("label") or name),
            step=str(spec.get("step") or ""),
            time_standard=standard,
            editable_by=frozenset(editable),
        )

    initial, public = raw.get("initial_state"), raw.get("public_state")
    for key, value in (("initial_state", initial), ("public_state", public)):
        if value and value not in states:
            problem(f"{key} '{value}' is not a state")
    if initial and initial == public:
        problem(
            "initial_state and public_state must differ: new datasets start private"
        )

    transitions: dict[str, Transition] = {}
    raw_transitions = raw.get("transitions") or {}
    if not isinstance(raw_transitions, dict):
        problem("'transitions' must be a mapping")
        raw_transitions = {}
    for name, spec in raw_transitions.items():
        spec = spec or {}
        where = f"transition '{name}'"
        if not _NAME.match(str(name)):
            problem(f"{where}: names are lower-case letters, digits and _")
        if not isinstance(spec, dict):
            problem(f"{where} must be a mapping")
            continue
        for key in sorted(set(spec) - _TRANSITION_KEYS):
            problem(f"{where}: unknown key '{key}'")
        sources = spec.get("from") or []
        if isinstance(sources, str):
            sources = [sources]
        if not sources:
            problem(f"{where}: 'from' is missing")
        for state in sources:
            if state not in states:
                problem(f"{where}: from-state '{state}' is not a state")
        target = spec.get("to")
        if target not in states:
            problem(f"{where}: to-state '{target}' is not a state")
        if target in sources:
            problem(f"{where}: goes from '{target}' to itself")
        role = spec.get("role")
        if role not in ROLES:
            problem(
                f"{where}: role '{role}' is not one of {', '.join(ROLES)}"
            )
        note = spec.get("note", "none")
        if note not in NOTE_MODES:
            problem(f"{where}: note must be one of {', '.join(NOTE_MODES)}")
        checklist_name = spec.get("checklist")
        if checklist_name and checklist_name not in checklists:
            problem(f"{where}: checklist '{checklist_name}' is not defined")
        if spec.get("checklist_complete") and not checklist_name:
            problem(f"{where}: checklist_complete without a checklist")
        transitions[str(name)] = Transition(
            name=str(name),
            label=str(spec.get("label") or name),
            sources=tuple(str(s) for s in sources),
            target=str(target),
            role=str(role),
            note=str(note),
            checklist=checklists.get(checklist_name, ()) if checklist_name else (),
            checklist_complete=bool(spec.get("checklist_complete")),
            gate=bool(spec.get("gate")),
            returns=bool(spec.get("returns")),
        )
    duties = _duties(raw.get("separation_of_duties"), transitions, problem)
    announcement = _announcement(raw.get("template_announcement"), problem)

    if initial in states and public in states and not problems:
        reachable = _reachable(initial, transitions)
        for state in states:
            if state not in reachable:
                problem(f"state '{state}' cannot be reached from '{initial}'")
        if not any(public in t.sources for t in transitions.values()):
            problem(
                f"no transition leaves the public state '{public}': a published"
                " dataset could never be withdrawn"
            )

    if problems:
        raise DefinitionError(
            f"Workflow definition {source} is invalid:\n  - "
            + "\n  - ".join(problems)
        )
    return Definition(
        name=str(raw["name"]),
        title=str(raw.get("title") or raw["name"]),
        initial_state=str(initial),
        public_state=str(public),
        states=states,
        transitions=transitions,
        duties=duties,
        template_announcement=announcement,
    )


#: The board's name for the template announcement step; no state has it.
ANNOUNCEMENT_STEP = "informasikan_template"


def _announcement(spec: Any, problem: Any) -> State | None:
    if spec is None:
        return None
    where = "template_announcement"
    if not isinstance(spec, dict):
        problem(f"{where} must be a mapping")
        return None
    for key in sorted(set(spec) - _ANNOUNCEMENT_KEYS):
        problem(f"{where}: unknown key '{key}'")
    if not spec.get("label"):
        problem(f"{where}: 'label' is missing")
    standard = None
    try:
        standard = parse_duration(spec.get("time_standard"))
    except ValueError:
        problem(f"{where}: time_standard '{spec.get('time_standard')}' is not"
                " a number followed by m, h or d (e.g. 10m)")
    return State(name=ANNOUNCEMENT_STEP, label=str(spec.get("label") or ""),
                 step=str(spec.get("step") or ""), time_standard=standard,
                 editable_by=frozenset())


def _duties(
    raw: Any, transitions: Mapping[str, Transition], problem: Any
) -> tuple[tuple[str, ...], ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list) or not all(
        isinstance(duty, list) and duty for duty in raw
    ):
        problem("'separation_of_duties' must be a list of lists of transitions")
        return ()
    seen: set[str] = set()
    for duty in raw:
        for name in duty:
            if name not in transitions:
                problem(f"separation_of_duties: '{name}' is not a transition")
            if name in seen:
                problem(f"separation_of_duties: '{name}' is in two duties")
            seen.add(name)
    return tuple(tuple(str(name) for name in duty) for duty in raw)


def _reachable(start: str, transitions: Mapping[str, Transition]) -> set[str]:
    seen, todo = {start}, [start]
    while todo:
        state = todo.pop()
        for t in transitions.values():
            if state in t.sources and t.target not in seen:
                seen.add(t.target)
                todo.append(t.target)
    return seen


def _path(setting: str) -> str:
    if os.sep in setting or setting.endswith((".yaml", ".yml")):
        return setting
    return os.path.join(PRESETS_DIR, f"{setting}.yaml")


@functools.lru_cache(maxsize=8)
def load(setting: str) -> Definition:
    """The definition named by a preset name or a file path."""
    path = _path(setting)
    if not os.path.isfile(path):
        presets = sorted(
            f[:-5] for f in os.listdir(PRESETS_DIR) if f.endswith(".yaml")
        )
        raise DefinitionError(
            f"ckanext.satudata.workflow = {setting!r}: no such preset"
            f" ({', '.join(presets)}) and no such file ({path})."
        )
    with open(path, encoding="utf-8") as f:
        try:
            raw = yaml.safe_load(f)
        except yaml.YAMLError as e:
            raise DefinitionError(
                f"Workflow definition {path} is not valid YAML: {e}"
            ) from None
    return parse(raw, path)


def configured() -> Definition:
    """The definition chosen by ``ckanext.satudata.workflow``."""
    return load(tk.config.get("ckanext.satudata.workflow"))

"""Every role x state x transition cell of both presets: all of them against
the engine, a sample of each kind through the API, for a new dataset and
for a revision's draft.

The expectations are written out from the SOP tables (conftest.ACTORS) and
the state machine of ARCHITECTURE.md §4, not derived from the engine:

* anonymous: refused, "Anda harus masuk";
* a CKAN member of the OPD without a Satu Data role, and another OPD's
  staff: refused, they may not follow this dataset's workflow;
* everyone else: if the transition does not leave the current state,
  ValidationError naming the current state; if they do not hold the
  transition's role, NotAuthorized naming the role; otherwise it succeeds.

The engine (a pure function) answers every cell of a role holder. Through
the API, where the auth functions, the action and the database add their
part, every allowed cell is taken, each on a fresh dataset in its state,
and each kind of refusal (anonymous, the member, the other OPD, the
sysadmin and a role holder, each for the wrong state and for the wrong
role) is tried once per transition. A refused attempt must leave the state
and the event trail unchanged.
"""
from __future__ import annotations

import ckan.model as model
import ckan.plugins.toolkit as tk
import pytest
from ckan.tests import helpers

from ckanext.satudata.roles import ROLE_LABELS
from ckanext.satudata.tests.database import restored
from ckanext.satudata.workflow import engine
from ckanext.satudata.workflow.definition import load

from .conftest import EVERYONE, PATHS, World, act, inputs

SOURCES = {
    "ajukan": {"draf", "dikembalikan", "ditarik"},
    "sesuai": {"diajukan"},
    "tidak_sesuai": {"diajukan"},
    "setujui": {"menunggu_persetujuan"},
    "kembalikan": {"menunggu_persetujuan"},
    "terbitkan": {"disetujui"},
    "tarik": {"terbit"},
}
TARGETS = {
    "ajukan": "diajukan", "sesuai": "menunggu_persetujuan",
    "tidak_sesuai": "dikembalikan", "setujui": "disetujui",
    "kembalikan": "dikembalikan", "terbitkan": "terbit", "tarik": "ditarik",
}
STATE_LABELS = {
    "draf": "Draf", "diajukan": "Diajukan", "dikembalikan": "Dikembalikan",
    "menunggu_persetujuan": "Menunggu Persetujuan", "disetujui": "Disetujui",
    "terbit": "Terbit", "ditarik": "Ditarik",
}
# The states a revision's draft passes through: it is published onto the
# live dataset, so it is never itself terbit or ditarik.
REVISION_STATES = ("draf", "diajukan", "dikembalikan", "menunggu_persetujuan",
                   "disetujui")
# Roles each person holds for the first OPD (the sysadmin's are implicit).
HOLDS = {
    "produsen": {"produsen"}, "admin_opd": {"admin_opd"},
    "kepala_opd": {"kepala_opd"}, "walidata": {"walidata"}, "forum": {"forum"},
    "pembina": {"pembina"}, "sysadmin": {"walidata", "forum", "pembina"},
}


def expected(preset: str, who: str, state: str, transition: str) -> tuple[str, str]:
    """("ok", "") or (exception name, a phrase of its message)."""
    if who == "anonymous":
        return "NotAuthorized", "Anda harus masuk"
    if who in ("member", "other_opd"):
        return "NotAuthorized", "hanya dapat diikuti oleh pemegang peran Satu Data"
    if state not in SOURCES[transition]:
        return "ValidationError", f"berstatus «{STATE_LABELS[state]}»"
    role = {
        "mojokerto": {"ajukan": "produsen", "sesuai": "admin_opd",
                      "tidak_sesuai": "admin_opd", "setujui": "kepala_opd",
                      "kembalikan": "kepala_opd", "terbitkan": "admin_opd",
                      "tarik": "walidata"},
        "trenggalek": {"ajukan": "produsen", "sesuai": "walidata",
                       "tidak_sesuai": "walidata", "setujui": "forum",
                       "kembalikan": "forum", "terbitkan": "walidata",
                       "tarik": "walidata"},
    }[preset][transition]
    if role not in HOLDS[who]:
        return "NotAuthorized", f"Hanya {ROLE_LABELS[role]} yang dapat"
    return "ok", ""


def message(error: Exception) -> str:
    if isinstance(error, tk.ValidationError):
        return " ".join(str(m) for msgs in error.error_dict.values() for m in msgs)
    return str(error.message if hasattr(error, "message") else error)


def kind(preset: str, who: str, state: str, transition: str) -> tuple[str, str]:
    """The kind of a cell: its outcome, and who is asking (the sysadmin and
    the people without a Satu Data role here go another way through CKAN's
    auth than a role holder)."""
    asking = who if who in ("anonymous", "member", "other_opd", "sysadmin") else (
        "role holder")
    return expected(preset, who, state, transition)[0], asking


def sample(preset: str, states: tuple[str, ...]) -> set[tuple[str, str, str]]:
    """(who, state, transition): the first refused cell of each kind for each
    transition, over ``states``."""
    chosen: dict[tuple[str, tuple[str, str]], tuple[str, str, str]] = {}
    for state in states:
        for transition in SOURCES:
            for who in EVERYONE:
                cell_kind = kind(preset, who, state, transition)
                if cell_kind[0] != "ok":
                    chosen.setdefault((transition, cell_kind), (who, state, transition))
    return set(chosen.values())


def test_every_cell_in_the_engine(preset):
    """All cells of the role holders (the sysadmin included, with the
    regency roles CKAN's sysadmins hold) against the pure engine."""
    definition = load(preset)
    assert {t: set(definition.transitions[t].sources) for t in SOURCES} == SOURCES
    assert {t: definition.transitions[t].target for t in SOURCES} == TARGETS
    cells = 0
    for state in PATHS:
        for transition in SOURCES:
            for who in HOLDS:
                option = engine.option_for(
                    definition, state, definition.transitions[transition],
                    HOLDS[who], engine.Facts(user_id=who, gate_passed=True))
                outcome, phrase = expected(preset, who, state, transition)
                refusal = {"state": "ValidationError", "role": "NotAuthorized"}
                got = "ok" if option.allowed else refusal[str(option.code)]
                assert got == outcome, (who, state, transition, option.reason)
                assert phrase in (option.reason or ""), (who, state, transition)
                cells += 1
    assert cells == len(PATHS) * len(SOURCES) * len(HOLDS)


def test_the_sample_has_every_kind_of_every_transition(preset):
    for states in (tuple(PATHS), REVISION_STATES):
        refused = {(t, kind(preset, w, s, t)) for s in states for t in SOURCES
                   for w in EVERYONE if expected(preset, w, s, t)[0] != "ok"}
        taken = sample(preset, states)
        assert {(t, kind(preset, w, s, t)) for w, s, t in taken} == refused
        assert len(taken) == len(refused)


def refused_cells(world: World, package_id: str, state: str,
                  states: tuple[str, ...]) -> list[tuple[str, str]]:
    """Try the sampled refused (person, transition) cells of ``state`` on
    the dataset in that state: each is refused with its expected error and
    message, and the state and event trail stay as they were. Returns the
    allowed cells (all of them)."""
    events_before = helpers.call_action("satudata_workflow_history", id=package_id)
    chosen = sample(world.preset, states)
    allowed = []
    for transition in SOURCES:
        for who in EVERYONE:
            outcome, phrase = expected(world.preset, who, state, transition)
            if outcome == "ok":
                allowed.append((who, transition))
                continue
            if (who, state, transition) not in chosen:
                continue
            with pytest.raises(getattr(tk, outcome)) as error:
                act(
                    "satudata_workflow_transition",
                    world.users[who],
                    id=package_id,
                    transition=transition,
                    **inputs(world.preset, transition),
                )
            assert phrase in message(error.value), (who, transition)
    assert world.state(package_id) == state
    assert helpers.call_action(
        "satudata_workflow_history", id=package_id) == events_before
    return allowed


@pytest.mark.parametrize("state", list(PATHS))
def test_every_cell(world, state):
    dataset = world.dataset(state)
    allowed = refused_cells(world, dataset["id"], state, tuple(PATHS))

    # The allowed cells, each on a fresh dataset in this state.
    assert allowed, "every state has a way out"
    for who, transition in allowed:
        fresh = world.dataset(state)
        shown = act("satudata_workflow_show", world.users[who], id=fresh["id"])
        assert transition in [t["name"] for t in shown["transitions"]]
        result = world.take(fresh["id"], transition, who=who)
        assert result["state"] == TARGETS[transition]
        assert world.state(fresh["id"]) == TARGETS[transition]


def test_allowed_cells_match_the_sop(preset):
    """The cells that succeed are exactly the SOP's actors, from the right
    states (the sysadmin, an implicit walidata/forum, included)."""
    cells = {
        (who, state, transition)
        for state in PATHS
        for transition in SOURCES
        for who in EVERYONE
        if expected(preset, who, state, transition)[0] == "ok"
    }
    sop = {
        "mojokerto": {("produsen", "ajukan"), ("admin_opd", "sesuai"),
                      ("admin_opd", "tidak_sesuai"), ("kepala_opd", "setujui"),
                      ("kepala_opd", "kembalikan"), ("admin_opd", "terbitkan"),
                      ("walidata", "tarik"), ("sysadmin", "tarik")},
        "trenggalek": {("produsen", "ajukan"), ("walidata", "sesuai"),
                       ("walidata", "tidak_sesuai"), ("forum", "setujui"),
                       ("forum", "kembalikan"), ("walidata", "terbitkan"),
                       ("walidata", "tarik"), ("sysadmin", "sesuai"),
                       ("sysadmin", "tidak_sesuai"), ("sysadmin", "setujui"),
                       ("sysadmin", "kembalikan"), ("sysadmin", "terbitkan"),
                       ("sysadmin", "tarik")},
    }[preset]
    assert {(who, t) for who, _state, t in cells} == sop
    for _who, state, transition in cells:
        assert state in SOURCES[transition]


def revision_in(world: World, state: str) -> dict[str, str]:
    """A published dataset with an open revision whose draft is in ``state``,
    made through the actions once a session, then put back."""
    def build() -> dict[str, str]:
        live = world.dataset("terbit")
        draft = act("satudata_revision_start", world.users["produsen"],
                    id=live["id"])["draft_id"]
        world.walk(draft, state)
        return {"live": live["id"], "draft": draft}

    return restored(f"workflow.matrix.revision.{world.preset}.{state}", build)


@pytest.mark.parametrize("state", REVISION_STATES)
def test_every_cell_of_a_revision(world, state):
    """The same cells on a revision's draft as on a new dataset, with the
    same expectations; whatever is refused or taken, the live dataset stays
    as published until the draft's «terbitkan», which publishes onto it."""
    ids = revision_in(world, state)
    live_before = helpers.call_action("package_show", id=ids["live"])
    allowed = refused_cells(world, ids["draft"], state, REVISION_STATES)
    assert helpers.call_action("package_show", id=ids["live"]) == live_before

    assert allowed, "every state of a draft has a way out"
    for who, transition in allowed:
        ids = revision_in(world, state)
        shown = act("satudata_workflow_show", world.users[who], id=ids["draft"])
        assert transition in [t["name"] for t in shown["transitions"]]
        result = world.take(ids["draft"], transition, who=who)
        if transition == "terbitkan":
            assert (result["id"], result["state"]) == (ids["live"], "terbit")
            assert model.Package.get(ids["draft"]).state == "deleted"
        else:
            assert result["state"] == TARGETS[transition]
            assert world.state(ids["draft"]) == TARGETS[transition]
            assert helpers.call_action(
                "package_show", id=ids["live"])["metadata_modified"] == (
                live_before["metadata_modified"])
        assert world.state(ids["live"]) == "terbit"

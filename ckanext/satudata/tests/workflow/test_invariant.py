"""The central promise as an invariant: nothing unpublished becomes public,
and nothing published becomes private, by any input CKAN accepts.

Each test enumerates what CKAN's validators and actions take for a field
(every string its ``boolean_validator`` reads, padded and cased, every other
JSON shape; every shape of ``datasets`` a bulk action passes to SQL; every
value of ``state`` and ``owner_org``) against the write routes (actions,
the HTTP API, the dataset form, the bulk actions), by every role, on a
dataset in every workflow state. After each attempt the database is read
(:mod:`ckanext.satudata.tests.attack`): no watched dataset changed its
visibility, and every dataset of an OPD is public exactly when its state
is. Then the database's own guard is shown to hold where no action looks:
raw SQL, CKAN's bulk SQL path, a chained check switched off.
"""
from __future__ import annotations

import json
from functools import partial
from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk
import pytest
import sqlalchemy as sa
from ckan.lib.navl.dictization_functions import DataError
from ckan.tests import helpers
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ckanext.satudata.tests import attack
from ckanext.satudata.tests.schemas.factories import daftar_data_row, sdi_metadata
from ckanext.satudata.workflow import guards

from .conftest import EVERYONE, PATHS, act

PRIVATE_MSG = "Visibilitas dataset hanya berubah melalui alur kerja"
SHAPE_MSG = "harus true atau false"
EDITABLE = ("draf", "dikembalikan", "ditarik")
ALL_STATES = tuple(PATHS)
#: who may write a dataset in which states, as CKAN's auth sees it
WRITERS = {"produsen": EDITABLE, "admin_opd": EDITABLE, "sysadmin": ALL_STATES}
ONLOOKERS = tuple(
    who for who in EVERYONE if who not in WRITERS
)  # kepala_opd, walidata, forum, pembina, member, other_opd, anonymous


@pytest.fixture
def regency(mojokerto):
    """A regency with one dataset in every state. The writers and their
    states are the same in both presets, so one preset serves."""
    mojokerto.by_state = {state: mojokerto.dataset(state) for state in ALL_STATES}
    return mojokerto


def _text(error: Exception) -> str:
    if isinstance(error, tk.ValidationError):
        return json.dumps(error.error_dict, ensure_ascii=False)
    return str(getattr(error, "message", error))


def _private_routes(package_id: str) -> dict[str, Any]:
    """action -> data maker for one ``private`` value."""
    shown = helpers.call_action("package_show", id=package_id)
    return {
        "package_update": lambda v: dict(shown, private=v),
        "package_patch": lambda v: {"id": package_id, "private": v},
        "package_revise": lambda v: {"match": {"id": package_id},
                                     "update": {"private": v}},
    }


#: One value of each kind CKAN's validator distinguishes, for the routes
#: that the full table already covers through package_patch.
REPRESENTATIVE = ["true", "TRUE", " true", "true\x00", "false", "", "on",
                  "nope", True, False, None, 1, [], {}, [{"a": 1}]]


def _expect_refusal_reason(value: Any, current: bool, error: Exception | None,
                           label: str) -> None:
    """A writer CKAN lets through learns the workflow's reason."""
    try:
        stored = attack.stored_by_ckan(value)
    except AttributeError:  # a shape CKAN's validator cannot read
        # Ours says so; package_revise's own flattening may refuse it first
        # (navl's DataError: the API's 400).
        assert isinstance(error, DataError) or (
            error is not None and SHAPE_MSG in _text(error)), label
        return
    if stored is None or stored == current:
        assert error is None, f"{label}: {_text(error) if error else ''}"
    else:
        assert error is not None and PRIVATE_MSG in _text(error), label


class TestPrivateThroughActions:
    def test_every_value_every_route_every_writer_every_state(self, regency):
        """A sysadmin may write in every state: the whole table on every
        route. The OPD's writers: the whole table through package_patch,
        one value of each kind through package_update and package_revise
        (the same chained check serves all three)."""
        run = attack.Attack(d["id"] for d in regency.by_state.values())
        everything = attack.private_strings() + attack.NON_STRINGS
        for who, states in WRITERS.items():
            for state in states:
                dataset = regency.by_state[state]
                for action, data in _private_routes(dataset["id"]).items():
                    values = everything if (
                        who == "sysadmin" or action == "package_patch"
                    ) else REPRESENTATIVE
                    for value in values:
                        label = f"{action} private={value!r} on {state}"
                        error = run.attempt(who, partial(
                            act, action, regency.users[who], **data(value)
                        ), label)
                        _expect_refusal_reason(value, dataset["private"], error,
                                               label)
        run.finish()

    def test_onlookers_are_refused_whatever_they_send(self, regency):
        run = attack.Attack(d["id"] for d in regency.by_state.values())
        flipping = ["", "on", "nope", "true ", False, True, "true"]
        for who in ONLOOKERS:
            for state, dataset in regency.by_state.items():
                for action, data in _private_routes(dataset["id"]).items():
                    for value in flipping:
                        error = run.attempt(who, partial(
                            act, action, regency.users[who], **data(value)
                        ), f"{action} private={value!r} on {state}")
                        assert error is not None, (who, action, value, state)
        run.finish()

    @pytest.mark.parametrize("who", ["produsen", "admin_opd", "sysadmin"])
    def test_create_never_starts_public(self, regency, who):
        row = daftar_data_row(regency.opd["id"], template_id=regency.template["id"])
        run = attack.Attack(d["id"] for d in regency.by_state.values())
        for n, value in enumerate(attack.private_strings() + attack.NON_STRINGS):
            name = f"baru-{who.replace('_', '-')}-{n}"
            label = f"package_create private={value!r}"
            error = run.attempt(who, partial(
                act, "package_create", regency.users[who], name=name, title="Baru",
                owner_org=regency.opd["id"], private=value, **sdi_metadata(row.id),
            ), label)
            _expect_refusal_reason(value, True, error, label)
            if error is None:
                created = model.Package.get(name)
                assert created.private is True, label
                run.watch(created.id)
        run.finish()

    @settings(max_examples=60, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(value=st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=8)
        | st.floats(allow_nan=False),
        lambda inner: st.lists(inner, max_size=3)
        | st.dictionaries(st.text(max_size=4), inner, max_size=3),
        max_leaves=6,
    ))
    def test_generated_json_values(self, mojokerto, value):
        if not hasattr(mojokerto, "pair"):
            mojokerto.pair = [mojokerto.dataset("draf"), mojokerto.dataset("terbit")]
        run = attack.Attack(d["id"] for d in mojokerto.pair)
        for dataset in mojokerto.pair:
            for action, data in _private_routes(dataset["id"]).items():
                run.attempt("sysadmin", partial(
                    act, action, mojokerto.users["sysadmin"], **data(value)
                ), f"{action} private={value!r}")
        run.finish()


def _post_api(app: Any, action: str, body: dict[str, Any],
              headers: dict[str, str]) -> None:
    response = app.post(f"/api/3/action/{action}", json=body, headers=headers,
                        status=None)
    assert response.status_code != 500, (action, body)
    if response.status_code != 200:
        raise tk.ValidationError(response.json["error"])


def _post_form(app: Any, name: str, form: dict[str, Any],
               headers: dict[str, str]) -> None:
    response = app.post(tk.h.url_for("dataset.edit", id=name),
                        data=dict(form, save=""), headers=headers, status=None)
    assert response.status_code != 500, form.get("private")
    if PRIVATE_MSG in response.body:
        raise tk.ValidationError({"private": [PRIVATE_MSG]})


class TestPrivateThroughHttp:
    """What the JSON API and the dataset form hand to the actions."""

    def test_json_shapes_through_the_api(self, app, regency):
        run = attack.Attack(d["id"] for d in regency.by_state.values())
        for state in EDITABLE:
            dataset = regency.by_state[state]
            for value in attack.NON_STRINGS + ["", "on", "nope", "true "]:
                for action, body in [
                    ("package_patch", {"id": dataset["id"], "private": value}),
                    ("package_create", {"name": f"api-{state}", "title": "x",
                                        "owner_org": regency.opd["id"],
                                        "private": value}),
                ]:
                    run.attempt("produsen", partial(
                        _post_api, app, action, body, regency.headers("produsen")
                    ), f"HTTP {action} {value!r}")
                    created = model.Package.get(f"api-{state}")
                    if created is not None:
                        run.watch(created.id)
        run.finish()

    def test_the_edit_form(self, app, regency):
        run = attack.Attack(d["id"] for d in regency.by_state.values())
        for state in EDITABLE:
            dataset = regency.by_state[state]
            form = {k: v for k, v in helpers.call_action(
                "package_show", id=dataset["id"]).items()
                if isinstance(v, str | int) and not isinstance(v, bool)}
            for value in attack.private_strings():
                error = run.attempt("produsen", partial(
                    _post_form, app, dataset["name"], dict(form, private=value),
                    regency.headers("produsen"),
                ), f"form private={value!r}")
                if attack.stored_by_ckan(value) is False:
                    assert error is not None, value
        run.finish()


class TestOtherFields:
    def test_state_values(self, regency):
        values: list[Any] = ["active", "deleted", "draft", "pending", "", "DELETED",
                  "aktif", None, 1, [], {"state": "deleted"}]
        run = attack.Attack(d["id"] for d in regency.by_state.values())
        for who in ("admin_opd", "sysadmin"):
            for state in ("draf", "terbit"):
                dataset = regency.by_state[state]
                for value in values:
                    run.attempt(who, partial(
                        act, "package_patch", regency.users[who], id=dataset["id"],
                        state=value,
                    ), f"package_patch state={value!r} on {state}",
                        may_delete=who == "sysadmin" or state == "draf")
        run.finish()

    def test_owner_org_values(self, regency):
        row = daftar_data_row(regency.opd["id"], template_id=regency.template["id"])
        opd, other = regency.opd, regency.other_opd
        values = [opd["id"], opd["name"], other["id"], other["name"], "", None,
                  [opd["id"]], {"id": opd["id"]}, 1, "tidak-ada"]
        run = attack.Attack(d["id"] for d in regency.by_state.values())
        for n, owner in enumerate(values):
            for private in ("nope", "", True, None):
                name = f"pemilik-{n}-{len(str(private))}"
                run.attempt("produsen", partial(
                    act, "package_create", regency.users["produsen"], name=name,
                    title="Pemilik", owner_org=owner, private=private,
                    **sdi_metadata(row.id),
                ), f"package_create owner_org={owner!r} private={private!r}")
                created = model.Package.get(name)
                if created is not None:
                    run.watch(created.id)
        terbit = regency.by_state["terbit"]
        for owner in values:
            run.attempt("sysadmin", partial(
                act, "package_patch", regency.users["sysadmin"], id=terbit["id"],
                owner_org=owner,
            ), f"package_patch owner_org={owner!r} on terbit")
        run.finish()

    def test_lookalike_extras_are_refused(self, regency):
        dataset = regency.by_state["draf"]
        for key in ("Satudata_Status", "satudata_status ", " satudata_approval_role",
                    "satudata-status", "SATUDATA_PUBLISHED", "satudata status",
                    "\uff53atudata_status"):
            with pytest.raises(tk.ValidationError) as error:
                act("package_patch", regency.users["produsen"], id=dataset["id"],
                    extras=[{"key": key, "value": "terbit"}])
            assert "menyerupai kolom yang dicatat oleh alur kerja" in _text(error.value)
        # An ordinary extra is still welcome.
        act("package_patch", regency.users["produsen"], id=dataset["id"],
            extras=[{"key": "catatan_produsen", "value": "ok"}])


BULK_SHAPES = [
    "ids", "object", "string", "number", "nested", "ids_and_junk", "empty_object",
]


def _bulk_datasets(shape: str, ids: list[str]) -> Any:
    return {
        "ids": ids,
        "object": {i: True for i in ids},
        "string": ids[0],
        "number": 1,
        "nested": [ids],
        "ids_and_junk": ids + [1, None],
        "empty_object": {},
    }[shape]


class TestBulk:
    @pytest.mark.parametrize("action", ["bulk_update_public", "bulk_update_private",
                                        "bulk_update_delete"])
    def test_every_shape_of_datasets(self, regency, action):
        watched = [d["id"] for d in regency.by_state.values()]
        run = attack.Attack(watched)
        for who in ("admin_opd", "sysadmin", "produsen", "other_opd"):
            for shape in BULK_SHAPES:
                data = {"org_id": regency.opd["id"],
                        "datasets": _bulk_datasets(shape, watched)}
                error = run.attempt(who, partial(
                    act, action, regency.users[who], **data
                ), f"{action} datasets as {shape}",
                    may_delete=action == "bulk_update_delete" and who == "sysadmin")
                if shape != "ids":
                    assert error is not None, (who, action, shape)
                if shape == "object" and who in ("admin_opd", "sysadmin"):
                    assert error is not None
                    assert "daftar id dataset" in _text(error)
        run.finish()


class TestDatabaseHoldsTheRule:
    """Where no action looks: the database refuses at commit."""

    def _refused_at_commit(self, statement: str, **params: Any) -> None:
        model.Session.execute(sa.text(statement), params)
        with pytest.raises(sa.exc.DBAPIError) as error:
            model.Session.commit()
        assert error.value.orig.pgcode == guards.INVARIANT_SQLSTATE
        model.Session.rollback()

    def test_raw_sql(self, regency):
        draf, terbit = regency.by_state["draf"], regency.by_state["terbit"]
        before = attack.observe([draf["id"], terbit["id"]])
        self._refused_at_commit("UPDATE package SET private = false WHERE id = :id",
                                id=draf["id"])
        self._refused_at_commit("UPDATE package SET private = true WHERE id = :id",
                                id=terbit["id"])
        self._refused_at_commit(
            "UPDATE satudata_workflow_state SET public = false WHERE package_id = :id",
            id=terbit["id"])
        self._refused_at_commit(
            "DELETE FROM satudata_workflow_state WHERE package_id = :id",
            id=terbit["id"])
        self._refused_at_commit(
            "INSERT INTO package (id, name, type, state, private, owner_org)"
            " VALUES ('x1', 'langsung', 'dataset', 'active', false, :org)",
            org=regency.opd["id"])
        assert attack.observe([draf["id"], terbit["id"]]) == before
        assert attack.inconsistent() == []

    def test_ckan_bulk_path_without_the_chained_guard(self, regency):
        """CKAN's own bulk code, called past our chained action: on 2.11
        it writes SQL, on 2.12 it patches each dataset."""
        from ckan.logic.action.update import _bulk_update_dataset

        draf, terbit = regency.by_state["draf"], regency.by_state["terbit"]
        before = attack.observe([draf["id"], terbit["id"]])
        context = {"model": model, "session": model.Session,
                   "user": regency.users["sysadmin"]}
        for ids, change in (([draf["id"]], {"private": False}),
                            ([terbit["id"]], {"private": True})):
            with pytest.raises((sa.exc.DBAPIError, tk.ValidationError)):
                _bulk_update_dataset(
                    dict(context), {"org_id": regency.opd["id"], "datasets": ids},
                    change)
            model.Session.rollback()
        assert attack.observe([draf["id"], terbit["id"]]) == before
        anonymous = act("package_search", None, q="*:*", include_private=True)
        assert {d["id"] for d in anonymous["results"]} == {terbit["id"]}

    def test_a_route_nobody_guarded(self, regency, monkeypatch):
        """With the friendly check switched off, the database still refuses;
        the caller gets the workflow's reason and the index is restored."""
        monkeypatch.setattr(guards, "stored_private", lambda value: None)
        draf = regency.by_state["draf"]
        with pytest.raises(tk.ValidationError) as error:
            act("package_patch", regency.users["produsen"], id=draf["id"],
                private=False, title="Judul yang tidak boleh tersimpan")
        assert PRIVATE_MSG in _text(error.value)
        shown = helpers.call_action("package_show", id=draf["id"])
        assert shown["private"] is True and shown["title"] != (
            "Judul yang tidak boleh tersimpan")
        indexed = helpers.call_action(
            "package_search", fq=f'id:"{draf["id"]}"', include_private=True
        )["results"]
        assert [(d["private"], d["title"]) for d in indexed] == [
            (True, shown["title"])]
        anonymous = act("package_search", None, q="*:*", include_private=True)
        assert draf["id"] not in {d["id"] for d in anonymous["results"]}


class TestExistingPortal:
    def test_upgrade_repairs_and_backfills(self, regency, migrate_db_for):
        """Migration sd0005 on a portal an older version left behind: a
        public dataset from before the extension (no state row, no Daftar
        Data row) gets the public state; a published one whose row went
        missing gets it back from its events; a draft an old hole had made
        public goes private again."""
        draf, terbit = regency.by_state["draf"], regency.by_state["terbit"]
        model.Session.remove()  # the migrations' DDL waits for open transactions
        migrate_db_for("satudata", "sd0004", forward=False)
        legacy = model.types.make_uuid()
        model.Session.execute(sa.text(
            "INSERT INTO package (id, name, title, type, state, private, owner_org,"
            " metadata_created, metadata_modified) VALUES (:id, 'data-lama',"
            " 'Data lama', 'dataset', 'active', false, :org, now(), now())"),
            {"id": legacy, "org": regency.opd["id"]})
        model.Session.execute(sa.text(
            "UPDATE package SET private = false WHERE id = :id"), {"id": draf["id"]})
        model.Session.execute(sa.text(
            "DELETE FROM satudata_workflow_state WHERE package_id = :id"),
            {"id": terbit["id"]})
        model.Session.commit()
        model.Session.remove()
        migrate_db_for("satudata")
        seen = attack.observe([draf["id"], terbit["id"], legacy])
        assert seen[draf["id"]] == attack.Seen(True, False, "active")
        assert seen[terbit["id"]] == attack.Seen(False, True, "active")
        assert seen[legacy] == attack.Seen(False, True, "active")
        assert attack.inconsistent() == []
        assert regency.state(terbit["id"]) == "terbit"
        assert regency.state(legacy) == "terbit"

"""A small regency for the workflow tests.

Two OPDs; in the first a produsen, an admin_opd, a kepala_opd and a plain
CKAN member without a Satu Data role; in the second a produsen who is also
its admin_opd (another OPD's staff); regency-wide a walidata, a forum and a
pembina; and a sysadmin. Datasets are made by the produsen through the
Action API and carry a CSV uploaded through ``resource_create``, conforming
to the template of their Daftar Data row. Its check records a seeded
verdict instead of reading the file (``tests/checks/factories.py``), the
report the checker writes for that file, so the submission gate passes it
as after a reading.
"""
from __future__ import annotations

import contextlib
import dataclasses
from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk
import pytest
from ckan.tests import factories, helpers

from ckanext.satudata.tests.checks.factories import seeded_checks
from ckanext.satudata.tests.database import restored
from ckanext.satudata.tests.schemas.factories import daftar_data_row, sdi_metadata

TABLE_SCHEMA = {
    "fields": [
        {"name": "kecamatan", "title": "Kecamatan", "type": "string",
         "constraints": {"required": True}},
        {"name": "jumlah", "title": "Jumlah Penduduk", "type": "integer",
         "constraints": {"required": True, "minimum": 0}},
    ],
}
GOOD_CSV = "kecamatan,jumlah\nMojosari,81234\nBangsal,52011\n"
BAD_CSV = "kecamatan,jumlah\nMojosari,banyak\n"

# Who holds what; the names are the keys of World.users.
OPD_PEOPLE = ("produsen", "admin_opd", "kepala_opd")
REGENCY_PEOPLE = ("walidata", "forum", "pembina")
OUTSIDERS = ("member", "other_opd")
EVERYONE = OPD_PEOPLE + REGENCY_PEOPLE + OUTSIDERS + ("sysadmin", "anonymous")

# The transitions that lead from draf to each state, in both presets.
PATHS: dict[str, tuple[str, ...]] = {
    "draf": (),
    "diajukan": ("ajukan",),
    "dikembalikan": ("ajukan", "tidak_sesuai"),
    "menunggu_persetujuan": ("ajukan", "sesuai"),
    "disetujui": ("ajukan", "sesuai", "setujui"),
    "terbit": ("ajukan", "sesuai", "setujui", "terbitkan"),
    "ditarik": ("ajukan", "sesuai", "setujui", "terbitkan", "tarik"),
}

# Who takes each transition, per preset (the SOP tables).
ACTORS: dict[str, dict[str, str]] = {
    "mojokerto": {
        "ajukan": "produsen", "sesuai": "admin_opd", "tidak_sesuai": "admin_opd",
        "setujui": "kepala_opd", "kembalikan": "kepala_opd",
        "terbitkan": "admin_opd", "tarik": "walidata",
    },
    "trenggalek": {
        "ajukan": "produsen", "sesuai": "walidata", "tidak_sesuai": "walidata",
        "setujui": "forum", "kembalikan": "forum",
        "terbitkan": "walidata", "tarik": "walidata",
    },
}
CHECKLIST_KEYS = {
    "mojokerto": ["format_tabel", "kebenaran_data", "metadata", "kode_referensi"],
    "trenggalek": ["standar_data", "metadata", "interoperabilitas", "kode_referensi"],
}


def act(action: str, actor: str | None, /, **data: Any) -> Any:
    """Call an action as ``actor`` (None: anonymous), with auth checked."""
    return helpers.call_action(
        action, context={"user": actor or "", "ignore_auth": False}, **data
    )


def inputs(preset: str, transition: str) -> dict[str, Any]:
    """A note and checklist that satisfy the transition's requirements."""
    data: dict[str, Any] = {"note": f"Catatan untuk {transition}."}
    if transition in ("sesuai", "tidak_sesuai"):
        keys = CHECKLIST_KEYS[preset]
        data["checklist"] = (
            {k: True for k in keys} if transition == "sesuai"
            else {k: k != keys[0] for k in keys}
        )
    return data


@dataclasses.dataclass
class World:
    preset: str
    sysadmin: str
    opd: dict[str, Any]
    other_opd: dict[str, Any]
    users: dict[str, str | None]
    template: dict[str, Any]
    upload: Any
    tokens: dict[str, str] = dataclasses.field(default_factory=dict)

    def headers(self, who: str) -> dict[str, str]:
        """Request headers that log ``who`` in (nobody for anonymous)."""
        name = self.users[who]
        if name is None:
            return {}
        if who not in self.tokens:
            self.tokens[who] = factories.APIToken(user=name)["token"]
        return {"Authorization": self.tokens[who]}

    def user_obj(self, who: str) -> model.User:
        return model.User.get(self.users[who])

    def actor(self, transition: str) -> str:
        return ACTORS[self.preset][transition]

    def dataset(self, state: str = "draf", opd: dict[str, Any] | None = None,
                csv: str = GOOD_CSV, checker: bool = False,
                **fields: Any) -> dict[str, Any]:
        """A dataset of ``opd`` made by its produsen, walked to ``state``.

        Its file's check records the seeded verdict of
        :func:`seeded_checks`; ``checker`` has the checker read the file
        instead, as it must for any file but :data:`GOOD_CSV`.
        """
        if csv != GOOD_CSV and not checker:
            raise ValueError("a seeded report is true only of GOOD_CSV; "
                             "pass checker=True for another file")
        opd = opd or self.opd
        producer = self.users["produsen" if opd is self.opd else "other_opd"]
        row = daftar_data_row(opd["id"], template_id=self.template["id"])
        dataset = act(
            "package_create",
            producer,
            name=f"data-{model.types.make_uuid()[:8]}",
            title="Jumlah Penduduk menurut Kecamatan",
            owner_org=opd["id"],
            **sdi_metadata(row.id, **fields),
        )
        with contextlib.nullcontext() if checker else seeded_checks():
            self.upload(
                csv,
                "penduduk.csv",
                context={"user": producer, "ignore_auth": False},
                package_id=dataset["id"],
                name="Tabel penduduk",
                format="CSV",
            )
        self.walk(dataset["id"], state)
        return helpers.call_action("package_show", id=dataset["id"])

    def walk(self, package_id: str, state: str) -> None:
        for transition in PATHS[state]:
            self.take(package_id, transition)

    def take(self, package_id: str, transition: str, who: str | None = None,
             **data: Any) -> dict[str, Any]:
        who = who or self.actor(transition)
        payload = inputs(self.preset, transition) | data
        return act(
            "satudata_workflow_transition",
            self.users[who],
            id=package_id,
            transition=transition,
            **payload,
        )

    def state(self, package_id: str) -> str:
        return helpers.call_action("package_show", id=package_id)["satudata_status"]


def make_world(preset: str, upload: Any) -> World:
    sysadmin = factories.Sysadmin(name="sysadmin-wf")["name"]
    opd = factories.Organization(
        name="dispendukcapil", title="Dinas Kependudukan dan Pencatatan Sipil"
    )
    other_opd = factories.Organization(name="dinkes", title="Dinas Kesehatan")
    users: dict[str, str | None] = {"sysadmin": sysadmin, "anonymous": None}

    def person(key: str, role: str | None, org: dict[str, Any] | None) -> None:
        name = factories.User(name=key.replace("_", "-"),
                              email=f"{key}@mojokertokab.go.id")["name"]
        users[key] = name
        if role:
            data = {"user": name, "role": role}
            if org:
                data["organization"] = org["id"]
            act("satudata_role_assign", sysadmin, **data)

    for role in OPD_PEOPLE:
        person(role, role, opd)
    for role in REGENCY_PEOPLE:
        person(role, role, None)
    person("member", None, None)
    helpers.call_action(
        "organization_member_create", {"ignore_auth": True, "user": sysadmin},
        id=opd["id"], username=users["member"], role="member",
    )
    person("other_opd", "produsen", other_opd)
    act("satudata_role_assign", sysadmin, user=users["other_opd"],
        role="admin_opd", organization=other_opd["id"])

    template = act(
        "satudata_template_create",
        sysadmin,
        name="penduduk-kecamatan",
        title="Jumlah Penduduk menurut Kecamatan",
        table_schema=TABLE_SCHEMA,
    )
    return World(preset, sysadmin, opd, other_opd, users, template, upload)


@pytest.fixture(params=["mojokerto", "trenggalek"])
def preset(request, ckan_config, monkeypatch) -> str:
    monkeypatch.setitem(ckan_config, "ckanext.satudata.workflow", request.param)
    return request.param


def restored_world(preset: str, upload: Any) -> World:
    """The regency of :func:`make_world`, built once a session per preset
    (:func:`~ckanext.satudata.tests.database.restored`), with this test's
    upload fixture."""
    world = restored(f"workflow.world.{preset}", lambda: make_world(preset, upload))
    return dataclasses.replace(world, upload=upload)


@pytest.fixture
def world(preset, clean_db, clean_index, create_with_upload) -> World:
    return restored_world(preset, create_with_upload)


@pytest.fixture
def mojokerto(clean_db, clean_index, create_with_upload) -> World:
    assert tk.config.get("ckanext.satudata.workflow") == "mojokerto"
    return restored_world("mojokerto", create_with_upload)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the item: the browser tests take their
    screenshots only when the test failed."""
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report

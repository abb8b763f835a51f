"""Permission tables of the role auth functions."""
from __future__ import annotations

import ckan.model as model
import ckan.plugins.toolkit as tk
import pytest
from ckan.tests import factories, helpers

from ckanext.satudata import roles

from .conftest import make_member

ACTORS = (
    "anonymous",
    "plain",
    "sysadmin",
    "walidata",
    "forum",
    "pembina",
    "produsen_a",
    "admin_a",
    "implicit_admin_a",
    "kepala_a",
    "admin_b",
)

# (role, in org_a?) for every assignment someone might ask for.
TARGETS = [(role, True) for role in roles.OPD_ROLES] + [
    (role, False) for role in roles.REGENCY_ROLES
]


class Actors:
    def __init__(self, opd) -> None:
        self.opd = opd
        self.names = {
            "anonymous": None,
            "plain": factories.User()["name"],
            "sysadmin": opd.sysadmin,
            "walidata": opd.user("walidata"),
            "forum": opd.user("forum"),
            "pembina": opd.user("pembina"),
            "produsen_a": opd.user("produsen", opd.org_a),
            "admin_a": opd.user("admin_opd", opd.org_a),
            "implicit_admin_a": factories.User()["name"],
            "kepala_a": opd.user("kepala_opd", opd.org_a),
            "admin_b": opd.user("admin_opd", opd.org_b),
        }
        make_member(self.names["implicit_admin_a"], opd.org_a, "admin")

    def allowed(self, auth: str, actor: str, **data) -> bool:
        context = {"user": self.names[actor] or "", "model": model}
        try:
            return helpers.call_auth(auth, context, **data)
        except tk.NotAuthorized:
            return False


@pytest.fixture
def actors(opd) -> Actors:
    return Actors(opd)


def _expected_change(actor: str, role: str, in_org_a: bool) -> bool:
    if actor in ("sysadmin", "walidata"):
        return True
    return actor in ("admin_a", "implicit_admin_a") and role == "produsen"


@pytest.mark.parametrize("auth", ["satudata_role_assign", "satudata_role_revoke"])
def test_change_table(actors, auth):
    """Sysadmin and Walidata: any role; Admin Portal OPD: produsen at home."""
    table = {
        (actor, role): actors.allowed(
            auth, actor, user="someone", role=role,
            **({"organization": actors.opd.org_a["name"]} if in_org_a else {}),
        )
        for actor in ACTORS
        for role, in_org_a in TARGETS
    }
    expected = {
        (actor, role): _expected_change(actor, role, in_org_a)
        for actor in ACTORS
        for role, in_org_a in TARGETS
    }
    assert table == expected


@pytest.mark.parametrize("auth", ["satudata_role_assign", "satudata_role_revoke"])
def test_admin_opd_may_not_act_in_another_opd(actors, auth):
    for actor in ("admin_a", "implicit_admin_a"):
        assert not actors.allowed(
            auth, actor, user="x", role="produsen",
            organization=actors.opd.org_b["id"],
        )
    assert actors.allowed(
        auth, "admin_b", user="x", role="produsen",
        organization=actors.opd.org_b["id"],
    )


@pytest.mark.parametrize(
    ("actor", "message"),
    [
        ("anonymous", "Anda harus masuk"),
        ("plain", "Hanya sysadmin, Walidata, atau Admin Portal OPD"),
        ("forum", "Hanya sysadmin, Walidata, atau Admin Portal OPD"),
        ("admin_a", "Admin Portal OPD hanya dapat memberikan peran Produsen Data"),
    ],
)
def test_assign_refusals_explain_in_indonesian(actors, actor, message):
    context = {"user": actors.names[actor] or "", "model": model}
    with pytest.raises(tk.NotAuthorized, match=message):
        helpers.call_auth(
            "satudata_role_assign", context, user="x", role="kepala_opd",
            organization=actors.opd.org_a["id"],
        )


def test_garbage_is_refused_not_crashed(actors):
    for data in (
        {"organization": ["dispendukcapil"], "role": "produsen"},
        {"organization": {"id": 1}, "role": "produsen"},
        {"role": ["produsen"], "organization": "dispendukcapil"},
    ):
        assert not actors.allowed("satudata_role_assign", "admin_a", **data)


LIST_EXPECTED = {
    # actor: (no filter, organization org_a, organization org_b)
    "anonymous": (False, False, False),
    "plain": (False, False, False),
    "sysadmin": (True, True, True),
    "walidata": (True, True, True),
    "forum": (True, True, True),
    "pembina": (True, True, True),
    "produsen_a": (True, True, False),
    "admin_a": (True, True, False),
    "implicit_admin_a": (True, True, False),
    "kepala_a": (True, True, False),
    "admin_b": (True, False, True),
}


def test_list_table(actors):
    org_a, org_b = actors.opd.org_a["name"], actors.opd.org_b["id"]
    table = {
        actor: (
            actors.allowed("satudata_role_list", actor),
            actors.allowed("satudata_role_list", actor, organization=org_a),
            actors.allowed("satudata_role_list", actor, organization=org_b),
        )
        for actor in ACTORS
    }
    assert table == LIST_EXPECTED


@pytest.mark.parametrize(
    ("actor", "data", "message"),
    [
        ("anonymous", {}, "Anda harus masuk"),
        ("plain", {}, "Hanya pemegang peran Satu Data"),
        ("produsen_a", {"organization": "dinkes"}, "tidak memegang peran"),
    ],
)
def test_list_refusals_explain_in_indonesian(actors, actor, data, message):
    context = {"user": actors.names[actor] or "", "model": model}
    with pytest.raises(tk.NotAuthorized, match=message):
        helpers.call_auth("satudata_role_list", context, **data)


@pytest.mark.ckan_config("ckanext.satudata.implicit_roles", "false")
def test_without_implicit_roles_membership_grants_nothing(opd):
    editor = factories.User()["name"]
    admin = factories.User()["name"]
    make_member(editor, opd.org_a, "editor")
    make_member(admin, opd.org_a, "admin")
    for auth in ("satudata_role_assign", "satudata_role_list"):
        for user in (editor, admin):
            with pytest.raises(tk.NotAuthorized):
                helpers.call_auth(
                    auth, {"user": user, "model": model},
                    user="x", role="produsen", organization=opd.org_a["id"],
                )
    # Sysadmins keep their CKAN powers, implicit roles or not.
    assert helpers.call_auth(
        "satudata_role_assign", {"user": opd.sysadmin, "model": model},
        user="x", role="walidata",
    )

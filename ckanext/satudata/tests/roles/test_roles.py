"""ckanext.satudata.roles: the one answer to "which roles does a user hold"."""
from __future__ import annotations

import ckan.model as model
import pytest
from ckan.tests import factories, helpers

from ckanext.satudata import roles

from .conftest import make_member


def _id(name: str) -> str:
    return model.User.get(name).id


def test_role_vocabulary():
    assert roles.OPD_ROLES == ("produsen", "admin_opd", "kepala_opd")
    assert roles.REGENCY_ROLES == ("walidata", "forum", "pembina")
    assert roles.ROLES == roles.OPD_ROLES + roles.REGENCY_ROLES
    assert roles.ROLE_LABELS == {
        "produsen": "Produsen Data",
        "admin_opd": "Admin Portal OPD",
        "kepala_opd": "Kepala OPD",
        "walidata": "Walidata",
        "forum": "Forum Satu Data",
        "pembina": "Pembina Data",
    }
    assert roles.role_labels({"pembina", "produsen"}) == [
        "Produsen Data",
        "Pembina Data",
    ]


class TestUserRoles:
    def test_explicit_opd_roles_hold_only_in_their_organization(self, opd):
        user = opd.user("kepala_opd", opd.org_a)
        assert roles.user_roles(user, opd.org_a["id"]) == {"kepala_opd"}
        assert roles.user_roles(user, opd.org_b["id"]) == frozenset()
        assert roles.user_roles(user) == frozenset()

    def test_regency_roles_hold_everywhere(self, opd):
        user = opd.user("forum")
        assert roles.user_roles(user) == {"forum"}
        assert roles.user_roles(user, opd.org_a["id"]) == {"forum"}

    def test_several_roles_combine(self, opd):
        user = opd.user("kepala_opd", opd.org_a)
        helpers.call_action(
            "satudata_role_assign", user=user, role="pembina"
        )
        helpers.call_action(
            "satudata_role_assign", user=user, role="produsen",
            organization=opd.org_b["id"],
        )
        assert roles.user_roles(user, opd.org_a["id"]) == {"kepala_opd", "pembina"}
        # The produsen assignment made the user an editor of org_b, which on
        # its own would imply produsen as well.
        assert roles.user_roles(user, opd.org_b["id"]) == {"produsen", "pembina"}

    def test_user_and_organization_by_name_id_or_object(self, opd):
        user = opd.user("kepala_opd", opd.org_a)
        user_obj = model.User.get(user)
        for who in (user, user_obj.id, user_obj):
            for org in (opd.org_a["id"], opd.org_a["name"]):
                assert roles.user_roles(who, org) == {"kepala_opd"}

    @pytest.mark.parametrize("who", [None, "", "nobody-here"])
    def test_anonymous_and_unknown_users_hold_nothing(self, opd, who):
        opd.user("walidata")
        assert roles.user_roles(who) == frozenset()
        assert roles.user_roles(who, opd.org_a["id"]) == frozenset()

    def test_deleted_user_holds_nothing(self, opd):
        user = opd.user("walidata")
        helpers.call_action("user_delete", {"user": opd.sysadmin}, id=user)
        assert roles.user_roles(user) == frozenset()
        assert roles.users_with_role("walidata") == [_id(opd.sysadmin)]

    def test_unknown_or_deleted_organization_gives_only_regency_roles(self, opd):
        user = opd.user("produsen", opd.org_a)
        helpers.call_action("satudata_role_assign", user=user, role="pembina")
        assert roles.user_roles(user, "no-such-opd") == {"pembina"}
        helpers.call_action(
            "organization_delete", {"user": opd.sysadmin}, id=opd.org_a["id"]
        )
        assert roles.user_roles(user, opd.org_a["id"]) == {"pembina"}
        assert roles.organizations_for_role(user, "produsen") == []


class TestImplicitRoles:
    """ckanext.satudata.implicit_roles: day-one defaults from CKAN."""

    @pytest.mark.parametrize(
        ("capacity", "expected"),
        [("member", set()), ("editor", {"produsen"}), ("admin", {"admin_opd"})],
    )
    def test_membership_implies_opd_role(self, opd, capacity, expected):
        user = factories.User()["name"]
        make_member(user, opd.org_a, capacity)
        assert roles.user_roles(user, opd.org_a["id"]) == expected
        assert roles.user_roles(user, opd.org_b["id"]) == frozenset()

    def test_kepala_opd_is_never_implicit(self, opd):
        user = factories.User()["name"]
        for capacity in ("member", "editor", "admin"):
            make_member(user, opd.org_a, capacity)
            assert "kepala_opd" not in roles.user_roles(user, opd.org_a["id"])
        assert roles.users_with_role("kepala_opd", opd.org_a["id"]) == []

    def test_sysadmin_holds_every_regency_role(self, opd):
        assert roles.user_roles(opd.sysadmin) == set(roles.REGENCY_ROLES)
        assert roles.user_roles(opd.sysadmin, opd.org_a["id"]) == set(
            roles.REGENCY_ROLES
        )

    @pytest.mark.ckan_config("ckanext.satudata.implicit_roles", "false")
    def test_switched_off_only_explicit_roles_count(self, opd):
        editor = factories.User()["name"]
        make_member(editor, opd.org_a, "editor")
        admin = factories.User()["name"]
        make_member(admin, opd.org_a, "admin")
        assert roles.user_roles(editor, opd.org_a["id"]) == frozenset()
        assert roles.user_roles(admin, opd.org_a["id"]) == frozenset()
        assert roles.user_roles(opd.sysadmin) == frozenset()
        assert roles.organizations_for_role(editor, "produsen") == []
        assert roles.users_with_role("produsen", opd.org_a["id"]) == []
        assert roles.users_with_role("walidata") == []

        explicit = opd.user("produsen", opd.org_a)
        assert roles.user_roles(explicit, opd.org_a["id"]) == {"produsen"}
        assert roles.users_with_role("produsen", opd.org_a["id"]) == [_id(explicit)]


class TestOrganizationsForRole:
    def test_explicit_and_implicit(self, opd):
        user = opd.user("produsen", opd.org_a)
        make_member(user, opd.org_b, "editor")
        org_c = factories.Organization()
        make_member(user, org_c, "member")
        assert roles.organizations_for_role(user, "produsen") == sorted(
            [opd.org_a["id"], opd.org_b["id"]]
        )
        assert roles.organizations_for_role(user, "admin_opd") == []
        assert roles.organizations_for_role(user, "kepala_opd") == []

    def test_anonymous_has_none(self, opd):
        assert roles.organizations_for_role(None, "produsen") == []

    def test_regency_role_is_a_programming_error(self, opd):
        with pytest.raises(ValueError, match="not an OPD role"):
            roles.organizations_for_role(opd.sysadmin, "walidata")


class TestUsersWithRole:
    def test_opd_role_explicit_and_implicit(self, opd):
        explicit = opd.user("admin_opd", opd.org_a)
        implicit = factories.User()["name"]
        make_member(implicit, opd.org_a, "admin")
        elsewhere = opd.user("admin_opd", opd.org_b)
        holders = roles.users_with_role("admin_opd", opd.org_a["name"])
        assert _id(explicit) in holders
        assert _id(implicit) in holders
        assert _id(elsewhere) not in holders
        assert holders == sorted(holders)

    def test_regency_role_explicit_and_sysadmins_but_not_site_user(self, opd):
        walidata = opd.user("walidata")
        forum = opd.user("forum")
        site_user = opd.site_user()
        assert roles.users_with_role("walidata") == sorted(
            [_id(walidata), _id(opd.sysadmin)]
        )
        assert _id(forum) not in roles.users_with_role("walidata")
        assert _id(site_user) not in roles.users_with_role("forum")

    def test_unknown_organization_has_nobody(self, opd):
        assert roles.users_with_role("produsen", "no-such-opd") == []

    def test_misuse_is_a_programming_error(self, opd):
        with pytest.raises(ValueError, match="organization_id needed"):
            roles.users_with_role("produsen")
        with pytest.raises(ValueError, match="unknown"):
            roles.users_with_role("bupati")

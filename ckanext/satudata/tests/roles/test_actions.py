"""satudata_role_assign / _revoke / _list, and the memberships they manage."""
from __future__ import annotations

import ckan.model as model
import ckan.plugins.toolkit as tk
import pytest
import sqlalchemy as sa
from ckan.tests import factories, helpers
from sqlalchemy.exc import IntegrityError

from ckanext.satudata import roles
from ckanext.satudata.model.role import SatudataRole

from .conftest import act, capacity, make_member


def _assign(opd, user, role, org=None, actor=None):
    data = {"user": user, "role": role}
    if org is not None:
        data["organization"] = org["id"]
    return act("satudata_role_assign", actor or opd.sysadmin, **data)


def _revoke(opd, user, role, org=None, actor=None):
    data = {"user": user, "role": role}
    if org is not None:
        data["organization"] = org["id"]
    return act("satudata_role_revoke", actor or opd.sysadmin, **data)


def _rows():
    return model.Session.execute(sa.select(SatudataRole)).scalars().all()


class TestAssign:
    def test_returns_the_assignment(self, opd):
        user = factories.User(fullname="Siti Aminah")
        result = _assign(opd, user["name"], "produsen", opd.org_a)
        assert result["user_name"] == user["name"]
        assert result["user_display_name"] == "Siti Aminah"
        assert result["role"] == "produsen"
        assert result["role_label"] == "Produsen Data"
        assert result["organization_name"] == "dispendukcapil"
        assert result["organization_title"] == (
            "Dinas Kependudukan dan Pencatatan Sipil"
        )
        assert result["created_by"] == opd.sysadmin
        assert result["added_capacity"] == "editor"
        assert result["previous_capacity"] is None
        [row] = _rows()
        assert row.id == result["id"]

    def test_regency_role_has_no_organization_nor_membership(self, opd):
        user = factories.User()["name"]
        result = _assign(opd, user, "walidata")
        assert result["organization_id"] is None
        assert result["added_capacity"] is None
        assert capacity(user, opd.org_a) is None
        assert roles.user_roles(user) == {"walidata"}

    def test_organization_by_name(self, opd):
        user = factories.User()["name"]
        act(
            "satudata_role_assign", opd.sysadmin,
            user=user, role="kepala_opd", organization="dinkes",
        )
        assert roles.user_roles(user, opd.org_b["id"]) == {"kepala_opd"}

    def test_same_role_twice_is_refused(self, opd):
        user = opd.user("produsen", opd.org_a)
        with pytest.raises(tk.ValidationError, match="sudah memegang peran"):
            _assign(opd, user, "produsen", opd.org_a)
        # ...but the same role in another OPD is a different assignment.
        _assign(opd, user, "produsen", opd.org_b)
        with pytest.raises(tk.ValidationError, match="sudah memegang peran"):
            _assign(opd, opd.user("forum"), "forum")
        assert len(_rows()) == 3

    def test_an_implicit_role_may_be_made_explicit(self, opd):
        user = factories.User()["name"]
        make_member(user, opd.org_a, "editor")
        result = _assign(opd, user, "produsen", opd.org_a)
        assert result["added_capacity"] is None
        assert result["previous_capacity"] == "editor"

    @pytest.mark.parametrize(
        ("data", "field", "message"),
        [
            ({"role": "produsen"}, "user", "Pengguna wajib diisi"),
            ({"user": "nobody-here", "role": "walidata"}, "user", "tidak ditemukan"),
            ({"user": "{u}"}, "role", "Peran wajib diisi"),
            ({"user": "{u}", "role": "bupati"}, "role", "Peran tidak dikenal"),
            ({"user": "{u}", "role": "produsen"}, "organization", "wajib diisi"),
            (
                {"user": "{u}", "role": "walidata", "organization": "dinkes"},
                "organization",
                "seluruh kabupaten",
            ),
            (
                {"user": "{u}", "role": "kepala_opd", "organization": "no-such-opd"},
                "organization",
                "tidak ditemukan",
            ),
        ],
    )
    def test_invalid_requests_are_refused_in_indonesian(
        self, opd, data, field, message
    ):
        user = factories.User()["name"]
        data = {k: v.format(u=user) for k, v in data.items()}
        with pytest.raises(tk.ValidationError) as error:
            act("satudata_role_assign", opd.sysadmin, **data)
        assert message in " ".join(error.value.error_dict[field])
        assert _rows() == []

    def test_deleted_user_or_organization_is_refused(self, opd):
        user = factories.User()["name"]
        helpers.call_action("user_delete", {"user": opd.sysadmin}, id=user)
        with pytest.raises(tk.ValidationError, match="tidak ditemukan"):
            _assign(opd, user, "walidata")
        helpers.call_action(
            "organization_delete", {"user": opd.sysadmin}, id=opd.org_b["id"]
        )
        with pytest.raises(tk.ValidationError, match="tidak ditemukan"):
            _assign(opd, factories.User()["name"], "produsen", opd.org_b)
        assert _rows() == []

    def test_a_group_is_not_an_organization(self, opd):
        group = factories.Group()
        with pytest.raises(tk.ValidationError, match="tidak ditemukan"):
            act(
                "satudata_role_assign", opd.sysadmin,
                user=factories.User()["name"], role="produsen",
                organization=group["id"],
            )


class TestCapacity:
    """The CKAN membership follows the OPD roles (see roles.py docstring)."""

    @pytest.mark.parametrize(
        ("role", "expected"),
        [("produsen", "editor"), ("admin_opd", "admin"), ("kepala_opd", "member")],
    )
    def test_assign_creates_and_revoke_removes_membership(self, opd, role, expected):
        user = factories.User()["name"]
        _assign(opd, user, role, opd.org_a)
        assert capacity(user, opd.org_a) == expected
        assert capacity(user, opd.org_b) is None
        _revoke(opd, user, role, opd.org_a)
        assert capacity(user, opd.org_a) is None
        assert roles.user_roles(user, opd.org_a["id"]) == frozenset()

    def test_never_lowers_and_never_takes_away_own_membership(self, opd):
        user = factories.User()["name"]
        make_member(user, opd.org_a, "admin")
        result = _assign(opd, user, "kepala_opd", opd.org_a)
        assert result["added_capacity"] is None
        assert capacity(user, opd.org_a) == "admin"
        _revoke(opd, user, "kepala_opd", opd.org_a)
        assert capacity(user, opd.org_a) == "admin"

    def test_raises_and_restores_own_lower_membership(self, opd):
        user = factories.User()["name"]
        make_member(user, opd.org_a, "member")
        result = _assign(opd, user, "produsen", opd.org_a)
        assert (result["previous_capacity"], result["added_capacity"]) == (
            "member", "editor"
        )
        assert capacity(user, opd.org_a) == "editor"
        _revoke(opd, user, "produsen", opd.org_a)
        assert capacity(user, opd.org_a) == "member"

    @pytest.mark.parametrize(
        "order", [("produsen", "admin_opd"), ("admin_opd", "produsen")]
    )
    @pytest.mark.parametrize(
        "revoke_order", [("produsen", "admin_opd"), ("admin_opd", "produsen")]
    )
    def test_remaining_roles_keep_what_they_need(self, opd, order, revoke_order):
        user = factories.User()["name"]
        for role in order:
            _assign(opd, user, role, opd.org_a)
        assert capacity(user, opd.org_a) == "admin"
        first, second = revoke_order
        _revoke(opd, user, first, opd.org_a)
        assert capacity(user, opd.org_a) == roles.CAPACITY[second]
        _revoke(opd, user, second, opd.org_a)
        assert capacity(user, opd.org_a) is None

    def test_kepala_keeps_read_access_after_produsen_goes(self, opd):
        user = factories.User()["name"]
        _assign(opd, user, "kepala_opd", opd.org_a)
        _assign(opd, user, "produsen", opd.org_a)
        assert capacity(user, opd.org_a) == "editor"
        _revoke(opd, user, "produsen", opd.org_a)
        assert capacity(user, opd.org_a) == "member"

    def test_membership_changed_by_hand_is_left_alone(self, opd):
        user = factories.User()["name"]
        _assign(opd, user, "produsen", opd.org_a)
        make_member(user, opd.org_a, "admin")
        _revoke(opd, user, "produsen", opd.org_a)
        assert capacity(user, opd.org_a) == "admin"

    @pytest.mark.parametrize("action", ["organization_member_delete", "member_delete"])
    def test_removing_the_membership_by_hand_removes_the_roles(self, opd, action):
        user = factories.User()["name"]
        for role in ("produsen", "kepala_opd"):
            _assign(opd, user, role, opd.org_a)
        _assign(opd, user, "produsen", opd.org_b)
        _assign(opd, user, "pembina")
        data = (
            {"id": opd.org_a["id"], "username": user}
            if action == "organization_member_delete"
            else {"id": opd.org_a["id"], "object": user, "object_type": "user"}
        )
        act(action, opd.sysadmin, **data)
        assert capacity(user, opd.org_a) is None
        assert roles.user_roles(user, opd.org_a["id"]) == {"pembina"}
        assert roles.user_roles(user, opd.org_b["id"]) == {"produsen", "pembina"}
        listed = helpers.call_action("satudata_role_list", user=user)
        assert sorted(r["role"] for r in listed) == ["pembina", "produsen"]

    def test_members_page_removal_removes_the_roles(self, app, opd):
        user = factories.User()["name"]
        _assign(opd, user, "kepala_opd", opd.org_a)
        sysadmin = model.User.get(opd.sysadmin)
        token = helpers.call_action(
            "api_token_create", {"user": sysadmin.name, "ignore_auth": True},
            user=sysadmin.name, name="uji")["token"]
        app.post(
            tk.h.url_for("organization.member_delete", id=opd.org_a["name"],
                         user=model.User.get(user).id),
            headers={"Authorization": token},
        )
        assert capacity(user, opd.org_a) is None
        assert roles.user_roles(user, opd.org_a["id"]) == frozenset()

    def test_regency_roles_leave_memberships_alone(self, opd):
        user = factories.User()["name"]
        make_member(user, opd.org_a, "editor")
        _assign(opd, user, "pembina")
        _revoke(opd, user, "pembina")
        assert capacity(user, opd.org_a) == "editor"

    def test_ckan_authorization_agrees(self, opd):
        user = factories.User()["name"]
        context = {"user": user, "model": model}
        with pytest.raises(tk.NotAuthorized):
            helpers.call_auth(
                "package_create", context, owner_org=opd.org_a["id"]
            )
        _assign(opd, user, "produsen", opd.org_a)
        assert helpers.call_auth(
            "package_create", dict(context), owner_org=opd.org_a["id"]
        )
        _revoke(opd, user, "produsen", opd.org_a)
        with pytest.raises(tk.NotAuthorized):
            helpers.call_auth(
                "package_create", dict(context), owner_org=opd.org_a["id"]
            )


class TestRevoke:
    def test_removes_the_row(self, opd):
        user = opd.user("walidata")
        assert _revoke(opd, user, "walidata") is None
        assert _rows() == []
        assert roles.user_roles(user) == frozenset()

    def test_role_not_held_is_not_found(self, opd):
        user = opd.user("produsen", opd.org_a)
        with pytest.raises(tk.ObjectNotFound, match="tidak memegang peran"):
            _revoke(opd, user, "produsen", opd.org_b)
        with pytest.raises(tk.ObjectNotFound, match="tidak memegang peran"):
            _revoke(opd, user, "kepala_opd", opd.org_a)
        assert len(_rows()) == 1

    def test_implicit_role_cannot_be_revoked(self, opd):
        user = factories.User()["name"]
        make_member(user, opd.org_a, "editor")
        with pytest.raises(tk.ValidationError, match="keanggotaan CKAN"):
            _revoke(opd, user, "produsen", opd.org_a)
        with pytest.raises(tk.ValidationError, match="sysadmin"):
            _revoke(opd, opd.sysadmin, "walidata")
        assert capacity(user, opd.org_a) == "editor"

    def test_rows_of_a_deleted_organization_can_still_be_revoked(self, opd):
        user = opd.user("kepala_opd", opd.org_a)
        helpers.call_action(
            "organization_delete", {"user": opd.sysadmin}, id=opd.org_a["id"]
        )
        _revoke(opd, user, "kepala_opd", opd.org_a)
        assert _rows() == []

    def test_invalid_request(self, opd):
        with pytest.raises(tk.ValidationError) as error:
            act("satudata_role_revoke", opd.sysadmin, role="produsen")
        assert set(error.value.error_dict) == {"user", "organization"}


class TestList:
    def test_lists_explicit_assignments_only(self, opd):
        produsen = opd.user("produsen", opd.org_a)
        walidata = opd.user("walidata")
        implicit = factories.User()["name"]
        make_member(implicit, opd.org_a, "admin")
        listed = act("satudata_role_list", opd.sysadmin)
        assert [(i["user_name"], i["role"]) for i in listed] == [
            (walidata, "walidata"),
            (produsen, "produsen"),
        ]
        assert listed[1]["organization_title"] == (
            "Dinas Kependudukan dan Pencatatan Sipil"
        )
        assert listed[0]["organization_id"] is None

    def test_filters(self, opd):
        a = opd.user("produsen", opd.org_a)
        _assign(opd, a, "kepala_opd", opd.org_b)
        b = opd.user("produsen", opd.org_b)
        opd.user("forum")

        def pairs(**filters):
            return {
                (i["user_name"], i["role"], i["organization_name"])
                for i in act("satudata_role_list", opd.sysadmin, **filters)
            }

        assert pairs(organization="dinkes") == {
            (a, "kepala_opd", "dinkes"), (b, "produsen", "dinkes")
        }
        assert pairs(user=a) == {
            (a, "produsen", "dispendukcapil"), (a, "kepala_opd", "dinkes")
        }
        assert pairs(role="produsen", organization=opd.org_a["id"]) == {
            (a, "produsen", "dispendukcapil")
        }

    def test_bad_filters(self, opd):
        with pytest.raises(tk.ObjectNotFound, match="Organisasi tidak ditemukan"):
            act("satudata_role_list", opd.sysadmin, organization="no-such-opd")
        with pytest.raises(tk.ObjectNotFound, match="Pengguna tidak ditemukan"):
            act("satudata_role_list", opd.sysadmin, user="nobody-here")
        with pytest.raises(tk.ValidationError, match="Peran tidak dikenal"):
            act("satudata_role_list", opd.sysadmin, role="bupati")

    def test_opd_roles_see_only_their_organizations(self, opd):
        produsen_a = opd.user("produsen", opd.org_a)
        kepala_a = opd.user("kepala_opd", opd.org_a)
        opd.user("produsen", opd.org_b)
        opd.user("walidata")
        for viewer in (produsen_a, kepala_a):
            listed = act("satudata_role_list", viewer)
            assert {i["organization_name"] for i in listed} == {"dispendukcapil"}
            assert {i["user_name"] for i in listed} == {produsen_a, kepala_a}
            # Filtering by user does not widen the view.
            assert act("satudata_role_list", viewer, role="walidata") == []

    @pytest.mark.parametrize("role", roles.REGENCY_ROLES)
    def test_regency_roles_see_everything(self, opd, role):
        viewer = opd.user(role)
        opd.user("produsen", opd.org_a)
        opd.user("produsen", opd.org_b)
        assert len(act("satudata_role_list", viewer)) == 3

    def test_deleted_users_are_not_listed(self, opd):
        user = opd.user("forum")
        helpers.call_action("user_delete", {"user": opd.sysadmin}, id=user)
        assert act("satudata_role_list", opd.sysadmin) == []


class TestStorage:
    """The table refuses what the actions would refuse."""

    def _insert(self, **values):
        model.Session.add(SatudataRole(**values))
        try:
            model.Session.commit()
        finally:
            model.Session.rollback()

    def test_scope_is_checked_by_the_database(self, opd):
        user = model.User.get(opd.sysadmin).id
        with pytest.raises(IntegrityError, match="satudata_role_scope"):
            self._insert(user_id=user, role="produsen")
        with pytest.raises(IntegrityError, match="satudata_role_scope"):
            self._insert(user_id=user, role="forum", organization_id=opd.org_a["id"])
        with pytest.raises(IntegrityError, match="satudata_role_scope"):
            self._insert(user_id=user, role="bupati")

    def test_regency_rows_are_unique_despite_null_organization(self, opd):
        user = model.User.get(opd.sysadmin).id
        self._insert(user_id=user, role="forum")
        with pytest.raises(IntegrityError, match="satudata_role_regency_unique"):
            self._insert(user_id=user, role="forum")

    def test_purging_the_organization_removes_its_rows(self, opd):
        opd.user("produsen", opd.org_a)
        opd.user("produsen", opd.org_b)
        helpers.call_action(
            "organization_purge", {"user": opd.sysadmin}, id=opd.org_a["id"]
        )
        assert [row.organization_id for row in _rows()] == [opd.org_b["id"]]

"""A user's Satu Data standing is read once per request and never outlives
what it was read from: not a role revoked or a membership changed in the same
request, not the request, not the user."""
from __future__ import annotations

import ckan.model as model
from ckan.tests import factories

from ckanext.satudata import roles
from ckanext.satudata.model.role import SatudataRole
from ckanext.satudata.tests.database import counted_statements

from .conftest import act, make_member


def test_read_once_per_request(app, opd):
    user = opd.user("produsen", opd.org_a)
    with app.flask_app.test_request_context("/"):
        assert roles.user_roles(user, opd.org_a["id"]) == {"produsen"}
        with counted_statements() as statements:
            assert roles.user_roles(user, opd.org_a["name"]) == {"produsen"}
            assert roles.opd_organizations(user) == [opd.org_a["id"]]
            assert roles.organizations_for_role(user, "produsen") == [opd.org_a["id"]]
            assert not roles.holds_regency_role(user)
        assert statements == []


def test_outside_a_request_nothing_is_kept(opd):
    user = opd.user("produsen", opd.org_a)
    assert roles.user_roles(user, opd.org_a["id"]) == {"produsen"}
    with counted_statements() as statements:
        assert roles.user_roles(user, opd.org_a["id"]) == {"produsen"}
    assert statements


def test_a_role_revoked_in_the_request_is_gone(app, opd):
    user = opd.user("kepala_opd", opd.org_a)
    with app.flask_app.test_request_context("/"):
        assert roles.user_roles(user, opd.org_a["id"]) == {"kepala_opd"}
        assert roles.opd_organizations(user) == [opd.org_a["id"]]
        act("satudata_role_revoke", opd.sysadmin, user=user, role="kepala_opd",
            organization=opd.org_a["id"])
        assert roles.user_roles(user, opd.org_a["id"]) == frozenset()
        assert roles.opd_organizations(user) == []
        act("satudata_role_assign", opd.sysadmin, user=user, role="walidata")
        assert roles.holds_regency_role(user)


def test_a_membership_changed_in_the_request_counts(app, opd):
    user = factories.User()["name"]
    with app.flask_app.test_request_context("/"):
        assert roles.user_roles(user, opd.org_b["id"]) == frozenset()
        make_member(user, opd.org_b, "admin")
        assert roles.user_roles(user, opd.org_b["id"]) == {"admin_opd"}


def test_a_flushed_change_counts_and_a_rollback_undoes_it(app, opd):
    user = factories.User()["name"]
    user_id = model.User.get(user).id
    with app.flask_app.test_request_context("/"):
        assert roles.user_roles(user) == frozenset()
        model.Session.add(SatudataRole(user_id=user_id, role="forum"))
        model.Session.flush()
        assert roles.user_roles(user) == {"forum"}
        model.Session.rollback()
        assert roles.user_roles(user) == frozenset()

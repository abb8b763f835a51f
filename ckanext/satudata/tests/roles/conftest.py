from __future__ import annotations

from typing import Any

import ckan.model as model
import pytest
from ckan.tests import factories, helpers

from ckanext.satudata import roles
from ckanext.satudata.tests.database import restored


def act(action: str, actor: str | None, /, **data: Any) -> Any:
    """Call an action as ``actor`` (None: anonymous), with auth checked."""
    return helpers.call_action(
        action, context={"user": actor or "", "ignore_auth": False}, **data
    )


def capacity(user: str, org: dict[str, Any]) -> str | None:
    """The user's active CKAN capacity in the organization."""
    return roles.member_capacity(model.User.get(user).id, org["id"])


def make_member(user: str, org: dict[str, Any], capacity: str) -> None:
    """Make ``user`` a plain CKAN member/editor/admin, without the extension."""
    helpers.call_action(
        "organization_member_create",
        {"ignore_auth": True, "user": Opd.site_user()},
        id=org["id"],
        username=user,
        role=capacity,
    )


class Opd:
    """Two OPDs and a sysadmin; users are made per test."""

    def __init__(self) -> None:
        self.sysadmin = factories.Sysadmin()["name"]
        self.org_a = factories.Organization(
            name="dispendukcapil", title="Dinas Kependudukan dan Pencatatan Sipil"
        )
        self.org_b = factories.Organization(name="dinkes", title="Dinas Kesehatan")

    @staticmethod
    def site_user() -> str:
        return helpers.call_action("get_site_user")["name"]

    def user(self, role: str | None = None, org: dict[str, Any] | None = None) -> str:
        """A new user, given ``role`` (in ``org``) by the sysadmin."""
        name = factories.User()["name"]
        if role:
            data = {"user": name, "role": role}
            if org:
                data["organization"] = org["id"]
            act("satudata_role_assign", self.sysadmin, **data)
        return name


@pytest.fixture
def opd(clean_db) -> Opd:
    return restored("roles.opd", Opd)

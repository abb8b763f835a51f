"""People, templates and linked datasets for the template and check tests."""
from __future__ import annotations

import copy
import io
import json
import os
from typing import Any

from ckan.tests import factories, helpers
from werkzeug.datastructures import FileStorage

from ckanext.satudata.tests.schemas.factories import daftar_data_row, sdi_metadata

DATA = os.path.join(os.path.dirname(__file__), "..", "data", "checks")


def data_path(name: str) -> str:
    return os.path.join(DATA, name)


def data_bytes(name: str) -> bytes:
    with open(data_path(name), "rb") as f:
        return f.read()


def penduduk() -> dict[str, Any]:
    """The population template's content (table_schema, dialect, options)."""
    with open(data_path("penduduk.template.json"), encoding="utf-8") as f:
        return json.load(f)


def act(action: str, as_user: str | None, **data: Any) -> Any:
    """Call an action as ``as_user`` (None: anonymous), with auth checked."""
    return helpers.call_action(
        action, context={"user": as_user or "", "ignore_auth": False}, **data)


def upload(content: bytes, filename: str) -> FileStorage:
    return FileStorage(io.BytesIO(content), filename=filename)


class People:
    """A user for each Satu Data role, in two OPDs."""

    def __init__(self) -> None:
        self.sysadmin = factories.Sysadmin()["name"]
        self.org_a = factories.Organization(title="Dinas Kependudukan dan "
                                                  "Pencatatan Sipil")
        self.org_b = factories.Organization(title="Dinas Kesehatan")
        self.walidata = self._user("walidata")
        self.forum = self._user("forum")
        self.pembina = self._user("pembina")
        self.produsen_a = self._user("produsen", self.org_a)
        self.admin_a = self._user("admin_opd", self.org_a)
        self.kepala_a = self._user("kepala_opd", self.org_a)
        self.produsen_b = self._user("produsen", self.org_b)
        self.plain = factories.User()["name"]

    def _user(self, role: str, org: dict[str, Any] | None = None) -> str:
        user = factories.User()["name"]
        data = {"user": user, "role": role}
        if org:
            data["organization"] = org["id"]
        act("satudata_role_assign", self.sysadmin, **data)
        return user


def make_template(user: str, name: str = "penduduk-kecamatan",
                  **overrides: Any) -> dict[str, Any]:
    content = copy.deepcopy(penduduk())
    content.update(overrides)
    return act("satudata_template_create", user, name=name,
               title="Jumlah Penduduk menurut Kecamatan dan Jenis Kelamin",
               **content)


def linked_dataset(owner_org: str, template_id: str | None,
                   user: str) -> dict[str, Any]:
    """A dataset of ``owner_org`` linked to a new row with that template."""
    row = daftar_data_row(owner_org, template_id=template_id)
    return act("package_create", user, owner_org=owner_org,
               name=f"penduduk-{row.id[:8]}",
               title="Jumlah Penduduk menurut Kecamatan dan Jenis Kelamin",
               **sdi_metadata(row.id))


def add_upload(package_id: str, user: str, content: bytes,
               filename: str, **extra: Any) -> dict[str, Any]:
    """A resource created through the real upload path."""
    return act("resource_create", user, package_id=package_id,
               upload=upload(content, filename), name=filename, **extra)


def token(user: str) -> str:
    """An API token of ``user``, for pages opened with the test client."""
    return helpers.call_action("api_token_create", context={"user": user},
                               user=user, name="uji")["token"]
